--
-- With pg_trgm installed too, similarity(), % and <-> exist for text (pg_trgm)
-- and for claim (ai_landscape).  Which one a query gets depends on the types of
-- its arguments, not on the order of the schemas in the search_path.
--
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ai_landscape;
CREATE SCHEMA trgm;
CREATE EXTENSION pg_trgm SCHEMA trgm;
RESET client_min_messages;

CREATE TABLE trgm_names (c ai_landscape.claim, s text);
INSERT INTO trgm_names VALUES ('China is three years behind', 'China is three years behind');

-- the two answers differ: words (Dice) against trigrams
SELECT ai_landscape.similarity('China is three years behind', 'China is two years behind') AS words,
       trgm.similarity('China is three years behind', 'China is two years behind') AS trigrams;

-- which function each form resolves to, with the schemas in both orders
CREATE FUNCTION which(x real) RETURNS text LANGUAGE sql AS $$
    SELECT CASE x WHEN ai_landscape.similarity('China is three years behind', 'China is two years behind') THEN 'ai_landscape'
                  WHEN trgm.similarity('China is three years behind', 'China is two years behind') THEN 'pg_trgm' END
$$;
CREATE FUNCTION which_distance(x real) RETURNS text LANGUAGE sql AS $$
    SELECT CASE x WHEN ai_landscape.claim_distance('China is three years behind', 'China is two years behind') THEN 'ai_landscape'
                  WHEN trgm.similarity_dist('China is three years behind', 'China is two years behind') THEN 'pg_trgm' END
$$;

-- (psql sends the same text each time; it is parsed with the search_path of the moment)
\set resolutions 'SELECT which(similarity(c, ''China is two years behind'')) AS claim_and_literal, which(similarity(s, ''China is two years behind'')) AS text_and_literal, which(similarity(''China is three years behind'', ''China is two years behind'')) AS two_literals, which(similarity(c, ''China is two years behind''::claim)) AS two_claims, which_distance(c <-> ''China is two years behind'') AS claim_distance, which_distance(s <-> ''China is two years behind'') AS text_distance, which_distance(''China is three years behind'' <-> ''China is two years behind'') AS literal_distance FROM trgm_names'
SET search_path = public, ai_landscape, trgm;
:resolutions;
SET search_path = public, trgm, ai_landscape;
:resolutions;
-- a claim against text is neither: there is no implicit cast between them
SELECT similarity(c, s) FROM trgm_names;

-- % where the two disagree: 2 of 4 words shared (0.5, below 0.6), most trigrams shared (above 0.3)
SELECT ai_landscape.similarity('The chips are banned', 'The chip is banned') AS words,
       trgm.similarity('The chips are banned', 'The chip is banned') AS trigrams;
SELECT c % 'The chip is banned' AS claim_and_literal,
       'The chips are banned' % 'The chip is banned' AS two_literals,
       s % 'The chip is banned' AS text_and_literal
  FROM (VALUES ('The chips are banned'::claim, 'The chips are banned'::text)) AS v(c, s);

-- without pg_trgm's schema on the path, literals are claims
SET search_path = public, ai_landscape;
SELECT which(similarity('China is three years behind', 'China is two years behind')) AS two_literals,
       which_distance('China is three years behind' <-> 'China is two years behind') AS literal_distance;

RESET search_path;
DROP TABLE trgm_names;
DROP FUNCTION which_distance(real);
DROP FUNCTION which(real);
DROP EXTENSION pg_trgm;
DROP SCHEMA trgm;
