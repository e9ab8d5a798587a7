/*
 * cluster_sql.c - duplicate links, clusters and near-duplicate articles.
 *
 * Both functions return the same rows, which the loader and recluster()
 * write back with plain SQL:
 *   kind 'c': claim id, its duplicate_of (earliest linked earlier claim), its cluster_id
 *   kind 'm': an existing cluster id (in id) that merges into cluster_id
 *   kind 'a': article id, its near_duplicate_of (NULL if none)
 * Two claims are linked when their similarity reaches the threshold and
 * they state the same figures (core/figures.c).
 *
 * link_claims_bulk(t) reads every claim once (SPI cursor, id order) and runs
 * the core's all-pairs join: one pass over the table, no probe per row.
 *
 * link_new_claims(ids, articles, sentences, t) links claims about to be
 * inserted: one GIN probe per new claim finds the earlier claims it is
 * similar to, then the same join runs over the new claims and those hits.
 * It touches only the new claims and what they link to, through the index,
 * so its cost does not grow with the table.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "similarity.h"

#define FETCH_BATCH 10000

/* Claims as the join sees them: ids in increasing order. */
typedef struct LinkItems
{
	int			n;
	int			capacity;
	int64	   *ids;
	int64	   *articles;
	int64	   *clusters;		/* current cluster_id (probe hits only) */
	AlShingles *shingles;
	uint64	   *keys;
	MemoryContext keep;			/* what the join needs, until the end */
	MemoryContext scratch;		/* per claim, reset after each */
} LinkItems;

static void
items_init(LinkItems *items)
{
	memset(items, 0, sizeof(*items));
	items->keep = AllocSetContextCreate(CurrentMemoryContext, "ai_landscape link claims", ALLOCSET_DEFAULT_SIZES);
	items->scratch = AllocSetContextCreate(items->keep, "per claim", ALLOCSET_DEFAULT_SIZES);
}

/* The figures a claim states (figures.c), in whatever memory context is current. */
static uint64
claim_figure_key(ClaimView claim)
{
	uint64_t	key;

	al_check_result(al_figure_key(al_pg_env(), claim.original, claim.original_len, &key), "figures");
	return key;
}

/* Room for 'more' claims. */
static void
items_reserve(LinkItems *items, int more)
{
	MemoryContext old;
	int			cap;

	if (items->n + more <= items->capacity)
		return;
	cap = Max(1024, items->capacity * 2);
	while (cap < items->n + more)
		cap *= 2;
	old = MemoryContextSwitchTo(items->keep);
#define GROW(field) items->field = items->field ? repalloc_huge(items->field, sizeof(*items->field) * cap) \
							: MemoryContextAllocHuge(items->keep, sizeof(*items->field) * cap)
	GROW(ids);
	GROW(articles);
	GROW(clusters);
	GROW(shingles);
	GROW(keys);
#undef GROW
	MemoryContextSwitchTo(old);
	items->capacity = cap;
}

/* Add a claim: its shingles and figure key are computed in scratch memory, then kept. */
static void
items_add(LinkItems *items, int64 id, int64 article, int64 cluster, Datum sentence)
{
	MemoryContext old;
	AlShingles	s;
	uint64_t	key;
	ClaimView	claim;

	CHECK_FOR_INTERRUPTS();
	items_reserve(items, 1);
	old = MemoryContextSwitchTo(items->scratch);
	claim = claim_view(PG_DETOAST_DATUM_PACKED(sentence));
	s = claim_shingles(claim);
	key = claim_figure_key(claim);
	MemoryContextSwitchTo(items->keep);
	items->shingles[items->n].count = s.count;
	items->shingles[items->n].hashes = palloc(sizeof(uint32) * Max(s.count, 1));
	memcpy(items->shingles[items->n].hashes, s.hashes, sizeof(uint32) * s.count);
	MemoryContextSwitchTo(old);
	MemoryContextReset(items->scratch);

	items->ids[items->n] = id;
	items->articles[items->n] = article;
	items->clusters[items->n] = cluster;
	items->keys[items->n] = key;
	items->n++;
}

/*
 * Add the claims of one fetched batch (columns id, article_id, sentence):
 * their shingles and figure keys are computed over the join's threads
 * (core/claim_features.c), from texts detoasted in scratch memory.
 */
static void
items_add_batch(LinkItems *items, SPITupleTable *batch, uint64 nrows)
{
	AlClaimText *texts;
	AlEnv		env = al_pg_join_env();
	MemoryContext old;
	int			rc;

	CHECK_FOR_INTERRUPTS();
	items_reserve(items, (int) nrows);
	old = MemoryContextSwitchTo(items->scratch);
	texts = palloc(sizeof(AlClaimText) * Max(nrows, 1));
	for (uint64 r = 0; r < nrows; r++)
	{
		bool		isnull;
		ClaimView	claim = claim_view(PG_DETOAST_DATUM_PACKED(SPI_getbinval(batch->vals[r], batch->tupdesc, 3, &isnull)));

		texts[r].normalized = claim.normalized;
		texts[r].normalized_len = claim.normalized_len;
		texts[r].original = claim.original;
		texts[r].original_len = claim.original_len;
		items->ids[items->n + r] = DatumGetInt64(SPI_getbinval(batch->vals[r], batch->tupdesc, 1, &isnull));
		items->articles[items->n + r] = DatumGetInt64(SPI_getbinval(batch->vals[r], batch->tupdesc, 2, &isnull));
		items->clusters[items->n + r] = 0;
	}
	/* the hashes are copied into items->keep by this thread */
	MemoryContextSwitchTo(items->keep);
	rc = al_claim_features(&env, texts, (int) nrows, items->shingles + items->n, items->keys + items->n);
	MemoryContextSwitchTo(old);
	MemoryContextReset(items->scratch);
	al_check_result(rc, "link claims");
	items->n += (int) nrows;
}

/* The result of the join over a set of items. */
typedef struct LinkResult
{
	int		   *earliest;		/* item index, or -1 */
	int		   *component;		/* item index of the component's first item */
	int64	   *near_articles;
	int64	   *near_of;		/* -1: none */
	int			nnear;
} LinkResult;

static void
join_items(const LinkItems *items, float threshold, int first_target,
		   const int *extra_start, const int64 *extra_articles, LinkResult *result)
{
	MemoryContext old = MemoryContextSwitchTo(items->keep);
	AlClusterGraph graph;
	AlClusterStats stats;
	AlEnv		env = al_pg_join_env();

	result->earliest = MemoryContextAllocHuge(items->keep, sizeof(int) * Max(items->n, 1));
	result->component = MemoryContextAllocHuge(items->keep, sizeof(int) * Max(items->n, 1));
	al_check_result(al_cluster_ex(&env, items->shingles, items->keys, items->n, threshold,
								  result->earliest, result->component, &graph, &stats),
					"link claims");
	al_check_result(al_near_duplicate_articles(al_pg_env(), items->n, items->articles, &graph,
											   first_target, extra_start, (const int64_t *) extra_articles,
											   &result->near_articles,
											   &result->near_of, &result->nnear),
					"near-duplicate articles");
	MemoryContextSwitchTo(old);
	ereport(DEBUG1,
			(errmsg("link claims: %d claims, %lld distinct sets, %lld candidate pairs, %lld similar pairs, %zu kB of memory",
					items->n, (long long) stats.unique_sets, (long long) stats.candidates,
					(long long) stats.similar_pairs, MemoryContextMemAllocated(items->keep, true) / 1024)));
}

static void
put_row(ReturnSetInfo *rsinfo, char kind, int64 id, int64 duplicate_of, bool dup_null,
		int64 cluster_id, bool cluster_null)
{
	Datum		values[4] = {CharGetDatum(kind), Int64GetDatum(id), Int64GetDatum(duplicate_of),
	Int64GetDatum(cluster_id)};
	bool		nulls[4] = {false, false, dup_null, cluster_null};

	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

static void
put_article_rows(ReturnSetInfo *rsinfo, const LinkResult *result)
{
	for (int k = 0; k < result->nnear; k++)
		put_row(rsinfo, 'a', result->near_articles[k], result->near_of[k], result->near_of[k] < 0, 0, true);
}

static float
link_threshold(float threshold)
{
	check_threshold(threshold);
	if (threshold <= 0.0f)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a clustering threshold must be above 0"),
				 errhint("At 0 every claim would be one cluster; give a threshold in (0, 1].")));
	return threshold;
}

PG_FUNCTION_INFO_V1(al_link_claims_bulk);
Datum
al_link_claims_bulk(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	float		threshold = link_threshold(PG_GETARG_FLOAT4(0));
	LinkItems	items;
	LinkResult	result;
	Portal		cursor;

	InitMaterializedSRF(fcinfo, 0);
	items_init(&items);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	cursor = SPI_cursor_open_with_args(NULL,
									   "SELECT id, article_id, sentence FROM ai_landscape.claims ORDER BY id",
									   0, NULL, NULL, NULL, true, CURSOR_OPT_NO_SCROLL);
	for (;;)
	{
		SPI_cursor_fetch(cursor, true, FETCH_BATCH);
		if (SPI_processed == 0)
			break;
		items_add_batch(&items, SPI_tuptable, SPI_processed);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(cursor);
	SPI_finish();

	join_items(&items, threshold, 0, NULL, NULL, &result);
	for (int i = 0; i < items.n; i++)
		put_row(rsinfo, 'c', items.ids[i], result.earliest[i] >= 0 ? items.ids[result.earliest[i]] : 0,
				result.earliest[i] < 0, items.ids[result.component[i]], false);
	put_article_rows(rsinfo, &result);
	MemoryContextDelete(items.keep);
	return (Datum) 0;
}

/* An earlier claim a probe found, keyed by id. */
typedef struct HitEntry
{
	int64		id;
	int64		article;
	int64		cluster;
	uint64		key;			/* its figures */
} HitEntry;

/* What the probes found: per new claim, the earlier claims it is similar to. */
typedef struct ProbeResult
{
	HTAB	   *hits;			/* distinct earlier claims */
	int		   *start;			/* new claim i: found[start[i] .. start[i + 1]) */
	HitEntry  **found;
} ProbeResult;

static uint64
figure_key_of(Datum sentence, MemoryContext scratch)
{
	MemoryContext old = MemoryContextSwitchTo(scratch);
	uint64		key = claim_figure_key(claim_view(PG_DETOAST_DATUM_PACKED(sentence)));

	MemoryContextSwitchTo(old);
	MemoryContextReset(scratch);
	return key;
}

/*
 * Probe the index once per new claim for the earlier claims (ids below the
 * first new one) it is similar to.  The index's recheck is exact, so a hit
 * needs no further similarity test; its figures are read once per hit.
 */
static void
probe_earlier_claims(Oid claim_type, Datum *sentences, int n, float threshold, int64 first_new_id,
					 MemoryContext keep, MemoryContext scratch, ProbeResult *out)
{
	HASHCTL		ctl;
	SPIPlanPtr	plan;
	Oid			argtypes[3] = {claim_type, FLOAT4OID, INT8OID};
	size_t		nfound = 0,
				capacity = 256;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(HitEntry);
	ctl.hcxt = keep;
	out->hits = hash_create("ai_landscape probe hits", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	out->start = MemoryContextAllocZero(keep, sizeof(int) * (n + 1));
	out->found = MemoryContextAlloc(keep, sizeof(HitEntry *) * capacity);

	/* an empty table (a first bulk load) needs no probes */
	{
		bool		isnull;
		Datum		first;

		if (SPI_execute("SELECT pg_catalog.min(c.id) FROM ai_landscape.claims AS c", true, 1) != SPI_OK_SELECT)
			elog(ERROR, "probe for earlier claims failed");
		first = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
		if (isnull || DatumGetInt64(first) >= first_new_id)
			return;
	}

	plan = SPI_prepare("SELECT c.id, c.article_id, c.cluster_id, c.sentence FROM ai_landscape.claims AS c"
					   /* similar(), not %>= ROW(...): with parameters only a function call
						* is sent to a postgres_fdw partition; the planner support function
						* still makes it an index condition wherever the table is local */
					   " WHERE ai_landscape.similar(c.sentence, $1, $2)"
					   /* "+ 0": the id test must filter, never drive the scan (a range scan of the primary key reads every earlier claim) */
					   " AND (c.id OPERATOR(pg_catalog.+) 0) OPERATOR(pg_catalog.<) $3", 3, argtypes);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	for (int i = 0; i < n; i++)
	{
		Datum		args[3] = {sentences[i], Float4GetDatum(threshold), Int64GetDatum(first_new_id)};

		CHECK_FOR_INTERRUPTS();
		out->start[i] = (int) nfound;
		if (SPI_execute_plan(plan, args, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "near-duplicate probe failed");
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[r];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull,
						found;
			int64		id = DatumGetInt64(SPI_getbinval(tuple, desc, 1, &isnull));
			HitEntry   *hit = hash_search(out->hits, &id, HASH_ENTER, &found);

			if (!found)
			{
				hit->article = DatumGetInt64(SPI_getbinval(tuple, desc, 2, &isnull));
				hit->cluster = DatumGetInt64(SPI_getbinval(tuple, desc, 3, &isnull));
				hit->key = figure_key_of(SPI_getbinval(tuple, desc, 4, &isnull), scratch);
			}
			if (nfound == capacity)
			{
				capacity *= 2;
				out->found = repalloc_huge(out->found, sizeof(HitEntry *) * capacity);
			}
			out->found[nfound++] = hit;
		}
		SPI_freetuptable(SPI_tuptable);
	}
	out->start[n] = (int) nfound;
	SPI_freeplan(plan);
}

/* Union-find over the new claims and the earlier clusters they join. */
static int
uf_find(int *parent, int x)
{
	while (parent[x] != x)
	{
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static int
compare_int64_pairs(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

PG_FUNCTION_INFO_V1(al_link_new_claims);
Datum
al_link_new_claims(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *id_array = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *article_array = PG_GETARG_ARRAYTYPE_P(1);
	ArrayType  *sentence_array = PG_GETARG_ARRAYTYPE_P(2);
	float		threshold = link_threshold(PG_GETARG_FLOAT4(3));
	Datum	   *ids,
			   *articles,
			   *sentences;
	bool	   *nulls;
	int			n,
				n2,
				n3;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	LinkItems	items;
	LinkResult	result;
	ProbeResult probe;
	int		   *extra_start;
	int64	   *extra_articles;
	int			nextra = 0;
	HTAB	   *cluster_nodes;
	int			nnodes;
	int		   *parent;
	int64	   *node_min;
	int64	   *node_cluster;
	int64	   *earliest_hit;

	InitMaterializedSRF(fcinfo, 0);
	deconstruct_array(id_array, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &ids, &nulls, &n);
	deconstruct_array(article_array, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &articles, &nulls, &n2);
	get_typlenbyvalalign(ARR_ELEMTYPE(sentence_array), &typlen, &typbyval, &typalign);
	deconstruct_array(sentence_array, ARR_ELEMTYPE(sentence_array), typlen, typbyval, typalign,
					  &sentences, &nulls, &n3);
	if (n != n2 || n != n3 || array_contains_nulls(id_array) || array_contains_nulls(article_array) ||
		array_contains_nulls(sentence_array))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("link_new_claims needs three arrays of the same length without NULLs")));
	for (int i = 1; i < n; i++)
		if (DatumGetInt64(ids[i]) <= DatumGetInt64(ids[i - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("link_new_claims needs claim ids in increasing order")));
	if (n == 0)
		return (Datum) 0;

	items_init(&items);
	for (int i = 0; i < n; i++)
		items_add(&items, DatumGetInt64(ids[i]), DatumGetInt64(articles[i]), DatumGetInt64(ids[i]),
				  sentences[i]);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	probe_earlier_claims(ARR_ELEMTYPE(sentence_array), sentences, n, threshold, DatumGetInt64(ids[0]),
						 items.keep, items.scratch, &probe);
	SPI_finish();

	/*
	 * A new claim repeats an earlier one it is similar to only if their
	 * figures agree: keep those links, as article links for the
	 * near-duplicate rule, and as nodes for the earlier claims' clusters.
	 */
	extra_start = MemoryContextAllocHuge(items.keep, sizeof(int) * (n + 1));
	extra_articles = MemoryContextAllocHuge(items.keep, sizeof(int64) * Max(probe.start[n], 1));
	earliest_hit = MemoryContextAllocHuge(items.keep, sizeof(int64) * n);
	{
		HASHCTL		ctl;

		memset(&ctl, 0, sizeof(ctl));
		ctl.keysize = sizeof(int64);
		ctl.entrysize = sizeof(int64) * 2;	/* cluster id, node number */
		ctl.hcxt = items.keep;
		cluster_nodes = hash_create("ai_landscape earlier clusters", 64, &ctl,
									HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	nnodes = n;
	for (int i = 0; i < n; i++)
	{
		extra_start[i] = nextra;
		earliest_hit[i] = PG_INT64_MAX;
		for (int k = probe.start[i]; k < probe.start[i + 1]; k++)
		{
			HitEntry   *hit = probe.found[k];
			bool		found;
			int64	   *node;

			if (hit->key != items.keys[i])
				continue;
			extra_articles[nextra++] = hit->article;
			earliest_hit[i] = Min(earliest_hit[i], hit->id);
			node = hash_search(cluster_nodes, &hit->cluster, HASH_ENTER, &found);
			if (!found)
				node[1] = nnodes++;
		}
	}
	extra_start[n] = nextra;

	join_items(&items, threshold, 0, extra_start, extra_articles, &result);

	/*
	 * Components: the join's, joined through the earlier clusters the new
	 * claims repeat.  A component's cluster id is its smallest: an earlier
	 * cluster's id is smaller than any new id, and every other earlier
	 * cluster in the component merges into it.
	 */
	parent = MemoryContextAllocHuge(items.keep, sizeof(int) * nnodes);
	node_min = MemoryContextAllocHuge(items.keep, sizeof(int64) * nnodes);
	node_cluster = MemoryContextAllocHuge(items.keep, sizeof(int64) * nnodes);
	for (int x = 0; x < nnodes; x++)
		parent[x] = x;
	for (int i = 0; i < n; i++)
	{
		parent[uf_find(parent, i)] = uf_find(parent, result.component[i]);
		node_cluster[i] = items.ids[i];
	}
	{
		HASH_SEQ_STATUS seq;
		int64	   *node;

		hash_seq_init(&seq, cluster_nodes);
		while ((node = hash_seq_search(&seq)) != NULL)
			node_cluster[node[1]] = node[0];
	}
	for (int i = 0; i < n; i++)
		for (int k = probe.start[i]; k < probe.start[i + 1]; k++)
		{
			HitEntry   *hit = probe.found[k];
			int64	   *node;
			int			a,
						b;

			if (hit->key != items.keys[i])
				continue;
			node = hash_search(cluster_nodes, &hit->cluster, HASH_FIND, NULL);
			a = uf_find(parent, i);
			b = uf_find(parent, (int) node[1]);
			if (a != b)
				parent[a] = b;
		}
	for (int x = 0; x < nnodes; x++)
		node_min[x] = PG_INT64_MAX;
	for (int x = 0; x < nnodes; x++)
	{
		int			root = uf_find(parent, x);

		node_min[root] = Min(node_min[root], node_cluster[x]);
	}

	for (int i = 0; i < n; i++)
	{
		int64		earliest = earliest_hit[i];

		/* earlier claims have smaller ids than any new one */
		if (earliest == PG_INT64_MAX && result.earliest[i] >= 0)
			earliest = items.ids[result.earliest[i]];
		put_row(rsinfo, 'c', items.ids[i], earliest, earliest == PG_INT64_MAX,
				node_min[uf_find(parent, i)], false);
	}
	/* each earlier cluster that is not its component's name merges into it */
	{
		int64	   *merges = MemoryContextAllocHuge(items.keep, sizeof(int64) * 2 * Max(nnodes - n, 1));
		int			nmerges = 0;

		for (int x = n; x < nnodes; x++)
		{
			int64		target = node_min[uf_find(parent, x)];

			if (node_cluster[x] != target)
			{
				merges[2 * nmerges] = node_cluster[x];
				merges[2 * nmerges + 1] = target;
				nmerges++;
			}
		}
		qsort(merges, nmerges, sizeof(int64) * 2, compare_int64_pairs);
		for (int k = 0; k < nmerges; k++)
			put_row(rsinfo, 'm', merges[2 * k], 0, true, merges[2 * k + 1], false);
	}
	put_article_rows(rsinfo, &result);
	MemoryContextDelete(items.keep);
	return (Datum) 0;
}
