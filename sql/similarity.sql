--
-- Similarity, its operators, and the GIN and GiST operator classes:
-- an index scan returns exactly what a sequential scan returns.
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

-- what is compared: the distinct words of the normalized form
SELECT shingles('China is three years behind the US.');
SELECT shingles('Yes.'), shingles('!!!'), shingles('中国很强。');

-- scores
SELECT similarity('China’s AI race.', 'CHINA''S  AI RACE.') AS equal_claims,
       similarity('China is three years behind the US in AI.', 'China is two years behind the US in AI.') AS one_word,
       -- word order does not count (a documented limit)
       similarity('OpenAI beat Google in the benchmark.', 'Google beat OpenAI in the benchmark.') AS order_swapped,
       similarity('China is three years behind the US in AI.', 'Baidu launched a chatbot.') AS unrelated;
-- short claims are not all alike
SELECT similarity('Yes.', 'No.') AS yes_no, similarity('Yes.', 'Yes!') AS yes_yes,
       similarity('!!!', '???') AS punctuation_only, similarity('Word', 'Word') AS one_word_same;
-- Chinese and Japanese: scored by dictionary words
SELECT similarity('中国的人工智能产业正在快速发展。', '中国的人工智能产业正在迅速发展。') AS chinese_one_word,
       similarity('中国的人工智能产业正在快速发展。', '美国的芯片出口受到限制。') AS chinese_unrelated,
       similarity('日本の人工知能の研究が進んでいる。', '日本の人工知能の研究が遅れている。') AS japanese_one_word,
       similarity('日本の人工知能の研究が進んでいる。', '中国の半導体産業は成長している。') AS japanese_unrelated;

-- no two distinct sentences of the sample score 0.5 or more
WITH s AS (SELECT DISTINCT sentence::claim AS c FROM sentences(:'body'))
SELECT count(*) AS pairs, max(similarity(a.c, b.c)) < 0.5 AS all_below_half,
       count(*) FILTER (WHERE similarity(a.c, b.c) >= 0.5) AS pairs_at_or_above_half
  FROM s a JOIN s b ON a.c < b.c;

-- generated sentences of 15-30 words (word frequencies roughly Zipfian)
SELECT setseed(0.5);
CREATE TEMP TABLE words AS
SELECT n, 'w' || n || substr(md5(n::text), 1, 3) AS w FROM generate_series(1, 2000) AS n;
CREATE TEMP TABLE base AS
SELECT i, array_agg(w.w ORDER BY k) AS ws
  FROM generate_series(1, 1000) AS i,
       LATERAL (SELECT k, 1 + floor(2000 * power(random(), 3))::int AS n
                  FROM generate_series(1, 15 + (i % 16)) AS k) AS pick
  JOIN words w ON w.n = pick.n
 GROUP BY i;

-- one word substituted, inserted or deleted: every pair scores 0.75 or more; symmetric
WITH edits AS (
    SELECT i, array_to_string(ws, ' ')::claim AS original,
           array_to_string(ws[1:5] || ARRAY['substituted'] || ws[7:], ' ')::claim AS substituted,
           array_to_string(ws[1:5] || ARRAY['inserted'] || ws[6:], ' ')::claim AS inserted,
           array_to_string(ws[1:5] || ws[7:], ' ')::claim AS deleted
      FROM base
)
SELECT count(*) AS sentences,
       min(least(similarity(original, substituted), similarity(original, inserted),
                 similarity(original, deleted))) >= 0.75 AS all_at_least_075,
       count(*) FILTER (WHERE similarity(original, substituted) <> similarity(substituted, original)
                           OR similarity(original, deleted) <> similarity(deleted, original)) AS asymmetric
  FROM edits;

-- operators and the per-query threshold
SELECT 'China is three years behind the US in AI.'::claim % 'China is two years behind the US in AI.' AS near,
       'China is three years behind the US in AI.'::claim % 'Baidu launched a chatbot.' AS far,
       'China is three years behind the US in AI.'::claim <-> 'China is three years behind the US in AI!' AS distance_same,
       similar('China is three years behind the US in AI.', 'China is two years behind the US in AI.', 0.9) AS at_09,
       similar('China is three years behind the US in AI.', 'China is two years behind the US in AI.', 0.8) AS at_08,
       'China is three years behind the US in AI.'::claim %>= ('China is two years behind the US in AI.', 0.8)::claim_query AS op_08;
SELECT pg_temp.error_of($$SELECT ai_landscape.similar('a', 'b', 1.5)$$);
SELECT pg_temp.error_of($$SELECT ai_landscape.similar('a', 'b', -0.1)$$);
SELECT pg_temp.error_of($$SELECT ai_landscape.similar('a', 'b', 'NaN')$$);
SELECT 'a'::claim %>= (NULL, 0.5)::claim_query IS NULL AS null_query;

-- the corpus: the base sentences and planted variants (one to three words changed, case, quotes)
CREATE TABLE corpus (id serial PRIMARY KEY, c claim NOT NULL);
INSERT INTO corpus (c)
SELECT array_to_string(ws, ' ') || '.' FROM base ORDER BY i;
INSERT INTO corpus (c)
SELECT CASE v % 4
         WHEN 0 THEN upper(array_to_string(ws, ' ')) || '!'
         WHEN 1 THEN array_to_string(ws[1:3] || ARRAY['changed'] || ws[5:], ' ')
         WHEN 2 THEN array_to_string(ws[1:3] || ARRAY['new', 'words'] || ws[5:10] || ws[12:], ' ')
         ELSE '“' || array_to_string(ws[2:], ' ') || '”'
       END
  FROM base, generate_series(0, 3) AS v WHERE i % 3 = 0;
INSERT INTO corpus (c) VALUES ('Yes.'), ('No.'), ('!!!'), ('中国的人工智能产业正在快速发展。'), ('中国的人工智能产业正在迅速发展。');
SELECT count(*) AS corpus_rows FROM corpus;

CREATE TABLE probes AS
SELECT id AS probe_id, c AS q FROM corpus WHERE id % 199 = 0 OR id > 2330;
SELECT count(*) AS probes FROM probes;

-- the same query, with each plan: rows as an array (a sequential scan, or
-- the index alone)
CREATE FUNCTION pg_temp.matching(query text, plan text) RETURNS int[] LANGUAGE plpgsql AS $$
DECLARE
    result int[];
BEGIN
    PERFORM set_config('enable_seqscan', (plan = 'seq')::text, true);
    PERFORM set_config('enable_bitmapscan', (plan <> 'seq')::text, true);
    PERFORM set_config('enable_indexscan', (plan <> 'seq')::text, true);
    EXECUTE 'SELECT array_agg(id ORDER BY id) FROM (' || query || ') AS m' INTO result;
    RETURN coalesce(result, '{}');
END $$;

CREATE FUNCTION pg_temp.compare_plans(label text)
RETURNS TABLE (test text, queries bigint, rows_found bigint, differences bigint) LANGUAGE sql AS $$
    WITH q AS (
        SELECT p.probe_id, t.threshold,
               format('SELECT id FROM corpus WHERE similar(c, %L, %s)', p.q, t.threshold) AS fn_form,
               format('SELECT id FROM corpus WHERE c %%>= (%L, %s)::ai_landscape.claim_query', p.q, t.threshold) AS op_form,
               format('SELECT id FROM corpus WHERE c %% %L', p.q) AS default_form
          FROM probes p, unnest(ARRAY[0.0, 0.3, 0.5, 0.6, 0.7, 0.9, 1.0]) AS t(threshold)
    ), r AS (
        SELECT pg_temp.matching(fn_form, 'seq') AS seq_fn, pg_temp.matching(fn_form, 'index') AS idx_fn,
               pg_temp.matching(op_form, 'index') AS idx_op,
               CASE WHEN threshold = 0.6 THEN pg_temp.matching(default_form, 'seq') END AS seq_def,
               CASE WHEN threshold = 0.6 THEN pg_temp.matching(default_form, 'index') END AS idx_def
          FROM q
    )
    SELECT label, count(*), sum(cardinality(seq_fn)),
           count(*) FILTER (WHERE seq_fn <> idx_fn OR seq_fn <> idx_op OR seq_def <> idx_def)
      FROM r
$$;

-- GIN
CREATE INDEX corpus_gin ON corpus USING gin (c);
ANALYZE corpus;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM corpus WHERE similar(c, 'w1 w2 w3', 0.7);
EXPLAIN (COSTS OFF) SELECT id FROM corpus WHERE c % 'w1 w2 w3';
EXPLAIN (COSTS OFF) SELECT id FROM corpus WHERE c = 'w1 w2 w3';
RESET enable_seqscan;
SELECT * FROM pg_temp.compare_plans('gin');
-- = through GIN finds a row written in other case
SET enable_seqscan = off;
SELECT array_agg(id) AS found_by_uppercase FROM corpus WHERE c = upper((SELECT c::text FROM corpus WHERE id = 3))::claim;
RESET enable_seqscan;
DROP INDEX corpus_gin;

-- GIN with prefix filtering: rows index only their rarest words (at
-- min_threshold 0.5), in the order of a vocabulary counted in the corpus, or
-- in hash order without one.  Exact at every threshold; below 0.5 (0.0 and
-- 0.3 here) the scan reads the whole index and rechecks every row.
SELECT create_vocabulary('similarity_corpus', 'corpus', 'c', 500) AS ranked_words;
CREATE INDEX corpus_gin_prefix ON corpus USING gin (c claim_gin_ops (min_threshold = 0.5, vocabulary = 'similarity_corpus'));
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM corpus WHERE similar(c, 'w1 w2 w3', 0.7);
RESET enable_seqscan;
SELECT * FROM pg_temp.compare_plans('gin prefix 0.5, vocabulary');
SET enable_seqscan = off;
SELECT array_agg(id) AS found_by_uppercase FROM corpus WHERE c = upper((SELECT c::text FROM corpus WHERE id = 3))::claim;
RESET enable_seqscan;
-- the index holds fewer keys than one over every word
CREATE INDEX corpus_gin_all ON corpus USING gin (c);
SELECT pg_relation_size('corpus_gin_prefix') < pg_relation_size('corpus_gin_all') AS prefix_index_smaller;
DROP INDEX corpus_gin_prefix, corpus_gin_all;
CREATE INDEX corpus_gin_hash_order ON corpus USING gin (c claim_gin_ops (min_threshold = 0.6));
SELECT * FROM pg_temp.compare_plans('gin prefix 0.6, hash order');
DROP INDEX corpus_gin_hash_order;
SELECT pg_temp.error_of($$CREATE INDEX ON corpus USING gin (c ai_landscape.claim_gin_ops (min_threshold = 1.5))$$);
SELECT pg_temp.error_of($$CREATE INDEX ON corpus USING gin (c ai_landscape.claim_gin_ops (vocabulary = 'Bad Name'))$$);
SELECT pg_temp.error_of($$CREATE INDEX ON corpus USING gin (c ai_landscape.claim_gin_ops (min_threshold = 0.5, vocabulary = 'never_made'))$$);

-- GiST, default and a small signature
CREATE INDEX corpus_gist ON corpus USING gist (c);
SET enable_seqscan = off; SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM corpus WHERE similar(c, 'w1 w2 w3', 0.7);
EXPLAIN (COSTS OFF) SELECT id FROM corpus ORDER BY c <-> 'w1 w2 w3' LIMIT 10;
RESET enable_seqscan; RESET enable_bitmapscan;
SELECT * FROM pg_temp.compare_plans('gist');

-- KNN: the index's top 10 has the same distances as a sort over all rows
CREATE FUNCTION pg_temp.top10(query claim, plan text) RETURNS real[] LANGUAGE plpgsql AS $$
DECLARE
    result real[];
BEGIN
    PERFORM set_config('enable_seqscan', (plan = 'seq')::text, true);
    PERFORM set_config('enable_indexscan', (plan <> 'seq')::text, true);
    SELECT array_agg(d ORDER BY d) INTO result
      FROM (SELECT c <-> query AS d FROM corpus ORDER BY c <-> query LIMIT 10) AS t;
    RETURN result;
END $$;
SELECT count(*) AS knn_queries,
       count(*) FILTER (WHERE pg_temp.top10(q, 'seq') <> pg_temp.top10(q, 'index')) AS differences,
       count(*) FILTER (WHERE (pg_temp.top10(q, 'index'))[1] = 0) AS found_itself
  FROM probes;
-- long queries: a leaf's overlap comes from a table of the query's words
-- when they fit one without collisions (short queries), else from a merge
SELECT rows_joined, cardinality(shingles(q)) AS query_words,
       pg_temp.top10(q, 'seq') = pg_temp.top10(q, 'index') AS same_distances
  FROM (SELECT n AS rows_joined, (SELECT string_agg(c::text, ' ' ORDER BY id) FROM corpus WHERE id <= n)::claim AS q
          FROM unnest(ARRAY[5, 20, 40]) AS n) AS long_probes
 ORDER BY 1;
DROP INDEX corpus_gist;
CREATE INDEX corpus_gist_small ON corpus USING gist (c claim_gist_ops (siglen = 16));
SELECT * FROM pg_temp.compare_plans('gist siglen=16');
SELECT count(*) AS knn_queries,
       count(*) FILTER (WHERE pg_temp.top10(q, 'seq') <> pg_temp.top10(q, 'index')) AS differences
  FROM probes;
SELECT pg_temp.error_of($$CREATE INDEX ON corpus USING gist (c ai_landscape.claim_gist_ops (siglen = 0))$$);

-- every operator class passes amvalidate
SELECT opc.opcname, am.amname, amvalidate(opc.oid)
  FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
 WHERE opc.opcnamespace = 'ai_landscape'::regnamespace ORDER BY 1, 2;

DROP TABLE corpus, probes;
