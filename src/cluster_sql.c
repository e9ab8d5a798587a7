/*
 * cluster_sql.c - the bulk side of duplicate detection.
 *
 * cluster_claims(threshold) reads every claim once (SPI cursor, in id
 * order), computes its shingles, and runs the core's all-pairs join
 * (core/cluster.c): one pass over the table, not one index probe per row.
 * recluster() in SQL writes the result back.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

#include "similarity.h"

#define FETCH_BATCH 10000

PG_FUNCTION_INFO_V1(al_cluster_claims);
Datum
al_cluster_claims(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	float		threshold = check_threshold(PG_GETARG_FLOAT4(0));
	MemoryContext work;
	MemoryContext old;
	Portal		cursor;
	int64	   *ids = NULL;
	AlShingles *items = NULL;
	int			n = 0;
	int			capacity = 0;
	int		   *earliest;
	int		   *component;
	AlClusterStats stats;

	if (threshold <= 0.0f)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a clustering threshold must be above 0"),
				 errhint("At 0 every claim would be one cluster; give a threshold in (0, 1].")));
	InitMaterializedSRF(fcinfo, 0);

	/* all shingle sets live here until the join is done */
	work = AllocSetContextCreate(CurrentMemoryContext, "ai_landscape cluster", ALLOCSET_DEFAULT_SIZES);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	cursor = SPI_cursor_open_with_args(NULL,
									   "SELECT id, sentence FROM ai_landscape.claims ORDER BY id",
									   0, NULL, NULL, NULL, true, CURSOR_OPT_NO_SCROLL);
	for (;;)
	{
		SPI_cursor_fetch(cursor, true, FETCH_BATCH);
		if (SPI_processed == 0)
			break;
		old = MemoryContextSwitchTo(work);
		if (n + (int) SPI_processed > capacity)
		{
			capacity = Max(capacity * 2, n + (int) SPI_processed);
			ids = ids ? repalloc_huge(ids, sizeof(int64) * capacity)
				: MemoryContextAllocHuge(work, sizeof(int64) * capacity);
			items = items ? repalloc_huge(items, sizeof(AlShingles) * capacity)
				: MemoryContextAllocHuge(work, sizeof(AlShingles) * capacity);
		}
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	tuple = SPI_tuptable->vals[r];
			bool		isnull;
			Datum		id = SPI_getbinval(tuple, SPI_tuptable->tupdesc, 1, &isnull);
			Datum		sentence = SPI_getbinval(tuple, SPI_tuptable->tupdesc, 2, &isnull);

			CHECK_FOR_INTERRUPTS();
			ids[n] = DatumGetInt64(id);
			items[n] = claim_shingles(claim_view(PG_DETOAST_DATUM_PACKED(sentence)));
			n++;
		}
		MemoryContextSwitchTo(old);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(cursor);
	SPI_finish();

	old = MemoryContextSwitchTo(work);
	earliest = MemoryContextAllocHuge(work, sizeof(int) * Max(n, 1));
	component = MemoryContextAllocHuge(work, sizeof(int) * Max(n, 1));
	al_check_result(al_cluster(al_pg_env(), items, n, threshold, earliest, component, &stats),
					"cluster_claims");
	MemoryContextSwitchTo(old);

	for (int i = 0; i < n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, earliest[i] < 0, false};

		values[0] = Int64GetDatum(ids[i]);
		values[1] = Int64GetDatum(earliest[i] >= 0 ? ids[earliest[i]] : 0);
		values[2] = Int64GetDatum(ids[component[i]]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	ereport(DEBUG1,
			(errmsg("cluster_claims: %d claims, %lld distinct shingle sets, %lld candidate pairs, %lld similar pairs",
					n, (long long) stats.unique_sets, (long long) stats.candidates,
					(long long) stats.similar_pairs)));
	MemoryContextDelete(work);
	return (Datum) 0;
}
