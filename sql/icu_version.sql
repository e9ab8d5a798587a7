--
-- The ICU version the data was made with is recorded at CREATE EXTENSION;
-- the loaders, recluster() and reextract() refuse to run when the server's
-- ICU differs (simulated here by editing the recorded value), queries go on,
-- and accept_icu_version() records the running version again.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;

-- the running version looks like ICU's ("72.1") and is the one recorded
SELECT ai_landscape.icu_version() ~ '^[0-9]+\.[0-9]+(\.[0-9]+)*$' AS looks_like_a_version;
SELECT count(*) AS rows, bool_and(icu_version = ai_landscape.icu_version()) AS recorded_is_running
  FROM ai_landscape.icu_recorded;

SELECT ai_landscape.load_article('ICU check. The first article loads.') > 0 AS loads;
SELECT count(*) AS articles_before FROM ai_landscape.articles;

-- each call, with its SQLSTATE, message and hint; the running version is
-- shown as <running> so that the expected output holds on any ICU
CREATE FUNCTION pg_temp.attempt(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text;
    message text;
    hint text;
BEGIN
    EXECUTE statement;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
    RETURN state || ': ' || replace(message, ai_landscape.icu_version(), '<running>')
                 || E'\nHINT: ' || hint;
END
$$;

-- an ICU upgrade, simulated
UPDATE ai_landscape.icu_recorded SET icu_version = '1.0';
SELECT pg_temp.attempt($$SELECT ai_landscape.load_article('A second article. It must not load.')$$) AS load_article;
SELECT pg_temp.attempt($$INSERT INTO ai_landscape.articles (body) VALUES ('Inserted. It must not load.')$$) AS insert_into_articles;
SELECT pg_temp.attempt($$SELECT ai_landscape.recluster()$$) AS recluster;
SELECT pg_temp.attempt($$SELECT ai_landscape.reextract()$$) AS reextract;
SELECT count(*) AS articles_unchanged FROM ai_landscape.articles;
-- reading does not check: queries, the operators and the views go on
SELECT count(*) AS similar_claims FROM ai_landscape.claims
 WHERE ai_landscape.similar(sentence, 'The first article loads.', 0.9);
SELECT count(*) AS distinct_claims FROM ai_landscape.distinct_claims;
-- the same through COPY, which goes through the same trigger
\set VERBOSITY sqlstate
COPY ai_landscape.articles (body) FROM stdin;
Copied. It must not load.
\.
\set VERBOSITY default

-- no version recorded at all is refused too
DELETE FROM ai_landscape.icu_recorded;
SELECT pg_temp.attempt($$SELECT ai_landscape.load_article('A third article. It must not load.')$$) AS nothing_recorded;

-- after REINDEX, accept the running version; loads work again
REINDEX TABLE ai_landscape.claims;
SELECT ai_landscape.accept_icu_version() = ai_landscape.icu_version() AS accepted;
SELECT count(*) AS rows, bool_and(icu_version = ai_landscape.icu_version()) AS recorded_is_running
  FROM ai_landscape.icu_recorded;
SELECT ai_landscape.load_article('A second article. It loads now.') > 0 AS loads_again;
SELECT (SELECT claims FROM ai_landscape.recluster()) > 0 AS recluster_runs,
       ai_landscape.reextract() > 0 AS reextract_runs;

-- an insert replaces the row (that is how a pg_dump restore puts the source's version back)
INSERT INTO ai_landscape.icu_recorded (icu_version) VALUES ('2.0');
SELECT count(*) AS rows, max(icu_version) AS recorded FROM ai_landscape.icu_recorded;
SELECT ai_landscape.accept_icu_version() = ai_landscape.icu_version() AS accepted;

-- only the owner may accept a version: nobody else can execute it
SELECT has_function_privilege('public', 'ai_landscape.accept_icu_version()', 'EXECUTE') AS public_may_accept,
       has_function_privilege('ai_landscape_loader', 'ai_landscape.accept_icu_version()', 'EXECUTE') AS loader_may_accept;

DELETE FROM ai_landscape.articles;
