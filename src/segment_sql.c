/*
 * segment_sql.c - SQL access to the core's sentence and word segmenters.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/cryptohash.h"
#include "common/sha2.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "ai_landscape.h"

/* sentences(body text) RETURNS TABLE(ordinal, start_offset, end_offset, sentence) */
PG_FUNCTION_INFO_V1(al_sentences);
Datum
al_sentences(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *body = PG_GETARG_TEXT_PP(0);
	const char *bytes = VARDATA_ANY(body);
	AlSpanList	spans = {0};

	al_require_utf8();
	InitMaterializedSRF(fcinfo, 0);
	al_check_result(al_segment_sentences(al_pg_env(), bytes, VARSIZE_ANY_EXHDR(body), &spans),
					"sentences");

	for (int i = 0; i < spans.count; i++)
	{
		const AlSpan *s = &spans.items[i];
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		if (s->end_char > PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("sentences: character offset %lld does not fit an integer",
							(long long) s->end_char)));
		values[0] = Int32GetDatum(i + 1);
		values[1] = Int32GetDatum((int32) s->start_char);
		values[2] = Int32GetDatum((int32) s->end_char);
		values[3] = PointerGetDatum(cstring_to_text_with_len(bytes + s->start_byte,
															 (int) (s->end_byte - s->start_byte)));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* tokens(claim) RETURNS text[]: ICU words of the normalized form */
PG_FUNCTION_INFO_V1(claim_tokens);
Datum
claim_tokens(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);
	AlSpanList	spans = {0};
	Datum	   *words;

	al_check_result(al_tokenize(al_pg_env(), c.normalized, c.normalized_len, &spans), "tokens");
	words = palloc(sizeof(Datum) * Max(spans.count, 1));
	for (int i = 0; i < spans.count; i++)
		words[i] = PointerGetDatum(cstring_to_text_with_len(c.normalized + spans.items[i].start_byte,
															(int) (spans.items[i].end_byte -
																   spans.items[i].start_byte)));
	PG_RETURN_ARRAYTYPE_P(construct_array(words, spans.count, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * content_hash(body text) RETURNS bytea: SHA-256 of the body with white
 * space runs folded to one space and trimmed, so that a re-wrapped copy of
 * an article is recognised as the same article.
 */
PG_FUNCTION_INFO_V1(al_content_hash);
Datum
al_content_hash(PG_FUNCTION_ARGS)
{
	text	   *body = PG_GETARG_TEXT_PP(0);
	size_t		len = VARSIZE_ANY_EXHDR(body);
	char	   *folded = palloc(Max(len, 1));
	size_t		folded_len = al_fold_whitespace(VARDATA_ANY(body), len, folded);
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA256);
	bytea	   *result = palloc(VARHDRSZ + PG_SHA256_DIGEST_LENGTH);

	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) folded, folded_len) < 0 ||
		pg_cryptohash_final(ctx, (uint8 *) VARDATA(result), PG_SHA256_DIGEST_LENGTH) < 0)
		elog(ERROR, "could not compute SHA-256: %s", pg_cryptohash_error(ctx));
	pg_cryptohash_free(ctx);
	SET_VARSIZE(result, VARHDRSZ + PG_SHA256_DIGEST_LENGTH);
	PG_RETURN_BYTEA_P(result);
}
