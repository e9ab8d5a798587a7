/*
 * fuzz_times.c - libFuzzer target: years, relative years, durations.
 *
 * Every time lies inside the text and is of a known kind with its fields
 * terminated.
 */
#include "fuzz_common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;
	AlTimeList	times = {0};

	if (al_utf8_check(text, size) != AL_OK)
		return 0;
	FUZZ_CHECK(al_find_times(&fuzz_env, text, size, &times) == AL_OK);
	for (int i = 0; i < times.count; i++)
	{
		const AlTime *t = &times.items[i];

		fuzz_check_inside(text, size, t->span);
		FUZZ_CHECK(t->kind == AL_TIME_YEAR || t->kind == AL_TIME_RELATIVE || t->kind == AL_TIME_DURATION);
		FUZZ_CHECK(strnlen(t->qualifier, sizeof(t->qualifier)) < sizeof(t->qualifier));
		FUZZ_CHECK(strnlen(t->unit, sizeof(t->unit)) < sizeof(t->unit));
		FUZZ_CHECK(t->kind != AL_TIME_DURATION || t->unit[0] != '\0');
	}
	fuzz_reset();
	return 0;
}
