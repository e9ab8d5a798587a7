/*
 * segment.c - sentence segmentation throughput, outside the server.
 *
 * make bench-segment: a deterministic news-like corpus (long and short
 * sentences, abbreviations, amounts, quotes, lists, headings, paragraphs
 * written one per line or hard-wrapped at 72 columns), segmented as 2,000
 * articles of about 3 kB and as one large input of about 32 MB.  Prints
 * MB/s of CPU time (the machine is shared), the best of five runs of each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "al_core.h"

static void *
heap_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size ? size : 1);
}

static uint64_t rng = 42;

static unsigned
pick(unsigned n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned) ((rng >> 33) % n);
}

static const char *const sentences[] = {
	"Chinese chipmakers raised $%u.5 billion in the first half, according to Preqin.",
	"Mr. Li, who founded the company in %u, said the U.S. Commerce Department had not replied.",
	"Shares of Baidu Inc. rose %u%% in Hong Kong on Tuesday.",
	"\"We are not in a hurry,\" said Wang Xiaochuan, the founder of Sogou.",
	"The rules take effect on Jan. %u, the Cyberspace Administration of China said.",
	"It fell.",
	"Analysts at Morgan Stanley expect spending on AI servers to reach %u billion yuan by 2027, up from about half that last year, as cloud providers race to train larger models.",
	"Is the gap closing?",
	"The company, which is backed by Alibaba Group Holding Ltd. and Tencent Holdings Ltd., declined to comment.",
	"Nvidia's H20 chip, designed to comply with U.S. export controls, sells for about $%u,000.",
	"Dr. Zhou Hongyi told reporters at 6 p.m. that the No. %u priority was talent.",
	"Revenue grew to 4.%u billion yuan, while the net loss narrowed.",
	"The report, published by the Center for Security and Emerging Technology (CSET), lists %u institutions.",
	"He moved to the U.S. in 2015 and returned to Beijing in %u.",
	"Sen. Marco Rubio called the deal \"a national security risk\" in a letter on Oct. %u.",
	"Production at the Shanghai plant resumed after %u days.",
	"iFlytek, Zhipu AI and Moonshot AI each released models this year... and more are coming.",
	"Beijing has pledged support, but investors remain cautious.",
};

static const char *const headings[] = {
	"Export controls", "The race for talent", "What comes next", "Funding",
};

static size_t
append(char *buf, size_t n, const char *s)
{
	size_t		len = strlen(s);

	memcpy(buf + n, s, len);
	return n + len;
}

/* A paragraph of 1-6 sentences into para; returns its length. */
static size_t
paragraph(char *para)
{
	size_t		n = 0;
	int			count = 1 + (int) pick(6);

	for (int i = 0; i < count; i++)
	{
		char		s[512];

		snprintf(s, sizeof(s), sentences[pick(sizeof(sentences) / sizeof(sentences[0]))],
				 10 + pick(90));
		if (i > 0)
			para[n++] = ' ';
		n = append(para, n, s);
	}
	para[n] = '\0';
	return n;
}

/* Greedy wrap at width columns (bytes: the corpus is ASCII). */
static size_t
wrap(char *out, size_t n, const char *para, size_t width)
{
	size_t		line = 0;
	const char *p = para;

	while (*p)
	{
		size_t		w = strcspn(p, " ");

		if (line > 0 && line + 1 + w > width)
		{
			out[n++] = '\n';
			line = 0;
		}
		else if (line > 0)
		{
			out[n++] = ' ';
			line++;
		}
		memcpy(out + n, p, w);
		n += w;
		line += w;
		p += w;
		while (*p == ' ')
			p++;
	}
	return n;
}

/* An article of about target bytes: headings, lists, plain and wrapped paragraphs. */
static size_t
article(char *out, size_t target)
{
	size_t		n = 0;
	int			wrapped = pick(2);

	while (n < target)
	{
		char		para[4096];
		size_t		len;
		unsigned	kind = pick(10);

		if (kind == 0)
		{
			n = append(out, n, headings[pick(4)]);
			out[n++] = '\n';
			continue;
		}
		if (kind == 1)
		{
			for (int i = 1; i <= 3; i++)
			{
				char		item[600];

				paragraph(para);
				snprintf(item, sizeof(item), "%d. %.*s\n", i, (int) strcspn(para, "."), para);
				n = append(out, n, item);
			}
			continue;
		}
		len = paragraph(para);
		if (wrapped)
			n = wrap(out, n, para, 72);
		else
		{
			memcpy(out + n, para, len);
			n += len;
		}
		n = append(out, n, wrapped ? "\n\n" : "\n");
	}
	return n;
}

static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/* Best of five: MB/s over the given texts, and the sentence count. */
static double
throughput(char **texts, size_t *lens, int count, long *sentences_found)
{
	AlEnv		env = {heap_alloc, NULL, NULL};
	double		best = 1e30;
	size_t		bytes = 0;

	for (int i = 0; i < count; i++)
		bytes += lens[i];
	for (int run = 0; run < 5; run++)
	{
		double		t0 = seconds();

		*sentences_found = 0;
		for (int i = 0; i < count; i++)
		{
			AlSpanList	list = {0};

			if (al_segment_sentences(&env, texts[i], lens[i], &list) != AL_OK)
			{
				fprintf(stderr, "segmentation failed\n");
				exit(1);
			}
			*sentences_found += list.count;
			free(list.items);
		}
		t0 = seconds() - t0;
		if (t0 < best)
			best = t0;
	}
	return bytes / best / 1e6;
}

int
main(void)
{
	enum {ARTICLES = 2000, ARTICLE_BYTES = 3000, LARGE_BYTES = 32 * 1000 * 1000};
	char	   *texts[ARTICLES];
	size_t		lens[ARTICLES];
	char	   *large = malloc(LARGE_BYTES + 8192);
	size_t		large_len = 0;
	long		found;
	double		mbs;

	for (int i = 0; i < ARTICLES; i++)
	{
		texts[i] = malloc(ARTICLE_BYTES + 8192);
		lens[i] = article(texts[i], ARTICLE_BYTES);
	}
	while (large_len < LARGE_BYTES)
		large_len += article(large + large_len, ARTICLE_BYTES);

	mbs = throughput(texts, lens, ARTICLES, &found);
	printf("articles: %d texts, %ld sentences, %.1f MB/s\n", ARTICLES, found, mbs);
	mbs = throughput(&large, &large_len, 1, &found);
	printf("large: %.1f MB, %ld sentences, %.1f MB/s\n", large_len / 1e6, found, mbs);
	return 0;
}
