/*
 * load.h - shared types of ai-landscape-load, the command-line loader.
 *
 * The reader (main thread) walks the inputs, decodes and parses them into
 * articles and cuts them into batches; each batch goes to connection
 * (batch number mod -j), whose thread loads it with COPY in one transaction.
 */
#ifndef AI_LANDSCAPE_LOAD_H
#define AI_LANDSCAPE_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libpq-fe.h>

/* ---- small helpers (strbuf.c) ---- */
typedef struct StrBuf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} StrBuf;

extern void *xmalloc(size_t n);
extern void *xrealloc(void *p, size_t n);
extern char *xstrdup(const char *s);
extern char *xstrndup(const char *s, size_t n);
extern void sb_reserve(StrBuf *sb, size_t more);
extern void sb_putc(StrBuf *sb, char c);
extern void sb_put(StrBuf *sb, const char *s, size_t n);
extern void sb_reset(StrBuf *sb);
extern void sb_free(StrBuf *sb);
extern char *sb_steal(StrBuf *sb);
extern bool ascii_caseeq(const char *a, const char *b);
extern bool is_blank_text(const char *s);

/* ---- input formats and files (inputs.c) ---- */
typedef enum
{
	FORMAT_NONE = 0,
	FORMAT_TXT,
	FORMAT_JSONL,
	FORMAT_CSV
} Format;

typedef struct InputFile
{
	char	   *path;			/* "-" is standard input */
	Format		format;
	long long	size;			/* bytes, -1 when unknown (standard input) */
} InputFile;

typedef struct InputList
{
	InputFile  *files;
	int			n;
	int			cap;
	int			ignored;		/* files in directories with another extension */
} InputList;

extern Format format_from_name(const char *name);
extern const char *format_name(Format f);
extern void inputs_collect(InputList *list, char **args, int nargs, Format forced);

/* ---- options (ai_landscape_load.c) ---- */
typedef struct CsvColumns
{
	const char *body;
	const char *title;
	const char *source;
	const char *url;
	const char *published;
} CsvColumns;

typedef struct LoadOptions
{
	const char *dbname;			/* conninfo, URI or database name */
	const char *host;
	const char *port;
	const char *user;
	bool		bulk;			/* --mode=bulk (default) or stream */
	int			batch;
	int			jobs;
	Format		format;			/* --format: stdin and unknown extensions */
	const char *encoding;		/* for files that are not valid UTF-8 */
	bool		title_first_line;
	const char *source;			/* default source of every article */
	CsvColumns	csv;
	const char *report;
	double		progress_interval;	/* seconds between plain progress lines */
	bool		quiet;
} LoadOptions;

/* ---- articles ---- */
typedef struct Article
{
	char	   *title;			/* NULL is SQL NULL; all malloc'd UTF-8 */
	char	   *source;
	char	   *url;
	char	   *published;
	char	   *body;
	int			input;			/* index in the InputList */
	long		seq;			/* reading order, for the report */
	char		where[64];		/* "line 12", "record 3 (line 5)", or "" */
} Article;

extern void article_free(Article *a);

/* ---- skipped inputs and articles (skips.c) ---- */
extern long next_seq(void);
extern void skip_add(long seq, const char *input, const char *where,
					 const char *kind, const char *detail);
extern long skip_count(void);
extern void skips_summary(FILE *out);
extern bool skips_write_report(const char *path, char *err, size_t errlen);

/* ---- encodings (encoding.c) ---- */
extern bool utf8_check(const char *s, size_t len, size_t *bad_offset);
extern char *decode_to_utf8(const char *s, size_t len, const char *encoding,
							size_t *outlen, char *err, size_t errlen);

/* ---- parsers (jsonl.c, csv.c) ---- */
extern bool jsonl_parse_article(const char *line, size_t len, Article *a,
								char *err, size_t errlen);

typedef struct CsvReader
{
	const char *p;
	const char *end;
	long		line;			/* current line, 1-based */
	long		record_line;	/* line where the last record started */
	StrBuf	   *fields;
	int			nfields;
	int			capfields;
} CsvReader;

extern void csv_init(CsvReader *r, const char *buf, size_t len);
extern int	csv_next(CsvReader *r, char *err, size_t errlen);	/* 1 record, 0 end, -1 error */
extern void csv_free(CsvReader *r);

/* ---- turning a decoded file into articles (articles.c) ---- */
/*
 * Receives each article (ownership passes; NULL when only input was consumed)
 * with the stored bytes of input it completes; file_done on the last call.
 */
typedef void (*ArticleSink) (Article *a, size_t bytes, bool file_done, void *arg);
extern void load_input(const LoadOptions *o, const InputList *inputs, int input,
					   ArticleSink sink, void *arg);

/* ---- batches and connections (copy_batch.c) ---- */
typedef struct Batch
{
	Article    *articles;		/* room for --batch */
	int			n;
	long long	bytes;			/* input bytes this batch completes */
	int			files;			/* input files this batch completes */
} Batch;

typedef struct BatchResult
{
	long		loaded;
	long		present;
	long long	claims;
} BatchResult;

extern PGconn *db_connect(const LoadOptions *o, char *err, size_t errlen);
extern bool db_check(PGconn *conn, const LoadOptions *o, char *err, size_t errlen);
extern bool db_load_batch(PGconn *conn, const LoadOptions *o, const InputList *inputs,
						  Batch *b, BatchResult *r, char *err, size_t errlen);
extern bool db_claims_high_water(PGconn *conn, long long *max_id, char *err, size_t errlen);
extern bool db_claims_since(PGconn *conn, long long after_id, long long *claims,
							long long *duplicates, char *err, size_t errlen);
extern bool db_recluster(PGconn *conn, char *err, size_t errlen);

/* ---- progress (progress.c) ---- */
typedef struct Totals
{
	int			files_total;
	int			files_done;
	long long	bytes_total;	/* -1 when unknown */
	long long	bytes_done;
	long		loaded;
	long		present;
	long		skipped;
	long long	claims;
} Totals;

extern void progress_start(const LoadOptions *o);
extern void progress_update(const Totals *t);
extern void progress_note(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void progress_finish(const Totals *t);
extern double seconds_since_start(void);

#endif
