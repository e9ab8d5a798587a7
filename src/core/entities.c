/*
 * entities.c - find the gazetteer's names in a sentence, longest first,
 * and the capitalised names it does not know.
 *
 * Names and sentences are split into ICU words the same way.  Case matters:
 * a word matches an alias word as written ("US" is not the pronoun "us",
 * "Apple" is not the fruit), except that a word in capitals also matches
 * in any case, as headlines write names ("IFLYTEK" is iFlytek).  A
 * possessive "'s" is not part of a word for matching ("China's", "Xi's").
 * At each word the longest alias wins.
 *
 * Chinese and Japanese have no spaces, and ICU's dictionary splits a name
 * it does not know into single characters (科大讯飞 -> 科|大|讯|飞) or
 * joins its edge to a neighbour (从小米 -> 从小|米, 华为了 -> 华|为了),
 * differently in different sentences.  So a word with Han or kana in it is
 * matched character by character, in names and in sentences alike: a CJK
 * name matches wherever its characters stand in a row, however ICU split
 * them.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "al_core.h"

typedef struct Word
{
	const char *exact;			/* the word as written, possessive dropped */
	size_t		exact_len;
	char	   *folded;			/* its normalized form */
	size_t		folded_len;
	size_t		start;			/* bytes in the text */
	size_t		end;			/* possessive dropped */
	size_t		raw_end;		/* possessive included */
	int			cjk;			/* one character of a Chinese or Japanese word */
} Word;

typedef struct Alias
{
	int64_t		entity_id;
	Word	   *words;
	int			nwords;
	size_t		nbytes;			/* to prefer the longer alias on a tie */
} Alias;

typedef struct FirstWord
{
	uint32_t	hash;			/* of the first word, as written or folded */
	int			folded;
	int			alias;
} FirstWord;

struct AlGazetteer
{
	Alias	   *aliases;
	int			naliases;
	FirstWord  *index;			/* sorted by hash */
	int			nindex;
};

/* Common capitalised words that are not names when they stand alone. */
static const char *const not_names[] = {
	"AI", "I", "AGI", "GPU", "GPUs", "CPU", "CPUs", "CEO", "CEOs", "CTO", "CFO", "IPO", "API", "APIs",
	"LLM", "LLMs", "ML", "VC", "VCs", "PhD", "OK", "TV",
};

static size_t
possessive_length(const char *w, size_t n)
{
	if (n > 2 && w[n - 2] == '\'' && (w[n - 1] == 's' || w[n - 1] == 'S'))
		return 2;
	if (n > 4 && memcmp(w + n - 4, "\xE2\x80\x99", 3) == 0 && (w[n - 1] == 's' || w[n - 1] == 'S'))
		return 4;
	return 0;
}

/* Does text[start, end) hold a Han, Hiragana or Katakana character? */
static int
has_cjk(const char *text, size_t start, size_t end)
{
	int32_t		i = (int32_t) start;

	while ((size_t) i < end)
	{
		UChar32		c;
		UErrorCode	status = U_ZERO_ERROR;
		UScriptCode script;

		U8_NEXT(text, i, (int32_t) end, c);
		script = uscript_getScript(c, &status);
		if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA)
			return 1;
	}
	return 0;
}

/* One more word, text[start, raw_end), with its exact and folded forms. */
static int
push_word(const AlEnv *env, Word **words, int *nwords, int *capacity, const char *text,
		  size_t start, size_t raw_end, int cjk, char **ascii_folds)
{
	Word	   *w;
	size_t		n = raw_end - start;

	*words = al_grow(env, *words, *nwords, capacity, sizeof(Word));
	w = &(*words)[(*nwords)++];
	w->exact = text + start;
	w->exact_len = n - possessive_length(w->exact, n);
	w->start = start;
	w->end = start + w->exact_len;
	w->raw_end = raw_end;
	w->cjk = cjk;
	/*
	 * A word of printable ASCII (but the backtick, which folds to an
	 * apostrophe) folds to its ASCII lower case: skip ICU for it, as for
	 * most words, with one allocation instead of several.
	 */
	{
		size_t		k = 0;

		while (k < w->exact_len && w->exact[k] > 0x20 && w->exact[k] < 0x7F && w->exact[k] != '`')
			k++;
		if (k == w->exact_len)
		{
			/* into the text's one buffer of folds (see split) */
			char	   *folded = *ascii_folds;

			for (k = 0; k < w->exact_len; k++)
				folded[k] = (char) al_ascii_lower((unsigned char) w->exact[k]);
			folded[k] = '\0';
			*ascii_folds += w->exact_len + 1;
			w->folded = folded;
			w->folded_len = w->exact_len;
			return AL_OK;
		}
	}
	return al_normalize(env, w->exact, w->exact_len, &w->folded, &w->folded_len);
}

/* The words of a text, with their exact and folded forms; CJK words by character. */
static int
split(const AlEnv *env, const char *text, size_t len, Word **words, int *nwords)
{
	AlSpanList	spans = {0};
	int			rc = al_tokenize(env, text, len, &spans);
	int			capacity = 0;
	unsigned	steps = 0;
	/*
	 * Words do not overlap, so their ASCII folds fit in twice the text (a
	 * word can be one character: itself and a NUL).
	 */
	char	   *ascii_folds = env->alloc(env->ctx, 2 * len + 1);

	*words = NULL;
	*nwords = 0;
	for (int i = 0; rc == AL_OK && i < spans.count; i++)
	{
		size_t		start = spans.items[i].start_byte;
		size_t		end = spans.items[i].end_byte;

		al_loop_tick(env, &steps);
		if (!has_cjk(text, start, end))
		{
			rc = push_word(env, words, nwords, &capacity, text, start, end, 0, &ascii_folds);
			continue;
		}
		while (rc == AL_OK && start < end)
		{
			int32_t		next = (int32_t) start;

			U8_FWD_1(text, next, (int32_t) end);
			rc = push_word(env, words, nwords, &capacity, text, start, (size_t) next, 1, &ascii_folds);
			start = (size_t) next;
		}
	}
	return rc;
}

static int
has_lowercase(const char *s, size_t n)
{
	int32_t		i = 0;

	while ((size_t) i < n)
	{
		UChar32		c;

		U8_NEXT(s, i, (int32_t) n, c);
		if (u_islower(c))
			return 1;
	}
	return 0;
}

static uint32_t
word_hash(const Word *w, int exact)
{
	return exact ? al_hash_bytes(w->exact, w->exact_len) : al_hash_bytes(w->folded, w->folded_len);
}

static int
compare_first_word(const void *a, const void *b)
{
	const FirstWord *x = a;
	const FirstWord *y = b;

	if (x->hash != y->hash)
		return (x->hash > y->hash) - (x->hash < y->hash);
	if (x->folded != y->folded)
		return x->folded - y->folded;
	return (x->alias > y->alias) - (x->alias < y->alias);
}

int
al_gazetteer_build(const AlEnv *env, const AlAliasInput *input, int n, AlGazetteer **out)
{
	AlGazetteer *g = env->alloc(env->ctx, sizeof(AlGazetteer));

	g->aliases = env->alloc(env->ctx, sizeof(Alias) * (size_t) (n > 0 ? n : 1));
	g->index = env->alloc(env->ctx, sizeof(FirstWord) * (size_t) (n > 0 ? 2 * n : 1));
	g->naliases = g->nindex = 0;
	for (int i = 0; i < n; i++)
	{
		Alias	   *a = &g->aliases[g->naliases];
		int			rc = split(env, input[i].text, input[i].len, &a->words, &a->nwords);

		if (rc != AL_OK)
			return rc;
		if (a->nwords == 0)
			continue;			/* an alias of punctuation only can never match */
		a->entity_id = input[i].entity_id;
		a->nbytes = input[i].len;
		for (int folded = 0; folded <= 1; folded++)
		{
			g->index[g->nindex].hash = word_hash(&a->words[0], !folded);
			g->index[g->nindex].folded = folded;
			g->index[g->nindex].alias = g->naliases;
			g->nindex++;
		}
		g->naliases++;
	}
	qsort(g->index, (size_t) g->nindex, sizeof(FirstWord), compare_first_word);
	*out = g;
	return AL_OK;
}

/* Can a name go on from word a to word b: one separator, no possessive between? */
static int
continues_name(const Word *a, const Word *b)
{
	return a->raw_end == a->end && b->start <= a->raw_end + 1;
}

static int
same_word(const Word *a, const Word *b, int exact)
{
	if (exact)
		return a->exact_len == b->exact_len && memcmp(a->exact, b->exact, a->exact_len) == 0;
	return a->folded_len == b->folded_len && memcmp(a->folded, b->folded, a->folded_len) == 0;
}

/* Compare as written, unless the text word is in capitals. */
static int
word_matches(const Word *alias_word, const Word *text_word)
{
	return same_word(alias_word, text_word, has_lowercase(text_word->exact, text_word->exact_len));
}

/* The longest alias that starts at word i, or -1. */
static int
longest_alias_at(const AlGazetteer *g, const Word *words, int nwords, int i)
{
	int			best = -1;
	int			folded = !has_lowercase(words[i].exact, words[i].exact_len);
	uint32_t	h = word_hash(&words[i], !folded);
	int			lo = 0,
				hi = g->nindex;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (g->index[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < g->nindex && g->index[lo].hash == h; lo++)
	{
		const Alias *a = &g->aliases[g->index[lo].alias];
		int			k;

		if (g->index[lo].folded != folded || i + a->nwords > nwords)
			continue;
		for (k = 0; k < a->nwords; k++)
			if (!word_matches(&a->words[k], &words[i + k]) ||
				(k > 0 && !continues_name(&words[i + k - 1], &words[i + k])))
				break;
		if (k < a->nwords)
			continue;
		if (best < 0 || a->nwords > g->aliases[best].nwords ||
			(a->nwords == g->aliases[best].nwords && a->nbytes > g->aliases[best].nbytes))
			best = g->index[lo].alias;
	}
	return best;
}

static int
is_capitalised(const Word *w)
{
	int32_t		i = 0;
	UChar32		c;

	if (w->cjk)
		return 0;				/* "A" of "A股" is not a name */
	U8_NEXT(w->exact, i, (int32_t) w->exact_len, c);
	return u_isupper(c) || u_istitle(c);
}

/* Is the word at byte pos the first of a sentence (text start or after . ! ?)? */
static int
opens_sentence(const char *text, size_t pos)
{
	while (pos > 0 && (text[pos - 1] == ' ' || text[pos - 1] == '"' || text[pos - 1] == '\''))
		pos--;
	if (pos == 0 || text[pos - 1] == '!' || text[pos - 1] == '?')
		return 1;
	/* a period after an initial ("U.S.", "W.") is not a sentence end */
	if (text[pos - 1] == '.')
		return !(pos >= 2 && text[pos - 2] >= 'A' && text[pos - 2] <= 'Z' &&
				 (pos == 2 || text[pos - 3] == '.' || text[pos - 3] == ' '));
	return 0;
}

static int
is_not_a_name(const Word *w)
{
	for (size_t k = 0; k < sizeof(not_names) / sizeof(not_names[0]); k++)
		if (strlen(not_names[k]) == w->exact_len && memcmp(not_names[k], w->exact, w->exact_len) == 0)
			return 1;
	return 0;
}

static void
push_mention(const AlEnv *env, AlMentionList *list, AlCharCursor *cursor, size_t start, size_t end,
			 int64_t entity_id)
{
	AlMention	m;

	m.entity_id = entity_id;
	m.span = al_cursor_span(cursor, start, end);
	list->items = al_grow(env, list->items, list->count, &list->capacity, sizeof(AlMention));
	list->items[list->count++] = m;
}

int
al_match_entities(const AlEnv *env, const AlGazetteer *g, const char *text, size_t len,
				  AlMentionList *out)
{
	Word	   *words;
	int			nwords;
	int			rc = split(env, text, len, &words, &nwords);
	int			i = 0;
	AlCharCursor cursor;
	unsigned	steps = 0;

	if (rc != AL_OK)
		return rc;
	al_cursor_init(&cursor, text);
	while (i < nwords)
	{
		int			a;

		al_loop_tick(env, &steps);
		a = longest_alias_at(g, words, nwords, i);

		if (a >= 0)
		{
			int			last = i + g->aliases[a].nwords - 1;

			push_mention(env, out, &cursor, words[i].start, words[last].end, g->aliases[a].entity_id);
			i = last + 1;
			continue;
		}
		/* a run of capitalised words that the gazetteer does not know */
		if (is_capitalised(&words[i]) && !is_not_a_name(&words[i]))
		{
			int			j = i;

			while (j + 1 < nwords && is_capitalised(&words[j + 1]) && !is_not_a_name(&words[j + 1]) &&
				   continues_name(&words[j], &words[j + 1]) && text[words[j].raw_end] == ' ' &&
				   longest_alias_at(g, words, nwords, j + 1) < 0)
				j++;
			/* one capitalised word opening a sentence is just a sentence start */
			if (j > i || !opens_sentence(text, words[i].start))
				push_mention(env, out, &cursor, words[i].start, words[j].end, 0);
			i = j + 1;
			continue;
		}
		i++;
	}
	return AL_OK;
}
