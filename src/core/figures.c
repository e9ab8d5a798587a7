/*
 * figures.c - the figures a claim states, as one key.
 *
 * "China will spend $15 billion in 2025" and "China will spend $50 billion
 * in 2030" share most words but are different statements; so are "The US
 * will ban Nvidia chips" and "The US will not ban Nvidia chips".  Duplicate
 * marking links two similar claims only when their keys are equal: the same
 * amounts (by value and currency, so "$15 billion" = "15 billion dollars"),
 * percentages, named years (and "this/last/next year") and negation.  The
 * key digests a sorted set, so order and repetition do not matter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "al_core.h"

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
	return h * 0xBF58476D1CE4E5B9ULL;
}

static uint64_t
hash_text(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char) *s) * 1099511628211ULL;
	return h;
}

/*
 * A number written as digits with an optional '.' and a power of ten, as
 * "<digits>e<exp>" with no leading or trailing zeros: 15.50 with 9 and
 * 15500 with 6 are both "155e8".
 */
static void
canonical_number(const char *digits, int exponent, char *out, size_t outsize)
{
	char		mant[80];
	size_t		m = 0;
	int			frac = 0,
				seen_point = 0;
	size_t		start = 0;

	for (const char *p = digits; *p && m < sizeof(mant) - 1; p++)
	{
		if (*p >= '0' && *p <= '9')
		{
			mant[m++] = *p;
			frac += seen_point;
		}
		else if (*p == '.')
			seen_point = 1;
	}
	mant[m] = '\0';
	exponent -= frac;
	while (m > 0 && mant[m - 1] == '0')
		mant[--m] = '\0', exponent++;
	while (start < m && mant[start] == '0')
		start++;
	if (start == m)
		snprintf(out, outsize, "0");
	else
		snprintf(out, outsize, "%se%d", mant + start, exponent);
}

static int
compare_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *) a;
	uint64_t	y = *(const uint64_t *) b;

	return (x > y) - (x < y);
}

int
al_figure_key(const AlEnv *env, const char *text, size_t len, uint64_t *key)
{
	AlAmountList amounts = {0};
	AlTimeList	times = {0};
	AlModality	modality;
	uint64_t   *parts;
	int			nparts = 0;
	uint64_t	h = 0x2545F4914F6CDD1DULL;
	int			rc;

	if ((rc = al_find_amounts(env, text, len, &amounts)) != AL_OK ||
		(rc = al_find_times(env, text, len, &times)) != AL_OK ||
		(rc = al_modality(text, len, &modality)) != AL_OK)
		return rc;

	parts = env->alloc(env->ctx, sizeof(uint64_t) * (size_t) (amounts.count + times.count + 1));
	for (int i = 0; i < amounts.count; i++)
	{
		const AlAmount *a = &amounts.items[i];
		char		low[96],
					high[96];

		canonical_number(a->low, a->exponent, low, sizeof(low));
		canonical_number(a->high, a->exponent, high, sizeof(high));
		parts[nparts++] = mix(mix(mix(hash_text(a->is_percentage ? "%" : a->currency), hash_text(low)),
								  a->high[0] ? hash_text(high) : 0), 1);
	}
	for (int i = 0; i < times.count; i++)
	{
		const AlTime *t = &times.items[i];

		/* durations ("three years") are not figures of the statement's identity */
		if (t->kind == AL_TIME_YEAR)
			parts[nparts++] = mix(2, (uint64_t) (int64_t) t->year);
		else if (t->kind == AL_TIME_RELATIVE)
			parts[nparts++] = mix(3, (uint64_t) (int64_t) t->offset);
	}
	qsort(parts, (size_t) nparts, sizeof(uint64_t), compare_u64);
	for (int i = 0; i < nparts; i++)
		if (i == 0 || parts[i] != parts[i - 1])
			h = mix(h, parts[i]);
	*key = mix(h, modality.negated ? 0x6E6567ULL : 0);
	return AL_OK;
}
