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
 * before "said"/"says".
 */
#include <ctype.h>
#include <string.h>

#include "al_core.h"

#define MAX_WORDS 512

typedef struct Words
{
	size_t		start[MAX_WORDS];
	size_t		end[MAX_WORDS];
	int			count;
} Words;

static void
split_words(const char *text, size_t len, Words *w)
{
	size_t		i = 0;

	w->count = 0;
	while (i < len && w->count < MAX_WORDS)
	{
		if (isalpha((unsigned char) text[i]))
		{
			size_t		s = i;

			while (i < len && (isalpha((unsigned char) text[i]) || text[i] == '\'' ||
							   (text[i] == '-' && i + 1 < len && isalpha((unsigned char) text[i + 1]))))
				i++;
			w->start[w->count] = s;
			w->end[w->count] = i;
			w->count++;
		}
		else
			i++;
	}
}

static int
word_equals(const char *text, const Words *w, int k, const char *word)
{
	size_t		n = strlen(word);

	if (k < 0 || k >= w->count || w->end[k] - w->start[k] != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char) text[w->start[k] + i]) != word[i])
			return 0;
	return 1;
}

/* Does the phrase (space-separated words) occur at word k? */
static int
phrase_at(const char *text, const Words *w, int k, const char *phrase)
{
	char		word[64];
	const char *p = phrase;

	while (*p)
	{
		size_t		n = strcspn(p, " ");

		if (n >= sizeof(word))
			return 0;
		memcpy(word, p, n);
		word[n] = '\0';
		if (!word_equals(text, w, k, word))
			return 0;
		k++;
		p += n;
		if (*p == ' ')
			p++;
	}
	return 1;
}

static int
has_phrase(const char *text, const Words *w, const char *const *phrases, size_t n)
{
	for (int k = 0; k < w->count; k++)
		for (size_t i = 0; i < n; i++)
			if (phrase_at(text, w, k, phrases[i]))
				return 1;
	return 0;
}

#define HAS(list) has_phrase(text, &w, list, sizeof(list) / sizeof(list[0]))

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

int
al_modality(const char *text, size_t len, AlModality *out)
{
	Words		w;

	memset(out, 0, sizeof(*out));
	split_words(text, len, &w);

	out->kind = AL_FACT;
	for (size_t i = 0; i < sizeof(meta_openings) / sizeof(meta_openings[0]); i++)
		if (phrase_at(text, &w, 0, meta_openings[i]))
			out->kind = AL_META;
	if (out->kind == AL_FACT && word_equals(text, &w, 0, "it"))
		for (size_t i = 0; i < sizeof(meta_verbs_after_it) / sizeof(meta_verbs_after_it[0]); i++)
			if (phrase_at(text, &w, 1, meta_verbs_after_it[i]))
				out->kind = AL_META;
	if (out->kind == AL_FACT && HAS(opinion_cues))
		out->kind = AL_OPINION;
	if (out->kind == AL_FACT && HAS(forecast_cues))
		out->kind = AL_FORECAST;
	if (out->kind == AL_FACT && HAS(hedge_cues))
		out->kind = AL_HEDGED;

	for (int k = 0; k < w.count; k++)
	{
		size_t		n = w.end[k] - w.start[k];

		if (n > 3 && memcmp(text + w.end[k] - 3, "n't", 3) == 0)
			out->negated = 1;
	}
	if (HAS(negation_cues))
		out->negated = 1;

	/* attribution: "according to X[,.;]" or "X said" */
	for (int k = 0; k + 1 < w.count; k++)
	{
		if (phrase_at(text, &w, k, "according to") && k + 2 < w.count)
		{
			size_t		s = w.start[k + 2];
			size_t		e = s;

			while (e < len && text[e] != ',' && text[e] != ';' && text[e] != ')' &&
				   !(text[e] == '.' && (e + 1 == len || text[e + 1] == ' ')))
				e++;
			out->attribution.start_byte = s;
			out->attribution.end_byte = e;
			break;
		}
		if ((word_equals(text, &w, k + 1, "said") || word_equals(text, &w, k + 1, "says")) &&
			isupper((unsigned char) text[w.start[k]]))
		{
			int			first = k;

			while (first > 0 && isupper((unsigned char) text[w.start[first - 1]]) &&
				   w.start[first] - w.end[first - 1] == 1)
				first--;
			out->attribution.start_byte = w.start[first];
			out->attribution.end_byte = w.end[k];
			break;
		}
	}
	if (out->attribution.end_byte > out->attribution.start_byte)
		out->attribution = al_span_of(text, out->attribution.start_byte, out->attribution.end_byte);
	return AL_OK;
}
