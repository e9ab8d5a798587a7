/*
 * vocabulary.h - stored word orders for prefix-filtered GIN indexes.
 */
#ifndef AL_VOCABULARY_H
#define AL_VOCABULARY_H

#include "ai_landscape.h"

/* The named vocabulary, cached for the backend's life; NULL for "" (hash order). */
extern const AlVocabulary *vocabulary_lookup(const char *name);

#endif							/* AL_VOCABULARY_H */
