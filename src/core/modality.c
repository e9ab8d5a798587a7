/*
 * modality.c - what kind of statement a sentence is, and who says so.
 *
 * Cue phrases, matched on whole words (case-insensitive), decide the kind;
 * when several kinds have cues the first in this order wins:
 *   meta      the sentence is about the text: "The article discusses ...",
 *             "It highlights that ..."
 *   opinion   "argue", "believe", "should", "in my view" ...
 *   forecast  "is expected to", "will", "is likely to", "could eventually" ...
 *   hedged    "may", "might", "could", "possibly", "potentially" ...
 *   fact      none of these
 * Negation ("not", "never", "cannot", "-n't") is a separate flag.  The
 * attribution is the text after "according to", or the capitalised name
 * before "said"/"says".  The whole text is read, however long.
 */
#include <string.h>

#include "al_core.h"

/*
 * Words are runs of ASCII letters, with inner apostrophes and hyphens
 * ("doesn't", "long-term").  They are read one at a time, with no limit on
 * their number: a cue at the end of a long text counts as one at its start.
 */
typedef struct Word
{
	size_t		start;
	size_t		end;			/* exclusive; start == end: no word */
} Word;

/* The first word that starts at or after pos. */
static Word
word_from(const char *text, size_t len, size_t pos)
{
	Word		w;

	while (pos < len && !al_ascii_is_alpha((unsigned char) text[pos]))
		pos++;
	w.start = pos;
	while (pos < len && (al_ascii_is_alpha((unsigned char) text[pos]) || text[pos] == '\'' ||
						 (text[pos] == '-' && pos + 1 < len && al_ascii_is_alpha((unsigned char) text[pos + 1]))))
		pos++;
	w.end = pos;
	return w;
}

static int
word_equals(const char *text, Word w, const char *word)
{
	size_t		n = strlen(word);

	return w.end - w.start == n && al_ascii_equal_ci(text + w.start, word, n);
}

/* Does the phrase (space-separated words) start with word w? */
static int
phrase_at(const char *text, size_t len, Word w, const char *phrase)
{
	const char *p = phrase;

	/* most words differ from the phrase in their first letter (phrases are lowercase) */
	if (w.end == w.start || al_ascii_lower((unsigned char) text[w.start]) != (unsigned char) p[0])
		return 0;
	for (;;)
	{
		size_t		n = strcspn(p, " ");

		if (w.end - w.start != n || !al_ascii_equal_ci(text + w.start, p, n))
			return 0;
		p += n;
		if (*p == '\0')
			return 1;
		p++;
		w = word_from(text, len, w.end);
	}
}

static int
any_phrase_at(const char *text, size_t len, Word w, const char *const *phrases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (phrase_at(text, len, w, phrases[i]))
			return 1;
	return 0;
}

#define AT(word, list) any_phrase_at(text, len, word, list, sizeof(list) / sizeof(list[0]))

static const char *const meta_openings[] = {
	"the article", "this article", "the report", "this report", "the piece", "this piece",
	"the author", "the authors", "the text", "the summary", "this summary",
};
static const char *const meta_verbs_after_it[] = {
	"highlights", "notes", "discusses", "mentions", "explains", "describes", "concludes",
	"points out", "emphasizes", "emphasises", "outlines", "summarizes", "summarises",
};
static const char *const opinion_cues[] = {
	"argue", "argues", "argued", "believe", "believes", "believed", "contend", "contends",
	"should", "ought to", "in my view", "in our view", "in their view", "opinion",
};
static const char *const forecast_cues[] = {
	"is expected to", "are expected to", "was expected to", "were expected to", "expected to",
	"will", "is likely to", "are likely to", "likely to", "could eventually", "is set to",
	"are set to", "forecast", "forecasts", "predict", "predicts", "predicted", "projected to",
	"is poised to", "are poised to", "is on track to", "are on track to",
};
static const char *const hedge_cues[] = {
	"may", "might", "could", "possibly", "potentially", "perhaps", "maybe",
};
static const char *const negation_cues[] = {
	"not", "no", "never", "cannot", "neither", "nor",
};

/* "according to X[,.;)]": X runs from word w to the end of its clause. */
static AlSpan
according_to(const char *text, size_t len, Word w)
{
	AlSpan		span = {0};
	size_t		e = w.start;

	while (e < len && text[e] != ',' && text[e] != ';' && text[e] != ')' &&
		   !(text[e] == '.' && (e + 1 == len || text[e + 1] == ' ')))
		e++;
	span.start_byte = w.start;
	span.end_byte = e;
	return span;
}

int
al_modality_env(const AlEnv *env, const char *text, size_t len, AlModality *out)
{
	Word		first = word_from(text, len, 0);
	Word		w;
	int			opinion = 0,
				forecast = 0,
				hedged = 0,
				attributed = 0;
	size_t		name_start = 0; /* first of the capitalised words, one space apart, ending at w */
	Word		previous = {0, 0};
	unsigned	steps = 0;

	memset(out, 0, sizeof(*out));
	out->kind = AL_FACT;
	if (AT(first, meta_openings) ||
		(word_equals(text, first, "it") && AT(word_from(text, len, first.end), meta_verbs_after_it)))
		out->kind = AL_META;

	for (w = first; w.end > w.start; previous = w, w = word_from(text, len, w.end))
	{
		al_loop_tick(env, &steps);
		opinion = opinion || AT(w, opinion_cues);
		forecast = forecast || AT(w, forecast_cues);
		hedged = hedged || AT(w, hedge_cues);
		if ((w.end - w.start > 3 && al_ascii_equal_ci(text + w.end - 3, "n't", 3)) || AT(w, negation_cues))
			out->negated = 1;

		if (al_ascii_is_upper((unsigned char) text[w.start]) &&
			!(previous.end > previous.start && al_ascii_is_upper((unsigned char) text[previous.start]) &&
			  w.start - previous.end == 1))
			name_start = w.start;
		/* attribution: the first "according to X" or "X said" */
		if (!attributed)
		{
			Word		next = word_from(text, len, w.end);

			if (phrase_at(text, len, w, "according to"))
			{
				Word		source = word_from(text, len, next.end);

				if (source.end > source.start)
				{
					out->attribution = according_to(text, len, source);
					attributed = 1;
				}
			}
			else if ((word_equals(text, next, "said") || word_equals(text, next, "says")) &&
					 al_ascii_is_upper((unsigned char) text[w.start]))
			{
				out->attribution.start_byte = name_start;
				out->attribution.end_byte = w.end;
				attributed = 1;
			}
		}
	}
	if (out->kind == AL_FACT)
		out->kind = opinion ? AL_OPINION : forecast ? AL_FORECAST : hedged ? AL_HEDGED : AL_FACT;
	if (attributed)
		out->attribution = al_span_of(text, out->attribution.start_byte, out->attribution.end_byte);
	return AL_OK;
}

int
al_modality(const char *text, size_t len, AlModality *out)
{
	return al_modality_env(NULL, text, len, out);
}
