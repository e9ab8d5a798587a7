/*
 * core_cluster.c - time the core's all-pairs join outside the server.
 *
 * make bench-core-cluster N=1000000: N sets of 15-30 words drawn with
 * P(rank r) ~ 1/r from 50,000 words, 1% of them with 1-4 edited copies,
 * the same shape as bench/near_duplicates.sql generates.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <time.h>

#include "al_core.h"

static void *
heap_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return malloc(size ? size : 1);
}

static uint64_t rng = 42;

static double
uniform(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double) (rng >> 11) / (double) (1ULL << 53);
}

static uint32_t
zipf_word(void)
{
	return (uint32_t) floor(exp(uniform() * log(50000.0)));
}

int
main(int argc, char **argv)
{
	int			n = argc > 1 ? atoi(argv[1]) : 1000000;
	float		threshold = argc > 2 ? (float) atof(argv[2]) : 0.7f;
	AlEnv		env = {.alloc = heap_alloc, .threads = argc > 3 ? atoi(argv[3]) : 2};
	AlShingles *items = malloc(sizeof(AlShingles) * (size_t) n);
	int		   *earliest = malloc(sizeof(int) * (size_t) n);
	int		   *component = malloc(sizeof(int) * (size_t) n);
	AlClusterStats stats;
	struct timespec t0, t1;
	int			i = 0;

	if (argc > 4)
	{
		/* real text: one sentence per line, normalized and shingled as the server does */
		FILE	   *f = fopen(argv[4], "r");
		char	   *line = NULL;
		size_t		cap = 0;
		ssize_t		len;

		if (f == NULL)
		{
			perror(argv[4]);
			return 1;
		}
		while (i < n && (len = getline(&line, &cap, f)) > 0)
		{
			char	   *norm;
			size_t		norm_len;

			if (line[len - 1] == '\n')
				line[--len] = '\0';
			if (len == 0 || al_normalize(&env, line, (size_t) len, &norm, &norm_len) != AL_OK ||
				al_shingles(&env, norm, norm_len, &items[i]) != AL_OK)
				continue;
			i++;
		}
		fclose(f);
		n = i;
	}
	while (i < n)
	{
		int			len = 15 + (int) (uniform() * 16);
		uint32_t   *w = malloc(sizeof(uint32_t) * 34);

		for (int k = 0; k < len; k++)
			w[k] = zipf_word() * 2654435761U;
		items[i].hashes = w;
		items[i].count = al_sort_unique(w, len);
		i++;
		/* 1% get 1-4 copies with 1-3 words replaced */
		if (uniform() < 0.01)
			for (int c = 1 + (int) (uniform() * 4); c > 0 && i < n; c--, i++)
			{
				uint32_t   *v = malloc(sizeof(uint32_t) * 34);

				for (int k = 0; k < len; k++)
					v[k] = w[k < items[i - 1].count ? k : 0];
				for (int e = 1 + (int) (uniform() * 3); e > 0; e--)
					v[(int) (uniform() * items[i - 1].count)] = (uint32_t) (60000 + uniform() * 1e6) * 2654435761U;
				items[i].hashes = v;
				items[i].count = al_sort_unique(v, items[i - 1].count);
			}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	al_cluster(&env, items, n, threshold, earliest, component, &stats);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%d sets, threshold %.2f, %d threads: %.1f s, %lld distinct sets, %lld candidates verified, %lld similar pairs\n",
		   n, threshold, env.threads, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		   (long long) stats.unique_sets, (long long) stats.candidates, (long long) stats.similar_pairs);
	return 0;
}
