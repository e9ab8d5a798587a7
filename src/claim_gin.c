/*
 * claim_gin.c - GIN operator class for claims: %, %>= and =.
 *
 * Keys are the claim's shingle hashes (int4), the same values similarity()
 * compares, so the index is exact: a row reaches the threshold only if it
 * shares at least al_min_overlap() of the query's shingles, and GIN returns
 * every row that does.  Each candidate is rechecked on the heap.  The
 * tri-state consistent function lets GIN's fast scan read only the rarest
 * keys' posting lists in full and skip through the frequent ones: that is
 * prefix filtering, done by GIN itself.
 */
#include "postgres.h"

#include "access/gin.h"
#include "access/stratnum.h"
#include "fmgr.h"

#include "similarity.h"

static Datum *
shingles_to_keys(AlShingles s, int32 *nkeys)
{
	Datum	   *keys = palloc(sizeof(Datum) * s.count);

	for (int i = 0; i < s.count; i++)
		keys[i] = Int32GetDatum((int32) s.hashes[i]);
	*nkeys = s.count;
	return keys;
}

PG_FUNCTION_INFO_V1(claim_gin_extract_value);
Datum
claim_gin_extract_value(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);

	PG_RETURN_POINTER(shingles_to_keys(claim_shingles(c), nkeys));
}

PG_FUNCTION_INFO_V1(claim_gin_extract_query);
Datum
claim_gin_extract_query(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	Pointer   **extra_data = (Pointer **) PG_GETARG_POINTER(4);
	int32	   *search_mode = (int32 *) PG_GETARG_POINTER(6);
	ClaimView	query;
	float		threshold = AL_DEFAULT_THRESHOLD;
	Datum	   *keys;
	int32	   *needed;

	switch (strategy)
	{
		case AL_STRATEGY_SIMILAR:
		case AL_STRATEGY_EQUAL:
			query = PG_GETARG_CLAIM_VIEW(0);
			break;
		case AL_STRATEGY_SIMILAR_QUERY:
			{
				bool		isnull;

				query = claim_query_parts(PG_GETARG_DATUM(0), &threshold, &isnull);
				if (isnull)
				{
					/* the operator returns NULL: no row matches */
					*nkeys = -1;
					PG_RETURN_POINTER(NULL);
				}
				break;
			}
		default:
			elog(ERROR, "claim_gin_extract_query: unknown strategy %d", strategy);
	}

	keys = shingles_to_keys(claim_shingles(query), nkeys);

	/* how many of the keys a row must have: kept for the consistent functions */
	needed = palloc(sizeof(int32));
	*needed = (strategy == AL_STRATEGY_EQUAL) ? *nkeys : al_min_overlap(*nkeys, threshold);
	*extra_data = palloc0(sizeof(Pointer) * *nkeys);
	(*extra_data)[0] = (Pointer) needed;

	/* threshold 0: every row matches, also rows sharing no key */
	if (*needed == 0)
		*search_mode = GIN_SEARCH_MODE_ALL;
	PG_RETURN_POINTER(keys);
}

PG_FUNCTION_INFO_V1(claim_gin_consistent);
Datum
claim_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	int32		nkeys = PG_GETARG_INT32(3);
	Pointer    *extra_data = (Pointer *) PG_GETARG_POINTER(4);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);
	int32		needed = *(int32 *) extra_data[0];
	int32		present = 0;

	for (int i = 0; i < nkeys; i++)
		if (check[i])
			present++;
	*recheck = true;			/* the count is a necessary condition only */
	PG_RETURN_BOOL(present >= needed);
}

PG_FUNCTION_INFO_V1(claim_gin_triconsistent);
Datum
claim_gin_triconsistent(PG_FUNCTION_ARGS)
{
	GinTernaryValue *check = (GinTernaryValue *) PG_GETARG_POINTER(0);
	int32		nkeys = PG_GETARG_INT32(3);
	Pointer    *extra_data = (Pointer *) PG_GETARG_POINTER(4);
	int32		needed = *(int32 *) extra_data[0];
	int32		possible = 0;

	for (int i = 0; i < nkeys; i++)
		if (check[i] != GIN_FALSE)
			possible++;
	PG_RETURN_GIN_TERNARY_VALUE(possible >= needed ? GIN_MAYBE : GIN_FALSE);
}
