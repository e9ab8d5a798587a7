/*
 * progress.c - a progress bar redrawn in place when standard error is a
 * terminal; plain lines every --progress-interval seconds when it is not
 * (a log file, a CI job).
 */
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "load.h"

#define BAR_WIDTH 24
#define BAR_REDRAW_SECONDS 0.2

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static struct timespec started;
static bool on_terminal;
static bool quiet;
static double interval;
static double last_print = -1;
static bool bar_drawn;
static Totals last_drawn;		/* a plain line is not printed twice */
static bool drawn_once;

double
seconds_since_start(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - started.tv_sec) + (now.tv_nsec - started.tv_nsec) / 1e9;
}

void
progress_start(const LoadOptions *o)
{
	clock_gettime(CLOCK_MONOTONIC, &started);
	on_terminal = isatty(STDERR_FILENO);
	quiet = o->quiet;
	interval = o->progress_interval;
}

/* "1:05:09", "4:07", or "?" */
static void
format_duration(char *buf, size_t len, double seconds)
{
	long		s = (long) (seconds + 0.5);

	if (seconds < 0)
		snprintf(buf, len, "?");
	else if (s >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
}

static bool
same_totals(const Totals *a, const Totals *b)
{
	return a->files_total == b->files_total && a->files_done == b->files_done &&
		a->bytes_total == b->bytes_total && a->bytes_done == b->bytes_done &&
		a->loaded == b->loaded && a->present == b->present &&
		a->skipped == b->skipped && a->claims == b->claims;
}

static void
draw(const Totals *t, double elapsed, bool final)
{
	long		done = t->loaded + t->present;
	double		fraction = -1;
	char		eta[32],
				percent[16];

	if (t->bytes_total > 0)
		fraction = (double) t->bytes_done / t->bytes_total;
	else if (t->bytes_total == 0)
		fraction = 1;
	if (fraction > 1)
		fraction = 1;
	format_duration(eta, sizeof(eta),
					final ? 0 : fraction > 0 ? elapsed * (1 - fraction) / fraction : -1);
	if (fraction >= 0)
		snprintf(percent, sizeof(percent), "%3.0f%%", fraction * 100);
	else
		snprintf(percent, sizeof(percent), "  ?%%");

	if (!on_terminal && drawn_once && same_totals(t, &last_drawn))
		return;
	last_drawn = *t;
	drawn_once = true;
	if (on_terminal)
	{
		char		bar[BAR_WIDTH + 1];
		int			filled = fraction > 0 ? (int) (fraction * BAR_WIDTH) : 0;

		memset(bar, '#', filled);
		memset(bar + filled, '-', BAR_WIDTH - filled);
		bar[BAR_WIDTH] = '\0';
		fprintf(stderr, "\r[%s] %s  files %d/%d  articles %ld  skipped %ld  claims %lld  %.0f articles/s  ETA %s\033[K",
				bar, percent, t->files_done, t->files_total, done, t->skipped, t->claims,
				elapsed > 0 ? done / elapsed : 0, eta);
		bar_drawn = true;
	}
	else
		fprintf(stderr, "progress: %s of input, files %d/%d, articles %ld (%ld loaded, %ld already present), "
				"%ld skipped, claims %lld, %.1f articles/s, %.1f claims/s, ETA %s\n",
				percent, t->files_done, t->files_total, done, t->loaded, t->present, t->skipped,
				t->claims, elapsed > 0 ? done / elapsed : 0, elapsed > 0 ? t->claims / elapsed : 0, eta);
	fflush(stderr);
}

/* called after each batch; prints when the interval has passed */
void
progress_update(const Totals *t)
{
	double		now = seconds_since_start();

	if (quiet)
		return;
	pthread_mutex_lock(&out_lock);
	if (last_print < 0 ||
		now - last_print >= (on_terminal ? BAR_REDRAW_SECONDS : interval))
	{
		draw(t, now, false);
		last_print = now;
	}
	pthread_mutex_unlock(&out_lock);
}

/* a line of its own (a server notice, a phase), above the bar */
void
progress_note(const char *fmt,...)
{
	va_list		ap;
	size_t		len;
	char		line[1024];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	len = strlen(line);
	while (len > 0 && line[len - 1] == '\n')
		line[--len] = '\0';
	pthread_mutex_lock(&out_lock);
	if (bar_drawn)
		fprintf(stderr, "\r\033[K");
	bar_drawn = false;
	fprintf(stderr, "%s\n", line);
	fflush(stderr);
	pthread_mutex_unlock(&out_lock);
}

void
progress_finish(const Totals *t)
{
	if (quiet)
		return;
	pthread_mutex_lock(&out_lock);
	draw(t, seconds_since_start(), true);
	if (on_terminal)
		fprintf(stderr, "\n");
	bar_drawn = false;
	pthread_mutex_unlock(&out_lock);
}
