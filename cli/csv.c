/*
 * csv.c - RFC 4180 records: comma-separated fields, a field in double quotes
 * may hold commas, line breaks and doubled quotes ("").  Lines end in LF or
 * CRLF; empty lines are skipped.  A quote inside an unquoted field is kept
 * as it is (spreadsheets write that); text after a closing quote is an error.
 */
#include <stdlib.h>
#include <string.h>

#include "load.h"

void
csv_init(CsvReader *r, const char *buf, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->p = buf;
	r->end = buf + len;
	r->line = 1;
}

void
csv_free(CsvReader *r)
{
	for (int i = 0; i < r->capfields; i++)
		sb_free(&r->fields[i]);
	free(r->fields);
	r->fields = NULL;
	r->capfields = r->nfields = 0;
}

static StrBuf *
new_field(CsvReader *r)
{
	if (r->nfields == r->capfields)
	{
		int			cap = r->capfields ? r->capfields * 2 : 16;

		r->fields = xrealloc(r->fields, cap * sizeof(StrBuf));
		memset(r->fields + r->capfields, 0, (cap - r->capfields) * sizeof(StrBuf));
		r->capfields = cap;
	}
	sb_reset(&r->fields[r->nfields]);
	sb_reserve(&r->fields[r->nfields], 0);
	return &r->fields[r->nfields++];
}

/* at a line end (LF or CRLF)?  Returns its length, 0 if not */
static int
line_end(const CsvReader *r)
{
	if (*r->p == '\n')
		return 1;
	if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
		return 2;
	if (*r->p == '\r' && r->p + 1 == r->end)
		return 1;
	return 0;
}

/*
 * The next record into r->fields[0..nfields): 1, or 0 at the end of the
 * input, or -1 with a message (the reader cannot resynchronise after that).
 */
int
csv_next(CsvReader *r, char *err, size_t errlen)
{
	int			n;

	/* empty lines are not records */
	while (r->p < r->end && (n = line_end(r)) > 0)
	{
		r->p += n;
		r->line++;
	}
	if (r->p >= r->end)
		return 0;
	r->nfields = 0;
	r->record_line = r->line;
	for (;;)
	{
		StrBuf	   *f = new_field(r);

		if (r->p < r->end && *r->p == '"')
		{
			long		opened = r->line;

			r->p++;
			for (;;)
			{
				const char *run = r->p;

				while (r->p < r->end && *r->p != '"')
				{
					if (*r->p == '\n')
						r->line++;
					r->p++;
				}
				sb_put(f, run, r->p - run);
				if (r->p >= r->end)
				{
					snprintf(err, errlen, "line %ld: a quoted field is not closed before the end of the file",
							 opened);
					return -1;
				}
				r->p++;			/* the quote */
				if (r->p < r->end && *r->p == '"')
				{
					sb_putc(f, '"');
					r->p++;
					continue;
				}
				break;
			}
			if (r->p < r->end && *r->p != ',' && line_end(r) == 0)
			{
				snprintf(err, errlen, "line %ld: text after the closing quote of a field (a quote inside a quoted field must be doubled)",
						 r->line);
				return -1;
			}
		}
		else
		{
			const char *run = r->p;

			while (r->p < r->end && *r->p != ',' && line_end(r) == 0)
				r->p++;
			sb_put(f, run, r->p - run);
		}
		if (r->p >= r->end)
			return 1;
		if (*r->p == ',')
		{
			r->p++;
			continue;
		}
		r->p += line_end(r);
		r->line++;
		return 1;
	}
}
