--
-- Every function that reads or writes tables sets its own search_path, so
-- that objects another role puts in a schema on the caller's path are never
-- called by the loaders, recluster(), reextract() or the extraction.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;

-- every function that is not IMMUTABLE (those read tables or settings), and
-- every function in SQL or PL/pgSQL, pins search_path (none is listed here)
SELECT p.oid::regprocedure AS unpinned
  FROM pg_proc AS p JOIN pg_language AS l ON l.oid = p.prolang
 WHERE p.pronamespace = 'ai_landscape'::regnamespace
   AND (p.provolatile <> 'i' OR l.lanname <> 'c')
   AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
 ORDER BY 1;
-- among them the C functions that run queries through SPI
SELECT p.proname, p.proconfig[1] AS setting
  FROM pg_proc AS p
 WHERE p.pronamespace = 'ai_landscape'::regnamespace
   AND p.proname IN ('claim_kind', 'extract_claims', 'extract_mentions', 'link_claims_bulk', 'link_new_claims')
 ORDER BY 1;

-- An ordinary role that may create objects in public (as in a database
-- created before PostgreSQL 15) plants look-alikes of what the extension's
-- queries call; each records that it was called.
CREATE ROLE regress_ai_mallory;
GRANT CREATE ON SCHEMA public TO regress_ai_mallory;
SET ROLE regress_ai_mallory;
CREATE TABLE public.hijack_calls (called text);
GRANT SELECT, INSERT ON public.hijack_calls TO PUBLIC;
CREATE FUNCTION public.spy_int8eq(bigint, bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_calls VALUES ('= (bigint, bigint)'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR public.= (LEFTARG = bigint, RIGHTARG = bigint, PROCEDURE = public.spy_int8eq);
CREATE FUNCTION public.spy_int8lt(bigint, bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_calls VALUES ('< (bigint, bigint)'); RETURN $1 OPERATOR(pg_catalog.<) $2; END $$;
CREATE OPERATOR public.< (LEFTARG = bigint, RIGHTARG = bigint, PROCEDURE = public.spy_int8lt);
-- an exact-type unnest wins over pg_catalog's unnest(anyarray) whatever the order
CREATE FUNCTION public.unnest(bigint[]) RETURNS SETOF bigint LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_calls VALUES ('unnest(bigint[])'); RETURN QUERY SELECT pg_catalog.unnest($1); END $$;
CREATE FUNCTION public.unnest(text[]) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_calls VALUES ('unnest(text[])'); RETURN QUERY SELECT pg_catalog.unnest($1); END $$;
CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_calls VALUES ('lower(text)'); RETURN pg_catalog.lower($1); END $$;
CREATE FUNCTION public.spy_int8smaller(bigint, bigint) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_calls VALUES ('min(bigint)'); RETURN pg_catalog.int8smaller($1, $2); END $$;
CREATE AGGREGATE public.min(bigint) (SFUNC = public.spy_int8smaller, STYPE = bigint);
CREATE FUNCTION public.spy_count(bigint) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN INSERT INTO public.hijack_calls VALUES ('count(*)'); RETURN $1 + 1; END $$;
CREATE AGGREGATE public.count(*) (SFUNC = public.spy_count, STYPE = bigint, INITCOND = '0');
RESET ROLE;

-- the victim, a superuser, puts public first, even before pg_catalog
SET search_path = public, pg_catalog, ai_landscape;
-- the trap works: an unpinned query calls the look-alikes
SELECT count(*) AS rows FROM unnest(ARRAY[1, 2]::bigint[]) AS u WHERE u = 1::bigint;
SELECT called, count(*) FROM public.hijack_calls GROUP BY 1 ORDER BY 1;
TRUNCATE public.hijack_calls;

-- the extension's writers and readers run with the trap in place (the
-- test's own queries name pg_catalog.count)
SELECT load_article('Hijack test. OpenAI said Nvidia will spend $5 billion in 2024. China is not behind.',
                    published => '2024-01-01') > 0 AS loaded;
INSERT INTO articles (body) VALUES ('Inserted with the trap set. Baidu raised 20% more this year.');
COPY articles (body) FROM stdin;
Copied with the trap set. Alibaba is expected to invest ¥5 trillion over three years.
\.
SET ai_landscape.defer_linking = on;
SELECT load_article('A deferred load with the trap set. Microsoft may invest €3m.') > 0 AS deferred_loaded;
RESET ai_landscape.defer_linking;
SELECT claims > 0 AS reclustered FROM recluster();
SELECT reextract() > 0 AS reextracted;
SELECT pg_catalog.count(*) > 0 AS clustered FROM cluster_claims(0.6);
SELECT pg_catalog.count(*) > 0 AS linked FROM link_claims_bulk(0.6);
SELECT pg_catalog.count(*) > 0 AS found_similar FROM claims WHERE similar(sentence, 'China is not behind.', 0.8);
SELECT pg_catalog.count(*) > 0 AS views_read FROM (SELECT claim_id FROM claim_facts UNION ALL SELECT claim_id FROM entity_mentions
                                        UNION ALL SELECT claim_id FROM money_mentions UNION ALL SELECT claim_id FROM distinct_claims) AS v;
-- the loads worked: money, entities and times were extracted, once each
SELECT (SELECT pg_catalog.count(*) FROM money_mentions WHERE raw IN ('$5 billion', '¥5 trillion', '€3m')) AS amounts,
       (SELECT pg_catalog.count(*) FROM entity_mentions WHERE entity IN ('OpenAI', 'Nvidia', 'Baidu', 'Alibaba', 'Microsoft')) AS entities,
       (SELECT pg_catalog.count(*) FROM claim_times WHERE raw IN ('2024', 'this year', 'three years')) AS times;
SELECT extract_claims(ARRAY(SELECT a.id FROM articles AS a)) > 0 AS extracted;
RESET search_path;

-- the look-alikes were never called (no rows)
SELECT called, count(*) FROM public.hijack_calls GROUP BY 1 ORDER BY 1;

DELETE FROM ai_landscape.articles;
DROP OWNED BY regress_ai_mallory;
REVOKE CREATE ON SCHEMA public FROM regress_ai_mallory;
DROP ROLE regress_ai_mallory;
