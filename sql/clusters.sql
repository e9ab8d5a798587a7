--
-- Near-duplicates at load time, clusters, recluster(), near-duplicate articles.
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;
\getenv abs_srcdir PG_ABS_SRCDIR
\set body `cat :abs_srcdir/data/china_ai_race.txt`
DELETE FROM articles;

CREATE FUNCTION pg_temp.error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- the setting exists once the library is loaded (any function of the
-- extension loads it; session_preload_libraries can load it at connect)
SELECT duplicate_threshold();
SHOW ai_landscape.duplicate_threshold;

-- three articles whose first sentences form a chain: A ~ B (0.82), B ~ C (0.71),
-- but A and C are not similar at the default threshold 0.6 (0.52)
CREATE TEMP TABLE chain (title text, body text, published date);
INSERT INTO chain VALUES
  ('A', 'Local firms are likely to thrive in the AI industry due to the absence of US tech giants, just as they did in the mobile era. Article one has a sentence of its own.', '2023-01-01'),
  ('B', 'Local firms are expected to prosper in the AI sector because of the absence of US tech giants, just as they did in the mobile era. Article two says something else entirely.', '2023-02-01'),
  ('C', 'Domestic companies are expected to prosper in the AI sector because of the absence of American tech giants, as happened in the smartphone era. A third article adds a remark.', '2023-03-01');
SELECT a.title AS a, b.title AS b,
       round(similarity(split_part(a.body, '. ', 1)::claim, split_part(b.body, '. ', 1)::claim)::numeric, 2) AS first_sentences
  FROM chain a JOIN chain b ON a.title < b.title ORDER BY 1, 2;

-- the partition: each cluster as its members, "title:ordinal"
CREATE FUNCTION pg_temp.partition() RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(members, ' | ' ORDER BY members)
      FROM (SELECT string_agg(a.title || ':' || c.ordinal, ',' ORDER BY a.title, c.ordinal) AS members
              FROM ai_landscape.claims c JOIN ai_landscape.articles a ON a.id = c.article_id
             GROUP BY c.cluster_id) AS clusters
$$;
CREATE FUNCTION pg_temp.load_in_order(titles text[]) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ai_landscape.articles;
    PERFORM ai_landscape.load_article(c.body, title => c.title, published => c.published)
       FROM unnest(titles) WITH ORDINALITY AS o(title, n) JOIN chain c USING (title)
      ORDER BY o.n;
    RETURN pg_temp.partition();
END $$;

-- every load order gives the same partition: the chain is one cluster
SELECT order_, pg_temp.load_in_order(order_) AS clusters
  FROM (VALUES (ARRAY['A', 'B', 'C']), (ARRAY['C', 'A', 'B']), (ARRAY['B', 'C', 'A']), (ARRAY['A', 'C', 'B'])) AS o(order_);
-- and recluster() in bulk agrees with what the loader built (nothing to change)
SELECT * FROM recluster();
SELECT pg_temp.partition() AS after_recluster;

-- with the last order (A, C, B): B's first claim points at the earliest similar claim (A's),
-- C's first claim had no similar claim when it was loaded
SELECT a.title, c.ordinal, d_a.title AS duplicate_of_article, d.ordinal AS duplicate_of_ordinal
  FROM claims c JOIN articles a ON a.id = c.article_id
  LEFT JOIN claims d ON d.id = c.duplicate_of LEFT JOIN articles d_a ON d_a.id = d.article_id
 ORDER BY c.id;
SELECT representative_id = cluster_id AS earliest_represents, members, articles,
       first_published, last_published, left(representative::text, 40) AS representative
  FROM claim_clusters ORDER BY members DESC, cluster_id;

-- a higher threshold splits the chain; the default joins it again
SELECT * FROM recluster(0.75);
SELECT pg_temp.partition() AS at_075;
SELECT * FROM recluster(0.99);
SELECT pg_temp.partition() AS at_099;
SELECT * FROM recluster();
SELECT pg_temp.partition() AS at_default;

-- the threshold the loader uses is a setting
SET ai_landscape.duplicate_threshold = 0.75;
SELECT pg_temp.load_in_order(ARRAY['A', 'B', 'C']) AS loaded_at_075;
RESET ai_landscape.duplicate_threshold;

-- deleting the article whose claim named a cluster keeps the cluster's other
-- members together and counted; recluster() then renames it
SELECT pg_temp.load_in_order(ARRAY['A', 'B', 'C']) AS reloaded;
DELETE FROM articles WHERE title = 'A';
SELECT count(*) AS clusters, sum(members) AS claims,
       count(*) FILTER (WHERE representative_id <> cluster_id) AS named_by_a_deleted_claim
  FROM claim_clusters;
SELECT * FROM recluster();
SELECT count(*) AS clusters, sum(members) AS claims,
       count(*) FILTER (WHERE representative_id <> cluster_id) AS named_by_a_deleted_claim
  FROM claim_clusters;
SELECT pg_temp.partition() AS after_delete;

-- bad thresholds
SELECT pg_temp.error_of($$SELECT * FROM ai_landscape.recluster(0)$$);
SELECT pg_temp.error_of($$SELECT * FROM ai_landscape.recluster(1.5)$$);
SELECT pg_temp.error_of($$SET ai_landscape.duplicate_threshold = 0$$);
SELECT pg_temp.error_of($$SET ai_landscape.no_such_setting = 1$$);

-- near-duplicate articles: in a syndicated copy of the sample with two sentences
-- reworded, every claim has a near-duplicate in the sample (80% are needed)
DELETE FROM articles;
SELECT load_article(:'body', title => 'sample', published => '2023-05-01') AS sample_id \gset
SELECT load_article(replace(replace(:'body', 'three years behind', 'about three years behind'),
                            'Others argue', 'Other experts argue'), title => 'syndicated') AS copy_id \gset
SELECT load_article('Baidu released a new model. It was well received.', title => 'unrelated') AS other_id \gset
SELECT title, near_duplicate_of = :sample_id AS repeats_sample, near_duplicate_of IS NULL AS original
  FROM articles ORDER BY id;
SELECT article_id = :copy_id AS is_copy, near_duplicate_of = :sample_id AS of_sample, shared_claims, claims
  FROM article_near_duplicates;
-- the sample's 23 statements: the copy adds no new cluster, the other article two
SELECT count(*) AS clusters, sum(members) AS claims FROM claim_clusters;
SELECT count(*) FILTER (WHERE c.article_id = :copy_id AND c.duplicate_of IS NOT NULL) AS copy_claims_with_duplicate,
       count(*) FILTER (WHERE c.article_id = :copy_id) AS copy_claims
  FROM claims c;
SELECT * FROM recluster();
