/* ai_landscape--1.0.sql */

\echo Use "CREATE EXTENSION ai_landscape" to load this file. \quit

-- ICU reads the database's bytes as UTF-8: refuse anything else up front.
DO $$
BEGIN
    IF pg_catalog.getdatabaseencoding() <> 'UTF8' THEN
        RAISE EXCEPTION 'ai_landscape requires a UTF8 database, this one is %',
                        pg_catalog.getdatabaseencoding()
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Create the database with ENCODING ''UTF8'' and install the extension there.';
    END IF;
END
$$;

------------------------------------------------------------------------------
-- The claim type
------------------------------------------------------------------------------

CREATE TYPE claim;

CREATE FUNCTION claim_in(cstring) RETURNS claim
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_out(claim) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_recv(internal) RETURNS claim
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_send(claim) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE claim (
    INPUT = claim_in,
    OUTPUT = claim_out,
    RECEIVE = claim_recv,
    SEND = claim_send,
    INTERNALLENGTH = VARIABLE,
    STORAGE = extended,
    CATEGORY = 'S'
);

COMMENT ON TYPE claim IS
    'a sentence-level statement: prints exactly as stored, compares, sorts and hashes by its normalized form (NFKC, case fold, quotes/dashes/white space folded)';
COMMENT ON FUNCTION claim_in(cstring) IS 'text input of claim; empty or white-space-only text is refused (22P02)';
COMMENT ON FUNCTION claim_out(claim) IS 'text output of claim: the original text, byte for byte';
COMMENT ON FUNCTION claim_recv(internal) IS 'binary input of claim: UTF-8 text, validated and normalized like text input';
COMMENT ON FUNCTION claim_send(claim) IS 'binary output of claim: the original text';

-- Casts work on assignment only, both ways.  An implicit claim -> text cast
-- (as citext has) would let "a = b" silently compare case-sensitive text
-- whenever this schema is not on the search_path; now that is an error.
CREATE FUNCTION claim_to_text(claim) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_from_text(text) RETURNS claim
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION claim_to_text(claim) IS 'the original text of a claim';
COMMENT ON FUNCTION claim_from_text(text) IS 'a claim from text; empty or white-space-only text is refused (22P02)';

CREATE CAST (claim AS text) WITH FUNCTION claim_to_text(claim) AS ASSIGNMENT;
CREATE CAST (text AS claim) WITH FUNCTION claim_from_text(text) AS ASSIGNMENT;
CREATE CAST (varchar AS claim) WITH FUNCTION claim_from_text(text) AS ASSIGNMENT;
COMMENT ON CAST (claim AS text) IS 'the original text of a claim (assignment cast)';
COMMENT ON CAST (text AS claim) IS 'parse text as a claim (assignment cast)';
COMMENT ON CAST (varchar AS claim) IS 'parse varchar as a claim (assignment cast)';

-- functions of a claim
CREATE FUNCTION normalized(claim) RETURNS text
    AS 'MODULE_PATHNAME', 'claim_normalized' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION normalized(claim) IS
    'the form claims are compared by: NFKC + case fold, curly quotes and dashes folded to ASCII, white space collapsed and trimmed';

CREATE FUNCTION tokens(claim) RETURNS text[]
    AS 'MODULE_PATHNAME', 'claim_tokens' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION tokens(claim) IS
    'the words of the normalized claim by ICU word break rules (punctuation dropped; Chinese and Japanese split by dictionary)';

CREATE FUNCTION length(claim) RETURNS integer
    AS 'MODULE_PATHNAME', 'claim_length' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION length(claim) IS 'number of characters of the original text';

-- comparison
CREATE FUNCTION claim_eq(claim, claim) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION claim_ne(claim, claim) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION claim_lt(claim, claim) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION claim_le(claim, claim) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION claim_gt(claim, claim) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION claim_ge(claim, claim) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION claim_cmp(claim, claim) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION claim_hash(claim) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION claim_hash_extended(claim, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION claim_eq(claim, claim) IS 'normalized forms are equal';
COMMENT ON FUNCTION claim_ne(claim, claim) IS 'normalized forms differ';
COMMENT ON FUNCTION claim_lt(claim, claim) IS 'normalized form sorts before (code-point order)';
COMMENT ON FUNCTION claim_le(claim, claim) IS 'normalized form sorts before or equal (code-point order)';
COMMENT ON FUNCTION claim_gt(claim, claim) IS 'normalized form sorts after (code-point order)';
COMMENT ON FUNCTION claim_ge(claim, claim) IS 'normalized form sorts after or equal (code-point order)';
COMMENT ON FUNCTION claim_cmp(claim, claim) IS 'btree support: -1, 0 or 1 by normalized form';
COMMENT ON FUNCTION claim_hash(claim) IS 'hash support: hash of the normalized form';
COMMENT ON FUNCTION claim_hash_extended(claim, bigint) IS 'hash support: seeded 64-bit hash of the normalized form';

CREATE OPERATOR = (
    LEFTARG = claim, RIGHTARG = claim, PROCEDURE = claim_eq,
    COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES
);
CREATE OPERATOR <> (
    LEFTARG = claim, RIGHTARG = claim, PROCEDURE = claim_ne,
    COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR < (
    LEFTARG = claim, RIGHTARG = claim, PROCEDURE = claim_lt,
    COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR <= (
    LEFTARG = claim, RIGHTARG = claim, PROCEDURE = claim_le,
    COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR > (
    LEFTARG = claim, RIGHTARG = claim, PROCEDURE = claim_gt,
    COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR >= (
    LEFTARG = claim, RIGHTARG = claim, PROCEDURE = claim_ge,
    COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR = (claim, claim) IS 'normalized forms are equal';
COMMENT ON OPERATOR <> (claim, claim) IS 'normalized forms differ';
COMMENT ON OPERATOR < (claim, claim) IS 'sorts before, by normalized form';
COMMENT ON OPERATOR <= (claim, claim) IS 'sorts before or equal, by normalized form';
COMMENT ON OPERATOR > (claim, claim) IS 'sorts after, by normalized form';
COMMENT ON OPERATOR >= (claim, claim) IS 'sorts after or equal, by normalized form';

CREATE OPERATOR CLASS claim_ops
    DEFAULT FOR TYPE claim USING btree AS
        OPERATOR 1 <,
        OPERATOR 2 <=,
        OPERATOR 3 =,
        OPERATOR 4 >=,
        OPERATOR 5 >,
        FUNCTION 1 claim_cmp(claim, claim);
COMMENT ON OPERATOR FAMILY claim_ops USING btree IS
    'btree operators of claims (normalized form)';
COMMENT ON OPERATOR CLASS claim_ops USING btree IS
    'btree order of claims by normalized form: UNIQUE, ORDER BY, merge joins';

CREATE OPERATOR CLASS claim_ops
    DEFAULT FOR TYPE claim USING hash AS
        OPERATOR 1 =,
        FUNCTION 1 claim_hash(claim),
        FUNCTION 2 claim_hash_extended(claim, bigint);
COMMENT ON OPERATOR FAMILY claim_ops USING hash IS
    'hash operators of claims (normalized form)';
COMMENT ON OPERATOR CLASS claim_ops USING hash IS
    'hashing of claims by normalized form: GROUP BY, DISTINCT, hash joins, hash partitioning';

------------------------------------------------------------------------------
-- Segmentation
------------------------------------------------------------------------------

CREATE FUNCTION sentences(body text,
                          OUT ordinal integer, OUT start_offset integer,
                          OUT end_offset integer, OUT sentence text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'al_sentences'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 50;
COMMENT ON FUNCTION sentences(text) IS
    'ICU sentence segmentation with the project''s abbreviation rules; offsets are 0-based character positions, substr(body, start_offset + 1, end_offset - start_offset) gives the sentence';

CREATE FUNCTION content_hash(body text) RETURNS bytea
    AS 'MODULE_PATHNAME', 'al_content_hash'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION content_hash(text) IS
    'SHA-256 of a body with white space runs folded to one space and trimmed: the identity of an article';

------------------------------------------------------------------------------
-- Similarity
------------------------------------------------------------------------------

CREATE FUNCTION shingles(claim) RETURNS text[]
    AS 'MODULE_PATHNAME', 'claim_shingles_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION shingles(claim) IS
    'what similarity compares: the distinct words of the normalized claim (a claim without words is one shingle, its whole text)';

CREATE FUNCTION similarity(claim, claim) RETURNS real
    AS 'MODULE_PATHNAME', 'claim_similarity_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION similarity(claim, claim) IS
    'Dice coefficient 2|A∩B|/(|A|+|B|) of the sets of (hashed) words, in [0, 1]; 1 for normalized-equal claims';

CREATE FUNCTION claim_distance(claim, claim) RETURNS real
    AS 'MODULE_PATHNAME', 'claim_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION claim_distance(claim, claim) IS '1 - similarity: the distance <-> orders by';

CREATE FUNCTION claim_similar_default(claim, claim) RETURNS boolean
    AS 'MODULE_PATHNAME', 'claim_similar_default' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION claim_similar_default(claim, claim) IS 'similarity >= 0.6: the % operator';

CREATE TYPE claim_query AS (query claim, threshold real);
COMMENT ON TYPE claim_query IS 'a claim and a similarity threshold: the right operand of %>=';
COMMENT ON COLUMN claim_query.query IS 'the claim to compare with';
COMMENT ON COLUMN claim_query.threshold IS 'the least similarity that matches, between 0 and 1';

CREATE FUNCTION claim_similar_query(claim, claim_query) RETURNS boolean
    AS 'MODULE_PATHNAME', 'claim_similar_query' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION claim_similar_query(claim, claim_query) IS 'similarity >= the query''s threshold: the %>= operator';

CREATE FUNCTION claim_similar_support(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'claim_similar_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION claim_similar_support(internal) IS
    'planner support: turns similar(column, query, threshold) into an index condition column %>= (query, threshold)';

CREATE FUNCTION similar(claim, claim, threshold real) RETURNS boolean
    AS 'MODULE_PATHNAME', 'claim_similar_threshold' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    SUPPORT claim_similar_support;
COMMENT ON FUNCTION similar(claim, claim, real) IS
    'similarity >= threshold, with the threshold given per query; an index on the first argument serves it';

CREATE OPERATOR <-> (
    LEFTARG = claim, RIGHTARG = claim, PROCEDURE = claim_distance, COMMUTATOR = <->
);
COMMENT ON OPERATOR <-> (claim, claim) IS 'distance: 1 - similarity (ORDER BY sentence <-> ''text'' LIMIT k)';

CREATE OPERATOR % (
    LEFTARG = claim, RIGHTARG = claim, PROCEDURE = claim_similar_default,
    COMMUTATOR = %, RESTRICT = contsel, JOIN = contjoinsel
);
COMMENT ON OPERATOR % (claim, claim) IS 'near-duplicate: similarity >= 0.6';

CREATE OPERATOR %>= (
    LEFTARG = claim, RIGHTARG = claim_query, PROCEDURE = claim_similar_query,
    RESTRICT = contsel, JOIN = contjoinsel
);
COMMENT ON OPERATOR %>= (claim, claim_query) IS 'similarity >= the given threshold: sentence %>= (''text'', 0.8)::claim_query';

CREATE FUNCTION claim_gin_extract_value(claim, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gin_extract_query(claim, internal, int2, internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gin_consistent(internal, int2, claim, int4, internal, internal, internal, internal) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gin_triconsistent(internal, int2, claim, int4, internal, internal, internal) RETURNS "char"
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION claim_gin_extract_value(claim, internal, internal) IS 'GIN support: the shingle hashes of a claim';
COMMENT ON FUNCTION claim_gin_extract_query(claim, internal, int2, internal, internal, internal, internal) IS
    'GIN support: the shingle hashes of a query and how many a row needs';
COMMENT ON FUNCTION claim_gin_consistent(internal, int2, claim, int4, internal, internal, internal, internal) IS
    'GIN support: a row with enough of the query''s shingles is a candidate (rechecked)';
COMMENT ON FUNCTION claim_gin_triconsistent(internal, int2, claim, int4, internal, internal, internal) IS
    'GIN support: tri-state consistent, lets GIN skip through frequent shingles';

CREATE OPERATOR CLASS claim_gin_ops
    DEFAULT FOR TYPE claim USING gin AS
        OPERATOR 1 % (claim, claim),
        OPERATOR 2 %>= (claim, claim_query),
        OPERATOR 3 = (claim, claim),
        FUNCTION 1 btint4cmp(int4, int4),
        FUNCTION 2 claim_gin_extract_value(claim, internal, internal),
        FUNCTION 3 claim_gin_extract_query(claim, internal, int2, internal, internal, internal, internal),
        FUNCTION 4 claim_gin_consistent(internal, int2, claim, int4, internal, internal, internal, internal),
        FUNCTION 6 claim_gin_triconsistent(internal, int2, claim, int4, internal, internal, internal),
        STORAGE int4;
COMMENT ON OPERATOR FAMILY claim_gin_ops USING gin IS 'GIN operators of claims';
COMMENT ON OPERATOR CLASS claim_gin_ops USING gin IS
    'exact GIN index of claims over their shingle hashes: serves %, %>=, similar() and =, at every threshold';

-- GiST: the storage type of its keys, then the operator class
CREATE TYPE claim_signature;
CREATE FUNCTION claim_signature_in(cstring) RETURNS claim_signature
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_signature_out(claim_signature) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE claim_signature (
    INPUT = claim_signature_in, OUTPUT = claim_signature_out, INTERNALLENGTH = VARIABLE
);
COMMENT ON TYPE claim_signature IS 'GiST key of claims: shingle hashes at leaves, bit signatures above (internal)';
COMMENT ON FUNCTION claim_signature_in(cstring) IS 'refuses input: claim_signature exists only inside GiST indexes';
COMMENT ON FUNCTION claim_signature_out(claim_signature) IS 'a short description of a GiST key';

CREATE FUNCTION claim_gist_consistent(internal, claim, int2, oid, internal) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gist_distance(internal, claim, int2, oid, internal) RETURNS float8
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gist_union(internal, internal) RETURNS claim_signature
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gist_compress(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gist_decompress(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gist_penalty(internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gist_picksplit(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gist_same(claim_signature, claim_signature, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION claim_gist_options(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION claim_gist_consistent(internal, claim, int2, oid, internal) IS 'GiST support: can the subtree hold a match';
COMMENT ON FUNCTION claim_gist_distance(internal, claim, int2, oid, internal) IS 'GiST support: least distance in the subtree (exact at leaves)';
COMMENT ON FUNCTION claim_gist_union(internal, internal) IS 'GiST support: signature of a set of keys';
COMMENT ON FUNCTION claim_gist_compress(internal) IS 'GiST support: a claim as its shingle hashes';
COMMENT ON FUNCTION claim_gist_decompress(internal) IS 'GiST support: detoast a key';
COMMENT ON FUNCTION claim_gist_penalty(internal, internal, internal) IS 'GiST support: bits an insertion adds';
COMMENT ON FUNCTION claim_gist_picksplit(internal, internal) IS 'GiST support: split a page around its two most different keys';
COMMENT ON FUNCTION claim_gist_same(claim_signature, claim_signature, internal) IS 'GiST support: are two keys equal';
COMMENT ON FUNCTION claim_gist_options(internal) IS 'GiST support: the siglen option (bytes of inner signatures, default 256)';

CREATE OPERATOR CLASS claim_gist_ops
    DEFAULT FOR TYPE claim USING gist AS
        OPERATOR 1 % (claim, claim),
        OPERATOR 2 %>= (claim, claim_query),
        OPERATOR 4 <-> (claim, claim) FOR ORDER BY pg_catalog.float_ops,
        FUNCTION 1 claim_gist_consistent(internal, claim, int2, oid, internal),
        FUNCTION 2 claim_gist_union(internal, internal),
        FUNCTION 3 claim_gist_compress(internal),
        FUNCTION 4 claim_gist_decompress(internal),
        FUNCTION 5 claim_gist_penalty(internal, internal, internal),
        FUNCTION 6 claim_gist_picksplit(internal, internal),
        FUNCTION 7 claim_gist_same(claim_signature, claim_signature, internal),
        FUNCTION 8 claim_gist_distance(internal, claim, int2, oid, internal),
        FUNCTION 10 claim_gist_options(internal),
        STORAGE claim_signature;
COMMENT ON OPERATOR FAMILY claim_gist_ops USING gist IS 'GiST operators of claims';
COMMENT ON OPERATOR CLASS claim_gist_ops USING gist IS
    'exact GiST index of claims: ORDER BY sentence <-> query LIMIT k, and %, %>=, similar(); option siglen';

------------------------------------------------------------------------------
-- Tables
------------------------------------------------------------------------------

CREATE TABLE entities (
    id       bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name     text NOT NULL UNIQUE,
    kind     text NOT NULL CHECK (kind IN ('company', 'research_lab', 'government_body', 'person', 'country',
                                           'city', 'region', 'product_or_model', 'investor_or_fund', 'university')),
    country  text,
    builtin  boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE entities IS
    'the gazetteer: companies, labs, government bodies, people, places, products, investors, universities; add rows with INSERT, then reextract()';
COMMENT ON COLUMN entities.id IS 'entity id';
COMMENT ON COLUMN entities.name IS 'canonical name (also matched, like an alias)';
COMMENT ON COLUMN entities.kind IS 'company, research_lab, government_body, person, country, city, region, product_or_model, investor_or_fund or university';
COMMENT ON COLUMN entities.country IS 'ISO 3166-1 alpha-2 code of the country the entity belongs to, if any';
COMMENT ON COLUMN entities.builtin IS 'shipped with the extension (data/gazetteer.tsv); pg_dump keeps only rows that are not';

CREATE TABLE entity_aliases (
    entity_id bigint NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    alias     text NOT NULL,
    builtin   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (entity_id, alias)
);
COMMENT ON TABLE entity_aliases IS
    'other ways people write an entity''s name ("US", "U.S.", "America"; "AMD"); matched as written, or in any case when the text is in capitals';
COMMENT ON COLUMN entity_aliases.entity_id IS 'the entity';
COMMENT ON COLUMN entity_aliases.alias IS 'a name as it is written';
COMMENT ON COLUMN entity_aliases.builtin IS 'shipped with the extension; pg_dump keeps only rows that are not';

CREATE TABLE articles (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    title        text,
    source       text,
    url          text,
    published    date,
    body         text NOT NULL,
    content_hash bytea NOT NULL,
    loaded_at    timestamptz,
    near_duplicate_of bigint REFERENCES articles (id) ON DELETE SET NULL,
    CONSTRAINT articles_content_hash_key UNIQUE (content_hash)
);
COMMENT ON TABLE articles IS
    'one row per distinct article; INSERT or COPY a body here and its claims are loaded';
COMMENT ON COLUMN articles.id IS 'article id';
COMMENT ON COLUMN articles.title IS 'headline, as given';
COMMENT ON COLUMN articles.source IS 'publisher or feed, as given';
COMMENT ON COLUMN articles.url IS 'where the article was found, as given';
COMMENT ON COLUMN articles.published IS 'publication date, as given';
COMMENT ON COLUMN articles.body IS 'the full text, exactly as loaded';
COMMENT ON COLUMN articles.content_hash IS 'content_hash(body), set on insert: the same body twice is one article';
COMMENT ON COLUMN articles.near_duplicate_of IS
    'an earlier article (smaller id) that at least 80% of this article''s claims repeat: share a near-duplicate cluster with one of its claims; NULL if none';
COMMENT ON COLUMN articles.loaded_at IS 'when the claims were loaded; rows inserted with it already set (pg_dump restores) are not segmented again';

CREATE TABLE claims (
    id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    article_id   bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal      integer NOT NULL,
    start_offset integer NOT NULL,
    end_offset   integer NOT NULL,
    sentence     claim NOT NULL,
    duplicate_of bigint REFERENCES claims (id) ON DELETE SET NULL,
    cluster_id   bigint NOT NULL,
    modality     text CHECK (modality IN ('fact', 'forecast', 'hedged', 'opinion', 'meta')),
    negated      boolean,
    attribution  text,
    attributed_to bigint REFERENCES entities (id) ON DELETE SET NULL,
    CONSTRAINT claims_article_ordinal_key UNIQUE (article_id, ordinal),
    CONSTRAINT claims_offsets_check CHECK (0 <= start_offset AND start_offset < end_offset)
);
CREATE INDEX claims_duplicate_of_idx ON claims (duplicate_of);
CREATE INDEX claims_cluster_idx ON claims (cluster_id);
-- near-duplicate probes of the loader, and users' =, %, similar() queries.  No
-- btree on sentence: its entries hold the whole text, and a sentence of a few
-- kilobytes would not fit in one
CREATE INDEX claims_sentence_gin ON claims USING gin (sentence);

COMMENT ON TABLE claims IS 'one row per sentence of every article, in article order';
COMMENT ON COLUMN claims.id IS 'claim id; within an article, ids follow the order of the sentences';
COMMENT ON COLUMN claims.article_id IS 'the article the sentence comes from';
COMMENT ON COLUMN claims.ordinal IS '1-based position of the sentence in its article';
COMMENT ON COLUMN claims.start_offset IS '0-based character offset of the sentence in the article body';
COMMENT ON COLUMN claims.end_offset IS 'character offset just past the sentence (trailing white space excluded)';
COMMENT ON COLUMN claims.sentence IS 'the sentence, as a claim';
COMMENT ON COLUMN claims.duplicate_of IS
    'id of the earliest claim, in any article, whose similarity to this one is at least ai_landscape.duplicate_threshold (equal claims included); NULL for a first occurrence';
COMMENT ON COLUMN claims.modality IS
    'kind of statement: meta (about the text), opinion, forecast, hedged or fact, in that order of precedence when several cues appear';
COMMENT ON COLUMN claims.negated IS 'the sentence is negated ("not", "never", "cannot", "-n''t")';
COMMENT ON COLUMN claims.attribution IS 'who the claim says it comes from, as written ("according to Preqin" -> Preqin)';
COMMENT ON COLUMN claims.attributed_to IS 'the gazetteer entity named in the attribution, if any';
COMMENT ON COLUMN claims.cluster_id IS
    'near-duplicate cluster: the id of the earliest claim of this claim''s connected component in the "similarity >= duplicate_threshold" graph';

CREATE TABLE claim_entities (
    claim_id     bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    entity_id    bigint REFERENCES entities (id) ON DELETE CASCADE,
    start_offset integer NOT NULL,
    end_offset   integer NOT NULL,
    matched      text NOT NULL
);
CREATE INDEX claim_entities_claim_idx ON claim_entities (claim_id);
CREATE INDEX claim_entities_entity_idx ON claim_entities (entity_id);
COMMENT ON TABLE claim_entities IS 'one row per name found in a claim: gazetteer entities, and capitalised names it does not know (entity_id NULL)';
COMMENT ON COLUMN claim_entities.claim_id IS 'the claim';
COMMENT ON COLUMN claim_entities.entity_id IS 'the gazetteer entity, or NULL for an unknown capitalised name';
COMMENT ON COLUMN claim_entities.start_offset IS '0-based character offset of the name in the sentence';
COMMENT ON COLUMN claim_entities.end_offset IS 'character offset just past the name (a possessive ''s excluded)';
COMMENT ON COLUMN claim_entities.matched IS 'the name as written in the sentence';

CREATE TABLE claim_amounts (
    claim_id     bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    amount       numeric NOT NULL,
    amount_high  numeric,
    currency     char(3) NOT NULL,
    raw          text NOT NULL,
    start_offset integer NOT NULL,
    end_offset   integer NOT NULL
);
CREATE INDEX claim_amounts_claim_idx ON claim_amounts (claim_id);
COMMENT ON TABLE claim_amounts IS 'money amounts in claims: "$15 billion" -> 15000000000 USD; a range "$10-15 billion" is amount 10e9, amount_high 15e9';
COMMENT ON COLUMN claim_amounts.claim_id IS 'the claim';
COMMENT ON COLUMN claim_amounts.amount IS 'the amount, or the low end of a range, in units of the currency';
COMMENT ON COLUMN claim_amounts.amount_high IS 'the high end of a range; NULL for a single amount';
COMMENT ON COLUMN claim_amounts.currency IS 'ISO 4217 code ($ is USD, ¥ is CNY, € EUR, £ GBP)';
COMMENT ON COLUMN claim_amounts.raw IS 'the amount as written';
COMMENT ON COLUMN claim_amounts.start_offset IS '0-based character offset in the sentence';
COMMENT ON COLUMN claim_amounts.end_offset IS 'character offset just past the amount';

CREATE TABLE claim_percentages (
    claim_id     bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    percent      numeric NOT NULL,
    raw          text NOT NULL,
    start_offset integer NOT NULL,
    end_offset   integer NOT NULL
);
CREATE INDEX claim_percentages_claim_idx ON claim_percentages (claim_id);
COMMENT ON TABLE claim_percentages IS 'percentages in claims: "20%", "3.5 percent"';
COMMENT ON COLUMN claim_percentages.claim_id IS 'the claim';
COMMENT ON COLUMN claim_percentages.percent IS 'the number of percent (20 for 20%)';
COMMENT ON COLUMN claim_percentages.raw IS 'as written';
COMMENT ON COLUMN claim_percentages.start_offset IS '0-based character offset in the sentence';
COMMENT ON COLUMN claim_percentages.end_offset IS 'character offset just past it';

CREATE TABLE claim_times (
    claim_id     bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('year', 'relative', 'duration')),
    year         integer,
    qualifier    text,
    value        integer,
    unit         text,
    raw          text NOT NULL,
    start_offset integer NOT NULL
);
CREATE INDEX claim_times_claim_idx ON claim_times (claim_id);
COMMENT ON TABLE claim_times IS 'years ("2022", "early 2023"), relative years ("this year", resolved with the article''s published date) and durations ("three years", "two-year")';
COMMENT ON COLUMN claim_times.claim_id IS 'the claim';
COMMENT ON COLUMN claim_times.kind IS 'year, relative or duration';
COMMENT ON COLUMN claim_times.year IS 'the year meant; for a relative year, NULL when the article has no published date';
COMMENT ON COLUMN claim_times.qualifier IS 'early, mid or late; NULL if none';
COMMENT ON COLUMN claim_times.value IS 'how many units a duration lasts';
COMMENT ON COLUMN claim_times.unit IS 'unit of a duration: year, month, week, day or decade';
COMMENT ON COLUMN claim_times.raw IS 'as written';
COMMENT ON COLUMN claim_times.start_offset IS '0-based character offset in the sentence';

SELECT pg_catalog.pg_extension_config_dump('entities', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('entities_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('entity_aliases', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('claim_entities', '');
SELECT pg_catalog.pg_extension_config_dump('claim_amounts', '');
SELECT pg_catalog.pg_extension_config_dump('claim_percentages', '');
SELECT pg_catalog.pg_extension_config_dump('claim_times', '');

------------------------------------------------------------------------------
-- Extraction
------------------------------------------------------------------------------

CREATE FUNCTION amounts(text,
                        OUT amount numeric, OUT amount_high numeric, OUT currency text,
                        OUT is_percentage boolean, OUT raw text, OUT start_offset integer, OUT end_offset integer)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'al_amounts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION amounts(text) IS
    'the money amounts and percentages in a text, as the loader finds them: amount in units of the currency (ISO 4217), a range as amount..amount_high';

CREATE FUNCTION times(text, published date DEFAULT NULL,
                      OUT kind text, OUT year integer, OUT qualifier text, OUT value integer,
                      OUT unit text, OUT raw text, OUT start_offset integer, OUT end_offset integer)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'al_times' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION times(text, date) IS
    'years, relative years (resolved against published when given) and durations in a text, as the loader finds them';

CREATE FUNCTION modality(text, OUT modality text, OUT negated boolean, OUT attribution text)
    RETURNS record
    AS 'MODULE_PATHNAME', 'al_modality_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION modality(text) IS
    'kind of statement (meta > opinion > forecast > hedged > fact), negation, and the source named by "according to" or "... said"';

CREATE FUNCTION extract_claims(article_ids bigint[]) RETURNS bigint
    AS 'MODULE_PATHNAME', 'al_extract_claims' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION extract_claims(bigint[]) IS
    'find entities, amounts, percentages, times, modality and attribution of the claims of these articles (all claims when NULL) and store them; returns the number of claims read (used by the loader and reextract())';

CREATE FUNCTION reextract() RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM ai_landscape.claim_entities;
    DELETE FROM ai_landscape.claim_amounts;
    DELETE FROM ai_landscape.claim_percentages;
    DELETE FROM ai_landscape.claim_times;
    RETURN ai_landscape.extract_claims(NULL);
END
$$;
COMMENT ON FUNCTION reextract() IS
    'recompute what every claim mentions, e.g. after the gazetteer changed; returns the number of claims';

SELECT pg_catalog.pg_extension_config_dump('articles', '');
SELECT pg_catalog.pg_extension_config_dump('articles_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('claims', '');
SELECT pg_catalog.pg_extension_config_dump('claims_id_seq', '');

------------------------------------------------------------------------------
-- Loading
------------------------------------------------------------------------------

CREATE FUNCTION duplicate_threshold() RETURNS real
    AS 'MODULE_PATHNAME', 'al_duplicate_threshold' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION duplicate_threshold() IS
    'the setting ai_landscape.duplicate_threshold (default 0.6): the similarity at which the loader and recluster() count a near-duplicate';

CREATE VIEW article_near_duplicates AS
WITH shared AS (
    SELECT m.article_id, o.article_id AS other_article_id, count(DISTINCT m.id) AS shared_claims
      FROM claims AS m
      JOIN claims AS o ON o.cluster_id = m.cluster_id AND o.article_id < m.article_id
     GROUP BY m.article_id, o.article_id
)
SELECT DISTINCT ON (s.article_id) s.article_id, s.other_article_id AS near_duplicate_of, s.shared_claims,
       (SELECT count(*) FROM claims AS t WHERE t.article_id = s.article_id) AS claims
  FROM shared AS s
 WHERE s.shared_claims >= 0.8 * (SELECT count(*) FROM claims AS t WHERE t.article_id = s.article_id)
 ORDER BY s.article_id, s.shared_claims DESC, s.other_article_id;
COMMENT ON VIEW article_near_duplicates IS
    'articles at least 80% of whose claims share a near-duplicate cluster with claims of one earlier (smaller id) article: the one sharing most, the earliest on a tie';
COMMENT ON COLUMN article_near_duplicates.article_id IS 'the later article';
COMMENT ON COLUMN article_near_duplicates.near_duplicate_of IS 'the earlier article it repeats';
COMMENT ON COLUMN article_near_duplicates.shared_claims IS 'claims of the later article with a near-duplicate in the earlier one';
COMMENT ON COLUMN article_near_duplicates.claims IS 'claims of the later article';

-- Segment one article into claims and link each to its near-duplicates.
-- Loads are serialized by an advisory lock so that each sees the claims the
-- previous one committed: two sessions loading the same sentence at once
-- cannot both record it as first, and clusters stay connected components.
CREATE FUNCTION load_claims(article_id bigint, body text) RETURNS bigint
    LANGUAGE plpgsql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    threshold real := ai_landscape.duplicate_threshold();
    claim record;
    earliest bigint;
    clusters bigint[];
    target bigint;
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(
        'ai_landscape.claims'::pg_catalog.regclass::pg_catalog.oid::pg_catalog.int4, 0);

    WITH numbered AS MATERIALIZED (
        -- ids are drawn in sentence order: the first copy has the smallest id
        SELECT pg_catalog.nextval('ai_landscape.claims_id_seq'::pg_catalog.regclass) AS id,
               s.ordinal, s.start_offset, s.end_offset,
               s.sentence::ai_landscape.claim AS sentence
          FROM ai_landscape.sentences(load_claims.body) AS s
    )
    INSERT INTO ai_landscape.claims (id, article_id, ordinal, start_offset, end_offset, sentence, cluster_id)
    SELECT n.id, load_claims.article_id, n.ordinal, n.start_offset, n.end_offset, n.sentence, n.id
      FROM numbered AS n;

    -- every new claim meets each earlier claim it is similar to (one GIN probe);
    -- merging their clusters keeps clusters the connected components
    FOR claim IN SELECT c.id, c.sentence FROM ai_landscape.claims AS c
                  WHERE c.article_id = load_claims.article_id ORDER BY c.id
    LOOP
        SELECT pg_catalog.min(e.id), pg_catalog.array_agg(DISTINCT e.cluster_id)
          INTO earliest, clusters
          FROM ai_landscape.claims AS e
         WHERE e.sentence OPERATOR(ai_landscape.%>=) ROW(claim.sentence, threshold)::ai_landscape.claim_query
           AND e.id < claim.id;
        CONTINUE WHEN earliest IS NULL;
        SELECT pg_catalog.min(x) INTO target FROM pg_catalog.unnest(clusters) AS x;
        UPDATE ai_landscape.claims SET cluster_id = target
         WHERE cluster_id = ANY (clusters || claim.id) AND cluster_id <> target;
        UPDATE ai_landscape.claims SET duplicate_of = earliest WHERE id = claim.id;
    END LOOP;

    PERFORM ai_landscape.extract_claims(ARRAY[load_claims.article_id]);

    RETURN (SELECT d.near_duplicate_of FROM ai_landscape.article_near_duplicates AS d
             WHERE d.article_id = load_claims.article_id);
END
$$;
COMMENT ON FUNCTION load_claims(bigint, text) IS
    'segment a body into claims of the given article, link near-duplicates and clusters, extract what they mention, return the article it near-duplicates (used by the articles trigger; call load_article instead)';

CREATE FUNCTION articles_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.body IS NULL OR pg_catalog.btrim(NEW.body, E' \t\r\n\f\v') = '' THEN
        RAISE EXCEPTION 'article body is null or empty'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Give the full text of the article as its body.';
    END IF;
    NEW.content_hash := ai_landscape.content_hash(NEW.body);
    -- the same article twice is one article: skip the row, so COPY stays idempotent
    IF EXISTS (SELECT 1 FROM ai_landscape.articles AS a WHERE a.content_hash = NEW.content_hash) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION articles_before_insert() IS
    'articles trigger: refuses empty bodies (22023), sets content_hash, skips articles already loaded';

CREATE FUNCTION articles_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    repeats bigint := ai_landscape.load_claims(NEW.id, NEW.body);
BEGIN
    UPDATE ai_landscape.articles SET loaded_at = pg_catalog.now(), near_duplicate_of = repeats
     WHERE id = NEW.id;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION articles_after_insert() IS
    'articles trigger: loads the claims of a newly inserted article, sets loaded_at and near_duplicate_of';

CREATE FUNCTION articles_before_update() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION 'the body of a loaded article cannot be changed'
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Delete the article (its claims go with it) and load the new text as a new article.';
END
$$;
COMMENT ON FUNCTION articles_before_update() IS
    'articles trigger: a body cannot change under its claims';

CREATE TRIGGER articles_before_insert BEFORE INSERT ON articles
    FOR EACH ROW EXECUTE FUNCTION articles_before_insert();
CREATE TRIGGER articles_after_insert AFTER INSERT ON articles
    FOR EACH ROW WHEN (NEW.loaded_at IS NULL) EXECUTE FUNCTION articles_after_insert();
CREATE TRIGGER articles_before_update BEFORE UPDATE OF body ON articles
    FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body) EXECUTE FUNCTION articles_before_update();

CREATE FUNCTION load_article(body text,
                             title text DEFAULT NULL,
                             source text DEFAULT NULL,
                             url text DEFAULT NULL,
                             published date DEFAULT NULL)
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hash bytea;
    article bigint;
BEGIN
    -- a NULL or empty body is refused by the articles trigger (22023)
    hash := ai_landscape.content_hash(load_article.body);

    SELECT a.id INTO article FROM ai_landscape.articles AS a WHERE a.content_hash = hash;
    IF FOUND THEN
        RETURN article;
    END IF;

    INSERT INTO ai_landscape.articles (title, source, url, published, body)
    VALUES (load_article.title, load_article.source, load_article.url,
            load_article.published, load_article.body)
    ON CONFLICT (content_hash) DO NOTHING
    RETURNING id INTO article;

    IF article IS NULL THEN
        -- loaded concurrently by another session, or skipped by the trigger
        SELECT a.id INTO article FROM ai_landscape.articles AS a WHERE a.content_hash = hash;
    END IF;
    RETURN article;
END
$$;
COMMENT ON FUNCTION load_article(text, text, text, text, date) IS
    'load one article and its claims in one transaction and return its id; the same body again (up to white space) returns the existing id and adds nothing';

------------------------------------------------------------------------------
-- Clusters
------------------------------------------------------------------------------

CREATE FUNCTION cluster_claims(threshold real,
                               OUT claim_id bigint, OUT duplicate_of bigint, OUT cluster_id bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'al_cluster_claims' LANGUAGE C STABLE STRICT;
COMMENT ON FUNCTION cluster_claims(real) IS
    'every claim with its earliest similar claim and its cluster at the given threshold, computed in bulk (an exact all-pairs similarity join); changes nothing';

CREATE FUNCTION recluster(threshold real DEFAULT NULL,
                          OUT claims bigint, OUT clusters bigint, OUT duplicates bigint,
                          OUT claims_changed bigint, OUT articles_changed bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t real := coalesce(recluster.threshold, ai_landscape.duplicate_threshold());
BEGIN
    PERFORM pg_catalog.pg_advisory_xact_lock(
        'ai_landscape.claims'::pg_catalog.regclass::pg_catalog.oid::pg_catalog.int4, 0);
    UPDATE ai_landscape.claims AS c
       SET duplicate_of = r.duplicate_of, cluster_id = r.cluster_id
      FROM ai_landscape.cluster_claims(t) AS r
     WHERE c.id = r.claim_id
       AND (c.duplicate_of IS DISTINCT FROM r.duplicate_of OR c.cluster_id <> r.cluster_id);
    GET DIAGNOSTICS claims_changed = ROW_COUNT;

    UPDATE ai_landscape.articles AS a
       SET near_duplicate_of = d.near_duplicate_of
      FROM ai_landscape.articles AS x
      LEFT JOIN ai_landscape.article_near_duplicates AS d ON d.article_id = x.id
     WHERE a.id = x.id AND a.near_duplicate_of IS DISTINCT FROM d.near_duplicate_of;
    GET DIAGNOSTICS articles_changed = ROW_COUNT;

    SELECT count(*), count(DISTINCT c.cluster_id), count(c.duplicate_of)
      INTO recluster.claims, recluster.clusters, recluster.duplicates
      FROM ai_landscape.claims AS c;
END
$$;
COMMENT ON FUNCTION recluster(real) IS
    'recompute duplicate_of, clusters and articles.near_duplicate_of from scratch in bulk (after a bulk load or a threshold change); threshold defaults to ai_landscape.duplicate_threshold';

CREATE VIEW claim_clusters AS
SELECT g.cluster_id,
       r.id AS representative_id,
       r.sentence AS representative,
       g.members,
       g.articles,
       g.first_published,
       g.last_published
  FROM (SELECT m.cluster_id,
               min(m.id) AS first_claim,
               count(*) AS members,
               count(DISTINCT m.article_id) AS articles,
               min(a.published) AS first_published,
               max(a.published) AS last_published
          FROM claims AS m
          JOIN articles AS a ON a.id = m.article_id
         GROUP BY m.cluster_id) AS g
  -- the earliest claim still there: the one that named the cluster may be deleted
  JOIN claims AS r ON r.id = g.first_claim;
COMMENT ON VIEW claim_clusters IS 'one row per near-duplicate cluster: a statement, however often it was repeated';
COMMENT ON COLUMN claim_clusters.cluster_id IS 'the cluster: the id of its earliest claim when it was formed (that claim may since be deleted)';
COMMENT ON COLUMN claim_clusters.representative_id IS 'the earliest claim of the cluster that is still there';
COMMENT ON COLUMN claim_clusters.representative IS 'the text of the earliest claim';
COMMENT ON COLUMN claim_clusters.members IS 'claims in the cluster';
COMMENT ON COLUMN claim_clusters.articles IS 'distinct articles the cluster''s claims come from';
COMMENT ON COLUMN claim_clusters.first_published IS 'earliest publication date among those articles';
COMMENT ON COLUMN claim_clusters.last_published IS 'latest publication date among those articles';

------------------------------------------------------------------------------
-- Views for people and BI tools: standard SQL types only
------------------------------------------------------------------------------

CREATE VIEW claim_facts AS
SELECT c.id AS claim_id,
       c.article_id,
       a.title AS article_title,
       a.source AS article_source,
       a.published,
       c.ordinal,
       c.sentence::text AS sentence,
       c.modality,
       c.negated,
       e.name AS attributed_to,
       c.attribution,
       c.cluster_id,
       c.duplicate_of,
       c.duplicate_of IS NOT NULL AS is_duplicate
  FROM claims AS c
  JOIN articles AS a ON a.id = c.article_id
  LEFT JOIN entities AS e ON e.id = c.attributed_to;
COMMENT ON VIEW claim_facts IS 'one row per claim, with its article, kind of statement, source and duplicate flags';
COMMENT ON COLUMN claim_facts.claim_id IS 'claim id';
COMMENT ON COLUMN claim_facts.article_id IS 'article id';
COMMENT ON COLUMN claim_facts.article_title IS 'headline of the article';
COMMENT ON COLUMN claim_facts.article_source IS 'publisher or feed of the article';
COMMENT ON COLUMN claim_facts.published IS 'publication date of the article';
COMMENT ON COLUMN claim_facts.ordinal IS '1-based position of the sentence in the article';
COMMENT ON COLUMN claim_facts.sentence IS 'the sentence, as written';
COMMENT ON COLUMN claim_facts.modality IS 'fact, forecast, hedged, opinion or meta';
COMMENT ON COLUMN claim_facts.negated IS 'the sentence is negated';
COMMENT ON COLUMN claim_facts.attributed_to IS 'name of the entity the claim is attributed to';
COMMENT ON COLUMN claim_facts.attribution IS 'the attribution as written';
COMMENT ON COLUMN claim_facts.cluster_id IS 'near-duplicate cluster (see distinct_claims)';
COMMENT ON COLUMN claim_facts.duplicate_of IS 'the earliest similar claim, if any';
COMMENT ON COLUMN claim_facts.is_duplicate IS 'the claim repeats an earlier one';

CREATE VIEW entity_mentions AS
SELECT m.claim_id,
       c.article_id,
       a.published,
       m.entity_id,
       coalesce(e.name, m.matched) AS entity,
       coalesce(e.kind, 'unknown') AS kind,
       e.country,
       m.matched,
       m.start_offset,
       m.end_offset
  FROM claim_entities AS m
  JOIN claims AS c ON c.id = m.claim_id
  JOIN articles AS a ON a.id = c.article_id
  LEFT JOIN entities AS e ON e.id = m.entity_id;
COMMENT ON VIEW entity_mentions IS 'one row per name found in a claim, with the entity''s kind and country';
COMMENT ON COLUMN entity_mentions.claim_id IS 'claim id';
COMMENT ON COLUMN entity_mentions.article_id IS 'article id';
COMMENT ON COLUMN entity_mentions.published IS 'publication date of the article';
COMMENT ON COLUMN entity_mentions.entity_id IS 'gazetteer entity id; NULL for an unknown name';
COMMENT ON COLUMN entity_mentions.entity IS 'canonical name of the entity (the name as written when unknown)';
COMMENT ON COLUMN entity_mentions.kind IS 'kind of entity, or unknown';
COMMENT ON COLUMN entity_mentions.country IS 'ISO 3166-1 alpha-2 country of the entity';
COMMENT ON COLUMN entity_mentions.matched IS 'the name as written in the sentence';
COMMENT ON COLUMN entity_mentions.start_offset IS '0-based character offset in the sentence';
COMMENT ON COLUMN entity_mentions.end_offset IS 'character offset just past the name';

CREATE VIEW money_mentions AS
SELECT m.claim_id,
       c.article_id,
       a.published,
       m.amount,
       m.amount_high,
       m.currency::text AS currency,
       m.raw,
       c.modality,
       c.cluster_id
  FROM claim_amounts AS m
  JOIN claims AS c ON c.id = m.claim_id
  JOIN articles AS a ON a.id = c.article_id;
COMMENT ON VIEW money_mentions IS 'one row per money amount in a claim';
COMMENT ON COLUMN money_mentions.claim_id IS 'claim id';
COMMENT ON COLUMN money_mentions.article_id IS 'article id';
COMMENT ON COLUMN money_mentions.published IS 'publication date of the article';
COMMENT ON COLUMN money_mentions.amount IS 'amount (low end of a range) in units of the currency';
COMMENT ON COLUMN money_mentions.amount_high IS 'high end of a range, or NULL';
COMMENT ON COLUMN money_mentions.currency IS 'ISO 4217 currency code';
COMMENT ON COLUMN money_mentions.raw IS 'the amount as written';
COMMENT ON COLUMN money_mentions.modality IS 'kind of statement of the claim (a forecast amount is not a fact)';
COMMENT ON COLUMN money_mentions.cluster_id IS 'near-duplicate cluster of the claim: count each cluster once';

CREATE VIEW distinct_claims AS
SELECT r.cluster_id,
       r.representative_id AS claim_id,
       r.representative::text AS sentence,
       c.modality,
       r.members AS repetitions,
       r.articles,
       r.first_published,
       r.last_published
  FROM claim_clusters AS r
  JOIN claims AS c ON c.id = r.representative_id;
COMMENT ON VIEW distinct_claims IS 'one row per statement (near-duplicate cluster): counts here count statements, not repetitions';
COMMENT ON COLUMN distinct_claims.cluster_id IS 'the cluster';
COMMENT ON COLUMN distinct_claims.claim_id IS 'its earliest claim';
COMMENT ON COLUMN distinct_claims.sentence IS 'the text of its earliest claim';
COMMENT ON COLUMN distinct_claims.modality IS 'kind of statement of its earliest claim';
COMMENT ON COLUMN distinct_claims.repetitions IS 'how many claims say it';
COMMENT ON COLUMN distinct_claims.articles IS 'in how many articles';
COMMENT ON COLUMN distinct_claims.first_published IS 'earliest publication date';
COMMENT ON COLUMN distinct_claims.last_published IS 'latest publication date';

-- the gazetteer shipped in data/gazetteer.tsv
INSERT INTO entities (name, kind, country, builtin) VALUES ('China', 'country', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'PRC', true FROM entities WHERE name = 'China';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'People''s Republic of China', true FROM entities WHERE name = 'China';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Chinese', true FROM entities WHERE name = 'China';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'mainland China', true FROM entities WHERE name = 'China';
INSERT INTO entities (name, kind, country, builtin) VALUES ('United States', 'country', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'US', true FROM entities WHERE name = 'United States';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'U.S.', true FROM entities WHERE name = 'United States';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'USA', true FROM entities WHERE name = 'United States';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'U.S.A.', true FROM entities WHERE name = 'United States';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'America', true FROM entities WHERE name = 'United States';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'United States of America', true FROM entities WHERE name = 'United States';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'American', true FROM entities WHERE name = 'United States';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Japan', 'country', 'JP', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Japanese', true FROM entities WHERE name = 'Japan';
INSERT INTO entities (name, kind, country, builtin) VALUES ('South Korea', 'country', 'KR', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Korea', true FROM entities WHERE name = 'South Korea';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Republic of Korea', true FROM entities WHERE name = 'South Korea';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'South Korean', true FROM entities WHERE name = 'South Korea';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Taiwan', 'country', 'TW', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Taiwanese', true FROM entities WHERE name = 'Taiwan';
INSERT INTO entities (name, kind, country, builtin) VALUES ('United Kingdom', 'country', 'GB', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'UK', true FROM entities WHERE name = 'United Kingdom';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'U.K.', true FROM entities WHERE name = 'United Kingdom';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Britain', true FROM entities WHERE name = 'United Kingdom';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Great Britain', true FROM entities WHERE name = 'United Kingdom';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'British', true FROM entities WHERE name = 'United Kingdom';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Germany', 'country', 'DE', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'German', true FROM entities WHERE name = 'Germany';
INSERT INTO entities (name, kind, country, builtin) VALUES ('France', 'country', 'FR', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'French', true FROM entities WHERE name = 'France';
INSERT INTO entities (name, kind, country, builtin) VALUES ('India', 'country', 'IN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Indian', true FROM entities WHERE name = 'India';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Russia', 'country', 'RU', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Russian', true FROM entities WHERE name = 'Russia';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Israel', 'country', 'IL', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Israeli', true FROM entities WHERE name = 'Israel';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Singapore', 'country', 'SG', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Netherlands', 'country', 'NL', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Dutch', true FROM entities WHERE name = 'Netherlands';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Holland', true FROM entities WHERE name = 'Netherlands';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Canada', 'country', 'CA', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Canadian', true FROM entities WHERE name = 'Canada';
INSERT INTO entities (name, kind, country, builtin) VALUES ('United Arab Emirates', 'country', 'AE', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'UAE', true FROM entities WHERE name = 'United Arab Emirates';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'U.A.E.', true FROM entities WHERE name = 'United Arab Emirates';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Saudi Arabia', 'country', 'SA', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Saudi', true FROM entities WHERE name = 'Saudi Arabia';
INSERT INTO entities (name, kind, country, builtin) VALUES ('European Union', 'region', NULL, true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'EU', true FROM entities WHERE name = 'European Union';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'E.U.', true FROM entities WHERE name = 'European Union';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Europe', true FROM entities WHERE name = 'European Union';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'European', true FROM entities WHERE name = 'European Union';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Silicon Valley', 'region', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Western world', 'region', NULL, true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'the West', true FROM entities WHERE name = 'Western world';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Western', true FROM entities WHERE name = 'Western world';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Beijing', 'city', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Shanghai', 'city', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Shenzhen', 'city', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Hangzhou', 'city', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Hong Kong', 'city', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Washington', 'city', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Washington, D.C.', true FROM entities WHERE name = 'Washington';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Washington DC', true FROM entities WHERE name = 'Washington';
INSERT INTO entities (name, kind, country, builtin) VALUES ('San Francisco', 'city', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('New York', 'city', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'New York City', true FROM entities WHERE name = 'New York';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Seattle', 'city', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('London', 'city', 'GB', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Tokyo', 'city', 'JP', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Google', 'company', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Alphabet', true FROM entities WHERE name = 'Google';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Alphabet Inc.', true FROM entities WHERE name = 'Google';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Google LLC', true FROM entities WHERE name = 'Google';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Microsoft', 'company', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Microsoft Corp.', true FROM entities WHERE name = 'Microsoft';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'MSFT', true FROM entities WHERE name = 'Microsoft';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Apple', 'company', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Apple Inc.', true FROM entities WHERE name = 'Apple';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Amazon', 'company', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Amazon.com', true FROM entities WHERE name = 'Amazon';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Meta', 'company', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Meta Platforms', true FROM entities WHERE name = 'Meta';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Facebook', true FROM entities WHERE name = 'Meta';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Nvidia', 'company', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'NVIDIA', true FROM entities WHERE name = 'Nvidia';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Nvidia Corp.', true FROM entities WHERE name = 'Nvidia';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Advanced Micro Devices', 'company', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'AMD', true FROM entities WHERE name = 'Advanced Micro Devices';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Intel', 'company', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Intel Corp.', true FROM entities WHERE name = 'Intel';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Qualcomm', 'company', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('IBM', 'company', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'International Business Machines', true FROM entities WHERE name = 'IBM';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Oracle', 'company', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Tesla', 'company', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Baidu', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Baidu Inc.', true FROM entities WHERE name = 'Baidu';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Alibaba', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Alibaba Group', true FROM entities WHERE name = 'Alibaba';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Alibaba Group Holding', true FROM entities WHERE name = 'Alibaba';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Tencent', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Tencent Holdings', true FROM entities WHERE name = 'Tencent';
INSERT INTO entities (name, kind, country, builtin) VALUES ('ByteDance', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Bytedance', true FROM entities WHERE name = 'ByteDance';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'TikTok', true FROM entities WHERE name = 'ByteDance';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Ant Group', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Ant Group Co.', true FROM entities WHERE name = 'Ant Group';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Ant Financial', true FROM entities WHERE name = 'Ant Group';
INSERT INTO entities (name, kind, country, builtin) VALUES ('iFlytek', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'iFLYTEK', true FROM entities WHERE name = 'iFlytek';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Iflytek', true FROM entities WHERE name = 'iFlytek';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'iFlytek Co.', true FROM entities WHERE name = 'iFlytek';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Sogou', 'company', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Huawei', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Huawei Technologies', true FROM entities WHERE name = 'Huawei';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Xiaomi', 'company', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('JD.com', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'JD', true FROM entities WHERE name = 'JD.com';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Meituan', 'company', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('SenseTime', 'company', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Megvii', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Face++', true FROM entities WHERE name = 'Megvii';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Cambricon', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Cambricon Technologies', true FROM entities WHERE name = 'Cambricon';
INSERT INTO entities (name, kind, country, builtin) VALUES ('SMIC', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Semiconductor Manufacturing International Corporation', true FROM entities WHERE name = 'SMIC';
INSERT INTO entities (name, kind, country, builtin) VALUES ('TSMC', 'company', 'TW', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Taiwan Semiconductor Manufacturing Company', true FROM entities WHERE name = 'TSMC';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Taiwan Semiconductor', true FROM entities WHERE name = 'TSMC';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Samsung', 'company', 'KR', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Samsung Electronics', true FROM entities WHERE name = 'Samsung';
INSERT INTO entities (name, kind, country, builtin) VALUES ('ASML', 'company', 'NL', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Arm', 'company', 'GB', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Arm Holdings', true FROM entities WHERE name = 'Arm';
INSERT INTO entities (name, kind, country, builtin) VALUES ('SoftBank', 'investor_or_fund', 'JP', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'SoftBank Group', true FROM entities WHERE name = 'SoftBank';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'SoftBank Vision Fund', true FROM entities WHERE name = 'SoftBank';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Preqin', 'company', 'GB', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Baichuan Intelligence', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Baichuan', true FROM entities WHERE name = 'Baichuan Intelligence';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Baichuan AI', true FROM entities WHERE name = 'Baichuan Intelligence';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Zhipu AI', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Zhipu', true FROM entities WHERE name = 'Zhipu AI';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Moonshot AI', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Moonshot', true FROM entities WHERE name = 'Moonshot AI';
INSERT INTO entities (name, kind, country, builtin) VALUES ('MiniMax', 'company', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('01.AI', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, '01.ai', true FROM entities WHERE name = '01.AI';
INSERT INTO entities (name, kind, country, builtin) VALUES ('OpenAI', 'research_lab', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Open AI', true FROM entities WHERE name = 'OpenAI';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Anthropic', 'research_lab', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Google DeepMind', 'research_lab', 'GB', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'DeepMind', true FROM entities WHERE name = 'Google DeepMind';
INSERT INTO entities (name, kind, country, builtin) VALUES ('DeepSeek', 'research_lab', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('xAI', 'research_lab', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Mistral AI', 'research_lab', 'FR', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Mistral', true FROM entities WHERE name = 'Mistral AI';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Beijing Academy of Artificial Intelligence', 'research_lab', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'BAAI', true FROM entities WHERE name = 'Beijing Academy of Artificial Intelligence';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Amazon Web Services', 'company', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'AWS', true FROM entities WHERE name = 'Amazon Web Services';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Microsoft Azure', 'product_or_model', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Azure', true FROM entities WHERE name = 'Microsoft Azure';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Google Cloud', 'product_or_model', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Alibaba Cloud', 'company', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Aliyun', true FROM entities WHERE name = 'Alibaba Cloud';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Tencent Cloud', 'product_or_model', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Huawei Cloud', 'product_or_model', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Android', 'product_or_model', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('iOS', 'product_or_model', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('ChatGPT', 'product_or_model', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('GPT-4', 'product_or_model', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'GPT4', true FROM entities WHERE name = 'GPT-4';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Gemini', 'product_or_model', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Bard', true FROM entities WHERE name = 'Gemini';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Claude', 'product_or_model', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Llama', 'product_or_model', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'LLaMA', true FROM entities WHERE name = 'Llama';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Ernie Bot', 'product_or_model', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Ernie', true FROM entities WHERE name = 'Ernie Bot';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'ERNIE', true FROM entities WHERE name = 'Ernie Bot';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Qwen', 'product_or_model', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Tongyi Qianwen', true FROM entities WHERE name = 'Qwen';
INSERT INTO entities (name, kind, country, builtin) VALUES ('WeChat', 'product_or_model', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Weixin', true FROM entities WHERE name = 'WeChat';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Cyberspace Administration of China', 'government_body', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'CAC', true FROM entities WHERE name = 'Cyberspace Administration of China';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Ministry of Industry and Information Technology', 'government_body', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'MIIT', true FROM entities WHERE name = 'Ministry of Industry and Information Technology';
INSERT INTO entities (name, kind, country, builtin) VALUES ('National Development and Reform Commission', 'government_body', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'NDRC', true FROM entities WHERE name = 'National Development and Reform Commission';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Chinese Communist Party', 'government_body', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Communist Party', true FROM entities WHERE name = 'Chinese Communist Party';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'CCP', true FROM entities WHERE name = 'Chinese Communist Party';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'CPC', true FROM entities WHERE name = 'Chinese Communist Party';
INSERT INTO entities (name, kind, country, builtin) VALUES ('US Department of Commerce', 'government_body', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Commerce Department', true FROM entities WHERE name = 'US Department of Commerce';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Department of Commerce', true FROM entities WHERE name = 'US Department of Commerce';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Bureau of Industry and Security', 'government_body', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'BIS', true FROM entities WHERE name = 'Bureau of Industry and Security';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Federal Trade Commission', 'government_body', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'FTC', true FROM entities WHERE name = 'Federal Trade Commission';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Securities and Exchange Commission', 'government_body', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'SEC', true FROM entities WHERE name = 'Securities and Exchange Commission';
INSERT INTO entities (name, kind, country, builtin) VALUES ('White House', 'government_body', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('US Congress', 'government_body', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Congress', true FROM entities WHERE name = 'US Congress';
INSERT INTO entities (name, kind, country, builtin) VALUES ('European Commission', 'government_body', NULL, true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Xi Jinping', 'person', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Xi', true FROM entities WHERE name = 'Xi Jinping';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'President Xi', true FROM entities WHERE name = 'Xi Jinping';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Wang Xiaochuan', 'person', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Robin Li', 'person', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Li Yanhong', true FROM entities WHERE name = 'Robin Li';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Pony Ma', 'person', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Ma Huateng', true FROM entities WHERE name = 'Pony Ma';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Jack Ma', 'person', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Ma Yun', true FROM entities WHERE name = 'Jack Ma';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Liang Wenfeng', 'person', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Kai-Fu Lee', 'person', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Lee Kai-fu', true FROM entities WHERE name = 'Kai-Fu Lee';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Sam Altman', 'person', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Altman', true FROM entities WHERE name = 'Sam Altman';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Jensen Huang', 'person', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Elon Musk', 'person', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Musk', true FROM entities WHERE name = 'Elon Musk';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Sundar Pichai', 'person', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Pichai', true FROM entities WHERE name = 'Sundar Pichai';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Satya Nadella', 'person', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Nadella', true FROM entities WHERE name = 'Satya Nadella';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Mark Zuckerberg', 'person', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Zuckerberg', true FROM entities WHERE name = 'Mark Zuckerberg';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Demis Hassabis', 'person', 'GB', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Hassabis', true FROM entities WHERE name = 'Demis Hassabis';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Dario Amodei', 'person', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Amodei', true FROM entities WHERE name = 'Dario Amodei';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Joe Biden', 'person', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Biden', true FROM entities WHERE name = 'Joe Biden';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'President Biden', true FROM entities WHERE name = 'Joe Biden';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Donald Trump', 'person', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Trump', true FROM entities WHERE name = 'Donald Trump';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'President Trump', true FROM entities WHERE name = 'Donald Trump';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Sequoia Capital', 'investor_or_fund', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Sequoia', true FROM entities WHERE name = 'Sequoia Capital';
INSERT INTO entities (name, kind, country, builtin) VALUES ('HongShan', 'investor_or_fund', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Sequoia China', true FROM entities WHERE name = 'HongShan';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Sequoia Capital China', true FROM entities WHERE name = 'HongShan';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Hillhouse Capital', 'investor_or_fund', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Hillhouse', true FROM entities WHERE name = 'Hillhouse Capital';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Andreessen Horowitz', 'investor_or_fund', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'a16z', true FROM entities WHERE name = 'Andreessen Horowitz';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Tiger Global', 'investor_or_fund', 'US', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Tsinghua University', 'university', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Tsinghua', true FROM entities WHERE name = 'Tsinghua University';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Peking University', 'university', 'CN', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'PKU', true FROM entities WHERE name = 'Peking University';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Zhejiang University', 'university', 'CN', true);
INSERT INTO entities (name, kind, country, builtin) VALUES ('Stanford University', 'university', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Stanford', true FROM entities WHERE name = 'Stanford University';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Massachusetts Institute of Technology', 'university', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'MIT', true FROM entities WHERE name = 'Massachusetts Institute of Technology';
INSERT INTO entities (name, kind, country, builtin) VALUES ('Carnegie Mellon University', 'university', 'US', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'CMU', true FROM entities WHERE name = 'Carnegie Mellon University';
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Carnegie Mellon', true FROM entities WHERE name = 'Carnegie Mellon University';
INSERT INTO entities (name, kind, country, builtin) VALUES ('University of Oxford', 'university', 'GB', true);
INSERT INTO entity_aliases (entity_id, alias, builtin) SELECT id, 'Oxford', true FROM entities WHERE name = 'University of Oxford';
