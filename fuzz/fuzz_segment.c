/*
 * fuzz_segment.c - libFuzzer target: sentence segmentation.
 *
 * Valid UTF-8 (all the server ever passes) is segmented into ordered spans
 * on character boundaries whose character offsets agree with their bytes.
 * Other bytes are segmented too, for memory errors only: the core makes no
 * promise about them.
 */
#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;
	AlSpanList	sentences = {0};
	int			rc = al_segment_sentences(&fuzz_env, text, size, &sentences);

	if (al_utf8_check(text, size) == AL_OK)
	{
		FUZZ_CHECK(rc == AL_OK);
		fuzz_check_spans(text, size, &sentences);
		for (int i = 0; i < sentences.count; i++)
			fuzz_check_inside(text, size, sentences.items[i]);
	}
	fuzz_reset();
	return 0;
}
