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

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "lib/stringinfo.h"
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

/*
 * A claim's own columns, in the order of claims and of modality()'s result:
 * modality, negated, attribution, and the entity the attribution names (0:
 * none, NULL).
 */
static void
kind_values(const char *s, const AlModality *m, int64 attributed_to, Datum values[4], bool nulls[4])
{
	values[0] = CStringGetTextDatum(modality_names[m->kind]);
	values[1] = BoolGetDatum(m->negated);
	nulls[0] = nulls[1] = false;
	nulls[2] = m->attribution.end_byte <= m->attribution.start_byte;
	values[2] = nulls[2] ? (Datum) 0 : span_text(s, m->attribution);
	nulls[3] = attributed_to == 0;
	values[3] = Int64GetDatum(attributed_to);
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
	Datum		values[4];
	bool		nulls[4];

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "modality: return type must be a row type");
	al_modality_env(al_pg_env(), s, VARSIZE_ANY_EXHDR(t), &m);
	kind_values(s, &m, 0, values, nulls);	/* the first three */
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

/*
 * extract_claims writes what it finds in batches: one statement per table
 * per batch of claims, each column passed as an array and unnested.  A
 * table's columns are listed once, with names and types; the statement is
 * built from that list and rows are filled by column name (the enums), so
 * the count, the types and the placeholders cannot drift apart.
 */
#define MAX_COLUMNS 9
#define BATCH_CLAIMS 2000		/* claims read, extracted and written at a time */

typedef struct SinkColumn
{
	const char *name;
	Oid			type;
} SinkColumn;

/* each mention table's article_id comes last: a 1.0 schema has not got it (sinks_init) */
enum
{
	MENTION_CLAIM, MENTION_ENTITY, MENTION_START, MENTION_END, MENTION_MATCHED, MENTION_ARTICLE,
	MENTION_COLUMNS
};
static const SinkColumn mention_columns[MENTION_COLUMNS] = {
	[MENTION_CLAIM] = {"claim_id", INT8OID}, [MENTION_ENTITY] = {"entity_id", INT8OID},
	[MENTION_START] = {"start_offset", INT4OID}, [MENTION_END] = {"end_offset", INT4OID},
	[MENTION_MATCHED] = {"matched", TEXTOID}, [MENTION_ARTICLE] = {"article_id", INT8OID},
};

enum
{
	AMOUNT_CLAIM, AMOUNT_LOW, AMOUNT_HIGH, AMOUNT_CURRENCY, AMOUNT_RAW, AMOUNT_START, AMOUNT_END,
	AMOUNT_ARTICLE, AMOUNT_COLUMNS
};
static const SinkColumn amount_columns[AMOUNT_COLUMNS] = {
	[AMOUNT_CLAIM] = {"claim_id", INT8OID}, [AMOUNT_LOW] = {"amount", NUMERICOID},
	[AMOUNT_HIGH] = {"amount_high", NUMERICOID}, [AMOUNT_CURRENCY] = {"currency", TEXTOID},
	[AMOUNT_RAW] = {"raw", TEXTOID}, [AMOUNT_START] = {"start_offset", INT4OID},
	[AMOUNT_END] = {"end_offset", INT4OID}, [AMOUNT_ARTICLE] = {"article_id", INT8OID},
};

enum
{
	PERCENT_CLAIM, PERCENT_VALUE, PERCENT_RAW, PERCENT_START, PERCENT_END, PERCENT_ARTICLE, PERCENT_COLUMNS
};
static const SinkColumn percent_columns[PERCENT_COLUMNS] = {
	[PERCENT_CLAIM] = {"claim_id", INT8OID}, [PERCENT_VALUE] = {"percent", NUMERICOID},
	[PERCENT_RAW] = {"raw", TEXTOID}, [PERCENT_START] = {"start_offset", INT4OID},
	[PERCENT_END] = {"end_offset", INT4OID}, [PERCENT_ARTICLE] = {"article_id", INT8OID},
};

enum
{
	TIME_CLAIM, TIME_KIND, TIME_YEAR, TIME_QUALIFIER, TIME_VALUE, TIME_UNIT, TIME_RAW, TIME_START,
	TIME_ARTICLE, TIME_COLUMNS
};
static const SinkColumn time_columns[TIME_COLUMNS] = {
	[TIME_CLAIM] = {"claim_id", INT8OID}, [TIME_KIND] = {"kind", TEXTOID},
	[TIME_YEAR] = {"year", INT4OID}, [TIME_QUALIFIER] = {"qualifier", TEXTOID},
	[TIME_VALUE] = {"value", INT4OID}, [TIME_UNIT] = {"unit", TEXTOID},
	[TIME_RAW] = {"raw", TEXTOID}, [TIME_START] = {"start_offset", INT4OID},
	[TIME_ARTICLE] = {"article_id", INT8OID},
};

/* claims are updated: the first column is the key, then kind_values()'s four */
enum
{
	KIND_CLAIM, KIND_MODALITY, KIND_NEGATED, KIND_ATTRIBUTION, KIND_ATTRIBUTED_TO, KIND_COLUMNS
};
static const SinkColumn kind_columns[KIND_COLUMNS] = {
	[KIND_CLAIM] = {"id", INT8OID}, [KIND_MODALITY] = {"modality", TEXTOID},
	[KIND_NEGATED] = {"negated", BOOLOID}, [KIND_ATTRIBUTION] = {"attribution", TEXTOID},
	[KIND_ATTRIBUTED_TO] = {"attributed_to", INT8OID},
};

/* One table's rows of the current batch, column by column. */
typedef struct Sink
{
	const char *table;
	const SinkColumn *columns;
	int			ncolumns;
	bool		update;			/* UPDATE by the first column, not INSERT */
	SPIPlanPtr	plan;			/* prepared on the first flush */
	int			count;
	int			capacity;
	Datum	   *values[MAX_COLUMNS];
	bool	   *nulls[MAX_COLUMNS];
} Sink;

/* A row being filled: every column NULL until set. */
typedef struct Row
{
	Datum		values[MAX_COLUMNS];
	bool		nulls[MAX_COLUMNS];
} Row;

static void
row_init(Row *row)
{
	memset(row->values, 0, sizeof(row->values));
	memset(row->nulls, true, sizeof(row->nulls));
}

static void
row_set(Row *row, int column, Datum value)
{
	row->values[column] = value;
	row->nulls[column] = false;
}

/* Append a row; the arrays live in the batch's memory context (current). */
static void
sink_add(Sink *sink, const Row *row)
{
	if (sink->count == sink->capacity)
	{
		int			old = sink->capacity;

		sink->capacity = old ? old * 2 : 256;
		for (int c = 0; c < sink->ncolumns; c++)
		{
			Datum	   *values = palloc(sizeof(Datum) * sink->capacity);
			bool	   *nulls = palloc(sizeof(bool) * sink->capacity);

			if (old > 0)
			{
				memcpy(values, sink->values[c], sizeof(Datum) * old);
				memcpy(nulls, sink->nulls[c], sizeof(bool) * old);
			}
			sink->values[c] = values;
			sink->nulls[c] = nulls;
		}
	}
	for (int c = 0; c < sink->ncolumns; c++)
	{
		sink->values[c][sink->count] = row->values[c];
		sink->nulls[c][sink->count] = row->nulls[c];
	}
	sink->count++;
}

/*
 * The statement that writes a sink's arrays $1..$n:
 *   INSERT INTO t (a, b) SELECT * FROM unnest($1, $2)
 *   UPDATE t AS t SET b = v.b FROM unnest($1, $2) AS v(a, b) WHERE t.a = v.a AND t.a = ANY ($1)
 */
static char *
sink_statement(const Sink *sink)
{
	StringInfoData sql;
	StringInfoData names;
	StringInfoData params;

	initStringInfo(&names);
	initStringInfo(&params);
	for (int c = 0; c < sink->ncolumns; c++)
	{
		appendStringInfo(&names, "%s%s", c ? ", " : "", sink->columns[c].name);
		appendStringInfo(&params, "%s$%d", c ? ", " : "", c + 1);
	}
	initStringInfo(&sql);
	if (!sink->update)
		appendStringInfo(&sql, "INSERT INTO ai_landscape.%s (%s) SELECT * FROM unnest(%s)",
						 sink->table, names.data, params.data);
	else
	{
		appendStringInfo(&sql, "UPDATE ai_landscape.%s AS t SET ", sink->table);
		for (int c = 1; c < sink->ncolumns; c++)
			appendStringInfo(&sql, "%s%s = v.%s", c > 1 ? ", " : "", sink->columns[c].name,
							 sink->columns[c].name);
		/* "t.key = ANY ($1)" restricts the target by itself: a postgres_fdw
		 * partition (partition_by_article) is then read by its index, not whole */
		appendStringInfo(&sql, " FROM unnest(%s) AS v(%s) WHERE t.%s = v.%s AND t.%s = ANY ($1)",
						 params.data, names.data, sink->columns[0].name, sink->columns[0].name,
						 sink->columns[0].name);
	}
	return sql.data;
}

/* Write a sink's rows with one statement; memory from the batch's context. */
static void
sink_flush(Sink *sink, MemoryContext batch)
{
	Datum		args[MAX_COLUMNS];
	Oid			array_types[MAX_COLUMNS];
	MemoryContext old;
	int			rc;

	if (sink->count == 0)
		return;
	/* SPI calls leave SPI's context current: say where the arrays go */
	old = MemoryContextSwitchTo(batch);
	for (int c = 0; c < sink->ncolumns; c++)
	{
		Oid			type = sink->columns[c].type;
		int16		typlen;
		bool		typbyval;
		char		typalign;
		int			dims[1] = {sink->count};
		int			lbs[1] = {1};

		get_typlenbyvalalign(type, &typlen, &typbyval, &typalign);
		args[c] = PointerGetDatum(construct_md_array(sink->values[c], sink->nulls[c], 1, dims, lbs,
													 type, typlen, typbyval, typalign));
		array_types[c] = get_array_type(type);
	}
	if (sink->plan == NULL)
	{
		char	   *sql = sink_statement(sink);

		sink->plan = SPI_prepare(sql, sink->ncolumns, array_types);
		if (sink->plan == NULL)
			elog(ERROR, "extract_claims: could not prepare \"%s\": %s", sql,
				 SPI_result_code_string(SPI_result));
	}
	rc = SPI_execute_plan(sink->plan, args, NULL, false, 0);
	if (rc != SPI_OK_INSERT && rc != SPI_OK_UPDATE)
		elog(ERROR, "extract_claims: writing %s failed: %s", sink->table, SPI_result_code_string(rc));
	MemoryContextSwitchTo(old);
}

/* What extract_claims writes to. */
typedef struct Sinks
{
	Sink		mentions;
	Sink		amounts;
	Sink		percents;
	Sink		times;
	Sink		kinds;
} Sinks;

#define SINK(table, columns, update) \
	{table, columns, lengthof(columns), update, NULL, 0, 0, {0}, {0}}

/*
 * The mention tables' last column, article_id, is new in 1.1: a 1.0 schema
 * running on this library until ALTER EXTENSION UPDATE has not got it.
 */
static bool
mentions_have_article(void)
{
	if (SPI_execute("SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = "
					"'ai_landscape.claim_entities'::pg_catalog.regclass "
					"AND attname = 'article_id' AND NOT attisdropped", true, 1) != SPI_OK_SELECT)
		elog(ERROR, "extract_claims: reading the catalog failed");
	return SPI_processed > 0;
}

static void
sinks_init(Sinks *sinks, bool with_article)
{
	Sinks		init = {
		SINK("claim_entities", mention_columns, false),
		SINK("claim_amounts", amount_columns, false),
		SINK("claim_percentages", percent_columns, false),
		SINK("claim_times", time_columns, false),
		SINK("claims", kind_columns, true),
	};

	*sinks = init;
	if (!with_article)
	{
		sinks->mentions.ncolumns--;
		sinks->amounts.ncolumns--;
		sinks->percents.ncolumns--;
		sinks->times.ncolumns--;
	}
}

/* Write the batch, then forget its rows (the batch context is reset next). */
static void
sinks_flush(Sinks *sinks, MemoryContext batch)
{
	Sink	   *all[] = {&sinks->mentions, &sinks->amounts, &sinks->percents, &sinks->times, &sinks->kinds};

	for (int i = 0; i < (int) lengthof(all); i++)
	{
		sink_flush(all[i], batch);
		all[i]->count = all[i]->capacity = 0;
		memset(all[i]->values, 0, sizeof(all[i]->values));
		memset(all[i]->nulls, 0, sizeof(all[i]->nulls));
	}
}

/*
 * The gazetteer: every entity's name and aliases, read once per call, kept
 * in the given context (SPI_execute returns in SPI's own, which
 * SPI_finish deletes).
 */
static AlGazetteer *
read_gazetteer(MemoryContext keep, const char *who)
{
	AlGazetteer *gazetteer;
	AlAliasInput *aliases;
	uint64		n;
	MemoryContext old;

	if (SPI_execute("SELECT id, name FROM ai_landscape.entities "
					"UNION ALL SELECT entity_id, alias FROM ai_landscape.entity_aliases", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "%s: could not read the gazetteer", who);
	old = MemoryContextSwitchTo(keep);
	n = SPI_processed;
	aliases = palloc(sizeof(AlAliasInput) * Max(n, 1));
	for (uint64 i = 0; i < n; i++)
	{
		bool		isnull;
		HeapTuple	tuple = SPI_tuptable->vals[i];

		aliases[i].entity_id = DatumGetInt64(SPI_getbinval(tuple, SPI_tuptable->tupdesc, 1, &isnull));
		aliases[i].text = TextDatumGetCString(SPI_getbinval(tuple, SPI_tuptable->tupdesc, 2, &isnull));
		aliases[i].len = strlen(aliases[i].text);
	}
	al_check_result(al_gazetteer_build(al_pg_env(), aliases, (int) n, &gazetteer), who);
	SPI_freetuptable(SPI_tuptable);
	MemoryContextSwitchTo(old);
	return gazetteer;
}

/*
 * The claims of these articles (all when NULL), in id order.  The articles
 * are filtered too, not only through the join: on a coordinator each side is
 * a scan of the nodes, and a hash join would otherwise read every article of
 * every node.
 */
static Portal
open_claims(bool all, Datum article_ids)
{
	Oid			argtypes[1] = {INT8ARRAYOID};
	const char *query = all
		? "SELECT c.id, c.sentence::text, a.published, c.article_id, c.attribution, c.attributed_to "
		"FROM ai_landscape.claims c "
		"JOIN ai_landscape.articles a ON a.id = c.article_id ORDER BY c.id"
		: "SELECT c.id, c.sentence::text, a.published, c.article_id, c.attribution, c.attributed_to "
		"FROM ai_landscape.claims c "
		"JOIN ai_landscape.articles a ON a.id = c.article_id "
		"WHERE c.article_id = ANY ($1) AND a.id = ANY ($1) ORDER BY c.id";

	return SPI_cursor_open_with_args(NULL, query, all ? 0 : 1, argtypes, &article_ids, NULL, true,
									 CURSOR_OPT_NO_SCROLL);
}

/* The first known entity named inside the attribution, or 0. */
static int64
attributed_entity(const AlMentionList *ml, AlSpan attribution)
{
	for (int i = 0; i < ml->count; i++)
	{
		const AlMention *x = &ml->items[i];

		if (x->entity_id != 0 &&
			x->span.start_byte >= attribution.start_byte && x->span.end_byte <= attribution.end_byte)
			return x->entity_id;
	}
	return 0;
}

/* Names found. */
static void
add_mentions(Sink *sink, int64 id, int64 article, const char *s, const AlMentionList *ml)
{
	for (int i = 0; i < ml->count; i++)
	{
		const AlMention *x = &ml->items[i];
		Row			row;

		row_init(&row);
		row_set(&row, MENTION_CLAIM, Int64GetDatum(id));
		row_set(&row, MENTION_ARTICLE, Int64GetDatum(article));
		if (x->entity_id != 0)
			row_set(&row, MENTION_ENTITY, Int64GetDatum(x->entity_id));
		row_set(&row, MENTION_START, Int32GetDatum((int32) x->span.start_char));
		row_set(&row, MENTION_END, Int32GetDatum((int32) x->span.end_char));
		row_set(&row, MENTION_MATCHED, span_text(s, x->span));
		sink_add(sink, &row);
	}
}

/* Money amounts and percentages. */
static void
add_amounts(Sinks *sinks, int64 id, int64 article, const char *s, const AlAmountList *al)
{
	for (int i = 0; i < al->count; i++)
	{
		const AlAmount *a = &al->items[i];
		Row			row;

		row_init(&row);
		if (a->is_percentage)
		{
			row_set(&row, PERCENT_CLAIM, Int64GetDatum(id));
			row_set(&row, PERCENT_ARTICLE, Int64GetDatum(article));
			row_set(&row, PERCENT_VALUE, amount_numeric(a->low, 0));
			row_set(&row, PERCENT_RAW, span_text(s, a->span));
			row_set(&row, PERCENT_START, Int32GetDatum((int32) a->span.start_char));
			row_set(&row, PERCENT_END, Int32GetDatum((int32) a->span.end_char));
			sink_add(&sinks->percents, &row);
			continue;
		}
		row_set(&row, AMOUNT_CLAIM, Int64GetDatum(id));
		row_set(&row, AMOUNT_ARTICLE, Int64GetDatum(article));
		row_set(&row, AMOUNT_LOW, amount_numeric(a->low, a->exponent));
		if (a->high[0] != '\0')
			row_set(&row, AMOUNT_HIGH, amount_numeric(a->high, a->exponent));
		row_set(&row, AMOUNT_CURRENCY, CStringGetTextDatum(a->currency));
		row_set(&row, AMOUNT_RAW, span_text(s, a->span));
		row_set(&row, AMOUNT_START, Int32GetDatum((int32) a->span.start_char));
		row_set(&row, AMOUNT_END, Int32GetDatum((int32) a->span.end_char));
		sink_add(&sinks->amounts, &row);
	}
}

/* Years, relative years (resolved with the publication date) and durations. */
static void
add_times(Sink *sink, int64 id, int64 article, const char *s, const AlTimeList *tl, bool have_date, DateADT published)
{
	for (int i = 0; i < tl->count; i++)
	{
		const AlTime *x = &tl->items[i];
		Row			row;
		int			year;

		row_init(&row);
		row_set(&row, TIME_CLAIM, Int64GetDatum(id));
		row_set(&row, TIME_ARTICLE, Int64GetDatum(article));
		row_set(&row, TIME_KIND, CStringGetTextDatum(time_kinds[x->kind]));
		if (year_meant(x, have_date, published, &year))
			row_set(&row, TIME_YEAR, Int32GetDatum(year));
		if (x->qualifier[0] != '\0')
			row_set(&row, TIME_QUALIFIER, CStringGetTextDatum(x->qualifier));
		if (x->kind == AL_TIME_DURATION)
		{
			row_set(&row, TIME_VALUE, Int32GetDatum(x->value));
			row_set(&row, TIME_UNIT, CStringGetTextDatum(x->unit));
		}
		row_set(&row, TIME_RAW, span_text(s, x->span));
		row_set(&row, TIME_START, Int32GetDatum((int32) x->span.start_char));
		sink_add(sink, &row);
	}
}

/* The claim's modality, negation and attribution. */
static void
add_kind(Sink *sink, int64 id, const char *s, const AlModality *m, int64 attributed_to)
{
	Row			row;

	row_init(&row);
	row_set(&row, KIND_CLAIM, Int64GetDatum(id));
	kind_values(s, m, attributed_to, row.values + KIND_MODALITY, row.nulls + KIND_MODALITY);
	sink_add(sink, &row);
}

/*
 * Everything one claim says, into the sinks; with kinds false only what the
 * mention tables hold (the loader wrote the claim's kind with the claim),
 * unless the entity its attribution names is not the one stored: the
 * gazetteer changed between the loader's two statements, and the claim is
 * then updated to agree with its mentions.
 */
static void
extract_claim(Sinks *sinks, const AlGazetteer *gazetteer, HeapTuple tuple, TupleDesc desc, bool kinds)
{
	bool		isnull;
	bool		no_date;
	int64		id = DatumGetInt64(SPI_getbinval(tuple, desc, 1, &isnull));
	char	   *s = TextDatumGetCString(SPI_getbinval(tuple, desc, 2, &isnull));
	Datum		published = SPI_getbinval(tuple, desc, 3, &no_date);
	int64		article = DatumGetInt64(SPI_getbinval(tuple, desc, 4, &isnull));
	size_t		len = strlen(s);
	const AlEnv *env = al_pg_env();
	AlMentionList ml = {0};
	AlAmountList al = {0};
	AlTimeList	tl = {0};
	AlModality	m;
	int64		entity;

	al_check_result(al_match_entities(env, gazetteer, s, len, &ml), "extract_claims");
	al_check_result(al_find_amounts(env, s, len, &al), "extract_claims");
	al_check_result(al_find_times(env, s, len, &tl), "extract_claims");

	add_mentions(&sinks->mentions, id, article, s, &ml);
	add_amounts(sinks, id, article, s, &al);
	add_times(&sinks->times, id, article, s, &tl, !no_date, no_date ? 0 : DatumGetDateADT(published));
	if (!kinds)
	{
		/* no attribution, no entity, whatever the gazetteer */
		SPI_getbinval(tuple, desc, 5, &isnull);
		if (isnull)
			return;
	}
	al_check_result(al_modality_env(env, s, len, &m), "extract_claims");
	entity = attributed_entity(&ml, m.attribution);
	if (!kinds)
	{
		Datum		stored = SPI_getbinval(tuple, desc, 6, &isnull);

		if (entity == (isnull ? 0 : DatumGetInt64(stored)))
			return;
	}
	add_kind(&sinks->kinds, id, s, &m, entity);
}

/*
 * extract_claims(article_ids bigint[]) RETURNS bigint: the number of claims
 * read.  Each batch of claims is extracted and written with memory of its
 * own, freed before the next: memory does not grow with the claims.
 */
static Datum
extract_claims(FunctionCallInfo fcinfo, bool kinds)
{
	bool		all = PG_ARGISNULL(0);
	Datum		article_ids = all ? (Datum) 0 : PG_GETARG_DATUM(0);
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext work = AllocSetContextCreate(caller, "ai_landscape extract", ALLOCSET_DEFAULT_SIZES);
	MemoryContext batch = AllocSetContextCreate(work, "ai_landscape extract batch", ALLOCSET_DEFAULT_SIZES);
	AlGazetteer *gazetteer;
	Sinks		sinks;
	Portal		cursor;
	int64		claims = 0;
	int			batches = 0;
	Size		most_memory = 0;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	MemoryContextSwitchTo(work);
	gazetteer = read_gazetteer(work, "extract_claims");
	sinks_init(&sinks, mentions_have_article());
	cursor = open_claims(all, article_ids);
	for (;;)
	{
		SPI_cursor_fetch(cursor, true, BATCH_CLAIMS);
		if (SPI_processed == 0)
			break;
		MemoryContextSwitchTo(batch);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			CHECK_FOR_INTERRUPTS();
			extract_claim(&sinks, gazetteer, SPI_tuptable->vals[r], SPI_tuptable->tupdesc, kinds);
			claims++;
		}
		SPI_freetuptable(SPI_tuptable);
		sinks_flush(&sinks, batch);
		most_memory = Max(most_memory, MemoryContextMemAllocated(TopMemoryContext, true));
		MemoryContextReset(batch);
		batches++;
	}
	SPI_cursor_close(cursor);
	SPI_finish();
	MemoryContextSwitchTo(caller);
	MemoryContextDelete(work);
	/* tests compare this across sizes: it must not grow with the claims */
	elog(DEBUG1, "extract_claims: %lld claims in %d batches, at most %zu kB of memory in the backend",
		 (long long) claims, batches, most_memory / 1024);
	PG_RETURN_INT64(claims);
}

PG_FUNCTION_INFO_V1(al_extract_claims);
Datum
al_extract_claims(PG_FUNCTION_ARGS)
{
	return extract_claims(fcinfo, true);
}

/* extract_mentions(article_ids bigint[]): the same without the claims' kinds. */
PG_FUNCTION_INFO_V1(al_extract_mentions);
Datum
al_extract_mentions(PG_FUNCTION_ARGS)
{
	return extract_claims(fcinfo, false);
}

/*
 * What claim_kind keeps in the call's fn_extra: its result type, and the
 * gazetteer with the transaction and command it was read in (read once per
 * statement: a PL/pgSQL expression keeps its fn_extra across statements).
 */
typedef struct KindCache
{
	TupleDesc	desc;
	LocalTransactionId transaction;
	CommandId	command;
	MemoryContext context;		/* the gazetteer's, emptied when it is read again */
	AlGazetteer *gazetteer;
} KindCache;

static KindCache *
kind_cache(FunctionCallInfo fcinfo)
{
	KindCache  *cache = (KindCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	desc;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "claim_kind: return type must be a row type");
		cache = palloc0(sizeof(KindCache));
		cache->desc = BlessTupleDesc(desc);
		cache->context = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "ai_landscape claim_kind gazetteer",
											   ALLOCSET_SMALL_SIZES);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = cache;
	}
	return cache;
}

static const AlGazetteer *
kind_gazetteer(KindCache *cache)
{
	if (cache->gazetteer == NULL || cache->transaction != MyProc->lxid ||
		cache->command != GetCurrentCommandId(false))
	{
		cache->gazetteer = NULL;
		MemoryContextReset(cache->context);
		if (SPI_connect() != SPI_OK_CONNECT)
			elog(ERROR, "SPI_connect failed");
		cache->gazetteer = read_gazetteer(cache->context, "claim_kind");
		SPI_finish();
		cache->transaction = MyProc->lxid;
		cache->command = GetCurrentCommandId(false);
	}
	return cache->gazetteer;
}

/*
 * claim_kind(sentence text): modality, negation, attribution and the entity
 * it names, as extract_claims() writes them, for a claim about to be
 * inserted, so that the loader writes each claim row once.  The gazetteer
 * is read only for claims with an attribution.
 */
PG_FUNCTION_INFO_V1(al_claim_kind);
Datum
al_claim_kind(PG_FUNCTION_ARGS)
{
	char	   *s = text_to_cstring(PG_GETARG_TEXT_PP(0));
	size_t		len = strlen(s);
	const AlEnv *env = al_pg_env();
	KindCache  *cache = kind_cache(fcinfo);
	AlModality	m;
	int64		entity = 0;
	Datum		values[4];
	bool		nulls[4];

	al_check_result(al_modality_env(env, s, len, &m), "claim_kind");
	if (m.attribution.end_byte > m.attribution.start_byte)
	{
		AlMentionList ml = {0};

		al_check_result(al_match_entities(env, kind_gazetteer(cache), s, len, &ml), "claim_kind");
		entity = attributed_entity(&ml, m.attribution);
	}
	kind_values(s, &m, entity, values, nulls);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cache->desc, values, nulls)));
}
