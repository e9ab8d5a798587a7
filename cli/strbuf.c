/*
 * strbuf.c - allocation that never returns NULL, and a growing byte buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "load.h"

void *
xmalloc(size_t n)
{
	void	   *p = malloc(n ? n : 1);

	if (p == NULL)
	{
		fprintf(stderr, "ai-landscape-load: out of memory\n");
		exit(2);
	}
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
	{
		fprintf(stderr, "ai-landscape-load: out of memory\n");
		exit(2);
	}
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char	   *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* room for "more" bytes plus a terminating NUL */
void
sb_reserve(StrBuf *sb, size_t more)
{
	if (sb->len + more + 1 > sb->cap)
	{
		size_t		cap = sb->cap ? sb->cap : 64;

		while (sb->len + more + 1 > cap)
			cap *= 2;
		sb->data = xrealloc(sb->data, cap);
		sb->cap = cap;
	}
}

void
sb_putc(StrBuf *sb, char c)
{
	sb_reserve(sb, 1);
	sb->data[sb->len++] = c;
	sb->data[sb->len] = '\0';
}

void
sb_put(StrBuf *sb, const char *s, size_t n)
{
	sb_reserve(sb, n);
	memcpy(sb->data + sb->len, s, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void
sb_reset(StrBuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

void
sb_free(StrBuf *sb)
{
	free(sb->data);
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

/* the contents as a malloc'd string; the buffer is left empty */
char *
sb_steal(StrBuf *sb)
{
	char	   *s = sb->data ? sb->data : xstrdup("");

	sb->data = NULL;
	sb->len = sb->cap = 0;
	return s;
}

/* ASCII case-insensitive equality (no <ctype.h>: it follows the locale) */
bool
ascii_caseeq(const char *a, const char *b)
{
	for (;; a++, b++)
	{
		unsigned char x = (unsigned char) *a,
					y = (unsigned char) *b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return false;
		if (x == '\0')
			return true;
	}
}

/* empty or only the white space the server's articles trigger trims */
bool
is_blank_text(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (strchr(" \t\r\n\f\v", *s) == NULL)
			return false;
	return true;
}

void
article_free(Article *a)
{
	free(a->title);
	free(a->source);
	free(a->url);
	free(a->published);
	free(a->body);
	memset(a, 0, sizeof(*a));
}
