/*
 * word_order.c - prefix filtering over a fixed global word order.
 *
 * A GIN index over every word of every claim must, for each query, read
 * the posting lists of many frequent words, and those lists grow with the
 * table.  Prefix filtering avoids that: order all words by a fixed global
 * order, rarest first; then two sets that share k words have their first
 * shared word within the first n - k + 1 words of each.  A row that must be
 * found by every query at a threshold of at least t_min shares at least
 * al_min_overlap(n, t_min) words with it, so indexing its first
 * n - al_min_overlap(n, t_min) + 1 words ("its prefix") is enough, and the
 * words a row leaves out are its most frequent ones.
 *
 * The order: words a vocabulary ranks (rank 1 = most frequent) come last,
 * most frequent at the very end; words it does not rank are rarer than all
 * of them and are ordered by hash.  Any fixed order is exact; a vocabulary
 * taken from the data only makes the prefixes rare, hence the lists short.
 */
#include <stdlib.h>
#include <string.h>

#include "al_core.h"

uint64_t
al_word_order_key(const AlVocabulary *vocabulary, uint32_t hash)
{
	int			lo = 0,
				hi = vocabulary ? vocabulary->count - 1 : -1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		uint32_t	h = vocabulary->hashes[mid];

		if (h == hash)
			return ((uint64_t) 1 << 32) | (uint32_t) (UINT32_MAX - vocabulary->ranks[mid]);
		if (h < hash)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return hash;
}

typedef struct KeyedHash
{
	uint64_t	key;
	uint32_t	hash;
} KeyedHash;

static int
compare_keyed(const void *a, const void *b)
{
	const KeyedHash *x = (const KeyedHash *) a;
	const KeyedHash *y = (const KeyedHash *) b;

	/* a total order: equal keys (equal ranks) are ordered by hash */
	if (x->key != y->key)
		return (x->key > y->key) - (x->key < y->key);
	return (x->hash > y->hash) - (x->hash < y->hash);
}

void
al_order_words(const AlEnv *env, const AlVocabulary *vocabulary, const uint32_t *hashes, int n,
			   uint32_t *out)
{
	KeyedHash  *v = env->alloc(env->ctx, sizeof(KeyedHash) * (size_t) (n > 0 ? n : 1));

	for (int i = 0; i < n; i++)
	{
		v[i].hash = hashes[i];
		v[i].key = al_word_order_key(vocabulary, hashes[i]);
	}
	qsort(v, (size_t) n, sizeof(KeyedHash), compare_keyed);
	for (int i = 0; i < n; i++)
		out[i] = v[i].hash;
}

/*
 * How many of its n words (in the global order) a row indexes so that every
 * query at a threshold of at least min_threshold finds it: all but its
 * al_min_overlap(n, min_threshold) - 1 most frequent words, and never more
 * than AL_MAX_LEFT_OUT left out.  Indexing more than the prefix is always
 * exact; the cap keeps what a query can count on for long rows: of the words
 * a long row shares with a query, all but AL_MAX_LEFT_OUT are indexed.
 * (Without it, a 60-word row at 0.5 indexes 41 of its words, and a query
 * could only ask for one shared word, which thousands of rows have.)
 */
int
al_indexed_prefix(int n, float min_threshold)
{
	int			left_out = al_min_overlap(n, min_threshold) - 1;

	if (left_out > AL_MAX_LEFT_OUT)
		left_out = AL_MAX_LEFT_OUT;
	if (left_out < 0)
		left_out = 0;
	return n - left_out;
}

/*
 * A query of n words at a threshold: how many of its words, in the global
 * order, can hold the first word it shares with a matching row (its probe
 * prefix), and how many of its words a matching row must have among its own
 * indexed words.  Of the k >= al_pair_min_overlap words a row of size m
 * shares with the query, at most m - al_indexed_prefix(m) are left out of
 * the row's index; the least of k minus that over every size m that can
 * match is the count a row must reach.
 */
void
al_prefix_query_bounds(int n, float threshold, float min_threshold, int *probe_prefix, int *needed)
{
	int			least = n;
	double		most_size;

	*probe_prefix = n - al_min_overlap(n, threshold) + 1;
	if (*probe_prefix > n)
		*probe_prefix = n;
	/* sizes above n (2 - t) / t cannot reach t with n words */
	most_size = threshold > 0.0f ? (double) n * (2.0 - threshold) / threshold + 1.0 : (double) n;
	for (int m = 1; m <= (int) most_size && least > 1; m++)
	{
		int			k,
					left_out;

		if (!al_sizes_can_match(n, m, threshold))
			continue;
		left_out = m - al_indexed_prefix(m, min_threshold);
		k = al_pair_min_overlap(n, m, threshold) - left_out;
		if (k < least)
			least = k;
		/* larger sizes leave out no more, and need no fewer shared words */
		if (left_out == AL_MAX_LEFT_OUT)
			break;
	}
	*needed = least < 1 ? 1 : least;
}
