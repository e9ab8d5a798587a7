/*
 * segment_lines.c - which line breaks end a block, and which are wrapping.
 *
 * Newswire archives, mail and plain-text corpora wrap lines at 60-80
 * columns, so a line break inside a paragraph is only white space.  A break
 * still ends a block before a blank line, before a line indented deeper
 * (a new paragraph), before a list item, and after a line that is not full:
 * a heading, or the last line of a paragraph.  A line is full when the
 * first word of the next line would not have fitted on it, measured against
 * the longest line of its block (lines longer than AL_WRAP_MAX_COLUMNS are
 * paragraphs written on one line, never wrapped ones).
 *
 * The result is a copy of the text in which wrapping line breaks are
 * spaces, byte for byte at the same positions, so sentence offsets found in
 * the copy point into the original.
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "al_core.h"

typedef struct Line
{
	size_t		start;			/* first byte */
	size_t		end;			/* the line break (or the text's end) */
	size_t		next;			/* first byte of the next line */
	size_t		indent;			/* leading spaces and tabs */
	size_t		bytes;			/* trailing white space excluded */
	size_t		columns;		/* characters of those bytes, once counted; else 0 */
	int			blank;			/* nothing visible */
} Line;

/*
 * Characters in text[0..n): bytes less UTF-8 continuation bytes (10xxxxxx),
 * eight at a time, as every line of the text is measured.
 */
static size_t
columns(const char *text, size_t n)
{
	size_t		continuation = 0;
	size_t		i = 0;

	for (; i + 8 <= n; i += 8)
	{
		uint64_t	x;

		memcpy(&x, text + i, 8);
		x = (x & ~(x << 1) & 0x8080808080808080ULL) >> 7;	/* 1 in each continuation byte */
		continuation += (size_t) ((x * 0x0101010101010101ULL) >> 56);
	}
	for (; i < n; i++)
		continuation += ((unsigned char) text[i] & 0xC0) == 0x80;
	return n - continuation;
}

/* The line that starts at text[start]. */
static Line
read_line(const char *text, size_t len, size_t start)
{
	Line		line;
	const char *nl = memchr(text + start, '\n', len - start);
	size_t		end = nl ? (size_t) (nl - text) : len;
	size_t		visible_end = end;

	line.start = start;
	line.next = nl ? end + 1 : len;
	if (end > start && text[end - 1] == '\r')
		end--;
	line.end = end;
	line.indent = 0;
	while (start + line.indent < end && (text[start + line.indent] == ' ' || text[start + line.indent] == '\t'))
		line.indent++;
	visible_end = end;
	while (visible_end > start + line.indent && al_is_ascii_space((unsigned char) text[visible_end - 1]))
		visible_end--;
	line.bytes = visible_end - start;
	line.columns = 0;
	line.blank = visible_end == start + line.indent;
	if (!line.blank)
	{
		/* a line of only zero-width or other invisible characters is blank too */
		int32_t		i = (int32_t) (start + line.indent);

		line.blank = 1;
		while (i < (int32_t) visible_end && line.blank)
		{
			UChar32		c;

			U8_NEXT(text, i, (int32_t) visible_end, c);
			if (c < 0 || !al_is_invisible(c))
				line.blank = 0;
		}
	}
	return line;
}

/*
 * Characters of the line, counted when first needed (most lines are never
 * measured): a character is at most 4 bytes, so a line of more than
 * 4 * AL_WRAP_MAX_COLUMNS bytes need not be counted to be too long.
 */
static size_t
line_columns(const char *text, Line *line)
{
	if (line->columns == 0 && line->bytes > 0)
		line->columns = line->bytes > 4 * AL_WRAP_MAX_COLUMNS ? line->bytes :
			columns(text + line->start, line->bytes);
	return line->columns;
}

static int
is_too_long(const char *text, Line *line)
{
	return line->bytes > AL_WRAP_MAX_COLUMNS && line_columns(text, line) > AL_WRAP_MAX_COLUMNS;
}

/* Characters of the first word of a line. */
static size_t
first_word_columns(const char *text, const Line *line)
{
	size_t		i = line->start + line->indent;

	while (i < line->end && !al_is_ascii_space((unsigned char) text[i]))
		i++;
	return columns(text + line->start + line->indent, i - line->start - line->indent);
}

/* Does the line end like a sentence or an introduction: . ! ? : ; and closers? */
static int
ends_with_punctuation(const char *text, const Line *line)
{
	size_t		i = line->end;

	while (i > line->start && al_is_ascii_space((unsigned char) text[i - 1]))
		i--;
	while (i > line->start && strchr("\"')]", text[i - 1]) != NULL)
		i--;
	if (i >= line->start + 3 && (unsigned char) text[i - 3] == 0xE2 && (unsigned char) text[i - 2] == 0x80 &&
		((unsigned char) text[i - 1] == 0x9D || (unsigned char) text[i - 1] == 0x99))
		i -= 3;					/* ” ’ */
	return i > line->start && strchr(".!?:;", text[i - 1]) != NULL;
}

static int
has_two_words(const char *text, const Line *line)
{
	const char *space = memchr(text + line->start + line->indent, ' ', line->end - line->start - line->indent);

	return space != NULL && (size_t) (space - text) + 1 < line->end &&
		!al_is_ascii_space((unsigned char) space[1]);
}

/* Does the line's text start with a lowercase letter ("the Bahia cocoa zone")? */
static int
starts_lowercase(const char *text, const Line *line)
{
	int32_t		i = (int32_t) (line->start + line->indent);
	UChar32		c;

	if ((size_t) i >= line->end)
		return 0;
	U8_NEXT(text, i, (int32_t) line->end, c);
	/* "iFlytek", "eBay": names, which may open a paragraph */
	if ((size_t) i < line->end && text[i] >= 'A' && text[i] <= 'Z')
		return 0;
	return c >= 0 && u_islower(c);
}

static int
ends_with_comma(const char *text, const Line *line)
{
	size_t		i = line->end;

	while (i > line->start && al_is_ascii_space((unsigned char) text[i - 1]))
		i--;
	return i > line->start && text[i - 1] == ',';
}

/* A list item: a bullet, a number or letter marker, or "-", "*", "+" and a space. */
static size_t
line_marker(const char *text, const Line *line, AlListMarker *m)
{
	size_t		i = line->start + line->indent;
	size_t		n = al_list_marker(text, i, line->end, m);

	if (n == 0 && i + 1 < line->end && strchr("-*+", text[i]) != NULL && text[i + 1] == ' ')
	{
		m->kind = AL_MARKER_BULLET;
		m->value = text[i];
		n = 1;
	}
	return n;
}

static int
is_unambiguous_bullet(const char *text, const Line *line, const AlListMarker *m)
{
	return m->kind == AL_MARKER_BULLET && (unsigned char) text[line->start + line->indent] >= 0x80;
}

/* What the classifier knows about the block so far. */
typedef struct Block
{
	size_t		width;			/* the longest wrappable line */
	size_t		min_indent;		/* the least indented line */
	size_t		item_column;	/* where the text of the current list item starts, 0 if none */
	AlListMarker last_marker;	/* the block's last list marker, kind 0 if none */
	int			one_per_line;	/* paragraphs or sentences written one a line */
} Block;

/* Does the line end a sentence or introduce a list, and not with "No." or "p."? */
static int
ends_item_intro(const char *text, const Line *line)
{
	return ends_with_punctuation(text, line) && !al_ends_before_number(text, line->start, line->end);
}

/*
 * Is the break between cur and next a wrap, or does next start a block?
 * cur_starts_block: the break before cur was not a wrap.
 */
static int
is_wrap(const char *text, Line *cur, int cur_starts_block, const Line *next, Block *block)
{
	AlListMarker cur_marker;
	AlListMarker next_marker;
	size_t		cur_marker_len = line_marker(text, cur, &cur_marker);
	size_t		next_marker_len = line_marker(text, next, &next_marker);

	/* the current list item, whose wrapped lines hang under its text */
	if (cur_marker_len > 0 && cur_starts_block)
	{
		block->last_marker = cur_marker;
		block->item_column = cur->indent + cur_marker_len + 1;
	}
	else if (cur->indent < block->item_column)
		block->item_column = 0;

	if (block->one_per_line)
		return 0;
	if (next->indent > block->min_indent && next->indent != block->item_column)
		return 0;				/* an indented first line: a new paragraph */
	if (next_marker_len > 0)
	{
		/* a wrapped line may start with "5." ("ranked No.\n5.") or a dash */
		if (is_unambiguous_bullet(text, next, &next_marker))
			return 0;
		if (next_marker.kind == AL_MARKER_BULLET &&
			(cur_marker_len > 0 || ends_with_punctuation(text, cur)))
			return 0;
		if (next_marker.kind != AL_MARKER_BULLET &&
			((block->last_marker.kind != 0 &&
			  al_is_next_marker(text, next->start + next->indent, next->end, &block->last_marker)) ||
			 (next_marker.kind != AL_MARKER_UPPER_DOT && ends_item_intro(text, cur))))
			return 0;
	}
	/* a lowercase word or a comma goes on, whatever the layout */
	if ((starts_lowercase(text, next) && next_marker_len == 0 && !ends_with_punctuation(text, cur)) ||
		ends_with_comma(text, cur))
		return 1;
	/* full: the next line's first word would not have fitted */
	return line_columns(text, cur) + 1 + first_word_columns(text, next) > block->width;
}

/*
 * The width the text is wrapped at: its longest line of two words or more
 * (a long address alone on a line says nothing of the width).
 */
static size_t
wrap_width(const AlEnv *env, const char *text, size_t len)
{
	size_t		longest = 0;
	long		lines = 0;

	for (size_t pos = 0; pos < len;)
	{
		Line		line = read_line(text, len, pos);

		if ((++lines & 4095) == 0 && env->check_interrupts)
			env->check_interrupts(env->ctx);
		/* columns <= bytes: a line no longer in bytes cannot be longer */
		if (line.bytes > longest && !is_too_long(text, &line) &&
			line_columns(text, &line) > longest && has_two_words(text, &line))
			longest = line.columns;
		pos = line.next;
	}
	return longest;
}

char *
al_unwrap_lines(const AlEnv *env, const char *text, size_t len)
{
	char	   *copy = NULL;
	size_t		start = 0;
	size_t		width;
	long		lines = 0;

	if (memchr(text, '\n', len) == NULL)
		return NULL;
	width = wrap_width(env, text, len);
	while (start < len)
	{
		Block		block = {width, (size_t) -1, 0, {0, 0, 0}, 0};
		size_t		block_end = start;
		Line		cur;
		int			cur_starts_block;

		/* the block's lines up to a blank one: least indentation, overlong lines */
		for (size_t pos = start; pos < len;)
		{
			Line		line = read_line(text, len, pos);

			if ((++lines & 4095) == 0 && env->check_interrupts)
				env->check_interrupts(env->ctx);
			if (line.blank)
				break;
			if (is_too_long(text, &line))
				block.one_per_line = 1;	/* paragraphs written one a line */
			if (line.indent < block.min_indent)
				block.min_indent = line.indent;
			block_end = pos = line.next;
		}
		if (block_end == start)
		{
			start = read_line(text, len, start).next;	/* a blank line */
			continue;
		}
		cur = read_line(text, len, start);
		cur_starts_block = 1;
		while (cur.next < block_end)
		{
			Line		next = read_line(text, len, cur.next);
			int			wrap;

			if ((++lines & 4095) == 0 && env->check_interrupts)
				env->check_interrupts(env->ctx);
			wrap = is_wrap(text, &cur, cur_starts_block, &next, &block);
			cur_starts_block = !wrap;
			if (wrap)
			{
				if (copy == NULL)
				{
					copy = env->alloc(env->ctx, len);
					memcpy(copy, text, len);
				}
				memset(copy + cur.end, ' ', cur.next - cur.end);
			}
			cur = next;
		}
		start = block_end;
	}
	return copy;
}
