/*
 * fuzz_amounts.c - libFuzzer target: money amounts and percentages.
 *
 * The server hands the extractor valid UTF-8 only.  Every amount lies inside
 * the text, its digits are digits, and its currency is empty or 3 letters.
 */
#include "fuzz_common.h"

static void
check_number(const char *s)
{
	size_t		n = strnlen(s, 64);

	FUZZ_CHECK(n < 64);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK((s[i] >= '0' && s[i] <= '9') || s[i] == '.');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;
	AlAmountList amounts = {0};

	if (al_utf8_check(text, size) != AL_OK)
		return 0;
	FUZZ_CHECK(al_find_amounts(&fuzz_env, text, size, &amounts) == AL_OK);
	for (int i = 0; i < amounts.count; i++)
	{
		const AlAmount *a = &amounts.items[i];
		size_t		cur = strnlen(a->currency, sizeof(a->currency));

		fuzz_check_inside(text, size, a->span);
		check_number(a->low);
		check_number(a->high);
		FUZZ_CHECK(a->low[0] != '\0');
		FUZZ_CHECK(cur == 0 || cur == 3);
		FUZZ_CHECK(a->is_percentage ? cur == 0 : cur == 3);
	}
	fuzz_reset();
	return 0;
}
