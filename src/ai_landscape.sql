/* ai_landscape--1.1.sql: the current version (src/ai_landscape--1.0--1.1.sql updates 1.0 to it) */

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

CREATE FUNCTION claim_gin_options(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION claim_gin_options(internal) IS
    'GIN support: the options min_threshold (index only word prefixes) and vocabulary (their word order)';

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
        FUNCTION 7 claim_gin_options(internal),
        STORAGE int4;
COMMENT ON OPERATOR FAMILY claim_gin_ops USING gin IS 'GIN operators of claims';
COMMENT ON OPERATOR CLASS claim_gin_ops USING gin IS
    'exact GIN index of claims over their shingle hashes: serves %, %>=, similar() and =, at every threshold; options min_threshold and vocabulary index only word prefixes';


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
-- A small pending list: the loader probes this index right after inserting,
-- and every probe reads the whole pending list.  Measured on 100,000 claims
-- (bench notes in the README): fastupdate off made a bulk load 1.8x slower,
-- the default 4 MB list made a streaming load 1.3-1.7x slower than 256 kB.
CREATE INDEX claims_sentence_gin ON claims USING gin (sentence) WITH (gin_pending_list_limit = 256);

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
    matched      text NOT NULL,
    article_id   bigint NOT NULL
);
CREATE INDEX claim_entities_claim_idx ON claim_entities (claim_id);
CREATE INDEX claim_entities_entity_idx ON claim_entities (entity_id);
COMMENT ON TABLE claim_entities IS 'one row per name found in a claim: gazetteer entities, and capitalised names it does not know (entity_id NULL)';
COMMENT ON COLUMN claim_entities.claim_id IS 'the claim';
COMMENT ON COLUMN claim_entities.entity_id IS 'the gazetteer entity, or NULL for an unknown capitalised name';
COMMENT ON COLUMN claim_entities.start_offset IS '0-based character offset of the name in the sentence';
COMMENT ON COLUMN claim_entities.end_offset IS 'character offset just past the name (a possessive ''s excluded)';
COMMENT ON COLUMN claim_entities.matched IS 'the name as written in the sentence';
COMMENT ON COLUMN claim_entities.article_id IS 'the article of the claim: rows are distributed by it, with their claim';

CREATE TABLE claim_amounts (
    claim_id     bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    amount       numeric NOT NULL,
    amount_high  numeric,
    currency     char(3) NOT NULL,
    raw          text NOT NULL,
    start_offset integer NOT NULL,
    end_offset   integer NOT NULL,
    article_id   bigint NOT NULL
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
COMMENT ON COLUMN claim_amounts.article_id IS 'the article of the claim: rows are distributed by it, with their claim';

CREATE TABLE claim_percentages (
    claim_id     bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    percent      numeric NOT NULL,
    raw          text NOT NULL,
    start_offset integer NOT NULL,
    end_offset   integer NOT NULL,
    article_id   bigint NOT NULL
);
CREATE INDEX claim_percentages_claim_idx ON claim_percentages (claim_id);
COMMENT ON TABLE claim_percentages IS 'percentages in claims: "20%", "3.5 percent"';
COMMENT ON COLUMN claim_percentages.claim_id IS 'the claim';
COMMENT ON COLUMN claim_percentages.percent IS 'the number of percent (20 for 20%)';
COMMENT ON COLUMN claim_percentages.raw IS 'as written';
COMMENT ON COLUMN claim_percentages.start_offset IS '0-based character offset in the sentence';
COMMENT ON COLUMN claim_percentages.end_offset IS 'character offset just past it';
COMMENT ON COLUMN claim_percentages.article_id IS 'the article of the claim: rows are distributed by it, with their claim';

CREATE TABLE claim_times (
    claim_id     bigint NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('year', 'relative', 'duration')),
    year         integer,
    qualifier    text,
    value        integer,
    unit         text,
    raw          text NOT NULL,
    start_offset integer NOT NULL,
    article_id   bigint NOT NULL
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
COMMENT ON COLUMN claim_times.article_id IS 'the article of the claim: rows are distributed by it, with their claim';

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
    AS 'MODULE_PATHNAME', 'al_extract_claims' LANGUAGE C VOLATILE
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION extract_claims(bigint[]) IS
    'find entities, amounts, percentages, times, modality and attribution of the claims of these articles (all claims when NULL) and store them; returns the number of claims read (used by reextract())';

CREATE FUNCTION extract_mentions(article_ids bigint[]) RETURNS bigint
    AS 'MODULE_PATHNAME', 'al_extract_mentions' LANGUAGE C VOLATILE
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION extract_mentions(bigint[]) IS
    'extract_claims() without the claims'' own columns: stores the entities, amounts, percentages and times of the claims of these articles, and updates a claim only if its attribution now names another gazetteer entity; returns the number of claims read (used by the loader, which writes modality and attribution with each claim)';

-- What the loader writes with each claim, so that a claim row is written
-- once: an UPDATE after the INSERT would make a second version of every
-- new row (not HOT: the new rows fill their pages) and index it again.
CREATE FUNCTION claim_kind(sentence text,
                           OUT modality text, OUT negated boolean, OUT attribution text, OUT attributed_to bigint)
    RETURNS record
    AS 'MODULE_PATHNAME', 'al_claim_kind' LANGUAGE C STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION claim_kind(text) IS
    'a claim''s modality, negation, attribution and the gazetteer entity named in the attribution, as extract_claims() stores them in claims (used by the loader)';

CREATE FUNCTION reextract() RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ai_landscape.check_icu_version();
    -- no load may add rows between the deletes and the extraction
    PERFORM ai_landscape.lock_claims();
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
    AS 'MODULE_PATHNAME', 'al_duplicate_threshold' LANGUAGE C STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION duplicate_threshold() IS
    'the setting ai_landscape.duplicate_threshold (default 0.6): the similarity at which the loader and recluster() count a near-duplicate';

CREATE FUNCTION defer_linking() RETURNS boolean
    AS 'MODULE_PATHNAME', 'al_defer_linking' LANGUAGE C STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION defer_linking() IS
    'the setting ai_landscape.defer_linking (default off): when on, loads store claims without linking near-duplicates, for a bulk load that ends with recluster()';

CREATE FUNCTION link_claims_bulk(threshold real,
                                 OUT kind "char", OUT id bigint, OUT duplicate_of bigint, OUT cluster_id bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'al_link_claims_bulk' LANGUAGE C STABLE STRICT
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION link_claims_bulk(real) IS
    'every claim''s links at the given threshold, from one exact all-pairs join over all claims: rows (''c'', claim, duplicate_of, cluster_id) and (''a'', article, near_duplicate_of); changes nothing (used by recluster())';

CREATE FUNCTION link_new_claims(ids bigint[], article_ids bigint[], sentences claim[], threshold real,
                                OUT kind "char", OUT id bigint, OUT duplicate_of bigint, OUT cluster_id bigint)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'al_link_new_claims' LANGUAGE C STABLE STRICT
    -- its probes must use the GIN index even while the table is small (a
    -- generic plan cannot see the query's words)
    SET search_path = pg_catalog, pg_temp
    SET enable_seqscan = off;
COMMENT ON FUNCTION link_new_claims(bigint[], bigint[], claim[], real) IS
    'links of claims about to be inserted (ids increasing, above every stored id): one index probe per claim finds the earlier claims each repeats; rows (''c'', claim, duplicate_of, cluster_id), (''m'', old cluster, new cluster), (''a'', article, near_duplicate_of); changes nothing (used by the loader)';

-- Loads serialize on a lock of claims that only roles allowed to change it can
-- take (SHARE ROW EXCLUSIVE needs UPDATE, DELETE or TRUNCATE on the table), so
-- that each load sees the claims the previous one committed: two sessions
-- loading the same sentence at once cannot both record it as first.  Readers
-- (ACCESS SHARE) never block it.
CREATE FUNCTION lock_claims() RETURNS void
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$ LOCK TABLE ai_landscape.claims IN SHARE ROW EXCLUSIVE MODE $$;
COMMENT ON FUNCTION lock_claims() IS
    'the lock loads, recluster() and reextract() serialize on (needs UPDATE on claims; readers never block it)';

-- How many articles there are, by the planner's statistics: on one server
-- the table's, on a coordinator (partition_by_article) the sum over the
-- partitions, since a partitioned table has none of its own (-1).  A table
-- never vacuumed counts as empty, as before its first load; a foreign
-- partition never analyzed is not known here, so neither is the sum (NULL).
CREATE FUNCTION articles_estimate() RETURNS real
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN pg_catalog.bool_or(c.relkind = 'f' AND c.reltuples < 0) THEN NULL
                ELSE pg_catalog.sum(GREATEST(c.reltuples, 0)) END
      FROM pg_catalog.pg_class AS c
     WHERE (c.oid = 'ai_landscape.articles'::pg_catalog.regclass AND c.relkind <> 'p')
        OR c.oid IN (SELECT i.inhrelid FROM pg_catalog.pg_inherits AS i
                      WHERE i.inhparent = 'ai_landscape.articles'::pg_catalog.regclass)
$$;
COMMENT ON FUNCTION articles_estimate() IS
    'the number of articles by the statistics (pg_class.reltuples, summed over partitions); NULL when a foreign partition was never analyzed; load_claims links a statement of 20+ articles with one join when it brings 0.35% of this';

-- Segment the given articles into claims, set-at-a-time, link each claim to
-- the earlier claims it repeats, and extract what they mention.  Each row is
-- written once: links are computed before the claims are inserted; only
-- older clusters that a new claim joins are updated.
CREATE FUNCTION load_claims(article_ids bigint[]) RETURNS bigint
    LANGUAGE plpgsql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    threshold real := ai_landscape.duplicate_threshold();
    deferred boolean := ai_landscape.defer_linking();
    whole_join boolean := false;
    loaded bigint;
    merged_from bigint[];
    merged_into bigint[];
    repeating bigint[];
    repeated bigint[];
BEGIN
    IF pg_catalog.cardinality(load_claims.article_ids) = 0 THEN
        RETURN 0;
    END IF;
    PERFORM ai_landscape.check_icu_version();
    -- a deferred (bulk) load links nothing now: recluster() does it once at the end
    IF NOT deferred THEN
        PERFORM ai_landscape.lock_claims();
        -- a statement that brings at least 20 articles and 0.35% of those
        -- there are (a COPY of a batch) is linked like a bulk load: one join
        -- over all claims then costs less than a probe per new claim, whose
        -- cost grows with the table too (bench/ingest: the join of 1,000,000
        -- claims costs what about 155 articles' probes cost; of 100,000,
        -- 33 articles'); the links are the same (not when the count is
        -- unknown: a coordinator's foreign partition never analyzed)
        whole_join := coalesce(pg_catalog.cardinality(load_claims.article_ids) >= 20
            AND pg_catalog.cardinality(load_claims.article_ids) >= 0.0035 * ai_landscape.articles_estimate(), false);
    END IF;

    IF deferred OR whole_join THEN
        WITH segmented AS (
            -- ids are drawn in article, then sentence order: the first copy has the smallest id
            SELECT pg_catalog.nextval('ai_landscape.claims_id_seq'::pg_catalog.regclass) AS id, s.*
              FROM (SELECT a.id AS article_id, x.ordinal, x.start_offset, x.end_offset,
                           x.sentence::ai_landscape.claim AS sentence
                      FROM ai_landscape.articles AS a,
                           LATERAL ai_landscape.sentences(a.body) AS x
                     WHERE a.id = ANY (load_claims.article_ids)
                     ORDER BY a.id, x.ordinal) AS s
        )
        INSERT INTO ai_landscape.claims (id, article_id, ordinal, start_offset, end_offset, sentence, cluster_id,
                                         modality, negated, attribution, attributed_to)
        SELECT n.id, n.article_id, n.ordinal, n.start_offset, n.end_offset, n.sentence, n.id,
               k.modality, k.negated, k.attribution, k.attributed_to
          FROM segmented AS n, LATERAL ai_landscape.claim_kind(n.sentence::text) AS k;
        GET DIAGNOSTICS loaded = ROW_COUNT;
        UPDATE ai_landscape.articles AS a SET loaded_at = pg_catalog.now()
         WHERE a.id = ANY (load_claims.article_ids);
        IF whole_join THEN
            PERFORM ai_landscape.recluster(threshold);
        END IF;
    ELSE
        WITH segmented AS MATERIALIZED (
            SELECT pg_catalog.nextval('ai_landscape.claims_id_seq'::pg_catalog.regclass) AS id, s.*
              FROM (SELECT a.id AS article_id, x.ordinal, x.start_offset, x.end_offset,
                           x.sentence::ai_landscape.claim AS sentence
                      FROM ai_landscape.articles AS a,
                           LATERAL ai_landscape.sentences(a.body) AS x
                     WHERE a.id = ANY (load_claims.article_ids)
                     ORDER BY a.id, x.ordinal) AS s
        ), links AS MATERIALIZED (
            SELECT l.*
              FROM (SELECT pg_catalog.array_agg(n.id ORDER BY n.id) AS ids,
                           pg_catalog.array_agg(n.article_id ORDER BY n.id) AS articles,
                           pg_catalog.array_agg(n.sentence ORDER BY n.id) AS sentences
                      FROM segmented AS n) AS g,
                   LATERAL ai_landscape.link_new_claims(g.ids, g.articles, g.sentences, threshold) AS l
             WHERE g.ids IS NOT NULL
        ), inserted AS (
            INSERT INTO ai_landscape.claims (id, article_id, ordinal, start_offset, end_offset, sentence,
                                             duplicate_of, cluster_id, modality, negated, attribution, attributed_to)
            SELECT n.id, n.article_id, n.ordinal, n.start_offset, n.end_offset, n.sentence,
                   l.duplicate_of, l.cluster_id, k.modality, k.negated, k.attribution, k.attributed_to
              FROM segmented AS n
              JOIN links AS l ON l.kind = 'c' AND l.id = n.id,
                   LATERAL ai_landscape.claim_kind(n.sentence::text) AS k
            RETURNING 1
        )
        SELECT (SELECT pg_catalog.count(*) FROM inserted),
               pg_catalog.array_agg(l.id) FILTER (WHERE l.kind = 'm'),
               pg_catalog.array_agg(l.cluster_id) FILTER (WHERE l.kind = 'm'),
               pg_catalog.array_agg(l.id) FILTER (WHERE l.kind = 'a' AND l.duplicate_of IS NOT NULL),
               pg_catalog.array_agg(l.duplicate_of) FILTER (WHERE l.kind = 'a' AND l.duplicate_of IS NOT NULL)
          INTO loaded, merged_from, merged_into, repeating, repeated
          FROM links AS l;

        -- earlier clusters that new claims joined, one index lookup each (rare)
        FOR i IN 1 .. coalesce(pg_catalog.cardinality(merged_from), 0) LOOP
            UPDATE ai_landscape.claims SET cluster_id = merged_into[i] WHERE cluster_id = merged_from[i];
        END LOOP;
        UPDATE ai_landscape.articles AS a SET loaded_at = pg_catalog.now()
         WHERE a.id = ANY (load_claims.article_ids) AND a.id <> ALL (coalesce(repeating, '{}'));
        FOR i IN 1 .. coalesce(pg_catalog.cardinality(repeating), 0) LOOP
            UPDATE ai_landscape.articles SET loaded_at = pg_catalog.now(), near_duplicate_of = repeated[i]
             WHERE id = repeating[i];
        END LOOP;
    END IF;

    -- the claims' own columns came with them: only the mention tables are left
    PERFORM ai_landscape.extract_mentions(load_claims.article_ids);
    RETURN loaded;
END
$$;
COMMENT ON FUNCTION load_claims(bigint[]) IS
    'segment the given articles into claims, link near-duplicates and clusters, extract what they mention, set loaded_at; returns the number of claims (used by the articles trigger; call load_article or INSERT/COPY into articles instead)';

-- Who an article repeats: stored by the loader and recluster(); the view adds counts.
CREATE VIEW article_near_duplicates AS
SELECT a.id AS article_id,
       a.near_duplicate_of,
       (SELECT count(*) FROM claims AS m
         WHERE m.article_id = a.id
           AND EXISTS (SELECT 1 FROM claims AS o
                        WHERE o.cluster_id = m.cluster_id AND o.article_id = a.near_duplicate_of)) AS shared_claims,
       (SELECT count(*) FROM claims AS t WHERE t.article_id = a.id) AS claims
  FROM articles AS a
 WHERE a.near_duplicate_of IS NOT NULL;
COMMENT ON VIEW article_near_duplicates IS
    'articles that repeat an earlier article: at least 80% of their claims have a near-duplicate (a linked claim) among the earlier article''s claims';
COMMENT ON COLUMN article_near_duplicates.article_id IS 'the later article';
COMMENT ON COLUMN article_near_duplicates.near_duplicate_of IS 'the earlier article it repeats (the one with most such claims, then the smallest id)';
COMMENT ON COLUMN article_near_duplicates.shared_claims IS 'claims of the later article in a cluster with a claim of the earlier one';
COMMENT ON COLUMN article_near_duplicates.claims IS 'claims of the later article';

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
    -- on a coordinator (partition_by_article passes 'lock first') loads
    -- serialize before the first lookup on a node: postgres_fdw reads a node
    -- as of the first query a transaction sends it, which must come after the
    -- previous load committed, or both may store the same body
    IF TG_NARGS > 0 AND TG_ARGV[0] = 'lock first' THEN
        PERFORM ai_landscape.lock_claims();
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
    'articles trigger: refuses empty bodies (22023), sets content_hash, skips articles already loaded; with the argument ''lock first'' (a coordinator) takes lock_claims() before it looks';

CREATE FUNCTION articles_after_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- once per statement: a COPY of thousands of articles loads them as one set;
    -- rows that arrive with loaded_at set (a pg_dump restore) are already segmented
    PERFORM ai_landscape.load_claims(ARRAY(SELECT n.id FROM new_articles AS n
                                            WHERE n.loaded_at IS NULL ORDER BY n.id));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION articles_after_insert() IS
    'articles trigger, once per INSERT or COPY statement: loads the claims of the new articles as one set';

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
    REFERENCING NEW TABLE AS new_articles
    FOR EACH STATEMENT EXECUTE FUNCTION articles_after_insert();
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
    -- on a coordinator, serialize before the first lookup on a node (see articles_before_insert)
    IF (SELECT c.relkind FROM pg_catalog.pg_class AS c WHERE c.oid = 'ai_landscape.articles'::pg_catalog.regclass) = 'p' THEN
        PERFORM ai_landscape.lock_claims();
    END IF;

    SELECT a.id INTO article FROM ai_landscape.articles AS a WHERE a.content_hash = hash;
    IF FOUND THEN
        RETURN article;
    END IF;

    INSERT INTO ai_landscape.articles (title, source, url, published, body, content_hash)
    VALUES (load_article.title, load_article.source, load_article.url,
            load_article.published, load_article.body, hash)
    -- no conflict target: a partitioned articles table (partition_by_article)
    -- has no unique index on content_hash; on one server the only conflict is
    -- content_hash (ids come from the identity)
    ON CONFLICT DO NOTHING
    RETURNING id INTO article;

    IF article IS NULL THEN
        -- loaded concurrently by another session, or skipped by the trigger
        SELECT a.id INTO article FROM ai_landscape.articles AS a WHERE a.content_hash = hash;
    ELSIF NOT EXISTS (SELECT 1 FROM ai_landscape.articles AS a
                       WHERE a.id = article AND a.loaded_at IS NOT NULL) THEN
        -- a table without the articles triggers (README "Running on Citus"): load here
        PERFORM ai_landscape.load_claims(ARRAY[article]);
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
    LANGUAGE sql STABLE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT l.id, l.duplicate_of, l.cluster_id
      FROM ai_landscape.link_claims_bulk(cluster_claims.threshold) AS l
     WHERE l.kind = 'c'
$$;
COMMENT ON FUNCTION cluster_claims(real) IS
    'every claim with its earliest linked claim and its cluster at the given threshold, computed in bulk (an exact all-pairs similarity join); changes nothing';

CREATE FUNCTION recluster(threshold real DEFAULT NULL,
                          OUT claims bigint, OUT clusters bigint, OUT duplicates bigint,
                          OUT claims_changed bigint, OUT articles_changed bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t real := coalesce(recluster.threshold, ai_landscape.duplicate_threshold());
BEGIN
    PERFORM ai_landscape.check_icu_version();
    PERFORM ai_landscape.lock_claims();
    WITH links AS MATERIALIZED (
        SELECT * FROM ai_landscape.link_claims_bulk(t)
    ), claims_set AS (
        UPDATE ai_landscape.claims AS c
           SET duplicate_of = r.duplicate_of, cluster_id = r.cluster_id
          FROM links AS r
         WHERE r.kind = 'c' AND c.id = r.id
           AND (c.duplicate_of IS DISTINCT FROM r.duplicate_of OR c.cluster_id <> r.cluster_id)
        RETURNING 1
    ), articles_set AS (
        UPDATE ai_landscape.articles AS a
           SET near_duplicate_of = r.duplicate_of
          FROM ai_landscape.articles AS x
          LEFT JOIN links AS r ON r.kind = 'a' AND r.id = x.id
         WHERE a.id = x.id AND a.near_duplicate_of IS DISTINCT FROM r.duplicate_of
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM claims_set), (SELECT count(*) FROM articles_set)
      INTO recluster.claims_changed, recluster.articles_changed;

    SELECT count(*), count(DISTINCT c.cluster_id), count(c.duplicate_of)
      INTO recluster.claims, recluster.clusters, recluster.duplicates
      FROM ai_landscape.claims AS c;
END
$$;
COMMENT ON FUNCTION recluster(real) IS
    'recompute duplicate_of, clusters and articles.near_duplicate_of from scratch with one exact all-pairs join (after a bulk load with ai_landscape.defer_linking, or a threshold change); threshold defaults to ai_landscape.duplicate_threshold'
;

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

------------------------------------------------------------------------------
-- The ICU version claims were indexed, clustered and extracted with
------------------------------------------------------------------------------

-- Word breaks, sentence breaks and the normalized form come from ICU: keys in
-- claim indexes, stored clusters and extracted rows made under one ICU version
-- may not match what another computes, as with collations.  The loaders and
-- recluster()/reextract() refuse to add to data made under another version.
CREATE FUNCTION icu_version() RETURNS text
    AS 'MODULE_PATHNAME', 'al_icu_version' LANGUAGE C STABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION icu_version() IS
    'the version of the ICU library this server runs (u_getVersion), e.g. 72.1';

CREATE TABLE icu_recorded (
    icu_version text NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
-- one row: an insert replaces it (see the trigger), so a pg_dump restore puts
-- back the version of the source database over the one CREATE EXTENSION wrote
CREATE UNIQUE INDEX icu_recorded_one_row ON icu_recorded ((true));
COMMENT ON TABLE icu_recorded IS
    'the ICU version the stored claims, their indexes, clusters and extracted rows were made with (one row; kept by pg_dump)';
COMMENT ON COLUMN icu_recorded.icu_version IS 'ICU version, as icu_version() returns it';
COMMENT ON COLUMN icu_recorded.recorded_at IS 'when it was recorded: CREATE EXTENSION or accept_icu_version()';

CREATE FUNCTION icu_recorded_replace() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    DELETE FROM ai_landscape.icu_recorded;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION icu_recorded_replace() IS
    'icu_recorded trigger: the row inserted replaces the one there (a restore keeps the source''s version)';
CREATE TRIGGER icu_recorded_replace BEFORE INSERT ON icu_recorded
    FOR EACH ROW EXECUTE FUNCTION icu_recorded_replace();

INSERT INTO icu_recorded (icu_version) VALUES (icu_version());
SELECT pg_catalog.pg_extension_config_dump('icu_recorded', '');

CREATE FUNCTION check_icu_version() RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    recorded text;
    running text := ai_landscape.icu_version();
BEGIN
    SELECT r.icu_version INTO recorded FROM ai_landscape.icu_recorded AS r;
    IF recorded IS DISTINCT FROM running THEN
        RAISE EXCEPTION 'ai_landscape''s claims were made with ICU %, this server runs ICU %',
                        coalesce(recorded, '(none recorded)'), running
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Word breaks, sentence breaks and the normalized form of a claim can differ between ICU versions, so indexes, clusters and extracted rows would not match new claims.',
                  HINT = 'Rebuild what ICU made: REINDEX TABLE ai_landscape.claims (and every index on a claim column), '
                         'then SELECT ai_landscape.accept_icu_version(); SELECT * FROM ai_landscape.recluster(); '
                         'SELECT ai_landscape.reextract();';
    END IF;
END
$$;
COMMENT ON FUNCTION check_icu_version() IS
    'error (55000) unless the running ICU is the one recorded in icu_recorded; called by the loaders, recluster() and reextract()';

CREATE FUNCTION accept_icu_version() RETURNS text
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO ai_landscape.icu_recorded (icu_version) VALUES (ai_landscape.icu_version())
    RETURNING icu_version
$$;
COMMENT ON FUNCTION accept_icu_version() IS
    'record the running ICU version as the one the data is made with: run it after REINDEX of the claim indexes, then recluster() and reextract()';

------------------------------------------------------------------------------
-- Changes to the shipped gazetteer survive pg_dump
------------------------------------------------------------------------------

-- pg_dump keeps the gazetteer rows WHERE NOT builtin, and CREATE EXTENSION
-- brings the shipped rows back.  So a shipped row that is changed stops being
-- builtin (it is dumped, and on restore it replaces the shipped row of the
-- same id), and a shipped row that is deleted (or an alias renamed) leaves its
-- key in absent_builtin_entities / absent_builtin_aliases, which are dumped
-- and whose rows delete the shipped row again when restored.  Their names sort
-- before "articles": pg_dump orders the extension's tables by their foreign
-- keys, then by name, so it restores them first, and a name a deletion freed
-- can be taken by a row of the dump (test/t/021_gazetteer_dump.pl).

CREATE TABLE absent_builtin_entities (
    entity_id bigint PRIMARY KEY
);
COMMENT ON TABLE absent_builtin_entities IS
    'shipped gazetteer entities that were deleted (kept by pg_dump: a restore deletes them again)';
COMMENT ON COLUMN absent_builtin_entities.entity_id IS 'id of the deleted shipped entity';

CREATE TABLE absent_builtin_aliases (
    entity_id bigint NOT NULL,
    alias     text NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
COMMENT ON TABLE absent_builtin_aliases IS
    'shipped aliases that were deleted or changed (kept by pg_dump: a restore deletes them again)';
COMMENT ON COLUMN absent_builtin_aliases.entity_id IS 'the entity of the alias';
COMMENT ON COLUMN absent_builtin_aliases.alias IS 'the shipped alias';

SELECT pg_catalog.pg_extension_config_dump('absent_builtin_entities', '');
SELECT pg_catalog.pg_extension_config_dump('absent_builtin_aliases', '');

CREATE FUNCTION builtin_changed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.builtin := false;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION builtin_changed() IS
    'entities and entity_aliases trigger: a changed row is not builtin any more, so pg_dump keeps it';

CREATE FUNCTION builtin_restored() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- a changed shipped row, restored by pg_dump, replaces the shipped one
    IF NEW.builtin THEN
        RETURN NEW;
    ELSIF TG_TABLE_NAME = 'entities' THEN
        UPDATE ai_landscape.entities AS e
           SET name = NEW.name, kind = NEW.kind, country = NEW.country
         WHERE e.id = NEW.id AND e.builtin;
    ELSE
        UPDATE ai_landscape.entity_aliases AS a SET builtin = false
         WHERE a.entity_id = NEW.entity_id AND a.alias = NEW.alias AND a.builtin;
    END IF;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION builtin_restored() IS
    'entities and entity_aliases trigger: a row inserted over a shipped row of the same key (a restored changed row) replaces it';

CREATE FUNCTION builtin_removed() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- after the row is gone, so that applying the record deletes nothing more
    IF NOT OLD.builtin THEN
        RETURN NULL;
    ELSIF TG_TABLE_NAME = 'entities' THEN
        IF TG_OP = 'DELETE' OR NEW.id <> OLD.id THEN
            INSERT INTO ai_landscape.absent_builtin_entities VALUES (OLD.id) ON CONFLICT DO NOTHING;
        END IF;
    ELSIF TG_OP = 'DELETE' OR (NEW.entity_id, NEW.alias) IS DISTINCT FROM (OLD.entity_id, OLD.alias) THEN
        INSERT INTO ai_landscape.absent_builtin_aliases VALUES (OLD.entity_id, OLD.alias) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION builtin_removed() IS
    'entities and entity_aliases trigger: a shipped row deleted (or an alias changed) is recorded in absent_builtin_entities/aliases, which pg_dump keeps';

CREATE TRIGGER entities_restored BEFORE INSERT ON entities
    FOR EACH ROW EXECUTE FUNCTION builtin_restored();
CREATE TRIGGER entities_changed BEFORE UPDATE ON entities
    FOR EACH ROW EXECUTE FUNCTION builtin_changed();
CREATE TRIGGER entities_removed AFTER UPDATE OR DELETE ON entities
    FOR EACH ROW EXECUTE FUNCTION builtin_removed();
CREATE TRIGGER entity_aliases_restored BEFORE INSERT ON entity_aliases
    FOR EACH ROW EXECUTE FUNCTION builtin_restored();
CREATE TRIGGER entity_aliases_changed BEFORE UPDATE ON entity_aliases
    FOR EACH ROW EXECUTE FUNCTION builtin_changed();
CREATE TRIGGER entity_aliases_removed AFTER UPDATE OR DELETE ON entity_aliases
    FOR EACH ROW EXECUTE FUNCTION builtin_removed();

CREATE FUNCTION apply_absent_builtin() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_TABLE_NAME = 'absent_builtin_entities' THEN
        DELETE FROM ai_landscape.entities AS e WHERE e.id = NEW.entity_id AND e.builtin;
    ELSE
        DELETE FROM ai_landscape.entity_aliases AS a
         WHERE a.entity_id = NEW.entity_id AND a.alias = NEW.alias AND a.builtin;
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION apply_absent_builtin() IS
    'absent_builtin_entities/aliases trigger: a row restored by pg_dump deletes the shipped row again';
CREATE TRIGGER absent_builtin_entities_apply AFTER INSERT ON absent_builtin_entities
    FOR EACH ROW EXECUTE FUNCTION apply_absent_builtin();
CREATE TRIGGER absent_builtin_aliases_apply AFTER INSERT ON absent_builtin_aliases
    FOR EACH ROW EXECUTE FUNCTION apply_absent_builtin();

------------------------------------------------------------------------------
-- Roles: ai_landscape_reader queries, ai_landscape_loader also loads
------------------------------------------------------------------------------

-- Roles belong to the cluster, not to a database: the first CREATE EXTENSION
-- creates them, later ones (in other databases, or after DROP EXTENSION, which
-- leaves them) reuse them.  A role of that name that can log in or has any
-- special attribute was not made here: refuse to hand it privileges.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['ai_landscape_reader', 'ai_landscape_loader'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS x WHERE x.rolname = r) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created at the same moment by CREATE EXTENSION in another database
            END;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles AS x
                    WHERE x.rolname = r
                      AND (x.rolcanlogin OR x.rolsuper OR x.rolcreaterole OR x.rolcreatedb
                           OR x.rolreplication OR x.rolbypassrls)) THEN
            RAISE EXCEPTION 'role % exists and is not a plain NOLOGIN role', r
                USING ERRCODE = 'duplicate_object',
                      HINT = pg_catalog.format('ai_landscape grants privileges to this role: make it a group role '
                                               '(ALTER ROLE %I NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS) '
                                               'or drop it, then create the extension again.', r);
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members AS m
                    WHERE m.roleid = 'ai_landscape_reader'::pg_catalog.regrole
                      AND m.member = 'ai_landscape_loader'::pg_catalog.regrole) THEN
        GRANT ai_landscape_reader TO ai_landscape_loader;
    END IF;
END
$$;

------------------------------------------------------------------------------
-- Vocabularies: the word orders of prefix-filtered GIN indexes
--   CREATE INDEX ... USING gin (col claim_gin_ops (min_threshold = 0.5, vocabulary = 'news'))
-- An index depends on its vocabulary for its whole life, so a vocabulary
-- never changes once made, and a dropped name is never used again.
------------------------------------------------------------------------------

CREATE FUNCTION shingle_hashes(claim) RETURNS integer[]
    AS 'MODULE_PATHNAME', 'claim_shingle_hashes' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION shingle_hashes(claim) IS
    'the 32-bit hashes of shingles(claim), sorted: what similarity() compares and GIN indexes';

CREATE FUNCTION indexed_words(claim, min_threshold real, vocabulary text DEFAULT NULL) RETURNS integer[]
    AS 'MODULE_PATHNAME', 'claim_indexed_words' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION indexed_words(claim, real, text) IS
    'the word hashes a GIN index with these options holds for a claim, rarest first (as in shingle_hashes()): what prefix filtering keeps';

CREATE TABLE vocabularies (
    name       text PRIMARY KEY CONSTRAINT vocabularies_name_check CHECK (name ~ '^[a-z0-9_]{1,63}$'),
    words      integer NOT NULL CHECK (words > 0),
    source     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    dropped_at timestamptz
);
COMMENT ON TABLE vocabularies IS
    'word orders for GIN indexes with prefix filtering; made by create_vocabulary(), never changed (dropped ones stay as tombstones)';
COMMENT ON COLUMN vocabularies.name IS 'the name an index gives in its vocabulary option';
COMMENT ON COLUMN vocabularies.words IS 'how many of the most frequent words are ranked';
COMMENT ON COLUMN vocabularies.source IS 'what the words were counted in';
COMMENT ON COLUMN vocabularies.created_at IS 'when it was made';
COMMENT ON COLUMN vocabularies.dropped_at IS 'when drop_vocabulary() removed its words; the name stays taken';

CREATE TABLE vocabulary_words (
    vocabulary text NOT NULL REFERENCES vocabularies (name),
    word_hash  integer NOT NULL,
    rank       integer NOT NULL CHECK (rank > 0),
    PRIMARY KEY (vocabulary, word_hash),
    UNIQUE (vocabulary, rank)
);
COMMENT ON TABLE vocabulary_words IS
    'the ranked words of each vocabulary: rank 1 is the most frequent; words not listed count as rarer than all listed ones';
COMMENT ON COLUMN vocabulary_words.vocabulary IS 'the vocabulary';
COMMENT ON COLUMN vocabulary_words.word_hash IS 'a word''s hash, as in shingle_hashes()';
COMMENT ON COLUMN vocabulary_words.rank IS 'its frequency rank, 1 = most frequent';
SELECT pg_catalog.pg_extension_config_dump('vocabularies', '');
SELECT pg_catalog.pg_extension_config_dump('vocabulary_words', '');

-- A vocabulary's words arrive in one statement (create_vocabulary(), or a
-- restore's COPY) and are never added to, changed or removed but by
-- drop_vocabulary(): an index built on them would silently miss rows.
CREATE FUNCTION vocabulary_words_complete() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad text;
BEGIN
    SELECT v.name INTO bad
      FROM (SELECT vocabulary, count(*) AS added FROM new_words GROUP BY vocabulary) AS n
      JOIN ai_landscape.vocabularies AS v ON v.name = n.vocabulary
     WHERE n.added <> v.words OR v.dropped_at IS NOT NULL
        OR (SELECT count(*) FROM ai_landscape.vocabulary_words AS w WHERE w.vocabulary = v.name) <> v.words
     LIMIT 1;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'vocabulary "%" cannot be changed', bad
              USING ERRCODE = 'object_not_in_prerequisite_state',
                    HINT = 'Indexes depend on a vocabulary''s words: make a new one with create_vocabulary().';
    END IF;
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION vocabulary_words_complete() IS
    'trigger: all the words of a vocabulary arrive in one statement, exactly as many as it ranks, and never later';
CREATE TRIGGER vocabulary_words_insert AFTER INSERT ON vocabulary_words
    REFERENCING NEW TABLE AS new_words FOR EACH STATEMENT EXECUTE FUNCTION vocabulary_words_complete();

CREATE FUNCTION vocabulary_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- the only changes allowed: drop_vocabulary() marks a vocabulary dropped, then deletes its words
    IF TG_LEVEL = 'ROW' AND TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'vocabularies' THEN
        IF OLD.dropped_at IS NULL AND NEW.dropped_at IS NOT NULL
           AND (NEW.name, NEW.words, NEW.source, NEW.created_at)
               IS NOT DISTINCT FROM (OLD.name, OLD.words, OLD.source, OLD.created_at) THEN
            RETURN NEW;
        END IF;
    ELSIF TG_LEVEL = 'ROW' AND TG_OP = 'DELETE' AND TG_TABLE_NAME = 'vocabulary_words' THEN
        IF (SELECT v.dropped_at FROM ai_landscape.vocabularies AS v WHERE v.name = OLD.vocabulary) IS NOT NULL THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'vocabularies cannot be changed'
          USING ERRCODE = 'object_not_in_prerequisite_state',
                HINT = 'Indexes depend on a vocabulary''s words: make a new one with create_vocabulary(), '
                       'remove an unused one with drop_vocabulary().';
END
$$;
COMMENT ON FUNCTION vocabulary_refuse_change() IS
    'trigger: vocabularies and their words are never updated, deleted or truncated, except by drop_vocabulary()';
CREATE TRIGGER vocabularies_unchanged BEFORE UPDATE OR DELETE ON vocabularies
    FOR EACH ROW EXECUTE FUNCTION vocabulary_refuse_change();
CREATE TRIGGER vocabularies_truncate BEFORE TRUNCATE ON vocabularies
    FOR EACH STATEMENT EXECUTE FUNCTION vocabulary_refuse_change();
CREATE TRIGGER vocabulary_words_unchanged BEFORE UPDATE OR DELETE ON vocabulary_words
    FOR EACH ROW EXECUTE FUNCTION vocabulary_refuse_change();
CREATE TRIGGER vocabulary_words_truncate BEFORE TRUNCATE ON vocabulary_words
    FOR EACH STATEMENT EXECUTE FUNCTION vocabulary_refuse_change();

CREATE FUNCTION create_vocabulary(name text, source regclass, column_name name DEFAULT 'sentence',
                                  words integer DEFAULT 50000, sample_percent real DEFAULT 100)
    RETURNS integer
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ranked integer[];
    column_type regtype;
BEGIN
    IF name IS NULL OR name !~ '^[a-z0-9_]{1,63}$' THEN
        RAISE EXCEPTION 'invalid vocabulary name "%"', name
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'Use 1 to 63 lower-case letters, digits and underscores.';
    END IF;
    IF EXISTS (SELECT 1 FROM ai_landscape.vocabularies AS v WHERE v.name = create_vocabulary.name) THEN
        RAISE EXCEPTION 'vocabulary "%" already exists or existed', name
              USING ERRCODE = 'duplicate_object',
                    HINT = 'Names are never reused, since indexes may depend on them: choose another name.';
    END IF;
    IF words IS NULL OR words < 1 OR sample_percent IS NULL OR NOT (sample_percent > 0 AND sample_percent <= 100) THEN
        RAISE EXCEPTION 'words must be at least 1 and sample_percent in (0, 100]'
              USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT a.atttypid INTO column_type FROM pg_attribute AS a
     WHERE a.attrelid = source AND a.attname = column_name AND a.attnum > 0 AND NOT a.attisdropped;
    IF column_type IS NULL THEN
        RAISE EXCEPTION 'column "%" of % does not exist', column_name, source
              USING ERRCODE = 'undefined_column';
    END IF;
    IF column_type IS DISTINCT FROM 'ai_landscape.claim'::regtype THEN
        RAISE EXCEPTION 'column "%" of % is not of type claim', column_name, source
              USING ERRCODE = 'datatype_mismatch',
                    HINT = 'Give a table and a column of type ai_landscape.claim.';
    END IF;
    EXECUTE format('SELECT array_agg(h ORDER BY n DESC, h) FROM (
                        SELECT h, count(*) AS n
                          FROM (SELECT unnest(ai_landscape.shingle_hashes(%I)) AS h FROM %s %s) AS w
                         GROUP BY h ORDER BY count(*) DESC, h LIMIT $1) AS top',
                   column_name, source,
                   CASE WHEN sample_percent < 100 THEN format('TABLESAMPLE SYSTEM (%s) REPEATABLE (0)', sample_percent) ELSE '' END)
       INTO ranked USING words;
    IF ranked IS NULL THEN
        RAISE EXCEPTION '% has no rows to count words in', source
              USING ERRCODE = 'no_data_found',
                    HINT = 'Load claims first, or give a larger sample_percent.';
    END IF;
    INSERT INTO ai_landscape.vocabularies (name, words, source)
    VALUES (name, cardinality(ranked),
            format('%s.%I, %s%% sample', source, column_name, sample_percent));
    INSERT INTO ai_landscape.vocabulary_words (vocabulary, word_hash, rank)
    SELECT name, h, r::integer FROM unnest(ranked) WITH ORDINALITY AS u (h, r);
    RETURN cardinality(ranked);
END
$$;
COMMENT ON FUNCTION create_vocabulary(text, regclass, name, integer, real) IS
    'counts the words of a claim column and stores the most frequent ones as a named vocabulary for GIN indexes: returns how many it ranked';

CREATE FUNCTION vocabularies_changed() RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp;
COMMENT ON FUNCTION vocabularies_changed() IS
    'internal: at commit, every session forgets the vocabularies it has read (drop_vocabulary() calls it)';
REVOKE EXECUTE ON FUNCTION vocabularies_changed() FROM PUBLIC;

CREATE FUNCTION drop_vocabulary(name text) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    user_index regclass;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM ai_landscape.vocabularies AS v
                    WHERE v.name = drop_vocabulary.name AND v.dropped_at IS NULL) THEN
        RAISE EXCEPTION 'vocabulary "%" does not exist', name USING ERRCODE = 'undefined_object';
    END IF;
    SELECT a.attrelid::regclass INTO user_index
      FROM pg_attribute AS a
     WHERE a.attoptions IS NOT NULL AND ('vocabulary=' || name) = ANY (a.attoptions)
     LIMIT 1;
    IF user_index IS NOT NULL THEN
        RAISE EXCEPTION 'index % uses vocabulary "%"', user_index, name
              USING ERRCODE = 'dependent_objects_still_exist',
                    HINT = 'Drop or rebuild that index with another vocabulary first.';
    END IF;
    UPDATE ai_landscape.vocabularies AS v SET dropped_at = now() WHERE v.name = drop_vocabulary.name;
    DELETE FROM ai_landscape.vocabulary_words AS w WHERE w.vocabulary = drop_vocabulary.name;
    PERFORM ai_landscape.vocabularies_changed();
END
$$;
COMMENT ON FUNCTION drop_vocabulary(text) IS
    'removes the words of a vocabulary no index uses; its name stays taken';

CREATE FUNCTION tune_claims_index(words integer DEFAULT 50000, min_threshold real DEFAULT 0.5)
    RETURNS text
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    vocabulary text := 'claims_' || to_char(clock_timestamp(), 'YYYYMMDD_HH24MISS_US');
BEGIN
    IF min_threshold IS NULL OR NOT (min_threshold > 0 AND min_threshold <= 1) THEN
        RAISE EXCEPTION 'min_threshold must be in (0, 1]'
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'Give the lowest threshold you query claims with and the loaders use (ai_landscape.duplicate_threshold).';
    END IF;
    IF min_threshold > ai_landscape.duplicate_threshold() THEN
        RAISE EXCEPTION 'min_threshold % is above ai_landscape.duplicate_threshold (%)', min_threshold,
                        ai_landscape.duplicate_threshold()
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'The loaders probe at duplicate_threshold: below min_threshold every probe reads the whole index.';
    END IF;
    IF (SELECT c.relkind FROM pg_class AS c WHERE c.oid = 'ai_landscape.claims'::regclass) <> 'r' THEN
        RAISE EXCEPTION 'tune_claims_index() works on one server only'
              USING ERRCODE = 'feature_not_supported',
                    HINT = 'On several servers, tune each data node''s index there (README "Several servers").';
    END IF;
    PERFORM ai_landscape.create_vocabulary(vocabulary, 'ai_landscape.claims', 'sentence', words);
    -- build beside the old index (SHARE lock: queries go on, loads wait), then swap
    EXECUTE format('CREATE INDEX claims_sentence_gin_tuned ON ai_landscape.claims USING gin '
                   '(sentence ai_landscape.claim_gin_ops (min_threshold = %s, vocabulary = %L)) '
                   'WITH (gin_pending_list_limit = 256)', min_threshold, vocabulary);
    DROP INDEX ai_landscape.claims_sentence_gin;
    ALTER INDEX ai_landscape.claims_sentence_gin_tuned RENAME TO claims_sentence_gin;
    RETURN vocabulary;
END
$$;
COMMENT ON FUNCTION tune_claims_index(integer, real) IS
    'counts the words of the stored claims into a new vocabulary and rebuilds claims_sentence_gin with prefix filtering on it (thresholds below min_threshold then read the whole index); returns the vocabulary''s name';
REVOKE EXECUTE ON FUNCTION tune_claims_index(integer, real) FROM PUBLIC;

-- reader: query everything
GRANT USAGE ON SCHEMA ai_landscape TO ai_landscape_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA ai_landscape TO ai_landscape_reader;

-- writing functions: only loaders (and the owner) may call them
REVOKE EXECUTE ON FUNCTION load_article(text, text, text, text, date), load_claims(bigint[]), lock_claims(),
                           recluster(real), reextract(), extract_claims(bigint[]), extract_mentions(bigint[]),
                           accept_icu_version()
    FROM PUBLIC;

-- loader: what load_article, INSERT/COPY into articles (the triggers),
-- recluster() and reextract() do, and nothing more
GRANT EXECUTE ON FUNCTION load_article(text, text, text, text, date), load_claims(bigint[]), lock_claims(),
                          recluster(real), reextract(), extract_claims(bigint[]), extract_mentions(bigint[])
    TO ai_landscape_loader;
GRANT INSERT ON articles TO ai_landscape_loader;
GRANT UPDATE (loaded_at, near_duplicate_of) ON articles TO ai_landscape_loader;
-- UPDATE on claims also lets lock_claims() take its SHARE ROW EXCLUSIVE lock
GRANT INSERT, UPDATE ON claims TO ai_landscape_loader;
GRANT USAGE ON SEQUENCE claims_id_seq TO ai_landscape_loader;
GRANT INSERT, DELETE ON claim_entities, claim_amounts, claim_percentages, claim_times TO ai_landscape_loader;
-- vocabularies for prefix-filtered GIN indexes (create_vocabulary, drop_vocabulary)
GRANT INSERT, UPDATE (dropped_at) ON vocabularies TO ai_landscape_loader;
GRANT INSERT, DELETE ON vocabulary_words TO ai_landscape_loader;

------------------------------------------------------------------------------
-- Several servers: articles and claims hash-partitioned by article id, with
-- postgres_fdw foreign partitions on other servers (README "Several servers")
------------------------------------------------------------------------------

-- The coordinator segments, links and extracts; data nodes only store.  Each
-- node runs CREATE EXTENSION and this function, which removes what would
-- stop the coordinator's rows: links may point at rows on another node,
-- entities may be ones added to the coordinator's gazetteer (the authority;
-- the node's own is not read), and the node must not segment again the
-- articles the coordinator sends it.
CREATE FUNCTION prepare_data_node() RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (SELECT c.relkind FROM pg_catalog.pg_class AS c WHERE c.oid = 'ai_landscape.articles'::pg_catalog.regclass) = 'p' THEN
        RAISE EXCEPTION 'this database is a coordinator (partition_by_article), not a data node'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Run prepare_data_node() on each data node, in an empty database, right after CREATE EXTENSION.';
    END IF;
    IF EXISTS (SELECT 1 FROM ai_landscape.articles) THEN
        RAISE EXCEPTION 'a data node must start empty: ai_landscape.articles has rows'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Run prepare_data_node() right after CREATE EXTENSION, before loading anything.';
    END IF;
    ALTER TABLE ai_landscape.articles DROP CONSTRAINT IF EXISTS articles_near_duplicate_of_fkey;
    ALTER TABLE ai_landscape.claims DROP CONSTRAINT IF EXISTS claims_duplicate_of_fkey;
    ALTER TABLE ai_landscape.claims DROP CONSTRAINT IF EXISTS claims_attributed_to_fkey;
    ALTER TABLE ai_landscape.claim_entities DROP CONSTRAINT IF EXISTS claim_entities_entity_id_fkey;
    ALTER TABLE ai_landscape.articles DISABLE TRIGGER articles_after_insert;
    -- postgres_fdw updates a foreign partition through its parent with every
    -- column in the SET list: the coordinator's loaders, mapped to members of
    -- ai_landscape_loader here, set loaded_at and near_duplicate_of that way
    -- (a body still cannot change: articles_before_update)
    GRANT UPDATE ON ai_landscape.articles TO ai_landscape_loader;
    -- the coordinator's statement trigger finds the articles it must load here
    CREATE INDEX IF NOT EXISTS articles_unloaded_idx ON ai_landscape.articles (id) WHERE loaded_at IS NULL;
    COMMENT ON INDEX ai_landscape.articles_unloaded_idx IS
        'articles not loaded yet, which the coordinator''s articles trigger loads (prepare_data_node)';
END
$$;
COMMENT ON FUNCTION prepare_data_node() IS
    'make this database a data node of a coordinator (partition_by_article): drop the foreign keys of duplicate_of and near_duplicate_of, which may point at another node, and of attributed_to and claim_entities.entity_id, which may name entities of the coordinator''s gazetteer only; stop segmenting inserted articles (the coordinator does it); let loaders UPDATE every column of articles, as postgres_fdw does';

CREATE FUNCTION articles_after_insert_partitioned() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- the articles this statement inserted: every load sets loaded_at in the
    -- transaction that inserts, and other sessions' rows are not visible yet
    PERFORM ai_landscape.load_claims(ARRAY(SELECT a.id FROM ai_landscape.articles AS a
                                            WHERE a.loaded_at IS NULL ORDER BY a.id));
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION articles_after_insert_partitioned() IS
    'articles trigger of a coordinator (partition_by_article), once per INSERT or COPY statement: loads the articles not loaded yet as one set';

CREATE FUNCTION partition_by_article(servers name[]) RETURNS void
    LANGUAGE plpgsql VOLATILE STRICT
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts integer := pg_catalog.cardinality(partition_by_article.servers) + 1;
    view_names text[];
    view_defs text[];
    trigger_defs text[];
    t text;
    s name;
    r record;
BEGIN
    IF (SELECT c.relkind FROM pg_catalog.pg_class AS c WHERE c.oid = 'ai_landscape.articles'::pg_catalog.regclass) = 'p' THEN
        RAISE EXCEPTION 'ai_landscape.articles is already partitioned'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'partition_by_article runs once: the number of nodes is fixed (README "Several servers").';
    END IF;
    IF EXISTS (SELECT 1 FROM ai_landscape.articles) THEN
        RAISE EXCEPTION 'partition_by_article needs empty tables: ai_landscape.articles has rows'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Run it right after CREATE EXTENSION, then load through the coordinator.';
    END IF;
    FOREACH s IN ARRAY partition_by_article.servers LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_foreign_server AS f WHERE f.srvname = s) THEN
            RAISE EXCEPTION 'server "%" does not exist', s
                USING ERRCODE = 'undefined_object',
                      HINT = pg_catalog.format('CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ..., dbname ..., extensions ''ai_landscape''), and a user mapping for it.', s);
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_foreign_server AS f
                         JOIN pg_catalog.pg_foreign_data_wrapper AS w ON w.oid = f.srvfdw
                        WHERE f.srvname = s AND w.fdwname = 'postgres_fdw'
                          AND EXISTS (SELECT 1 FROM pg_catalog.unnest(f.srvoptions) AS o
                                       WHERE o LIKE 'extensions=%'
                                         AND 'ai_landscape' = ANY (pg_catalog.string_to_array(
                                                 pg_catalog.replace(pg_catalog.substr(o, 12), ' ', ''), ',')))) THEN
            RAISE EXCEPTION 'server "%" is not a postgres_fdw server with ai_landscape in its extensions option', s
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = pg_catalog.format('CREATE SERVER %I FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host ..., dbname ..., extensions ''ai_landscape''), '
                                               'or ALTER SERVER %I OPTIONS (ADD extensions ''ai_landscape''): without it the operators run here, not on the node.', s, s);
        END IF;
        -- a prepared node has the extension and its articles_after_insert
        -- disabled: ask the node's catalog (this needs a user mapping already)
        EXECUTE pg_catalog.format('CREATE FOREIGN TABLE pg_temp.ai_landscape_node_triggers (tgname name, tgenabled "char") '
                                  'SERVER %I OPTIONS (schema_name %L, table_name %L)', s, 'pg_catalog', 'pg_trigger');
        IF NOT EXISTS (SELECT 1 FROM pg_temp.ai_landscape_node_triggers AS g
                        WHERE g.tgname = 'articles_after_insert' AND g.tgenabled = 'D') THEN
            RAISE EXCEPTION 'server "%" is not a data node: prepare_data_node() was not run in its database', s
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'In the database the server names, run CREATE EXTENSION ai_landscape; SELECT ai_landscape.prepare_data_node(); (README "Several servers").';
        END IF;
        DROP FOREIGN TABLE pg_temp.ai_landscape_node_triggers;
    END LOOP;

    -- what refers to the tables by name is re-created once the names are the partitioned ones
    SELECT pg_catalog.array_agg(c.oid::pg_catalog.regclass::text ORDER BY c.oid),
           pg_catalog.array_agg(pg_catalog.pg_get_viewdef(c.oid) ORDER BY c.oid)
      INTO view_names, view_defs
      FROM pg_catalog.pg_class AS c
     WHERE c.relnamespace = 'ai_landscape'::pg_catalog.regnamespace AND c.relkind = 'v';
    SELECT pg_catalog.array_agg(pg_catalog.pg_get_triggerdef(g.oid) ORDER BY g.oid)
      INTO trigger_defs
      FROM pg_catalog.pg_trigger AS g
     WHERE g.tgrelid = 'ai_landscape.articles'::pg_catalog.regclass AND NOT g.tgisinternal
       AND g.tgname NOT IN ('articles_before_insert', 'articles_after_insert');

    -- links may refer to rows on another node; every other key stays within an article
    ALTER TABLE ai_landscape.articles DROP CONSTRAINT articles_near_duplicate_of_fkey;
    ALTER TABLE ai_landscape.claims DROP CONSTRAINT claims_duplicate_of_fkey;
    DROP TRIGGER articles_before_insert ON ai_landscape.articles;
    DROP TRIGGER articles_after_insert ON ai_landscape.articles;
    DROP TRIGGER articles_before_update ON ai_landscape.articles;

    -- the extension's tables become the local partitions (remainder 0); an
    -- article's claims and mentions hash like the article, so they share its node
    FOREACH t IN ARRAY ARRAY['articles', 'claims', 'claim_entities', 'claim_amounts', 'claim_percentages', 'claim_times'] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE ai_landscape.%I RENAME TO %I', t, t || '_local');
        EXECUTE pg_catalog.format('CREATE TABLE ai_landscape.%I (LIKE ai_landscape.%I) PARTITION BY HASH (%I)',
                                  t, t || '_local', CASE t WHEN 'articles' THEN 'id' ELSE 'article_id' END);
        IF t IN ('articles', 'claims') THEN
            EXECUTE pg_catalog.format('ALTER TABLE ai_landscape.%I ALTER COLUMN id SET DEFAULT pg_catalog.nextval(%L::pg_catalog.regclass)',
                                      t, 'ai_landscape.' || t || '_id_seq');
        END IF;
        EXECUTE pg_catalog.format('ALTER TABLE ai_landscape.%I ATTACH PARTITION ai_landscape.%I FOR VALUES WITH (MODULUS %s, REMAINDER 0)',
                                  t, t || '_local', parts);
        FOR i IN 1 .. parts - 1 LOOP
            EXECUTE pg_catalog.format('CREATE FOREIGN TABLE ai_landscape.%I PARTITION OF ai_landscape.%I '
                                      'FOR VALUES WITH (MODULUS %s, REMAINDER %s) SERVER %I '
                                      'OPTIONS (schema_name %L, table_name %L)',
                                      t || '_' || partition_by_article.servers[i], t, parts, i,
                                      partition_by_article.servers[i], 'ai_landscape', t);
            EXECUTE pg_catalog.format('COMMENT ON FOREIGN TABLE ai_landscape.%I IS %L',
                                      t || '_' || partition_by_article.servers[i],
                                      pg_catalog.format('partition %s of %s: ai_landscape.%s on server %s (partition_by_article)',
                                                        i, parts, t, partition_by_article.servers[i]));
        END LOOP;
        EXECUTE pg_catalog.format('COMMENT ON TABLE ai_landscape.%I IS %L', t,
                                  pg_catalog.obj_description(pg_catalog.format('ai_landscape.%I', t || '_local')::pg_catalog.regclass, 'pg_class')
                                  || ' (partitioned by article across servers: partition_by_article)');
        FOR r IN SELECT a.attname, pg_catalog.col_description(a.attrelid, a.attnum) AS comment
                   FROM pg_catalog.pg_attribute AS a
                  WHERE a.attrelid = pg_catalog.format('ai_landscape.%I', t || '_local')::pg_catalog.regclass
                    AND a.attnum > 0 AND NOT a.attisdropped LOOP
            EXECUTE pg_catalog.format('COMMENT ON COLUMN ai_landscape.%I.%I IS %L', t, r.attname, r.comment);
        END LOOP;
    END LOOP;

    FOR i IN 1 .. pg_catalog.cardinality(trigger_defs) LOOP
        EXECUTE trigger_defs[i];
    END LOOP;
    COMMENT ON TRIGGER articles_before_update ON ai_landscape.articles IS
        'a body cannot change under its claims (articles_before_update)';
    -- PostgreSQL 15 collects no transition tuples from foreign partitions, so the
    -- statement trigger loads what is not loaded yet (an index on each node)
    CREATE INDEX articles_unloaded_idx ON ai_landscape.articles_local (id) WHERE loaded_at IS NULL;
    COMMENT ON INDEX ai_landscape.articles_unloaded_idx IS
        'articles not loaded yet, which the coordinator''s articles trigger loads (partition_by_article)';
    CREATE TRIGGER articles_after_insert AFTER INSERT ON ai_landscape.articles
        FOR EACH STATEMENT EXECUTE FUNCTION ai_landscape.articles_after_insert_partitioned();
    COMMENT ON TRIGGER articles_after_insert ON ai_landscape.articles IS
        'loads the articles an INSERT or COPY stored, once per statement (articles_after_insert_partitioned)';
    CREATE TRIGGER articles_before_insert BEFORE INSERT ON ai_landscape.articles
        FOR EACH ROW EXECUTE FUNCTION ai_landscape.articles_before_insert('lock first');
    COMMENT ON TRIGGER articles_before_insert ON ai_landscape.articles IS
        'refuses empty bodies, sets content_hash and skips bodies already stored on any node, after lock_claims() (articles_before_insert)';
    FOR i IN 1 .. pg_catalog.cardinality(view_names) LOOP
        EXECUTE pg_catalog.format('CREATE OR REPLACE VIEW %s AS %s', view_names[i], view_defs[i]);
    END LOOP;
    -- the roles' privileges on the partitioned tables (partitions are reached through them)
    GRANT SELECT ON ai_landscape.articles, ai_landscape.claims, ai_landscape.claim_entities, ai_landscape.claim_amounts,
                    ai_landscape.claim_percentages, ai_landscape.claim_times TO ai_landscape_reader;
    GRANT INSERT, UPDATE (loaded_at, near_duplicate_of) ON ai_landscape.articles TO ai_landscape_loader;
    -- the partitioned articles' id default is a nextval (an identity is not inherited)
    GRANT USAGE ON SEQUENCE ai_landscape.articles_id_seq TO ai_landscape_loader;
    GRANT INSERT, UPDATE ON ai_landscape.claims TO ai_landscape_loader;
    GRANT INSERT, DELETE ON ai_landscape.claim_entities, ai_landscape.claim_amounts, ai_landscape.claim_percentages,
                            ai_landscape.claim_times TO ai_landscape_loader;
END
$$;
COMMENT ON FUNCTION partition_by_article(name[]) IS
    'make this database the coordinator of the given postgres_fdw servers (each a data node: prepare_data_node()): articles, claims and their mentions become hash-partitioned by article id, the local tables partition 0 and a foreign table on each server the others';

REVOKE EXECUTE ON FUNCTION prepare_data_node(), partition_by_article(name[]) FROM PUBLIC;
