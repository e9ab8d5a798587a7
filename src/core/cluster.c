/*
 * cluster.c - all-pairs similarity join and connected components.
 *
 * Input: n shingle sets in load order (index 0 is the earliest claim) and a
 * threshold t > 0.  Output, for every item: the earliest earlier item whose
 * Dice similarity is >= t (or -1), and the smallest index of its connected
 * component in the "similarity >= t" graph.  The components depend only on
 * the set of items, not on their order.
 *
 * The join is exact and avoids comparing all pairs:
 *  1. identical sets are merged first (a boilerplate sentence repeated
 *     100,000 times is one set, not 10^10 pairs);
 *  2. prefix filtering: order each set's shingles from rarest to most
 *     frequent; two sets that share c shingles share one of the first
 *     n - c + 1 of each, and c >= al_min_overlap(n, t), so only sets
 *     sharing a token in their short prefixes are candidates;
 *  3. a length filter and a positional filter (PPJoin: the shared tokens
 *     seen so far plus the tokens left after the current match, in both
 *     sets, must still reach the needed overlap) prune candidates before an
 *     exact overlap count decides the survivors.
 */
#include <stdlib.h>
#include <string.h>

#include "al_core.h"

typedef struct UniqueSet
{
	const uint32_t *hashes;		/* sorted by hash */
	int			count;
	int			first;			/* smallest item index with this set */
	int			earliest_similar;	/* smallest 'first' of a similar, earlier set */
	int			parent;			/* union-find */
} UniqueSet;

/* A prefix token of a set, and where it stands in that set's rarest-first order. */
typedef struct Posting
{
	uint32_t	token;
	int			set;
	int			position;
} Posting;

static int
compare_posting(const void *a, const void *b)
{
	const Posting *x = a;
	const Posting *y = b;

	if (x->token != y->token)
		return (x->token > y->token) - (x->token < y->token);
	return (x->set > y->set) - (x->set < y->set);
}

/* Shared shingles two sets of sizes a and b need for a Dice coefficient >= t. */
static int
pair_overlap_needed(int a, int b, float threshold)
{
	double		c = (double) threshold * (a + b) / 2.0 - 1e-4;
	int			need = (int) c;

	if (need < c)
		need++;
	return need < 1 ? 1 : need;
}

static int
compare_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *) a;
	uint64_t	y = *(const uint64_t *) b;

	return (x > y) - (x < y);
}

static uint64_t
set_hash(const uint32_t *h, int n)
{
	uint64_t	x = 1469598103934665603ULL;

	for (int i = 0; i < n; i++)
	{
		x ^= h[i];
		x *= 1099511628211ULL;
	}
	return x ^ (uint64_t) n;
}

static int
find_root(UniqueSet *sets, int u)
{
	while (sets[u].parent != u)
	{
		sets[u].parent = sets[sets[u].parent].parent;
		u = sets[u].parent;
	}
	return u;
}

/* The root is the set that came first, so roots name components stably. */
static void
unite(UniqueSet *sets, int a, int b)
{
	a = find_root(sets, a);
	b = find_root(sets, b);
	if (a == b)
		return;
	if (sets[a].first < sets[b].first)
		sets[b].parent = a;
	else
		sets[a].parent = b;
}

/* A token's document frequency, looked up in the sorted distinct tokens. */
static uint32_t
frequency_of(const uint32_t *distinct, const uint32_t *freq, size_t ndistinct, uint32_t token)
{
	size_t		lo = 0,
				hi = ndistinct;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (distinct[mid] < token)
			lo = mid + 1;
		else
			hi = mid;
	}
	return freq[lo];
}

/* Sort key of a shingle in a prefix: rarest first, hash to break ties. */
typedef struct RankedToken
{
	uint32_t	freq;
	uint32_t	token;
} RankedToken;

static int
compare_ranked(const void *a, const void *b)
{
	const RankedToken *x = a;
	const RankedToken *y = b;

	if (x->freq != y->freq)
		return (x->freq > y->freq) - (x->freq < y->freq);
	return (x->token > y->token) - (x->token < y->token);
}

int
al_cluster(const AlEnv *env, const AlShingles *items, int n, float threshold,
		   int *earliest_similar, int *component, AlClusterStats *stats)
{
	uint64_t   *keyed;
	int		   *set_of = env->alloc(env->ctx, sizeof(int) * (size_t) (n > 0 ? n : 1));
	UniqueSet  *sets = env->alloc(env->ctx, sizeof(UniqueSet) * (size_t) (n > 0 ? n : 1));
	int			nsets = 0;
	size_t		ntokens = 0;
	uint64_t   *tokens_sorted;
	Posting    *postings;
	size_t		npostings = 0;
	uint32_t   *distinct;
	uint32_t   *freq;
	size_t		ndistinct = 0;
	size_t	   *prefix_start;
	uint32_t   *prefix_tokens;
	int		   *stamp;
	int		   *shared;
	int		   *candidates;

	memset(stats, 0, sizeof(*stats));
	if (n <= 0)
		return AL_OK;

	/* 1. identical sets: sort by (set hash, index); equal sets become one */
	keyed = env->alloc(env->ctx, sizeof(uint64_t) * (size_t) n);
	{
		uint64_t   *hashes = env->alloc(env->ctx, sizeof(uint64_t) * (size_t) n);
		int		   *order = env->alloc(env->ctx, sizeof(int) * (size_t) n);

		for (int i = 0; i < n; i++)
		{
			hashes[i] = set_hash(items[i].hashes, items[i].count);
			/* 32 bits of the set hash, then the index: groups stay in index order */
			keyed[i] = ((hashes[i] >> 32) << 32) | (uint32_t) i;
		}
		qsort(keyed, (size_t) n, sizeof(uint64_t), compare_u64);
		for (int k = 0; k < n; k++)
			order[k] = (int) (uint32_t) keyed[k];

		for (int k = 0; k < n; k++)
		{
			int			i = order[k];
			int			match = -1;

			/* look back through the run with the same 32-bit key for an equal set */
			for (int j = k - 1; j >= 0 && (keyed[j] >> 32) == (keyed[k] >> 32); j--)
			{
				int			other = order[j];

				if (hashes[other] == hashes[i] && items[other].count == items[i].count &&
					memcmp(items[other].hashes, items[i].hashes,
						   sizeof(uint32_t) * (size_t) items[i].count) == 0)
				{
					match = set_of[other];
					break;
				}
			}
			if (match < 0)
			{
				match = nsets++;
				sets[match].hashes = items[i].hashes;
				sets[match].count = items[i].count;
				sets[match].first = i;
				sets[match].earliest_similar = -1;
				sets[match].parent = match;
				ntokens += (size_t) items[i].count;
			}
			else if (i < sets[match].first)
				sets[match].first = i;
			set_of[i] = match;
		}
	}
	/* number the sets in order of their first item: "earlier" means a smaller id */
	{
		uint64_t   *by_first = env->alloc(env->ctx, sizeof(uint64_t) * (size_t) nsets);
		UniqueSet  *renumbered = env->alloc(env->ctx, sizeof(UniqueSet) * (size_t) nsets);
		int		   *new_id = env->alloc(env->ctx, sizeof(int) * (size_t) nsets);

		for (int u = 0; u < nsets; u++)
			by_first[u] = ((uint64_t) (uint32_t) sets[u].first << 32) | (uint32_t) u;
		qsort(by_first, (size_t) nsets, sizeof(uint64_t), compare_u64);
		for (int k = 0; k < nsets; k++)
		{
			int			u = (int) (uint32_t) by_first[k];

			renumbered[k] = sets[u];
			renumbered[k].parent = k;
			new_id[u] = k;
		}
		for (int i = 0; i < n; i++)
			set_of[i] = new_id[set_of[i]];
		sets = renumbered;
	}
	stats->unique_sets = nsets;

	/* 2. document frequency of every shingle, over the distinct sets */
	{
		uint32_t   *all = env->alloc(env->ctx, sizeof(uint32_t) * (ntokens > 0 ? ntokens : 1));
		size_t		k = 0;

		for (int u = 0; u < nsets; u++)
			for (int j = 0; j < sets[u].count; j++)
				all[k++] = sets[u].hashes[j];
		tokens_sorted = env->alloc(env->ctx, sizeof(uint64_t) * (ntokens > 0 ? ntokens : 1));
		for (size_t i = 0; i < ntokens; i++)
			tokens_sorted[i] = all[i];
		qsort(tokens_sorted, ntokens, sizeof(uint64_t), compare_u64);
		distinct = all;			/* overwritten in place: all is no longer needed */
		freq = env->alloc(env->ctx, sizeof(uint32_t) * (ntokens > 0 ? ntokens : 1));
		for (size_t i = 0; i < ntokens; i++)
		{
			if (ndistinct > 0 && distinct[ndistinct - 1] == (uint32_t) tokens_sorted[i])
				freq[ndistinct - 1]++;
			else
			{
				distinct[ndistinct] = (uint32_t) tokens_sorted[i];
				freq[ndistinct] = 1;
				ndistinct++;
			}
		}
	}

	/* 3. the prefix of every set, as (token, set) postings sorted by token then set */
	prefix_start = env->alloc(env->ctx, sizeof(size_t) * ((size_t) nsets + 1));
	prefix_tokens = env->alloc(env->ctx, sizeof(uint32_t) * (ntokens > 0 ? ntokens : 1));
	postings = env->alloc(env->ctx, sizeof(Posting) * (ntokens > 0 ? ntokens : 1));
	{
		RankedToken *ranked = env->alloc(env->ctx, sizeof(RankedToken) * (ntokens > 0 ? ntokens : 1));

		for (int u = 0; u < nsets; u++)
		{
			int			count = sets[u].count;
			int			prefix = count - al_min_overlap(count, threshold) + 1;

			if ((u & 1023) == 0 && env->check_interrupts)
				env->check_interrupts(env->ctx);
			for (int j = 0; j < count; j++)
			{
				ranked[j].token = sets[u].hashes[j];
				ranked[j].freq = frequency_of(distinct, freq, ndistinct, sets[u].hashes[j]);
			}
			qsort(ranked, (size_t) count, sizeof(RankedToken), compare_ranked);
			prefix_start[u] = npostings;
			for (int j = 0; j < prefix && j < count; j++)
			{
				prefix_tokens[npostings] = ranked[j].token;
				postings[npostings].token = ranked[j].token;
				postings[npostings].set = u;
				postings[npostings].position = j;
				npostings++;
			}
		}
		prefix_start[nsets] = npostings;
		qsort(postings, npostings, sizeof(Posting), compare_posting);
	}

	/* 4. candidates: earlier sets in the posting lists of a set's prefix tokens */
	stamp = env->alloc(env->ctx, sizeof(int) * (size_t) nsets);
	shared = env->alloc(env->ctx, sizeof(int) * (size_t) nsets);
	candidates = env->alloc(env->ctx, sizeof(int) * (size_t) nsets);
	for (int u = 0; u < nsets; u++)
		stamp[u] = -1;
	for (int u = 0; u < nsets; u++)
	{
		const UniqueSet *x = &sets[u];
		int			count = x->count;
		int			prefix = (int) (prefix_start[u + 1] - prefix_start[u]);
		double		min_len = (double) threshold * count / (2.0 - threshold) - 1e-4;
		double		max_len = (2.0 - threshold) * count / threshold + 1e-4;
		int			ncandidates = 0;

		if ((u & 1023) == 0 && env->check_interrupts)
			env->check_interrupts(env->ctx);

		for (int i = 0; i < prefix; i++)
		{
			uint32_t	token = prefix_tokens[prefix_start[u] + (size_t) i];
			size_t		lo = 0,
						hi = npostings;

			/* the posting list of the token: first entry with this token */
			while (lo < hi)
			{
				size_t		mid = lo + (hi - lo) / 2;

				if (postings[mid].token < token)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (size_t p = lo; p < npostings && postings[p].token == token; p++)
			{
				int			v = postings[p].set;
				int			left_x,
							left_v;

				if (v >= u)
					break;
				if (stamp[v] != u)
				{
					stamp[v] = u;
					shared[v] = (sets[v].count < min_len || sets[v].count > max_len) ? -1 : 0;
				}
				if (shared[v] < 0)
					continue;
				/* positional filter: what is seen plus what is left must reach the need */
				left_x = count - i - 1;
				left_v = sets[v].count - postings[p].position - 1;
				if (shared[v] + 1 + (left_x < left_v ? left_x : left_v) <
					pair_overlap_needed(count, sets[v].count, threshold))
				{
					shared[v] = -1;
					continue;
				}
				if (shared[v]++ == 0)
					candidates[ncandidates++] = v;
			}
		}

		for (int k = 0; k < ncandidates; k++)
		{
			int			v = candidates[k];
			int			common;

			if (shared[v] <= 0)
				continue;
			stats->candidates++;
			common = al_overlap(x->hashes, count, sets[v].hashes, sets[v].count);
			if (al_dice(common, count, sets[v].count) >= threshold)
			{
				stats->similar_pairs++;
				unite(sets, u, v);
				if (sets[u].earliest_similar < 0 || sets[v].first < sets[u].earliest_similar)
					sets[u].earliest_similar = sets[v].first;
			}
		}
	}

	/* 5. results per item */
	for (int i = 0; i < n; i++)
	{
		const UniqueSet *s = &sets[set_of[i]];
		int			earliest = (i == s->first) ? -1 : s->first;

		if (s->earliest_similar >= 0 && (earliest < 0 || s->earliest_similar < earliest))
			earliest = s->earliest_similar;
		earliest_similar[i] = earliest;
		component[i] = sets[find_root(sets, set_of[i])].first;
	}
	return AL_OK;
}
