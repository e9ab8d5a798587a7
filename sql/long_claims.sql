--
-- Long claims: every bound is exact at every length (the GIN index, the
-- loader's links and recluster() agree with the float test the recheck
-- applies), and nothing is clamped to 16 bits.
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;
DELETE FROM articles;

-- a query of 4,116 distinct words and a row made of 1,764 of them: Dice
-- 2 * 1764 / (4116 + 1764) = 0.6 exactly (in float4 arithmetic too)
CREATE TEMP TABLE long_row (id int, c claim);
INSERT INTO long_row
SELECT 1, string_agg('w' || i, ' ' ORDER BY i) FROM generate_series(1, 1764) AS i;
INSERT INTO long_row
SELECT 2, string_agg('x' || i, ' ' ORDER BY i) FROM generate_series(1, 3000) AS i;
CREATE INDEX ON long_row USING gin (c);
\set query '(SELECT string_agg(''w'' || i, '' '' ORDER BY i) FROM generate_series(1, 4116) AS i)::claim'
SELECT id, similarity(c, :query) AS similarity, similarity(c, :query) >= 0.6 AS reaches FROM long_row ORDER BY id;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM long_row WHERE c % :query;
SELECT id AS gin_percent FROM long_row WHERE c % :query;
SELECT id AS gin_similar FROM long_row WHERE similar(c, :query, 0.6);
RESET enable_seqscan;
SET enable_bitmapscan = off;
SELECT id AS seq_percent FROM long_row WHERE c % :query;
RESET enable_bitmapscan;
-- the same with prefix filtering: the row leaves 10 of its words out of the
-- index, the query still finds it
DROP INDEX long_row_c_idx;
CREATE INDEX long_row_prefix ON long_row USING gin (c claim_gin_ops (min_threshold = 0.5));
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM long_row WHERE c % :query;
SELECT id AS prefix_gin_percent FROM long_row WHERE c % :query;
SELECT id AS prefix_gin_similar_06 FROM long_row WHERE similar(c, :query, 0.6);
SELECT id AS prefix_gin_similar_05 FROM long_row WHERE similar(c, :query, 0.5);
SELECT id AS prefix_gin_similar_061 FROM long_row WHERE similar(c, :query, 0.61);
RESET enable_seqscan;

-- the loader links them, and recluster() keeps the link
SELECT load_article(string_agg('w' || i, ' ' ORDER BY i)) > 0 AS loaded FROM generate_series(1, 1764) AS i;
SELECT load_article(string_agg('w' || i, ' ' ORDER BY i)) > 0 AS loaded FROM generate_series(1, 4116) AS i;
SELECT count(*) AS claims, count(duplicate_of) AS linked FROM claims;
SELECT claims_changed, duplicates FROM recluster();

-- two 40,000-word claims one word apart (similarity 0.99998) are one cluster at 0.95
DELETE FROM articles;
SELECT load_article(string_agg('v' || i, ' ' ORDER BY i)) > 0 AS loaded FROM generate_series(1, 40000) AS i;
SELECT load_article(string_agg(CASE WHEN i = 20000 THEN 'changed' ELSE 'v' || i END, ' ' ORDER BY i)) > 0 AS loaded
  FROM generate_series(1, 40000) AS i;
SELECT round(similarity(a.sentence, b.sentence)::numeric, 5) AS similarity
  FROM claims a, claims b WHERE a.id < b.id;
SELECT count(DISTINCT cluster_id) AS clusters_at_095 FROM cluster_claims(0.95);
SELECT claims, clusters, duplicates FROM recluster(0.95);
SELECT * FROM recluster();
