/*
 * segment_rules.c - is a sentence break that ICU proposes a real one?
 *
 * ICU's rules (UAX #29) end a sentence at every period, exclamation or
 * question mark followed by a space and a capital letter.  That is wrong
 * after titles ("Mr. Li"), numeric references ("p. 55", "No. 5"), list
 * markers ("1.) The first item"), names with "!" ("Yahoo! is"), ellipses of
 * omission ("the thing is . . . I didn't") and before a parenthetical
 * citation; and right after an abbreviation that really ends a sentence
 * ("He moved to the U.S. Then he ...").  Each decision looks only at a few
 * bytes around the proposed break, so the pass stays linear.
 */
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "al_core.h"

/* How far a rule looks around a break: bounded, so no rule is quadratic. */
#define LOOK_BYTES		64

/* ASCII classes: al_core.h has all but lowercase */
static int
is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

/* Does text[0..n) equal word, ASCII case ignored? */
static int
equals_folded(const char *text, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (word[i] == '\0' || al_ascii_lower((unsigned char) text[i]) != al_ascii_lower((unsigned char) word[i]))
			return 0;
	return word[n] == '\0';
}

static int
in_list(const char *text, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (equals_folded(text, n, list[i]))
			return 1;
	return 0;
}

#define IN_LIST(text, n, list) in_list(text, n, list, sizeof(list) / sizeof(list[0]))

static int	is_initialism(const char *w, size_t n);

/* What an abbreviation can do: kinds of the table below, or'd. */
#define TITLE		1			/* before a name, never an end: "Mr. Li", "Mt. Fuji" */
#define NUMBERED	2			/* before a number: "No. 5", "p. 55", "Jan. 5" */
#define MAY_END		4			/* ends a sentence before an opener word: "Co. It" */
#define NEVER_END	8			/* "e.g.", "vs." */

static const struct
{
	const char *word;			/* without its final period */
	int			kind;
}			abbreviations[] = {
	{"Mr", TITLE}, {"Mrs", TITLE}, {"Ms", TITLE}, {"Messrs", TITLE}, {"Dr", TITLE},
	{"Prof", TITLE}, {"Gen", TITLE}, {"Gov", TITLE}, {"Sen", TITLE}, {"Rep", TITLE},
	{"Rev", TITLE}, {"Capt", TITLE}, {"Lt", TITLE}, {"Col", TITLE}, {"Sgt", TITLE},
	{"Maj", TITLE}, {"Cmdr", TITLE}, {"Adm", TITLE}, {"Pres", TITLE}, {"Amb", TITLE},
	{"Hon", TITLE}, {"Supt", TITLE}, {"Insp", TITLE}, {"Det", TITLE}, {"Mt", TITLE},
	{"Ft", TITLE}, {"Sec", TITLE},
	{"No", NUMBERED}, {"Nos", NUMBERED}, {"N\xC2\xB0", NUMBERED}, {"N\xC2\xBA", NUMBERED},
	{"p", NUMBERED}, {"pp", NUMBERED}, {"Vol", NUMBERED}, {"Vols", NUMBERED},
	{"Fig", NUMBERED}, {"Figs", NUMBERED}, {"Art", NUMBERED}, {"Ch", NUMBERED},
	{"Para", NUMBERED}, {"Ex", NUMBERED}, {"Ref", NUMBERED}, {"Tel", NUMBERED},
	{"Pt", NUMBERED},
	{"Jan", NUMBERED | MAY_END}, {"Feb", NUMBERED | MAY_END}, {"Mar", NUMBERED | MAY_END},
	{"Apr", NUMBERED | MAY_END}, {"Jun", NUMBERED | MAY_END}, {"Jul", NUMBERED | MAY_END},
	{"Aug", NUMBERED | MAY_END}, {"Sep", NUMBERED | MAY_END}, {"Sept", NUMBERED | MAY_END},
	{"Oct", NUMBERED | MAY_END}, {"Nov", NUMBERED | MAY_END}, {"Dec", NUMBERED | MAY_END},
	{"Co", MAY_END}, {"Corp", MAY_END}, {"Inc", MAY_END}, {"Ltd", MAY_END}, {"Bros", MAY_END},
	{"Cos", MAY_END}, {"Plc", MAY_END}, {"Jr", MAY_END}, {"Sr", MAY_END}, {"Esq", MAY_END},
	{"Dept", MAY_END}, {"Univ", MAY_END}, {"Assn", MAY_END}, {"Ave", MAY_END},
	{"Blvd", MAY_END}, {"Rd", MAY_END}, {"St", MAY_END}, {"etc", MAY_END}, {"al", MAY_END},
	{"est", MAY_END}, {"Govt", MAY_END}, {"Intl", MAY_END},
	{"e.g", NEVER_END}, {"i.e", NEVER_END}, {"vs", NEVER_END}, {"cf", NEVER_END},
	{"viz", NEVER_END}, {"approx", NEVER_END | NUMBERED},
};

#define LONGEST_ABBREVIATION 6
#define N_ABBREVIATIONS (sizeof(abbreviations) / sizeof(abbreviations[0]))

/* The table's order, sorted by folded text on first use, for binary search. */
static unsigned char abbreviation_order[N_ABBREVIATIONS];
static int	abbreviations_sorted;

/* Compare text[0..n) with word, ASCII case ignored, like strcmp. */
static int
compare_folded(const char *text, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
	{
		unsigned char a = al_ascii_lower((unsigned char) text[i]);
		unsigned char b = al_ascii_lower((unsigned char) word[i]);

		if (a != b || b == '\0')
			return (int) a - (int) b;
	}
	return word[n] == '\0' ? 0 : -1;
}

static void
sort_abbreviations(void)
{
	/* insertion sort of a few dozen entries, once per process */
	for (size_t i = 0; i < N_ABBREVIATIONS; i++)
	{
		abbreviation_order[i] = (unsigned char) i;
		for (size_t j = i; j > 0; j--)
		{
			const char *w = abbreviations[abbreviation_order[j]].word;
			unsigned char swap = abbreviation_order[j];

			if (compare_folded(w, strlen(w), abbreviations[abbreviation_order[j - 1]].word) >= 0)
				break;
			abbreviation_order[j] = abbreviation_order[j - 1];
			abbreviation_order[j - 1] = swap;
		}
	}
	abbreviations_sorted = 1;
}

/* The kinds of the abbreviation text[0..n) (its period not included), 0 if none. */
static int
abbreviation_kind(const char *text, size_t n)
{
	size_t		low = 0;
	size_t		high = N_ABBREVIATIONS;

	if (n == 0 || n > LONGEST_ABBREVIATION)
		return 0;
	if (!abbreviations_sorted)
		sort_abbreviations();
	while (low < high)
	{
		size_t		mid = (low + high) / 2;
		int			c = compare_folded(text, n, abbreviations[abbreviation_order[mid]].word);

		if (c == 0)
			return abbreviations[abbreviation_order[mid]].kind;
		if (c < 0)
			high = mid;
		else
			low = mid + 1;
	}
	return 0;
}

/* Does text[start, end) end with an abbreviation that precedes a number ("No.", "p.")? */
int
al_ends_before_number(const char *text, size_t start, size_t end)
{
	size_t		word;

	if (end <= start || text[end - 1] != '.')
		return 0;
	word = end - 1;
	while (word > start && !al_is_ascii_space((unsigned char) text[word - 1]) && end - word <= 8)
		word--;
	return (abbreviation_kind(text + word, end - 1 - word) & NUMBERED) != 0;
}

/* Titles an initialism may end before: "at 6 P.M. Mr. Li left." */
static const char *const name_titles[] = {"Mr", "Mrs", "Ms", "Dr", "Prof"};

/* Names written with "!". */
static const char *const exclaimed_names[] = {"Yahoo", "Jeopardy", "Yum", "Wham", "E"};

/*
 * Words that commonly open an English sentence: pronouns, articles,
 * conjunctions, sentence adverbs, prepositions.  An abbreviation followed by
 * one of these ends its sentence ("the U.S. Then"); followed by any other
 * capitalised word it is taken for part of a name ("the U.S. Treasury").
 */
static const char *const openers[] = {
	"A", "About", "According", "After", "Again", "All", "Also", "Although", "Among", "An",
	"And", "Another", "Any", "Are", "As", "At", "Because", "Before", "Both", "But", "By",
	"Can", "Could", "Did", "Do", "Does", "During", "Each", "Earlier", "Either", "Even",
	"Every", "For", "From", "Further", "Furthermore", "Had", "Has", "Have", "He", "Her",
	"Here", "His", "How", "However", "I", "If", "In", "Including", "Indeed", "Instead",
	"Is", "It", "Its", "Just", "Last", "Later", "Many", "Meanwhile", "Moreover", "Most",
	"Much", "My", "Neither", "Nevertheless", "Next", "No", "Nonetheless", "Nor", "Not",
	"Now", "Of", "On", "Once", "One", "Only", "Or", "Other", "Our", "Over", "Overall",
	"Several", "She", "Should", "Since", "So", "Some", "Still", "Such", "That", "The",
	"Their", "Then", "There", "These", "They", "This", "Those", "Though", "Thus", "To",
	"Today", "Under", "Unless", "Until", "Was", "We", "Were", "What", "When", "Where",
	"Whether", "Which", "While", "Who", "Why", "With", "Within", "Without", "Would",
	"Yesterday", "Yet", "You", "Your",
};

/* Prepositions that open a short time or place phrase: "At 5 a.m. Mr. Li left." */
static const char *const phrase_prepositions[] = {
	"At", "By", "Before", "After", "Until", "Till", "Around", "About", "From", "Since",
	"In", "On", "Near", "Through",
};

/* The UTF-8 character at text[i], or -1 at the end. */
static UChar32
char_at(const char *text, size_t i, size_t end)
{
	int32_t		k = 0;
	UChar32		c;

	if (i >= end)
		return -1;
	U8_NEXT((const uint8_t *) text + i, k, (int32_t) (end - i < 8 ? end - i : 8), c);
	return c;
}

static int
is_bullet(UChar32 c)
{
	switch (c)
	{
		case 0x2022:			/* • */
		case 0x2023:			/* ‣ */
		case 0x2043:			/* ⁃ */
		case 0x25E6:			/* ◦ */
		case 0x25AA:			/* ▪ */
		case 0x25CF:			/* ● */
		case 0x25A0:			/* ■ */
		case 0x25A1:			/* □ */
		case 0x25BA:			/* ► */
		case 0x25B8:			/* ▸ */
			return 1;
		default:
			return 0;
	}
}

/* Opening quotes and brackets, which a word may start with. */
static size_t
opening_length(const char *text, size_t i, size_t end)
{
	UChar32		c = char_at(text, i, end);

	if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '{' ||
		c == 0x201C || c == 0x2018 || c == 0x00AB)
		return (size_t) U8_LENGTH(c);
	return 0;
}

/* Length of the closing quote or bracket that ends at text[i], or 0. */
static size_t
closing_length_before(const char *text, size_t lower, size_t i)
{
	if (i > lower && strchr("\"')]}", text[i - 1]) != NULL && text[i - 1] != '\0')
		return 1;
	if (i >= lower + 3 && (unsigned char) text[i - 3] == 0xE2 && (unsigned char) text[i - 2] == 0x80 &&
		((unsigned char) text[i - 1] == 0x99 || (unsigned char) text[i - 1] == 0x9D))
		return 3;				/* ’ ” */
	if (i >= lower + 2 && (unsigned char) text[i - 2] == 0xC2 && (unsigned char) text[i - 1] == 0xBB)
		return 2;				/* » */
	return 0;
}

static int
is_ellipsis_at(const char *text, size_t i, size_t end)
{
	return i + 3 <= end && (unsigned char) text[i] == 0xE2 &&
		(unsigned char) text[i + 1] == 0x80 && (unsigned char) text[i + 2] == 0xA6;
}

/*
 * A list marker at text[pos]: a bullet, "1." "1)" "1.)" "(1)", "a." "a)"
 * "(a)", or a bullet followed by a number ("• 9.", "⁃9.").  Returns its
 * length (0 if none); *kind and *value describe it so the next item can be
 * recognised.  A marker must be followed by a space or the end.
 */
size_t
al_list_marker(const char *text, size_t pos, size_t end, AlListMarker *m)
{
	size_t		i = pos;
	UChar32		c = char_at(text, i, end);
	int			paren = 0;

	memset(m, 0, sizeof(*m));
	if (is_bullet(c))
	{
		size_t		after;
		AlListMarker inner;
		size_t		inner_len;

		m->kind = AL_MARKER_BULLET;
		m->value = c;
		i += (size_t) U8_LENGTH(c);
		after = i;
		while (i < end && text[i] == ' ')
			i++;
		inner_len = al_list_marker(text, i, end, &inner);
		if (inner_len > 0 && inner.kind != AL_MARKER_BULLET)
			return i + inner_len - pos;
		return after - pos;
	}
	if (i < end && text[i] == '(')
	{
		paren = 1;
		i++;
	}
	if (i < end && al_ascii_is_digit((unsigned char) text[i]))
	{
		int			value = 0;
		size_t		digits = 0;

		while (i < end && al_ascii_is_digit((unsigned char) text[i]) && digits < 3)
			value = value * 10 + (text[i++] - '0'), digits++;
		if (digits > 2)
			return 0;
		m->kind = AL_MARKER_NUMBER;
		m->value = value;
	}
	else if (i < end && al_ascii_is_alpha((unsigned char) text[i]))
	{
		m->kind = is_lower((unsigned char) text[i]) ? AL_MARKER_LOWER : AL_MARKER_UPPER;
		m->value = (unsigned char) text[i++];
	}
	else
		return 0;

	if (paren)
	{
		if (i >= end || text[i] != ')')
			return 0;
		m->style = AL_STYLE_PARENS;
		i++;
	}
	else if (i + 1 < end && text[i] == '.' && text[i + 1] == ')')
	{
		m->style = AL_STYLE_DOT_PAREN;
		i += 2;
	}
	else if (i < end && (text[i] == '.' || text[i] == ')'))
	{
		m->style = text[i] == '.' ? AL_STYLE_DOT : AL_STYLE_PAREN;
		i++;
	}
	else
		return 0;
	if (i < end && text[i] != ' ' && text[i] != '\t')
		return 0;
	/* "A." is an initial as often as a marker: capitals only as "A)" or "(A)" */
	if (m->kind == AL_MARKER_UPPER && m->style == AL_STYLE_DOT)
		m->kind = AL_MARKER_UPPER_DOT;
	return i - pos;
}

/* Is text[pos, end) exactly a list marker ("1." "a.")? */
static int
list_marker_only(const char *text, size_t pos, size_t end)
{
	AlListMarker m;

	return al_list_marker(text, pos, end, &m) == end - pos;
}

/* Is the marker at text[pos] the item after m ("2." after "1.", "b)" after "a)")? */
int
al_is_next_marker(const char *text, size_t pos, size_t end, const AlListMarker *m)
{
	AlListMarker next;

	if (al_list_marker(text, pos, end, &next) == 0 || next.kind != m->kind)
		return 0;
	if (m->kind == AL_MARKER_BULLET)
		return next.value == m->value;
	return next.style == m->style && next.value == m->value + 1;
}

/*
 * Does a sentence end at text[i], a period, "!" or "?" that ICU's rules
 * passed over (they do before a lowercase letter or a bracket)?  Not
 * after an abbreviation, an initial or in an ellipsis.
 */
static int
ends_sentence_at(const char *text, size_t start, size_t i)
{
	size_t		word = i;

	if (text[i] != '.')
		return 1;
	if (i > start && text[i - 1] == '.')
		return 0;
	while (word > start && !al_is_ascii_space((unsigned char) text[word - 1]))
		word--;
	return i - word >= 2 && abbreviation_kind(text + word, i - word) == 0 &&
		!is_initialism(text + word, i + 1 - word) && !list_marker_only(text, word, i + 1);
}

/*
 * After a ". " at text[i]: does a list marker or a lowercase-led name that
 * opens a sentence follow?  Returns where it starts, or 0.
 */
static size_t
opens_after(const char *text, size_t start, size_t i, size_t end)
{
	size_t		next = i + 2;
	AlListMarker n;

	while (next < end && text[next] == ' ')
		next++;
	if (next + 1 < end &&
		((is_lower((unsigned char) text[next]) && al_ascii_is_upper((unsigned char) text[next + 1])) ||
		 (al_list_marker(text, next, end, &n) > 0 && n.kind != AL_MARKER_UPPER_DOT)) &&
		ends_sentence_at(text, start, i))
		return next;
	return 0;
}

/*
 * Where the sentence or list item that starts at text[start] ends, if
 * another starts before end: a list's next item on the same line ("1) first
 * 2) second"), or, after a sentence end that ICU passed over, a list marker
 * ("risks. (a) chips") or a name that starts in lowercase ("said. iFlytek
 * rose").  Returns end if none.  Each call stops at what it
 * finds, so the calls over a segment read each byte once or twice.
 */
size_t
al_next_sentence_start(const char *text, size_t start, size_t end)
{
	AlListMarker m;
	size_t		len;
	size_t		next;
	const char *p;

	while (start < end && al_is_ascii_space((unsigned char) text[start]))
		start++;
	len = al_list_marker(text, start, end, &m);

	/* a list item: its next item or a sentence end, whichever comes first */
	if (len > 0 && m.kind != AL_MARKER_UPPER_DOT)
	{
		for (size_t i = start + len; i + 2 < end; i++)
		{
			if (text[i] == ' ' && al_is_next_marker(text, i + 1, end, &m))
				return i + 1;
			if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i + 1] == ' ' &&
				(next = opens_after(text, start, i, end)) > 0)
				return next;
		}
		return end;
	}

	/* a sentence end then a space: periods by memchr, "!" and "?" are rare */
	for (p = text + start; p < text + end - 2; p++)
	{
		const char *dot = memchr(p, '.', (size_t) (text + end - 2 - p));
		const char *limit = dot ? dot : text + end - 2;
		const char *bang = memchr(p, '!', (size_t) (limit - p));
		const char *question = memchr(p, '?', (size_t) ((bang ? bang : limit) - p));

		p = question ? question : bang ? bang : dot;
		if (p == NULL)
			break;
		if (p[1] == ' ' && (next = opens_after(text, start, (size_t) (p - text), end)) > 0)
			return next;
	}
	return end;
}

static int
starts_with_marker(const char *text, size_t start, size_t end)
{
	AlListMarker m;

	while (start < end && al_is_ascii_space((unsigned char) text[start]))
		start++;
	return al_list_marker(text, start, end, &m) > 0;
}

/* The ASCII word at text[i] (after opening quotes): its start and length. */
static size_t
next_word(const char *text, size_t i, size_t end, size_t *start)
{
	size_t		n = 0;
	size_t		open;
	size_t		first = i;

	while (i - first < LOOK_BYTES && (open = opening_length(text, i, end)) > 0)
		i += open;
	*start = i;
	while (i + n < end && n < LOOK_BYTES && al_ascii_is_alpha((unsigned char) text[i + n]))
		n++;
	return n;
}

static int
next_is_opener(const char *text, size_t b, size_t end)
{
	size_t		w;
	size_t		n = next_word(text, b, end, &w);

	return n > 0 && IN_LIST(text + w, n, openers) && al_ascii_is_upper((unsigned char) text[w]) &&
		(n == 1 || is_lower((unsigned char) text[w + 1]));
}

static int
next_is_title(const char *text, size_t b, size_t end)
{
	size_t		w;
	size_t		n = next_word(text, b, end, &w);

	return n > 0 && w + n < end && text[w + n] == '.' && IN_LIST(text + w, n, name_titles);
}

static int
next_starts_with_digit(const char *text, size_t b, size_t end)
{
	return b < end && (al_ascii_is_digit((unsigned char) text[b]) || text[b] == '#');
}

static int
next_starts_lowercase(const char *text, size_t b, size_t end)
{
	size_t		open;
	UChar32		c;

	for (size_t first = b; b - first < LOOK_BYTES && (open = opening_length(text, b, end)) > 0;)
		b += open;
	c = char_at(text, b, end);
	return c >= 0 && u_islower(c);
}

/* "U.S.", "e.g.", "a.m.", "Ph.D.": groups of one or two letters, each with a period. */
static int
is_initialism(const char *w, size_t n)
{
	size_t		i = 0;
	int			groups = 0;

	while (i < n)
	{
		size_t		letters = 0;

		while (i < n && al_ascii_is_alpha((unsigned char) w[i]) && letters < 3)
			i++, letters++;
		if (letters == 0 || letters > 2 || i >= n || w[i] != '.')
			return 0;
		i++;
		groups++;
	}
	return groups >= 2;
}

/*
 * Is text[s, word) a short phrase opening with a preposition, as in
 * "At 5 a.m." or "In the U.S."?  Such a phrase is not a sentence on its
 * own, so the abbreviation that ends it does not end the sentence.
 */
static int
is_opening_phrase(const char *text, size_t s, size_t word)
{
	size_t		first_start;
	size_t		first_len = 0;
	int			words = 0;

	if (word - s > LOOK_BYTES)
		return 0;
	while (s < word && al_is_ascii_space((unsigned char) text[s]))
		s++;
	first_start = s;
	while (first_start + first_len < word && al_ascii_is_alpha((unsigned char) text[first_start + first_len]))
		first_len++;
	for (size_t i = s; i < word; i++)
		if (!al_is_ascii_space((unsigned char) text[i]) &&
			(i == s || al_is_ascii_space((unsigned char) text[i - 1])))
			words++;
	/* the words before the abbreviation: "At 5" of "At 5 a.m." */
	return words >= 1 && words <= 2 && IN_LIST(text + first_start, first_len, phrase_prepositions);
}

/* A parenthetical citation then the sentence's end: ` (Smith 55).` */
static int
is_citation(const char *text, size_t b, size_t end)
{
	size_t		i;

	if (b >= end || text[b] != '(')
		return 0;
	for (i = b + 1; i < end && i - b < LOOK_BYTES; i++)
	{
		if (strchr(".!?()\n\r", text[i]) != NULL)
			break;
	}
	if (i >= end || text[i] != ')')
		return 0;
	i++;
	return i < end && (text[i] == '.' || text[i] == '!' || text[i] == '?');
}

/*
 * Decide the break that ICU proposes at b (after the terminator, its
 * closing quotes and the spaces that follow).  s is where the current
 * sentence starts, lower the previous break ICU proposed: no look-back
 * passes it.  Returns AL_BREAK_KEEP, AL_BREAK_SUPPRESS, or AL_BREAK_MOVE
 * with *moved set to where the sentence really ends.
 */
int
al_sentence_break(const char *text, size_t len, size_t s, size_t lower, size_t b, size_t *moved)
{
	size_t		p = b;
	size_t		close;
	size_t		close_end;
	size_t		run_end;
	size_t		run;
	size_t		word;
	size_t		bare_word;		/* where the word starts before its opening brackets */
	size_t		wlen;
	int			dots = 0;
	int			marks = 0;
	int			kind;

	if (lower < s)
		lower = s;
	/* the spaces before b; a line break left in the text is a hard end */
	while (p > lower && al_is_ascii_space((unsigned char) text[p - 1]))
	{
		if (text[p - 1] != ' ' && text[p - 1] != '\t')
			return AL_BREAK_KEEP;
		p--;
	}
	if (b < len && b == p)
		return AL_BREAK_KEEP;	/* CJK: no space needed, no rule applies */
	close_end = p;
	while ((close = closing_length_before(text, lower, p)) > 0)
		p -= close;
	run_end = p;

	/* the terminator run, including spaced ellipses ". . ." */
	run = run_end;
	while (run > lower)
	{
		char		c = text[run - 1];

		if (c == '.')
			dots++, run--;
		else if (c == '!' || c == '?')
			marks++, run--;
		else if (run >= lower + 3 && is_ellipsis_at(text, run - 3, run_end))
			dots += 3, run -= 3;
		else if (c == ' ' && run - 1 > lower && text[run - 2] == '.' && dots > 0)
			run--;
		else
			break;
	}
	while (run < run_end && text[run] == ' ')
		run++;
	if (dots + marks == 0)
		return AL_BREAK_KEEP;	/* not a terminator these rules know */

	if (is_citation(text, b, len))
		return AL_BREAK_SUPPRESS;

	if (dots == 0)
	{
		/* "Yahoo! is", "\"Why?\" she asked": a lowercase word goes on */
		if (next_starts_lowercase(text, b, len))
			return AL_BREAK_SUPPRESS;
		word = run;
		while (word > lower && al_ascii_is_alpha((unsigned char) text[word - 1]))
			word--;
		if (IN_LIST(text + word, run - word, exclaimed_names) && !next_is_opener(text, b, len))
			return AL_BREAK_SUPPRESS;
		return AL_BREAK_KEEP;
	}
	if (marks > 0)
		return AL_BREAK_KEEP;
	if (dots >= 4)
	{
		/* "compounds. . . . The": the period ends it, the ellipsis opens the next */
		if (run > lower && text[run - 1] != ' ' && text[run] == '.' &&
			run + 1 < run_end && text[run + 1] == ' ')
		{
			*moved = run + 1;
			return AL_BREAK_MOVE;
		}
		return AL_BREAK_KEEP;
	}
	if (dots == 3)
		return AL_BREAK_SUPPRESS;	/* an ellipsis marks an omission, not an end */
	if (dots == 2)
		return AL_BREAK_KEEP;

	/* one period: the word before it */
	word = run;
	while (word > lower && !al_is_ascii_space((unsigned char) text[word - 1]))
		word--;
	{
		size_t		open;
		AlListMarker m;

		/* "1.) The first item": the sentence so far is only a list marker */
		{
			size_t		i = s;

			while (i < run && al_is_ascii_space((unsigned char) text[i]))
				i++;
			if (al_list_marker(text, i, len, &m) == close_end - i)
				return AL_BREAK_SUPPRESS;
		}
		bare_word = word;
		while ((open = opening_length(text, word, run)) > 0)
			word += open;
		wlen = run - word;
		if (wlen == 0)
			return AL_BREAK_KEEP;

		/* "1. The first item 2. The second": the next marker; split later */
		if (al_list_marker(text, word, len, &m) > 0 && m.kind != AL_MARKER_UPPER_DOT &&
			starts_with_marker(text, s, run))
			return AL_BREAK_SUPPRESS;
	}

	kind = abbreviation_kind(text + word, wlen);
	if (kind & TITLE)
		return AL_BREAK_SUPPRESS;
	if ((kind & NUMBERED) && next_starts_with_digit(text, b, len))
		return AL_BREAK_SUPPRESS;
	if (kind & NEVER_END)
		return AL_BREAK_SUPPRESS;
	{
		int			initialism = is_initialism(text + word, wlen + 1);

		/*
		 * One letter is an initial ("George W. Bush") or a marker ("(a. the
		 * first)"), except the word "a" after a space ("… bought a. Then").
		 */
		if (initialism || (kind & MAY_END) ||
			(wlen == 1 && al_ascii_is_alpha((unsigned char) text[word]) &&
			 (text[word] != 'a' || word > bare_word)))
		{
			if (is_opening_phrase(text, s, word))
				return AL_BREAK_SUPPRESS;
			if (next_is_opener(text, b, len))
				return AL_BREAK_KEEP;
			if (initialism && next_is_title(text, b, len))
				return AL_BREAK_KEEP;
			return AL_BREAK_SUPPRESS;
		}
	}
	return AL_BREAK_KEEP;
}
