/*
 * skips.c - what was not loaded and why: counted by kind for the summary,
 * listed one per line, in input order, in the report file.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

typedef struct Skip
{
	long		seq;
	char	   *input;
	char	   *where;
	const char *kind;			/* a static phrase: "empty body", ... */
	char	   *detail;
} Skip;

static pthread_mutex_t skips_lock = PTHREAD_MUTEX_INITIALIZER;
static Skip *skips;
static long nskips,
			capskips;
static long seq_counter;

/* reading order: the reader numbers articles and skipped inputs alike */
long
next_seq(void)
{
	return seq_counter++;
}

void
skip_add(long seq, const char *input, const char *where, const char *kind, const char *detail)
{
	pthread_mutex_lock(&skips_lock);
	if (nskips == capskips)
	{
		capskips = capskips ? capskips * 2 : 64;
		skips = xrealloc(skips, capskips * sizeof(Skip));
	}
	skips[nskips].seq = seq;
	skips[nskips].input = xstrdup(input);
	skips[nskips].where = xstrdup(where ? where : "");
	skips[nskips].kind = kind;
	skips[nskips].detail = xstrdup(detail ? detail : "");
	nskips++;
	pthread_mutex_unlock(&skips_lock);
}

long
skip_count(void)
{
	long		n;

	pthread_mutex_lock(&skips_lock);
	n = nskips;
	pthread_mutex_unlock(&skips_lock);
	return n;
}

static int
by_seq(const void *a, const void *b)
{
	long		x = ((const Skip *) a)->seq,
				y = ((const Skip *) b)->seq;

	return (x > y) - (x < y);
}

/* "  2 empty body" lines, kinds in order of first appearance */
void
skips_summary(FILE *out)
{
	pthread_mutex_lock(&skips_lock);
	if (nskips > 0)
		qsort(skips, nskips, sizeof(Skip), by_seq);
	for (long i = 0; i < nskips; i++)
	{
		long		count = 0;
		bool		seen = false;

		for (long k = 0; k < i && !seen; k++)
			seen = strcmp(skips[k].kind, skips[i].kind) == 0;
		if (seen)
			continue;
		for (long k = i; k < nskips; k++)
			count += strcmp(skips[k].kind, skips[i].kind) == 0;
		fprintf(out, "  %8ld  %s\n", count, skips[i].kind);
	}
	pthread_mutex_unlock(&skips_lock);
}

/* tabs and line breaks of a server message would break the report's columns */
static void
put_field(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

/*
 * The report: a header line, then "input <TAB> where <TAB> kind <TAB>
 * detail" per skipped input or article.  Written on every run, so an old
 * report never outlives the run it described.
 */
bool
skips_write_report(const char *path, char *err, size_t errlen)
{
	FILE	   *f = fopen(path, "w");

	if (f == NULL)
	{
		snprintf(err, errlen, "cannot write the report \"%s\": %s", path, strerror(errno));
		return false;
	}
	pthread_mutex_lock(&skips_lock);
	if (nskips > 0)
		qsort(skips, nskips, sizeof(Skip), by_seq);
	fprintf(f, "# ai-landscape-load: %ld skipped\n# input\twhere\treason\tdetail\n", nskips);
	for (long i = 0; i < nskips; i++)
	{
		put_field(f, skips[i].input);
		fputc('\t', f);
		put_field(f, skips[i].where);
		fputc('\t', f);
		put_field(f, skips[i].kind);
		fputc('\t', f);
		put_field(f, skips[i].detail);
		fputc('\n', f);
	}
	pthread_mutex_unlock(&skips_lock);
	if (fclose(f) != 0)
	{
		snprintf(err, errlen, "cannot write the report \"%s\": %s", path, strerror(errno));
		return false;
	}
	return true;
}
