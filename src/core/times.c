/*
 * times.c - years, relative years and durations in a sentence.
 *
 *   "2022", "early 2023", "mid-2024"       a year, with its qualifier
 *   "this year", "last year", "next year"  relative to the article's date
 *   "three years", "two-year", "18 months" a duration
 */
#include <string.h>

#include "al_core.h"

static const char *const number_words[] = {
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
	"eighteen", "nineteen", "twenty",
};

static const char *const units[] = {"decade", "year", "month", "week", "day"};

static const char *const qualifiers[] = {"early", "mid", "late"};

/* The end of the word of ASCII letters at pos. */
static size_t
word_end(const char *text, size_t len, size_t pos)
{
	while (pos < len && al_ascii_is_alpha((unsigned char) text[pos]))
		pos++;
	return pos;
}

static int
word_is(const char *text, size_t start, size_t end, const char *word)
{
	size_t		n = strlen(word);

	return end - start == n && al_ascii_equal_ci(text + start, word, n);
}

static void
push_time(const AlEnv *env, AlTimeList *list, AlTime t, AlCharCursor *cursor)
{
	t.span = al_cursor_span(cursor, t.span.start_byte, t.span.end_byte);
	list->items = al_grow(env, list->items, list->count, &list->capacity, sizeof(AlTime));
	list->items[list->count++] = t;
}

/* A duration from start to the end of its unit word. */
static void
push_duration(const AlEnv *env, AlTimeList *list, AlCharCursor *cursor, size_t start, size_t end,
			  int value, const char *unit)
{
	AlTime		t;

	memset(&t, 0, sizeof(t));
	t.kind = AL_TIME_DURATION;
	t.value = value;
	strcpy(t.unit, unit);
	t.span.start_byte = start;
	t.span.end_byte = end;
	push_time(env, list, t, cursor);
}

/* The unit word at pos ("years", "year", "month"...), singular into unit. */
static size_t
scan_unit(const char *text, size_t len, size_t pos, const char **unit)
{
	size_t		end = word_end(text, len, pos);

	for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++)
	{
		size_t		n = strlen(units[k]);

		if (word_is(text, pos, end, units[k]) ||
			(end - pos == n + 1 && al_ascii_lower((unsigned char) text[end - 1]) == 's' &&
			 word_is(text, pos, end - 1, units[k])))
		{
			*unit = units[k];
			return end;
		}
	}
	return pos;
}

int
al_find_times(const AlEnv *env, const char *text, size_t len, AlTimeList *out)
{
	size_t		pos = 0;
	size_t		previous_word_start = 0,
				previous_word_end = 0;	/* the word before pos, for qualifiers */
	AlCharCursor cursor;
	unsigned	steps = 0;

	al_cursor_init(&cursor, text);
	while (pos < len)
	{
		unsigned char c = (unsigned char) text[pos];
		AlTime		t;

		al_loop_tick(env, &steps);
		memset(&t, 0, sizeof(t));
		if (pos > 0 && (al_ascii_is_alnum((unsigned char) text[pos - 1]) || text[pos - 1] == '$'))
		{
			pos++;
			continue;
		}
		if (al_ascii_is_digit(c))
		{
			size_t		end = pos;
			long		value = 0;

			while (end < len && al_ascii_is_digit((unsigned char) text[end]) && end - pos < 9)
				value = value * 10 + (text[end++] - '0');
			if (end < len && (al_ascii_is_alnum((unsigned char) text[end]) ||
							  (text[end] == '.' && end + 1 < len && al_ascii_is_digit((unsigned char) text[end + 1]))))
			{
				pos = end;
				continue;
			}
			if (end - pos == 4 && value >= 1900 && value <= 2099)
			{
				t.kind = AL_TIME_YEAR;
				t.year = (int) value;
				t.span.start_byte = pos;
				t.span.end_byte = end;
				/* "early 2023", "mid-2023", "late in 2022" is not a qualifier */
				for (size_t k = 0; k < sizeof(qualifiers) / sizeof(qualifiers[0]); k++)
					if (previous_word_end > previous_word_start &&
						word_is(text, previous_word_start, previous_word_end, qualifiers[k]) &&
						(previous_word_end + 1 == pos))
					{
						strcpy(t.qualifier, qualifiers[k]);
						t.span.start_byte = previous_word_start;
					}
				push_time(env, out, t, &cursor);
				pos = end;
				continue;
			}
			/* "18 months", "3-year" */
			{
				size_t		q = end;
				const char *unit = NULL;
				size_t		unit_end;

				if (q < len && (text[q] == ' ' || text[q] == '-'))
					q++;
				unit_end = scan_unit(text, len, q, &unit);
				if (unit != NULL)
				{
					push_duration(env, out, &cursor, pos, unit_end, (int) value, unit);
					pos = unit_end;
					continue;
				}
			}
			pos = end;
			continue;
		}
		if (al_ascii_is_alpha(c))
		{
			size_t		end = word_end(text, len, pos);
			size_t		q = end;
			const char *unit = NULL;
			size_t		unit_end;

			/* this / last / next year */
			if (q < len && text[q] == ' ' &&
				(word_is(text, pos, end, "this") || word_is(text, pos, end, "last") ||
				 word_is(text, pos, end, "next")))
			{
				size_t		w = word_end(text, len, q + 1);

				if (word_is(text, q + 1, w, "year"))
				{
					t.kind = AL_TIME_RELATIVE;
					t.offset = word_is(text, pos, end, "this") ? 0 : word_is(text, pos, end, "last") ? -1 : 1;
					t.span.start_byte = pos;
					t.span.end_byte = w;
					push_time(env, out, t, &cursor);
					pos = w;
					previous_word_start = previous_word_end = 0;
					continue;
				}
			}
			/* "three years", "two-year" */
			for (size_t k = 0; k < sizeof(number_words) / sizeof(number_words[0]); k++)
				if (word_is(text, pos, end, number_words[k]) && q < len && (text[q] == ' ' || text[q] == '-'))
				{
					unit_end = scan_unit(text, len, q + 1, &unit);
					if (unit != NULL)
					{
						push_duration(env, out, &cursor, pos, unit_end, (int) k, unit);
						end = unit_end;
					}
					break;
				}
			previous_word_start = pos;
			previous_word_end = word_end(text, len, pos);
			pos = end;
			continue;
		}
		pos++;
	}
	return AL_OK;
}
