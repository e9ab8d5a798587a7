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

/* The key of a text that states no figure and is not negated. */
#define PLAIN_KEY 0x2545F4914F6CDD1DULL

/*
 * Most sentences name no figure: without a digit, the word "year" or a
 * negation cue the extractors cannot find anything, so skip them.  The test
 * is conservative: anything it lets through gets the full extraction.
 */
static int
may_state_figures(const char *text, size_t len)
{
	static const char *const cues[] = {"not", "no", "never", "cannot", "neither", "nor"};
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = (unsigned char) text[i];

		if (al_ascii_is_digit(c))
			return 1;
		if (al_ascii_is_alpha(c))
		{
			size_t		start = i;

			while (i < len && (al_ascii_is_alpha((unsigned char) text[i]) || text[i] == '\''))
				i++;
			if (i - start >= 3 && al_ascii_lower(text[i - 3]) == 'n' && text[i - 2] == '\'' && al_ascii_lower(text[i - 1]) == 't')
				return 1;
			for (size_t k = 0; k + 4 <= i - start; k++)
				if (al_ascii_lower(text[start + k]) == 'y' && al_ascii_lower(text[start + k + 1]) == 'e' &&
					al_ascii_lower(text[start + k + 2]) == 'a' && al_ascii_lower(text[start + k + 3]) == 'r')
					return 1;
			for (size_t k = 0; k < sizeof(cues) / sizeof(cues[0]); k++)
			{
				size_t		n = strlen(cues[k]);
				size_t		j = 0;

				if (n != i - start)
					continue;
				while (j < n && al_ascii_lower(text[start + j]) == cues[k][j])
					j++;
				if (j == n)
					return 1;
			}
			continue;
		}
		i++;
	}
	return 0;
}

int
al_figure_key(const AlEnv *env, const char *text, size_t len, uint64_t *key)
{
	AlAmountList amounts = {0};
	AlTimeList	times = {0};
	AlModality	modality;
	uint64_t   *parts;
	int			nparts = 0;
	uint64_t	h = PLAIN_KEY;
	int			rc;

	if (!may_state_figures(text, len))
	{
		*key = mix(h, 0);		/* what the full path gives for no figure, not negated */
		return AL_OK;
	}
	if ((rc = al_find_amounts(env, text, len, &amounts)) != AL_OK ||
		(rc = al_find_times(env, text, len, &times)) != AL_OK ||
		(rc = al_modality_env(env, text, len, &modality)) != AL_OK)
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
