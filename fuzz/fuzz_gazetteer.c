/*
 * fuzz_gazetteer.c - libFuzzer target: gazetteer matching.
 *
 * An input holding a NUL byte is "aliases NUL text": one alias per line of
 * the part before it (at most 256), matched in the text after it.  Any other
 * input is matched against the shipped gazetteer, data/gazetteer.tsv (every
 * name and alias, a large set), read once at start.  Mentions come in
 * order, do not overlap, lie inside the text and name a known entity
 * (or 0, a capitalised name the gazetteer does not know).
 */
#include <stdio.h>

#include "fuzz_common.h"

#define MAX_FUZZ_ALIASES 256

/*
 * The shipped gazetteer lives for the whole run, outside the arena; its
 * blocks stay listed (reachable) so that LeakSanitizer does not report them.
 */
static AlGazetteer *shipped;
static int64_t shipped_entities;
static void *forever_blocks[4096];
static int	nforever;

static void *
forever_alloc(void *ctx, size_t size)
{
	void	   *p = malloc(size ? size : 1);

	(void) ctx;
	if (p == NULL || nforever == 4096)
		abort();
	forever_blocks[nforever++] = p;
	return p;
}

static const AlEnv forever_env = {forever_alloc, NULL, NULL};

/* One alias input per name and per '|'-separated alias of each TSV row. */
static void
load_shipped(const char *path)
{
	FILE	   *f = fopen(path, "r");
	char		line[4096];
	AlAliasInput *aliases = NULL;
	int			n = 0,
				cap = 0;

	if (f == NULL)
	{
		fprintf(stderr, "fuzz_gazetteer: cannot read %s (run from the repository)\n", path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f))
	{
		char	   *fields[4] = {line, NULL, NULL, NULL};
		int			nf = 1;

		if (line[0] == '#' || strncmp(line, "name\t", 5) == 0)
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		for (char *p = line; *p && nf < 4; p++)
			if (*p == '\t')
			{
				*p = '\0';
				fields[nf++] = p + 1;
			}
		shipped_entities++;
		for (int k = 0; k < 2; k++)
		{
			char	   *s = k == 0 ? fields[0] : fields[3];

			while (s != NULL && *s)
			{
				size_t		len = k == 0 ? strlen(s) : strcspn(s, "|");

				if (n == cap)
				{
					cap = cap ? cap * 2 : 256;
					aliases = realloc(aliases, sizeof(AlAliasInput) * cap);
					if (aliases == NULL)
						abort();
				}
				aliases[n].entity_id = shipped_entities;
				aliases[n].text = memcpy(forever_alloc(NULL, len), s, len);
				aliases[n].len = len;
				n++;
				s += len;
				if (*s == '|')
					s++;
			}
		}
	}
	fclose(f);
	if (al_gazetteer_build(&forever_env, aliases, n, &shipped) != AL_OK)
		abort();
	free(aliases);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("FUZZ_GAZETTEER");

	(void) argc;
	(void) argv;
	load_shipped(path ? path : "data/gazetteer.tsv");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *input = (const char *) data;
	const char *nul = memchr(input, '\0', size);
	const char *text = nul ? nul + 1 : input;
	size_t		len = size - (size_t) (text - input);
	const AlGazetteer *g = shipped;
	int64_t		entities = shipped_entities;
	AlMentionList mentions = {0};
	size_t		previous_end = 0;

	if (al_utf8_check(text, len) != AL_OK)
		return 0;
	if (nul != NULL)
	{
		AlAliasInput aliases[MAX_FUZZ_ALIASES];
		AlGazetteer *built;
		int			n = 0;

		for (const char *p = input; p < nul && n < MAX_FUZZ_ALIASES;)
		{
			const char *eol = memchr(p, '\n', (size_t) (nul - p));
			size_t		alen = (size_t) ((eol ? eol : nul) - p);

			if (al_utf8_check(p, alen) != AL_OK)
				return 0;
			aliases[n].entity_id = n + 1;
			aliases[n].text = p;
			aliases[n].len = alen;
			n++;
			p += alen + 1;
		}
		FUZZ_CHECK(al_gazetteer_build(&fuzz_env, aliases, n, &built) == AL_OK);
		g = built;
		entities = n;
	}
	FUZZ_CHECK(al_match_entities(&fuzz_env, g, text, len, &mentions) == AL_OK);
	for (int i = 0; i < mentions.count; i++)
	{
		const AlMention *m = &mentions.items[i];

		fuzz_check_inside(text, len, m->span);
		FUZZ_CHECK(m->span.start_byte >= previous_end && m->span.end_byte > m->span.start_byte);
		FUZZ_CHECK(m->entity_id >= 0 && m->entity_id <= entities);
		previous_end = m->span.end_byte;
	}
	fuzz_reset();
	return 0;
}
