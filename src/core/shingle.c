/*
 * shingle.c - the shingle set claims are compared by, and its similarity.
 *
 * A claim's shingles are the ICU words of its normalized form, each hashed
 * to 32 bits; the set is kept sorted and free of repeats.  A text without
 * words (only punctuation) is one shingle: the hash of its whole normalized
 * form, so no claim has an empty set.
 *
 * Single words were chosen over words plus adjacent pairs by measurement
 * (README, "Similarity"): pairs make every substituted word cost three
 * shingles instead of one, so a 15-word sentence with three words changed
 * falls below 0.7, and they multiply the index's distinct keys.  The price
 * is that word order does not count.
 *
 * Similarity is the Sorensen-Dice coefficient of two sets,
 *     2 |A n B| / (|A| + |B|),
 * over the hashes: the GIN and GiST operator classes index exactly these
 * hashes, which is what makes an index scan return what a sequential scan
 * returns.  Measurements behind the choice are in the README.
 */
#include <stdlib.h>
#include <string.h>

#include "al_core.h"

/* FNV-1a, then murmur3's finalizer for avalanche: stable across platforms */
static uint32_t
mix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bU;
	h ^= h >> 13;
	h *= 0xc2b2ae35U;
	h ^= h >> 16;
	return h;
}

uint32_t
al_hash_bytes(const char *s, size_t len)
{
	uint32_t	h = 2166136261U;

	for (size_t i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= 16777619U;
	}
	return mix32(h);
}

static int
compare_u32(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *) a;
	uint32_t	y = *(const uint32_t *) b;

	return (x > y) - (x < y);
}

/* Sort and drop repeats in place; returns the new count. */
int
al_sort_unique(uint32_t *v, int n)
{
	int			out = 0;

	if (n <= 1)
		return n;
	qsort(v, (size_t) n, sizeof(uint32_t), compare_u32);
	for (int i = 0; i < n; i++)
		if (out == 0 || v[out - 1] != v[i])
			v[out++] = v[i];
	return out;
}

int
al_shingles_from_words(const AlEnv *env, const char *norm, size_t len,
					   const AlSpanList *words, AlShingles *out)
{
	uint32_t   *v;
	int			n = 0;

	v = env->alloc(env->ctx, sizeof(uint32_t) * (size_t) (words->count > 0 ? words->count : 1));
	if (words->count == 0)
		v[n++] = al_hash_bytes(norm, len);
	for (int i = 0; i < words->count; i++)
	{
		const AlSpan *w = &words->items[i];

		v[n++] = al_hash_bytes(norm + w->start_byte, w->end_byte - w->start_byte);
	}
	out->hashes = v;
	out->count = al_sort_unique(v, n);
	return AL_OK;
}

int
al_shingles(const AlEnv *env, const char *norm, size_t len, AlShingles *out)
{
	AlSpanList	words = {0};
	int			rc = al_tokenize(env, norm, len, &words);

	if (rc != AL_OK)
		return rc;
	return al_shingles_from_words(env, norm, len, &words, out);
}

/*
 * The overlap of two sorted sets if it reaches 'need', else -1: the merge
 * stops as soon as what is left cannot make up the difference.
 */
int
al_overlap_at_least(const uint32_t *a, int na, const uint32_t *b, int nb, int need)
{
	int			i = 0,
				j = 0,
				common = 0;

	while (i < na && j < nb)
	{
		int			left = (na - i < nb - j) ? na - i : nb - j;

		if (common + left < need)
			return -1;
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			common++, i++, j++;
	}
	return common >= need ? common : -1;
}

/* Size of the intersection of two sorted sets. */
int
al_overlap(const uint32_t *a, int na, const uint32_t *b, int nb)
{
	return al_overlap_at_least(a, na, b, nb, 0);
}

float
al_dice(int common, int na, int nb)
{
	if (na + nb == 0)
		return 0.0f;
	return (float) (2.0 * common / (double) (na + nb));
}

/*
 * Every overlap bound in the project derives from the one predicate the
 * recheck applies, al_dice(c, na, nb) >= t, evaluated in the same float
 * arithmetic: a closed form with slack drifts off by one on long sets.
 * The closed form only gives a first guess; the predicate decides.
 */
static int
least_passing(int guess, int lo, int hi, int na, int nb_is_c, int nb, float threshold)
{
	int			c = guess < lo ? lo : (guess > hi + 1 ? hi + 1 : guess);

#define PASSES(k) (al_dice((k), na, nb_is_c ? (k) : nb) >= threshold)
	while (c > lo && PASSES(c - 1))
		c--;
	while (c <= hi && !PASSES(c))
		c++;
#undef PASSES
	return c;
}

/*
 * The fewest shared shingles sets of na and nb shingles need for
 * al_dice(c, na, nb) >= threshold; min(na, nb) + 1 when no overlap can.
 */
int
al_pair_min_overlap(int na, int nb, float threshold)
{
	int			most = na < nb ? na : nb;

	if (threshold <= 0.0f)
		return 0;
	return least_passing((int) ((double) threshold * ((double) na + nb) / 2.0), 1, most,
						 na, 0, nb, threshold);
}

/*
 * The fewest shared shingles a set of n needs with a set of any size: the
 * other set holds at least the c shared ones, and al_dice(c, n, m) only
 * falls as m grows, so the least c with al_dice(c, n, c) >= t.
 */
int
al_min_overlap(int n, float threshold)
{
	if (threshold <= 0.0f)
		return 0;
	return least_passing((int) ((double) threshold * n / (2.0 - (double) threshold)), 1, n,
						 n, 1, 0, threshold);
}

/* Can sets of na and nb shingles reach the threshold at all (length filter)? */
int
al_sizes_can_match(int na, int nb, float threshold)
{
	int			most = na < nb ? na : nb;

	return al_dice(most, na, nb) >= threshold;
}
