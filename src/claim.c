/*
 * claim.c - the claim type: I/O, comparison and hashing.
 *
 * A claim prints exactly what was stored; it compares, sorts and hashes by
 * its normalized form (see core/normalize.c), the way citext compares
 * case-insensitively yet prints what was stored.  Order is the code-point
 * order of the normalized text.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "ai_landscape.h"

ClaimView
claim_view(const struct varlena *claim)
{
	const char *payload = VARDATA_ANY(claim);
	size_t		payload_len = VARSIZE_ANY_EXHDR(claim);
	uint32		original_len;
	ClaimView	view;

	if (payload_len < CLAIM_HEADER_BYTES || payload[0] != CLAIM_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt claim value (unknown format)")));
	memcpy(&original_len, payload + 1, sizeof(uint32));
	if (original_len > payload_len - CLAIM_HEADER_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("corrupt claim value (bad length)")));

	view.original = payload + CLAIM_HEADER_BYTES;
	view.original_len = original_len;
	view.normalized = view.original + original_len;
	view.normalized_len = payload_len - CLAIM_HEADER_BYTES - original_len;
	return view;
}

/* Build a claim from UTF-8 text that the caller has already validated. */
struct varlena *
claim_from_cstring(const char *text, size_t len)
{
	char	   *normalized;
	size_t		normalized_len;
	size_t		total;
	struct varlena *result;
	char	   *payload;
	uint32		original_len = (uint32) len;

	al_require_utf8();
	al_check_result(al_normalize(al_pg_env(), text, len, &normalized, &normalized_len),
					"claim");
	if (normalized_len == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("a claim cannot be empty or white space only"),
				 errhint("A claim is a statement: give it at least one visible character.")));

	total = VARHDRSZ + CLAIM_HEADER_BYTES + len + normalized_len;
	if (total > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("claim is too long (%zu bytes)", len)));
	result = palloc(total);
	SET_VARSIZE(result, total);
	payload = VARDATA(result);
	payload[0] = CLAIM_FORMAT_VERSION;
	memcpy(payload + 1, &original_len, sizeof(uint32));
	memcpy(payload + CLAIM_HEADER_BYTES, text, len);
	memcpy(payload + CLAIM_HEADER_BYTES + len, normalized, normalized_len);
	pfree(normalized);
	return result;
}

PG_FUNCTION_INFO_V1(claim_in);
Datum
claim_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);

	PG_RETURN_POINTER(claim_from_cstring(str, strlen(str)));
}

PG_FUNCTION_INFO_V1(claim_out);
Datum
claim_out(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);

	PG_RETURN_CSTRING(pnstrdup(c.original, c.original_len));
}

/*
 * Binary input is the text too, in the client's encoding as for text: it is
 * validated and normalized again, never trusted.  A UTF-8 client's bytes are
 * checked by the core (al_utf8_check, what fuzz/fuzz_claim_recv.c
 * exercises); another client's are converted, which checks them.
 */
PG_FUNCTION_INFO_V1(claim_recv);
Datum
claim_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			nbytes = buf->len - buf->cursor;
	const char *bytes = pq_getmsgbytes(buf, nbytes);
	size_t		len = (size_t) nbytes;

	al_require_utf8();
	if (pg_get_client_encoding() != PG_UTF8)
	{
		const char *converted = pg_client_to_server(bytes, nbytes);

		if (converted != bytes)
			len = strlen(converted);
		bytes = converted;
	}
	if (al_utf8_check(bytes, len) != AL_OK)
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("binary claim is not valid UTF-8"),
				 errdetail("The binary form of a claim is its text: well-formed UTF-8 without NUL bytes."),
				 errhint("Send the claim's text, as claim_send() produces it.")));
	PG_RETURN_POINTER(claim_from_cstring(bytes, len));
}

PG_FUNCTION_INFO_V1(claim_send);
Datum
claim_send(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendtext(&buf, c.original, (int) c.original_len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(claim_from_text);
Datum
claim_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_POINTER(claim_from_cstring(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

PG_FUNCTION_INFO_V1(claim_to_text);
Datum
claim_to_text(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(c.original, (int) c.original_len));
}

PG_FUNCTION_INFO_V1(claim_normalized);
Datum
claim_normalized(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(c.normalized, (int) c.normalized_len));
}

/* Characters of the original text, as length(text) counts them. */
PG_FUNCTION_INFO_V1(claim_length);
Datum
claim_length(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);

	PG_RETURN_INT32(pg_mbstrlen_with_len(c.original, (int) c.original_len));
}

/*
 * Comparisons run inside sorts and index builds: free detoasted copies
 * right away instead of leaving them to the (possibly long-lived) context.
 */
static int
claim_compare(FunctionCallInfo fcinfo)
{
	struct varlena *da = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	struct varlena *db = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(1));
	ClaimView	a = claim_view(da);
	ClaimView	b = claim_view(db);
	int			r = memcmp(a.normalized, b.normalized, Min(a.normalized_len, b.normalized_len));

	if (r == 0)
		r = (a.normalized_len > b.normalized_len) - (a.normalized_len < b.normalized_len);
	PG_FREE_IF_COPY(da, 0);
	PG_FREE_IF_COPY(db, 1);
	return r;
}

PG_FUNCTION_INFO_V1(claim_cmp);
Datum
claim_cmp(PG_FUNCTION_ARGS)
{
	int			r = claim_compare(fcinfo);

	PG_RETURN_INT32(r < 0 ? -1 : r > 0 ? 1 : 0);
}

#define CLAIM_COMPARISON(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(claim_compare(fcinfo) op 0); \
}

CLAIM_COMPARISON(claim_eq, ==)
CLAIM_COMPARISON(claim_ne, !=)
CLAIM_COMPARISON(claim_lt, <)
CLAIM_COMPARISON(claim_le, <=)
CLAIM_COMPARISON(claim_gt, >)
CLAIM_COMPARISON(claim_ge, >=)

PG_FUNCTION_INFO_V1(claim_hash);
Datum
claim_hash(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);

	return hash_any((const unsigned char *) c.normalized, (int) c.normalized_len);
}

PG_FUNCTION_INFO_V1(claim_hash_extended);
Datum
claim_hash_extended(PG_FUNCTION_ARGS)
{
	ClaimView	c = PG_GETARG_CLAIM_VIEW(0);

	return hash_any_extended((const unsigned char *) c.normalized, (int) c.normalized_len,
							 PG_GETARG_INT64(1));
}
