/*
 * fuzz_core.c - libFuzzer harness for the language core.
 *
 * Build and run:  make fuzz   (clang -fsanitize=fuzzer,address,undefined)
 *
 * Feeds arbitrary bytes to the normalizer, the sentence segmenter, the
 * tokenizer, the shingles and the extractors (amounts, times, modality,
 * gazetteer matching) and checks what the server relies on: spans lie
 * inside the text, in order, on character boundaries; normalization is
 * idempotent (a normalized claim re-read is equal to itself); every
 * claim has at least one shingle.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "al_core.h"

/* An arena freed after every input, as a memory context is. */
static void **blocks;
static size_t nblocks, capblocks;

static void *
arena_alloc(void *ctx, size_t size)
{
	void	   *p;

	(void) ctx;
	if (nblocks == capblocks)
	{
		capblocks = capblocks ? capblocks * 2 : 64;
		blocks = realloc(blocks, capblocks * sizeof(void *));
		if (blocks == NULL)
			abort();
	}
	p = malloc(size ? size : 1);
	if (p == NULL)
		abort();
	blocks[nblocks++] = p;
	return p;
}

static void
arena_reset(void)
{
	for (size_t i = 0; i < nblocks; i++)
		free(blocks[i]);
	nblocks = 0;
}

static const AlEnv env = {arena_alloc, NULL, NULL};

static void
check_spans(const char *text, size_t len, const AlSpanList *list)
{
	size_t		previous_end = 0;
	int64_t		previous_end_char = 0;

	for (int i = 0; i < list->count; i++)
	{
		const AlSpan *s = &list->items[i];

		if (s->start_byte < previous_end || s->end_byte <= s->start_byte || s->end_byte > len)
			abort();
		if (s->start_char < previous_end_char || s->end_char <= s->start_char)
			abort();
		/* spans start and end on character boundaries */
		if (((unsigned char) text[s->start_byte] & 0xC0) == 0x80)
			abort();
		if (s->end_byte < len && ((unsigned char) text[s->end_byte] & 0xC0) == 0x80)
			abort();
		previous_end = s->end_byte;
		previous_end_char = s->end_char;
	}
}

/* Spans that only need to lie inside the text (they may overlap). */
static void
check_inside(size_t len, AlSpan span)
{
	if (span.start_byte > span.end_byte || span.end_byte > len || span.start_char > span.end_char)
		abort();
}

static const AlAliasInput fuzz_aliases[] = {
	{1, "China", 5}, {2, "US", 2}, {2, "U.S.", 4}, {3, "Ant Group Co.", 13}, {4, "Xi", 2},
	{5, "\xE4\xB8\xAD\xE5\x9B\xBD", 6},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;
	char	   *norm;
	size_t		norm_len;
	AlSpanList	sentences = {0};
	AlSpanList	words = {0};

	if (al_normalize(&env, text, size, &norm, &norm_len) == AL_OK)
	{
		char	   *again;
		size_t		again_len;

		/* the text is valid UTF-8: segment it and check the spans */
		if (al_normalize(&env, norm, norm_len, &again, &again_len) != AL_OK ||
			again_len != norm_len || memcmp(again, norm, norm_len) != 0)
			abort();
		if (al_segment_sentences(&env, text, size, &sentences) != AL_OK)
			abort();
		check_spans(text, size, &sentences);
		if (al_tokenize(&env, norm, norm_len, &words) != AL_OK)
			abort();
		check_spans(norm, norm_len, &words);
		if (norm_len > 0)
		{
			AlShingles	sh;

			if (al_shingles(&env, norm, norm_len, &sh) != AL_OK || sh.count < 1)
				abort();
		}
		{
			AlAmountList amounts = {0};
			AlTimeList	times = {0};
			AlModality	modality;
			AlMentionList mentions = {0};
			AlGazetteer *g;

			al_find_amounts(&env, text, size, &amounts);
			for (int i = 0; i < amounts.count; i++)
				check_inside(size, amounts.items[i].span);
			al_find_times(&env, text, size, &times);
			for (int i = 0; i < times.count; i++)
				check_inside(size, times.items[i].span);
			al_modality(text, size, &modality);
			check_inside(size, modality.attribution);
			if (al_gazetteer_build(&env, fuzz_aliases, sizeof(fuzz_aliases) / sizeof(fuzz_aliases[0]), &g) != AL_OK ||
				al_match_entities(&env, g, text, size, &mentions) != AL_OK)
				abort();
			for (int i = 0; i < mentions.count; i++)
				check_inside(size, mentions.items[i].span);
		}
	}
	arena_reset();
	return 0;
}
