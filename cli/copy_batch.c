/*
 * copy_batch.c - the server side of the loader, through SQL and COPY only
 * (so partitioned or distributed articles tables load the same way).
 *
 * A batch is one transaction: in bulk mode SET LOCAL
 * ai_landscape.defer_linking, then COPY ai_landscape.articles FROM STDIN.
 * The articles trigger skips bodies already present, so COPY's row count
 * is the number of new articles.  A batch the server refuses is rolled
 * back and its articles are sent again one per transaction, so that only
 * the bad ones are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "load.h"

static void
notice_to_progress(void *arg, const char *message)
{
	(void) arg;
	progress_note("server: %s", message);
}

PGconn *
db_connect(const LoadOptions *o, char *err, size_t errlen)
{
	const char *keys[8],
			   *values[8];
	int			n = 0;
	PGconn	   *conn;

	/* dbname first: expand_dbname lets it be a conninfo string or a URI */
#define OPT(k, v) do { if (v) { keys[n] = (k); values[n] = (v); n++; } } while (0)
	OPT("dbname", o->dbname);
	OPT("host", o->host);
	OPT("port", o->port);
	OPT("user", o->user);
	OPT("fallback_application_name", "ai-landscape-load");
	OPT("client_encoding", "UTF8");
#undef OPT
	keys[n] = values[n] = NULL;
	conn = PQconnectdbParams(keys, values, 1);
	if (PQstatus(conn) != CONNECTION_OK)
	{
		snprintf(err, errlen, "cannot connect: %s", PQerrorMessage(conn));
		err[strcspn(err, "\n")] = '\0';
		PQfinish(conn);
		return NULL;
	}
	PQsetNoticeProcessor(conn, notice_to_progress, NULL);
	return conn;
}

/* the server's message: "SQLSTATE: primary message (context)" */
static void
result_message(PGconn *conn, PGresult *res, char *err, size_t errlen)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *context = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
	const char *copy_line = NULL;

	/* COPY's context names the column; the rest of a trigger's stack is noise */
	if (context && strncmp(context, "COPY ", 5) == 0)
		copy_line = context;
	else if (context && (copy_line = strstr(context, "\nCOPY ")) != NULL)
		copy_line++;
	if (primary)
		snprintf(err, errlen, "%s: %s%s%.*s%s", state ? state : "?", primary,
				 copy_line ? " (" : "", copy_line ? (int) strcspn(copy_line, "\n") : 0,
				 copy_line ? copy_line : "", copy_line ? ")" : "");
	else
		snprintf(err, errlen, "%s", PQerrorMessage(conn));
	/* libpq messages end in a line break */
	err[strcspn(err, "\n")] = '\0';
}

static bool
exec_ok(PGconn *conn, const char *sql, char *err, size_t errlen)
{
	PGresult   *res = PQexec(conn, sql);
	bool		ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		result_message(conn, res, err, errlen);
	PQclear(res);
	return ok;
}

/* one row, one column, as a number; false with a message */
static bool
query_number(PGconn *conn, const char *sql, const char *param, long long *out,
			 char *err, size_t errlen)
{
	PGresult   *res = PQexecParams(conn, sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
	bool		ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;

	if (ok)
		*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	else
		result_message(conn, res, err, errlen);
	PQclear(res);
	return ok;
}

/*
 * The extension is there, and in bulk mode the server knows
 * ai_landscape.defer_linking (calling one of the extension's functions
 * loads its library, which defines its settings).
 */
bool
db_check(PGconn *conn, const LoadOptions *o, char *err, size_t errlen)
{
	long long	n;

	if (!exec_ok(conn, "SET client_min_messages = warning", err, errlen))
		return false;
	if (!query_number(conn, "SELECT count(*) FROM pg_catalog.pg_extension WHERE extname = 'ai_landscape'",
					  NULL, &n, err, errlen))
		return false;
	if (n == 0)
	{
		snprintf(err, errlen, "database \"%s\" has no extension ai_landscape: run CREATE EXTENSION ai_landscape there first",
				 PQdb(conn));
		return false;
	}
	if (!o->bulk)
		return true;
	if (!exec_ok(conn, "SELECT ai_landscape.duplicate_threshold()", err, errlen) ||
		!query_number(conn, "SELECT count(*) FROM pg_catalog.pg_settings WHERE name = 'ai_landscape.defer_linking'",
					  NULL, &n, err, errlen))
		return false;
	if (n == 0)
	{
		snprintf(err, errlen, "the server's ai_landscape has no setting ai_landscape.defer_linking, which --mode=bulk needs: "
				 "update the extension, or load with --mode=stream");
		return false;
	}
	return true;
}

/* one COPY text-format field: backslash escapes, \N for NULL */
static void
copy_field(StrBuf *sb, const char *s, char after)
{
	if (s == NULL)
		sb_put(sb, "\\N", 2);
	else
		for (; *s; s++)
		{
			switch (*s)
			{
				case '\\':
					sb_put(sb, "\\\\", 2);
					break;
				case '\n':
					sb_put(sb, "\\n", 2);
					break;
				case '\r':
					sb_put(sb, "\\r", 2);
					break;
				case '\t':
					sb_put(sb, "\\t", 2);
					break;
				default:
					sb_putc(sb, *s);
			}
		}
	sb_putc(sb, after);
}

typedef enum
{
	COPY_OK,
	COPY_REFUSED,				/* the server refused these articles */
	COPY_FATAL					/* the run cannot go on */
} CopyOutcome;

/* after an error: roll back, or reconnect if the server went away */
static CopyOutcome
recover(PGconn *conn, char *err, size_t errlen)
{
	PGresult   *res;

	while ((res = PQgetResult(conn)) != NULL)
		PQclear(res);
	if (PQstatus(conn) == CONNECTION_OK)
	{
		char		ignored[256];

		if (PQtransactionStatus(conn) != PQTRANS_IDLE)
			exec_ok(conn, "ROLLBACK", ignored, sizeof(ignored));
		return COPY_REFUSED;
	}
	PQreset(conn);
	if (PQstatus(conn) != CONNECTION_OK)
	{
		snprintf(err, errlen, "lost the connection to the server: %s", PQerrorMessage(conn));
		err[strcspn(err, "\n")] = '\0';
		return COPY_FATAL;
	}
	if (!exec_ok(conn, "SET client_min_messages = warning", err, errlen))
		return COPY_FATAL;
	return COPY_REFUSED;
}

/*
 * articles[0..n) in one transaction; *loaded is COPY's row count (new
 * articles), *claims the claims this transaction inserted.
 */
static CopyOutcome
copy_articles(PGconn *conn, const LoadOptions *o, Article *articles, int n,
			  long *loaded, long long *claims, char *err, size_t errlen)
{
	StrBuf		data = {0};
	PGresult   *res;
	long long	before;
	char		param[32];
	bool		ok;

	if (!exec_ok(conn, "BEGIN", err, errlen))
		return recover(conn, err, errlen);
	if (o->bulk && !exec_ok(conn, "SET LOCAL ai_landscape.defer_linking = on", err, errlen))
	{
		char		why[512];

		snprintf(why, sizeof(why), "the server refused SET ai_landscape.defer_linking (%s): "
				 "update the extension, or load with --mode=stream", err);
		snprintf(err, errlen, "%s", why);
		recover(conn, why, sizeof(why));
		return COPY_FATAL;
	}
	/* article ids come from a sequence: this transaction's are above this */
	if (!query_number(conn, "SELECT coalesce(max(id), 0) FROM ai_landscape.articles", NULL,
					  &before, err, errlen))
		return recover(conn, err, errlen);

	for (int i = 0; i < n; i++)
	{
		copy_field(&data, articles[i].title, '\t');
		copy_field(&data, articles[i].source, '\t');
		copy_field(&data, articles[i].url, '\t');
		copy_field(&data, articles[i].published, '\t');
		copy_field(&data, articles[i].body, '\n');
	}
	res = PQexec(conn, "COPY ai_landscape.articles (title, source, url, published, body) FROM STDIN");
	ok = PQresultStatus(res) == PGRES_COPY_IN;
	if (!ok)
		result_message(conn, res, err, errlen);
	PQclear(res);
	if (ok)
	{
		/* in pieces: one PQputCopyData of hundreds of megabytes is not needed */
		for (size_t off = 0; ok && off < data.len; off += 1 << 20)
		{
			size_t		piece = data.len - off < (1 << 20) ? data.len - off : (1 << 20);

			ok = PQputCopyData(conn, data.data + off, (int) piece) == 1;
		}
		ok = PQputCopyEnd(conn, ok ? NULL : "the loader could not send the data") == 1 && ok;
		res = PQgetResult(conn);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (ok)
			*loaded = strtol(PQcmdTuples(res), NULL, 10);
		else
			result_message(conn, res, err, errlen);
		PQclear(res);
		while (ok && (res = PQgetResult(conn)) != NULL)
			PQclear(res);
	}
	sb_free(&data);
	if (!ok)
		return recover(conn, err, errlen);

	snprintf(param, sizeof(param), "%lld", before);
	/*
	 * The claims of the articles this transaction inserted (their rows carry
	 * its xid; other sessions cannot have touched them before we commit).
	 * Not claims by their own xmin: linking also updates other sessions' claims.
	 */
	if (!query_number(conn, "SELECT count(*) FROM ai_landscape.claims WHERE article_id IN "
					  "(SELECT id FROM ai_landscape.articles "
					  "  WHERE id > $1 AND xmin = pg_catalog.pg_current_xact_id()::xid)",
					  param, claims, err, errlen) ||
		!exec_ok(conn, "COMMIT", err, errlen))
		return recover(conn, err, errlen);
	return COPY_OK;
}

/*
 * Load a batch; an article the server refuses is skipped with its message.
 * False only when the run cannot go on (err says why).
 */
bool
db_load_batch(PGconn *conn, const LoadOptions *o, const InputList *inputs,
			  Batch *b, BatchResult *r, char *err, size_t errlen)
{
	long		loaded = 0;
	long long	claims = 0;
	CopyOutcome outcome;

	memset(r, 0, sizeof(*r));
	outcome = copy_articles(conn, o, b->articles, b->n, &loaded, &claims, err, errlen);
	if (outcome == COPY_FATAL)
		return false;
	if (outcome == COPY_OK)
	{
		r->loaded = loaded;
		r->present = b->n - loaded;
		r->claims = claims;
		return true;
	}
	/* find the bad ones: one transaction per article */
	for (int i = 0; i < b->n; i++)
	{
		Article    *a = &b->articles[i];
		const char *path = inputs->files[a->input].path;

		loaded = 0;
		claims = 0;
		outcome = copy_articles(conn, o, a, 1, &loaded, &claims, err, errlen);
		if (outcome == COPY_FATAL)
			return false;
		if (outcome == COPY_REFUSED)
		{
			skip_add(a->seq, strcmp(path, "-") == 0 ? "standard input" : path, a->where,
					 "refused by the server", err);
			continue;
		}
		r->loaded += loaded;
		r->present += 1 - loaded;
		r->claims += claims;
	}
	return true;
}

bool
db_claims_high_water(PGconn *conn, long long *max_id, char *err, size_t errlen)
{
	return query_number(conn, "SELECT coalesce(max(id), 0) FROM ai_landscape.claims", NULL,
						max_id, err, errlen);
}

/* claims with ids above after_id, and how many of them repeat an earlier one */
bool
db_claims_since(PGconn *conn, long long after_id, long long *claims, long long *duplicates,
				char *err, size_t errlen)
{
	char		param[32];
	const char *p = param;
	PGresult   *res;
	bool		ok;

	snprintf(param, sizeof(param), "%lld", after_id);
	res = PQexecParams(conn, "SELECT count(*), count(duplicate_of) FROM ai_landscape.claims WHERE id > $1",
					   1, NULL, &p, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
	if (ok)
	{
		*claims = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		*duplicates = strtoll(PQgetvalue(res, 0, 1), NULL, 10);
	}
	else
		result_message(conn, res, err, errlen);
	PQclear(res);
	return ok;
}

/* bulk mode's last step: duplicates, clusters, near-duplicate articles at once */
bool
db_recluster(PGconn *conn, char *err, size_t errlen)
{
	return exec_ok(conn, "SELECT * FROM ai_landscape.recluster()", err, errlen);
}
