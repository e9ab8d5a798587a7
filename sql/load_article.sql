--
-- Loading articles: load_article(), the articles trigger (INSERT and COPY),
-- duplicates, idempotence and errors.  The sample article is read by psql.
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;
\getenv abs_srcdir PG_ABS_SRCDIR
\set body `cat :abs_srcdir/data/china_ai_race.txt`

CREATE FUNCTION pg_temp.error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- the sample: 43 line breaks, no final newline, 6528 characters
SELECT length(:'body') AS chars, length(:'body') - length(replace(:'body', E'\n', '')) AS line_breaks;

SELECT load_article(body => :'body', title => 'China AI race', source => 'newswire',
                    published => '2023-05-01') AS sample_id \gset
SELECT :sample_id > 0 AS loaded;

-- 44 claims in file order, 23 distinct, 21 pointing at their first copy
SELECT count(*) AS claims, count(DISTINCT sentence) AS distinct_claims,
       count(duplicate_of) AS duplicates
  FROM claims WHERE article_id = :sample_id;
-- file order: claim n is line n of the file, and its offsets give it back
SELECT count(*) AS in_file_order
  FROM claims c
  JOIN regexp_split_to_table(:'body', E'\n') WITH ORDINALITY AS line(text, n) ON line.n = c.ordinal
 WHERE c.article_id = :sample_id AND c.sentence::text = line.text
   AND substr(:'body', c.start_offset + 1, c.end_offset - c.start_offset) = line.text;
-- every duplicate points at the first copy: equal, earlier, itself not a duplicate
SELECT c.ordinal, o.ordinal AS first_copy_ordinal,
       c.sentence = o.sentence AS equal, o.id < c.id AS earlier, o.duplicate_of IS NULL AS first
  FROM claims c JOIN claims o ON o.id = c.duplicate_of
 WHERE c.article_id = :sample_id ORDER BY c.ordinal;
-- lines 1 and 2 appear once; line 3 comes back as line 24
SELECT ordinal, duplicate_of, left(sentence::text, 40) AS starts
  FROM claims WHERE article_id = :sample_id AND ordinal IN (1, 2, 3, 24) ORDER BY ordinal;
-- the "Ant Group Co." sentence is one claim
SELECT ordinal, length(sentence) AS chars, right(sentence::text, 60) AS ends
  FROM claims WHERE article_id = :sample_id AND sentence::text LIKE '%Ant Group Co.%' ORDER BY ordinal;

-- loading the same article again returns the same id and adds nothing,
-- also when only its white space differs
SELECT load_article(:'body') = :sample_id AS same_id;
SELECT load_article(E'\n  ' || replace(:'body', ' ', E' \t ') || E'\n\n', title => 'rewrapped') = :sample_id AS same_id;
SELECT count(*) AS articles FROM articles;
SELECT count(*) AS claims FROM claims;

-- another article repeating a sample sentence with other typography:
-- its claim points at the sample's first copy
SELECT load_article(E'CHINA IS THREE YEARS BEHIND THE US IN AI BUT MAY NOT NEED THREE YEARS TO CATCH UP.\n'
                    'A brand-new claim about Baidu’s “Ernie” model.', title => 'rewrite') AS rewrite_id \gset
SELECT c.ordinal, c.duplicate_of = (SELECT min(id) FROM claims WHERE article_id = :sample_id
                                     AND sentence::text LIKE 'China is three years behind%') AS points_at_sample,
       c.duplicate_of IS NULL AS is_first
  FROM claims c WHERE c.article_id = :rewrite_id ORDER BY c.ordinal;

-- INSERT into articles loads claims too (the trigger), and sets the hash and loaded_at
INSERT INTO articles (title, body) VALUES ('inserted', 'Inserted first sentence. Inserted second sentence.');
SELECT a.title, a.content_hash = content_hash(a.body) AS hash_set, a.loaded_at IS NOT NULL AS loaded,
       count(c.id) AS claims
  FROM articles a JOIN claims c ON c.article_id = a.id
 WHERE a.title = 'inserted' GROUP BY a.id;
-- COPY into articles loads claims; a row whose body is already loaded is skipped
COPY articles (title, source, body) FROM STDIN WITH (FORMAT csv);
copied one,wire,"Copied article one. It has two sentences."
copied two,wire,"Copied article two has one sentence"
copied again,wire,"Copied   article one.   It has two sentences."
\.
SELECT a.title, count(c.id) AS claims, string_agg(c.sentence::text, ' | ' ORDER BY c.ordinal) AS sentences
  FROM articles a JOIN claims c ON c.article_id = a.id
 WHERE a.title LIKE 'copied%' GROUP BY a.id, a.title ORDER BY a.title;

-- errors: a clear message and SQLSTATE; nothing half-loaded
SELECT pg_temp.error_of($$SELECT ai_landscape.load_article(NULL)$$);
SELECT pg_temp.error_of($$SELECT ai_landscape.load_article('')$$);
SELECT pg_temp.error_of($$SELECT ai_landscape.load_article(E' \n\t ')$$);
SELECT pg_temp.error_of($$INSERT INTO ai_landscape.articles (body) VALUES (NULL)$$);
SELECT pg_temp.error_of($$INSERT INTO ai_landscape.articles (body) VALUES ('A good article.'), ('  ')$$);
SELECT pg_temp.error_of($$UPDATE ai_landscape.articles SET body = 'changed' WHERE title = 'inserted'$$);
SELECT count(*) AS articles, (SELECT count(*) FROM claims) AS claims FROM articles;
SELECT count(*) AS half_loaded FROM articles WHERE body = 'A good article.';
-- metadata can change; the body cannot
UPDATE articles SET source = 'edited' WHERE title = 'inserted';
SELECT source FROM articles WHERE title = 'inserted';

-- a very long sentence is one claim like any other (no index entry holds its text)
SELECT load_article(repeat('A long clause about chips, ', 400) || 'and the end.', title => 'long') AS long_id \gset
SELECT count(*) AS claims, max(length(sentence)) AS chars FROM claims WHERE article_id = :long_id;

-- deleting an article deletes its claims
DELETE FROM articles WHERE title = 'copied two';
SELECT count(*) AS orphans FROM claims c WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = c.article_id);

-- the loader's indexes serve its lookups
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM articles WHERE content_hash = '\x00';
EXPLAIN (COSTS OFF) SELECT count(*) FROM claims WHERE sentence = 'China is three years behind the US in AI.';
-- the loader's probe for near-duplicates of a new claim
EXPLAIN (COSTS OFF)
SELECT min(e.id), array_agg(DISTINCT e.cluster_id) FROM claims AS e
 WHERE e.sentence %>= ROW('China is three years behind the US in AI.'::claim, 0.6)::claim_query;
RESET enable_seqscan;
