/*
 * threads.c - starting the core's worker threads.
 *
 * Workers run with every signal blocked, so that signals (a cancel) reach
 * only the calling thread, which alone may act on them.
 */
#include <signal.h>

#include "al_core.h"

int
al_start_threads(pthread_t *threads, int nthreads, void *(*run) (void *), void *workers, size_t worker_size)
{
	sigset_t	all,
				old;
	int			started = 0;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (int t = 1; t < nthreads; t++)
		if (pthread_create(&threads[t], NULL, run, (char *) workers + (size_t) t * worker_size) == 0)
			started = t;
		else
			break;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return started;
}
