/*
 * jsonl.c - one JSON object per line (JSON Lines / NDJSON) into an article.
 *
 * A complete RFC 8259 parser for one value: strings with every escape
 * (\uXXXX with surrogate pairs), numbers by the grammar, true/false/null,
 * nested arrays and objects (skipped unless they are a field we read).
 * The fields read are body, title, source, url and published, each a string
 * or null; other fields are ignored.  The input is already valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "load.h"

#define JSON_MAX_DEPTH 512

typedef struct JsonParser
{
	const char *p;
	const char *start;
	const char *end;
	char	   *err;
	size_t		errlen;
	StrBuf		str;			/* the last string read */
} JsonParser;

static bool
fail(JsonParser *j, const char *what)
{
	if (j->err[0] == '\0')
		snprintf(j->err, j->errlen, "invalid JSON at character %zu: %s",
				 (size_t) (j->p - j->start) + 1, what);
	return false;
}

static void
skip_ws(JsonParser *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
hex4(const char *p)
{
	int			v = 0;

	for (int i = 0; i < 4; i++)
	{
		char		c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void
put_utf8(StrBuf *sb, uint32_t cp)
{
	if (cp < 0x80)
		sb_putc(sb, (char) cp);
	else if (cp < 0x800)
	{
		sb_putc(sb, (char) (0xC0 | (cp >> 6)));
		sb_putc(sb, (char) (0x80 | (cp & 0x3F)));
	}
	else if (cp < 0x10000)
	{
		sb_putc(sb, (char) (0xE0 | (cp >> 12)));
		sb_putc(sb, (char) (0x80 | ((cp >> 6) & 0x3F)));
		sb_putc(sb, (char) (0x80 | (cp & 0x3F)));
	}
	else
	{
		sb_putc(sb, (char) (0xF0 | (cp >> 18)));
		sb_putc(sb, (char) (0x80 | ((cp >> 12) & 0x3F)));
		sb_putc(sb, (char) (0x80 | ((cp >> 6) & 0x3F)));
		sb_putc(sb, (char) (0x80 | (cp & 0x3F)));
	}
}

/* a \uXXXX escape at j->p (after the backslash and 'u'), pairs joined */
static bool
parse_unicode_escape(JsonParser *j)
{
	int			hi,
				lo;

	if (j->end - j->p < 4 || (hi = hex4(j->p)) < 0)
		return fail(j, "\\u needs four hexadecimal digits");
	j->p += 4;
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return fail(j, "a low surrogate \\u escape without a high one before it");
	if (hi >= 0xD800 && hi <= 0xDBFF)
	{
		if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
			(lo = hex4(j->p + 2)) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return fail(j, "a high surrogate \\u escape must be followed by a low one");
		j->p += 6;
		put_utf8(&j->str, 0x10000 + (((uint32_t) hi - 0xD800) << 10) + ((uint32_t) lo - 0xDC00));
		return true;
	}
	if (hi == 0)
		return fail(j, "\\u0000 (PostgreSQL text cannot store a NUL character)");
	put_utf8(&j->str, (uint32_t) hi);
	return true;
}

/* a string at j->p (on the opening quote) into j->str */
static bool
parse_string(JsonParser *j)
{
	sb_reset(&j->str);
	sb_reserve(&j->str, 0);
	j->p++;
	while (j->p < j->end)
	{
		const char *run = j->p;

		/* copy plain bytes in one go */
		while (j->p < j->end && *j->p != '"' && *j->p != '\\' && (unsigned char) *j->p >= 0x20)
			j->p++;
		sb_put(&j->str, run, j->p - run);
		if (j->p >= j->end)
			break;
		if (*j->p == '"')
		{
			j->p++;
			return true;
		}
		if ((unsigned char) *j->p < 0x20)
			return fail(j, "a control character inside a string must be escaped");
		/* a backslash */
		if (++j->p >= j->end)
			break;
		switch (*j->p++)
		{
			case '"':
				sb_putc(&j->str, '"');
				break;
			case '\\':
				sb_putc(&j->str, '\\');
				break;
			case '/':
				sb_putc(&j->str, '/');
				break;
			case 'b':
				sb_putc(&j->str, '\b');
				break;
			case 'f':
				sb_putc(&j->str, '\f');
				break;
			case 'n':
				sb_putc(&j->str, '\n');
				break;
			case 'r':
				sb_putc(&j->str, '\r');
				break;
			case 't':
				sb_putc(&j->str, '\t');
				break;
			case 'u':
				if (!parse_unicode_escape(j))
					return false;
				break;
			default:
				j->p--;
				return fail(j, "unknown escape in a string");
		}
	}
	return fail(j, "unterminated string");
}

static bool
parse_digits(JsonParser *j)
{
	const char *s = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > s;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool
parse_number(JsonParser *j)
{
	if (*j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (!parse_digits(j))
		return fail(j, "a number needs digits");
	if (j->p < j->end && *j->p == '.')
	{
		j->p++;
		if (!parse_digits(j))
			return fail(j, "a number needs digits after the decimal point");
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E'))
	{
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (!parse_digits(j))
			return fail(j, "a number needs digits in its exponent");
	}
	return true;
}

static bool
parse_literal(JsonParser *j, const char *word)
{
	size_t		n = strlen(word);

	if ((size_t) (j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return fail(j, "unexpected character");
	j->p += n;
	return true;
}

typedef enum
{
	JV_STRING, JV_NULL, JV_OTHER
} JsonKind;

static bool parse_value(JsonParser *j, int depth, JsonKind *kind);

static bool
parse_array(JsonParser *j, int depth)
{
	JsonKind	k;

	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == ']')
	{
		j->p++;
		return true;
	}
	for (;;)
	{
		if (!parse_value(j, depth + 1, &k))
			return false;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',')
			j->p++;
		else if (j->p < j->end && *j->p == ']')
		{
			j->p++;
			return true;
		}
		else
			return fail(j, "expected , or ] in an array");
	}
}

/*
 * An object.  At depth 0 (the article) each member named in "names" whose
 * value is a string or null is handed to store(); elsewhere members are
 * parsed and dropped.
 */
typedef bool (*MemberFn) (JsonParser *j, const char *name, JsonKind kind, void *arg);

static bool
parse_object(JsonParser *j, int depth, MemberFn member, void *arg)
{
	JsonKind	k;

	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == '}')
	{
		j->p++;
		return true;
	}
	for (;;)
	{
		char	   *name;
		bool		ok;

		skip_ws(j);
		if (j->p >= j->end || *j->p != '"')
			return fail(j, "expected a member name in double quotes");
		if (!parse_string(j))
			return false;
		name = sb_steal(&j->str);
		skip_ws(j);
		if (j->p >= j->end || *j->p != ':')
		{
			free(name);
			return fail(j, "expected : after a member name");
		}
		j->p++;
		ok = parse_value(j, depth + 1, &k) && (member == NULL || member(j, name, k, arg));
		free(name);
		if (!ok)
			return false;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',')
			j->p++;
		else if (j->p < j->end && *j->p == '}')
		{
			j->p++;
			return true;
		}
		else
			return fail(j, "expected , or } in an object");
	}
}

/* any value; a string's text is left in j->str */
static bool
parse_value(JsonParser *j, int depth, JsonKind *kind)
{
	*kind = JV_OTHER;
	if (depth > JSON_MAX_DEPTH)
		return fail(j, "nested too deeply");
	skip_ws(j);
	if (j->p >= j->end)
		return fail(j, "a value is missing");
	switch (*j->p)
	{
		case '"':
			*kind = JV_STRING;
			return parse_string(j);
		case '{':
			return parse_object(j, depth, NULL, NULL);
		case '[':
			return parse_array(j, depth);
		case 't':
			return parse_literal(j, "true");
		case 'f':
			return parse_literal(j, "false");
		case 'n':
			*kind = JV_NULL;
			return parse_literal(j, "null");
		default:
			if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))
				return parse_number(j);
			return fail(j, "unexpected character");
	}
}

/* the article's fields: a string or null; a later duplicate member wins */
static bool
article_member(JsonParser *j, const char *name, JsonKind kind, void *arg)
{
	Article    *a = arg;
	char	  **field;

	if (strcmp(name, "body") == 0)
		field = &a->body;
	else if (strcmp(name, "title") == 0)
		field = &a->title;
	else if (strcmp(name, "source") == 0)
		field = &a->source;
	else if (strcmp(name, "url") == 0)
		field = &a->url;
	else if (strcmp(name, "published") == 0)
		field = &a->published;
	else
		return true;
	if (kind == JV_OTHER)
	{
		snprintf(j->err, j->errlen, "field \"%s\" must be a string or null", name);
		return false;
	}
	free(*field);
	*field = kind == JV_STRING ? sb_steal(&j->str) : NULL;
	return true;
}

/*
 * Parse one line into a's fields (which must be empty).  False with a
 * message when the line is not one JSON object.
 */
bool
jsonl_parse_article(const char *line, size_t len, Article *a, char *err, size_t errlen)
{
	JsonParser	j = {line, line, line + len, err, errlen, {0}};
	bool		ok;

	err[0] = '\0';
	skip_ws(&j);
	if (j.p >= j.end || *j.p != '{')
		ok = fail(&j, "each line must be a JSON object");
	else
	{
		ok = parse_object(&j, 0, article_member, a);
		skip_ws(&j);
		if (ok && j.p < j.end)
			ok = fail(&j, "more after the object (one object per line)");
	}
	sb_free(&j.str);
	return ok;
}
