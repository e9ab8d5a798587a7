/*
 * spans.c - growable span lists and small UTF-8 helpers for the core.
 */
#include <string.h>

#include "al_core.h"

/*
 * Room for one more item in a growable array of any element type: the
 * array doubles when full.  The old array belongs to the caller's
 * allocator (a memory context in the server); it is not freed.
 */
void *
al_grow(const AlEnv *env, void *items, int count, int *capacity, size_t item_size)
{
	void	   *grown;

	if (count < *capacity)
		return items;
	*capacity = *capacity ? *capacity * 2 : 16;
	grown = env->alloc(env->ctx, item_size * (size_t) *capacity);
	if (count > 0)
		memcpy(grown, items, item_size * (size_t) count);
	return grown;
}

void
al_spans_push(const AlEnv *env, AlSpanList *list, AlSpan span)
{
	list->items = al_grow(env, list->items, list->count, &list->capacity, sizeof(AlSpan));
	list->items[list->count++] = span;
}

/* The span of text[start, end), with its character offsets. */
AlSpan
al_span_of(const char *text, size_t start, size_t end)
{
	AlSpan		span;

	span.start_byte = start;
	span.end_byte = end;
	span.start_char = al_count_chars(text, start);
	span.end_char = span.start_char + al_count_chars(text + start, end - start);
	return span;
}

/* Number of code points in valid UTF-8: count the non-continuation bytes. */
int64_t
al_count_chars(const char *text, size_t len)
{
	int64_t		n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char) text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

int
al_is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
