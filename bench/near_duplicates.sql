-- bench/near_duplicates.sql - near-duplicate search: ai_landscape vs pg_trgm.
-- Run by bench/near_duplicates (which starts a throwaway cluster); variables:
--   :n  claims to generate   :probes  probes   :trgm_probes  probes for pg_trgm's slow paths
\set ON_ERROR_STOP 1
\pset footer off
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;   -- deterministic generation, one core per query on both sides
SET maintenance_work_mem = '1GB';
SET work_mem = '64MB';
CREATE EXTENSION IF NOT EXISTS ai_landscape;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SET search_path = public, ai_landscape;

-- 1. a deterministic corpus: words drawn with P(rank r) ~ 1/r (Zipf's law, s = 1)
--    from a 50,000-word vocabulary; sentences of 15-30 words; 1% of them get
--    1-4 planted near-duplicates.
SELECT setseed(0.42);
DROP TABLE IF EXISTS bench_claims, bench_base;
CREATE FUNCTION pg_temp.word(r int) RETURNS text IMMUTABLE LANGUAGE sql AS
$$ SELECT translate(substr(md5(r::text), 1, 3 + r % 6), '0123456789', 'ghijklmnop') $$;
CREATE FUNCTION pg_temp.sentence(ws text[]) RETURNS text IMMUTABLE LANGUAGE sql AS
$$ SELECT initcap(ws[1]) || ' ' || array_to_string(ws[2:], ' ') || '.' $$;
\timing on
CREATE TABLE bench_base AS
SELECT i, ARRAY(SELECT pg_temp.word(floor(exp(random() * ln(50000)))::int)
                  FROM generate_series(1, 15 + (hashint4(i) & 15))) AS ws
  FROM generate_series(1, round(:n / 1.025)::int) AS i;
\timing off
CREATE TABLE bench_claims (id serial PRIMARY KEY, grp int, c claim NOT NULL, t text NOT NULL);
INSERT INTO bench_claims (grp, c, t)
SELECT CASE WHEN i % 100 = 0 THEN i END, s, s FROM (SELECT i, pg_temp.sentence(ws) AS s FROM bench_base) b;
-- planted variants: one word substituted; case and quotes; two deleted and one
-- inserted; three substituted (positions vary with the group)
INSERT INTO bench_claims (grp, c, t)
SELECT i, s, s FROM (
    SELECT i, CASE v
        WHEN 1 THEN pg_temp.sentence(ws[1:p] || ARRAY[pg_temp.word(60000 + i)] || ws[p + 2:])
        WHEN 2 THEN '“' || upper(pg_temp.sentence(ws)) || '”'
        WHEN 3 THEN pg_temp.sentence(ws[1:p - 1] || ARRAY[pg_temp.word(70000 + i)] || ws[p + 1:p + 4] || ws[p + 6:])
        ELSE pg_temp.sentence(ws[1:p] || ARRAY[pg_temp.word(80000 + i)] || ws[p + 2:p + 5]
                              || ARRAY[pg_temp.word(90000 + i)] || ws[p + 7:p + 9]
                              || ARRAY[pg_temp.word(95000 + i)] || ws[p + 11:])
        END AS s
      FROM (SELECT i, ws, 2 + (i / 100) % 4 AS p FROM bench_base WHERE i % 100 = 0) g,
           generate_series(1, 1 + (i / 100) % 4) AS v
) variants;
ANALYZE bench_claims;
SELECT count(*) AS claims, count(grp) AS in_planted_groups, count(DISTINCT grp) AS planted_groups,
       round(avg(array_length(tokens(c), 1)), 1) AS avg_words
  FROM bench_claims;

-- probes: members of planted groups, spread over the table
CREATE TEMP TABLE probes AS
SELECT row_number() OVER (ORDER BY hashint4(grp)) AS n, id AS probe_id, grp, c, t
  FROM (SELECT DISTINCT ON (grp) id, grp, c, t FROM bench_claims WHERE grp IS NOT NULL ORDER BY grp, id DESC) p
 ORDER BY hashint4(grp) LIMIT :probes;
CREATE TEMP TABLE truth AS
SELECT p.n, array_agg(b.id) AS members FROM probes p JOIN bench_claims b USING (grp) GROUP BY p.n;

-- results of each run: one row per probe
CREATE TEMP TABLE runs (system text, test text, threshold real, n bigint, ms float8, found int[]);

CREATE FUNCTION pg_temp.run(system text, test text, threshold real, query text, nprobes int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    p record;
    started timestamptz;
    ids int[];
BEGIN
    FOR p IN SELECT * FROM probes WHERE n <= nprobes ORDER BY n LOOP
        started := clock_timestamp();
        EXECUTE query INTO ids USING p.c, p.t, threshold;
        INSERT INTO runs VALUES (system, test, threshold, p.n,
                                 1000 * extract(epoch FROM clock_timestamp() - started), ids);
    END LOOP;
END $$;

CREATE TEMP TABLE builds (system text, index text, seconds numeric, size_mb numeric);
CREATE FUNCTION pg_temp.build(system text, index text, ddl text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz := clock_timestamp();
BEGIN
    EXECUTE ddl;
    INSERT INTO builds VALUES (system, index, round(extract(epoch FROM clock_timestamp() - started)::numeric, 1),
                               round(pg_relation_size(index::regclass) / 1048576.0, 1));
END $$;

-- 2. threshold queries through GIN
SELECT pg_temp.build('ai_landscape', 'bench_claim_gin', 'CREATE INDEX bench_claim_gin ON bench_claims USING gin (c)');
SET enable_seqscan = off;
SELECT pg_temp.run('ai_landscape', 'gin', t,
    'SELECT array_agg(id) FROM bench_claims WHERE similar(c, $1, $3)', :probes)
  FROM unnest(ARRAY[0.5, 0.7, 0.9]::real[]) AS t;
RESET enable_seqscan;
DROP INDEX bench_claim_gin;

-- 2b. GIN with prefix filtering: a vocabulary counted in the table, then rows
--     index only their rarest words (min_threshold 0.5).  The build time
--     counts both; the size is the index's.
CREATE FUNCTION pg_temp.prefix_index() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name text := 'bench_' || to_char(clock_timestamp(), 'YYYYMMDDHH24MISSUS');
BEGIN
    PERFORM ai_landscape.create_vocabulary(name, 'bench_claims', 'c');
    EXECUTE format('CREATE INDEX bench_claim_gin_prefix ON bench_claims USING gin '
                   '(c ai_landscape.claim_gin_ops (min_threshold = 0.5, vocabulary = %L))', name);
END $$;
SELECT pg_temp.build('ai_landscape', 'bench_claim_gin_prefix', 'SELECT pg_temp.prefix_index()');
SET enable_seqscan = off;
SELECT pg_temp.run('ai_landscape', 'gin prefix', t,
    'SELECT array_agg(id) FROM bench_claims WHERE similar(c, $1, $3)', :probes)
  FROM unnest(ARRAY[0.5, 0.6, 0.7, 0.9]::real[]) AS t;
RESET enable_seqscan;
DROP INDEX bench_claim_gin_prefix;

SELECT pg_temp.build('pg_trgm', 'bench_trgm_gin', 'CREATE INDEX bench_trgm_gin ON bench_claims USING gin (t gin_trgm_ops)');
SET enable_seqscan = off;
SELECT set_config('pg_trgm.similarity_threshold', t::text, false),
       pg_temp.run('pg_trgm', 'gin', t, 'SELECT array_agg(id) FROM bench_claims WHERE t % $2', :trgm_probes)
  FROM unnest(ARRAY[0.5, 0.7, 0.9]::real[]) AS t;
RESET enable_seqscan;
DROP INDEX bench_trgm_gin;

-- 3. KNN through GiST
SELECT pg_temp.build('ai_landscape', 'bench_claim_gist', 'CREATE INDEX bench_claim_gist ON bench_claims USING gist (c)');
SELECT pg_temp.run('ai_landscape', 'gist knn top-10', NULL,
    'SELECT array_agg(id) FROM (SELECT id FROM bench_claims ORDER BY c <-> $1 LIMIT 10) k', :probes);
DROP INDEX bench_claim_gist;
SELECT pg_temp.build('pg_trgm', 'bench_trgm_gist', 'CREATE INDEX bench_trgm_gist ON bench_claims USING gist (t gist_trgm_ops)');
SELECT pg_temp.run('pg_trgm', 'gist knn top-10', NULL,
    'SELECT array_agg(id) FROM (SELECT id FROM bench_claims ORDER BY t <-> $2 LIMIT 10) k', :trgm_probes);
DROP INDEX bench_trgm_gist;

-- 4. the claims into the extension's own table, for recluster()
DELETE FROM ai_landscape.articles;
INSERT INTO ai_landscape.articles (title, body, loaded_at) VALUES ('bench', 'generated claims', now());
\timing on
INSERT INTO ai_landscape.claims (id, article_id, ordinal, start_offset, end_offset, sentence, cluster_id)
SELECT b.id, a.id, b.id, 0, 1, b.c, b.id FROM bench_claims b, ai_landscape.articles a;
\timing off

-- 5. the report (printed before recluster, which takes longest)
\echo
\echo '### Index builds'
SELECT system, index, seconds AS build_s, size_mb FROM builds ORDER BY index;
\echo '### Queries (ms per probe; recall and precision against the planted groups)'
SELECT r.system, r.test, r.threshold, count(*) AS probes,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r.ms)::numeric, 2) AS p50_ms,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY r.ms)::numeric, 2) AS p95_ms,
       round(avg(coalesce(cardinality(r.found), 0))::numeric, 1) AS rows_returned,
       round(sum((SELECT count(*) FROM unnest(r.found) f WHERE f = ANY (t.members)))::numeric
             / sum(cardinality(t.members)), 4) AS recall,
       round(sum((SELECT count(*) FROM unnest(r.found) f WHERE f = ANY (t.members)))::numeric
             / nullif(sum(coalesce(cardinality(r.found), 0)), 0), 4) AS precision_vs_groups
  FROM runs r JOIN truth t USING (n)
 GROUP BY r.system, r.test, r.threshold ORDER BY r.test, r.threshold, r.system;
\echo '### Exactness: rows returned by ai_landscape below the threshold (must be 0)'
SELECT r.threshold, count(*) AS rows_below_threshold
  FROM runs r JOIN probes p USING (n), unnest(r.found) AS f JOIN bench_claims b ON b.id = f
 WHERE r.system = 'ai_landscape' AND r.threshold IS NOT NULL AND similarity(b.c, p.c) < r.threshold
 GROUP BY r.threshold;
-- 6. recluster() over every claim (the claims are in the extension's table since step 4)
SELECT clock_timestamp() AS recluster_started \gset
CREATE TEMP TABLE recluster_run AS SELECT * FROM recluster(0.7);
CREATE TEMP TABLE recluster_time AS
SELECT round(extract(epoch FROM clock_timestamp() - :'recluster_started'::timestamptz)::numeric, 1) AS seconds;
-- recall of planted groups by the clusters
CREATE TEMP TABLE cluster_recall AS
SELECT count(*) FILTER (WHERE clusters = 1) AS groups_in_one_cluster, count(*) AS groups
  FROM (SELECT b.grp, count(DISTINCT c.cluster_id) AS clusters
          FROM bench_claims b JOIN ai_landscape.claims c ON c.id = b.id
         WHERE b.grp IS NOT NULL GROUP BY b.grp) g;

\echo '### recluster(0.7) over all claims'
SELECT claims, clusters, duplicates, (SELECT seconds FROM recluster_time) AS seconds,
       (SELECT groups_in_one_cluster || ' of ' || groups FROM cluster_recall) AS planted_groups_in_one_cluster
  FROM recluster_run;
