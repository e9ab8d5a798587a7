/*
 * similarity.h - shingle sets of claims and the strategy numbers shared by
 * the GIN and GiST operator classes (one header, as pg_trgm has).
 */
#ifndef AL_SIMILARITY_H
#define AL_SIMILARITY_H

#include "fmgr.h"

#include "ai_landscape.h"

/* operator strategies */
#define AL_STRATEGY_SIMILAR			1	/* claim %   claim        (default threshold) */
#define AL_STRATEGY_SIMILAR_QUERY	2	/* claim %>= claim_query  (threshold given) */
#define AL_STRATEGY_EQUAL			3	/* claim =   claim        (GIN) */
#define AL_STRATEGY_DISTANCE		4	/* claim <-> claim        (GiST ORDER BY) */

/* what % means: fixed, not a GUC, so that it can be shipped to other servers */
#define AL_DEFAULT_THRESHOLD		0.6f

/* the planner's estimate of the fraction of rows similar(): contsel's */
#define AL_SIMILAR_SELECTIVITY		0.001

extern AlShingles claim_shingles(ClaimView claim);
extern AlShingles claim_shingles_cached(FunctionCallInfo fcinfo, ClaimView claim);
extern float claim_similarity(AlShingles a, AlShingles b);
extern ClaimView claim_query_parts(Datum query, float *threshold, bool *isnull);
extern float check_threshold(float threshold);
extern Datum *hashes_to_datums(const uint32 *hashes, int count);

#endif							/* AL_SIMILARITY_H */
