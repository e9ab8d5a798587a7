/*
 * fuzz_modality.c - libFuzzer target: kind of statement, negation, attribution.
 */
#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;
	AlModality	m;

	if (al_utf8_check(text, size) != AL_OK)
		return 0;
	FUZZ_CHECK(al_modality(text, size, &m) == AL_OK);
	FUZZ_CHECK(m.kind >= AL_FACT && m.kind <= AL_META);
	FUZZ_CHECK(m.negated == 0 || m.negated == 1);
	fuzz_check_inside(text, size, m.attribution);
	return 0;
}
