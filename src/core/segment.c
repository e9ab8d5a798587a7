/*
 * segment.c - split a text into sentences.
 *
 * ICU's sentence rules (UAX #29) do the work: they end sentences at . ! ?
 * and at CJK 。！？, and treat every line break as a paragraph end, so a
 * blank line always ends a sentence.  They do not know abbreviations that
 * are followed by a capitalised word ("Mr. Li", "the U.S. Treasury"), so a
 * break that follows one of the project's abbreviations is suppressed.
 * Lowercase continuations ("Ant Group Co. to break"), numbers ("$15.5") and
 * "No. 1" are already kept together by ICU's own rules.
 */
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "al_core.h"

/*
 * Abbreviations after which a period does not end a sentence.  Dotted
 * initialisms ("U.S.", "e.g.", "U.S.A.") and single capital initials
 * ("George W. Bush") are recognised by shape, so they are not listed.
 */
static const char *const abbreviations[] = {
	"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Sr.", "Jr.", "St.", "Mt.",
	"Gen.", "Gov.", "Sen.", "Rep.", "Rev.", "Capt.", "Lt.", "Col.", "Sgt.",
	"Pres.", "Amb.", "Hon.",
	"Co.", "Corp.", "Inc.", "Ltd.", "Bros.", "Cos.", "Dept.", "Univ.",
	"No.", "Nos.", "Vol.", "vs.", "approx.", "cf.", "Fig.", "est.",
	"Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep.", "Sept.",
	"Oct.", "Nov.", "Dec.",
};

static int
is_ascii_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "U.S.", "e.g.", "U.S.A." and capital initials such as "W." */
static int
is_dotted_initialism(const char *w, size_t n)
{
	if (n == 2)
		return w[0] >= 'A' && w[0] <= 'Z' && w[1] == '.';
	if (n < 4 || n % 2 != 0)
		return 0;
	for (size_t i = 0; i < n; i += 2)
		if (!is_ascii_alpha((unsigned char) w[i]) || w[i + 1] != '.')
			return 0;
	return 1;
}

/* Does text[0..len), once trailing spaces are dropped, end in an abbreviation? */
static int
ends_with_abbreviation(const char *text, size_t len)
{
	size_t		end = len;
	size_t		start;

	while (end > 0 && al_is_ascii_space((unsigned char) text[end - 1]))
		end--;
	if (end == 0 || text[end - 1] != '.')
		return 0;
	start = end - 1;
	while (start > 0 && !al_is_ascii_space((unsigned char) text[start - 1]))
		start--;
	/* "(e.g." and "\"Mr." : opening punctuation is not part of the word */
	while (start < end && strchr("([{\"'", text[start]) != NULL)
		start++;

	if (is_dotted_initialism(text + start, end - start))
		return 1;
	for (size_t i = 0; i < sizeof(abbreviations) / sizeof(abbreviations[0]); i++)
	{
		size_t		alen = strlen(abbreviations[i]);

		if (alen == end - start && memcmp(text + start, abbreviations[i], alen) == 0)
			return 1;
	}
	return 0;
}

/*
 * Characters that normalize to nothing: white space, and default-ignorable
 * code points such as zero-width spaces (NFKC_Casefold drops those).  A
 * sentence made only of them would become an empty, invalid claim.
 */
static int
is_invisible(UChar32 c)
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
		if (!is_invisible(c))
			break;
		*start = (size_t) i;
	}
	while (*end > *start)
	{
		int32_t		i = (int32_t) *end;
		UChar32		c;

		U8_PREV(text, (int32_t) *start, i, c);
		if (!is_invisible(c))
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

int
al_segment_sentences(const AlEnv *env, const char *text, size_t len,
					 AlSpanList *out)
{
	static UText ut = UTEXT_INITIALIZER;	/* reused: no allocation per call */
	UErrorCode	status = U_ZERO_ERROR;
	UBreakIterator *bi;
	CharCursor	cursor = {text, 0, 0};
	size_t		sentence_start = 0;
	int32_t		boundary;
	int			steps = 0;

	if (len > AL_MAX_TEXT_BYTES)
		return AL_ERR_TOO_LONG;
	bi = al_sentence_iterator();
	if (bi == NULL)
		return AL_ERR_ICU;
	utext_openUTF8(&ut, text, (int64_t) len, &status);
	ubrk_setUText(bi, &ut, &status);
	if (U_FAILURE(status))
		return AL_ERR_ICU;

	for (boundary = ubrk_next(bi); boundary != UBRK_DONE; boundary = ubrk_next(bi))
	{
		size_t		end = (size_t) boundary;
		size_t		start = sentence_start;
		int			ended_by_terminator = ubrk_getRuleStatus(bi) < UBRK_SENTENCE_TERM_LIMIT;

		if ((++steps & 1023) == 0 && env->check_interrupts)
			env->check_interrupts(env->ctx);

		if (ended_by_terminator && end < len &&
			ends_with_abbreviation(text + start, end - start))
			continue;			/* "Mr. | Li": keep going */

		sentence_start = end;
		trim_invisible(text, &start, &end);
		if (start == end)
			continue;
		{
			AlSpan		span;

			span.start_byte = start;
			span.end_byte = end;
			span.start_char = char_offset(&cursor, start);
			span.end_char = char_offset(&cursor, end);
			al_spans_push(env, out, span);
		}
	}
	return AL_OK;
}
