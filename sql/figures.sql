--
-- Statements that differ in a figure, a year or a negation are different
-- statements, however similar their words; rewordings that keep the figures
-- are still duplicates.  The rule holds for every load order and for
-- recluster().
--
SET client_min_messages = warning;  -- quiet if an earlier test made it
CREATE EXTENSION IF NOT EXISTS ai_landscape;
RESET client_min_messages;
SET search_path = public, ai_landscape;
DELETE FROM articles;

CREATE TEMP TABLE pair (n int, a text, b text, should_repeat boolean);
INSERT INTO pair VALUES
  (1, 'China will spend $15 billion on AI in 2025.', 'China will spend $50 billion on AI in 2030.', false),
  (2, 'The US will not ban Nvidia chips.', 'The US will ban Nvidia chips.', false),
  (3, 'China will spend $15 billion on AI in 2025.', 'China will spend $15 billion on AI in 2026.', false),
  (4, 'Baidu expects revenue from AI to grow 20% this year.', 'Baidu expects revenue from AI to grow 30% this year.', false),
  (5, 'China will spend $15 billion on AI in 2025.', 'CHINA WILL SPEND $15 BILLION ON AI IN 2025.', true),
  (6, 'The "national team" will spend $15 billion on AI.', 'The “national team” will spend $15 billion on AI.', true),
  (7, 'The US will ban Nvidia chips next month, officials said.', 'The U.S. will ban Nvidia chips next month, officials said.', true),
  (8, 'China will spend $15 billion on artificial intelligence in 2025.', 'China will invest $15 billion on artificial intelligence in 2025.', true),
  (9, 'Chinese firms will spend $15 billion on AI chips in 2025.', 'Chinese firms will spend 15 billion dollars on AI chips in 2025.', true);

-- every pair reaches the default threshold: only the figures tell them apart
SELECT n, round(similarity(a::claim, b::claim)::numeric, 2) >= 0.6 AS similar_words, should_repeat
  FROM pair ORDER BY n;

-- loaded as two articles of one sentence each, in both orders
CREATE FUNCTION pg_temp.repeats(first text, second text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    later bigint;
BEGIN
    DELETE FROM ai_landscape.articles;
    PERFORM ai_landscape.load_article(first);
    later := ai_landscape.load_article(second);
    RETURN (SELECT c.duplicate_of IS NOT NULL FROM ai_landscape.claims c WHERE c.article_id = later);
END $$;
SELECT n, pg_temp.repeats(a, b) AS b_repeats_a, pg_temp.repeats(b, a) AS a_repeats_b, should_repeat
  FROM pair ORDER BY n;

-- all of them in one article: each pair is one statement or two
DELETE FROM articles;
SELECT load_article(string_agg(a || E'\n\n' || b, E'\n\n' ORDER BY n)) AS article FROM pair \gset
SELECT count(*) AS claims, count(DISTINCT cluster_id) AS statements FROM claims;
-- dashboards count the $50 billion forecast
SELECT amount, currency, count(DISTINCT cluster_id) AS statements
  FROM money_mentions WHERE amount IN (15e9, 50e9) GROUP BY 1, 2 ORDER BY 1;
-- recluster() applies the same rule
SELECT claims, clusters, claims_changed FROM recluster();

-- a chain of rewordings links only claims with the same figures: A ~ B share
-- them, C words like B but names another amount, so C stays on its own
CREATE TEMP TABLE chain (title text, body text);
INSERT INTO chain VALUES
  ('A', 'Local firms will spend $15 billion on AI chips in 2025, the ministry said.'),
  ('B', 'Local firms will spend $15 billion on AI chips in 2025, ministry officials said.'),
  ('C', 'Local firms will spend $50 billion on AI chips in 2025, ministry officials said.');
CREATE FUNCTION pg_temp.partition(titles text[]) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ai_landscape.articles;
    PERFORM ai_landscape.load_article(c.body, title => c.title)
       FROM unnest(titles) WITH ORDINALITY AS o(title, n) JOIN chain c USING (title) ORDER BY o.n;
    RETURN (SELECT string_agg(members, ' | ' ORDER BY members)
              FROM (SELECT string_agg(a.title, ',' ORDER BY a.title) AS members
                      FROM ai_landscape.claims c JOIN ai_landscape.articles a ON a.id = c.article_id
                     GROUP BY c.cluster_id) AS clusters);
END $$;
SELECT order_, pg_temp.partition(order_) AS clusters
  FROM (VALUES (ARRAY['A', 'B', 'C']), (ARRAY['C', 'B', 'A']), (ARRAY['B', 'C', 'A'])) AS o(order_);
SELECT claims_changed FROM recluster();
