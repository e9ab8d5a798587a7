/*
 * claim_gist.c - GiST operator class for claims: ORDER BY <->, %, %>=.
 *
 * A leaf key is the claim's sorted shingle hashes, so leaf distances and
 * matches are exact without visiting the heap.  (A claim whose hashes take
 * more than max(siglen, 1024) bytes, 256 shingles by default, is stored as
 * a signature and rechecked.)  An inner key is a bit signature of siglen
 * bytes, the union of its subtree's hashes, or "all ones" once every bit is
 * set.  If m of the query's q shingles have their bit set, no claim below
 * shares more than m of them, so its similarity is at most 2m / (q + m):
 * that bound orders the KNN search and prunes %.  Inserts go down the
 * subtree whose signature is nearest (Hamming distance, as pg_trgm).
 */
#include "postgres.h"

#include "access/gist.h"
#include "access/reloptions.h"
#include "access/stratnum.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "port/pg_bitutils.h"

#include "similarity.h"

#define SIGLEN_DEFAULT	256
#define SIGLEN_MAX		GISTMaxIndexKeySize

#define KEY_SHINGLES	0		/* exact: sorted hashes */
#define KEY_SIGNATURE	1		/* bit signature of siglen bytes */
#define KEY_ALL_ONES	2		/* every bit set: a signature with no payload */

typedef struct ClaimGistKey
{
	int32		vl_len_;
	uint8		kind;
	uint8		padding[3];
	char		payload[FLEXIBLE_ARRAY_MEMBER];
} ClaimGistKey;

#define KEY_HEADER			offsetof(ClaimGistKey, payload)
#define KEY_HASHES(k)		((uint32 *) (k)->payload)
#define KEY_NHASHES(k)		((int) ((VARSIZE(k) - KEY_HEADER) / sizeof(uint32)))
#define KEY_BITS(k)			((uint8 *) (k)->payload)

typedef struct ClaimGistOptions
{
	int32		vl_len_;
	int			siglen;
} ClaimGistOptions;

#define GET_SIGLEN() (PG_HAS_OPCLASS_OPTIONS() ? \
	((ClaimGistOptions *) PG_GET_OPCLASS_OPTIONS())->siglen : SIGLEN_DEFAULT)

static ClaimGistKey *
make_key(uint8 kind, Size payload)
{
	ClaimGistKey *key = palloc0(KEY_HEADER + payload);

	SET_VARSIZE(key, KEY_HEADER + payload);
	key->kind = kind;
	return key;
}

static inline void
set_bit(uint8 *bits, int siglen, uint32 hash)
{
	uint32		bit = hash % ((uint32) siglen * 8);

	bits[bit / 8] |= (uint8) (1 << (bit % 8));
}

static inline bool
bit_is_set(const uint8 *bits, int siglen, uint32 hash)
{
	uint32		bit = hash % ((uint32) siglen * 8);

	return (bits[bit / 8] >> (bit % 8)) & 1;
}

/* OR a key into a signature. Returns false if the key is all ones. */
static bool
add_to_signature(uint8 *bits, int siglen, const ClaimGistKey *key)
{
	if (key->kind == KEY_ALL_ONES)
		return false;
	if (key->kind == KEY_SIGNATURE)
		for (int i = 0; i < siglen; i++)
			bits[i] |= KEY_BITS(key)[i];
	else
		for (int i = 0; i < KEY_NHASHES(key); i++)
			set_bit(bits, siglen, KEY_HASHES(key)[i]);
	return true;
}

static ClaimGistKey *
signature_key(const uint8 *bits, int siglen)
{
	ClaimGistKey *key;

	for (int i = 0; i < siglen; i++)
		if (bits[i] != 0xFF)
		{
			key = make_key(KEY_SIGNATURE, siglen);
			memcpy(KEY_BITS(key), bits, siglen);
			return key;
		}
	return make_key(KEY_ALL_ONES, 0);
}

PG_FUNCTION_INFO_V1(claim_gist_options);
Datum
claim_gist_options(PG_FUNCTION_ARGS)
{
	local_relopts *relopts = (local_relopts *) PG_GETARG_POINTER(0);

	init_local_reloptions(relopts, sizeof(ClaimGistOptions));
	add_local_int_reloption(relopts, "siglen",
							"signature length of inner keys, in bytes",
							SIGLEN_DEFAULT, 1, SIGLEN_MAX,
							offsetof(ClaimGistOptions, siglen));
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(claim_gist_compress);
Datum
claim_gist_compress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	int			siglen = GET_SIGLEN();
	GISTENTRY  *result;
	ClaimGistKey *key;
	AlShingles	s;

	if (!entry->leafkey)
		PG_RETURN_POINTER(entry);	/* inner keys are made by union, already compressed */

	s = claim_shingles(claim_view(PG_DETOAST_DATUM_PACKED(entry->key)));
	if ((Size) s.count * sizeof(uint32) <= (Size) Max(siglen, 1024))
	{
		key = make_key(KEY_SHINGLES, s.count * sizeof(uint32));
		memcpy(KEY_HASHES(key), s.hashes, s.count * sizeof(uint32));
	}
	else
	{
		/* a very long claim: its signature, with a recheck on the heap */
		uint8	   *bits = palloc0(siglen);

		for (int i = 0; i < s.count; i++)
			set_bit(bits, siglen, s.hashes[i]);
		key = signature_key(bits, siglen);
	}
	result = palloc(sizeof(GISTENTRY));
	gistentryinit(*result, PointerGetDatum(key), entry->rel, entry->page, entry->offset, false);
	PG_RETURN_POINTER(result);
}

PG_FUNCTION_INFO_V1(claim_gist_decompress);
Datum
claim_gist_decompress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	struct varlena *key = PG_DETOAST_DATUM(entry->key);

	if (key != (struct varlena *) DatumGetPointer(entry->key))
	{
		GISTENTRY  *result = palloc(sizeof(GISTENTRY));

		gistentryinit(*result, PointerGetDatum(key), entry->rel, entry->page, entry->offset, false);
		PG_RETURN_POINTER(result);
	}
	PG_RETURN_POINTER(entry);
}

/*
 * The query of a scan, prepared once: its shingles and a direct-mapped table
 * of them, so that a leaf's overlap is one load and compare per shingle of
 * the leaf instead of a merge whose branches the CPU cannot predict (the
 * merge was half of a KNN scan's time, and a KNN scan computes nearly every
 * leaf's distance: see "Limits" in the README).  Slot (h >> shift) & mask holds h; shift
 * is chosen so that no two query shingles share a slot, and an empty slot
 * holds a value that maps elsewhere, so a lookup is exact.  Without such a
 * shift (long queries) slots is NULL and the merge is used.
 */
typedef struct PreparedQuery
{
	FmgrInfo	shingle_cache;	/* where claim_shingles_cached() keeps them */
	AlShingles	shingles;		/* a copy: the shingles the slots are for */
	uint32	   *slots;
	uint32		mask;
	int			shift;
} PreparedQuery;

#define SLOTS_PER_SHINGLE	64	/* a 22-shingle query: 9 shifts in 10 have no collision */
#define SLOTS_MAX			4096	/* 16 kB, in L1 cache */

/* Fill pq's slots for its shingles, or leave slots NULL if no shift fits. */
static void
prepare_slots(PreparedQuery *pq, MemoryContext cxt)
{
	AlShingles	q = pq->shingles;
	uint32		nslots = 64;
	int			bits = 6;
	uint32	   *slots;

	while (nslots < (uint32) q.count * SLOTS_PER_SHINGLE && nslots < SLOTS_MAX)
		nslots <<= 1, bits++;
	if ((uint32) q.count * 8 > nslots)
		return;
	slots = MemoryContextAlloc(cxt, nslots * sizeof(uint32));
	for (int shift = 0; shift + bits <= 32; shift++)
	{
		bool		collision = false;

		for (uint32 s = 0; s < nslots; s++)
			slots[s] = (s ^ 1) << shift;	/* maps to slot s ^ 1, never s */
		for (int i = 0; i < q.count && !collision; i++)
		{
			uint32		s = (q.hashes[i] >> shift) & (nslots - 1);

			collision = ((slots[s] >> shift) & (nslots - 1)) == s;
			slots[s] = q.hashes[i];
		}
		if (!collision)
		{
			pq->slots = slots;
			pq->mask = nslots - 1;
			pq->shift = shift;
			return;
		}
	}
	pfree(slots);
}

static PreparedQuery *
prepared_query(FunctionCallInfo fcinfo, ClaimView q)
{
	PreparedQuery *pq = (PreparedQuery *) fcinfo->flinfo->fn_extra;
	MemoryContext cxt = fcinfo->flinfo->fn_mcxt;
	LOCAL_FCINFO(shingle_call, 0);
	AlShingles	s;

	if (pq == NULL)
	{
		pq = MemoryContextAllocZero(cxt, sizeof(PreparedQuery));
		pq->shingle_cache.fn_mcxt = cxt;
		fcinfo->flinfo->fn_extra = pq;
	}
	InitFunctionCallInfoData(*shingle_call, &pq->shingle_cache, 0, InvalidOid, NULL, NULL);
	s = claim_shingles_cached(shingle_call, q);
	if (pq->shingles.hashes != NULL && s.count == pq->shingles.count &&
		memcmp(s.hashes, pq->shingles.hashes, s.count * sizeof(uint32)) == 0)
		return pq;

	/* a new query: forget the old one first, so that an ERROR leaves none */
	if (pq->slots)
		pfree(pq->slots);
	if (pq->shingles.hashes)
		pfree(pq->shingles.hashes);
	pq->slots = NULL;
	pq->shingles.hashes = NULL;
	pq->shingles.hashes = MemoryContextAlloc(cxt, Max(s.count, 1) * sizeof(uint32));
	memcpy(pq->shingles.hashes, s.hashes, s.count * sizeof(uint32));
	pq->shingles.count = s.count;
	prepare_slots(pq, cxt);
	return pq;
}

/* How many shingles a leaf shares with the query: exact. */
static int
leaf_overlap(const PreparedQuery *pq, const uint32 *hashes, int n)
{
	int			common = 0;

	if (pq->slots == NULL)
		return al_overlap(hashes, n, pq->shingles.hashes, pq->shingles.count);
	for (int i = 0; i < n; i++)
		common += pq->slots[(hashes[i] >> pq->shift) & pq->mask] == hashes[i];
	return common;
}

/*
 * How many of the query's shingles the claims under this key can share at
 * most; exact (and *exact set) for a key that holds the shingles.
 */
static int
shared_at_most(const ClaimGistKey *key, int siglen, const PreparedQuery *pq, bool *exact, int *key_count)
{
	AlShingles	q = pq->shingles;
	int			m = 0;

	*exact = false;
	*key_count = 0;
	switch (key->kind)
	{
		case KEY_SHINGLES:
			*exact = true;
			*key_count = KEY_NHASHES(key);
			return leaf_overlap(pq, KEY_HASHES(key), KEY_NHASHES(key));
		case KEY_SIGNATURE:
			for (int i = 0; i < q.count; i++)
				if (bit_is_set(KEY_BITS(key), siglen, q.hashes[i]))
					m++;
			return m;
		default:
			return q.count;
	}
}

/* The highest similarity any claim under the key can have with the query. */
static float
similarity_bound(const ClaimGistKey *key, int siglen, const PreparedQuery *pq, bool *exact)
{
	AlShingles	q = pq->shingles;
	int			key_count;
	int			m = shared_at_most(key, siglen, pq, exact, &key_count);

	if (*exact)
		return al_dice(m, q.count, key_count);
	return al_dice(m, q.count, m);
}

/* The prepared query and threshold, for a strategy; NULL for a NULL query. */
static PreparedQuery *
query_for(FunctionCallInfo fcinfo, Datum query, StrategyNumber strategy, float *threshold)
{
	ClaimView	q;

	*threshold = AL_DEFAULT_THRESHOLD;
	if (strategy == AL_STRATEGY_SIMILAR_QUERY)
	{
		bool		isnull;

		q = claim_query_parts(query, threshold, &isnull);
		if (isnull)
			return NULL;
	}
	else
		q = claim_view(PG_DETOAST_DATUM_PACKED(query));
	return prepared_query(fcinfo, q);
}

/*
 * What consistent and distance share: the highest similarity any claim under
 * the entry can have with the query, and whether a leaf needs a heap recheck
 * (a signature only bounds it).  Returns false for a NULL query.
 */
static bool
entry_bound(FunctionCallInfo fcinfo, StrategyNumber strategy, float *bound, float *threshold)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	bool		exact;
	PreparedQuery *pq = query_for(fcinfo, PG_GETARG_DATUM(1), strategy, threshold);

	if (pq == NULL)
		return false;
	*bound = similarity_bound((ClaimGistKey *) DatumGetPointer(entry->key), GET_SIGLEN(), pq, &exact);
	*recheck = GIST_LEAF(entry) && !exact;
	return true;
}

PG_FUNCTION_INFO_V1(claim_gist_consistent);
Datum
claim_gist_consistent(PG_FUNCTION_ARGS)
{
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	float		bound;
	float		threshold;

	if (strategy != AL_STRATEGY_SIMILAR && strategy != AL_STRATEGY_SIMILAR_QUERY)
		elog(ERROR, "claim_gist_consistent: unknown strategy %d", strategy);
	if (!entry_bound(fcinfo, strategy, &bound, &threshold))
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(bound >= threshold);
}

PG_FUNCTION_INFO_V1(claim_gist_distance);
Datum
claim_gist_distance(PG_FUNCTION_ARGS)
{
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	float		bound;
	float		threshold;

	if (strategy != AL_STRATEGY_DISTANCE)
		elog(ERROR, "claim_gist_distance: unknown strategy %d", strategy);
	if (!entry_bound(fcinfo, strategy, &bound, &threshold))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(1.0 - (double) bound);
}

PG_FUNCTION_INFO_V1(claim_gist_union);
Datum
claim_gist_union(PG_FUNCTION_ARGS)
{
	GistEntryVector *entryvec = (GistEntryVector *) PG_GETARG_POINTER(0);
	int		   *size = (int *) PG_GETARG_POINTER(1);
	int			siglen = GET_SIGLEN();
	uint8	   *bits = palloc0(siglen);
	ClaimGistKey *result;

	for (int i = 0; i < entryvec->n; i++)
		if (!add_to_signature(bits, siglen, (ClaimGistKey *) DatumGetPointer(entryvec->vector[i].key)))
		{
			result = make_key(KEY_ALL_ONES, 0);
			*size = VARSIZE(result);
			PG_RETURN_POINTER(result);
		}
	result = signature_key(bits, siglen);
	*size = VARSIZE(result);
	PG_RETURN_POINTER(result);
}

PG_FUNCTION_INFO_V1(claim_gist_same);
Datum
claim_gist_same(PG_FUNCTION_ARGS)
{
	ClaimGistKey *a = (ClaimGistKey *) PG_GETARG_POINTER(0);
	ClaimGistKey *b = (ClaimGistKey *) PG_GETARG_POINTER(1);
	bool	   *result = (bool *) PG_GETARG_POINTER(2);

	*result = VARSIZE(a) == VARSIZE(b) && a->kind == b->kind &&
		memcmp(a->payload, b->payload, VARSIZE(a) - KEY_HEADER) == 0;
	PG_RETURN_POINTER(result);
}

/* A key as a signature (all ones for KEY_ALL_ONES). */
static uint8 *
key_bits(const ClaimGistKey *key, int siglen)
{
	uint8	   *bits = palloc0(siglen);

	if (!add_to_signature(bits, siglen, key))
		memset(bits, 0xFF, siglen);
	return bits;
}

static int
hamming(const uint8 *a, const uint8 *b, int siglen)
{
	int			d = 0;

	for (int i = 0; i < siglen; i++)
		d += pg_number_of_ones[a[i] ^ b[i]];
	return d;
}

/*
 * The cost of an insertion: the Hamming distance between the signatures, as
 * in pg_trgm.  Counting only the bits the new key would add made a
 * saturated (all ones) subtree free, so every insert piled into it; its
 * distance to a claim is the bits the claim lacks, which keeps it costly.
 */
PG_FUNCTION_INFO_V1(claim_gist_penalty);
Datum
claim_gist_penalty(PG_FUNCTION_ARGS)
{
	GISTENTRY  *orig = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *add = (GISTENTRY *) PG_GETARG_POINTER(1);
	float	   *penalty = (float *) PG_GETARG_POINTER(2);
	int			siglen = GET_SIGLEN();
	uint8	   *ob = key_bits((ClaimGistKey *) DatumGetPointer(orig->key), siglen);
	uint8	   *nb = key_bits((ClaimGistKey *) DatumGetPointer(add->key), siglen);

	*penalty = (float) hamming(ob, nb, siglen);
	pfree(ob);
	pfree(nb);
	PG_RETURN_POINTER(penalty);
}

/*
 * Split: the two entries furthest apart (Hamming distance of signatures)
 * seed the two sides; the entries are ordered by how much closer they are
 * to the left seed than to the right one, and the closer half goes left.
 * Growing a side's union greedily would let one side swallow everything
 * once its signature fills up; halves keep every split balanced.
 */
typedef struct SplitCandidate
{
	OffsetNumber offset;
	int			preference;		/* distance to left seed - distance to right seed */
} SplitCandidate;

static int
compare_preference(const void *a, const void *b)
{
	const SplitCandidate *x = a;
	const SplitCandidate *y = b;

	if (x->preference != y->preference)
		return (x->preference > y->preference) - (x->preference < y->preference);
	return (x->offset > y->offset) - (x->offset < y->offset);
}

PG_FUNCTION_INFO_V1(claim_gist_picksplit);
Datum
claim_gist_picksplit(PG_FUNCTION_ARGS)
{
	GistEntryVector *entryvec = (GistEntryVector *) PG_GETARG_POINTER(0);
	GIST_SPLITVEC *v = (GIST_SPLITVEC *) PG_GETARG_POINTER(1);
	int			siglen = GET_SIGLEN();
	OffsetNumber maxoff = entryvec->n - 1;
	int			nentries = maxoff - FirstOffsetNumber + 1;
	uint8	  **bits = palloc(sizeof(uint8 *) * (maxoff + 1));
	SplitCandidate *order = palloc(sizeof(SplitCandidate) * nentries);
	uint8	   *left_union = palloc0(siglen);
	uint8	   *right_union = palloc0(siglen);
	OffsetNumber seed_left = FirstOffsetNumber,
				seed_right = OffsetNumberNext(FirstOffsetNumber);
	int			widest = -1;

	for (OffsetNumber i = FirstOffsetNumber; i <= maxoff; i = OffsetNumberNext(i))
		bits[i] = key_bits((ClaimGistKey *) DatumGetPointer(entryvec->vector[i].key), siglen);

	for (OffsetNumber i = FirstOffsetNumber; i < maxoff; i = OffsetNumberNext(i))
	{
		CHECK_FOR_INTERRUPTS();
		for (OffsetNumber j = OffsetNumberNext(i); j <= maxoff; j = OffsetNumberNext(j))
		{
			int			d = hamming(bits[i], bits[j], siglen);

			if (d > widest)
			{
				widest = d;
				seed_left = i;
				seed_right = j;
			}
		}
	}

	for (int k = 0; k < nentries; k++)
	{
		OffsetNumber i = FirstOffsetNumber + k;

		order[k].offset = i;
		order[k].preference = hamming(bits[i], bits[seed_left], siglen) -
			hamming(bits[i], bits[seed_right], siglen);
	}
	qsort(order, nentries, sizeof(SplitCandidate), compare_preference);

	v->spl_left = palloc(sizeof(OffsetNumber) * nentries);
	v->spl_right = palloc(sizeof(OffsetNumber) * nentries);
	v->spl_nleft = v->spl_nright = 0;
	for (int k = 0; k < nentries; k++)
	{
		OffsetNumber i = order[k].offset;
		bool		go_left = k < nentries / 2;
		uint8	   *target = go_left ? left_union : right_union;

		for (int b = 0; b < siglen; b++)
			target[b] |= bits[i][b];
		if (go_left)
			v->spl_left[v->spl_nleft++] = i;
		else
			v->spl_right[v->spl_nright++] = i;
	}
	v->spl_ldatum = PointerGetDatum(signature_key(left_union, siglen));
	v->spl_rdatum = PointerGetDatum(signature_key(right_union, siglen));
	PG_RETURN_POINTER(v);
}

/* claim_signature is the storage type of inner keys: it has no text form. */
PG_FUNCTION_INFO_V1(claim_signature_in);
Datum
claim_signature_in(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("claim_signature has no input: it only exists inside GiST indexes")));
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(claim_signature_out);
Datum
claim_signature_out(PG_FUNCTION_ARGS)
{
	ClaimGistKey *key = (ClaimGistKey *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));

	if (key->kind == KEY_SHINGLES)
		PG_RETURN_CSTRING(psprintf("%d shingles", KEY_NHASHES(key)));
	if (key->kind == KEY_ALL_ONES)
		PG_RETURN_CSTRING(pstrdup("all bits set"));
	PG_RETURN_CSTRING(psprintf("signature of %d bytes", (int) (VARSIZE(key) - KEY_HEADER)));
}
