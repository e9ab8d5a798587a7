/*
 * fuzz_claim_recv.c - libFuzzer target: what claim_recv does with the bytes
 * of the binary form, in the core: al_utf8_check decides, then the accepted
 * text is normalized as claim_from_cstring does.
 *
 * The check must agree with a reference decoder written here from RFC 3629
 * (no overlong forms, no surrogates, nothing above U+10FFFF) plus the
 * server's rule that text holds no NUL; whatever it accepts, ICU accepts.
 */
#include "fuzz_common.h"

static int
reference_valid(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		uint32_t	c = s[i];
		int			n;
		uint32_t	min;

		if (c == 0)
			return 0;
		if (c < 0x80)
		{
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0)
			n = 1, min = 0x80, c &= 0x1F;
		else if ((c & 0xF0) == 0xE0)
			n = 2, min = 0x800, c &= 0x0F;
		else if ((c & 0xF8) == 0xF0)
			n = 3, min = 0x10000, c &= 0x07;
		else
			return 0;
		if (len - i <= (size_t) n)
			return 0;
		for (int k = 1; k <= n; k++)
		{
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			c = (c << 6) | (s[i + k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *payload = (const char *) data;
	int			valid = al_utf8_check(payload, size) == AL_OK;

	FUZZ_CHECK(valid == reference_valid(data, size));
	if (valid)
	{
		char	   *norm;
		size_t		norm_len;

		FUZZ_CHECK(al_normalize(&fuzz_env, payload, size, &norm, &norm_len) == AL_OK);
		FUZZ_CHECK(memchr(norm, '\0', norm_len) == NULL);
	}
	fuzz_reset();
	return 0;
}
