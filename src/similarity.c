/*
 * similarity.c - similarity of claims and the operators built on it.
 *
 *   similarity(a, b)      Dice coefficient of the shingle sets, in [0, 1]
 *   a <-> b               1 - similarity
 *   a %   b               similarity >= 0.6 (AL_DEFAULT_THRESHOLD)
 *   a %>= (b, t)          similarity >= t    (claim_query)
 *   similar(a, b, t)      the same as a function; a planner support function
 *                         turns it into %>= so that an index can serve it
 *
 * None of these reads a GUC: they are IMMUTABLE and can be pushed down to
 * remote servers.  The query side of a scan is the same value row after
 * row, so its shingles are cached in fn_extra.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "similarity.h"

AlShingles
claim_shingles(ClaimView claim)
{
	AlShingles	s;

	al_check_result(al_shingles(al_pg_env(), claim.normalized, claim.normalized_len, &s),
					"shingles");
	return s;
}

/* Shingles of a claim that is likely the same on the next call (the query). */
typedef struct ShingleCache
{
	char	   *normalized;
	size_t		normalized_len;
	AlShingles	shingles;
} ShingleCache;

AlShingles
claim_shingles_cached(FunctionCallInfo fcinfo, ClaimView claim)
{
	ShingleCache *cache = (ShingleCache *) fcinfo->flinfo->fn_extra;
	ShingleCache fresh;
	MemoryContext old;

	if (cache != NULL && cache->normalized_len == claim.normalized_len &&
		memcmp(cache->normalized, claim.normalized, claim.normalized_len) == 0)
		return cache->shingles;

	/* the new entry first: an ERROR while computing it leaves the old one intact */
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	fresh.normalized = pnstrdup(claim.normalized, claim.normalized_len);
	fresh.normalized_len = claim.normalized_len;
	fresh.shingles = claim_shingles(claim);
	if (cache == NULL)
		cache = palloc(sizeof(ShingleCache));
	else
	{
		pfree(cache->normalized);
		pfree(cache->shingles.hashes);
	}
	*cache = fresh;
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = cache;
	return cache->shingles;
}

float
claim_similarity(AlShingles a, AlShingles b)
{
	return al_dice(al_overlap(a.hashes, a.count, b.hashes, b.count), a.count, b.count);
}

float
check_threshold(float threshold)
{
	if (isnan(threshold) || threshold < 0.0f || threshold > 1.0f)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("similarity threshold %g is out of range", threshold),
				 errhint("Give a threshold between 0 and 1.")));
	return threshold;
}

/* The claim and threshold of a claim_query value (query claim, threshold real). */
ClaimView
claim_query_parts(Datum query, float *threshold, bool *isnull)
{
	HeapTupleHeader tuple = DatumGetHeapTupleHeader(query);
	bool		claim_null;
	bool		threshold_null;
	Datum		claim = GetAttributeByNum(tuple, 1, &claim_null);
	Datum		t = GetAttributeByNum(tuple, 2, &threshold_null);
	ClaimView	empty = {0};

	*isnull = claim_null || threshold_null;
	if (*isnull)
		return empty;
	*threshold = check_threshold(DatumGetFloat4(t));
	return claim_view(PG_DETOAST_DATUM_PACKED(claim));
}

/* the right operand's shingles are cached: it is the query, the same each row */
static float
similarity_of_args(FunctionCallInfo fcinfo, ClaimView a, ClaimView b)
{
	return claim_similarity(claim_shingles(a), claim_shingles_cached(fcinfo, b));
}

PG_FUNCTION_INFO_V1(claim_similarity_sql);
Datum
claim_similarity_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT4(similarity_of_args(fcinfo, PG_GETARG_CLAIM_VIEW(0), PG_GETARG_CLAIM_VIEW(1)));
}

PG_FUNCTION_INFO_V1(claim_distance);
Datum
claim_distance(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT4(1.0f - similarity_of_args(fcinfo, PG_GETARG_CLAIM_VIEW(0), PG_GETARG_CLAIM_VIEW(1)));
}

PG_FUNCTION_INFO_V1(claim_similar_default);
Datum
claim_similar_default(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(similarity_of_args(fcinfo, PG_GETARG_CLAIM_VIEW(0), PG_GETARG_CLAIM_VIEW(1))
				   >= AL_DEFAULT_THRESHOLD);
}

PG_FUNCTION_INFO_V1(claim_similar_threshold);
Datum
claim_similar_threshold(PG_FUNCTION_ARGS)
{
	float		threshold = check_threshold(PG_GETARG_FLOAT4(2));

	PG_RETURN_BOOL(similarity_of_args(fcinfo, PG_GETARG_CLAIM_VIEW(0), PG_GETARG_CLAIM_VIEW(1))
				   >= threshold);
}

PG_FUNCTION_INFO_V1(claim_similar_query);
Datum
claim_similar_query(PG_FUNCTION_ARGS)
{
	float		threshold = 0;
	bool		isnull;
	ClaimView	query = claim_query_parts(PG_GETARG_DATUM(1), &threshold, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(similarity_of_args(fcinfo, PG_GETARG_CLAIM_VIEW(0), query) >= threshold);
}

/*
 * Planner support for similar(column, query, threshold): estimate it as
 * selective as the operators are, and offer the index
 * condition  column %>= ROW(query, threshold)::claim_query,  which means
 * exactly the same (not lossy), when the column is indexed by one of our
 * operator families and query and threshold are constant during the scan.
 */
PG_FUNCTION_INFO_V1(claim_similar_support);
Datum
claim_similar_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestIndexCondition *req;
	FuncExpr   *func;
	Oid			namespace;
	Oid			query_type;
	Oid			op;
	RowExpr    *row;
	Node	   *query;
	Node	   *threshold;

	if (IsA(rawreq, SupportRequestSelectivity))
	{
		/* like the operators' contsel: near-duplicates are rare */
		((SupportRequestSelectivity *) rawreq)->selectivity = AL_SIMILAR_SELECTIVITY;
		PG_RETURN_POINTER(rawreq);
	}
	if (!IsA(rawreq, SupportRequestIndexCondition))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestIndexCondition *) rawreq;
	if (!is_funcclause(req->node) || req->indexarg != 0)
		PG_RETURN_POINTER(NULL);
	func = (FuncExpr *) req->node;
	if (list_length(func->args) != 3)
		PG_RETURN_POINTER(NULL);
	query = lsecond(func->args);
	threshold = lthird(func->args);
	if (!is_pseudo_constant_for_index(req->root, query, req->index) ||
		!is_pseudo_constant_for_index(req->root, threshold, req->index))
		PG_RETURN_POINTER(NULL);

	/* claim_query lives in the schema of similar() itself */
	namespace = get_func_namespace(func->funcid);
	query_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
								 CStringGetDatum("claim_query"), ObjectIdGetDatum(namespace));
	op = get_opfamily_member(req->opfamily, exprType(linitial(func->args)), query_type,
							 AL_STRATEGY_SIMILAR_QUERY);
	if (!OidIsValid(query_type) || !OidIsValid(op))
		PG_RETURN_POINTER(NULL);

	row = makeNode(RowExpr);
	row->args = list_make2(copyObject(query), copyObject(threshold));
	row->row_typeid = query_type;
	row->row_format = COERCE_EXPLICIT_CAST;
	row->colnames = list_make2(makeString(pstrdup("query")), makeString(pstrdup("threshold")));
	row->location = -1;

	req->lossy = false;
	PG_RETURN_POINTER(list_make1(make_opclause(op, BOOLOID, false,
											   copyObject(linitial(func->args)), (Expr *) row,
											   InvalidOid, InvalidOid)));
}

/* Word hashes as int4 datums: GIN keys and the SQL arrays that show them. */
Datum *
hashes_to_datums(const uint32 *hashes, int count)
{
	Datum	   *items = palloc(sizeof(Datum) * (count > 0 ? count : 1));

	for (int i = 0; i < count; i++)
		items[i] = Int32GetDatum((int32) hashes[i]);
	return items;
}

/* shingle_hashes(claim) RETURNS int4[]: the hashes similarity() compares, sorted */
PG_FUNCTION_INFO_V1(claim_shingle_hashes);
Datum
claim_shingle_hashes(PG_FUNCTION_ARGS)
{
	AlShingles	s = claim_shingles(PG_GETARG_CLAIM_VIEW(0));

	PG_RETURN_ARRAYTYPE_P(construct_array(hashes_to_datums(s.hashes, s.count), s.count,
										  INT4OID, 4, true, TYPALIGN_INT));
}

/* shingles(claim) RETURNS text[]: the distinct words that are compared */
PG_FUNCTION_INFO_V1(claim_shingles_sql);
Datum
claim_shingles_sql(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);
	AlSpanList	words = {0};
	Datum	   *items;
	int			n = 0;

	al_check_result(al_tokenize(al_pg_env(), c.normalized, c.normalized_len, &words), "shingles");
	items = palloc(sizeof(Datum) * (words.count > 0 ? words.count : 1));
	if (words.count == 0)
		items[n++] = PointerGetDatum(cstring_to_text_with_len(c.normalized, (int) c.normalized_len));
	for (int i = 0; i < words.count; i++)
	{
		const AlSpan *w = &words.items[i];
		bool		seen = false;

		/* a set: each word once, in order of first appearance */
		for (int j = 0; j < i && !seen; j++)
		{
			const AlSpan *p = &words.items[j];

			seen = (p->end_byte - p->start_byte == w->end_byte - w->start_byte) &&
				memcmp(c.normalized + p->start_byte, c.normalized + w->start_byte,
					   w->end_byte - w->start_byte) == 0;
		}
		if (!seen)
			items[n++] = PointerGetDatum(cstring_to_text_with_len(c.normalized + w->start_byte,
																  (int) (w->end_byte - w->start_byte)));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(items, n, TEXTOID, -1, false, TYPALIGN_INT));
}
