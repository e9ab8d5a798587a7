/*
 * spans.c - growable span lists and small UTF-8 helpers for the core.
 */
#include <string.h>

#include "al_core.h"

void
al_spans_push(const AlEnv *env, AlSpanList *list, AlSpan span)
{
	if (list->count == list->capacity)
	{
		int			newcap = list->capacity ? list->capacity * 2 : 16;
		AlSpan	   *grown = env->alloc(env->ctx, sizeof(AlSpan) * (size_t) newcap);

		/* the old array belongs to the caller's allocator; it is not freed */
		if (list->count > 0)
			memcpy(grown, list->items, sizeof(AlSpan) * (size_t) list->count);
		list->items = grown;
		list->capacity = newcap;
	}
	list->items[list->count++] = span;
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
