/*
 * claim_gin.c - GIN operator class for claims: %, %>= and =.
 *
 * Keys are the claim's shingle hashes (int4), the same values similarity()
 * compares, and every candidate is rechecked on the heap, so the index is
 * exact.  Two ways to index, chosen by the opclass options:
 *
 *  - every word (min_threshold = 0, the default): a row reaches a threshold
 *    only if it shares at least al_min_overlap() of the query's words, and
 *    the tri-state consistent function lets GIN read only the rarest lists
 *    in full and skip through the frequent ones;
 *
 *  - prefix filtering (min_threshold > 0, optionally with a vocabulary): a
 *    row indexes only its rarest words in a fixed global order
 *    (src/core/word_order.c), as many as queries at min_threshold or above
 *    need.  The frequent words, whose posting lists grow with the table,
 *    mostly stay out of the index.  A row then matches a query only if it
 *    indexes one of the query's rarest words (its probe prefix) and enough
 *    of the query's words in all.  A query below min_threshold cannot be served
 *    exactly from prefixes: it reads the whole index (every row rechecked).
 */
#include "postgres.h"

#include "access/gin.h"
#include "access/reloptions.h"
#include "access/stratnum.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "similarity.h"
#include "vocabulary.h"

typedef struct ClaimGinOptions
{
	int32		vl_len_;
	double		min_threshold;
	int			vocabulary;		/* offset of the name in this struct; 0 = none */
} ClaimGinOptions;

/* How the index was built: the minimum threshold and the word order. */
typedef struct IndexedWords
{
	float		min_threshold;
	const AlVocabulary *vocabulary;
} IndexedWords;

static void
validate_vocabulary_name(const char *value)
{
	if (value == NULL)
		return;
	for (const char *p = value; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid vocabulary name \"%s\"", value),
					 errhint("Vocabulary names use lower-case letters, digits and underscores.")));
}

PG_FUNCTION_INFO_V1(claim_gin_options);
Datum
claim_gin_options(PG_FUNCTION_ARGS)
{
	local_relopts *relopts = (local_relopts *) PG_GETARG_POINTER(0);

	init_local_reloptions(relopts, sizeof(ClaimGinOptions));
	add_local_real_reloption(relopts, "min_threshold",
							 "lowest similarity threshold served from word prefixes (0: index every word)",
							 0.0, 0.0, 1.0, offsetof(ClaimGinOptions, min_threshold));
	add_local_string_reloption(relopts, "vocabulary",
							   "word order of the prefixes: a vocabulary made by create_vocabulary()",
							   "", validate_vocabulary_name, NULL,
							   offsetof(ClaimGinOptions, vocabulary));
	PG_RETURN_VOID();
}

static IndexedWords
indexed_words(FunctionCallInfo fcinfo)
{
	IndexedWords w = {0.0f, NULL};

	if (PG_HAS_OPCLASS_OPTIONS())
	{
		ClaimGinOptions *options = (ClaimGinOptions *) PG_GET_OPCLASS_OPTIONS();

		w.min_threshold = (float) options->min_threshold;
		if (options->vocabulary != 0)
			w.vocabulary = vocabulary_lookup((const char *) options + options->vocabulary);
	}
	return w;
}

/* The claim's words in the index's global order, rarest first. */
static uint32 *
ordered_words(IndexedWords w, AlShingles s)
{
	uint32	   *ordered = palloc(sizeof(uint32) * s.count);

	al_order_words(al_pg_env(), w.vocabulary, s.hashes, s.count, ordered);
	return ordered;
}

/* The words a row indexes: every word, or its prefix in the global order. */
static uint32 *
indexed_keys(IndexedWords w, AlShingles s, int32 *nkeys)
{
	if (w.min_threshold <= 0.0f)
	{
		*nkeys = s.count;
		return s.hashes;
	}
	*nkeys = al_indexed_prefix(s.count, w.min_threshold);
	return ordered_words(w, s);
}

PG_FUNCTION_INFO_V1(claim_gin_extract_value);
Datum
claim_gin_extract_value(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	IndexedWords w = indexed_words(fcinfo);
	AlShingles	s = claim_shingles(c);

	uint32	   *words = indexed_keys(w, s, nkeys);

	PG_RETURN_POINTER(hashes_to_datums(words, *nkeys));
}

/*
 * indexed_words(claim, min_threshold, vocabulary) RETURNS int4[]: the keys
 * an index with these options holds for the claim, in the global order
 * (what extract_value stores; shows which words a row leaves out).
 */
PG_FUNCTION_INFO_V1(claim_indexed_words);
Datum
claim_indexed_words(PG_FUNCTION_ARGS)
{
	IndexedWords w;
	AlShingles	s;
	int32		n;
	uint32	   *words;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	s = claim_shingles(PG_GETARG_CLAIM_VIEW(0));
	w.min_threshold = check_threshold(PG_GETARG_FLOAT4(1));
	w.vocabulary = PG_ARGISNULL(2) ? NULL : vocabulary_lookup(text_to_cstring(PG_GETARG_TEXT_PP(2)));
	words = indexed_keys(w, s, &n);

	PG_RETURN_ARRAYTYPE_P(construct_array(hashes_to_datums(words, n), n, INT4OID, 4, true, TYPALIGN_INT));
}

/* keys of one scan: its set-up costs their square (a 1,024-word query: 1M steps) */
#define MAX_QUERY_KEYS 1024

/* What a row must have: kept in extra_data for the consistent functions. */
typedef struct QueryNeeds
{
	int32		needed;			/* keys present, at least */
	int32		probe_prefix;	/* of which one among the first probe_prefix keys */
} QueryNeeds;

PG_FUNCTION_INFO_V1(claim_gin_extract_query);
Datum
claim_gin_extract_query(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	Pointer   **extra_data = (Pointer **) PG_GETARG_POINTER(4);
	int32	   *search_mode = (int32 *) PG_GETARG_POINTER(6);
	IndexedWords w;
	ClaimView	query;
	float		threshold = AL_DEFAULT_THRESHOLD;
	AlShingles	s;
	QueryNeeds *needs = palloc(sizeof(QueryNeeds));
	uint32	   *keys;

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

	s = claim_shingles(query);
	/* after detoasting the query: reading TOAST may accept invalidations that empty the cache */
	w = indexed_words(fcinfo);
	if (w.min_threshold <= 0.0f)
	{
		/* every word is indexed */
		keys = s.hashes;
		*nkeys = s.count;
		needs->needed = (strategy == AL_STRATEGY_EQUAL) ? s.count : al_min_overlap(s.count, threshold);
		needs->probe_prefix = s.count;
	}
	else if (strategy == AL_STRATEGY_EQUAL)
	{
		/* an equal row has the same words, so the same indexed prefix */
		keys = ordered_words(w, s);
		*nkeys = al_indexed_prefix(s.count, w.min_threshold);
		needs->needed = *nkeys;
		needs->probe_prefix = *nkeys;
	}
	else if (threshold < w.min_threshold)
	{
		/* prefixes cannot find every match: read everything, recheck every row */
		keys = NULL;
		*nkeys = 0;
		needs->needed = 0;
		needs->probe_prefix = 0;
	}
	else
	{
		keys = ordered_words(w, s);
		*nkeys = s.count;
		al_prefix_query_bounds(s.count, threshold, w.min_threshold,
							   &needs->probe_prefix, &needs->needed);
	}

	/*
	 * GIN's scan set-up calls the consistent function once per key, each
	 * call reading every key: a long query keeps MAX_QUERY_KEYS keys (the
	 * probe prefix first) and asks for as many fewer as it dropped, or
	 * reads everything when even that cannot be kept.  Both stay exact.
	 */
	if (*nkeys > MAX_QUERY_KEYS && needs->needed > 0)
	{
		/* the probe prefix, or enough keys that a match has one of them */
		int			least_kept = needs->probe_prefix < *nkeys ? needs->probe_prefix
			: *nkeys - needs->needed + 1;

		if (least_kept > MAX_QUERY_KEYS)
			needs->needed = 0;
		else
		{
			needs->needed -= *nkeys - MAX_QUERY_KEYS;
			if (needs->needed < 1)
				needs->needed = 1;
			*nkeys = MAX_QUERY_KEYS;
			if (needs->probe_prefix > *nkeys)
				needs->probe_prefix = *nkeys;
		}
	}

	/* threshold 0 or a query below the prefixes: every row is a candidate */
	if (needs->needed == 0)
	{
		*search_mode = GIN_SEARCH_MODE_ALL;
		*nkeys = 0;
	}
	*extra_data = palloc0(sizeof(Pointer) * (*nkeys > 0 ? *nkeys : 1));
	(*extra_data)[0] = (Pointer) needs;
	PG_RETURN_POINTER(*nkeys > 0 ? hashes_to_datums(keys, *nkeys) : NULL);
}

/* Enough keys (or possible keys) present, one of them in the probe prefix? */
static bool
enough_keys(const QueryNeeds *needs, int nkeys, const bool *present_at, const GinTernaryValue *tri)
{
	int			present = 0;
	bool		in_prefix = false;

	for (int i = 0; i < nkeys; i++)
		if (present_at ? present_at[i] : tri[i] != GIN_FALSE)
		{
			present++;
			in_prefix |= (i < needs->probe_prefix);
		}
	return present >= needs->needed && in_prefix;
}

PG_FUNCTION_INFO_V1(claim_gin_consistent);
Datum
claim_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	int32		nkeys = PG_GETARG_INT32(3);
	Pointer    *extra_data = (Pointer *) PG_GETARG_POINTER(4);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);

	*recheck = true;			/* the counts are necessary conditions only */
	if (nkeys == 0)
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(enough_keys((QueryNeeds *) extra_data[0], nkeys, check, NULL));
}

PG_FUNCTION_INFO_V1(claim_gin_triconsistent);
Datum
claim_gin_triconsistent(PG_FUNCTION_ARGS)
{
	GinTernaryValue *check = (GinTernaryValue *) PG_GETARG_POINTER(0);
	int32		nkeys = PG_GETARG_INT32(3);
	Pointer    *extra_data = (Pointer *) PG_GETARG_POINTER(4);

	if (nkeys == 0)
		PG_RETURN_GIN_TERNARY_VALUE(GIN_MAYBE);
	PG_RETURN_GIN_TERNARY_VALUE(enough_keys((QueryNeeds *) extra_data[0], nkeys, NULL, check)
								? GIN_MAYBE : GIN_FALSE);
}
