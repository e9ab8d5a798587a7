/*
 * segment.c - split a text into sentences.
 *
 * Three steps, each linear in the text:
 *  1. segment_lines.c turns line breaks inside paragraphs (hard-wrapped
 *     text) into spaces, in a copy with the same byte positions;
 *  2. ICU's sentence rules (UAX #29) propose breaks: at . ! ? and CJK 。！？,
 *     and at every remaining line break;
 *  3. segment_rules.c keeps, drops or moves each break ICU proposes after a
 *     terminator (abbreviations, initials, list markers, ellipses, names
 *     with "!"), and list items written on one line are split apart.
 * Spans point into the original text, line breaks included.
 */
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "al_core.h"

/*
 * Characters that normalize to nothing: white space, and default-ignorable
 * code points such as zero-width spaces (NFKC_Casefold drops those).  A
 * sentence made only of them would become an empty, invalid claim.
 */
int
al_is_invisible(int32_t c)
{
	return u_isUWhiteSpace(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

/* Narrow [*start, *end) to exclude leading and trailing invisible characters. */
static void
trim_invisible(const char *text, size_t *start, size_t *end)
{
	while (*start < *end)
	{
		int32_t		i = (int32_t) *start;
		UChar32		c;

		U8_NEXT(text, i, (int32_t) *end, c);
		if (!al_is_invisible(c))
			break;
		*start = (size_t) i;
	}
	while (*end > *start)
	{
		int32_t		i = (int32_t) *end;
		UChar32		c;

		U8_PREV(text, (int32_t) *start, i, c);
		if (!al_is_invisible(c))
			break;
		*end = (size_t) i;
	}
}

/* Keeps byte and character positions in step as spans move forward. */
typedef struct CharCursor
{
	const char *text;
	size_t		byte;
	int64_t		chr;
} CharCursor;

static int64_t
char_offset(CharCursor *cur, size_t byte)
{
	cur->chr += al_count_chars(cur->text + cur->byte, byte - cur->byte);
	cur->byte = byte;
	return cur->chr;
}

/* Append text[start, end) as a sentence, unless it is only invisible characters. */
static void
push_sentence(const AlEnv *env, const char *text, size_t start, size_t end,
			  CharCursor *cursor, AlSpanList *out)
{
	AlSpan		span;

	trim_invisible(text, &start, &end);
	if (start == end)
		return;
	span.start_byte = start;
	span.end_byte = end;
	span.start_char = char_offset(cursor, start);
	span.end_char = char_offset(cursor, end);
	al_spans_push(env, out, span);
}

/*
 * A segment between two breaks, split where a sentence starts that ICU
 * passed over: list items on one line ("1) first 2) second"), "risks. (a)".
 */
static void
push_items(const AlEnv *env, const char *text, const char *work, size_t start, size_t end,
		   CharCursor *cursor, AlSpanList *out)
{
	size_t		next;

	while ((next = al_next_sentence_start(work, start, end)) < end)
	{
		push_sentence(env, text, start, next, cursor, out);
		start = next;
	}
	push_sentence(env, text, start, end, cursor, out);
}

int
al_segment_sentences(const AlEnv *env, const char *text, size_t len,
					 AlSpanList *out)
{
	static _Thread_local UText ut = UTEXT_INITIALIZER;	/* reused: no allocation per call; one per thread */
	UErrorCode	status = U_ZERO_ERROR;
	UBreakIterator *bi;
	CharCursor	cursor = {text, 0, 0};
	const char *work;
	size_t		sentence_start = 0;
	size_t		previous = 0;
	int32_t		boundary;
	int			steps = 0;

	if (len > AL_MAX_TEXT_BYTES)
		return AL_ERR_TOO_LONG;
	bi = al_sentence_iterator();
	if (bi == NULL)
		return AL_ERR_ICU;
	work = al_unwrap_lines(env, text, len);
	if (work == NULL)
		work = text;
	utext_openUTF8(&ut, work, (int64_t) len, &status);
	ubrk_setUText(bi, &ut, &status);
	if (U_FAILURE(status))
		return AL_ERR_ICU;

	for (boundary = ubrk_next(bi); boundary != UBRK_DONE; boundary = ubrk_next(bi))
	{
		size_t		end = (size_t) boundary;
		size_t		lower = previous;

		if ((++steps & 1023) == 0 && env->check_interrupts)
			env->check_interrupts(env->ctx);
		previous = end;
		if (end < len && ubrk_getRuleStatus(bi) < UBRK_SENTENCE_TERM_LIMIT)
		{
			size_t		moved = end;

			switch (al_sentence_break(work, len, sentence_start, lower, end, &moved))
			{
				case AL_BREAK_SUPPRESS:
					continue;	/* "Mr. | Li": keep going */
				case AL_BREAK_MOVE:
					end = moved;	/* "compounds. | . . . The ..." */
					break;
				default:
					break;
			}
		}
		/* after a move, the rest up to the boundary opens the next sentence */
		push_items(env, text, work, sentence_start, end, &cursor, out);
		sentence_start = end;
	}
	return AL_OK;
}
