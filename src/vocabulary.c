/*
 * vocabulary.c - the stored word orders GIN indexes with prefix filtering use.
 *
 * A vocabulary (table ai_landscape.vocabulary_words) ranks the most frequent
 * word hashes of some text.  An index built with one keeps depending on it
 * for its whole life, so vocabularies never change: triggers refuse updates,
 * and a dropped name is never reused.  That is what lets every backend load
 * a vocabulary once and keep it.  The cache is emptied when a transaction
 * aborts (a vocabulary it made may be rolled back) and when any backend
 * drops a vocabulary (drop_vocabulary() sends a relcache invalidation of
 * vocabulary_words, which every backend receives).
 *
 * The rows are read directly, not through SPI: index support functions run
 * with the privileges of whoever inserts into the indexed table, who need not
 * be allowed to read the extension's schema.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "similarity.h"
#include "vocabulary.h"

#define VOCABULARY_NAME_MAX 64

typedef struct CachedVocabulary
{
	char		name[VOCABULARY_NAME_MAX];	/* hash key */
	AlVocabulary vocabulary;
} CachedVocabulary;

static HTAB *cache = NULL;
static MemoryContext cache_context = NULL;	/* the hash table and every array */
static Oid	words_table = InvalidOid;

static void
forget_all(void)
{
	if (cache_context != NULL)
		MemoryContextDelete(cache_context);
	cache_context = NULL;
	cache = NULL;
}

static void
forget_on_abort(XactEvent event, void *arg)
{
	(void) arg;
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT)
		forget_all();
}

/* a rolled-back subtransaction may have made (and cached) a vocabulary */
static void
forget_on_subabort(SubXactEvent event, SubTransactionId mySubid, SubTransactionId parentSubid, void *arg)
{
	(void) mySubid;
	(void) parentSubid;
	(void) arg;
	if (event == SUBXACT_EVENT_ABORT_SUB)
		forget_all();
}

static void
forget_on_invalidation(Datum arg, Oid relid)
{
	(void) arg;
	if (relid == InvalidOid || relid == words_table)
		forget_all();
}

static Oid
vocabulary_words_table(void)
{
	Oid			namespace = get_namespace_oid("ai_landscape", false);
	Oid			table_oid = get_relname_relid("vocabulary_words", namespace);

	if (!OidIsValid(table_oid))
		elog(ERROR, "ai_landscape.vocabulary_words is missing");
	words_table = table_oid;
	return table_oid;
}

typedef struct WordRank
{
	uint32		hash;
	int32		rank;
} WordRank;

static int
compare_word_ranks(const void *a, const void *b)
{
	uint32		x = ((const WordRank *) a)->hash;
	uint32		y = ((const WordRank *) b)->hash;

	return (x > y) - (x < y);
}

/* Reads the words of one vocabulary through the table's primary key. */
static AlVocabulary
read_vocabulary(const char *name)
{
	Oid			table_oid = vocabulary_words_table();
	Oid			index_oid = get_relname_relid("vocabulary_words_pkey", get_rel_namespace(table_oid));
	Relation	table;
	SysScanDesc scan;
	ScanKeyData key;
	HeapTuple	tuple;
	WordRank   *words;
	int			count = 0,
				allocated = 1024;
	AlVocabulary result;
	uint32	   *hashes;
	int32	   *ranks;

	if (!OidIsValid(index_oid))
		elog(ERROR, "the primary key of ai_landscape.vocabulary_words is missing");
	table = table_open(table_oid, AccessShareLock);
	ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_TEXTEQ, CStringGetTextDatum(name));
	/*
	 * SnapshotSelf: committed rows and this transaction's own.  A vocabulary
	 * is written in one statement and never changed, so nothing newer can
	 * differ; and unlike a new MVCC snapshot it works in parallel workers.
	 */
	scan = systable_beginscan(table, index_oid, true, SnapshotSelf, 1, &key);
	words = palloc(sizeof(WordRank) * allocated);
	while (HeapTupleIsValid(tuple = systable_getnext(scan)))
	{
		bool		nulls[3];
		Datum		values[3];

		heap_deform_tuple(tuple, RelationGetDescr(table), values, nulls);
		if (count == allocated)
		{
			allocated *= 2;
			words = repalloc_huge(words, sizeof(WordRank) * allocated);
		}
		words[count].hash = (uint32) DatumGetInt32(values[1]);
		words[count].rank = DatumGetInt32(values[2]);
		count++;
	}
	systable_endscan(scan);
	table_close(table, AccessShareLock);

	if (count == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("vocabulary \"%s\" does not exist", name),
				 errhint("Create it with ai_landscape.create_vocabulary('%s', table, column) "
						 "before indexing with it.", name)));

	/* sorted by hash for the core's binary search (the key orders by text first) */
	qsort(words, count, sizeof(WordRank), compare_word_ranks);
	if (cache_context == NULL)
		cache_context = AllocSetContextCreate(TopMemoryContext, "ai_landscape vocabularies",
											  ALLOCSET_DEFAULT_SIZES);
	hashes = MemoryContextAlloc(cache_context, sizeof(uint32) * count);
	ranks = MemoryContextAlloc(cache_context, sizeof(int32) * count);
	for (int i = 0; i < count; i++)
	{
		hashes[i] = words[i].hash;
		ranks[i] = words[i].rank;
	}
	pfree(words);
	result.hashes = hashes;
	result.ranks = ranks;
	result.count = count;
	return result;
}

const AlVocabulary *
vocabulary_lookup(const char *name)
{
	static bool callbacks_registered = false;
	CachedVocabulary *entry = NULL;
	bool		found;
	char		key[VOCABULARY_NAME_MAX] = {0};
	AlVocabulary read;

	if (name == NULL || name[0] == '\0')
		return NULL;
	if (strlen(name) >= VOCABULARY_NAME_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NAME_TOO_LONG),
				 errmsg("vocabulary name \"%s\" is too long", name)));
	if (!callbacks_registered)
	{
		RegisterXactCallback(forget_on_abort, NULL);
		RegisterSubXactCallback(forget_on_subabort, NULL);
		CacheRegisterRelcacheCallback(forget_on_invalidation, (Datum) 0);
		callbacks_registered = true;
	}
	strlcpy(key, name, sizeof(key));
	if (cache != NULL)
		entry = hash_search(cache, key, HASH_FIND, NULL);
	if (entry != NULL)
		return &entry->vocabulary;

	/*
	 * Read first: opening the table accepts invalidations, which may empty
	 * the cache, and an ERROR must not leave a half-made entry behind.
	 */
	read = read_vocabulary(name);
	if (cache == NULL)
	{
		HASHCTL		ctl = {0};

		ctl.keysize = VOCABULARY_NAME_MAX;
		ctl.entrysize = sizeof(CachedVocabulary);
		ctl.hcxt = cache_context;
		cache = hash_create("ai_landscape vocabularies", 8, &ctl, HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	}
	entry = hash_search(cache, key, HASH_ENTER, &found);
	entry->vocabulary = read;
	return &entry->vocabulary;
}

/* vocabularies_changed(): every backend forgets the vocabularies it read, at commit */
PG_FUNCTION_INFO_V1(vocabularies_changed);
Datum
vocabularies_changed(PG_FUNCTION_ARGS)
{
	CacheInvalidateRelcacheByRelid(vocabulary_words_table());
	PG_RETURN_VOID();
}
