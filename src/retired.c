/*
 * retired.c - C entry points that a released install script names but the
 * current SQL no longer uses.
 *
 * They must stay: CREATE EXTENSION ai_landscape VERSION '1.0' looks up every
 * C symbol its script names, and a 1.0 database runs on the newest library
 * from the package upgrade until ALTER EXTENSION ai_landscape UPDATE, which
 * replaces these functions.  Until then each one says what to do.
 */
#include "postgres.h"

#include "fmgr.h"

static void
retired(const char *function, const char *version)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("ai_landscape.%s of version %s needs the update of the extension to this library's version",
					function, version),
			 errhint("Run ALTER EXTENSION ai_landscape UPDATE.")));
}

/* 1.0: cluster_claims(real), now SQL over link_claims_bulk() */
PG_FUNCTION_INFO_V1(al_cluster_claims);
Datum
al_cluster_claims(PG_FUNCTION_ARGS)
{
	retired("cluster_claims", "1.0");
	PG_RETURN_NULL();
}
