/*
 * icu_version.c - the version of the ICU library this backend runs.
 *
 * Word breaks, sentence breaks and the normalized form of a claim all come
 * from ICU, so GIN/GiST keys, clusters and extracted rows made under one ICU
 * version may differ under another.  The install script records this value;
 * the loaders compare it with the running one (check_icu_version()).
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include <unicode/uversion.h>

PG_FUNCTION_INFO_V1(al_icu_version);
Datum
al_icu_version(PG_FUNCTION_ARGS)
{
	UVersionInfo version;
	char		text[U_MAX_VERSION_STRING_LENGTH];

	u_getVersion(version);
	u_versionToString(version, text);
	PG_RETURN_TEXT_P(cstring_to_text(text));
}
