/*
 * fuzz_normalize.c - libFuzzer target: normalization, tokenization, shingles.
 *
 * Normalization refuses invalid UTF-8 (NUL aside: ICU takes it, and no
 * server text holds one) and is idempotent (a normalized claim
 * re-read is equal to itself); the words of the normalized text are ordered
 * spans; every non-empty normalized text has at least one shingle, sorted
 * and without repeats.
 */
#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;
	char	   *norm;
	size_t		norm_len;
	int			rc = al_normalize(&fuzz_env, text, size, &norm, &norm_len);

	if (al_utf8_check(text, size) != AL_OK)
		FUZZ_CHECK(rc == AL_ERR_ENCODING || memchr(text, '\0', size) != NULL);
	else
	{
		char	   *again;
		size_t		again_len;
		AlSpanList	words = {0};
		AlShingles	sh;

		FUZZ_CHECK(rc == AL_OK);
		FUZZ_CHECK(al_utf8_check(norm, norm_len) == AL_OK);
		FUZZ_CHECK(al_normalize(&fuzz_env, norm, norm_len, &again, &again_len) == AL_OK);
		FUZZ_CHECK(again_len == norm_len && memcmp(again, norm, norm_len) == 0);
		FUZZ_CHECK(al_tokenize(&fuzz_env, norm, norm_len, &words) == AL_OK);
		fuzz_check_spans(norm, norm_len, &words);
		if (norm_len > 0)
		{
			FUZZ_CHECK(al_shingles_from_words(&fuzz_env, norm, norm_len, &words, &sh) == AL_OK);
			FUZZ_CHECK(sh.count >= 1 && sh.count <= (words.count > 0 ? words.count : 1));
			for (int i = 1; i < sh.count; i++)
				FUZZ_CHECK(sh.hashes[i - 1] < sh.hashes[i]);
			/* a set is entirely similar to itself */
			FUZZ_CHECK(al_overlap(sh.hashes, sh.count, sh.hashes, sh.count) == sh.count);
		}
	}
	fuzz_reset();
	return 0;
}
