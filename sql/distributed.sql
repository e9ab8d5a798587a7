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
-- an error's SQLSTATE, message and hint, as one row
CREATE FUNCTION pg_temp.error_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    hint text;
BEGIN
    EXECUTE query;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
    RETURN SQLSTATE || ': ' || SQLERRM || coalesce(nullif(' HINT: ' || hint, ' HINT: '), '');
END $$;
-- Setting up several servers is the owner's: neither PUBLIC nor the two roles may
SELECT p.oid::regprocedure AS function,
       has_function_privilege('public', p.oid, 'EXECUTE') AS public_may,
       has_function_privilege('ai_landscape_loader', p.oid, 'EXECUTE') AS loader_may
  FROM pg_proc p
 WHERE p.pronamespace = 'ai_landscape'::regnamespace AND p.proname IN ('prepare_data_node', 'partition_by_article')
 ORDER BY 1;
-- a server that does not exist, or is not a postgres_fdw server with
-- ai_landscape in its extensions option, is refused
CREATE FOREIGN DATA WRAPPER not_postgres_fdw;
CREATE SERVER not_postgres FOREIGN DATA WRAPPER not_postgres_fdw OPTIONS (extensions 'ai_landscape');
SELECT pg_temp.error_of($$SELECT partition_by_article('{no_such_server}')$$);
SELECT pg_temp.error_of($$SELECT partition_by_article('{not_postgres}')$$);
DROP SERVER not_postgres;
DROP FOREIGN DATA WRAPPER not_postgres_fdw;
-- both need an empty database (55000); ids drawn here are given back
BEGIN;
SELECT load_article('Already here. An article loaded before the set-up.') > 0 AS loaded;
SELECT pg_temp.error_of('SELECT prepare_data_node()');
SELECT pg_temp.error_of($$SELECT partition_by_article('{}')$$);
ROLLBACK;
SELECT setval('articles_id_seq', 1, false) + setval('claims_id_seq', 1, false) AS ids_reset;

SELECT partition_by_article('{}');
-- a coordinator is not a data node: prepare_data_node() would disable its loading
SELECT pg_temp.error_of('SELECT prepare_data_node()');
-- tune_claims_index() is for one server (each data node tunes its own index)
SELECT pg_temp.error_of('SELECT tune_claims_index()');
-- what partition_by_article creates has comments (tables, views, its index, the triggers)
SELECT count(*) AS uncommented_relations
  FROM pg_class c
 WHERE c.relnamespace = 'ai_landscape'::regnamespace AND c.relkind IN ('r', 'p', 'f', 'v')
   AND obj_description(c.oid, 'pg_class') IS NULL;
SELECT obj_description('ai_landscape.articles_unloaded_idx'::regclass, 'pg_class') AS unloaded_index;
SELECT t.tgname, obj_description(t.oid, 'pg_trigger') AS comment
  FROM pg_trigger t WHERE t.tgrelid = 'ai_landscape.articles'::regclass AND NOT t.tgisinternal ORDER BY 1;
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
-- 'copy' repeats nothing: its "China is three years behind the US in AI."
-- is 0.72 similar to the sample's and the rewrite's "... but may not need
-- three years to catch up.", which is negated (README "Duplicates and clusters")
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
-- a deferred bulk load, linked by recluster(): its last sentence repeats
-- 'copy' exactly, and only recluster() links it (claims_changed 1)
SET ai_landscape.defer_linking = on;
SELECT load_article('Bulk loaded. Baidu raised $10 billion in 2023 and China is three years behind the US in AI. Huawei will invest $9 billion on chips in 2024.') AS bulk_id \gset
RESET ai_landscape.defer_linking;
SELECT ordinal, duplicate_of FROM claims WHERE article_id = :bulk_id ORDER BY ordinal;
SELECT * FROM recluster();
SELECT c.ordinal, d.article_id = (SELECT id FROM articles WHERE title = 'copy') AS repeats_copy, d.ordinal AS copy_ordinal
  FROM claims c JOIN claims d ON d.id = c.duplicate_of WHERE c.article_id = :bulk_id;
SELECT reextract() AS claims_reextracted;
SELECT count(*) AS sample_mentions FROM entity_mentions WHERE article_id = :sample_id;
-- A statement of 20 articles or more is linked with one join over all
-- claims (recluster) when it brings at least 0.35% of the articles the
-- statistics count: articles_estimate(), summed over the partitions, since
-- the partitioned table has no count of its own (-1).  A link broken by
-- hand, which only recluster() repairs, shows which way a statement went.
ALTER TABLE articles_local SET (autovacuum_enabled = off);
SELECT id AS broken FROM claims WHERE duplicate_of IS NOT NULL ORDER BY id DESC LIMIT 1 \gset
UPDATE claims SET duplicate_of = NULL, cluster_id = id WHERE id = :broken;
-- the statistics of a large corpus (1,000,000 articles), without loading one:
-- 30 articles are not 0.35% of them
UPDATE pg_class SET reltuples = 1000000 WHERE oid = 'ai_landscape.articles_local'::regclass;
SELECT c.reltuples AS partitioned_reltuples, articles_estimate() AS estimate
  FROM pg_class c WHERE c.oid = 'ai_landscape.articles'::regclass;
INSERT INTO articles (title, body) SELECT 'many', md5(i::text) || ' ' || md5((-i)::text) || '.' FROM generate_series(1, 30) AS i;
SELECT duplicate_of IS NULL AS still_broken FROM claims WHERE id = :broken;
-- the real count: now 30 articles are more than 0.35%
ANALYZE articles_local;
SELECT c.reltuples AS partitioned_reltuples, articles_estimate() = (SELECT count(*) FROM articles) AS estimate_is_count
  FROM pg_class c WHERE c.oid = 'ai_landscape.articles'::regclass;
INSERT INTO articles (title, body) SELECT 'many', md5((i + 1000)::text) || ' ' || md5((-i - 1000)::text) || '.' FROM generate_series(1, 30) AS i;
SELECT duplicate_of IS NOT NULL AS repaired FROM claims WHERE id = :broken;
DELETE FROM articles WHERE title = 'many';
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
-- DROP EXTENSION refuses on a coordinator: the partitioned tables are not
-- members of the extension and use its type and sequences (2BP01);
-- DROP SCHEMA ... CASCADE removes them all
DROP EXTENSION ai_landscape;
\set VERBOSITY default
SET client_min_messages = warning;
DROP SCHEMA ai_landscape CASCADE;
RESET client_min_messages;
SELECT count(*) AS extensions FROM pg_extension WHERE extname = 'ai_landscape';
SELECT count(*) AS relations_left FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'ai_landscape';
\c contrib_regression
DROP DATABASE ai_landscape_parted;
