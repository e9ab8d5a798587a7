/* ai_landscape--1.0--1.1.sql: ALTER EXTENSION ai_landscape UPDATE TO '1.1' */

\echo Use "ALTER EXTENSION ai_landscape UPDATE TO '1.1'" to load this file. \quit

-- 1.1 loads set-at-a-time: one statement-level trigger loads every article an
-- INSERT or COPY adds; ai_landscape.defer_linking leaves the linking to one
-- recluster(); links are computed in C before the claims are written; loads
-- serialize on a table lock instead of an advisory lock; claims link only when
-- their figures agree; the extractors and the gazetteer changed; the ICU
-- version is recorded and checked; edits of the shipped gazetteer survive
-- pg_dump; the roles ai_landscape_reader and ai_landscape_loader.  Stored rows
-- are kept as they are: recluster() and reextract() recompute links and
-- mentions by the 1.1 rules (README "Upgrading").  make appends the shipped
-- gazetteer to this file (scripts/gazetteer_update_sql.awk).

------------------------------------------------------------------------------
-- New: settings, the linking functions and the loaders' lock
------------------------------------------------------------------------------

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


------------------------------------------------------------------------------
-- reextract() takes the loaders' lock
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION reextract() RETURNS bigint
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

------------------------------------------------------------------------------
-- The loader: a set of articles per call instead of one body
------------------------------------------------------------------------------

DROP FUNCTION load_claims(bigint, text);

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
CREATE OR REPLACE VIEW article_near_duplicates AS
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

-- once per statement instead of once per row
DROP TRIGGER articles_after_insert ON articles;

CREATE OR REPLACE FUNCTION articles_after_insert() RETURNS trigger
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

CREATE TRIGGER articles_after_insert AFTER INSERT ON articles
    REFERENCING NEW TABLE AS new_articles
    FOR EACH STATEMENT EXECUTE FUNCTION articles_after_insert();

------------------------------------------------------------------------------
-- Clusters: from link_claims_bulk()
------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION cluster_claims(threshold real,
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

CREATE OR REPLACE FUNCTION recluster(threshold real DEFAULT NULL,
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


------------------------------------------------------------------------------
-- A small GIN pending list; search_path pinned on C functions that run SQL
-- or read settings
------------------------------------------------------------------------------

ALTER INDEX claims_sentence_gin SET (gin_pending_list_limit = 256);
ALTER FUNCTION extract_claims(bigint[]) SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION duplicate_threshold() SET search_path = pg_catalog, pg_temp;

------------------------------------------------------------------------------
-- Loads write each claim row once: its own columns with it, then the mentions
------------------------------------------------------------------------------

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
-- GIN prefix filtering: the options min_threshold and vocabulary, and the
-- vocabularies (word orders) they use.  Existing indexes have no options
-- and keep indexing every word.
------------------------------------------------------------------------------

CREATE FUNCTION claim_gin_options(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION claim_gin_options(internal) IS
    'GIN support: the options min_threshold (index only word prefixes) and vocabulary (their word order)';

ALTER OPERATOR FAMILY claim_gin_ops USING gin ADD FUNCTION 7 (claim) claim_gin_options(internal);
COMMENT ON OPERATOR CLASS claim_gin_ops USING gin IS
    'exact GIN index of claims over their shingle hashes: serves %, %>=, similar() and =, at every threshold; options min_threshold and vocabulary index only word prefixes';

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
-- Extracted rows carry their claim's article: distributed tables keep them
-- with the claim (partition_by_article, Citus)
------------------------------------------------------------------------------

ALTER TABLE claim_entities ADD COLUMN article_id bigint;
UPDATE claim_entities AS m SET article_id = c.article_id FROM claims AS c WHERE c.id = m.claim_id;
ALTER TABLE claim_entities ALTER COLUMN article_id SET NOT NULL;
COMMENT ON COLUMN claim_entities.article_id IS 'the article of the claim: rows are distributed by it, with their claim';
ALTER TABLE claim_amounts ADD COLUMN article_id bigint;
UPDATE claim_amounts AS m SET article_id = c.article_id FROM claims AS c WHERE c.id = m.claim_id;
ALTER TABLE claim_amounts ALTER COLUMN article_id SET NOT NULL;
COMMENT ON COLUMN claim_amounts.article_id IS 'the article of the claim: rows are distributed by it, with their claim';
ALTER TABLE claim_percentages ADD COLUMN article_id bigint;
UPDATE claim_percentages AS m SET article_id = c.article_id FROM claims AS c WHERE c.id = m.claim_id;
ALTER TABLE claim_percentages ALTER COLUMN article_id SET NOT NULL;
COMMENT ON COLUMN claim_percentages.article_id IS 'the article of the claim: rows are distributed by it, with their claim';
ALTER TABLE claim_times ADD COLUMN article_id bigint;
UPDATE claim_times AS m SET article_id = c.article_id FROM claims AS c WHERE c.id = m.claim_id;
ALTER TABLE claim_times ALTER COLUMN article_id SET NOT NULL;
COMMENT ON COLUMN claim_times.article_id IS 'the article of the claim: rows are distributed by it, with their claim';

CREATE OR REPLACE FUNCTION articles_before_insert() RETURNS trigger
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

CREATE OR REPLACE FUNCTION load_article(body text,
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
-- Several servers: articles and claims hash-partitioned by article id, with
-- postgres_fdw foreign partitions on other servers (README "Several servers")
------------------------------------------------------------------------------

-- The coordinator segments, links and extracts; data nodes only store.  Each
-- node runs CREATE EXTENSION and this function, which removes what would
-- stop the coordinator's rows: links may point at rows on another node, and
-- the node must not segment again the articles the coordinator sends it.
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
