/*
 * fuzz_common.h - what every libFuzzer target of the language core shares.
 *
 * An arena allocator freed after every input (as a memory context is), a
 * strict UTF-8 gate (the server only ever hands the core valid UTF-8), and
 * the span checks the server relies on.  A failed check calls abort(), so
 * libFuzzer records the input as a crash.
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "al_core.h"

static void **fuzz_blocks;
static size_t fuzz_nblocks,
			fuzz_capblocks;

static void *
fuzz_alloc(void *ctx, size_t size)
{
	void	   *p;

	(void) ctx;
	if (fuzz_nblocks == fuzz_capblocks)
	{
		fuzz_capblocks = fuzz_capblocks ? fuzz_capblocks * 2 : 64;
		fuzz_blocks = realloc(fuzz_blocks, fuzz_capblocks * sizeof(void *));
		if (fuzz_blocks == NULL)
			abort();
	}
	p = malloc(size ? size : 1);
	if (p == NULL)
		abort();
	fuzz_blocks[fuzz_nblocks++] = p;
	return p;
}

/* Free everything the last input allocated. */
static void
fuzz_reset(void)
{
	for (size_t i = 0; i < fuzz_nblocks; i++)
		free(fuzz_blocks[i]);
	fuzz_nblocks = 0;
}

static const AlEnv fuzz_env = {fuzz_alloc, NULL, NULL};

#define FUZZ_CHECK(cond) do { if (!(cond)) abort(); } while (0)

/* Spans in order, not overlapping, non-empty, inside the text, on character boundaries. */
static void
fuzz_check_spans(const char *text, size_t len, const AlSpanList *list)
{
	size_t		previous_end = 0;
	int64_t		previous_end_char = 0;

	for (int i = 0; i < list->count; i++)
	{
		const AlSpan *s = &list->items[i];

		FUZZ_CHECK(s->start_byte >= previous_end && s->end_byte > s->start_byte && s->end_byte <= len);
		FUZZ_CHECK(s->start_char >= previous_end_char && s->end_char > s->start_char);
		FUZZ_CHECK(((unsigned char) text[s->start_byte] & 0xC0) != 0x80);
		FUZZ_CHECK(s->end_byte == len || ((unsigned char) text[s->end_byte] & 0xC0) != 0x80);
		previous_end = s->end_byte;
		previous_end_char = s->end_char;
	}
}

/*
 * A span that only needs to lie inside the text (extractor matches may
 * overlap); its character offsets must agree with its bytes.
 */
static void
fuzz_check_inside(const char *text, size_t len, AlSpan span)
{
	FUZZ_CHECK(span.start_byte <= span.end_byte && span.end_byte <= len);
	FUZZ_CHECK(span.start_char <= span.end_char);
	FUZZ_CHECK(span.end_char - span.start_char ==
			   al_count_chars(text + span.start_byte, span.end_byte - span.start_byte));
}

#endif							/* FUZZ_COMMON_H */
