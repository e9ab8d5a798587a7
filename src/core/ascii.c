/*
 * ascii.c - ASCII character classes and case, whatever the locale.
 *
 * The extractors are IMMUTABLE SQL functions, so their answers must not
 * follow the database's LC_CTYPE the way <ctype.h> does: in tr_TR,
 * tolower('I') is not 'i', and "It highlights" would not match "it
 * highlights".  Their cue words and markers are English and ASCII, so
 * these classes are ASCII only; every byte of a multi-byte character is
 * outside them.  The one-byte classes are inline, in al_core.h: the
 * extractors ask them for every byte.
 */
#include "al_core.h"

/* Do a[0..n) and b[0..n) spell the same, ignoring ASCII case? */
int
al_ascii_equal_ci(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (al_ascii_lower((unsigned char) a[i]) != al_ascii_lower((unsigned char) b[i]))
			return 0;
	return 1;
}

int
al_is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
