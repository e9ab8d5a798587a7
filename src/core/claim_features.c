/*
 * claim_features.c - the shingles and figure keys of many claims, over threads.
 *
 * The all-pairs join needs, for every claim, its shingle set and its figure
 * key.  At a million claims computing them (ICU word breaks, the amount,
 * time and negation scanners) took 13 s of one core before the join's
 * threads started.  The texts are independent, so threads share them out:
 * thread t takes texts t, t + T, t + 2T, ...  A thread allocates from its
 * own arena (the caller's env->alloc need not be thread-safe), opens its
 * own ICU word iterator (icu_cache.c keeps one per thread) and closes it
 * when it is done.  The results are copied into the caller's memory after
 * the threads have finished.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "al_core.h"

#define MAX_THREADS 8
#define CHUNK_BYTES 65536

/* Arena memory: chunks freed all at once, or all but the first on a reset. */
typedef struct Chunk
{
	struct Chunk *next;
	size_t		size;
	size_t		used;
	size_t		pad;			/* keeps data 16-byte aligned */
	char		data[];
} Chunk;

typedef struct Arena
{
	Chunk	   *head;			/* newest */
	jmp_buf    *out_of_memory;	/* where a failed malloc goes */
} Arena;

static void *
arena_alloc(void *ctx, size_t size)
{
	Arena	   *a = (Arena *) ctx;
	void	   *p;

	size = (size + 15) & ~(size_t) 15;
	if (a->head == NULL || a->head->size - a->head->used < size)
	{
		size_t		bytes = size > CHUNK_BYTES ? size : CHUNK_BYTES;
		Chunk	   *c = malloc(sizeof(Chunk) + bytes);

		if (c == NULL)
			longjmp(*a->out_of_memory, 1);
		c->next = a->head;
		c->size = bytes;
		c->used = 0;
		a->head = c;
	}
	p = a->head->data + a->head->used;
	a->head->used += size;
	return p;
}

/* Keep the oldest chunk for reuse, free the others. */
static void
arena_reset(Arena *a)
{
	while (a->head != NULL && a->head->next != NULL)
	{
		Chunk	   *next = a->head->next;

		free(a->head);
		a->head = next;
	}
	if (a->head != NULL)
		a->head->used = 0;
}

static void
arena_free(Arena *a)
{
	while (a->head != NULL)
	{
		Chunk	   *next = a->head->next;

		free(a->head);
		a->head = next;
	}
}

typedef struct FeatureWorker
{
	const AlClaimText *texts;
	int			n;
	int			first;
	int			step;
	AlShingles *shingles;		/* results, in 'results' until copied */
	uint64_t   *keys;
	int			rc;				/* the first failure, by text order within the worker */
	int			failed_at;
	Arena		scratch;		/* per text */
	Arena		results;		/* the shingle hashes */
} FeatureWorker;

static void
features_of(FeatureWorker *w)
{
	jmp_buf		out_of_memory;
	AlEnv		scratch_env = {arena_alloc, NULL, &w->scratch, NULL, 0};
	volatile int i = w->first;

	w->scratch.out_of_memory = &out_of_memory;
	w->results.out_of_memory = &out_of_memory;
	if (setjmp(out_of_memory) != 0)
	{
		w->rc = AL_ERR_MEMORY;
		w->failed_at = i;
		return;
	}
	for (; i < w->n; i += w->step)
	{
		const AlClaimText *t = &w->texts[i];
		AlShingles	s;
		int			rc;

		if ((rc = al_shingles(&scratch_env, t->normalized, t->normalized_len, &s)) != AL_OK ||
			(rc = al_figure_key(&scratch_env, t->original, t->original_len, &w->keys[i])) != AL_OK)
		{
			w->rc = rc;
			w->failed_at = i;
			return;
		}
		w->shingles[i].count = s.count;
		w->shingles[i].hashes = arena_alloc(&w->results, sizeof(uint32_t) * (size_t) (s.count > 0 ? s.count : 1));
		memcpy(w->shingles[i].hashes, s.hashes, sizeof(uint32_t) * (size_t) s.count);
		arena_reset(&w->scratch);
	}
}

static void *
feature_thread(void *arg)
{
	features_of((FeatureWorker *) arg);
	al_icu_release_thread();
	return NULL;
}

int
al_claim_features(const AlEnv *env, const AlClaimText *texts, int n, AlShingles *shingles, uint64_t *keys)
{
	FeatureWorker workers[MAX_THREADS];
	pthread_t	threads[MAX_THREADS];
	int			nthreads = env->threads > 1 && n >= 64 ? (env->threads > MAX_THREADS ? MAX_THREADS : env->threads) : 1;
	int			started = 0;
	int			rc = AL_OK,
				failed_at = n;

	for (int t = 0; t < nthreads; t++)
	{
		memset(&workers[t], 0, sizeof(FeatureWorker));
		workers[t].texts = texts;
		workers[t].n = n;
		workers[t].first = t;
		workers[t].step = nthreads;
		workers[t].shingles = shingles;
		workers[t].keys = keys;
	}
	if (nthreads > 1)
		started = al_start_threads(threads, nthreads, feature_thread, workers, sizeof(FeatureWorker));
	features_of(&workers[0]);
	for (int t = 1; t <= started; t++)
		pthread_join(threads[t], NULL);
	/* a thread that could not start: its share is done here */
	for (int t = started + 1; t < nthreads; t++)
		features_of(&workers[t]);

	/* the failure of the earliest text, as one thread would have reported it */
	for (int t = 0; t < nthreads; t++)
		if (workers[t].rc != AL_OK && workers[t].failed_at < failed_at)
		{
			rc = workers[t].rc;
			failed_at = workers[t].failed_at;
		}
	if (rc == AL_OK)
		for (int i = 0; i < n; i++)
		{
			uint32_t   *copy = env->alloc(env->ctx, sizeof(uint32_t) * (size_t) (shingles[i].count > 0 ? shingles[i].count : 1));

			memcpy(copy, shingles[i].hashes, sizeof(uint32_t) * (size_t) shingles[i].count);
			shingles[i].hashes = copy;
		}
	for (int t = 0; t < nthreads; t++)
	{
		arena_free(&workers[t].scratch);
		arena_free(&workers[t].results);
	}
	return rc;
}
