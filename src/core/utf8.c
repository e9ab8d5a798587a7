/*
 * utf8.c - strict UTF-8 validation for bytes that arrive from outside:
 * the binary form of a claim (claim_recv) is checked here, so that the
 * fuzzer (fuzz/fuzz_claim_recv.c) exercises the very decision the server
 * makes.
 */
#include "al_core.h"

/*
 * AL_OK if text[0, len) is well-formed UTF-8 (RFC 3629: shortest form, no
 * surrogates, nothing above U+10FFFF) and holds no NUL, which a PostgreSQL
 * text value never does; AL_ERR_ENCODING otherwise.
 */
int
al_utf8_check(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *) text;
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		unsigned char lo = 0x80,
					hi = 0xBF;		/* allowed range of the second byte */
		size_t		n;

		if (c >= 0x01 && c <= 0x7F)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF)
		{
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;		/* overlong */
			else if (c == 0xED)
				hi = 0x9F;		/* surrogates */
		}
		else if (c >= 0xF0 && c <= 0xF4)
		{
			n = 3;
			if (c == 0xF0)
				lo = 0x90;		/* overlong */
			else if (c == 0xF4)
				hi = 0x8F;		/* above U+10FFFF */
		}
		else
			return AL_ERR_ENCODING;	/* NUL, a continuation byte, C0, C1, F5-FF */
		if (len - i <= n || s[i + 1] < lo || s[i + 1] > hi)
			return AL_ERR_ENCODING;
		for (size_t k = 2; k <= n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return AL_ERR_ENCODING;
		i += n + 1;
	}
	return AL_OK;
}
