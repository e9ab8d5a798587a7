/*
 * tokenize.c - words of a text, by ICU's word break rules.
 *
 * Segments whose rule status is UBRK_WORD_NONE (spaces, punctuation) are
 * dropped; letters, numbers, kana and ideographs are kept.  Chinese and
 * Japanese have no spaces: ICU segments them with its dictionary.
 */
#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "al_core.h"

int
al_tokenize(const AlEnv *env, const char *text, size_t len, AlSpanList *out)
{
	static _Thread_local UText ut = UTEXT_INITIALIZER;	/* reused: no allocation per call; one per thread */
	UErrorCode	status = U_ZERO_ERROR;
	UBreakIterator *bi;
	int32_t		start;
	int32_t		end;
	int64_t		chars_before = 0;
	size_t		counted_to = 0;
	int			steps = 0;

	if (len > AL_MAX_TEXT_BYTES)
		return AL_ERR_TOO_LONG;
	bi = al_word_iterator();
	if (bi == NULL)
		return AL_ERR_ICU;
	utext_openUTF8(&ut, text, (int64_t) len, &status);
	ubrk_setUText(bi, &ut, &status);
	if (U_FAILURE(status))
		return AL_ERR_ICU;

	start = ubrk_first(bi);
	for (end = ubrk_next(bi); end != UBRK_DONE; start = end, end = ubrk_next(bi))
	{
		AlSpan		span;

		if ((++steps & 1023) == 0 && env->check_interrupts)
			env->check_interrupts(env->ctx);
		if (ubrk_getRuleStatus(bi) < UBRK_WORD_NONE_LIMIT)
			continue;

		chars_before += al_count_chars(text + counted_to, (size_t) start - counted_to);
		counted_to = (size_t) start;
		span.start_byte = (size_t) start;
		span.end_byte = (size_t) end;
		span.start_char = chars_before;
		span.end_char = chars_before + al_count_chars(text + start, (size_t) (end - start));
		al_spans_push(env, out, span);
	}
	return AL_OK;
}
