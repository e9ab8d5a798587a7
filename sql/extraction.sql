--
-- What claims say: entities, money, percentages, times, modality, attribution,
-- and the views for people and BI tools.  Acceptance on the sample article.
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;
\getenv abs_srcdir PG_ABS_SRCDIR
\set body `cat :abs_srcdir/data/china_ai_race.txt`
DELETE FROM articles;

SELECT load_article(:'body', title => 'China AI race', source => 'newswire', published => '2023-05-01') AS sample_id \gset

-- every entity the sample names, with its kind, in its first copy (lines 1-23)
SELECT m.entity, m.kind, m.country, string_agg(DISTINCT m.matched, ', ') AS written_as,
       array_agg(DISTINCT c.ordinal ORDER BY c.ordinal) AS lines
  FROM entity_mentions m JOIN claims c ON c.id = m.claim_id
 WHERE c.article_id = :sample_id AND c.ordinal <= 23
 GROUP BY m.entity, m.kind, m.country ORDER BY m.kind, m.entity;
-- "US" is matched as the country; lowercase "us" would not be
SELECT entity, matched FROM entity_mentions
 WHERE claim_id = (SELECT id FROM claims WHERE article_id = :sample_id AND ordinal = 6);

-- money: both amounts, exact, in USD; the forecast one is marked as such
SELECT c.ordinal, m.amount, m.amount_high, m.currency, m.raw, m.modality
  FROM money_mentions m JOIN claims c ON c.id = m.claim_id
 WHERE c.ordinal <= 23 ORDER BY c.ordinal;

-- times: 2022, early 2023, this year (resolved with the published date), three years, two-year
SELECT c.ordinal, t.kind, t.year, t.qualifier, t.value, t.unit, t.raw
  FROM claim_times t JOIN claims c ON c.id = t.claim_id
 WHERE c.ordinal <= 23 ORDER BY c.ordinal, t.start_offset;

-- kind of statement and attribution, line by line
SELECT ordinal, modality, negated, attributed_to, attribution, left(sentence, 45) AS starts
  FROM claim_facts WHERE article_id = :sample_id AND ordinal <= 23 ORDER BY ordinal;

-- one row per statement: 23
SELECT count(*) AS distinct_claims, sum(repetitions) AS claims FROM distinct_claims;
SELECT repetitions, count(*) AS statements FROM distinct_claims GROUP BY 1 ORDER BY 1;

-- the parsers on their own
SELECT * FROM amounts('US$1.2bn, €3m, ¥5 trillion, 10 billion yuan, RMB 2.5 billion, $15.5 billion, a $10-15 billion market, up 20% or 3.5 percent');
SELECT * FROM times('In 2022 and early 2023; mid-2024; this year, last year and next year; a two-year plan over 18 months', '2023-05-01');
SELECT * FROM times('last year', NULL);
SELECT * FROM modality('Some analysts believe chips will be scarce.');
SELECT * FROM modality('The startup may raise more money, Robin Li said.');
SELECT * FROM modality('Baidu does not need three years.');
-- no text, no rows: times() is not STRICT (its date is optional) but answers like amounts()
SELECT (SELECT count(*) FROM amounts(NULL)) AS amounts_of_null,
       (SELECT count(*) FROM times(NULL)) AS times_of_null,
       (SELECT count(*) FROM times(NULL, '2023-05-01')) AS times_of_null_dated;
-- modality() reads the whole text: cues after the 512th word count
SELECT * FROM modality(repeat('word ', 600) || 'and prices will rise.');
SELECT * FROM modality(repeat('word ', 600) || 'and prices did not rise, Robin Li said.');
-- offsets stay exact in long texts (counted by a cursor, not from the start per match)
SELECT count(*) AS amounts, max(start_offset) AS last_start, max(end_offset) AS last_end
  FROM amounts(repeat('中国 €3m, ', 20000));
SELECT count(*) AS times, max(start_offset) AS last_start,
       bool_and(raw = 'this year') AS all_this_year
  FROM times(repeat('é this year; ', 20000), '2023-05-01');

-- unknown capitalised names are still recorded
SELECT load_article('Zhang Wei of Quantum Dragon Labs met Tencent executives in Shenzhen.', title => 'unknown names') AS unknown_id \gset
SELECT matched, entity, kind FROM entity_mentions m JOIN claims c ON c.id = m.claim_id
 WHERE c.article_id = :unknown_id ORDER BY m.start_offset;

-- the gazetteer grows with INSERT: the next load uses it, reextract() updates the past
INSERT INTO entities (name, kind, country) VALUES ('Quantum Dragon Labs', 'research_lab', 'CN');
INSERT INTO entities (name, kind, country) VALUES ('Zhang Wei', 'person', 'CN');
INSERT INTO entity_aliases (entity_id, alias) SELECT id, 'QDL' FROM entities WHERE name = 'Quantum Dragon Labs';
SELECT load_article('QDL hired engineers from Baidu.', title => 'after insert') AS after_id \gset
SELECT matched, entity, kind FROM entity_mentions m JOIN claims c ON c.id = m.claim_id
 WHERE c.article_id = :after_id ORDER BY m.start_offset;
-- the loader writes each claim's modality and attribution with the claim
-- (claim_kind); reextract() computes them as extract_claims() always did: the same
SELECT load_article('Sales of Nvidia chips rose, according to Huawei. Analysts at Tencent said demand would grow. '
                    'The market grew 5%, the Ministry of Industry and Information Technology reported.',
                    title => 'attributions') > 0 AS loaded;
CREATE TEMP TABLE kinds_loaded AS SELECT id, modality, negated, attribution, attributed_to FROM claims;
SELECT count(*) FILTER (WHERE attribution IS NOT NULL) >= 2 AS some_attributed,
       count(*) FILTER (WHERE attributed_to IS NOT NULL) >= 2 AS some_named FROM kinds_loaded;
SELECT reextract() AS claims_reextracted;
SELECT count(*) AS kinds_changed_by_reextract
  FROM kinds_loaded k JOIN claims c USING (id)
 WHERE (k.modality, k.negated, k.attribution, k.attributed_to)
       IS DISTINCT FROM (c.modality, c.negated, c.attribution, c.attributed_to);
SELECT matched, entity, kind FROM entity_mentions m JOIN claims c ON c.id = m.claim_id
 WHERE c.article_id = :unknown_id ORDER BY m.start_offset;
-- claim_kind() reads the gazetteer once per statement, also where PL/pgSQL
-- keeps one expression across statements: an entity added between two
-- evaluations of the same expression is seen by the second
BEGIN;
CREATE FUNCTION pg_temp.attributed_twice() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    seen text := '';
BEGIN
    FOR i IN 1 .. 2 LOOP
        seen := seen || coalesce((claim_kind('Sales rose, according to Zorblax Dynamics.')).attributed_to::text, 'none')
                     || ' ';
        IF i = 1 THEN
            INSERT INTO entities (name, kind, country) VALUES ('Zorblax Dynamics', 'company', 'US');
        END IF;
    END LOOP;
    RETURN seen;
END
$$;
SELECT pg_temp.attributed_twice() ~ '^none [0-9]+ $' AS second_sees_new_entity;
ROLLBACK;
-- a load reads the gazetteer twice (the claims' attributed_to with the
-- INSERT, then the mentions): should an entity arrive in between,
-- extract_mentions() brings the claim in line with its mentions
BEGIN;
SELECT load_article('Chip sales rose, according to Quibbleton Labs.', title => 'late entity') AS late_id \gset
SELECT attribution, attributed_to IS NULL AS unnamed FROM claims WHERE article_id = :late_id;
INSERT INTO entities (name, kind, country) VALUES ('Quibbleton Labs', 'research_lab', 'US');
DELETE FROM claim_entities WHERE article_id = :late_id;
SELECT extract_mentions(ARRAY[:late_id]::bigint[]) AS claims_read;
SELECT m.matched, c.attributed_to = m.entity_id AS attributed_to_the_mention
  FROM claims c JOIN claim_entities m ON m.claim_id = c.id WHERE c.article_id = :late_id;
ROLLBACK;
-- reextract() recomputes, it does not add: the sample's mentions are as before
SELECT count(*) AS sample_mentions FROM entity_mentions WHERE article_id = :sample_id;
SELECT reextract() > 0 AS again;
SELECT count(*) AS sample_mentions FROM entity_mentions WHERE article_id = :sample_id;

-- the BI views use standard SQL types only
SELECT c.table_name, c.column_name, c.data_type
  FROM information_schema.columns c
 WHERE c.table_schema = 'ai_landscape'
   AND c.table_name IN ('claim_facts', 'entity_mentions', 'money_mentions', 'distinct_claims')
   AND c.data_type NOT IN ('text', 'bigint', 'integer', 'numeric', 'date', 'boolean')
 ORDER BY 1, 2;
SELECT table_name, count(*) AS columns FROM information_schema.columns
 WHERE table_schema = 'ai_landscape'
   AND table_name IN ('claim_facts', 'entity_mentions', 'money_mentions', 'distinct_claims')
 GROUP BY 1 ORDER BY 1;
