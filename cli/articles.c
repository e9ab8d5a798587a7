/*
 * articles.c - one input file into articles: read it whole, make sure it is
 * UTF-8 (or decode it with --encoding), then split it by format.  Whatever
 * cannot become an article is recorded as skipped; nothing here stops the run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

/* progress is counted in bytes of the file as stored, decoded or not */
typedef struct Emitter
{
	ArticleSink sink;
	void	   *arg;
	const char *text;			/* the decoded text */
	size_t		done;			/* decoded bytes already reported */
	double		scale;			/* stored bytes per decoded byte */
	long long	reported;		/* stored bytes already reported */
} Emitter;

static size_t
bytes_until(Emitter *e, const char *upto)
{
	size_t		decoded = upto - e->text;
	long long	stored = (long long) (decoded * e->scale);
	long long	delta = stored - e->reported;

	e->done = decoded;
	e->reported = stored;
	return delta > 0 ? (size_t) delta : 0;
}

/* empty optional fields are NULL; the default source fills a missing one */
static void
emit(const LoadOptions *o, Emitter *e, Article *a, const char *upto, const char *name)
{
	char	  **optional[] = {&a->title, &a->source, &a->url, &a->published};

	for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++)
		if (*optional[i] && **optional[i] == '\0')
		{
			free(*optional[i]);
			*optional[i] = NULL;
		}
	if (a->source == NULL && o->source)
		a->source = xstrdup(o->source);
	a->seq = next_seq();
	if (is_blank_text(a->body))
	{
		skip_add(a->seq, name, a->where, "empty body",
				 a->body ? "the body is empty or white space only" : "no body field");
		article_free(a);
		e->sink(NULL, bytes_until(e, upto), false, e->arg);
		return;
	}
	e->sink(a, bytes_until(e, upto), false, e->arg);
}

static void
from_txt(const LoadOptions *o, Emitter *e, int input, const char *name, const char *buf, size_t len)
{
	Article		a = {0};
	const char *body = buf;

	a.input = input;
	if (o->title_first_line)
	{
		const char *nl = memchr(buf, '\n', len);
		const char *t = buf,
				   *te = nl ? nl : buf + len;

		while (t < te && strchr(" \t\r\f\v", *t))
			t++;
		while (te > t && strchr(" \t\r\f\v", te[-1]))
			te--;
		a.title = xstrndup(t, te - t);
		body = nl ? nl + 1 : buf + len;
	}
	a.body = xstrndup(body, buf + len - body);
	emit(o, e, &a, buf + len, name);
}

static bool
is_blank_line(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return false;
	return true;
}

static void
from_jsonl(const LoadOptions *o, Emitter *e, int input, const char *name, const char *buf, size_t len)
{
	const char *p = buf,
			   *end = buf + len;
	char		err[256];

	for (long line = 1; p < end; line++)
	{
		const char *nl = memchr(p, '\n', end - p);
		const char *le = nl ? nl : end;
		const char *next = nl ? nl + 1 : end;
		Article		a = {0};

		a.input = input;
		snprintf(a.where, sizeof(a.where), "line %ld", line);
		if (is_blank_line(p, le))
			;
		else if (!jsonl_parse_article(p, le - p, &a, err, sizeof(err)))
		{
			skip_add(next_seq(), name, a.where, "invalid JSON line", err);
			article_free(&a);
		}
		else
		{
			emit(o, e, &a, next, name);
			p = next;
			continue;
		}
		e->sink(NULL, bytes_until(e, next), false, e->arg);
		p = next;
	}
}

/* the header column an option names, or -1 */
static int
csv_column(const CsvReader *r, const char *wanted)
{
	for (int i = 0; i < r->nfields; i++)
	{
		const char *s = r->fields[i].data;
		size_t		n = r->fields[i].len;
		char	   *trimmed;
		bool		same;

		while (n > 0 && (*s == ' ' || *s == '\t'))
			s++, n--;
		while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		trimmed = xstrndup(s, n);
		same = ascii_caseeq(trimmed, wanted);
		free(trimmed);
		if (same)
			return i;
	}
	return -1;
}

static void
from_csv(const LoadOptions *o, Emitter *e, int input, const char *name, const char *buf, size_t len)
{
	CsvReader	r;
	const char *wanted[] = {o->csv.body, o->csv.title, o->csv.source, o->csv.url, o->csv.published};
	int			col[5];
	int			ncols;
	char		err[256];
	int			rc;
	long		record = 0;

	csv_init(&r, buf, len);
	rc = csv_next(&r, err, sizeof(err));
	if (rc <= 0)
	{
		skip_add(next_seq(), name, "", "invalid CSV", rc == 0 ? "no header row" : err);
		csv_free(&r);
		return;
	}
	ncols = r.nfields;
	for (int i = 0; i < 5; i++)
		col[i] = csv_column(&r, wanted[i]);
	if (col[0] < 0)
	{
		snprintf(err, sizeof(err), "the header has no column \"%s\" (name the body's column with --csv-body)",
				 o->csv.body);
		skip_add(next_seq(), name, "line 1", "invalid CSV", err);
		csv_free(&r);
		return;
	}
	while ((rc = csv_next(&r, err, sizeof(err))) > 0)
	{
		Article		a = {0};
		char	  **field[] = {&a.body, &a.title, &a.source, &a.url, &a.published};

		record++;
		a.input = input;
		snprintf(a.where, sizeof(a.where), "record %ld (line %ld)", record, r.record_line);
		if (r.nfields != ncols)
		{
			snprintf(err, sizeof(err), "%d fields where the header has %d", r.nfields, ncols);
			skip_add(next_seq(), name, a.where, "invalid CSV", err);
			e->sink(NULL, bytes_until(e, r.p), false, e->arg);
			continue;
		}
		for (int i = 0; i < 5; i++)
			if (col[i] >= 0)
				*field[i] = xstrndup(r.fields[col[i]].data, r.fields[col[i]].len);
		emit(o, e, &a, r.p, name);
	}
	if (rc < 0)
	{
		char		detail[320];

		snprintf(detail, sizeof(detail), "%s; the rest of the file is not read", err);
		skip_add(next_seq(), name, "", "invalid CSV", detail);
	}
	csv_free(&r);
}

/* the whole file, or standard input, in memory */
static char *
read_all(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE	   *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	StrBuf		sb = {0};
	char		chunk[65536];
	size_t		n;

	if (f == NULL)
	{
		snprintf(err, errlen, "%s", strerror(errno));
		return NULL;
	}
	sb_reserve(&sb, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sb_put(&sb, chunk, n);
	if (ferror(f))
	{
		snprintf(err, errlen, "%s", strerror(errno));
		sb_free(&sb);
		if (f != stdin)
			fclose(f);
		return NULL;
	}
	if (f != stdin)
		fclose(f);
	*len = sb.len;
	return sb_steal(&sb);
}

/*
 * Read input number "input", make it UTF-8 and hand its articles to sink;
 * the last call of sink has a NULL article and file_done set.
 */
void
load_input(const LoadOptions *o, const InputList *inputs, int input, ArticleSink sink, void *arg)
{
	const InputFile *in = &inputs->files[input];
	const char *name = strcmp(in->path, "-") == 0 ? "standard input" : in->path;
	char		err[320];
	size_t		len,
				textlen,
				bad;
	char	   *raw = read_all(in->path, &len, err, sizeof(err));
	char	   *decoded = NULL;
	const char *text;
	Emitter		e = {sink, arg, NULL, 0, 1.0, 0};

	if (raw == NULL)
	{
		skip_add(next_seq(), name, "", "unreadable", err);
		sink(NULL, in->size > 0 ? (size_t) in->size : 0, true, arg);
		return;
	}
	text = raw;
	textlen = len;
	if (!utf8_check(raw, len, &bad))
	{
		if (o->encoding == NULL)
		{
			if (raw[bad] == '\0')
				snprintf(err, sizeof(err), "a NUL byte at byte offset %zu (a binary file?)", bad);
			else
				snprintf(err, sizeof(err), "byte offset %zu is not UTF-8 (give its encoding with --encoding, e.g. --encoding=latin1)", bad);
			skip_add(next_seq(), name, "", "not UTF-8", err);
			free(raw);
			sink(NULL, len, true, arg);
			return;
		}
		decoded = decode_to_utf8(raw, len, o->encoding, &textlen, err, sizeof(err));
		if (decoded == NULL)
		{
			skip_add(next_seq(), name, "", "not UTF-8", err);
			free(raw);
			sink(NULL, len, true, arg);
			return;
		}
		text = decoded;
	}
	/* a byte order mark is not text */
	if (textlen >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
	{
		text += 3;
		textlen -= 3;
	}
	e.text = text;
	e.scale = textlen ? (double) len / textlen : 1.0;
	switch (in->format)
	{
		case FORMAT_TXT:
			from_txt(o, &e, input, name, text, textlen);
			break;
		case FORMAT_JSONL:
			from_jsonl(o, &e, input, name, text, textlen);
			break;
		case FORMAT_CSV:
			from_csv(o, &e, input, name, text, textlen);
			break;
		default:
			skip_add(next_seq(), name, "", "unknown format", "name the format of standard input with --format");
			break;
	}
	sink(NULL, (size_t) (len > (size_t) e.reported ? len - e.reported : 0), true, arg);
	free(decoded);
	free(raw);
}
