/*
 * article_links.c - near-duplicate articles from the claims' graph.
 *
 * Article X repeats an earlier article Y when at least 80% of X's claims
 * have a linked claim in Y: a claim of the same distinct set, or of a set
 * the join found similar.  The rule looks only at X's claims and at claims
 * of earlier articles, so a later load never changes it: loading one by one
 * and in bulk give the same answer.
 */
#include <stdlib.h>
#include <string.h>

#include "al_core.h"

#define SHARE_NUMERATOR 4		/* 80% */
#define SHARE_DENOMINATOR 5

static int
compare_i64(const void *a, const void *b)
{
	int64_t		x = *(const int64_t *) a;
	int64_t		y = *(const int64_t *) b;

	return (x > y) - (x < y);
}

/* Compressed rows: row r holds values[start[r] .. start[r + 1]). */
typedef struct Rows
{
	int		   *start;
	int		   *values;
} Rows;

static int
compare_int(const void *a, const void *b)
{
	int			x = *(const int *) a;
	int			y = *(const int *) b;

	return (x > y) - (x < y);
}

/*
 * Rows from (row, value) pairs packed as row << 32 | value; each row's
 * values sorted, repeats dropped.  A counting sort by row, then a sort
 * within each row (short, except the sets of boilerplate sentences): tens
 * of millions of pairs at a million claims, where one qsort of all of
 * them took seconds.
 */
static Rows
rows_from_pairs(const AlEnv *env, int64_t *packed, size_t n, int nrows)
{
	Rows		rows;
	int		   *fill = env->alloc(env->ctx, sizeof(int) * ((size_t) nrows + 1));
	size_t		k = 0;

	rows.start = env->alloc(env->ctx, sizeof(int) * ((size_t) nrows + 1));
	rows.values = env->alloc(env->ctx, sizeof(int) * (n > 0 ? n : 1));
	memset(rows.start, 0, sizeof(int) * ((size_t) nrows + 1));
	for (size_t i = 0; i < n; i++)
		rows.start[(packed[i] >> 32) + 1]++;
	for (int r = 0; r < nrows; r++)
		rows.start[r + 1] += rows.start[r];
	memcpy(fill, rows.start, sizeof(int) * ((size_t) nrows + 1));
	for (size_t i = 0; i < n; i++)
		rows.values[fill[packed[i] >> 32]++] = (int) (uint32_t) packed[i];

	/* sort each row and drop repeats, compacting in place (never ahead of the reads) */
	for (int r = 0; r < nrows; r++)
	{
		int			first = rows.start[r],
					last = rows.start[r + 1];
		int		   *v = rows.values + first;
		int			len = last - first;

		if (len > 16)
			qsort(v, (size_t) len, sizeof(int), compare_int);
		else
			for (int i = 1; i < len; i++)
			{
				int			x = v[i],
							j = i;

				for (; j > 0 && v[j - 1] > x; j--)
					v[j] = v[j - 1];
				v[j] = x;
			}
		rows.start[r] = (int) k;
		for (int i = 0; i < len; i++)
			if (i == 0 || v[i] != v[i - 1])
				rows.values[k++] = v[i];
	}
	rows.start[nrows] = (int) k;
	return rows;
}

int
al_near_duplicate_articles(const AlEnv *env, int n, const int64_t *article_of,
						   const AlClusterGraph *graph, int first_target,
						   const int *extra_start, const int64_t *extra_articles,
						   int64_t **articles_out, int64_t **near_out, int *narticles_out)
{
	size_t		nextra = extra_start ? (size_t) extra_start[n - first_target] : 0;
	int64_t    *ids = env->alloc(env->ctx, sizeof(int64_t) * ((size_t) n + nextra + 1));
	int		   *extra_dense = env->alloc(env->ctx, sizeof(int) * (nextra + 1));
	int		   *article = env->alloc(env->ctx, sizeof(int) * (size_t) (n > 0 ? n : 1));
	int			narticles = 0;
	int64_t    *packed;
	Rows		set_articles,
				neighbours,
				article_items;
	int		   *mark,
			   *count,
			   *touched;
	int			ntargets = 0;

	/* dense article numbers, in id order, for the items' and the extra links' articles */
	memcpy(ids, article_of, sizeof(int64_t) * (size_t) n);
	if (nextra > 0)
		memcpy(ids + n, extra_articles, sizeof(int64_t) * nextra);
	qsort(ids, (size_t) n + nextra, sizeof(int64_t), compare_i64);
	for (size_t i = 0; i < (size_t) n + nextra; i++)
		if (narticles == 0 || ids[narticles - 1] != ids[i])
			ids[narticles++] = ids[i];
	for (int i = 0; i < n; i++)
	{
		int64_t    *hit = bsearch(&article_of[i], ids, (size_t) narticles, sizeof(int64_t), compare_i64);

		article[i] = (int) (hit - ids);
	}
	for (size_t e = 0; e < nextra; e++)
	{
		int64_t    *hit = bsearch(&extra_articles[e], ids, (size_t) narticles, sizeof(int64_t), compare_i64);

		extra_dense[e] = (int) (hit - ids);
	}

	/* the distinct articles of each set, each set's similar sets, each article's target items */
	packed = env->alloc(env->ctx, sizeof(int64_t) * ((size_t) n + 2 * (size_t) graph->npairs + 1));
	for (int i = 0; i < n; i++)
		packed[i] = ((int64_t) graph->set_of[i] << 32) | article[i];
	set_articles = rows_from_pairs(env, packed, (size_t) n, graph->nsets);
	for (int p = 0; p < graph->npairs; p++)
	{
		packed[2 * p] = ((int64_t) graph->pair_a[p] << 32) | graph->pair_b[p];
		packed[2 * p + 1] = ((int64_t) graph->pair_b[p] << 32) | graph->pair_a[p];
	}
	neighbours = rows_from_pairs(env, packed, 2 * (size_t) graph->npairs, graph->nsets);
	for (int i = first_target; i < n; i++)
		packed[i - first_target] = ((int64_t) article[i] << 32) | i;
	article_items = rows_from_pairs(env, packed, (size_t) (n - first_target), narticles);

	mark = env->alloc(env->ctx, sizeof(int) * (size_t) (narticles > 0 ? narticles : 1));
	count = env->alloc(env->ctx, sizeof(int) * (size_t) (narticles > 0 ? narticles : 1));
	touched = env->alloc(env->ctx, sizeof(int) * (size_t) (narticles > 0 ? narticles : 1));
	for (int a = 0; a < narticles; a++)
		mark[a] = -1, count[a] = 0;
	*articles_out = env->alloc(env->ctx, sizeof(int64_t) * (size_t) (narticles > 0 ? narticles : 1));
	*near_out = env->alloc(env->ctx, sizeof(int64_t) * (size_t) (narticles > 0 ? narticles : 1));

	for (int x = 0; x < narticles; x++)
	{
		int			first = article_items.start[x],
					last = article_items.start[x + 1];
		int			ntouched = 0,
					best = -1;

		if (first == last)
			continue;			/* no claim of x is judged */
		if (env->check_interrupts)
			env->check_interrupts(env->ctx);
		for (int k = first; k < last; k++)
		{
			int			i = article_items.values[k];
			int			s = graph->set_of[i];

			/* the item's own set, then the sets similar to it */
			for (int v = -1; v < neighbours.start[s + 1] - neighbours.start[s]; v++)
			{
				int			set = v < 0 ? s : neighbours.values[neighbours.start[s] + v];

				for (int q = set_articles.start[set]; q < set_articles.start[set + 1]; q++)
				{
					int			y = set_articles.values[q];

					if (y >= x)
						break;	/* rows are sorted: only earlier articles */
					if (mark[y] == i)
						continue;
					mark[y] = i;
					if (count[y]++ == 0)
						touched[ntouched++] = y;
				}
			}
			/* links to claims outside the items (earlier claims an index probe found) */
			for (int e = extra_start ? extra_start[i - first_target] : 0;
				 extra_start && e < extra_start[i - first_target + 1]; e++)
			{
				int			y = extra_dense[e];

				if (y >= x || mark[y] == i)
					continue;
				mark[y] = i;
				if (count[y]++ == 0)
					touched[ntouched++] = y;
			}
		}
		for (int t = 0; t < ntouched; t++)
		{
			int			y = touched[t];

			if ((int64_t) count[y] * SHARE_DENOMINATOR >= (int64_t) (last - first) * SHARE_NUMERATOR &&
				(best < 0 || count[y] > count[best] || (count[y] == count[best] && y < best)))
				best = y;
		}
		for (int t = 0; t < ntouched; t++)
			count[touched[t]] = 0;
		(*articles_out)[ntargets] = ids[x];
		(*near_out)[ntargets] = best >= 0 ? ids[best] : -1;
		ntargets++;
	}
	*narticles_out = ntargets;
	return AL_OK;
}
