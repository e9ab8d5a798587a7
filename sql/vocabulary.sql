--
-- Vocabularies: the word orders of prefix-filtered GIN indexes.  An index
-- depends on its vocabulary's words for its whole life, so they never change.
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;

-- a regular function, not pg_temp: the test reconnects to get fresh backends
CREATE FUNCTION public.vocabulary_error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- shingle_hashes: the sorted hashes of shingles()
SELECT cardinality(shingle_hashes('The cat saw the dog.')) AS hashes,
       cardinality(shingles('The cat saw the dog.')) AS shingles,
       ARRAY(SELECT unnest(shingle_hashes('The cat saw the dog.')) ORDER BY 1)
         = ARRAY(SELECT unnest(shingle_hashes('the dog saw THE CAT')) ORDER BY 1) AS same_words_same_hashes,
       shingle_hashes('The cat saw the dog.') = shingle_hashes('The cat saw a dog.') AS other_words_other_hashes;

CREATE TABLE texts (id int PRIMARY KEY, c claim, t text);
INSERT INTO texts
SELECT i, format('the %s of the %s and the %s', 'w' || (i % 7), 'x' || (i % 50), 'y' || i),
          'not a claim'
  FROM generate_series(1, 300) AS i;

-- ranks: "the", "of" and "and" are in every row (300 rows each; a row counts
-- a word once), ahead of the w words (42 or 43 rows each); ties by hash
SELECT create_vocabulary('texts_words', 'texts', 'c', 5) AS ranked;
SELECT v.name, v.words, v.source, v.dropped_at IS NULL AS live FROM vocabularies v WHERE v.name = 'texts_words';
SELECT array_agg(w.rank ORDER BY w.rank) AS ranks_of_the_of_and
  FROM vocabulary_words w WHERE w.vocabulary = 'texts_words'
   AND w.word_hash = ANY (shingle_hashes('the of and'));
-- a sample of half the pages counts fewer distinct words than the table has
SELECT create_vocabulary('texts_sample', 'texts', 'c', 1000, 50)
       < (SELECT count(DISTINCT h) FROM texts, unnest(shingle_hashes(c)) AS h) AS sample_ranks_fewer;

-- bad arguments
SELECT public.vocabulary_error_of($$SELECT ai_landscape.create_vocabulary('texts_words', 'texts', 'c')$$);
SELECT public.vocabulary_error_of($$SELECT ai_landscape.create_vocabulary('Has Spaces', 'texts', 'c')$$);
SELECT public.vocabulary_error_of($$SELECT ai_landscape.create_vocabulary('texts_t', 'texts', 't')$$);
SELECT public.vocabulary_error_of($$SELECT ai_landscape.create_vocabulary('texts_none', 'texts', 'nope')$$);
SELECT public.vocabulary_error_of($$SELECT ai_landscape.create_vocabulary('texts_zero', 'texts', 'c', 0)$$);
SELECT public.vocabulary_error_of($$SELECT ai_landscape.create_vocabulary('texts_pct', 'texts', 'c', 10, 0)$$);
CREATE TABLE empty_texts (c claim);
SELECT public.vocabulary_error_of($$SELECT ai_landscape.create_vocabulary('empty_words', 'empty_texts', 'c')$$);

-- never changed: not updated, deleted, truncated or added to
SELECT public.vocabulary_error_of($$UPDATE ai_landscape.vocabulary_words SET rank = rank + 1 WHERE vocabulary = 'texts_words'$$);
SELECT public.vocabulary_error_of($$DELETE FROM ai_landscape.vocabulary_words WHERE vocabulary = 'texts_words'$$);
SELECT public.vocabulary_error_of($$INSERT INTO ai_landscape.vocabulary_words VALUES ('texts_words', 12345, 99)$$);
SELECT public.vocabulary_error_of($$TRUNCATE ai_landscape.vocabulary_words$$);
SELECT public.vocabulary_error_of($$UPDATE ai_landscape.vocabularies SET words = 1 WHERE name = 'texts_words'$$);
SELECT public.vocabulary_error_of($$DELETE FROM ai_landscape.vocabularies WHERE name = 'texts_words'$$);
SELECT public.vocabulary_error_of($$TRUNCATE ai_landscape.vocabularies CASCADE$$);
SELECT count(*) AS words_kept FROM vocabulary_words WHERE vocabulary = 'texts_words';
-- a rank twice is refused too (the order must be total)
SELECT public.vocabulary_error_of($$INSERT INTO ai_landscape.vocabularies (name, words, source) VALUES ('twice', 2, 'x');
                          INSERT INTO ai_landscape.vocabulary_words VALUES ('twice', 1, 1), ('twice', 2, 1)$$);

-- what an index holds for a claim: with "the" ranked first (most frequent),
-- "cat" second and "sat" third, a row "the cat sat" indexed for 0.9 keeps
-- only its rarest word, "sat"; without the vocabulary, the smallest hash
CREATE TABLE pets (c claim);
INSERT INTO pets SELECT 'the' FROM generate_series(1, 3);
INSERT INTO pets SELECT 'cat' FROM generate_series(1, 2);
INSERT INTO pets VALUES ('sat');
SELECT create_vocabulary('pets_words', 'pets', 'c') AS ranked;
SELECT indexed_words('the cat sat', 0.9, 'pets_words') = shingle_hashes('sat') AS keeps_sat,
       cardinality(indexed_words('the cat sat', 0.5, 'pets_words')) AS kept_at_05,
       indexed_words('the cat sat', 0.9) = ARRAY[(SELECT min(h::bigint & 4294967295)
                                                   FROM unnest(shingle_hashes('the cat sat')) AS h)::bit(32)::integer]
           AS hash_order_keeps_smallest,
       indexed_words('the cat sat', 0) = shingle_hashes('the cat sat') AS min_threshold_0_keeps_all,
       cardinality(indexed_words(('w ' || (SELECT string_agg('w' || i, ' ') FROM generate_series(1, 60) i))::claim, 0.5))
           AS kept_of_61_words_at_05;
DROP TABLE pets;

-- an index uses it: the index equals a sequential scan (also in parallel
-- workers, whose cache starts empty); the vocabulary cannot be dropped
CREATE INDEX texts_prefix ON texts USING gin (c claim_gin_ops (min_threshold = 0.5, vocabulary = 'texts_words'));
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM texts WHERE similar(c, 'the w1 of the x1 and the y1', 0.6);
SELECT count(*) AS index_rows, sum(id) AS id_sum FROM texts WHERE similar(c, 'the w1 of the x1 and the y1', 0.6);
RESET enable_seqscan;
SET enable_bitmapscan = off;
SELECT count(*) AS seq_rows, sum(id) AS id_sum FROM texts WHERE similar(c, 'the w1 of the x1 and the y1', 0.6);
-- expected: the rows of w1 (43) and of x1 (6), row 1 in both
SELECT count(*) AS expected_rows, sum(i) AS id_sum FROM generate_series(1, 300) AS i WHERE i % 7 = 1 OR i % 50 = 1;
RESET enable_bitmapscan;
\c
SET search_path = public, ai_landscape;
SET force_parallel_mode = on; SET enable_seqscan = off;
SELECT count(*) AS parallel_index_rows, sum(id) AS id_sum FROM texts WHERE similar(c, 'the w1 of the x1 and the y1', 0.6);
RESET force_parallel_mode; RESET enable_seqscan;
SELECT public.vocabulary_error_of($$SELECT ai_landscape.drop_vocabulary('texts_words')$$);
-- rows inserted later are indexed with the same order
INSERT INTO texts VALUES (1001, 'the w1 of the x1 and the y1', '');
SET enable_seqscan = off;
SELECT array_agg(id ORDER BY id) AS index_rows_after_insert FROM texts WHERE c = 'The w1 of the x1 and the y1';
RESET enable_seqscan;
DROP INDEX texts_prefix;

-- dropped: its words go, its name stays taken
SELECT drop_vocabulary('texts_words');
SELECT count(*) AS words_left FROM vocabulary_words WHERE vocabulary = 'texts_words';
SELECT dropped_at IS NOT NULL AS dropped FROM vocabularies WHERE name = 'texts_words';
SELECT public.vocabulary_error_of($$SELECT ai_landscape.drop_vocabulary('texts_words')$$);
SELECT public.vocabulary_error_of($$SELECT ai_landscape.create_vocabulary('texts_words', 'texts', 'c')$$);
SELECT public.vocabulary_error_of($$CREATE INDEX ON texts USING gin (c ai_landscape.claim_gin_ops (min_threshold = 0.5, vocabulary = 'texts_words'))$$);
SELECT drop_vocabulary('texts_sample');

-- a vocabulary made and rolled back is forgotten (the backend's cache too)
BEGIN;
SELECT create_vocabulary('texts_rolled_back', 'texts', 'c', 3);
CREATE INDEX texts_rb ON texts USING gin (c claim_gin_ops (min_threshold = 0.5, vocabulary = 'texts_rolled_back'));
ROLLBACK;
SELECT public.vocabulary_error_of($$CREATE INDEX ON texts USING gin (c ai_landscape.claim_gin_ops (min_threshold = 0.5, vocabulary = 'texts_rolled_back'))$$);
-- the same within a transaction: a vocabulary made in a rolled-back
-- savepoint and made again with other words; a new session's index scan
-- still equals a sequential scan
CREATE TABLE abc (c claim);
INSERT INTO abc VALUES ('alpha beta gamma');
CREATE TABLE abc_src1 (c claim);
INSERT INTO abc_src1 VALUES ('alpha'), ('alpha'), ('beta');
CREATE TABLE abc_src2 (c claim);
INSERT INTO abc_src2 VALUES ('gamma');
BEGIN;
SAVEPOINT s;
SELECT create_vocabulary('abc_words', 'abc_src1', 'c', 2);
CREATE INDEX abc_i1 ON abc USING gin (c claim_gin_ops (min_threshold = 0.9, vocabulary = 'abc_words'));
ROLLBACK TO s;
SELECT create_vocabulary('abc_words', 'abc_src2', 'c', 1);
CREATE INDEX abc_i2 ON abc USING gin (c claim_gin_ops (min_threshold = 0.9, vocabulary = 'abc_words'));
COMMIT;
\c
SET search_path = public, ai_landscape;
SET enable_seqscan = off;
SELECT (SELECT count(*) FROM abc WHERE similar(c, 'alpha beta gamma', 0.9)) AS index_similar,
       (SELECT count(*) FROM abc WHERE c = 'alpha beta gamma') AS index_equal;
RESET enable_seqscan;
SET enable_bitmapscan = off;
SELECT (SELECT count(*) FROM abc WHERE similar(c, 'alpha beta gamma', 0.9)) AS seq_similar;
RESET enable_bitmapscan;
DROP TABLE abc, abc_src1, abc_src2;
SELECT drop_vocabulary('abc_words');

DROP TABLE texts, empty_texts;

-- the loaders' index, tuned: a vocabulary of the stored claims, prefix filtering
DELETE FROM articles;
SELECT load_article('OpenAI raised $6.6 billion in October. China is three years behind the US in AI. '
                    'Baidu launched a chatbot for its search users.') > 0 AS loaded;
SELECT tune_claims_index(100) ~ '^claims_[0-9_]+$' AS tuned;
SELECT regexp_replace(indexdef, 'claims_[0-9_]+', 'claims_<time>') AS claims_index
  FROM pg_indexes WHERE schemaname = 'ai_landscape' AND tablename = 'claims' AND indexname LIKE 'claims_sentence%';
-- loads still link through it, and queries use it
SELECT load_article('China is three years behind the US in AI, analysts said. OpenAI raised $6.6 billion in October.') > 0 AS loaded;
SELECT c.ordinal, c.sentence::text, d.sentence::text AS repeats
  FROM claims c LEFT JOIN claims d ON d.id = c.duplicate_of
 WHERE c.article_id = (SELECT max(article_id) FROM claims) ORDER BY c.ordinal;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM claims WHERE similar(sentence, 'China is two years behind the US in AI.', 0.6);
SELECT count(*) AS found_at_06 FROM claims WHERE similar(sentence, 'China is two years behind the US in AI.', 0.6);
RESET enable_seqscan;
SELECT count(*) AS seq_found_at_06 FROM claims WHERE similar(sentence, 'China is two years behind the US in AI.', 0.6);
SELECT public.vocabulary_error_of(format('SELECT ai_landscape.drop_vocabulary(%L)',
                               (SELECT name FROM vocabularies WHERE name LIKE 'claims_%')))
       ~ '^2BP01: index ai_landscape.claims_sentence_gin uses vocabulary' AS vocabulary_kept;
SELECT has_function_privilege('public', 'ai_landscape.tune_claims_index(integer, real)', 'EXECUTE')
           AS public_may_tune,
       has_function_privilege('public', 'ai_landscape.vocabularies_changed()', 'EXECUTE')
           AS public_may_flush_caches;
SELECT public.vocabulary_error_of($$SELECT ai_landscape.tune_claims_index(100, 0)$$);
SELECT public.vocabulary_error_of($$SELECT ai_landscape.tune_claims_index(100, 0.7)$$);
DELETE FROM articles;
-- the later tests use the index as CREATE EXTENSION makes it
DROP INDEX claims_sentence_gin;
CREATE INDEX claims_sentence_gin ON claims USING gin (sentence) WITH (gin_pending_list_limit = 256);
DROP FUNCTION public.vocabulary_error_of(text);
