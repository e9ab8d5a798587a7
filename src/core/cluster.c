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
 *     n - c + 1 of each, and two of the first n - c + 2 (when c >= 2: the
 *     "2-prefix", which drops the many pairs that share one frequent
 *     word).  Sets are joined from the smallest up, so each probes only
 *     smaller (already indexed) sets: the larger one needs c >= t n / (2 - t)
 *     (its probing prefix), the smaller c >= t n (its shorter indexed
 *     prefix);
 *  3. a length filter (a binary search into each size-ordered list) and a
 *     positional filter (PPJoin: the shared tokens seen so far plus the
 *     tokens left after the current match, in both sets, must still reach
 *     the needed overlap) prune candidates before an exact overlap count
 *     decides the survivors.  Shared prefix tokens are counted in a byte
 *     per earlier set: a billion list entries at a million claims cost a
 *     cache hit each, not a miss.
 *
 * Every bound comes from al_pair_min_overlap(), i.e. from the very float
 * predicate al_dice(c, na, nb) >= t that decides a pair, so the join is
 * exact at every size.  Items may carry a key (the figures a claim states,
 * figures.c): two items are linked only if their keys are equal too, and
 * since key equality is an equivalence, no component mixes two keys.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "al_core.h"

typedef struct UniqueSet
{
	const uint32_t *hashes;		/* sorted by hash */
	uint64_t	key;			/* the items' key: equal sets with other keys stay apart */
	int			count;
	int			first;			/* smallest item index with this set */
	int			earliest_similar;	/* smallest 'first' of a similar, earlier set */
	int			parent;			/* union-find */
} UniqueSet;

/*
 * A set in the posting list of one of its indexed prefix tokens.  Lists are
 * in join order, which is also size order, so the sets too short for a
 * probing set are a run at the start of each list.
 */
typedef struct Posting
{
	int			set;			/* rank in join order */
	int			position;		/* of the token in the set's rarest-first order */
	int			count;			/* size of the set: filters without touching it */
} Posting;

/* Join order: smaller sets first, then by first item. */
static const UniqueSet *order_sets;

static int
compare_join_order(const void *a, const void *b)
{
	const UniqueSet *x = &order_sets[*(const int *) a];
	const UniqueSet *y = &order_sets[*(const int *) b];

	if (x->count != y->count)
		return (x->count > y->count) - (x->count < y->count);
	return (x->first > y->first) - (x->first < y->first);
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

/*
 * The distinct tokens, numbered in order of first appearance, in an
 * open-addressing table (token hashes are already uniform).  It replaces a
 * sort of every token occurrence (16 million at a million claims) and a
 * binary search per occurrence: one probe each, mostly in cache, since the
 * frequent tokens are most of the occurrences.
 */
typedef struct TokenTable
{
	uint32_t   *token;			/* per slot */
	uint32_t   *number;			/* per slot: distinct number + 1; 0 = empty */
	size_t		mask;
	uint32_t   *distinct;		/* by number: the token */
	uint32_t   *freq;			/* by number: distinct sets holding it */
	size_t		ndistinct;
} TokenTable;

static size_t
token_slot(const TokenTable *t, uint32_t token)
{
	size_t		s = (size_t) ((token * 0x9E3779B97F4A7C15ULL) >> 20) & t->mask;

	while (t->number[s] != 0 && t->token[s] != token)
		s = (s + 1) & t->mask;
	return s;
}

/* Double the table and the arrays by number (the old ones stay in env memory: under half). */
static void
grow_token_table(const AlEnv *env, TokenTable *t)
{
	size_t		slots = t->mask ? 2 * (t->mask + 1) : 65536;
	TokenTable	bigger = {env->alloc(env->ctx, sizeof(uint32_t) * slots),
		env->alloc(env->ctx, sizeof(uint32_t) * slots), slots - 1,
		env->alloc(env->ctx, sizeof(uint32_t) * (slots / 2)),
	env->alloc(env->ctx, sizeof(uint32_t) * (slots / 2)), t->ndistinct};

	memset(bigger.number, 0, sizeof(uint32_t) * slots);
	if (t->ndistinct > 0)
	{
		memcpy(bigger.distinct, t->distinct, sizeof(uint32_t) * t->ndistinct);
		memcpy(bigger.freq, t->freq, sizeof(uint32_t) * t->ndistinct);
	}
	for (size_t d = 0; d < t->ndistinct; d++)
	{
		size_t		s = token_slot(&bigger, bigger.distinct[d]);

		bigger.token[s] = bigger.distinct[d];
		bigger.number[s] = (uint32_t) d + 1;
	}
	*t = bigger;
}

/* The token's number; the token must be in the table. */
static uint32_t
token_number(const TokenTable *t, uint32_t token)
{
	return t->number[token_slot(t, token)] - 1;
}

/* A set as verification needs it, stored by join rank. */
typedef struct RankedSet
{
	uint64_t	key;
	size_t		ordered_start;
	int			count;
	int			set;
} RankedSet;

/* What every join thread reads; nothing here changes while they run. */
typedef struct JoinShared
{
	const UniqueSet *sets;
	const int  *join_order;
	const size_t *ordered_start;	/* by set */
	const uint32_t *ordered;	/* each set's tokens as global ranks, rarest first */
	const size_t *posting_start;
	const Posting *postings;
	const uint8_t *size_by_rank;	/* set sizes by join rank, 255 for 255 and more: a
									 * byte, read for every candidate before its record */
	const RankedSet *by_rank;	/* what verification reads, by join rank: one read */
	uint8_t		needs_two[256];	/* by such a size: do two equal sets need 2+ shared? */
	int			nsets;
	float		threshold;
	volatile int stop;			/* set by the main thread on a cancel */
} JoinShared;

/* Shared prefix tokens counted per earlier set: a byte each, so that the
 * counters of a million sets stay in cache while the lists stream by. */
#define SEEN_MAX 254			/* counts saturate here (long sets); no filter then */
#define SEEN_DEAD 255			/* the positional filter ruled the pair out */

/*
 * An earlier set met in a prefix list, and where their first shared token
 * stands in each: both sets are in the same global order, so they share
 * nothing before it and verification merges from there.
 */
typedef struct Candidate
{
	int			rank;
	int			from_x;
	int			from_v;
} Candidate;

/* One thread's share of the join: sets first, first + step, ... in join order. */
/* Pairs a worker found before an interrupt, in env memory, newest first. */
typedef struct SavedPairs
{
	int		   *pairs;
	size_t		npairs;
	struct SavedPairs *next;
} SavedPairs;

typedef struct JoinWorker
{
	const JoinShared *shared;
	int			next;			/* the next join rank of this worker's share */
	int			step;
	int		   *need_with;		/* by candidate size, for sets of need_count tokens */
	int			need_count;
	int			shortest;		/* the smallest candidate size that can match */
	uint8_t    *seen;			/* by join rank; all 0 between sets */
	Candidate  *candidates;		/* sets with a count, to verify and reset */
	int		   *pairs;			/* similar pairs (u, v), malloc'd: threads must not use env->alloc */
	size_t		npairs;
	size_t		capacity;
	struct SavedPairs *saved;	/* earlier pairs, moved to env memory before an interrupt */
	int64_t		ncandidates;
	int			failed;
} JoinWorker;

static int
push_pair(JoinWorker *w, int u, int v)
{
	if (w->npairs == w->capacity)
	{
		size_t		cap = w->capacity ? w->capacity * 2 : 4096;
		int		   *grown = realloc(w->pairs, sizeof(int) * 2 * cap);

		if (grown == NULL)
			return 0;
		w->pairs = grown;
		w->capacity = cap;
	}
	w->pairs[2 * w->npairs] = u;
	w->pairs[2 * w->npairs + 1] = v;
	w->npairs++;
	return 1;
}

/*
 * The first posting in [lo, hi) whose field (set or count: a list is in join
 * order, which is size order) is at least value.
 */
static size_t
first_at_least(const Posting *postings, size_t lo, size_t hi, size_t field, int value)
{
	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (*(const int *) ((const char *) &postings[mid] + field) < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Candidates of set r (earlier sets in the posting lists of its prefix
 * tokens, through the length and positional filters), then verification.
 * The scan only counts shared prefix tokens per earlier set (ScanCount over
 * a byte per set); verification merges the two sets in full.
 */
static void
join_one(JoinWorker *w, int r)
{
	const JoinShared *js = w->shared;
	const UniqueSet *sets = js->sets;
	int			u = js->join_order[r];
	const UniqueSet *x = &sets[u];
	int			count = x->count;
	const uint32_t *xo = js->ordered + js->ordered_start[u];
	int			least = al_min_overlap(count, js->threshold);
	int			ell = least >= 2 ? 2 : 1;
	int			prefix = count - least + ell;
	int			ncandidates = 0;
	int		   *need_with = w->need_with;
	uint8_t    *seen = w->seen;
	int			shortest;

	/*
	 * The overlap needed with a set of each smaller size (more than nv: too
	 * short); sets come in size order, so a worker computes it once per size.
	 */
	if (w->need_count != count)
	{
		w->need_count = count;
		w->shortest = count + 1;
		need_with[0] = 1;
		for (int nv = count; nv >= 1; nv--)
		{
			need_with[nv] = al_pair_min_overlap(count, nv, js->threshold);
			if (need_with[nv] <= nv)
				w->shortest = nv;
		}
	}
	shortest = w->shortest;

	for (int i = 0; i < prefix && i < count; i++)
	{
		size_t		d = xo[i];
		/* only sets joined before this one, and long enough (the need grows slower than the size) */
		size_t		end = first_at_least(js->postings, js->posting_start[d], js->posting_start[d + 1],
										 offsetof(Posting, set), r);
		int			left_x = count - i - 1;

		for (size_t p = first_at_least(js->postings, js->posting_start[d], end, offsetof(Posting, count), shortest);
			 p < end; p++)
		{
			const Posting *post = &js->postings[p];
			int			rs = post->set;
			int			nv = post->count;
			int			left_v,
						best,
						s;

			s = seen[rs];
			if (s == SEEN_DEAD)
				continue;
			/* positional filter: what is seen plus what is left must reach the need */
			left_v = nv - post->position - 1;
			best = s + 1 + (left_x < left_v ? left_x : left_v);
			if (best < need_with[nv] && s < SEEN_MAX)
			{
				/* later tokens leave less: an untouched set stays out without a mark */
				if (s > 0)
					seen[rs] = SEEN_DEAD;
				continue;
			}
			if (s == 0)
			{
				Candidate  *c = &w->candidates[ncandidates++];

				c->rank = rs;
				c->from_x = i;
				c->from_v = post->position;
			}
			if (s < SEEN_MAX)
				seen[rs] = (uint8_t) (s + 1);
		}
	}

	/* Verification: figures first, then the exact overlap of the two sets. */
	for (int k = 0; k < ncandidates; k++)
	{
		const Candidate *c = &w->candidates[k];
		int			rs = c->rank;
		int			s = seen[rs];
		int			v,
					nv,
					common;

		seen[rs] = 0;
		if (s == SEEN_DEAD)
			continue;
		/*
		 * Both prefixes one token longer: a pair that reaches the need shares
		 * two of them (decided on the saturated size, since the need grows
		 * with it, before touching the set).
		 */
		if (s < 2 && ell == 2 && js->needs_two[js->size_by_rank[rs]])
			continue;
		v = js->by_rank[rs].set;
		nv = js->by_rank[rs].count;
		if (js->by_rank[rs].key != x->key)
			continue;
		w->ncandidates++;
		common = al_overlap_at_least(xo + c->from_x, count - c->from_x,
									 js->ordered + js->by_rank[rs].ordered_start + c->from_v, nv - c->from_v,
									 need_with[nv]);
		if (common >= 0 && al_dice(common, count, nv) >= js->threshold && !push_pair(w, u, v))
		{
			w->failed = 1;
			return;
		}
	}
}

static void *
join_thread(void *arg)
{
	JoinWorker *w = arg;

	for (; w->next < w->shared->nsets && !w->shared->stop && !w->failed; w->next += w->step)
		join_one(w, w->next);
	return NULL;
}

/* Move a worker's pairs so far into env memory (freed with it, even on an error). */
static void
save_pairs(const AlEnv *env, JoinWorker *w)
{
	SavedPairs *saved;

	if (w->npairs == 0)
		return;
	saved = env->alloc(env->ctx, sizeof(SavedPairs));
	saved->pairs = env->alloc(env->ctx, sizeof(int) * 2 * w->npairs);
	memcpy(saved->pairs, w->pairs, sizeof(int) * 2 * w->npairs);
	saved->npairs = w->npairs;
	saved->next = w->saved;
	free(w->pairs);
	w->saved = saved;
	w->pairs = NULL;
	w->npairs = w->capacity = 0;
}

/*
 * Run the workers: the first in this thread, which alone may look at
 * interrupts, the others in threads that see no signals and touch nothing
 * but their own scratch memory, so they never call back into the caller.
 * An interrupt stops every worker; once all are done it is processed here.
 * Not every pending interrupt raises an error (a barrier, a request to log
 * memory): then the workers go on from where they stopped, so an answer
 * is never cut short.
 */
static int
run_join(const AlEnv *env, JoinWorker *workers, int nthreads)
{
	JoinShared *js = (JoinShared *) workers[0].shared;

	for (;;)
	{
		pthread_t	threads[8];
		int			started = 0;

		js->stop = 0;
		if (nthreads > 1)
			started = al_start_threads(threads, nthreads, join_thread, workers, sizeof(JoinWorker));
		for (JoinWorker *w = &workers[0]; w->next < js->nsets && !w->failed; w->next += w->step)
		{
			join_one(w, w->next);
			/* checked after a set is joined: each round makes progress */
			if ((w->next & 255) == 0)
			{
				if (nthreads > 1 && env->interrupt_pending && env->interrupt_pending(env->ctx))
				{
					js->stop = 1;
					w->next += w->step;
					break;
				}
				if (nthreads == 1 && env->check_interrupts)
					env->check_interrupts(env->ctx);
			}
		}
		for (int t = 1; t <= started; t++)
			pthread_join(threads[t], NULL);
		if (js->stop)
		{
			/* a cancel raises here: the pairs must not be left in malloc'd memory */
			for (int t = 0; t < nthreads; t++)
				save_pairs(env, &workers[t]);
			/* any other interrupt returns, and the join goes on */
			if (env->check_interrupts)
				env->check_interrupts(env->ctx);
			continue;
		}
		/* a thread that could not start: its share is done here */
		for (int t = started + 1; t < nthreads; t++)
			join_thread(&workers[t]);
		break;
	}
	for (int t = 0; t < nthreads; t++)
		if (workers[t].failed)
			return AL_ERR_MEMORY;
	return AL_OK;
}

int
al_cluster(const AlEnv *env, const AlShingles *items, int n, float threshold,
		   int *earliest_similar, int *component, AlClusterStats *stats)
{
	return al_cluster_ex(env, items, NULL, n, threshold, earliest_similar, component, NULL, stats);
}

/* Remember a similar pair of distinct sets for the caller (graph may be NULL). */
static void
record_pair(const AlEnv *env, AlClusterGraph *graph, int *capacity, int a, int b)
{
	if (graph == NULL)
		return;
	if (graph->npairs == *capacity)
	{
		int			cap = *capacity;

		graph->pair_a = al_grow(env, graph->pair_a, graph->npairs, &cap, sizeof(int));
		graph->pair_b = al_grow(env, graph->pair_b, graph->npairs, capacity, sizeof(int));
	}
	graph->pair_a[graph->npairs] = a;
	graph->pair_b[graph->npairs] = b;
	graph->npairs++;
}

/*
 * 1. Identical sets (with equal keys) become one: sort by (set hash,
 * index), compare within runs of equal hashes.  Sets are numbered in order
 * of their first item, so "earlier" means a smaller id.
 */
static int
group_identical_sets(const AlEnv *env, const AlShingles *items, const uint64_t *keys, int n,
					 int *set_of, UniqueSet **sets_out, size_t *ntokens)
{
	uint64_t   *keyed = env->alloc(env->ctx, sizeof(uint64_t) * (size_t) n);
	uint64_t   *hashes = env->alloc(env->ctx, sizeof(uint64_t) * (size_t) n);
	int		   *order = env->alloc(env->ctx, sizeof(int) * (size_t) n);
	UniqueSet  *sets = env->alloc(env->ctx, sizeof(UniqueSet) * (size_t) n);
	int			nsets = 0;

	*ntokens = 0;
	for (int i = 0; i < n; i++)
	{
		hashes[i] = set_hash(items[i].hashes, items[i].count) ^ (keys ? keys[i] * 0x9E3779B97F4A7C15ULL : 0);
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
				(keys == NULL || keys[other] == keys[i]) &&
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
			sets[match].key = keys ? keys[i] : 0;
			sets[match].first = i;
			sets[match].earliest_similar = -1;
			*ntokens += (size_t) items[i].count;
		}
		else if (i < sets[match].first)
			sets[match].first = i;
		set_of[i] = match;
	}

	/* number the sets in order of their first item (keyed is reused) */
	{
		UniqueSet  *renumbered = env->alloc(env->ctx, sizeof(UniqueSet) * (size_t) (nsets > 0 ? nsets : 1));
		int		   *new_id = order;	/* no longer needed */

		for (int u = 0; u < nsets; u++)
			keyed[u] = ((uint64_t) (uint32_t) sets[u].first << 32) | (uint32_t) u;
		qsort(keyed, (size_t) nsets, sizeof(uint64_t), compare_u64);
		for (int k = 0; k < nsets; k++)
		{
			int			u = (int) (uint32_t) keyed[k];

			renumbered[k] = sets[u];
			renumbered[k].parent = k;
			new_id[u] = k;
		}
		for (int i = 0; i < n; i++)
			set_of[i] = new_id[set_of[i]];
		*sets_out = renumbered;
	}
	return nsets;
}

static int
compare_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *) a;
	uint32_t	y = *(const uint32_t *) b;

	return (x > y) - (x < y);
}

/* 2. The distinct shingles, and how many distinct sets hold each. */
static void
count_frequencies(const AlEnv *env, const UniqueSet *sets, int nsets, TokenTable *t)
{
	memset(t, 0, sizeof(*t));
	grow_token_table(env, t);
	for (int u = 0; u < nsets; u++)
	{
		if ((u & 4095) == 0 && env->check_interrupts)
			env->check_interrupts(env->ctx);
		for (int j = 0; j < sets[u].count; j++)
		{
			uint32_t	token = sets[u].hashes[j];
			size_t		s = token_slot(t, token);

			if (t->number[s] == 0)
			{
				/* at most half full: probes stay short */
				if (2 * (t->ndistinct + 1) > t->mask + 1)
				{
					grow_token_table(env, t);
					s = token_slot(t, token);
				}
				t->token[s] = token;
				t->number[s] = (uint32_t) t->ndistinct + 1;
				t->distinct[t->ndistinct] = token;
				t->freq[t->ndistinct] = 0;
				t->ndistinct++;
			}
			t->freq[t->number[s] - 1]++;
		}
	}
}

/* A set's ranks, ascending: most sets are short, where insertion beats qsort. */
static void
sort_ranks(uint32_t *v, int n)
{
	if (n > 32)
	{
		qsort(v, (size_t) n, sizeof(uint32_t), compare_u32);
		return;
	}
	for (int i = 1; i < n; i++)
	{
		uint32_t	x = v[i];
		int			j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* What phase 3 builds for the join. */
typedef struct Prefixes
{
	int		   *join_order;		/* sets, smallest first */
	size_t	   *ordered_start;	/* by set */
	uint32_t   *ordered;		/* each set's tokens as global ranks (rarest first), ascending */
	Posting    *postings;		/* indexed prefixes, by token rank then join rank */
	size_t	   *posting_start;	/* by token rank */
	int			largest;
} Prefixes;

static const uint32_t *order_freq;
static const uint32_t *order_distinct;

/* Global token order: rarest first, hash to break ties. */
static int
compare_token_order(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *) a;
	uint32_t	y = *(const uint32_t *) b;

	if (order_freq[x] != order_freq[y])
		return (order_freq[x] > order_freq[y]) - (order_freq[x] < order_freq[y]);
	return (order_distinct[x] > order_distinct[y]) - (order_distinct[x] < order_distinct[y]);
}

/*
 * How many of a set's rarest tokens are indexed.  A set at least as large
 * needs the most overlap with this one when it is as large; with a need of
 * two or more, one token more is indexed, so that every pair shares two
 * prefix tokens (see join_one).
 */
static int
indexed_prefix(int count, float threshold)
{
	int			need = al_pair_min_overlap(count, count, threshold);
	int			indexed = count - need + (need >= 2 ? 2 : 1);

	return indexed < count ? indexed : count;
}

/*
 * 3. Join order; each set's tokens as ranks in the global order (its
 * probing prefix is their start), and its indexed prefix as postings.
 */
static void
build_prefixes(const AlEnv *env, const UniqueSet *sets, int nsets, size_t ntokens,
			   const TokenTable *tokens, float threshold, Prefixes *pf)
{
	size_t		ndistinct = tokens->ndistinct;
	int		   *indexed = env->alloc(env->ctx, sizeof(int) * (size_t) (nsets > 0 ? nsets : 1));
	uint32_t   *by_order = env->alloc(env->ctx, sizeof(uint32_t) * (ndistinct > 0 ? ndistinct : 1));
	uint32_t   *global_rank = env->alloc(env->ctx, sizeof(uint32_t) * (ndistinct > 0 ? ndistinct : 1));
	size_t	   *fill = env->alloc(env->ctx, sizeof(size_t) * (ndistinct > 0 ? ndistinct : 1));
	size_t		nordered = 0,
				npostings;

	pf->join_order = env->alloc(env->ctx, sizeof(int) * (size_t) (nsets > 0 ? nsets : 1));
	for (int u = 0; u < nsets; u++)
		pf->join_order[u] = u;
	order_sets = sets;
	qsort(pf->join_order, (size_t) nsets, sizeof(int), compare_join_order);

	/* the global order of the distinct tokens */
	for (size_t d = 0; d < ndistinct; d++)
		by_order[d] = (uint32_t) d;
	order_freq = tokens->freq;
	order_distinct = tokens->distinct;
	qsort(by_order, ndistinct, sizeof(uint32_t), compare_token_order);
	for (size_t k = 0; k < ndistinct; k++)
		global_rank[by_order[k]] = (uint32_t) k;

	pf->ordered_start = env->alloc(env->ctx, sizeof(size_t) * ((size_t) nsets + 1));
	pf->ordered = env->alloc(env->ctx, sizeof(uint32_t) * (ntokens > 0 ? ntokens : 1));
	pf->posting_start = env->alloc(env->ctx, sizeof(size_t) * (ndistinct + 1));
	memset(pf->posting_start, 0, sizeof(size_t) * (ndistinct + 1));
	pf->largest = 1;
	for (int u = 0; u < nsets; u++)
	{
		int			count = sets[u].count;
		uint32_t   *mine = pf->ordered + nordered;

		if (count > pf->largest)
			pf->largest = count;
		if ((u & 1023) == 0 && env->check_interrupts)
			env->check_interrupts(env->ctx);
		for (int j = 0; j < count; j++)
			mine[j] = global_rank[token_number(tokens, sets[u].hashes[j])];
		sort_ranks(mine, count);
		pf->ordered_start[u] = nordered;
		nordered += (size_t) count;
		indexed[u] = indexed_prefix(count, threshold);
		for (int j = 0; j < indexed[u]; j++)
			pf->posting_start[mine[j] + 1]++;
	}
	pf->ordered_start[nsets] = nordered;

	/* each token's list, filled in join order: sorted by rank without a sort */
	for (size_t d = 0; d < ndistinct; d++)
		pf->posting_start[d + 1] += pf->posting_start[d];
	npostings = pf->posting_start[ndistinct];
	pf->postings = env->alloc(env->ctx, sizeof(Posting) * (npostings > 0 ? npostings : 1));
	memcpy(fill, pf->posting_start, sizeof(size_t) * (ndistinct > 0 ? ndistinct : 1));
	for (int r = 0; r < nsets; r++)
	{
		int			u = pf->join_order[r];
		const uint32_t *mine = pf->ordered + pf->ordered_start[u];

		for (int j = 0; j < indexed[u]; j++)
		{
			Posting    *post = &pf->postings[fill[mine[j]]++];

			post->set = r;
			post->position = j;
			post->count = sets[u].count;
		}
	}
}

/* A similar pair of distinct sets: into the graph and the components. */
static void
record_similar(const AlEnv *env, UniqueSet *sets, AlClusterGraph *graph, int *pair_capacity,
			   AlClusterStats *stats, int u, int v)
{
	/* the later of the two records the earlier as similar */
	int			later = sets[u].first > sets[v].first ? u : v;
	int			earlier = later == u ? v : u;

	stats->similar_pairs++;
	record_pair(env, graph, pair_capacity, u, v);
	unite(sets, u, v);
	if (sets[later].earliest_similar < 0 || sets[earlier].first < sets[later].earliest_similar)
		sets[later].earliest_similar = sets[earlier].first;
}

/*
 * 4. Candidates and verification, split over threads; the similar pairs
 * they find are then united here, in the caller's thread.
 */
static int
join_sets(const AlEnv *env, UniqueSet *sets, int nsets, const Prefixes *pf, float threshold,
		  AlClusterGraph *graph, AlClusterStats *stats)
{
	uint8_t    *size_by_rank = env->alloc(env->ctx, (size_t) (nsets > 0 ? nsets : 1));
	RankedSet  *by_rank = env->alloc(env->ctx, sizeof(RankedSet) * (size_t) (nsets > 0 ? nsets : 1));
	JoinShared	js = {sets, pf->join_order, pf->ordered_start, pf->ordered, pf->posting_start,
	pf->postings, size_by_rank, by_rank, {0}, nsets, threshold, 0};
	int			nthreads = env->threads > 1 && nsets >= 1024 ? (env->threads > 8 ? 8 : env->threads) : 1;
	JoinWorker	workers[8];
	int			pair_capacity = 0;
	int			rc;

	for (int r = 0; r < nsets; r++)
	{
		int			u = pf->join_order[r];

		size_by_rank[r] = (uint8_t) (sets[u].count < 255 ? sets[u].count : 255);
		by_rank[r].key = sets[u].key;
		by_rank[r].ordered_start = pf->ordered_start[u];
		by_rank[r].count = sets[u].count;
		by_rank[r].set = u;
	}
	for (int k = 1; k < 256; k++)
		js.needs_two[k] = al_pair_min_overlap(k, k, threshold) >= 2;
	for (int w = 0; w < nthreads; w++)
	{
		memset(&workers[w], 0, sizeof(JoinWorker));
		workers[w].need_count = -1;
		workers[w].shared = &js;
		workers[w].next = w;
		workers[w].step = nthreads;
		workers[w].need_with = env->alloc(env->ctx, sizeof(int) * ((size_t) pf->largest + 1));
		workers[w].seen = env->alloc(env->ctx, (size_t) nsets);
		memset(workers[w].seen, 0, (size_t) nsets);
		workers[w].candidates = env->alloc(env->ctx, sizeof(Candidate) * (size_t) nsets);
	}
	rc = run_join(env, workers, nthreads);
	for (int w = 0; w < nthreads && rc == AL_OK; w++)
	{
		SavedPairs	current = {workers[w].pairs, workers[w].npairs, workers[w].saved};

		stats->candidates += workers[w].ncandidates;
		for (SavedPairs *block = &current; block != NULL; block = block->next)
			for (size_t k = 0; k < block->npairs; k++)
				record_similar(env, sets, graph, &pair_capacity, stats, block->pairs[2 * k], block->pairs[2 * k + 1]);
	}
	for (int w = 0; w < nthreads; w++)
		free(workers[w].pairs);
	if (rc != AL_OK)
		return rc;
	return AL_OK;
}

int
al_cluster_ex(const AlEnv *env, const AlShingles *items, const uint64_t *keys, int n,
			  float threshold, int *earliest_similar, int *component,
			  AlClusterGraph *graph, AlClusterStats *stats)
{
	int		   *set_of;
	UniqueSet  *sets;
	int			nsets;
	size_t		ntokens;
	TokenTable	tokens;
	Prefixes	pf;
	int			rc;

	memset(stats, 0, sizeof(*stats));
	if (graph != NULL)
		memset(graph, 0, sizeof(*graph));
	if (n <= 0)
		return AL_OK;

	set_of = env->alloc(env->ctx, sizeof(int) * (size_t) n);
	nsets = group_identical_sets(env, items, keys, n, set_of, &sets, &ntokens);
	stats->unique_sets = nsets;
	count_frequencies(env, sets, nsets, &tokens);
	build_prefixes(env, sets, nsets, ntokens, &tokens, threshold, &pf);
	if ((rc = join_sets(env, sets, nsets, &pf, threshold, graph, stats)) != AL_OK)
		return rc;

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
	if (graph != NULL)
	{
		graph->set_of = set_of;
		graph->nsets = nsets;
	}
	return AL_OK;
}
