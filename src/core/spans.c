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

/*
 * The span of text[start, end), with its character offsets.  It counts
 * from the start of the text: a loop that makes many spans of one text
 * uses an AlCharCursor instead, or it is quadratic.
 */
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

/* A cursor at the start of a text: byte 0 is character 0. */
void
al_cursor_init(AlCharCursor *cur, const char *text)
{
	cur->text = text;
	cur->byte = 0;
	cur->chr = 0;
}

/*
 * The character offset of a byte offset, counted from where the cursor
 * was: a scan that moves forward counts each byte once.
 */
int64_t
al_cursor_char(AlCharCursor *cur, size_t byte)
{
	if (byte >= cur->byte)
		cur->chr += al_count_chars(cur->text + cur->byte, byte - cur->byte);
	else
		cur->chr -= al_count_chars(cur->text + byte, cur->byte - byte);
	cur->byte = byte;
	return cur->chr;
}

/* al_span_of through a cursor. */
AlSpan
al_cursor_span(AlCharCursor *cur, size_t start, size_t end)
{
	AlSpan		span;

	span.start_byte = start;
	span.end_byte = end;
	span.start_char = al_cursor_char(cur, start);
	span.end_char = al_cursor_char(cur, end);
	return span;
}

/*
 * Called once per iteration of a long loop; lets the caller check for
 * interrupts (cancel, statement_timeout) every 1024 iterations.
 */
void
al_loop_tick(const AlEnv *env, unsigned *steps)
{
	if ((++*steps & 1023) == 0 && env != NULL && env->check_interrupts != NULL)
		env->check_interrupts(env->ctx);
}
