/*
 * core_test.c - unit tests of the language core, outside the server.
 *
 * Build and run: make core-test
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "al_core.h"

static int failures;
static int checks;

static void *
heap_alloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (p == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	return p;					/* leaked on purpose: a test process */
}

static const AlEnv env = {.alloc = heap_alloc};

/* An environment that counts how often a long loop checks for interrupts. */
static long interrupt_checks;

static void
count_check(void *ctx)
{
	(void) ctx;
	interrupt_checks++;
}

static const AlEnv counting_env = {.alloc = heap_alloc, .check_interrupts = count_check};

/* TAP output: one "ok" or "not ok" line per check */
#define CHECK(cond, ...) \
	do { checks++; \
		if (cond) printf("ok %d - %s:%d\n", checks, __FILE__, __LINE__); \
		else { failures++; printf("not ok %d - %s:%d: ", checks, __FILE__, __LINE__); \
			printf(__VA_ARGS__); putchar('\n'); } } while (0)

static void
expect_normalized(const char *in, const char *want)
{
	char	   *out;
	size_t		out_len;
	int			rc = al_normalize(&env, in, strlen(in), &out, &out_len);

	CHECK(rc == AL_OK && strcmp(out, want) == 0,
		  "normalize(\"%s\") = \"%s\", want \"%s\"", in, rc == AL_OK ? out : "(error)", want);
}

/* The pieces of a text joined with '|', to compare against one expected string. */
static char *
join_spans(const char *text, const AlSpanList *list)
{
	static char buf[8192];
	size_t		n = 0;

	for (int i = 0; i < list->count; i++)
	{
		size_t		len = list->items[i].end_byte - list->items[i].start_byte;

		if (i > 0)
			buf[n++] = '|';
		memcpy(buf + n, text + list->items[i].start_byte, len);
		n += len;
	}
	buf[n] = '\0';
	return buf;
}

static char *
sentences(const char *text)
{
	AlSpanList	list = {0};

	if (al_segment_sentences(&env, text, strlen(text), &list) != AL_OK)
		return "(error)";
	return join_spans(text, &list);
}

static void
expect_sentences(const char *text, const char *want)
{
	char	   *got = sentences(text);

	CHECK(strcmp(got, want) == 0, "sentences(\"%s\")\n   got  \"%s\"\n   want \"%s\"", text, got, want);
}

static char *
tokens(const char *text)
{
	AlSpanList	list = {0};

	if (al_tokenize(&env, text, strlen(text), &list) != AL_OK)
		return "(error)";
	return join_spans(text, &list);
}

static void
expect_tokens(const char *text, const char *want)
{
	char	   *got = tokens(text);

	CHECK(strcmp(got, want) == 0, "tokens(\"%s\") = \"%s\", want \"%s\"", text, got, want);
}

/* Brute force: every pair, for comparison with al_cluster. */
static int
brute_root(int *parent, int i)
{
	while (parent[i] != i)
		i = parent[i];
	return i;
}

/*
 * N random sets of 1 + rand() % longest tokens (plus shortest) from a
 * vocabulary of vocabulary words, a third of them copies of earlier sets
 * with up to edits tokens replaced.
 */
/* The environment check_cluster_sized joins in (a test may swap it). */
static const AlEnv *cluster_env = &env;

static void
check_cluster_sized(float threshold, unsigned seed, int threads, int N, int shortest, int longest,
					int vocabulary, int edits)
{
	AlShingles *items = malloc(sizeof(AlShingles) * (size_t) N);
	uint32_t   *store = malloc(sizeof(uint32_t) * (size_t) N * (size_t) (shortest + longest));
	int		   *earliest = malloc(sizeof(int) * (size_t) N * 4);
	int		   *component = earliest + N,
			   *want_earliest = earliest + 2 * N,
			   *parent = earliest + 3 * N;
	AlClusterStats stats;
	int			bad = 0;

	srand(seed);
	for (int i = 0; i < N; i++)
	{
		int			count;
		uint32_t   *mine = store + (size_t) i * (size_t) (shortest + longest);

		if (i > 0 && rand() % 3 == 0)
		{
			/* a near or exact copy of an earlier item */
			const AlShingles *src = &items[rand() % i];

			count = src->count;
			memcpy(mine, src->hashes, sizeof(uint32_t) * (size_t) count);
			for (int e = rand() % (edits + 1); e > 0; e--)
				mine[rand() % count] = (uint32_t) (rand() % vocabulary);
		}
		else
		{
			count = shortest + 1 + rand() % longest;
			for (int j = 0; j < count; j++)
				mine[j] = (uint32_t) (rand() % vocabulary);
		}
		items[i].hashes = mine;
		items[i].count = al_sort_unique(mine, count);
	}
	{
		AlEnv		threaded = *cluster_env;

		threaded.threads = threads;
		al_cluster(&threaded, items, N, threshold, earliest, component, &stats);
	}

	for (int i = 0; i < N; i++)
	{
		parent[i] = i;
		want_earliest[i] = -1;
	}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < i; j++)
			if (al_dice(al_overlap(items[i].hashes, items[i].count, items[j].hashes, items[j].count),
						items[i].count, items[j].count) >= threshold)
			{
				int			a = brute_root(parent, i),
							b = brute_root(parent, j);

				if (want_earliest[i] < 0)
					want_earliest[i] = j;
				if (a != b)
					parent[a < b ? b : a] = a < b ? a : b;
			}
	for (int i = 0; i < N; i++)
		if (earliest[i] != want_earliest[i] || component[i] != brute_root(parent, i))
			bad++;
	CHECK(bad == 0, "al_cluster = brute force at t=%.2f seed %u, %d threads, %d-%d tokens: %d items differ",
		  threshold, seed, threads, shortest + 1, shortest + longest, bad);
	CHECK(stats.unique_sets < N, "identical sets were merged (%lld unique of %d)",
		  (long long) stats.unique_sets, N);
	free(items);
	free(store);
	free(earliest);
}

/*
 * A set of 700 tokens inside one of 1,600 (Dice 0.61 at 0.6), whose tokens
 * are rarer than the larger set's 900 others (four fillers hold those): the
 * larger set shares more prefix tokens than the join's per-set counter
 * holds (254) and still needs its positional filter to let the pair pass.
 */
static void
check_cluster_counter_saturates(void)
{
	AlShingles	items[6];
	uint32_t	v[700],
				x[1600],
				fillers[4][900];
	int			earliest[6],
				component[6];
	AlClusterStats stats;

	for (int k = 0; k < 700; k++)
		v[k] = x[k] = 1000 + (uint32_t) k;
	for (int k = 0; k < 900; k++)
		x[700 + k] = 5000 + (uint32_t) k;
	for (int f = 0; f < 4; f++)
		for (int k = 0; k < 900; k++)
			fillers[f][k] = k < 450 ? 5000 + (uint32_t) (f / 2 * 450 + k) : 10000 + (uint32_t) (f * 450 + k);
	items[0] = (AlShingles) {v, 700};
	for (int f = 0; f < 4; f++)
		items[1 + f] = (AlShingles) {fillers[f], al_sort_unique(fillers[f], 900)};
	items[5] = (AlShingles) {x, al_sort_unique(x, 1600)};
	al_cluster(&env, items, 6, 0.6f, earliest, component, &stats);
	CHECK(earliest[5] == 0 && component[5] == 0 && stats.similar_pairs == 1,
		  "a set within a longer one at 0.6, 254+ shared prefix tokens: linked (earliest %d, %lld pairs)",
		  earliest[5], (long long) stats.similar_pairs);
}

/* Short sets from a small vocabulary: many overlaps. */
static void
check_cluster_against_brute_force(float threshold, unsigned seed, int threads)
{
	check_cluster_sized(threshold, seed, threads, 2000, 0, 20, 60, 3);
}

static void
expect_amounts(const char *text, const char *want)
{
	AlAmountList list = {0};
	char		buf[1024];
	size_t		n = 0;

	al_find_amounts(&env, text, strlen(text), &list);
	buf[0] = '\0';
	for (int i = 0; i < list.count; i++)
	{
		const AlAmount *a = &list.items[i];

		n += (size_t) snprintf(buf + n, sizeof(buf) - n, "%s%.*s=%s%s%se%d%s%s", i ? "|" : "",
							   (int) (a->span.end_byte - a->span.start_byte), text + a->span.start_byte,
							   a->low, a->high[0] ? ".." : "", a->high, a->exponent,
							   a->is_percentage ? "%" : " ", a->currency);
	}
	CHECK(strcmp(buf, want) == 0, "amounts(\"%s\")\n   got  \"%s\"\n   want \"%s\"", text, buf, want);
}

static void
expect_times(const char *text, const char *want)
{
	AlTimeList	list = {0};
	char		buf[1024];
	size_t		n = 0;

	al_find_times(&env, text, strlen(text), &list);
	buf[0] = '\0';
	for (int i = 0; i < list.count; i++)
	{
		const AlTime *t = &list.items[i];

		n += (size_t) snprintf(buf + n, sizeof(buf) - n, "%s%.*s=", i ? "|" : "",
							   (int) (t->span.end_byte - t->span.start_byte), text + t->span.start_byte);
		if (t->kind == AL_TIME_YEAR)
			n += (size_t) snprintf(buf + n, sizeof(buf) - n, "year %d%s%s", t->year, t->qualifier[0] ? " " : "", t->qualifier);
		else if (t->kind == AL_TIME_RELATIVE)
			n += (size_t) snprintf(buf + n, sizeof(buf) - n, "relative %+d", t->offset);
		else
			n += (size_t) snprintf(buf + n, sizeof(buf) - n, "%d %s", t->value, t->unit);
	}
	CHECK(strcmp(buf, want) == 0, "times(\"%s\")\n   got  \"%s\"\n   want \"%s\"", text, buf, want);
}

static void
expect_modality(const char *text, int kind, int negated, const char *attribution)
{
	AlModality	m;
	char		got[256];

	al_modality(text, strlen(text), &m);
	snprintf(got, sizeof(got), "%.*s", (int) (m.attribution.end_byte - m.attribution.start_byte),
			 text + m.attribution.start_byte);
	CHECK(m.kind == kind && m.negated == negated && strcmp(got, attribution) == 0,
		  "modality(\"%s\") = %d/%d/\"%s\", want %d/%d/\"%s\"", text, m.kind, m.negated, got,
		  kind, negated, attribution);
}

static const AlAliasInput test_aliases[] = {
	{1, "China", 5}, {2, "US", 2}, {2, "U.S.", 4}, {2, "United States", 13},
	{3, "Ant Group", 9}, {3, "Ant Group Co.", 13}, {4, "Advanced Micro Devices", 22}, {4, "AMD", 3},
	{5, "Xi", 2}, {6, "iFlytek", 7}, {7, "Beijing", 7}, {8, "Silicon Valley", 14}, {9, "Apple", 5},
	/* 中国 美国 科大讯飞 华为 小米 中芯国际 百度 北京 */
	{1, "\xE4\xB8\xAD\xE5\x9B\xBD", 6}, {2, "\xE7\xBE\x8E\xE5\x9B\xBD", 6},
	{6, "\xE7\xA7\x91\xE5\xA4\xA7\xE8\xAE\xAF\xE9\xA3\x9E", 12}, {10, "\xE5\x8D\x8E\xE4\xB8\xBA", 6},
	{11, "\xE5\xB0\x8F\xE7\xB1\xB3", 6}, {12, "\xE4\xB8\xAD\xE8\x8A\xAF\xE5\x9B\xBD\xE9\x99\x85", 12},
	{13, "\xE7\x99\xBE\xE5\xBA\xA6", 6}, {7, "\xE5\x8C\x97\xE4\xBA\xAC", 6},
};

static void
expect_mentions(const AlGazetteer *g, const char *text, const char *want)
{
	AlMentionList list = {0};
	char		buf[1024];
	size_t		n = 0;

	al_match_entities(&env, g, text, strlen(text), &list);
	buf[0] = '\0';
	for (int i = 0; i < list.count; i++)
		n += (size_t) snprintf(buf + n, sizeof(buf) - n, "%s%.*s=%lld", i ? "|" : "",
							   (int) (list.items[i].span.end_byte - list.items[i].span.start_byte),
							   text + list.items[i].span.start_byte, (long long) list.items[i].entity_id);
	CHECK(strcmp(buf, want) == 0, "mentions(\"%s\")\n   got  \"%s\"\n   want \"%s\"", text, buf, want);
}

/* Sets of many distinct hashes: start, start+1, ... (sorted, no repeats). */
static AlShingles
counting_set(uint32_t start, int n, uint32_t skip)
{
	AlShingles	s;

	s.hashes = heap_alloc(NULL, sizeof(uint32_t) * (size_t) n);
	s.count = 0;
	for (uint32_t h = start; s.count < n; h++)
		if (h != skip)
			s.hashes[s.count++] = h;
	return s;
}

/* Every overlap bound is the predicate's own: exact at every size. */
static void
check_bounds_exact(void)
{
	int			bad = 0;

	/* the case found in review: a 4,116-word query, a row of 1,764 of its words, t = 0.6 */
	CHECK(al_dice(1764, 4116, 1764) >= 0.6f && al_min_overlap(4116, 0.6f) <= 1764 &&
		  al_pair_min_overlap(4116, 1764, 0.6f) == 1764,
		  "4116/1764 at 0.6: the bound admits the row (min %d, pair %d)",
		  al_min_overlap(4116, 0.6f), al_pair_min_overlap(4116, 1764, 0.6f));
	for (int n = 1; n <= 20000; n += (n < 300 ? 1 : 37))
		for (int t100 = 5; t100 <= 100; t100 += 5)
		{
			float		t = t100 / 100.0f;
			int			need = al_min_overlap(n, t);
			int			m = n / 2 + 1;
			int			pair = al_pair_min_overlap(n, m, t);

			/* least: need passes, need - 1 does not; the same for a pair of sizes */
			if (!(al_dice(need, n, need) >= t) || (need > 1 && al_dice(need - 1, n, need - 1) >= t) ||
				(pair <= m && !(al_dice(pair, n, m) >= t)) || (pair > 1 && al_dice(pair - 1, n, m) >= t) ||
				(al_sizes_can_match(n, m, t) != (pair <= m)))
				bad++;
		}
	CHECK(bad == 0, "bounds are the least overlaps passing al_dice >= t up to 20,000 words: %d wrong", bad);
}

/*
 * Prefix filtering is exact: for random sets over a skewed vocabulary, every
 * pair reaching a threshold t >= t_min shares a word between the query's
 * probe prefix and the row's indexed prefix, and the row indexes at least
 * "needed" of the query's words; also with an empty vocabulary (hash order).
 */
static int
count_in(const uint32_t *set, int n, uint32_t h)
{
	for (int i = 0; i < n; i++)
		if (set[i] == h)
			return 1;
	return 0;
}

static void
check_prefix_filter_exact(void)
{
	enum {NSETS = 400, VOCAB = 100};
	static uint32_t store[NSETS][64];
	static uint32_t ordered[NSETS][64];
	AlShingles	items[NSETS];
	uint32_t	vocab_hashes[VOCAB / 2];
	int32_t		vocab_ranks[VOCAB / 2];
	AlVocabulary vocabulary = {vocab_hashes, vocab_ranks, VOCAB / 2};
	int			missed = 0,
				pairs = 0;

	srand(11);
	for (int i = 0; i < NSETS; i++)
	{
		int			n = 1 + rand() % 60;

		for (int j = 0; j < n; j++)
			store[i][j] = (uint32_t) ((rand() % VOCAB) * (rand() % VOCAB) / VOCAB) * 2654435761U;
		items[i].hashes = store[i];
		items[i].count = al_sort_unique(store[i], n);
	}
	/* rank the smaller word numbers (the frequent ones) as frequent */
	for (int w = 0; w < VOCAB / 2; w++)
		vocab_hashes[w] = (uint32_t) w * 2654435761U;
	for (int a = 0; a < VOCAB / 2; a++)
		for (int b = a + 1; b < VOCAB / 2; b++)
			if (vocab_hashes[b] < vocab_hashes[a])
			{
				uint32_t	h = vocab_hashes[a];

				vocab_hashes[a] = vocab_hashes[b];
				vocab_hashes[b] = h;
			}
	for (int w = 0; w < VOCAB / 2; w++)
		for (int r = 0; r < VOCAB / 2; r++)
			if (vocab_hashes[w] == (uint32_t) r * 2654435761U)
				vocab_ranks[w] = r + 1;
	CHECK(al_word_order_key(&vocabulary, 0) > al_word_order_key(&vocabulary, 2654435761U) &&
		  al_word_order_key(&vocabulary, 2654435761U) > al_word_order_key(&vocabulary, 123457),
		  "order: unranked words first, then ranked ones from the rarest to the most frequent");
	for (int with_vocabulary = 0; with_vocabulary <= 1; with_vocabulary++)
		for (int tmin100 = 30; tmin100 <= 90; tmin100 += 20)
		{
			float		tmin = tmin100 / 100.0f;

			for (int i = 0; i < NSETS; i++)
				al_order_words(&env, with_vocabulary ? &vocabulary : NULL, items[i].hashes,
							   items[i].count, ordered[i]);
			for (int t100 = tmin100; t100 <= 100; t100 += 10)
			{
				float		t = t100 / 100.0f;

				for (int q = 0; q < NSETS; q++)
				{
					int			probe,
								needed;

					al_prefix_query_bounds(items[q].count, t, tmin, &probe, &needed);
					for (int r = 0; r < NSETS; r++)
					{
						int			indexed = al_indexed_prefix(items[r].count, tmin);
						int			in_probe = 0,
									in_row = 0;

						if (al_dice(al_overlap(items[q].hashes, items[q].count,
											   items[r].hashes, items[r].count),
									items[q].count, items[r].count) < t)
							continue;
						pairs++;
						for (int k = 0; k < items[q].count; k++)
							if (count_in(ordered[r], indexed, ordered[q][k]))
							{
								in_row++;
								in_probe += (k < probe);
							}
						if (in_probe == 0 || in_row < needed)
							missed++;
					}
				}
			}
		}
	CHECK(pairs > 20000 && missed == 0,
		  "prefix filter: every similar pair is found (%d pairs, %d missed)", pairs, missed);
	CHECK(al_indexed_prefix(20, 0.5f) == 14 && al_indexed_prefix(60, 0.5f) == 50 &&
		  al_indexed_prefix(3, 0.9f) == 1 && al_indexed_prefix(7, 0.0f) == 7,
		  "indexed prefixes: all but the most frequent words, at most AL_MAX_LEFT_OUT left out");
}

/* Long sets: sizes and positions are not clamped (two 40,000-word claims one word apart). */
static void
check_cluster_long_sets(void)
{
	AlShingles	items[3];
	uint64_t	keys[3] = {7, 7, 7};
	int			earliest[3],
				component[3];
	AlClusterStats stats;

	items[0] = counting_set(1000, 40000, 0);
	items[1] = counting_set(1000, 40000, 20000);	/* one word replaced */
	items[2] = counting_set(900000, 300, 0);
	al_cluster_ex(&env, items, keys, 3, 0.95f, earliest, component, NULL, &stats);
	CHECK(component[1] == 0 && earliest[1] == 0 && component[2] == 2,
		  "40,000-word claims one word apart are one cluster at 0.95 (component %d)", component[1]);
	keys[1] = 8;
	al_cluster_ex(&env, items, keys, 3, 0.95f, earliest, component, NULL, &stats);
	CHECK(component[1] == 1 && earliest[1] == -1, "claims with other figures stay apart");
	/* identical sets with other keys stay apart too */
	items[1] = items[0];
	al_cluster_ex(&env, items, keys, 3, 0.95f, earliest, component, NULL, &stats);
	CHECK(component[1] == 1 && earliest[1] == -1, "equal word sets with other figures stay apart");
}

/* Near-duplicate articles: 80% of an article's claims linked into one earlier article. */
static void
check_near_duplicate_articles(void)
{
	const char *text[] = {
		"alpha beta gamma delta", "one two three four", "red green blue yellow", "sun moon star sky", "up down left right",
		"alpha beta gamma delta", "one two three four", "red green blue yellow", "sun moon star sky", "north south east west",
		"alpha beta gamma delta", "north south east west", "cats dogs birds fish", "spring summer autumn winter", "salt pepper oil vinegar",
	};
	int64_t		article[15];
	AlShingles	items[15];
	int			earliest[15],
				component[15];
	AlClusterStats stats;
	AlClusterGraph graph;
	int64_t    *ids,
			   *near;
	int			n;

	for (int i = 0; i < 15; i++)
	{
		article[i] = 10 + i / 5;
		al_shingles(&env, text[i], strlen(text[i]), &items[i]);
	}
	al_cluster_ex(&env, items, NULL, 15, 0.6f, earliest, component, &graph, &stats);
	al_near_duplicate_articles(&env, 15, article, &graph, 0, NULL, NULL, &ids, &near, &n);
	CHECK(n == 3 && ids[0] == 10 && near[0] == -1 && ids[1] == 11 && near[1] == 10 && near[2] == -1,
		  "article 11 repeats 10 (4 of 5 claims), 12 repeats nothing (2 of 5)");
	/* judging only the last article's claims gives the same for it */
	al_near_duplicate_articles(&env, 15, article, &graph, 10, NULL, NULL, &ids, &near, &n);
	CHECK(n == 1 && ids[0] == 12 && near[0] == -1, "only the judged articles are returned");
	/* links found outside the items (index probes): 4 of article 12's 5 claims repeat article 9 */
	{
		int			start[6] = {0, 1, 2, 3, 3, 5};
		int64_t		extra[5] = {9, 9, 9, 9, 13};

		al_near_duplicate_articles(&env, 15, article, &graph, 10, start, extra, &ids, &near, &n);
		CHECK(n == 1 && ids[0] == 12 && near[0] == 9, "extra links count: article 12 repeats 9 (got %lld)",
			  (long long) near[0]);
	}
}

/* What two claims must agree on to repeat each other. */
static void
check_figure_keys(void)
{
	const char *same[][2] = {
		{"China will spend $15 billion on AI.", "China will spend 15 billion dollars on AI."},
		{"Spending rose 20% in 2023 and $5 billion.", "In 2023 $5 billion went, up 20 percent."},
		{"The US will ban Nvidia chips.", "The U.S. will ban Nvidia chips."},
		{"Investment reached $1.5 billion.", "Investment reached $1,500 million."},
		/* the shortcut for texts without figures gives what the extractors give */
		{"Model XZ is good.", "Model X7 is good, and so is version 3."},
	};
	const char *differ[][2] = {
		{"China will spend $15 billion on AI in 2025.", "China will spend $50 billion on AI in 2030."},
		{"China will spend $15 billion on AI in 2025.", "China will spend $15 billion on AI in 2030."},
		{"The US will not ban Nvidia chips.", "The US will ban Nvidia chips."},
		{"THE US WON'T BAN NVIDIA CHIPS.", "THE US WILL BAN NVIDIA CHIPS."},
		{"Sales grew 20%.", "Sales grew 25%."},
		{"Revenue was $3 billion this year.", "Revenue was $3 billion last year."},
	};

	for (size_t k = 0; k < sizeof(same) / sizeof(same[0]); k++)
	{
		uint64_t	a,
					b;

		al_figure_key(&env, same[k][0], strlen(same[k][0]), &a);
		al_figure_key(&env, same[k][1], strlen(same[k][1]), &b);
		CHECK(a == b, "figures agree: \"%s\" / \"%s\"", same[k][0], same[k][1]);
	}
	for (size_t k = 0; k < sizeof(differ) / sizeof(differ[0]); k++)
	{
		uint64_t	a,
					b;

		al_figure_key(&env, differ[k][0], strlen(differ[k][0]), &a);
		al_figure_key(&env, differ[k][1], strlen(differ[k][1]), &b);
		CHECK(a != b, "figures differ: \"%s\" / \"%s\"", differ[k][0], differ[k][1]);
	}
}

/* A text made of n copies of piece. */
static char *
repeated(const char *piece, int n)
{
	size_t		len = strlen(piece);
	char	   *s = heap_alloc(NULL, len * (size_t) n + 1);

	for (int i = 0; i < n; i++)
		memcpy(s + len * (size_t) i, piece, len);
	s[len * (size_t) n] = '\0';
	return s;
}

/* Are the character offsets of these spans those counted from the text's start? */
static int
spans_counted_right(const char *text, const AlSpan *span, int count, size_t stride)
{
	for (int i = 0; i < count; i++, span = (const AlSpan *) ((const char *) span + stride))
	{
		AlSpan		want = al_span_of(text, span->start_byte, span->end_byte);

		if (span->start_char != want.start_char || span->end_char != want.end_char)
			return 0;
	}
	return 1;
}

/*
 * Long texts: the extractors keep character offsets with a cursor (not by
 * counting from the start for every match, which was quadratic), the
 * offsets are still right, and their loops check for interrupts.
 */
static void
check_long_texts(const AlGazetteer *g)
{
	/* 1,000 copies: multi-byte characters before every match (中国 is China) */
	const char *piece = "\xE4\xB8\xAD\xE5\x9B\xBD \xE2\x82\xAC" "3m in 2022, three years; China \xC3\xA9t\xC3\xA9 said. ";
	char	   *text = repeated(piece, 1000);
	size_t		len = strlen(text);
	AlAmountList amounts = {0};
	AlTimeList	times = {0};
	AlMentionList mentions = {0};
	AlModality	m;
	char	   *words = repeated("words and more words, ", 100000);	/* 2.2 MB */

	interrupt_checks = 0;
	al_find_amounts(&counting_env, text, len, &amounts);
	CHECK(amounts.count == 1000 && spans_counted_right(text, &amounts.items[0].span, amounts.count, sizeof(AlAmount)),
		  "1000 amounts with their character offsets, got %d", amounts.count);
	al_find_times(&counting_env, text, len, &times);
	CHECK(times.count == 2000 && spans_counted_right(text, &times.items[0].span, times.count, sizeof(AlTime)),
		  "2000 times with their character offsets, got %d", times.count);
	al_match_entities(&counting_env, g, text, len, &mentions);
	CHECK(mentions.count == 2000 && spans_counted_right(text, &mentions.items[0].span, mentions.count, sizeof(AlMention)),
		  "2000 mentions (中国, China) with their character offsets, got %d", mentions.count);

	interrupt_checks = 0;
	al_find_amounts(&counting_env, words, strlen(words), &amounts);
	CHECK(interrupt_checks >= 1000, "amounts() of 2.2 MB checked for interrupts %ld times", interrupt_checks);
	interrupt_checks = 0;
	al_find_times(&counting_env, words, strlen(words), &times);
	CHECK(interrupt_checks >= 400, "times() of 2.2 MB checked for interrupts %ld times", interrupt_checks);
	interrupt_checks = 0;
	al_modality_env(&counting_env, words, strlen(words), &m);
	CHECK(interrupt_checks >= 300, "modality() of 2.2 MB checked for interrupts %ld times", interrupt_checks);
	interrupt_checks = 0;
	mentions.count = 0;
	al_match_entities(&counting_env, g, words, strlen(words), &mentions);
	CHECK(interrupt_checks >= 400, "gazetteer matching of 2.2 MB checked for interrupts %ld times", interrupt_checks);
}

/* modality() reads the whole text: cues after 512 words count too. */
static void
check_modality_of_long_texts(void)
{
	char	   *filler = repeated("word ", 600);
	char		buf[4096];

	snprintf(buf, sizeof(buf), "%sand prices will rise.", filler);
	expect_modality(buf, AL_FORECAST, 0, "");
	snprintf(buf, sizeof(buf), "%sand prices did not rise.", filler);
	expect_modality(buf, AL_FACT, 1, "");
	snprintf(buf, sizeof(buf), "%sand prices rose, Robin Li said.", filler);
	expect_modality(buf, AL_FACT, 0, "Robin Li");
	snprintf(buf, sizeof(buf), "It highlights %s", filler);
	expect_modality(buf, AL_META, 0, "");
}

/*
 * The case file: "text<TAB>sentence | sentence", "\n" "\r" "\t" "\\" and
 * "\uXXXX" escaped, "#" comments.  Each case is one check.
 */
#define CASE_FILE "test/core/sentence_cases.tsv"
#define MAX_PARAGRAPHS 1024

static char *paragraphs[MAX_PARAGRAPHS];	/* one-line case texts, for the wrap test */
static int	n_paragraphs;

static size_t
unescape(const char *in, size_t len, char *out)
{
	size_t		n = 0;

	for (size_t i = 0; i < len; i++)
	{
		if (in[i] != '\\' || i + 1 >= len)
		{
			out[n++] = in[i];
			continue;
		}
		switch (in[++i])
		{
			case 'n':
				out[n++] = '\n';
				break;
			case 'r':
				out[n++] = '\r';
				break;
			case 't':
				out[n++] = '\t';
				break;
			case 'u':
				{
					unsigned	c = (unsigned) strtoul((char[]) {in[i + 1], in[i + 2], in[i + 3], in[i + 4], 0}, NULL, 16);

					i += 4;
					if (c < 0x80)
						out[n++] = (char) c;
					else if (c < 0x800)
					{
						out[n++] = (char) (0xC0 | (c >> 6));
						out[n++] = (char) (0x80 | (c & 0x3F));
					}
					else
					{
						out[n++] = (char) (0xE0 | (c >> 12));
						out[n++] = (char) (0x80 | ((c >> 6) & 0x3F));
						out[n++] = (char) (0x80 | (c & 0x3F));
					}
					break;
				}
			default:
				out[n++] = in[i];
		}
	}
	out[n] = '\0';
	return n;
}

static void
check_case_file(void)
{
	FILE	   *f = fopen(CASE_FILE, "r");
	static char line[8192];
	int			cases = 0;

	CHECK(f != NULL, "cannot open %s (run from the repository root)", CASE_FILE);
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f))
	{
		char	   *tab = strchr(line, '\t');
		char		text[4096];
		char		want[4096];
		char	   *w;
		size_t		n = 0;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		CHECK(tab != NULL, "case without a tab: %s", line);
		if (tab == NULL)
			continue;
		unescape(line, (size_t) (tab - line), text);
		/* " | " between expected sentences becomes the '|' that sentences() prints */
		for (w = tab + 1; *w; w++)
		{
			if (strncmp(w, " | ", 3) == 0)
			{
				want[n++] = '|';
				w += 2;
			}
			else
				want[n++] = *w;
		}
		unescape(want, n, want);
		expect_sentences(text, want);
		cases++;
		if (strchr(text, '\n') == NULL && n_paragraphs < MAX_PARAGRAPHS)
			paragraphs[n_paragraphs++] = strdup(text);
	}
	fclose(f);
	CHECK(cases >= 200, "the case file has %d cases, want at least 200", cases);
}

/*
 * The sentences of a text, white space folded, joined by '|'; and a check
 * that every span's character offsets agree with its byte offsets.
 */
static size_t
folded_sentences(const char *text, size_t len, char *out, int *offsets_ok)
{
	AlSpanList	list = {0};
	size_t		n = 0;

	if (al_segment_sentences(&env, text, len, &list) != AL_OK)
	{
		*offsets_ok = 0;
		return 0;
	}
	for (int i = 0; i < list.count; i++)
	{
		const AlSpan *s = &list.items[i];

		if (s->start_char != al_count_chars(text, s->start_byte) ||
			s->end_char != al_count_chars(text, s->end_byte))
			*offsets_ok = 0;
		if (i > 0)
			out[n++] = '|';
		n += al_fold_whitespace(text + s->start_byte, s->end_byte - s->start_byte, out + n);
	}
	out[n] = '\0';
	return n;
}

/* Greedy wrap of a one-line paragraph at width characters; indent the first line. */
static size_t
wrap_paragraph(const char *para, size_t width, const char *indent, char *out)
{
	size_t		n = (size_t) sprintf(out, "%s", indent);
	size_t		column = strlen(indent);
	int			line_empty = 1;
	const char *p = para;

	while (*p)
	{
		size_t		bytes = strcspn(p, " ");
		size_t		chars = (size_t) al_count_chars(p, bytes);

		if (bytes == 0)
		{
			p++;
			continue;
		}
		if (!line_empty && column + 1 + chars > width)
		{
			out[n++] = '\n';
			column = 0;
		}
		else if (!line_empty)
		{
			out[n++] = ' ';
			column++;
		}
		memcpy(out + n, p, bytes);
		n += bytes;
		column += chars;
		line_empty = 0;
		p += bytes;
	}
	return n;
}

/*
 * The property of hard-wrapped text: a document splits into the same
 * sentences whether each paragraph is one line, or is wrapped at any width
 * from 40 to 100 columns with paragraphs separated by a blank line or
 * by an indented first line.  One check per document.
 */
static void
check_wrapping(const char *const *paras, int count, int *failed_docs)
{
	static char flat[65536], wrapped[65536], want[65536], got[65536];
	size_t		n = 0;
	int			offsets_ok = 1;
	int			ok = 1;

	for (int i = 0; i < count; i++)
		n += (size_t) sprintf(flat + n, "%s%s", i ? "\n" : "", paras[i]);
	folded_sentences(flat, n, want, &offsets_ok);
	for (size_t width = 40; width <= 100 && ok; width++)
		for (int form = 0; form < 2 && ok; form++)
		{
			size_t		m = 0;

			for (int i = 0; i < count; i++)
			{
				if (i > 0)
					m += (size_t) sprintf(wrapped + m, form == 0 ? "\n\n" : "\n");
				m += wrap_paragraph(paras[i], width, form == 0 ? "" : "    ", wrapped + m);
			}
			wrapped[m] = '\0';
			folded_sentences(wrapped, m, got, &offsets_ok);
			if (strcmp(got, want) != 0 || !offsets_ok)
			{
				size_t		d = 0;

				/* show from the sentence where they differ */
				while (got[d] && got[d] == want[d])
					d++;
				while (d > 0 && got[d - 1] != '|')
					d--;
				ok = 0;
				if (getenv("CORE_TEST_DUMP"))
				{
					FILE	   *dump = fopen(getenv("CORE_TEST_DUMP"), "a");

					fprintf(dump, "=== width %zu\n%s\n=== flat\n%s\n", width, wrapped, flat);
					fclose(dump);
				}
				CHECK(0, "wrapped at %zu (%s):\n%s\n   got  \"%.200s\"\n   want \"%.200s\"", width,
					  form == 0 ? "blank lines" : "indented", wrapped, got + d, want + d);
			}
		}
	if (!ok)
		(*failed_docs)++;
}

static void
check_wrapping_property(void)
{
	unsigned	seed = 7;
	int			failed = 0;
	int			docs = 0;

	/* every one-line case alone */
	for (int i = 0; i < n_paragraphs; i++, docs++)
		check_wrapping((const char *const *) &paragraphs[i], 1, &failed);
	/* generated documents: 3-8 paragraphs of 1-4 cases each */
	for (int d = 0; d < 300 && n_paragraphs > 0; d++, docs++)
	{
		static char store[8][4096];
		const char *doc[8];
		int			count = 3 + (int) ((seed = seed * 1103515245 + 12345) >> 16) % 6;

		for (int p = 0; p < count; p++)
		{
			int			parts = 1 + (int) ((seed = seed * 1103515245 + 12345) >> 16) % 4;
			size_t		n = 0;

			for (int k = 0; k < parts; k++)
			{
				const char *c = paragraphs[((seed = seed * 1103515245 + 12345) >> 16) % (unsigned) n_paragraphs];
				AlListMarker m;

				/* a list written on one line is a paragraph of its own */
				if (k > 0 && (al_list_marker(c, 0, strlen(c), &m) > 0 || strstr(c, "\xE2\x80\xA2")))
					break;
				if (n + strlen(c) + 2 >= sizeof(store[p]))
					break;
				n += (size_t) sprintf(store[p] + n, "%s%s", k ? " " : "", c);
				if (al_list_marker(c, 0, strlen(c), &m) > 0)
					break;
			}
			doc[p] = store[p];
		}
		check_wrapping(doc, count, &failed);
	}
	CHECK(failed == 0 && docs > 300, "wrapping: %d of %d documents split differently", failed, docs);
}

/* CPU seconds to segment text made of n bytes of a repeated piece. */
static double
segment_seconds(const char *piece, size_t n, int *count)
{
	size_t		plen = strlen(piece);
	char	   *text = malloc(n + 1);
	AlSpanList	list = {0};
	clock_t		t0;
	double		s;

	for (size_t i = 0; i < n; i++)
		text[i] = piece[i % plen];
	text[n] = '\0';
	t0 = clock();
	al_segment_sentences(&env, text, n, &list);
	s = (double) (clock() - t0) / CLOCKS_PER_SEC;
	*count = list.count;
	free(text);
	return s;
}

/*
 * No input makes the rules quadratic: 4 MB of a pathological piece takes
 * well under 16 times as long as 1 MB (quadratic would be 16 times).
 */
static void
check_huge_inputs(void)
{
	static const char *const pieces[] = {
		"word ",				/* one sentence, no break at all */
		"wordwordword",			/* one word */
		"A. ",					/* initials: every ICU break dropped */
		"1. ",					/* list markers */
		". . . . ",				/* one long ellipsis */
		"((((",					/* opening brackets */
		"He said. (a) x ",		/* list markers after sentence ends */
		"a line of text\n",		/* a million short lines */
		"    indented\n",
	};

	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++)
	{
		int			c1, c4;
		double		t1 = segment_seconds(pieces[i], 1 << 20, &c1);
		double		t4 = segment_seconds(pieces[i], 4 << 20, &c4);

		CHECK(t4 < 10 * t1 + 0.05 && c4 >= c1, "4 MB of \"%s\" took %.3f s, 1 MB %.3f s", pieces[i], t4, t1);
	}
}

/*
 * al_claim_features over 1-4 threads gives each text the shingles and
 * figure key that al_shingles and al_figure_key give it alone, and reports
 * the earliest bad text.
 */
static void
check_claim_features(void)
{
	static const char *const samples[] = {
		"China will spend $15 billion on AI chips in 2025.",
		"The US will not ban Nvidia chips next year, officials said.",
		"Baidu's revenue rose 12% to 3.4 billion yuan.",
		"Michael Hu did not respond.",
		"北京的人工智能公司在2024年融资了五十亿元。",
		"",
		"A line with no figure at all",
	};
	enum {N = 700};
	AlClaimText texts[N];
	char	   *norm[N];
	AlShingles	got[N];
	uint64_t	keys[N];
	int			rc;

	for (int i = 0; i < N; i++)
	{
		const char *s = samples[i % 7];
		size_t		len;
		char		buf[200];

		snprintf(buf, sizeof(buf), "%s %d", s, i % 13);
		texts[i].original = heap_alloc(NULL, strlen(buf) + 1);
		strcpy((char *) texts[i].original, buf);
		texts[i].original_len = strlen(buf);
		al_normalize(&env, buf, strlen(buf), &norm[i], &len);
		texts[i].normalized = norm[i];
		texts[i].normalized_len = len;
	}
	for (int threads = 1; threads <= 4; threads++)
	{
		AlEnv		e = {.alloc = heap_alloc, .threads = threads};
		int			same = 0;

		rc = al_claim_features(&e, texts, N, got, keys);
		for (int i = 0; i < N && rc == AL_OK; i++)
		{
			AlShingles	want;
			uint64_t	want_key;

			al_shingles(&env, texts[i].normalized, texts[i].normalized_len, &want);
			al_figure_key(&env, texts[i].original, texts[i].original_len, &want_key);
			same += want.count == got[i].count && want_key == keys[i] &&
				memcmp(want.hashes, got[i].hashes, sizeof(uint32_t) * (size_t) want.count) == 0;
		}
		CHECK(rc == AL_OK && same == N, "%d threads: rc %d, %d of %d texts as computed alone", threads, rc, same, N);
	}
	/* a text too long to tokenize (its length is checked first), late in the list: its code comes back */
	texts[N - 5].normalized_len = AL_MAX_TEXT_BYTES + 1;
	{
		AlEnv		e = {.alloc = heap_alloc, .threads = 3};

		rc = al_claim_features(&e, texts, N, got, keys);
		CHECK(rc == AL_ERR_TOO_LONG, "a text too long among 700 over 3 threads: rc %d", rc);
	}
}

/*
 * An interrupt that does not raise (in the server: a barrier, a request to
 * log memory) stops the join's threads; the join must then go on where
 * they stopped, not return the pairs found so far.
 */
static long pending_polls;
static long interrupts_processed;

static int
every_third_poll_pending(void *ctx)
{
	(void) ctx;
	return ++pending_polls % 3 == 0;
}

static void
process_interrupt(void *ctx)
{
	(void) ctx;
	interrupts_processed++;
}

static void
check_cluster_interrupt_resumes(void)
{
	static const AlEnv interrupted = {.alloc = heap_alloc, .check_interrupts = process_interrupt,
	.interrupt_pending = every_third_poll_pending};

	cluster_env = &interrupted;
	interrupts_processed = 0;
	check_cluster_sized(0.6f, 11, 2, 3000, 0, 20, 60, 3);
	check_cluster_sized(0.3f, 12, 3, 3000, 0, 20, 60, 3);
	cluster_env = &env;
	CHECK(interrupts_processed >= 2, "the join was interrupted %ld times", interrupts_processed);
}

int
main(void)
{
	/*
	 * The extractors must not depend on the locale: run every test with
	 * Turkish case rules when the system has them (tolower('I') is not 'i').
	 */
	if (setlocale(LC_CTYPE, "tr_TR.UTF-8") == NULL)
		printf("# tr_TR.UTF-8 is not installed: testing in the C locale only\n");

	/* normalization */
	expect_normalized("China\xE2\x80\x99s  AI race.", "china's ai race.");
	expect_normalized("  \xE2\x80\x9CQuoted\xE2\x80\x9D \xE2\x80\x94 text\t\n", "\"quoted\" - text");
	expect_normalized("\xEF\xBC\xA1\xEF\xBC\xA9 Stra\xC3\x9F" "e", "ai strasse");	/* full-width, sharp s */
	expect_normalized("\xEF\xAC\x81nance", "finance");	/* fi ligature */
	expect_normalized("a\xE2\x80\x8B" "b", "ab");	/* zero-width space */
	expect_normalized("\xE4\xB8\xAD\xE5\x9B\xBD", "\xE4\xB8\xAD\xE5\x9B\xBD");	/* 中国 unchanged */
	expect_normalized("   ", "");
	/* NFKC does these before the punctuation folding (which no longer lists them) */
	expect_normalized("it\xC2\xB4s", "it \xCC\x81s");	/* acute accent: space + combining acute */
	expect_normalized("5\xE2\x80\xB3", "5''");	/* double prime: two primes, two apostrophes */
	expect_normalized("long\xE2\x80\x91term", "long-term");	/* non-breaking hyphen */
	{
		char	   *out;
		size_t		out_len;

		CHECK(al_normalize(&env, "bad \xC3", 5, &out, &out_len) == AL_ERR_ENCODING,
			  "invalid UTF-8 is refused");
	}

	/* segmentation */
	expect_sentences("Tencent and Ant Group Co. to break new ground. Next one.",
					 "Tencent and Ant Group Co. to break new ground.|Next one.");
	expect_sentences("He met Mr. Li in Beijing. Then left.", "He met Mr. Li in Beijing.|Then left.");
	expect_sentences("She works at the U.S. Treasury in Washington.", "She works at the U.S. Treasury in Washington.");
	expect_sentences("Spending reached $15.5 billion last year. It grew.", "Spending reached $15.5 billion last year.|It grew.");
	expect_sentences("Fruit, e.g. apples, are sold. Yes.", "Fruit, e.g. apples, are sold.|Yes.");
	expect_sentences("It is the No. 1 priority. Agreed.", "It is the No. 1 priority.|Agreed.");
	expect_sentences("It is No. 1. Agreed.", "It is No. 1.|Agreed.");
	expect_sentences("Shares of Apple Inc. Rose today.", "Shares of Apple Inc. Rose today.");
	expect_sentences("George W. Bush spoke.", "George W. Bush spoke.");
	/* the word "a" is no initial (generated text ends sentences with it) */
	expect_sentences("Shares rose in the a. Shares fell at noon.", "Shares rose in the a.|Shares fell at noon.");
	expect_sentences("Roe v. Wade was cited. Next one.", "Roe v. Wade was cited.|Next one.");
	expect_sentences("Options are: (a. Alpha) and (b. Beta).", "Options are: (a. Alpha) and (b. Beta).");
	expect_sentences("No final period", "No final period");
	expect_sentences("Word", "Word");
	expect_sentences("First line\n\nSecond paragraph", "First line|Second paragraph");
	expect_sentences("Heading\nBody text here.", "Heading|Body text here.");
	expect_sentences("One.  Two!   Three?  ", "One.|Two!|Three?");
	expect_sentences("", "");
	expect_sentences(" \n\t ", "");
	expect_sentences("One.\n\xE2\x80\x8B\nTwo.", "One.|Two.");	/* a line of only a zero-width space */
	/* 中国很强。美国也很强！对吗？ */
	expect_sentences("\xE4\xB8\xAD\xE5\x9B\xBD\xE5\xBE\x88\xE5\xBC\xBA\xE3\x80\x82"
					 "\xE7\xBE\x8E\xE5\x9B\xBD\xE4\xB9\x9F\xE5\xBE\x88\xE5\xBC\xBA\xEF\xBC\x81"
					 "\xE5\xAF\xB9\xE5\x90\x97\xEF\xBC\x9F",
					 "\xE4\xB8\xAD\xE5\x9B\xBD\xE5\xBE\x88\xE5\xBC\xBA\xE3\x80\x82|"
					 "\xE7\xBE\x8E\xE5\x9B\xBD\xE4\xB9\x9F\xE5\xBE\x88\xE5\xBC\xBA\xEF\xBC\x81|"
					 "\xE5\xAF\xB9\xE5\x90\x97\xEF\xBC\x9F");
	{
		/* offsets are characters, not bytes */
		const char *t = "\xE4\xB8\xAD\xE5\x9B\xBD\xE3\x80\x82 Next.";	/* 中国。 Next. */
		AlSpanList	list = {0};

		al_segment_sentences(&env, t, strlen(t), &list);
		CHECK(list.count == 2 && list.items[0].start_char == 0 && list.items[0].end_char == 3 &&
			  list.items[1].start_char == 4 && list.items[1].end_char == 9,
			  "character offsets of CJK sentences");
	}

	check_case_file();
	check_wrapping_property();
	check_huge_inputs();
	/* documented limits (README, "Limits"): heuristics that get these wrong */
	expect_sentences("Tesla cut prices in China, its biggest market after the U.S. Rivals followed.",
					 "Tesla cut prices in China, its biggest market after the U.S. Rivals followed.");
	expect_sentences("Prices fell. analysts were not surprised.", "Prices fell. analysts were not surprised.");
	expect_sentences("Chips and the race for talent in China\nBeijing has pledged support for the industry.",
					 "Chips and the race for talent in China\nBeijing has pledged support for the industry.");

	/* tokens */
	expect_tokens("china's ai race, $15.5 billion!", "china's|ai|race|15.5|billion");
	/* 中国的人工智能 -> dictionary words */
	expect_tokens("\xE4\xB8\xAD\xE5\x9B\xBD\xE7\x9A\x84\xE4\xBA\xBA\xE5\xB7\xA5\xE6\x99\xBA\xE8\x83\xBD",
				  "\xE4\xB8\xAD\xE5\x9B\xBD|\xE7\x9A\x84|\xE4\xBA\xBA\xE5\xB7\xA5|\xE6\x99\xBA\xE8\x83\xBD");
	expect_tokens("...", "");

	/* shingles and similarity */
	{
		AlShingles	a, b, c, d, e, f;
		const char *s1 = "china is three years behind the us in ai";	/* 9 words */
		const char *s2 = "china is two years behind the us in ai";
		const char *s3 = "google beat openai in the benchmark";
		const char *s4 = "openai beat google in the benchmark";

		al_shingles(&env, s1, strlen(s1), &a);
		al_shingles(&env, s2, strlen(s2), &b);
		al_shingles(&env, s3, strlen(s3), &c);
		CHECK(a.count == 9, "9 distinct words, got %d", a.count);
		CHECK(al_overlap(a.hashes, a.count, a.hashes, a.count) == a.count, "a set overlaps itself fully");
		/* one word substituted: 8 of 9 words kept */
		CHECK(al_overlap(a.hashes, a.count, b.hashes, b.count) == 8, "overlap after one substitution");
		/* same words, other order: unigrams equal, most bigrams differ */
		al_shingles(&env, s4, strlen(s4), &e);
		CHECK(al_dice(al_overlap(e.hashes, e.count, c.hashes, c.count), e.count, c.count) == 1.0f,
			  "word order does not count (a documented limit)");
		al_shingles(&env, "!!!", 3, &d);
		al_shingles(&env, "???", 3, &e);
		CHECK(d.count == 1 && e.count == 1 && d.hashes[0] != e.hashes[0],
			  "texts without words are one shingle each, and differ");
		al_shingles(&env, "yes", 3, &f);
		CHECK(f.count == 1 && al_overlap(f.hashes, 1, d.hashes, 1) == 0, "a one-word claim is one shingle");
		CHECK(al_dice(3, 4, 4) == 0.75f && al_dice(0, 1, 1) == 0.0f, "dice");
		CHECK(al_overlap_at_least(a.hashes, a.count, b.hashes, b.count, 8) == 8 &&
			  al_overlap_at_least(a.hashes, a.count, b.hashes, b.count, 9) == -1,
			  "overlap with a floor: exact when reached, -1 when not");
		/* the minimum overlap is the exact bound: 2c/(n+c) >= t */
		CHECK(al_min_overlap(20, 0.7f) == 11, "min overlap 20 @ 0.7 = %d", al_min_overlap(20, 0.7f));
		CHECK(al_min_overlap(20, 1.0f) == 20 && al_min_overlap(20, 0.0f) == 0 && al_min_overlap(1, 0.1f) == 1,
			  "min overlap at the ends");
		for (int n = 1; n <= 200; n++)
			for (int t100 = 1; t100 <= 100; t100++)
			{
				float		t = t100 / 100.0f;
				int			need = al_min_overlap(n, t);

				/*
				 * Safe: need-1 shared shingles can never reach t (else the
				 * index would miss rows).  Nearly tight: need+1 always can.
				 */
				if ((need > 1 && al_dice(need - 1, n, need - 1) >= t) ||
					(need < n && !(al_dice(need + 1, n, need + 1) >= t)))
				{
					CHECK(0, "min overlap n=%d t=%.2f need=%d", n, t, need);
					n = 1000;
					break;
				}
			}
		CHECK(1, "min overlap is safe and nearly tight for n <= 200 and t in 0.01..1");
	}

	/* money and percentages */
	expect_amounts("propel $15 billion of spending", "$15 billion=15e9 USD");
	expect_amounts("secured $50 million in seed capital", "$50 million=50e6 USD");
	expect_amounts("US$1.2bn and \xE2\x82\xAC" "3m and \xC2\xA5" "5 trillion",
				   "US$1.2bn=1.2e9 USD|\xE2\x82\xAC" "3m=3e6 EUR|\xC2\xA5" "5 trillion=5e12 CNY");
	expect_amounts("10 billion yuan or RMB 2.5 billion", "10 billion yuan=10e9 CNY|RMB 2.5 billion=2.5e9 CNY");
	expect_amounts("a $10-15 billion market", "$10-15 billion=10..15e9 USD");
	expect_amounts("$15.5 billion, 1,200 dollars", "$15.5 billion=15.5e9 USD|1,200 dollars=1200e0 USD");
	expect_amounts("grew 20% or 3.5 percent", "20%=20e0%|3.5 percent=3.5e0%");
	expect_amounts("In 2022 and early 2023, 3 firms, GPT-4", "");

	/* years, relative years, durations */
	expect_times("In 2022 and early 2023, deals outpaced", "2022=year 2022|early 2023=year 2023 early");
	expect_times("$15 billion of spending this year", "this year=relative +0");
	expect_times("China is three years behind but may not need three years to catch up",
				 "three years=3 year|three years=3 year");
	expect_times("Xi's two-year internet crackdown, mid-2024, 18 months, last year",
				 "two-year=2 year|mid-2024=year 2024 mid|18 months=18 month|last year=relative -1");
	expect_times("$2022 million, 20221, 2022.5, GPT-4, 3 firms", "");
	/* capitals: ASCII case rules, whatever the locale */
	expect_amounts("5 BILLION YUAN, $5 MILLION", "5 BILLION YUAN=5e9 CNY|$5 MILLION=5e6 USD");
	expect_times("FIVE YEARS IN 2022, THIS YEAR, EARLY 2023",
				 "FIVE YEARS=5 year|2022=year 2022|THIS YEAR=relative +0|EARLY 2023=year 2023 early");
	expect_modality("IT HIGHLIGHTS THAT CHIPS WILL BE SCARCE.", AL_META, 0, "");
	expect_modality("It highlights that chips will be scarce.", AL_META, 0, "");
	expect_modality("INVESTORS BELIEVE IT; IT ISN'T CLEAR, ACCORDING TO IDC.", AL_OPINION, 1, "IDC");

	/* modality, negation, attribution */
	expect_modality("Chinese scientists are expected to propel $15 billion of spending.", AL_FORECAST, 0, "");
	expect_modality("Others argue that innovation cannot be bought and that investors should invest.", AL_OPINION, 1, "");
	expect_modality("The article discusses the challenges faced by Chinese AI companies.", AL_META, 0, "");
	expect_modality("It highlights that regulations will put China's AI at a disadvantage.", AL_META, 0, "");
	expect_modality("In 2022, deals outpaced those in the consumer sector, according to Preqin.", AL_FACT, 0, "Preqin");
	expect_modality("China is three years behind the US but may not need three years.", AL_HEDGED, 1, "");
	expect_modality("AI models could eventually provide the infrastructure.", AL_FORECAST, 0, "");
	expect_modality("Baidu doesn't comment, Robin Li said.", AL_FACT, 1, "Robin Li");
	expect_modality("China is reigned in by US tech sanctions.", AL_FACT, 0, "");

	/* entities: longest match, case where it matters, possessives, unknown names */
	{
		AlGazetteer *g;

		al_gazetteer_build(&env, test_aliases, sizeof(test_aliases) / sizeof(test_aliases[0]), &g);
		expect_mentions(g, "China's tech sector competes with the US and the U.S. Treasury.",
						"China=1|US=2|U.S=2|Treasury=0");
		expect_mentions(g, "Let us see: Tencent, ByteDance, and Ant Group Co. to break new ground.",
						"Tencent=0|ByteDance=0|Ant Group Co=3");
		expect_mentions(g, "Chips from Nvidia and Advanced Micro Devices; AMD and IFLYTEK too.",
						"Nvidia=0|Advanced Micro Devices=4|AMD=4|IFLYTEK=6");
		expect_mentions(g, "Wang Xiaochuan met Xi's aides in Beijing, near Silicon Valley's edge.",
						"Wang Xiaochuan=0|Xi=5|Beijing=7|Silicon Valley=8");
		expect_mentions(g, "AI is big. The GPUs of the United States matter.", "United States=2");
		expect_mentions(g, "An apple a day; CHINA and Apple agree.", "CHINA=1|Apple=9");
		/*
		 * CJK names match however ICU splits them: 科大讯飞 into four
		 * characters, 从小米 into 从小|米, 从中芯国际 into 从中|芯|国际,
		 * 华为了解 into 华|为|了解.
		 */
		expect_mentions(g, "\xE7\xA7\x91\xE5\xA4\xA7\xE8\xAE\xAF\xE9\xA3\x9E\xE5\x8F\x91\xE5\xB8\x83"
						"\xE4\xBA\x86\xE6\x96\xB0\xE6\xA8\xA1\xE5\x9E\x8B\xE3\x80\x82",	/* 科大讯飞发布了新模型。 */
						"\xE7\xA7\x91\xE5\xA4\xA7\xE8\xAE\xAF\xE9\xA3\x9E=6");
		expect_mentions(g, "\xE4\xBB\x96\xE4\xBB\xAC\xE4\xBB\x8E\xE5\xB0\x8F\xE7\xB1\xB3\xE8\xB4\xAD"
						"\xE4\xB9\xB0\xE4\xBA\x86\xE6\x89\x8B\xE6\x9C\xBA\xE3\x80\x82",	/* 他们从小米购买了手机。 */
						"\xE5\xB0\x8F\xE7\xB1\xB3=11");
		expect_mentions(g, "\xE7\xBE\x8E\xE5\x9B\xBD\xE4\xBB\x8E\xE4\xB8\xAD\xE8\x8A\xAF\xE5\x9B\xBD"
						"\xE9\x99\x85\xE8\xBF\x9B\xE5\x8F\xA3\xE8\x8A\xAF\xE7\x89\x87\xE3\x80\x82",	/* 美国从中芯国际进口芯片。 */
						"\xE7\xBE\x8E\xE5\x9B\xBD=2|\xE4\xB8\xAD\xE8\x8A\xAF\xE5\x9B\xBD\xE9\x99\x85=12");
		expect_mentions(g, "\xE8\xBF\x99\xE5\xAF\xB9\xE5\x8D\x8E\xE4\xB8\xBA\xE4\xBA\x86\xE8\xA7\xA3"
						"\xE5\x8C\x97\xE4\xBA\xAC\xE5\xBE\x88\xE9\x87\x8D\xE8\xA6\x81\xE3\x80\x82",	/* 这对华为了解北京很重要。 */
						"\xE5\x8D\x8E\xE4\xB8\xBA=10|\xE5\x8C\x97\xE4\xBA\xAC=7");
		/* 中国的百度, with Latin names around: offsets in characters */
		{
			const char *t = "Baidu (\xE4\xB8\xAD\xE5\x9B\xBD\xE7\x9A\x84\xE7\x99\xBE\xE5\xBA\xA6) and Apple";
			AlMentionList list = {0};

			al_match_entities(&env, g, t, strlen(t), &list);
			CHECK(list.count == 3 && list.items[0].entity_id == 1 && list.items[0].span.start_char == 7 &&
				  list.items[0].span.end_char == 9 && list.items[1].entity_id == 13 &&
				  list.items[1].span.start_char == 10 && list.items[1].span.end_char == 12 &&
				  list.items[2].entity_id == 9 && list.items[2].span.start_char == 18,
				  "CJK mentions among Latin ones, with character offsets (%d mentions)", list.count);
		}
		check_long_texts(g);
	}
	check_modality_of_long_texts();

	/* clustering is exact: the same answer as comparing every pair */
	check_cluster_against_brute_force(0.3f, 1, 1);
	check_cluster_against_brute_force(0.6f, 2, 1);
	check_cluster_against_brute_force(0.8f, 3, 1);
	check_cluster_against_brute_force(1.0f, 4, 1);
	/* the join split over threads gives the same answer */
	check_cluster_against_brute_force(0.3f, 5, 2);
	check_cluster_against_brute_force(0.6f, 6, 3);
	check_bounds_exact();
	check_prefix_filter_exact();
	check_cluster_long_sets();
	/* sets longer than the join's per-set counters count (254 shared prefix tokens) */
	check_cluster_counter_saturates();
	check_cluster_sized(0.3f, 7, 2, 300, 300, 400, 2000, 60);
	check_cluster_sized(0.6f, 8, 1, 300, 300, 400, 1500, 150);
	check_cluster_sized(0.9f, 9, 2, 300, 300, 400, 2000, 30);
	check_near_duplicate_articles();
	check_figure_keys();
	check_claim_features();
	check_cluster_interrupt_resumes();

	printf("1..%d\n", checks);
	return failures ? 1 : 0;
}
