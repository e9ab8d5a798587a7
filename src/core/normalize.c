/*
 * normalize.c - the normalized form claims are compared by.
 *
 * normalized = trim(collapse_whitespace(fold_punctuation(NFKC_Casefold(text))))
 *
 * NFKC_Casefold folds compatibility forms (full-width letters, ligatures),
 * case, and drops default-ignorable code points (zero-width spaces).
 * News copy differs in typography, so curly quotes and the dash family are
 * folded to their ASCII forms after that.
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "al_core.h"

/*
 * Typographic variants that rewrites and syndication swap freely.  Only
 * what NFKC_Casefold leaves alone is listed: it has already made the
 * acute accent U+00B4 a space and a combining accent, the double prime
 * U+2033 two primes (folded here to two apostrophes), and the
 * non-breaking hyphen U+2011 a hyphen U+2010.
 */
static UChar
fold_punctuation(UChar c)
{
	switch (c)
	{
		case 0x2018:			/* ‘ */
		case 0x2019:			/* ’ */
		case 0x201A:			/* ‚ */
		case 0x201B:			/* ‛ */
		case 0x2032:			/* ′ */
		case 0x02BC:			/* ʼ */
		case 0x0060:			/* ` */
			return '\'';
		case 0x201C:			/* “ */
		case 0x201D:			/* ” */
		case 0x201E:			/* „ */
		case 0x201F:			/* ‟ */
			return '"';
		case 0x2010:			/* hyphen */
		case 0x2012:			/* figure dash */
		case 0x2013:			/* en dash */
		case 0x2014:			/* em dash */
		case 0x2015:			/* horizontal bar */
		case 0x2212:			/* minus sign */
			return '-';
		default:
			return c;
	}
}

/* Fold punctuation, collapse whitespace runs to one space, trim; in place. */
static int32_t
fold_in_place(UChar *s, int32_t len)
{
	int32_t		out = 0;
	int			pending_space = 0;

	for (int32_t i = 0; i < len; i++)
	{
		UChar		c = s[i];

		/* all of Unicode's White_Space characters are in the BMP */
		if (u_isUWhiteSpace(c))
		{
			pending_space = (out > 0);
			continue;
		}
		if (pending_space)
		{
			s[out++] = ' ';
			pending_space = 0;
		}
		s[out++] = fold_punctuation(c);
	}
	return out;
}

int
al_normalize(const AlEnv *env, const char *text, size_t len,
			 char **out, size_t *out_len)
{
	UErrorCode	status = U_ZERO_ERROR;
	const UNormalizer2 *nfkc_cf;
	UChar	   *utf16;
	UChar	   *folded;
	int32_t		utf16_len;
	int32_t		folded_cap;
	int32_t		folded_len;
	int32_t		utf8_len;
	char	   *utf8;

	if (len > AL_MAX_TEXT_BYTES)
		return AL_ERR_TOO_LONG;

	/* A UTF-8 text never has more UTF-16 units than bytes. */
	utf16 = env->alloc(env->ctx, sizeof(UChar) * (len + 1));
	u_strFromUTF8(utf16, (int32_t) len + 1, &utf16_len, text, (int32_t) len, &status);
	if (U_FAILURE(status))
		return status == U_INVALID_CHAR_FOUND ? AL_ERR_ENCODING : AL_ERR_ICU;

	nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
	if (U_FAILURE(status))
		return AL_ERR_ICU;

	/* Most text keeps its length; a few code points expand, so retry once. */
	folded_cap = utf16_len + utf16_len / 4 + 16;
	folded = env->alloc(env->ctx, sizeof(UChar) * (size_t) folded_cap);
	folded_len = unorm2_normalize(nfkc_cf, utf16, utf16_len, folded, folded_cap, &status);
	if (status == U_BUFFER_OVERFLOW_ERROR)
	{
		status = U_ZERO_ERROR;
		folded_cap = folded_len + 1;
		folded = env->alloc(env->ctx, sizeof(UChar) * (size_t) folded_cap);
		folded_len = unorm2_normalize(nfkc_cf, utf16, utf16_len, folded, folded_cap, &status);
	}
	if (U_FAILURE(status))
		return AL_ERR_ICU;

	folded_len = fold_in_place(folded, folded_len);

	/* Each UTF-16 unit becomes at most three UTF-8 bytes. */
	utf8 = env->alloc(env->ctx, (size_t) folded_len * 3 + 1);
	u_strToUTF8(utf8, folded_len * 3 + 1, &utf8_len, folded, folded_len, &status);
	if (U_FAILURE(status))
		return AL_ERR_ICU;
	utf8[utf8_len] = '\0';

	*out = utf8;
	*out_len = (size_t) utf8_len;
	return AL_OK;
}

/*
 * ASCII-whitespace folding for article bodies: two bodies that differ only
 * in spacing or line breaks are the same article.  'out' needs len bytes.
 */
size_t
al_fold_whitespace(const char *text, size_t len, char *out)
{
	size_t		n = 0;
	int			pending_space = 0;

	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) text[i];

		if (al_is_ascii_space(c))
		{
			pending_space = (n > 0);
			continue;
		}
		if (pending_space)
		{
			out[n++] = ' ';
			pending_space = 0;
		}
		out[n++] = (char) c;
	}
	return n;
}
