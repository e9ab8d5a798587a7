/*
 * amounts.c - money amounts and percentages in a sentence.
 *
 *   "$15 billion" "US$1.2bn" "€3m" "¥5 trillion" "RMB 2.5 billion"
 *   "10 billion yuan" "$10-15 billion" (a range: low and high)
 *   "20%" "20 percent" (percentages)
 *
 * An amount is returned as decimal text "<digits>e<exponent>" so that the
 * caller can make an exact numeric of it: 15.5 billion is "15.5e9".
 */
#include <string.h>

#include "al_core.h"

typedef struct Marker
{
	const char *text;			/* as written (case-insensitive for letters) */
	const char *currency;		/* ISO 4217 */
} Marker;

/* written before the number; longest first */
static const Marker prefixes[] = {
	{"US$", "USD"}, {"USD", "USD"}, {"U.S.$", "USD"}, {"HK$", "HKD"}, {"A$", "AUD"},
	{"C$", "CAD"}, {"S$", "SGD"}, {"RMB", "CNY"}, {"CNY", "CNY"}, {"EUR", "EUR"},
	{"GBP", "GBP"}, {"JPY", "JPY"}, {"$", "USD"}, {"\xE2\x82\xAC", "EUR"},	/* € */
	{"\xC2\xA3", "GBP"},		/* £ */
	{"\xC2\xA5", "CNY"},		/* ¥: yuan in this domain (README) */
	{"\xEF\xBF\xA5", "CNY"},	/* fullwidth ￥ */
};

/* written after the number and its scale */
static const Marker suffixes[] = {
	{"yuan", "CNY"}, {"renminbi", "CNY"}, {"RMB", "CNY"}, {"CNY", "CNY"},
	{"dollars", "USD"}, {"dollar", "USD"}, {"USD", "USD"}, {"euros", "EUR"}, {"euro", "EUR"},
	{"EUR", "EUR"}, {"pounds", "GBP"}, {"yen", "JPY"}, {"won", "KRW"},
};

typedef struct Scale
{
	const char *word;
	int			exponent;
} Scale;

static const Scale scales[] = {
	{"trillion", 12}, {"billion", 9}, {"million", 6}, {"thousand", 3},
	{"tn", 12}, {"trn", 12}, {"bn", 9}, {"mn", 6}, {"mln", 6}, {"b", 9}, {"m", 6}, {"k", 3},
};

static int
matches_at(const char *text, size_t len, size_t pos, const char *word, int ignore_case)
{
	size_t		i;

	/* compare before measuring the word: most positions fail at once */
	for (i = 0; word[i] != '\0'; i++)
	{
		unsigned char a;
		unsigned char b = (unsigned char) word[i];

		if (pos + i >= len)
			return 0;
		a = (unsigned char) text[pos + i];
		if (ignore_case ? al_ascii_lower(a) != al_ascii_lower(b) : a != b)
			return 0;
	}
	return 1;
}

static int
is_word_char(unsigned char c)
{
	return al_ascii_is_alnum(c) || c >= 0x80;
}

/* A number at pos: digits, thousands commas, one decimal point. Returns its end. */
static size_t
scan_number(const char *text, size_t len, size_t pos, char *digits, size_t cap)
{
	size_t		i = pos,
				n = 0;
	int			seen_point = 0;

	if (i >= len || !al_ascii_is_digit((unsigned char) text[i]))
		return pos;
	while (i < len)
	{
		char		c = text[i];

		if (al_ascii_is_digit((unsigned char) c))
		{
			if (n + 1 < cap)
				digits[n++] = c;
		}
		else if (c == ',' && i + 3 < len + 0 && al_ascii_is_digit((unsigned char) text[i + 1]) &&
				 al_ascii_is_digit((unsigned char) text[i + 2]) && al_ascii_is_digit((unsigned char) text[i + 3]) && !seen_point)
			;					/* thousands separator */
		else if (c == '.' && !seen_point && i + 1 < len && al_ascii_is_digit((unsigned char) text[i + 1]))
		{
			seen_point = 1;
			if (n + 1 < cap)
				digits[n++] = '.';
		}
		else
			break;
		i++;
	}
	digits[n] = '\0';
	return i;
}

static size_t
skip_spaces(const char *text, size_t len, size_t pos)
{
	while (pos < len && (text[pos] == ' ' || text[pos] == '\t'))
		pos++;
	return pos;
}

/* A scale word right after a number ("billion", "bn", "m"); returns its end. */
static size_t
scan_scale(const char *text, size_t len, size_t pos, int *exponent)
{
	size_t		p = skip_spaces(text, len, pos);

	for (size_t k = 0; k < sizeof(scales) / sizeof(scales[0]); k++)
	{
		size_t		n;

		if (!matches_at(text, len, p, scales[k].word, 1))
			continue;
		n = strlen(scales[k].word);
		/* one-letter scales only when attached: "$3m", not "$3 m" */
		if (n == 1 && p != pos)
			continue;
		if (p + n >= len || !is_word_char((unsigned char) text[p + n]))
		{
			*exponent = scales[k].exponent;
			return p + n;
		}
	}
	*exponent = 0;
	return pos;
}

static const char *
scan_marker(const Marker *markers, size_t count, const char *text, size_t len, size_t pos,
			size_t *end)
{
	for (size_t k = 0; k < count; k++)
	{
		int			letters = al_ascii_is_alpha((unsigned char) markers[k].text[0]);
		size_t		n;

		if (!matches_at(text, len, pos, markers[k].text, letters))
			continue;
		n = strlen(markers[k].text);
		/* a word marker stands alone: "RMB 2" and "RMB2", not "XRMB" or "RMBS" */
		if ((!al_ascii_is_alpha((unsigned char) markers[k].text[n - 1]) || pos + n >= len ||
			 !al_ascii_is_alpha((unsigned char) text[pos + n])) &&
			(!letters || pos == 0 || !is_word_char((unsigned char) text[pos - 1])))
		{
			*end = pos + n;
			return markers[k].currency;
		}
	}
	return NULL;
}

/*
 * Can a prefix marker start at pos?  A cheap test before scan_marker:
 * the first byte must fit, and a word marker ("RMB") must start a word.
 */
static int
may_start_prefix(const char *text, size_t pos)
{
	unsigned char c = (unsigned char) text[pos];

	if (al_ascii_is_alpha(c) && pos > 0 && is_word_char((unsigned char) text[pos - 1]))
		return 0;
	for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++)
		if (al_ascii_lower((unsigned char) prefixes[k].text[0]) == al_ascii_lower(c))
			return 1;
	return 0;
}

static void
push_amount(const AlEnv *env, AlAmountList *list, AlAmount a)
{
	list->items = al_grow(env, list->items, list->count, &list->capacity, sizeof(AlAmount));
	list->items[list->count++] = a;
}

int
al_find_amounts(const AlEnv *env, const char *text, size_t len, AlAmountList *out)
{
	size_t		pos = 0;
	AlCharCursor cursor;
	unsigned	steps = 0;

	al_cursor_init(&cursor, text);
	while (pos < len)
	{
		AlAmount	a;
		size_t		after_prefix;
		size_t		end;
		const char *currency;
		char		low[64],
					high[64];
		int			exponent = 0;

		al_loop_tick(env, &steps);
		high[0] = '\0';

		/* a number must start a word: not "B2B", not "4.5" inside "v4.5" */
		currency = may_start_prefix(text, pos)
			? scan_marker(prefixes, sizeof(prefixes) / sizeof(prefixes[0]), text, len, pos, &after_prefix)
			: NULL;
		if (currency == NULL)
		{
			if (!al_ascii_is_digit((unsigned char) text[pos]) || (pos > 0 && is_word_char((unsigned char) text[pos - 1]) &&
														 text[pos - 1] != '$'))
			{
				pos++;
				continue;
			}
			after_prefix = pos;
		}
		/* cleared only here, where a number may start: not at every byte */
		memset(&a, 0, sizeof(a));
		after_prefix = skip_spaces(text, len, after_prefix);
		end = scan_number(text, len, after_prefix, low, sizeof(low));
		if (end == after_prefix)
		{
			pos = currency ? after_prefix : pos + 1;
			if (pos == after_prefix && currency == NULL)
				pos++;
			continue;
		}
		/* a range: "10-15", "10 to 15" */
		{
			size_t		r = end;
			size_t		range_end;

			if (r < len && (text[r] == '-' || matches_at(text, len, r, "\xE2\x80\x93", 0)))
				r += (text[r] == '-') ? 1 : 3;
			else if (matches_at(text, len, skip_spaces(text, len, r), "to ", 1))
				r = skip_spaces(text, len, r) + 3;
			else
				r = 0;
			if (r > 0)
			{
				size_t		q = skip_spaces(text, len, r);
				const char *c2 = NULL;
				size_t		after_c2 = q;

				if (currency != NULL)
					c2 = scan_marker(prefixes, sizeof(prefixes) / sizeof(prefixes[0]), text, len, q, &after_c2);
				range_end = scan_number(text, len, skip_spaces(text, len, c2 ? after_c2 : q), high, sizeof(high));
				if (range_end > q)
					end = range_end;
				else
					high[0] = '\0';
			}
		}
		end = scan_scale(text, len, end, &exponent);
		if (currency == NULL)
		{
			size_t		q = skip_spaces(text, len, end);
			size_t		after;

			currency = scan_marker(suffixes, sizeof(suffixes) / sizeof(suffixes[0]), text, len, q, &after);
			if (currency != NULL)
				end = after;
			else
			{
				/* a percentage, or not an amount at all */
				size_t		p = skip_spaces(text, len, end);

				if (exponent == 0 && p < len && (text[p] == '%' || matches_at(text, len, p, "percent", 1) ||
												 matches_at(text, len, p, "per cent", 1)))
				{
					a.is_percentage = 1;
					end = text[p] == '%' ? p + 1 : p + (matches_at(text, len, p, "percent", 1) ? 7 : 8);
				}
				else
				{
					pos = end > pos ? end : pos + 1;
					continue;
				}
			}
		}
		if (currency != NULL)
			memcpy(a.currency, currency, 4);
		a.exponent = exponent;
		memcpy(a.low, low, sizeof(low));
		memcpy(a.high, high, sizeof(high));
		a.span = al_cursor_span(&cursor, pos, end);
		push_amount(env, out, a);
		pos = end;
	}
	return AL_OK;
}
