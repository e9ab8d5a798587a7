/*
 * icu_cache.c - break iterators opened once per process.
 *
 * Opening an ICU break iterator loads and compiles rules; doing it per row
 * costs more than the segmentation itself.  The iterators are only ever
 * re-pointed at new text with ubrk_setUText, which fully resets their
 * state, so an ERROR that unwinds in the middle of a scan leaves nothing
 * behind that the next call could trip over.
 *
 * An iterator must not be used by two threads at once, so each thread has
 * its own; a thread other than the backend's closes them when it is done.
 */
#include <unicode/ubrk.h>

#include "al_core.h"

static _Thread_local UBreakIterator *sentence_iter;
static _Thread_local UBreakIterator *word_iter;

static UBreakIterator *
open_iterator(UBreakIteratorType type, const char *locale)
{
	UErrorCode	status = U_ZERO_ERROR;
	UBreakIterator *bi = ubrk_open(type, locale, NULL, 0, &status);

	if (U_FAILURE(status))
		return NULL;
	return bi;
}

UBreakIterator *
al_sentence_iterator(void)
{
	if (sentence_iter == NULL)
		sentence_iter = open_iterator(UBRK_SENTENCE, "en");
	return sentence_iter;
}

/* The root locale: ICU's dictionary segmentation of CJK does not depend on it. */
UBreakIterator *
al_word_iterator(void)
{
	if (word_iter == NULL)
		word_iter = open_iterator(UBRK_WORD, "");
	return word_iter;
}

/* Close the calling thread's iterators (threads that end; not the backend's). */
void
al_icu_release_thread(void)
{
	if (sentence_iter != NULL)
		ubrk_close(sentence_iter);
	if (word_iter != NULL)
		ubrk_close(word_iter);
	sentence_iter = NULL;
	word_iter = NULL;
}
