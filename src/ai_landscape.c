/*
 * ai_landscape.c - module entry point and the core's environment.
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "ai_landscape.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* ai_landscape.duplicate_threshold: used by the loader and recluster() only */
static double duplicate_threshold = 0.6;

/* ai_landscape.defer_linking: bulk loads store claims now and link them in recluster() */
static bool defer_linking = false;

/* ai_landscape.join_threads: threads of the all-pairs join (recluster, bulk links) */
static int	join_threads = 2;

void
_PG_init(void)
{
	DefineCustomRealVariable("ai_landscape.duplicate_threshold",
							 "Similarity at or above which a loaded claim counts as a near-duplicate.",
							 "Read by the loader and by recluster(); the operators do not depend on it.",
							 &duplicate_threshold,
							 0.6, 0.01, 1.0,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("ai_landscape.defer_linking",
							 "Loads store claims without linking near-duplicates; recluster() links them.",
							 "For bulk loads: set it for the loading transactions, then run recluster() once.",
							 &defer_linking,
							 false,
							 PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("ai_landscape.join_threads",
							"Threads the all-pairs similarity join of recluster() may use.",
							"The threads only compute; reading and writing rows stays in the backend.",
							&join_threads,
							2, 1, 8,
							PGC_USERSET, 0, NULL, NULL, NULL);
	MarkGUCPrefixReserved("ai_landscape");
}

/* The setting, from SQL: calling it also loads the library, so the GUC exists. */
PG_FUNCTION_INFO_V1(al_duplicate_threshold);
Datum
al_duplicate_threshold(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT4((float4) duplicate_threshold);
}

PG_FUNCTION_INFO_V1(al_defer_linking);
Datum
al_defer_linking(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(defer_linking);
}

/* Huge allocations: a 100 MB article needs more than MaxAllocSize in UTF-16. */
static void *
pg_core_alloc(void *ctx, size_t size)
{
	(void) ctx;
	return MemoryContextAllocHuge(CurrentMemoryContext, size);
}

static void
pg_core_check_interrupts(void *ctx)
{
	(void) ctx;
	CHECK_FOR_INTERRUPTS();
}

/* Would CHECK_FOR_INTERRUPTS() act?  Read from the backend's own thread only. */
static int
pg_core_interrupt_pending(void *ctx)
{
	(void) ctx;
	/* what CHECK_FOR_INTERRUPTS() would process now (held-off ones wait) */
	return InterruptPending && InterruptHoldoffCount == 0 && CritSectionCount == 0 ? 1 : 0;
}

static const AlEnv pg_env = {pg_core_alloc, pg_core_check_interrupts, NULL, pg_core_interrupt_pending, 1};

const AlEnv *
al_pg_env(void)
{
	return &pg_env;
}

/* The environment for the join: as al_pg_env(), with the threads the setting allows. */
AlEnv
al_pg_join_env(void)
{
	AlEnv		env = pg_env;

	env.threads = join_threads;
	return env;
}

/* Turn a core result code into an ERROR with a proper SQLSTATE. */
void
al_check_result(int rc, const char *what)
{
	switch (rc)
	{
		case AL_OK:
			return;
		case AL_ERR_ENCODING:
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("%s: text is not valid UTF-8", what)));
			break;
		case AL_ERR_MEMORY:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("%s: out of memory", what)));
			break;
		case AL_ERR_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s: text is longer than %zu MB", what,
							AL_MAX_TEXT_BYTES / (1024 * 1024)),
					 errhint("Split the text into smaller documents before loading it.")));
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_EXTERNAL_ROUTINE_EXCEPTION),
					 errmsg("%s: ICU failed", what),
					 errhint("Check that the ICU data library (libicu) is installed completely.")));
	}
}

/* ICU is fed the database's bytes directly, so they must be UTF-8. */
void
al_require_utf8(void)
{
	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("ai_landscape requires a UTF8 database, this one is %s",
						GetDatabaseEncodingName()),
				 errhint("Create the database with ENCODING 'UTF8'.")));
}
