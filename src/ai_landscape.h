/*
 * ai_landscape.h - declarations shared by the server glue files.
 */
#ifndef AI_LANDSCAPE_H
#define AI_LANDSCAPE_H

#include "postgres.h"

#include "core/al_core.h"

/* ai_landscape.c: the core's environment inside a backend */
extern const AlEnv *al_pg_env(void);
extern AlEnv al_pg_join_env(void);
extern void al_check_result(int rc, const char *what);
extern void al_require_utf8(void);

/*
 * The on-disk claim: a varlena whose payload is
 *   uint8 format version | uint32 original length | original | normalized
 * The normalized form is stored so that comparisons and hashing, which run
 * for every index tuple, are memcmp and hash_any, not an ICU call.  Fields
 * are read with memcpy: short-header datums are not aligned.
 */
#define CLAIM_FORMAT_VERSION 1
#define CLAIM_HEADER_BYTES (1 + sizeof(uint32))

typedef struct ClaimView
{
	const char *original;
	size_t		original_len;
	const char *normalized;
	size_t		normalized_len;
} ClaimView;

extern ClaimView claim_view(const struct varlena *claim);
extern struct varlena *claim_from_cstring(const char *text, size_t len);

#define PG_GETARG_CLAIM_VIEW(n) claim_view(PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(n)))

#endif							/* AI_LANDSCAPE_H */
