/*
 * al_core.h - the language core of ai_landscape.
 *
 * Everything declared here works on UTF-8 text and knows nothing of
 * PostgreSQL: it can be unit-tested, benchmarked and fuzzed on its own
 * (see fuzz/ and src/core/core_test.c).  Memory comes from an allocator the
 * caller supplies, so inside the server every byte is palloc'd in the
 * caller's memory context and nothing leaks when an ERROR unwinds.
 */
#ifndef AL_CORE_H
#define AL_CORE_H

#include <stddef.h>
#include <pthread.h>
#include <stdint.h>

/* How the caller wants memory allocated, and how long loops check in. */
typedef struct AlEnv
{
	void	   *(*alloc) (void *ctx, size_t size);	/* never returns NULL */
	void		(*check_interrupts) (void *ctx);	/* may be NULL */
	void	   *ctx;
	/* for work split over threads (cluster.c); both may be 0 / NULL */
	int			(*interrupt_pending) (void *ctx);	/* would check_interrupts act? */
	int			threads;		/* threads the join may use (<= 1: none) */
} AlEnv;

/* Result codes: 0 is success, negative values are failures. */
#define AL_OK				0
#define AL_ERR_ENCODING		(-1)	/* input is not valid UTF-8 */
#define AL_ERR_ICU			(-2)	/* ICU refused (out of memory, missing data) */
#define AL_ERR_TOO_LONG		(-3)	/* input longer than AL_MAX_TEXT_BYTES */
#define AL_ERR_MEMORY		(-4)	/* a thread's allocation failed */

/* ICU indexes text with int32_t; stay well below that. */
#define AL_MAX_TEXT_BYTES	((size_t) 512 * 1024 * 1024)

/* A piece of a text, both in bytes and in characters (code points). */
typedef struct AlSpan
{
	size_t		start_byte;
	size_t		end_byte;		/* exclusive */
	int64_t		start_char;
	int64_t		end_char;		/* exclusive */
} AlSpan;

/* A growable array of spans, allocated through an AlEnv. */
typedef struct AlSpanList
{
	AlSpan	   *items;
	int			count;
	int			capacity;
} AlSpanList;

/* normalize.c: NFKC + case fold + quote/dash/whitespace folding. */
extern int	al_normalize(const AlEnv *env, const char *text, size_t len,
						 char **out, size_t *out_len);

/* utf8.c: AL_OK if the bytes are well-formed UTF-8 without NUL, else AL_ERR_ENCODING. */
extern int	al_utf8_check(const char *text, size_t len);

/* normalize.c: collapse whitespace runs to one space and trim; no ICU. */
extern size_t al_fold_whitespace(const char *text, size_t len, char *out);

/* segment.c: sentences of a text, leading/trailing invisible characters excluded. */
extern int	al_segment_sentences(const AlEnv *env, const char *text, size_t len,
								 AlSpanList *out);
extern int	al_is_invisible(int32_t c);	/* white space or default-ignorable */

/* segment_lines.c: a copy with line breaks inside paragraphs made spaces, or NULL if none. */
#define AL_WRAP_MAX_COLUMNS	160	/* longer lines are never taken for hard-wrapped ones */
extern char *al_unwrap_lines(const AlEnv *env, const char *text, size_t len);

/* segment_rules.c: list markers, the verdict on a break ICU proposes, breaks it passes over. */
#define AL_MARKER_BULLET	1	/* • ‣ ⁃ ◦ ▪ ... */
#define AL_MARKER_NUMBER	2	/* 1. 1) 1.) (1) */
#define AL_MARKER_LOWER		3	/* a. a) (a) */
#define AL_MARKER_UPPER		4	/* A) (A) */
#define AL_MARKER_UPPER_DOT	5	/* A. : as likely an initial */
#define AL_STYLE_DOT		1
#define AL_STYLE_PAREN		2
#define AL_STYLE_DOT_PAREN	3
#define AL_STYLE_PARENS		4

typedef struct AlListMarker
{
	int			kind;			/* AL_MARKER_... */
	int			style;			/* AL_STYLE_..., 0 for a bullet */
	int32_t		value;			/* the number, letter or bullet code point */
} AlListMarker;

#define AL_BREAK_KEEP		0
#define AL_BREAK_SUPPRESS	1
#define AL_BREAK_MOVE		2

extern size_t al_list_marker(const char *text, size_t pos, size_t end, AlListMarker *m);
extern size_t al_next_sentence_start(const char *text, size_t start, size_t end);
extern int	al_is_next_marker(const char *text, size_t pos, size_t end, const AlListMarker *m);
extern int	al_ends_before_number(const char *text, size_t start, size_t end);
extern int	al_sentence_break(const char *text, size_t len, size_t s, size_t lower, size_t b,
							  size_t *moved);

/* tokenize.c: ICU words of a text (punctuation and spaces dropped). */
extern int	al_tokenize(const AlEnv *env, const char *text, size_t len,
						AlSpanList *out);

/* shingle.c: hashed words, sorted, no repeats. */
typedef struct AlShingles
{
	uint32_t   *hashes;
	int			count;			/* at least 1 for any non-empty text */
} AlShingles;

extern int	al_shingles(const AlEnv *env, const char *norm, size_t len, AlShingles *out);
extern int	al_shingles_from_words(const AlEnv *env, const char *norm, size_t len,
								   const AlSpanList *words, AlShingles *out);
extern uint32_t al_hash_bytes(const char *s, size_t len);
extern int	al_sort_unique(uint32_t *v, int n);
extern int	al_overlap(const uint32_t *a, int na, const uint32_t *b, int nb);
extern int	al_overlap_at_least(const uint32_t *a, int na, const uint32_t *b, int nb, int need);
extern float al_dice(int common, int na, int nb);
extern int	al_min_overlap(int n, float threshold);
extern int	al_pair_min_overlap(int na, int nb, float threshold);
extern int	al_sizes_can_match(int na, int nb, float threshold);

/* word_order.c: a fixed global word order (rarest first) and prefix filtering. */
typedef struct AlVocabulary
{
	const uint32_t *hashes;		/* sorted ascending */
	const int32_t *ranks;		/* rank of hashes[i]: 1 = the most frequent word */
	int			count;
} AlVocabulary;

extern uint64_t al_word_order_key(const AlVocabulary *vocabulary, uint32_t hash);
extern void al_order_words(const AlEnv *env, const AlVocabulary *vocabulary,
						   const uint32_t *hashes, int n, uint32_t *out);
#define AL_MAX_LEFT_OUT 10		/* frequent words a row may leave out of its index */
extern int	al_indexed_prefix(int n, float min_threshold);
extern void al_prefix_query_bounds(int n, float threshold, float min_threshold,
								   int *probe_prefix, int *needed);

/* cluster.c: exact all-pairs similarity join and connected components. */
typedef struct AlClusterStats
{
	int64_t		unique_sets;	/* distinct shingle sets */
	int64_t		candidates;		/* pairs whose overlap was counted */
	int64_t		similar_pairs;	/* of those, pairs at or above the threshold */
} AlClusterStats;

extern int	al_cluster(const AlEnv *env, const AlShingles *items, int n, float threshold,
					   int *earliest_similar, int *component, AlClusterStats *stats);

/* The similarity graph behind a join: distinct sets and their similar pairs. */
typedef struct AlClusterGraph
{
	int		   *set_of;			/* per item: its distinct (set, key), numbered by first item */
	int			nsets;
	int		   *pair_a;			/* similar pairs of distinct sets (a != b) */
	int		   *pair_b;
	int			npairs;
} AlClusterGraph;

/*
 * al_cluster with a key per item (NULL: all equal): items link only when
 * their keys are equal too.  graph (may be NULL) receives the graph.
 */
extern int	al_cluster_ex(const AlEnv *env, const AlShingles *items, const uint64_t *keys, int n,
						  float threshold, int *earliest_similar, int *component,
						  AlClusterGraph *graph, AlClusterStats *stats);

/*
 * article_links.c: near-duplicate articles.  Article X repeats an earlier
 * article Y (smaller id) when at least 80% of X's claims have a linked
 * claim (same set, or a similar pair of the graph) in Y; of several, the
 * one with most such claims, then the smallest id.  Items are claims in id
 * order; the articles of items at or after first_target are judged, and
 * near[k] (-1: none) is set for each article[k] of them, in id order.
 * extra_start/extra_articles (may be NULL): for item first_target + j,
 * extra_articles[extra_start[j] .. extra_start[j + 1]) are the articles of
 * further claims it repeats that are not among the items.
 */
extern int	al_near_duplicate_articles(const AlEnv *env, int n, const int64_t *article_of,
									   const AlClusterGraph *graph, int first_target,
									   const int *extra_start, const int64_t *extra_articles,
									   int64_t **articles, int64_t **near, int *narticles);

/*
 * figures.c: what a claim must agree on to repeat another: the money
 * amounts and percentages it states (by value, however written), the
 * years it names, and negation, as one 64-bit key.
 */
extern int	al_figure_key(const AlEnv *env, const char *text, size_t len, uint64_t *key);

/* amounts.c: money amounts and percentages. */
typedef struct AlAmount
{
	AlSpan		span;			/* the text of the amount, currency and scale included */
	char		low[64];		/* decimal digits, as written: "15.5" */
	char		high[64];		/* upper end of a range, or "" */
	int			exponent;		/* power of ten of the scale word: billion = 9 */
	char		currency[4];	/* ISO 4217, "" for a percentage */
	int			is_percentage;
} AlAmount;

typedef struct AlAmountList
{
	AlAmount   *items;
	int			count;
	int			capacity;
} AlAmountList;

extern int	al_find_amounts(const AlEnv *env, const char *text, size_t len, AlAmountList *out);

/* times.c: years, relative years, durations. */
#define AL_TIME_YEAR		1	/* "2022", "early 2023" */
#define AL_TIME_RELATIVE	2	/* "this year" (offset 0), "last year" (-1), "next year" (+1) */
#define AL_TIME_DURATION	3	/* "three years", "two-year" */

typedef struct AlTime
{
	AlSpan		span;
	int			kind;
	int			year;			/* AL_TIME_YEAR */
	char		qualifier[8];	/* "early", "mid", "late" or "" */
	int			offset;			/* AL_TIME_RELATIVE: years from the article's year */
	int			value;			/* AL_TIME_DURATION: how many units */
	char		unit[8];		/* "year", "month", "week", "day", "decade" */
} AlTime;

typedef struct AlTimeList
{
	AlTime	   *items;
	int			count;
	int			capacity;
} AlTimeList;

extern int	al_find_times(const AlEnv *env, const char *text, size_t len, AlTimeList *out);

/* modality.c: the kind of statement, negation, attribution. */
#define AL_FACT		0
#define AL_FORECAST	1
#define AL_HEDGED	2
#define AL_OPINION	3
#define AL_META		4

typedef struct AlModality
{
	int			kind;			/* AL_FACT ... AL_META */
	int			negated;
	AlSpan		attribution;	/* empty if none */
} AlModality;

extern int	al_modality_env(const AlEnv *env, const char *text, size_t len, AlModality *out);
/* the same without an environment: no interrupt checks (it allocates nothing) */
extern int	al_modality(const char *text, size_t len, AlModality *out);

/* entities.c: gazetteer matching and unknown capitalised names. */
typedef struct AlAliasInput
{
	int64_t		entity_id;
	const char *text;
	size_t		len;
} AlAliasInput;

typedef struct AlGazetteer AlGazetteer;

typedef struct AlMention
{
	AlSpan		span;
	int64_t		entity_id;		/* 0: a capitalised name the gazetteer does not know */
} AlMention;

typedef struct AlMentionList
{
	AlMention  *items;
	int			count;
	int			capacity;
} AlMentionList;

extern int	al_gazetteer_build(const AlEnv *env, const AlAliasInput *aliases, int n, AlGazetteer **out);
extern int	al_match_entities(const AlEnv *env, const AlGazetteer *g, const char *text, size_t len,
							  AlMentionList *out);

/* spans.c: helpers shared by the segmenters and extractors. */
extern void *al_grow(const AlEnv *env, void *items, int count, int *capacity, size_t item_size);
extern void al_spans_push(const AlEnv *env, AlSpanList *list, AlSpan span);
extern AlSpan al_span_of(const char *text, size_t start, size_t end);
extern int64_t al_count_chars(const char *text, size_t len);
extern void al_loop_tick(const AlEnv *env, unsigned *steps);

/* Keeps byte and character offsets in step while a scan moves through a text. */
typedef struct AlCharCursor
{
	const char *text;
	size_t		byte;
	int64_t		chr;
} AlCharCursor;

extern void al_cursor_init(AlCharCursor *cur, const char *text);
extern int64_t al_cursor_char(AlCharCursor *cur, size_t byte);
extern AlSpan al_cursor_span(AlCharCursor *cur, size_t start, size_t end);

/*
 * ascii.c: character classes and case of ASCII, independent of the locale
 * (the core never uses <ctype.h>, which follows LC_CTYPE).
 */
static inline int
al_ascii_is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int
al_ascii_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || al_ascii_is_upper(c);
}

static inline int
al_ascii_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline int
al_ascii_is_alnum(unsigned char c)
{
	return al_ascii_is_alpha(c) || al_ascii_is_digit(c);
}

static inline unsigned char
al_ascii_lower(unsigned char c)
{
	return al_ascii_is_upper(c) ? (unsigned char) (c + ('a' - 'A')) : c;
}

extern int	al_ascii_equal_ci(const char *a, const char *b, size_t n);
extern int	al_is_ascii_space(unsigned char c);

/* icu_cache.c: break iterators opened once per thread and reused. */
struct UBreakIterator;
extern struct UBreakIterator *al_sentence_iterator(void);
extern struct UBreakIterator *al_word_iterator(void);
extern void al_icu_release_thread(void);

/*
 * claim_features.c: shingles (of the normalized text) and figure key (of
 * the original) of n claims, over up to env->threads threads.  The hashes
 * are allocated with env->alloc, in the calling thread; on a failure the
 * code of the earliest failing text is returned.
 */
typedef struct AlClaimText
{
	const char *normalized;
	size_t		normalized_len;
	const char *original;
	size_t		original_len;
} AlClaimText;

extern int	al_claim_features(const AlEnv *env, const AlClaimText *texts, int n,
							  AlShingles *shingles, uint64_t *keys);

/*
 * threads.c: start workers 1 .. nthreads - 1 (of an array of worker_size
 * records) in threads[1 ..] with every signal blocked; returns the last
 * one started (0: none), the caller runs worker 0 and any that did not start.
 */
extern int	al_start_threads(pthread_t *threads, int nthreads, void *(*run) (void *),
							 void *workers, size_t worker_size);

#endif							/* AL_CORE_H */
