/*
 * encoding.c - strict UTF-8 validation, and decoding of other encodings
 * with glibc's iconv.
 *
 * A file is taken as UTF-8 only if every byte sequence is well-formed
 * (no overlong forms, no surrogates, nothing above U+10FFFF) and it holds
 * no NUL, which PostgreSQL text cannot store.  Anything else is decoded
 * with --encoding or skipped: guessing would store mojibake.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

/* true if s[0..len) is valid UTF-8 without NUL; else *bad_offset is set */
bool
utf8_check(const char *s, size_t len, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = p[i];
		size_t		n;
		uint32_t	cp;

		if (c == 0)
			goto bad;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 4, cp = c & 0x07;
		else
			goto bad;			/* continuation byte, C0/C1 overlong lead, F5..FF */
		if (len - i < n)
			goto bad;
		for (size_t k = 1; k < n; k++)
		{
			if ((p[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (p[i + k] & 0x3F);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
			(cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
			goto bad;
		i += n;
	}
	return true;

bad:
	if (bad_offset)
		*bad_offset = i;
	return false;
}

/*
 * s[0..len) decoded from "encoding" (any name iconv knows: latin1,
 * iso-8859-1, windows-1252, ...) into a malloc'd NUL-terminated UTF-8
 * string, or NULL with a message.
 */
char *
decode_to_utf8(const char *s, size_t len, const char *encoding,
			   size_t *outlen, char *err, size_t errlen)
{
	iconv_t		cd = iconv_open("UTF-8", encoding);
	size_t		cap = len * 2 + 16;
	char	   *out;
	char	   *in = (char *) s;
	size_t		inleft = len;
	char	   *o;
	size_t		oleft;
	size_t		bad;

	if (cd == (iconv_t) -1)
	{
		snprintf(err, errlen, "unknown encoding \"%s\" (try latin1, windows-1252 or another name iconv -l lists)",
				 encoding);
		return NULL;
	}
	out = xmalloc(cap);
	o = out;
	oleft = cap - 1;
	while (inleft > 0)
	{
		if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t) -1)
			continue;
		if (errno == E2BIG)
		{
			size_t		used = o - out;

			cap *= 2;
			out = xrealloc(out, cap);
			o = out + used;
			oleft = cap - 1 - used;
			continue;
		}
		snprintf(err, errlen, "not valid %s either (byte offset %zu)", encoding, (size_t) (in - s));
		free(out);
		iconv_close(cd);
		return NULL;
	}
	iconv_close(cd);
	*o = '\0';
	*outlen = o - out;
	if (!utf8_check(out, *outlen, &bad))
	{
		snprintf(err, errlen, "decoded from %s, it holds a NUL character (PostgreSQL text cannot store it)",
				 encoding);
		free(out);
		return NULL;
	}
	return out;
}
