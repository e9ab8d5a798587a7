--
-- Loading many articles: one statement loads them as one set, a deferred bulk
-- load plus recluster() gives the same links, and a load reads only what it
-- links to (no scan of all claims or all articles).
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;
DELETE FROM articles;

-- A deterministic corpus: 80 articles of 6 sentences drawn from 150 statements;
-- every fifth article is a syndicated copy of an earlier one with one word
-- changed in two sentences, every seventh repeats sentences of the previous one.
CREATE FUNCTION pg_temp.pick(seed text, n int) RETURNS int LANGUAGE sql IMMUTABLE AS $$
    SELECT (('x' || substr(md5(seed), 1, 8))::bit(32)::bigint % n)::int
$$;
CREATE TEMP TABLE statement AS
SELECT s AS n,
       (ARRAY['Baidu', 'Alibaba', 'Tencent', 'Huawei', 'SenseTime', 'Xiaomi', 'ByteDance', 'Nvidia'])[1 + pg_temp.pick('c' || s, 8)]
       || ' ' || (ARRAY['will invest', 'has spent', 'plans to raise', 'expects to earn', 'lost'])[1 + pg_temp.pick('v' || s, 5)]
       || ' $' || (1 + pg_temp.pick('a' || s, 90)) || ' billion on '
       || (ARRAY['chips', 'cloud computing', 'language models', 'robotics', 'data centres', 'autonomous driving'])[1 + pg_temp.pick('o' || s, 6)]
       || ' in ' || (2019 + pg_temp.pick('y' || s, 12))
       || CASE WHEN s % 3 = 0 THEN ', according to analysts at ' || (ARRAY['Preqin', 'Gartner', 'IDC'])[1 + s % 3] ELSE '' END
       || ' as competition with the ' || (ARRAY['US', 'United States', 'American firms'])[1 + pg_temp.pick('u' || s, 3)]
       || ' grows' || (ARRAY['.', ' quickly.', ' in the region.', ' again this quarter.'])[1 + pg_temp.pick('e' || s, 4)] AS text
  FROM generate_series(1, 150) AS s;
CREATE TEMP TABLE corpus (n int PRIMARY KEY, body text);
INSERT INTO corpus
SELECT a, string_agg(t.text, ' ' ORDER BY k)
  FROM generate_series(1, 80) AS a CROSS JOIN generate_series(1, 6) AS k
  JOIN statement AS t ON t.n = 1 + pg_temp.pick(a || ':' || k, 150)
 WHERE a % 5 <> 0
 GROUP BY a;
-- syndicated copies: an earlier article with two words changed
INSERT INTO corpus
SELECT a, replace(replace(c.body, ' grows', ' is growing'), 'on chips', 'on semiconductors')
  FROM generate_series(5, 80, 5) AS a JOIN corpus AS c ON c.n = a - 3;
-- every seventh: three sentences of the previous article, then three of its own
UPDATE corpus AS c SET body = (SELECT string_agg(x, ' ') FROM (
           SELECT unnest((regexp_split_to_array(p.body, '(?<=\.) '))[1:3]) AS x
           UNION ALL SELECT unnest((regexp_split_to_array(c.body, '(?<=\.) '))[4:6])) AS u)
  FROM corpus AS p WHERE p.n = c.n - 1 AND c.n % 7 = 0;
SELECT count(*) AS articles, count(DISTINCT body) AS distinct_bodies FROM corpus;

-- the links of the loaded corpus, independent of ids: a claim is "article:ordinal"
CREATE FUNCTION pg_temp.links() RETURNS TABLE (claim text, duplicate_of text, cluster text, near_duplicate_of int)
LANGUAGE sql AS $$
    WITH named AS (
        SELECT c.id, c.duplicate_of, c.cluster_id, a.title::int AS article, a.title || ':' || c.ordinal AS name,
               a.near_duplicate_of
          FROM ai_landscape.claims c JOIN ai_landscape.articles a ON a.id = c.article_id
         WHERE a.title ~ '^[0-9]+$')
    SELECT m.name, d.name, k.name, na.title::int
      FROM named m
      LEFT JOIN named d ON d.id = m.duplicate_of
      LEFT JOIN named k ON k.id = m.cluster_id
      LEFT JOIN ai_landscape.articles na ON na.id = m.near_duplicate_of
$$;

-- 1. one by one: one load_article() call per article, in order
SELECT count(load_article(body, title => n::text)) AS loaded FROM (SELECT * FROM corpus ORDER BY n) AS c;
CREATE TEMP TABLE one_by_one AS SELECT * FROM pg_temp.links();
SELECT count(*) AS claims, count(duplicate_of) AS duplicates, count(DISTINCT cluster) AS clusters,
       count(DISTINCT claim) FILTER (WHERE near_duplicate_of IS NOT NULL) AS claims_of_repeating_articles
  FROM one_by_one;
SELECT split_part(claim, ':', 1)::int AS article, near_duplicate_of
  FROM one_by_one WHERE near_duplicate_of IS NOT NULL GROUP BY 1, 2 ORDER BY 1;
-- recluster() in bulk agrees with what the loader built: nothing to change
SELECT claims, duplicates, claims_changed, articles_changed FROM recluster();

-- 2. statements of 16 articles each (as a COPY of a small batch does): each
--    statement's claims are probed together and linked to each other too
DELETE FROM articles;
SET track_functions = 'all';  -- which linking path ran: pg_stat_xact_user_functions
CREATE TEMP VIEW linking_calls AS
SELECT funcname, calls FROM pg_stat_xact_user_functions
 WHERE schemaname = 'ai_landscape' AND (funcname LIKE 'link%' OR funcname = 'recluster') ORDER BY 1;
SELECT pg_stat_force_next_flush();  -- counts of earlier statements go out, not into this view
BEGIN;
DO $$
BEGIN
    FOR s IN 0 .. 4 LOOP
        INSERT INTO ai_landscape.articles (title, body)
        SELECT n::text, body FROM corpus WHERE n > 16 * s AND n <= 16 * (s + 1) ORDER BY corpus.n;
    END LOOP;
END $$;
SELECT * FROM linking_calls;
COMMIT;
CREATE TEMP TABLE one_statement AS SELECT * FROM pg_temp.links();

-- 3. bulk: deferred linking in three statements, then one recluster()
DELETE FROM articles;
BEGIN;
SET LOCAL ai_landscape.duplicate_threshold = 0.9;  -- not used: nothing is linked now
SET LOCAL ai_landscape.defer_linking = on;
INSERT INTO articles (title, body) SELECT n::text, body FROM corpus WHERE n <= 30 ORDER BY corpus.n;
INSERT INTO articles (title, body) SELECT n::text, body FROM corpus WHERE n > 30 AND n <= 61 ORDER BY corpus.n;
SELECT count(duplicate_of) AS linked_before_recluster, count(DISTINCT cluster_id) = count(*) AS all_apart
  FROM claims;
COMMIT;
SET ai_landscape.defer_linking = on;
INSERT INTO articles (title, body) SELECT n::text, body FROM corpus WHERE n > 61 ORDER BY corpus.n;
RESET ai_landscape.defer_linking;
SELECT claims, duplicates, claims_changed > 0 AS linked_now FROM recluster();
CREATE TEMP TABLE bulk AS SELECT * FROM pg_temp.links();

-- 4. one large statement (20 articles or more, and at least 0.35% of the
--    table's): linked with one join over all claims instead of a probe each
DELETE FROM articles;
SELECT pg_stat_force_next_flush();
BEGIN;
INSERT INTO articles (title, body) SELECT n::text, body FROM corpus ORDER BY corpus.n;
SELECT * FROM linking_calls;
COMMIT;
RESET track_functions;
CREATE TEMP TABLE one_large_statement AS SELECT * FROM pg_temp.links();

-- the four give exactly the same duplicate_of, cluster_id and near_duplicate_of
SELECT (SELECT count(*) FROM (TABLE one_by_one EXCEPT TABLE one_statement) x) AS only_one_by_one,
       (SELECT count(*) FROM (TABLE one_statement EXCEPT TABLE one_by_one) x) AS only_one_statement,
       (SELECT count(*) FROM (TABLE one_by_one EXCEPT TABLE bulk) x) AS not_in_bulk,
       (SELECT count(*) FROM (TABLE bulk EXCEPT TABLE one_by_one) x) AS only_in_bulk,
       (SELECT count(*) FROM (TABLE one_by_one EXCEPT TABLE one_large_statement) x) AS not_in_large,
       (SELECT count(*) FROM (TABLE one_large_statement EXCEPT TABLE one_by_one) x) AS only_in_large,
       (SELECT count(*) FROM one_large_statement) AS claims_compared;

-- COPY: one statement too; a body already loaded is skipped, also within the COPY
COPY articles (title, body) FROM STDIN;
copy-1	Huawei will invest $9 billion on chips in 2024. Tencent lost $3 billion on robotics in 2021.
copy-2	Huawei will invest $9 billion on chips in 2024.  Tencent lost $3 billion on robotics in 2021.
copy-3	SenseTime has spent $4 billion on cloud computing in 2022.
\.
SELECT title, (SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims, loaded_at IS NOT NULL AS loaded
  FROM articles a WHERE title LIKE 'copy-%' ORDER BY title;

-- a load reads only what it links to: no sequential scan of claims or articles
-- (run in one transaction, whose own statistics pg_stat_xact_user_tables shows),
-- once the tables are large enough for the planner to prefer indexes
SET ai_landscape.defer_linking = on;
INSERT INTO articles (title, body)
SELECT 'filler ' || i, 'Filler article ' || i || ' says that ' || md5(i::text) || ' happened. '
       || 'It also notes that ' || md5((i + 1)::text) || ' followed in ' || (1990 + i % 30) || '.'
  FROM generate_series(1, 4000) AS i;
RESET ai_landscape.defer_linking;
ANALYZE articles, claims, claim_entities, claim_amounts, claim_percentages, claim_times;
-- (PostgreSQL 15 shows in pg_stat_xact_* the counts of earlier transactions
-- too until they are flushed, at most once a second: so the difference)
BEGIN;
CREATE TEMP TABLE scans_before AS
SELECT relname, seq_scan, n_tup_ins, n_tup_upd FROM pg_stat_xact_user_tables
 WHERE schemaname = 'ai_landscape'
   AND relname IN ('articles', 'claims', 'claim_entities', 'claim_amounts', 'claim_percentages', 'claim_times');
SELECT load_article('Tencent lost $3 billion on robotics in 2021 as competition with the US grows. '
                    'A brand new statement about nothing in particular appears here.', title => 'probe') > 0 AS loaded;
-- and a statement of two articles (the trigger's path, as an INSERT or COPY)
INSERT INTO articles (title, body) VALUES
    ('probe 2', 'Huawei cut 12% of its chip budget in March 2022, analysts said.'),
    ('probe 3', 'Alibaba will spend 40 billion yuan on data centres by 2026.');
SELECT s.relname, s.seq_scan - b.seq_scan AS seq_scan
  FROM pg_stat_xact_user_tables s JOIN scans_before b USING (relname)
 WHERE s.schemaname = 'ai_landscape'
 ORDER BY relname;
-- and writes each new claim once: inserted with its links and kind, never updated
SELECT s.n_tup_ins - b.n_tup_ins AS claims_inserted, s.n_tup_upd - b.n_tup_upd AS claims_updated
  FROM pg_stat_xact_user_tables s JOIN scans_before b USING (relname)
 WHERE s.schemaname = 'ai_landscape' AND s.relname = 'claims';
COMMIT;
SELECT c.ordinal, c.duplicate_of IS NOT NULL AS repeats FROM claims c JOIN articles a ON a.id = c.article_id
 WHERE a.title = 'probe' ORDER BY 1;

-- Where the two ways cross: a statement of at least 20 articles is linked
-- with one join when it brings 0.35% of the articles the statistics count,
-- and claim by claim below that.  6,100 articles: 21 are probed, 22 joined.
SET track_functions = 'all';
SET ai_landscape.defer_linking = on;
INSERT INTO articles (title, body)
SELECT 'filler ' || i, 'Filler article ' || i || ' says that ' || md5(i::text) || ' happened.'
  FROM generate_series(4001, 6100 - (SELECT count(*) FROM articles)::int + 4000) AS i;
RESET ai_landscape.defer_linking;
ANALYZE articles;
SELECT articles_estimate() AS estimate, ceil(0.0035 * articles_estimate()) AS joined_from;
CREATE TEMP TABLE boundary AS
SELECT i, 'boundary ' || i AS title, 'Boundary article ' || i || ' reports that ' || md5((-i)::text) || ' was seen.' AS body
  FROM generate_series(1, 43) AS i;
SELECT pg_stat_force_next_flush();
BEGIN;
INSERT INTO articles (title, body) SELECT title, body FROM boundary WHERE i <= 21 ORDER BY i;
SELECT * FROM linking_calls;
COMMIT;
SELECT pg_stat_force_next_flush();
BEGIN;
INSERT INTO articles (title, body) SELECT title, body FROM boundary WHERE i > 21 ORDER BY i;
SELECT * FROM linking_calls;
COMMIT;
RESET track_functions;
SELECT count(*) AS boundary_claims, count(duplicate_of) AS linked FROM claims c JOIN articles a ON a.id = c.article_id
 WHERE a.title LIKE 'boundary %';
