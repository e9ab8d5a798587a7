--
-- What running on several servers relies on (README "Several servers
-- (postgres_fdw)" and "Running on Citus"): how every function is marked, a
-- default hash operator class for claim, no setting read by an operator, and
-- loaders that reach tables only through SQL.
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;

-- Every function of the extension by its markings.  A remote server runs a
-- function in a pushed-down query only if it is IMMUTABLE (postgres_fdw ships
-- no mutable function; Citus evaluates STABLE ones on the coordinator); a
-- parallel worker only if it is PARALLEL SAFE.
SELECT p.provolatile, p.proparallel, p.proisstrict, count(*) AS functions,
       string_agg(p.proname, ' ' ORDER BY p.proname) AS names
  FROM pg_proc p WHERE p.pronamespace = 'ai_landscape'::regnamespace
 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- What every operator runs: IMMUTABLE, STRICT and PARALLEL SAFE
SELECT o.oprname, format_type(o.oprleft, NULL) AS lhs, format_type(o.oprright, NULL) AS rhs,
       p.proname, p.provolatile, p.proisstrict, p.proparallel
  FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode
 WHERE o.oprnamespace = 'ai_landscape'::regnamespace
 ORDER BY 1, 2, 3;

-- and so is every function an index, a cast, a type or the planner calls
SELECT f.kind, count(*) AS functions,
       count(*) FILTER (WHERE p.provolatile = 'i' AND p.proparallel = 's') AS immutable_parallel_safe
  FROM (SELECT 'operator class support' AS kind, a.amproc AS fn
          FROM pg_amproc a JOIN pg_opfamily f ON f.oid = a.amprocfamily
         WHERE f.opfnamespace = 'ai_landscape'::regnamespace
        UNION ALL
        SELECT 'cast', c.castfunc FROM pg_cast c
         WHERE c.castsource = 'claim'::regtype OR c.casttarget = 'claim'::regtype
        UNION ALL
        SELECT 'type input/output', x.fn
          FROM pg_type t, LATERAL (VALUES (t.typinput), (t.typoutput), (t.typreceive), (t.typsend)) AS x(fn)
         WHERE t.typname IN ('claim', 'claim_signature') AND t.typnamespace = 'ai_landscape'::regnamespace
           AND x.fn <> 0
        UNION ALL
        SELECT 'planner support', p.prosupport FROM pg_proc p
         WHERE p.pronamespace = 'ai_landscape'::regnamespace AND p.prosupport <> 0) AS f
  JOIN pg_proc p ON p.oid = f.fn
 GROUP BY 1 ORDER BY 1;

-- A default hash operator class: GROUP BY, hash joins, hash partitioning and
-- Citus's choice of shard use its functions
SELECT c.opcname, c.opcdefault, array_agg(a.amproc::regproc ORDER BY a.amprocnum) AS functions
  FROM pg_opclass c JOIN pg_am m ON m.oid = c.opcmethod
  JOIN pg_amproc a ON a.amprocfamily = c.opcfamily
 WHERE c.opcintype = 'claim'::regtype AND m.amname = 'hash'
 GROUP BY 1, 2;
-- normalized-equal claims hash alike, with or without a seed
SELECT count(DISTINCT claim_hash(c)) AS hashes,
       count(DISTINCT claim_hash_extended(c, 0)) AS extended_hashes,
       count(DISTINCT claim_hash_extended(c, 42)) AS seeded_hashes
  FROM (VALUES ('China’s  “AI” race.'::claim), ('china''s "ai" race.'), ('CHINA''S "AI" RACE.')) AS v(c);
-- so a table hash-partitioned by a claim keeps each statement on one partition
CREATE TABLE claims_by_hash (c claim) PARTITION BY HASH (c);
CREATE TABLE claims_by_hash_0 PARTITION OF claims_by_hash FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE claims_by_hash_1 PARTITION OF claims_by_hash FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE claims_by_hash_2 PARTITION OF claims_by_hash FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE claims_by_hash_3 PARTITION OF claims_by_hash FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO claims_by_hash
SELECT w.f
  FROM (VALUES ('China trails the US in AI.'), ('Baidu raised $10 billion.'), ('Chips are scarce.'),
               ('Tencent lost money in 2021.'), ('Beijing set a goal for 2030.'), ('SenseTime cut jobs.')) AS v(s),
       LATERAL (VALUES (s), (upper(s)), ('  ' || replace(s, ' ', '   ') || ' ')) AS w(f);
SELECT normalized(c), count(*) AS rows, count(DISTINCT tableoid) AS partitions
  FROM claims_by_hash GROUP BY 1 ORDER BY 1;
SELECT count(DISTINCT tableoid) > 1 AS statements_spread_over_partitions FROM claims_by_hash;
DROP TABLE claims_by_hash;

-- No operator reads a setting.  Every value of every ai_landscape.* setting
-- (the ends of a number's range, both of a boolean; settings added later are
-- picked up from pg_settings) leaves the result of every operator and claim
-- function unchanged, on heap and through the GIN and GiST indexes.  The
-- control reads a setting the way an operator must not, and does change: the
-- check can fail.
SELECT similarity('a', 'b') IS NOT NULL AS library_loaded;  -- its settings exist from here on
SELECT name, vartype, min_val, max_val FROM pg_settings WHERE name LIKE 'ai_landscape.%' ORDER BY 1;
CREATE TABLE setting_probe (id int PRIMARY KEY, a claim, b claim);
INSERT INTO setting_probe
SELECT (l.n - 1) * 5 + r.n, l.x, r.y
  FROM (VALUES (1, 'China is three years behind the US in AI.'), (2, 'China is two years behind the US in AI.'),
               (3, 'china is THREE years behind the u.s. in ai'), (4, 'Baidu raised $10 billion in 2023.'),
               (5, 'Baidu raised $50 billion in 2030.'), (6, '!!!'), (7, '中国的人工智能产业正在快速发展。'),
               (8, 'OpenAI beat Google.'), (9, 'Google beat OpenAI.')) AS l(n, x),
       (VALUES (1, 'China is three years behind the US in AI.'), (2, 'Baidu raised $10 billion in 2023.'),
               (3, '中国的人工智能产业正在发展。'), (4, 'Google beat OpenAI.'), (5, '!!!')) AS r(n, y);
CREATE INDEX setting_probe_gin ON setting_probe USING gin (a);
CREATE INDEX setting_probe_gist ON setting_probe USING gist (a);
CREATE FUNCTION operator_results() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT md5(string_agg(concat_ws('|', a = b, a <> b, a < b, a <= b, a > b, a >= b, claim_cmp(a, b),
                                    a <-> b, a % b, a %>= (b, 0.7)::claim_query, similar(a, b, 0.5),
                                    similarity(a, b), normalized(a), tokens(a), shingles(a), length(a),
                                    claim_hash(a), claim_hash_extended(a, 7), a::text),
                          ',' ORDER BY id))
      FROM setting_probe
$$;
CREATE FUNCTION index_results() RETURNS text LANGUAGE sql STABLE
    SET enable_seqscan = off SET enable_sort = off AS $$
    SELECT concat_ws(';',
        (SELECT string_agg(id::text, ',' ORDER BY id) FROM setting_probe
          WHERE a % 'China is three years behind the US in AI now.'),
        (SELECT string_agg(id::text, ',' ORDER BY id) FROM setting_probe
          WHERE similar(a, 'Baidu raised $10 billion in 2023.', 0.4)),
        (SELECT string_agg(id::text, ',' ORDER BY id) FROM setting_probe WHERE a = 'GOOGLE BEAT OPENAI.'),
        (SELECT string_agg(round(d::numeric, 4)::text, ',')
           FROM (SELECT a <-> 'China is behind the US in AI.' AS d FROM setting_probe
                  ORDER BY a <-> 'China is behind the US in AI.' LIMIT 12) AS k))
$$;
CREATE FUNCTION control_results() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT md5(string_agg((similarity(a, b) >= duplicate_threshold())::text, ',' ORDER BY id)) FROM setting_probe
$$;
CREATE TEMP TABLE setting_runs (setting text, value text, operators_changed boolean,
                                indexes_changed boolean, control_changed boolean);
DO $$
DECLARE
    s record;
    v text;
    operators text := operator_results();
    indexes text := index_results();
    control text := control_results();
BEGIN
    FOR s IN SELECT name, vartype, min_val, max_val, enumvals, setting FROM pg_settings
              WHERE name LIKE 'ai_landscape.%' ORDER BY name LOOP
        FOREACH v IN ARRAY CASE s.vartype WHEN 'bool' THEN ARRAY['on', 'off']
                                          WHEN 'enum' THEN s.enumvals
                                          WHEN 'string' THEN ARRAY['', 'x']
                                          ELSE ARRAY[s.min_val, s.max_val] END LOOP
            PERFORM set_config(s.name, v, true);
            INSERT INTO setting_runs
            VALUES (s.name, v, operator_results() <> operators, index_results() <> indexes,
                    control_results() <> control);
            PERFORM set_config(s.name, s.setting, true);
        END LOOP;
    END LOOP;
END
$$;
SELECT * FROM setting_runs ORDER BY 1, 2;
-- the index queries found rows (a check of nothing would pass too)
SELECT index_results();
DROP TABLE setting_probe;
DROP FUNCTION operator_results(), index_results(), control_results();

-- The loaders are SQL and PL/pgSQL; the C functions they call read and write
-- tables only through SQL (SPI).  So they work when articles, claims and the
-- mentions are partitioned tables, which have no storage of their own: here
-- partition_by_article with no server makes the local tables the only
-- partitions, and every way of loading gives the sample's known answers.
SELECT p.proname, l.lanname
  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
 WHERE p.pronamespace = 'ai_landscape'::regnamespace
   AND p.proname IN ('load_article', 'load_claims', 'recluster', 'reextract', 'lock_claims', 'cluster_claims',
                     'articles_before_insert', 'articles_after_insert', 'articles_after_insert_partitioned')
 ORDER BY 1;
\getenv abs_srcdir PG_ABS_SRCDIR
\set body `cat :abs_srcdir/data/china_ai_race.txt`
CREATE DATABASE ai_landscape_parted ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c ai_landscape_parted
SET client_min_messages = warning;
CREATE EXTENSION ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;
SELECT partition_by_article('{}');
SELECT c.relname, c.relkind, count(i.inhrelid) AS partitions
  FROM pg_class c LEFT JOIN pg_inherits i ON i.inhparent = c.oid
 WHERE c.relnamespace = 'ai_landscape'::regnamespace
   AND c.relname IN ('articles', 'claims', 'claim_entities', 'claim_amounts', 'claim_percentages', 'claim_times')
 GROUP BY 1, 2 ORDER BY 1;
SELECT load_article(:'body', title => 'China AI race', published => '2023-05-01') AS sample_id \gset
SELECT load_article(:'body') = :sample_id AS same_body_same_article;
-- INSERT and COPY load too
INSERT INTO articles (title, body)
VALUES ('rewrite', 'China is three years behind the US in AI but may not need three years to catch up. Nothing else.');
COPY articles (title, body) FROM STDIN;
copy	Huawei will invest $9 billion on chips in 2024. China is three years behind the US in AI.
\.
SELECT a.title, count(c.id) AS claims, count(c.duplicate_of) AS duplicates
  FROM articles a LEFT JOIN claims c ON c.article_id = a.id GROUP BY a.id, a.title ORDER BY a.id;
SELECT count(*) AS distinct_claims FROM distinct_claims;
SELECT count(*) AS sample_mentions FROM entity_mentions WHERE article_id = :sample_id;
SELECT claim_id, amount, currency, raw FROM money_mentions ORDER BY claim_id, amount;
-- the stored links are what the bulk join computes, and recluster() changes nothing
SELECT count(*) AS links_differ
  FROM claims c JOIN cluster_claims(0.6) k ON k.claim_id = c.id
 WHERE (c.duplicate_of, c.cluster_id) IS DISTINCT FROM (k.duplicate_of, k.cluster_id);
SELECT * FROM recluster();
-- a deferred bulk load, linked by recluster()
SET ai_landscape.defer_linking = on;
SELECT load_article('Bulk loaded. Baidu raised $10 billion in 2023 and China is three years behind the US in AI.') > 0 AS loaded;
RESET ai_landscape.defer_linking;
SELECT * FROM recluster();
SELECT reextract() AS claims_reextracted;
SELECT count(*) AS sample_mentions FROM entity_mentions WHERE article_id = :sample_id;
-- Without the articles triggers (Citus refuses tables with triggers: README
-- "Running on Citus"), load_article() still loads and links; an INSERT that
-- does not bring its content_hash is refused (NOT NULL, 23502)
DROP TRIGGER articles_before_insert ON articles;
DROP TRIGGER articles_after_insert ON articles;
DROP TRIGGER articles_before_update ON articles;
SELECT load_article('No trigger here. Huawei will invest $9 billion on chips in 2024.', title => 'no trigger') AS no_trigger_id \gset
SELECT id, ordinal, duplicate_of, cluster_id FROM claims WHERE article_id = :no_trigger_id ORDER BY ordinal;
SELECT loaded_at IS NOT NULL AS loaded FROM articles WHERE id = :no_trigger_id;
SELECT count(*) AS mentions FROM money_mentions WHERE article_id = :no_trigger_id;
\set VERBOSITY sqlstate
INSERT INTO articles (title, body) VALUES ('plain insert', 'Plain insert.');
\set VERBOSITY default
\c contrib_regression
DROP DATABASE ai_landscape_parted;
