/*
 * extract_sql.c - what claims mention, as SQL.
 *
 *   amounts(text), times(text, date), modality(text): the core's parsers,
 *   for ad-hoc use and for the loader;
 *   extract_claims(article_ids): matches the gazetteer (read once per call)
 *   and writes claim_entities, claim_amounts, claim_percentages,
 *   claim_times and the claims' modality and attribution, in bulk.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/tuplestore.h"

#include "ai_landscape.h"

static const char *const modality_names[] = {"fact", "forecast", "hedged", "opinion", "meta"};
static const char *const time_kinds[] = {"", "year", "relative", "duration"};

static Datum
amount_numeric(const char *digits, int exponent)
{
	char		buf[96];

	snprintf(buf, sizeof(buf), "%se%d", digits, exponent);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf), ObjectIdGetDatum(InvalidOid),
							   Int32GetDatum(-1));
}

static Datum
span_text(const char *text, AlSpan span)
{
	return PointerGetDatum(cstring_to_text_with_len(text + span.start_byte,
													(int) (span.end_byte - span.start_byte)));
}

/* amounts(text) RETURNS TABLE(amount, amount_high, currency, is_percentage, raw, start_offset, end_offset) */
PG_FUNCTION_INFO_V1(al_amounts);
Datum
al_amounts(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	AlAmountList list = {0};

	InitMaterializedSRF(fcinfo, 0);
	al_check_result(al_find_amounts(al_pg_env(), s, VARSIZE_ANY_EXHDR(t), &list), "amounts");
	for (int i = 0; i < list.count; i++)
	{
		const AlAmount *a = &list.items[i];
		Datum		values[7];
		bool		nulls[7] = {false, a->high[0] == '\0', a->is_percentage, false, false, false, false};

		values[0] = amount_numeric(a->low, a->exponent);
		values[1] = a->high[0] ? amount_numeric(a->high, a->exponent) : (Datum) 0;
		values[2] = a->is_percentage ? (Datum) 0 : CStringGetTextDatum(a->currency);
		values[3] = BoolGetDatum(a->is_percentage);
		values[4] = span_text(s, a->span);
		values[5] = Int32GetDatum((int32) a->span.start_char);
		values[6] = Int32GetDatum((int32) a->span.end_char);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* The year of a date, for relative years. */
static int
year_of(DateADT d)
{
	int			year,
				month,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &year, &month, &day);
	return year;
}

/*
 * The year a time expression means: its own, or the article's year plus the
 * offset of "this/last/next year".  False when it cannot be known (a
 * duration, or no finite publication date).
 */
static bool
year_meant(const AlTime *x, bool have_date, DateADT published, int *year)
{
	*year = 0;
	if (x->kind == AL_TIME_YEAR)
		*year = x->year;
	else if (x->kind == AL_TIME_RELATIVE && have_date && !DATE_NOT_FINITE(published))
		*year = year_of(published) + x->offset;
	else
		return false;
	return true;
}

/* times(text, published date) RETURNS TABLE(kind, year, qualifier, value, unit, raw, start_offset, end_offset) */
PG_FUNCTION_INFO_V1(al_times);
Datum
al_times(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *t;
	const char *s;
	bool		have_date = !PG_ARGISNULL(1);
	DateADT		published = have_date ? PG_GETARG_DATEADT(1) : 0;
	AlTimeList	list = {0};

	InitMaterializedSRF(fcinfo, 0);
	/* not STRICT, for the optional date; no text has no times, like amounts(NULL) */
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	t = PG_GETARG_TEXT_PP(0);
	s = VARDATA_ANY(t);
	al_check_result(al_find_times(al_pg_env(), s, VARSIZE_ANY_EXHDR(t), &list), "times");
	for (int i = 0; i < list.count; i++)
	{
		const AlTime *x = &list.items[i];
		Datum		values[8];
		bool		nulls[8] = {false};
		int			year;

		values[0] = CStringGetTextDatum(time_kinds[x->kind]);
		nulls[1] = !year_meant(x, have_date, published, &year);
		values[1] = Int32GetDatum(year);
		nulls[2] = x->qualifier[0] == '\0';
		values[2] = CStringGetTextDatum(x->qualifier);
		nulls[3] = x->kind != AL_TIME_DURATION;
		values[3] = Int32GetDatum(x->value);
		nulls[4] = x->kind != AL_TIME_DURATION;
		values[4] = CStringGetTextDatum(x->unit);
		values[5] = span_text(s, x->span);
		values[6] = Int32GetDatum((int32) x->span.start_char);
		values[7] = Int32GetDatum((int32) x->span.end_char);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* modality(text) RETURNS record(modality, negated, attribution) */
PG_FUNCTION_INFO_V1(al_modality_sql);
Datum
al_modality_sql(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(t);
	AlModality	m;
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "modality: return type must be a row type");
	al_modality_env(al_pg_env(), s, VARSIZE_ANY_EXHDR(t), &m);
	values[0] = CStringGetTextDatum(modality_names[m.kind]);
	values[1] = BoolGetDatum(m.negated);
	nulls[2] = m.attribution.end_byte == m.attribution.start_byte;
	values[2] = nulls[2] ? (Datum) 0 : span_text(s, m.attribution);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/* Growable columns of rows to insert with one statement per table. */
typedef struct Column
{
	Datum	   *values;
	bool	   *nulls;
} Column;

typedef struct Batch
{
	int			ncolumns;
	int			count;
	int			capacity;
	Column		columns[8];
	const Oid  *types;			/* element types */
	const char *insert;			/* INSERT ... SELECT FROM unnest($1, $2, ...) */
	SPIPlanPtr	plan;
	MemoryContext memory;		/* holds the column arrays across row resets */
} Batch;

static void
batch_add(Batch *b, const Datum *values, const bool *nulls)
{
	if (b->count == b->capacity)
	{
		b->capacity = b->capacity ? b->capacity * 2 : 1024;
		for (int c = 0; c < b->ncolumns; c++)
		{
			b->columns[c].values = b->columns[c].values
				? repalloc(b->columns[c].values, sizeof(Datum) * b->capacity)
				: MemoryContextAlloc(b->memory, sizeof(Datum) * b->capacity);
			b->columns[c].nulls = b->columns[c].nulls
				? repalloc(b->columns[c].nulls, sizeof(bool) * b->capacity)
				: MemoryContextAlloc(b->memory, sizeof(bool) * b->capacity);
		}
	}
	for (int c = 0; c < b->ncolumns; c++)
	{
		b->columns[c].values[b->count] = values[c];
		b->columns[c].nulls[b->count] = nulls[c];
	}
	b->count++;
}

static void
batch_flush(Batch *b)
{
	Datum		args[8];
	Oid			array_types[8];

	if (b->count == 0)
		return;
	for (int c = 0; c < b->ncolumns; c++)
	{
		int16		typlen;
		bool		typbyval;
		char		typalign;
		int			dims[1] = {b->count};
		int			lbs[1] = {1};

		get_typlenbyvalalign(b->types[c], &typlen, &typbyval, &typalign);
		args[c] = PointerGetDatum(construct_md_array(b->columns[c].values, b->columns[c].nulls, 1,
													 dims, lbs, b->types[c], typlen, typbyval, typalign));
		array_types[c] = get_array_type(b->types[c]);
	}
	if (b->plan == NULL)
	{
		b->plan = SPI_prepare(b->insert, b->ncolumns, array_types);
		if (b->plan == NULL)
			elog(ERROR, "extract_claims: could not prepare \"%s\"", b->insert);
	}
	{
		int			rc = SPI_execute_plan(b->plan, args, NULL, false, 0);

		if (rc != SPI_OK_INSERT && rc != SPI_OK_UPDATE)
			elog(ERROR, "extract_claims: \"%s\" failed: %s", b->insert, SPI_result_code_string(rc));
	}
	b->count = 0;
}

static const Oid mention_types[] = {INT8OID, INT8OID, INT4OID, INT4OID, TEXTOID};
static const Oid amount_types[] = {INT8OID, NUMERICOID, NUMERICOID, TEXTOID, TEXTOID, INT4OID, INT4OID};
static const Oid percent_types[] = {INT8OID, NUMERICOID, TEXTOID, INT4OID, INT4OID};
static const Oid time_types[] = {INT8OID, TEXTOID, INT4OID, TEXTOID, INT4OID, TEXTOID, TEXTOID, INT4OID};
static const Oid claim_types[] = {INT8OID, TEXTOID, BOOLOID, TEXTOID, INT8OID};

PG_FUNCTION_INFO_V1(al_extract_claims);
Datum
al_extract_claims(PG_FUNCTION_ARGS)
{
	MemoryContext work = AllocSetContextCreate(CurrentMemoryContext, "ai_landscape extract",
											   ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(work);
	bool		all = PG_ARGISNULL(0);
	Datum		article_ids = all ? (Datum) 0 : PG_GETARG_DATUM(0);
	AlGazetteer *gazetteer;
	Portal		cursor;
	int64		claims = 0;
	Batch		mentions = {5, 0, 0, {{0}}, mention_types,
		"INSERT INTO ai_landscape.claim_entities (claim_id, entity_id, start_offset, end_offset, matched) "
	"SELECT * FROM unnest($1, $2, $3, $4, $5)", NULL, NULL};
	Batch		amounts = {7, 0, 0, {{0}}, amount_types,
		"INSERT INTO ai_landscape.claim_amounts (claim_id, amount, amount_high, currency, raw, start_offset, end_offset) "
	"SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7)", NULL, NULL};
	Batch		percents = {5, 0, 0, {{0}}, percent_types,
		"INSERT INTO ai_landscape.claim_percentages (claim_id, percent, raw, start_offset, end_offset) "
	"SELECT * FROM unnest($1, $2, $3, $4, $5)", NULL, NULL};
	Batch		times = {8, 0, 0, {{0}}, time_types,
		"INSERT INTO ai_landscape.claim_times (claim_id, kind, year, qualifier, value, unit, raw, start_offset) "
	"SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8)", NULL, NULL};
	Batch		kinds = {5, 0, 0, {{0}}, claim_types,
		"UPDATE ai_landscape.claims AS c SET modality = v.m, negated = v.n, attribution = v.a, attributed_to = v.e "
		"FROM unnest($1, $2, $3, $4, $5) AS v(id, m, n, a, e) WHERE c.id = v.id", NULL, NULL};

	MemoryContext rows;
	Batch	   *batches[] = {&mentions, &amounts, &percents, &times, &kinds};

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	for (int b = 0; b < 5; b++)
		batches[b]->memory = work;
	/* per-claim values live here until their batch is written */
	rows = AllocSetContextCreate(CurrentMemoryContext, "ai_landscape extract rows", ALLOCSET_DEFAULT_SIZES);

	/* the gazetteer: every entity's name and aliases, read once */
	if (SPI_execute("SELECT id, name FROM ai_landscape.entities "
					"UNION ALL SELECT entity_id, alias FROM ai_landscape.entity_aliases", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "extract_claims: could not read the gazetteer");
	{
		uint64		n = SPI_processed;
		AlAliasInput *aliases = palloc(sizeof(AlAliasInput) * Max(n, 1));

		for (uint64 i = 0; i < n; i++)
		{
			bool		isnull;
			HeapTuple	tuple = SPI_tuptable->vals[i];
			text	   *name = DatumGetTextPP(SPI_getbinval(tuple, SPI_tuptable->tupdesc, 2, &isnull));

			aliases[i].entity_id = DatumGetInt64(SPI_getbinval(tuple, SPI_tuptable->tupdesc, 1, &isnull));
			aliases[i].text = text_to_cstring(name);
			aliases[i].len = strlen(aliases[i].text);
		}
		al_check_result(al_gazetteer_build(al_pg_env(), aliases, (int) n, &gazetteer), "extract_claims");
	}

	{
		Oid			argtypes[1] = {INT8ARRAYOID};
		const char *query = all
			? "SELECT c.id, c.sentence::text, a.published FROM ai_landscape.claims c "
			"JOIN ai_landscape.articles a ON a.id = c.article_id ORDER BY c.id"
			: "SELECT c.id, c.sentence::text, a.published FROM ai_landscape.claims c "
			"JOIN ai_landscape.articles a ON a.id = c.article_id WHERE c.article_id = ANY ($1) ORDER BY c.id";

		cursor = SPI_cursor_open_with_args(NULL, query, all ? 0 : 1, argtypes, &article_ids, NULL, true,
										   CURSOR_OPT_NO_SCROLL);
	}
	for (;;)
	{
		SPI_cursor_fetch(cursor, true, 1000);
		if (SPI_processed == 0)
			break;
		MemoryContextSwitchTo(rows);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[r];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;
			bool		no_date;
			int64		id = DatumGetInt64(SPI_getbinval(tuple, desc, 1, &isnull));
			char	   *s = TextDatumGetCString(SPI_getbinval(tuple, desc, 2, &isnull));
			Datum		published = SPI_getbinval(tuple, desc, 3, &no_date);
			size_t		len = strlen(s);
			AlMentionList ml = {0};
			AlAmountList al = {0};
			AlTimeList	tl = {0};
			AlModality	m;
			int64		attributed_to = 0;

			CHECK_FOR_INTERRUPTS();
			claims++;
			al_check_result(al_match_entities(al_pg_env(), gazetteer, s, len, &ml), "extract_claims");
			al_check_result(al_find_amounts(al_pg_env(), s, len, &al), "extract_claims");
			al_check_result(al_find_times(al_pg_env(), s, len, &tl), "extract_claims");
			al_modality_env(al_pg_env(), s, len, &m);

			for (int i = 0; i < ml.count; i++)
			{
				const AlMention *x = &ml.items[i];
				Datum		v[5] = {Int64GetDatum(id), Int64GetDatum(x->entity_id),
					Int32GetDatum((int32) x->span.start_char), Int32GetDatum((int32) x->span.end_char),
				span_text(s, x->span)};
				bool		n[5] = {false, x->entity_id == 0, false, false, false};

				batch_add(&mentions, v, n);
				/* the attribution names the first known entity inside it */
				if (attributed_to == 0 && x->entity_id != 0 &&
					x->span.start_byte >= m.attribution.start_byte && x->span.end_byte <= m.attribution.end_byte)
					attributed_to = x->entity_id;
			}
			for (int i = 0; i < al.count; i++)
			{
				const AlAmount *a = &al.items[i];

				if (a->is_percentage)
				{
					Datum		v[5] = {Int64GetDatum(id), amount_numeric(a->low, 0), span_text(s, a->span),
						Int32GetDatum((int32) a->span.start_char), Int32GetDatum((int32) a->span.end_char)};
					bool		n[5] = {false};

					batch_add(&percents, v, n);
				}
				else
				{
					Datum		v[7] = {Int64GetDatum(id), amount_numeric(a->low, a->exponent),
						a->high[0] ? amount_numeric(a->high, a->exponent) : (Datum) 0,
						CStringGetTextDatum(a->currency), span_text(s, a->span),
					Int32GetDatum((int32) a->span.start_char), Int32GetDatum((int32) a->span.end_char)};
					bool		n[7] = {false, false, a->high[0] == '\0', false, false, false, false};

					batch_add(&amounts, v, n);
				}
			}
			for (int i = 0; i < tl.count; i++)
			{
				const AlTime *x = &tl.items[i];
				int			year;
				bool		year_known = year_meant(x, !no_date, DatumGetDateADT(published), &year);
				Datum		v[8] = {Int64GetDatum(id), CStringGetTextDatum(time_kinds[x->kind]), Int32GetDatum(year),
					CStringGetTextDatum(x->qualifier), Int32GetDatum(x->value), CStringGetTextDatum(x->unit),
				span_text(s, x->span), Int32GetDatum((int32) x->span.start_char)};
				bool		n[8] = {false, false, !year_known, x->qualifier[0] == '\0',
					x->kind != AL_TIME_DURATION, x->kind != AL_TIME_DURATION, false, false};

				batch_add(&times, v, n);
			}
			{
				bool		has_attribution = m.attribution.end_byte > m.attribution.start_byte;
				Datum		v[5] = {Int64GetDatum(id), CStringGetTextDatum(modality_names[m.kind]),
					BoolGetDatum(m.negated), has_attribution ? span_text(s, m.attribution) : (Datum) 0,
				Int64GetDatum(attributed_to)};
				bool		n[5] = {false, false, false, !has_attribution, attributed_to == 0};

				batch_add(&kinds, v, n);
			}
		}
		SPI_freetuptable(SPI_tuptable);
		if (kinds.count >= 5000)
		{
			for (int b = 0; b < 5; b++)
				batch_flush(batches[b]);
			MemoryContextReset(rows);
		}
	}
	SPI_cursor_close(cursor);
	for (int b = 0; b < 5; b++)
		batch_flush(batches[b]);
	SPI_finish();
	MemoryContextSwitchTo(old);
	MemoryContextDelete(work);
	PG_RETURN_INT64(claims);
}
