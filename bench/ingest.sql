-- bench/ingest.sql - one size of the ingest benchmark: floor, pg_trgm, bulk path, streaming path.
-- Run by bench/ingest in the folder of a generated corpus (articles.tsv, sentences.tsv,
-- stream.tsv, batches.sql, stream.pgbench); variables:
--   :n  claims of the corpus   :batch  articles per COPY   :corpus  the generator's summary
--   :gen_seconds  time to generate it   :final  true for the last size (prints the summary)
\set ON_ERROR_STOP 1
\set QUIET 1
\pset footer off
SET client_min_messages = warning;
SET maintenance_work_mem = '1GB';
SET work_mem = '64MB';

CREATE EXTENSION IF NOT EXISTS pg_trgm;
DROP EXTENSION IF EXISTS ai_landscape CASCADE;
DROP SCHEMA IF EXISTS ai_landscape CASCADE;
CREATE EXTENSION ai_landscape;
-- any call loads the library, and with it its settings
SELECT ai_landscape.duplicate_threshold() IS NOT NULL AS loaded,
       EXISTS (SELECT FROM pg_settings WHERE name = 'ai_landscape.defer_linking') AS deferred \gset

-- one row per measured step, kept across sizes for the summary
CREATE TABLE IF NOT EXISTS bench_ingest_results (
    claims int, ord int, step text, seconds numeric, claims_done bigint, p50_ms numeric, p95_ms numeric,
    mean_ms numeric);
DELETE FROM bench_ingest_results WHERE claims = :n;
CREATE FUNCTION pg_temp.since(t timestamptz) RETURNS numeric LANGUAGE sql AS
$$ SELECT round(extract(epoch FROM clock_timestamp() - t)::numeric, 3) $$;
CREATE FUNCTION pg_temp.ms(p float8, ms float8[]) RETURNS numeric LANGUAGE sql AS
$$ SELECT round(percentile_cont(p) WITHIN GROUP (ORDER BY x)::numeric, 1) FROM unnest(ms) AS x $$;

\echo
\echo '## ':n' claims'
\echo 'corpus: ':corpus', generated in ':gen_seconds' s'

-- 1. the floor: the same sentences COPYed into a plain text table (after a
-- small COPY, so that the first one timed does not pay for a cold start)
CREATE TEMP TABLE bench_warm_up (title text, source text, url text, published date, body text);
\copy bench_warm_up FROM 'stream.tsv'
DROP TABLE bench_warm_up;
DROP TABLE IF EXISTS bench_floor, bench_trgm;
CREATE TABLE bench_floor (sentence text);
CHECKPOINT;
SELECT clock_timestamp() AS t0 \gset
\copy bench_floor FROM 'sentences.tsv'
INSERT INTO bench_ingest_results VALUES (:n, 1, 'floor: COPY the sentences into a text table', pg_temp.since(:'t0'), :n);

-- 2. what a pg_trgm user would do: COPY the sentences, then index them
CREATE TABLE bench_trgm (sentence text);
CHECKPOINT;
SELECT clock_timestamp() AS t0 \gset
\copy bench_trgm FROM 'sentences.tsv'
SELECT pg_temp.since(:'t0') AS copy_s, clock_timestamp() AS t1 \gset
CREATE INDEX bench_trgm_gin ON bench_trgm USING gin (sentence gin_trgm_ops);
INSERT INTO bench_ingest_results VALUES
    (:n, 2, 'pg_trgm: COPY the sentences', :copy_s, :n),
    (:n, 3, 'pg_trgm: CREATE INDEX ... gin_trgm_ops', pg_temp.since(:'t1'), :n),
    (:n, 4, 'pg_trgm: total', pg_temp.since(:'t0'), :n);
DROP TABLE bench_floor, bench_trgm;

-- 3. the bulk path: COPY articles in transactions of :batch, then one recluster()
CREATE TEMP TABLE bench_batches (done_at timestamptz, articles int);
CHECKPOINT;
SELECT clock_timestamp() AS t0 \gset
INSERT INTO bench_batches VALUES (:'t0', 0);
\i batches.sql
SELECT pg_temp.since(:'t0') AS copy_s, clock_timestamp() AS t1 \gset
\if :deferred
SELECT * FROM ai_landscape.recluster() \gset recluster_
SELECT pg_temp.since(:'t1') AS recluster_s, pg_temp.since(:'t0') AS bulk_s \gset
\else
\echo 'ai_landscape.defer_linking does not exist on this server: the COPY links row by row, and recluster() is not run'
\set recluster_s NULL
\set bulk_s :copy_s
\endif
-- each batch's time over its articles: the bulk path's cost per article
SELECT pg_temp.ms(0.5, ms) AS batch_p50, pg_temp.ms(0.95, ms) AS batch_p95
  FROM (SELECT array_agg(ms) AS ms
          FROM (SELECT (1000 * extract(epoch FROM done_at - lag(done_at) OVER (ORDER BY done_at)) / articles)::float8 AS ms
                  FROM bench_batches) b WHERE ms IS NOT NULL) a \gset
INSERT INTO bench_ingest_results VALUES
    (:n, 5, CASE WHEN :'deferred'::boolean THEN 'bulk: COPY articles, batches of ' || :batch || ', defer_linking'
                 ELSE 'bulk: COPY articles, batches of ' || :batch || ' (no defer_linking)' END,
     :copy_s, :n, :batch_p50, :batch_p95),
    (:n, 6, 'bulk: recluster()', :recluster_s, :n, NULL, NULL),
    (:n, 7, 'bulk: end to end', :bulk_s, :n, NULL, NULL);

-- what was loaded: every claim of the corpus, the exact duplicates skipped
SELECT (SELECT count(*) FROM ai_landscape.articles) AS articles,
       (SELECT count(*) FROM ai_landscape.claims) AS claims,
       (SELECT count(*) FROM ai_landscape.claims WHERE duplicate_of IS NOT NULL) AS duplicates,
       (SELECT count(DISTINCT cluster_id) FROM ai_landscape.claims) AS clusters,
       (SELECT count(*) FROM ai_landscape.articles WHERE near_duplicate_of IS NOT NULL) AS near_duplicate_articles
\gset loaded_
\echo 'loaded: ':loaded_articles' articles, ':loaded_claims' claims, ':loaded_duplicates' with duplicate_of, ':loaded_clusters' clusters, ':loaded_near_duplicate_articles' articles with near_duplicate_of'
SELECT :loaded_claims = :n AS all_claims \gset
\if :all_claims
\else
\warn 'the corpus has ':n' claims but ':loaded_claims' were loaded'
\endif

-- 4. the loaders' index tuned for the corpus, as the README says to do after
-- a bulk load: a vocabulary of the loaded claims, claims_sentence_gin rebuilt
-- with prefix filtering on it
VACUUM ANALYZE;
SELECT to_regprocedure('ai_landscape.tune_claims_index(integer,real)') IS NOT NULL AS tunable \gset
\if :tunable
SELECT clock_timestamp() AS t2 \gset
SELECT ai_landscape.tune_claims_index() AS tuned_vocabulary \gset
INSERT INTO bench_ingest_results VALUES (:n, 8, 'tune_claims_index() after the bulk load', pg_temp.since(:'t2'), :n, NULL, NULL);
\else
\echo 'tune_claims_index() does not exist on this server: the streaming path probes the index over every word'
\endif

-- 5. the streaming path: load_article, one call and one transaction per article
-- (pgbench), into the table the bulk path filled, vacuumed and analyzed as
-- autovacuum would leave it
DROP TABLE IF EXISTS bench_stream, bench_stream_log;
DROP SEQUENCE IF EXISTS bench_stream_seq;
CREATE TABLE bench_stream (i serial PRIMARY KEY, title text, source text, url text, published date, body text);
\copy bench_stream (title, source, url, published, body) FROM 'stream.tsv'
CREATE SEQUENCE bench_stream_seq;
SELECT count(*) AS stream_articles FROM bench_stream \gset
\setenv INGEST_STREAM_ARTICLES :stream_articles
-- time inside link_new_claims (the near-duplicate probes and the small join
-- after them) against the rest of each load: track_functions in pgbench's session
CREATE TEMP TABLE bench_fn_before AS
SELECT funcname, total_time FROM pg_stat_user_functions WHERE schemaname = 'ai_landscape';
CHECKPOINT;
\! rm -f pgbench_stream.*; PGOPTIONS='-c track_functions=all' "$PG_BIN/pgbench" -n -c 1 -t "$INGEST_STREAM_ARTICLES" -f stream.pgbench -l --log-prefix=pgbench_stream >pgbench.out 2>&1 || cat pgbench.out >&2; cat pgbench_stream.* >stream_latencies.log
-- pgbench's log: client, transaction, latency (us), script, epoch seconds, microseconds
CREATE TABLE bench_stream_log (client int, tx int, latency_us bigint, script int, epoch bigint, epoch_us int);
\copy bench_stream_log FROM 'stream_latencies.log' (DELIMITER ' ')
SELECT count(*) AS stream_claims FROM ai_landscape.claims c
  JOIN ai_landscape.articles a ON a.id = c.article_id JOIN bench_stream s USING (body) \gset
INSERT INTO bench_ingest_results
SELECT :n, 9, 'streaming: load_article, ' || count(*) || ' articles of ' || round(:stream_claims / count(*)::numeric)
              || ' claims into ' || :n,
       round(sum(latency_us) / 1e6, 3), :stream_claims,
       pg_temp.ms(0.5, array_agg(latency_us / 1e3::float8)), pg_temp.ms(0.95, array_agg(latency_us / 1e3::float8))
  FROM bench_stream_log;
-- the statistics reach the views when pgbench's session has ended and flushed them
SELECT pg_sleep(1.5) AS slept, pg_stat_clear_snapshot() AS cleared \gset
SELECT round((sum(f.total_time - coalesce(b.total_time, 0)) FILTER (WHERE f.funcname = 'link_new_claims')
              / :stream_articles)::numeric, 1) AS probe_ms,
       round((sum(f.total_time - coalesce(b.total_time, 0)) FILTER (WHERE f.funcname = 'load_article')
              / :stream_articles)::numeric, 1) AS load_ms
  FROM pg_stat_user_functions AS f LEFT JOIN bench_fn_before AS b USING (funcname)
 WHERE f.schemaname = 'ai_landscape' \gset stream_
\echo 'streaming, ms per article on average: load_article ':stream_load_ms', of which link_new_claims (near-duplicate probes) ':stream_probe_ms
INSERT INTO bench_ingest_results (claims, ord, step, claims_done, mean_ms) VALUES
    (:n, 10, 'streaming: load_article, mean per article', :stream_claims, :stream_load_ms),
    (:n, 11, 'streaming: of which link_new_claims (probes)', :stream_claims, :stream_probe_ms),
    (:n, 12, 'streaming: of which the rest', :stream_claims, :stream_load_ms - :stream_probe_ms);
-- later loads slower than earlier ones would show a cost that grows as the streaming run goes on
SELECT string_agg(p50::text, ' ' ORDER BY tenth) AS by_tenth
  FROM (SELECT tenth, pg_temp.ms(0.5, array_agg(latency_us / 1e3::float8)) AS p50
          FROM (SELECT ntile(10) OVER (ORDER BY tx) AS tenth, latency_us FROM bench_stream_log) t
         GROUP BY tenth) g \gset
\echo 'streaming, ms per article (p50) in each tenth of the run, in load order: ':by_tenth
SELECT :stream_claims = 20 * :stream_articles AS all_stream_claims \gset
\if :all_stream_claims
\else
\warn 'the streaming set has ':stream_articles' articles of 20 claims but ':stream_claims' claims were loaded'
\endif

-- 6. this size: time per claim against the floor and against pg_trgm
SELECT r.step, r.seconds, round(r.claims_done / nullif(r.seconds, 0)) AS claims_per_s,
       r.p50_ms AS ms_per_article_p50, r.p95_ms AS ms_per_article_p95,
       round((r.seconds / r.claims_done) / nullif(f.seconds / f.claims_done, 0), 1) AS x_floor,
       round((r.seconds / r.claims_done) / nullif(t.seconds / t.claims_done, 0), 2) AS x_pg_trgm
  FROM bench_ingest_results r
  JOIN bench_ingest_results f ON f.claims = r.claims AND f.ord = 1
  JOIN bench_ingest_results t ON t.claims = r.claims AND t.ord = 4
 WHERE r.claims = :n AND r.seconds IS NOT NULL
 ORDER BY r.ord;

-- 7. after the last size: every size in one table
\if :final
\echo '## Summary (seconds; x = times the time per claim of the floor or of pg_trgm)'
SELECT claims,
       max(seconds) FILTER (WHERE ord = 1) AS floor_s,
       max(seconds) FILTER (WHERE ord = 4) AS pg_trgm_s,
       max(seconds) FILTER (WHERE ord = 7) AS bulk_s,
       round(claims / nullif(max(seconds) FILTER (WHERE ord = 7), 0)) AS bulk_claims_per_s,
       round(max(seconds) FILTER (WHERE ord = 7) / nullif(max(seconds) FILTER (WHERE ord = 1), 0), 1) AS bulk_x_floor,
       round(max(seconds) FILTER (WHERE ord = 7) / nullif(max(seconds) FILTER (WHERE ord = 4), 0), 2) AS bulk_x_pg_trgm,
       max(p50_ms) FILTER (WHERE ord = 9) AS stream_p50_ms,
       max(p95_ms) FILTER (WHERE ord = 9) AS stream_p95_ms,
       round(max(claims_done / nullif(seconds, 0)) FILTER (WHERE ord = 9)) AS stream_claims_per_s,
       round(max(p50_ms) FILTER (WHERE ord = 9)
             / (SELECT p50_ms FROM bench_ingest_results WHERE ord = 9 ORDER BY claims LIMIT 1), 2)
           AS stream_p50_x_smallest,
       max(mean_ms) FILTER (WHERE ord = 11) AS stream_probes_mean_ms,
       max(mean_ms) FILTER (WHERE ord = 12) AS stream_rest_mean_ms,
       round(max(mean_ms) FILTER (WHERE ord = 12)
             / (SELECT mean_ms FROM bench_ingest_results WHERE ord = 12 ORDER BY claims LIMIT 1), 2)
           AS stream_rest_x_smallest
  FROM bench_ingest_results
 GROUP BY claims ORDER BY claims;
\endif
