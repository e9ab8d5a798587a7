/* ai_landscape--1.0--1.1.sql: ALTER EXTENSION ai_landscape UPDATE TO '1.1' */

\echo Use "ALTER EXTENSION ai_landscape UPDATE TO '1.1'" to load this file. \quit

-- 1.1 loads set-at-a-time: one statement-level trigger loads every article an
-- INSERT or COPY adds; ai_landscape.defer_linking leaves the linking to one
-- recluster(); links are computed in C before the claims are written; loads
-- serialize on a table lock instead of an advisory lock; claims link only when
-- their figures agree; the extractors and the gazetteer changed.  Stored rows
-- are kept as they are: recluster() and reextract() recompute links and
-- mentions by the 1.1 rules (README "Upgrading").  make appends the shipped
-- gazetteer to this file (scripts/gazetteer_update_sql.awk).

------------------------------------------------------------------------------
-- New: settings, the linking functions and the loaders' lock
------------------------------------------------------------------------------

CREATE FUNCTION defer_linking() RETURNS boolean
    AS 'MODULE_PATHNAME', 'al_defer_linking' LANGUAGE C STABLE PARALLEL SAFE;
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
    loaded bigint;
    merged_from bigint[];
    merged_into bigint[];
    repeating bigint[];
    repeated bigint[];
BEGIN
    IF pg_catalog.cardinality(load_claims.article_ids) = 0 THEN
        RETURN 0;
    END IF;
    -- a deferred (bulk) load links nothing now: recluster() does it once at the end
    IF NOT deferred THEN
        PERFORM ai_landscape.lock_claims();
    END IF;

    IF deferred THEN
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
        INSERT INTO ai_landscape.claims (id, article_id, ordinal, start_offset, end_offset, sentence, cluster_id)
        SELECT n.id, n.article_id, n.ordinal, n.start_offset, n.end_offset, n.sentence, n.id
          FROM segmented AS n;
        GET DIAGNOSTICS loaded = ROW_COUNT;
        UPDATE ai_landscape.articles AS a SET loaded_at = pg_catalog.now()
         WHERE a.id = ANY (load_claims.article_ids);
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
                                             duplicate_of, cluster_id)
            SELECT n.id, n.article_id, n.ordinal, n.start_offset, n.end_offset, n.sentence,
                   l.duplicate_of, l.cluster_id
              FROM segmented AS n
              JOIN links AS l ON l.kind = 'c' AND l.id = n.id
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

    PERFORM ai_landscape.extract_claims(load_claims.article_ids);
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

