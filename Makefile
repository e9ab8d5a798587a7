# ai_landscape - PGXS build
EXTENSION = ai_landscape
MODULE_big = ai_landscape
# The version being built is default_version of the control file.  Its install
# script is the SQL source, then the gazetteer of data/ as INSERTs; an update
# script to it is its hand-written part in src/, then the same gazetteer.
# Released versions' scripts are frozen in sql_versions/ (README "Upgrading").
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)
UPDATES = $(patsubst src/%,%,$(wildcard src/$(EXTENSION)--*--$(EXTVERSION).sql))
DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(UPDATES)
DATA = $(wildcard sql_versions/$(EXTENSION)--*.sql)

CORE_SRCS = $(wildcard src/core/*.c)
GLUE_SRCS = $(wildcard src/*.c)
OBJS = $(CORE_SRCS:.c=.o) $(GLUE_SRCS:.c=.o)

# PostgreSQL headers are system headers: -Wextra is for our code, not theirs
PG_CPPFLAGS = -Isrc -isystem $(shell $(PG_CONFIG) --includedir-server)
PG_CFLAGS = -Wall -Wextra
# ICU from libicu-dev: headers in /usr/include, no pkg-config needed
SHLIB_LINK = -licui18n -licuuc -licudata -lpthread

REGRESS = claim_type segmentation load_article similarity vocabulary clusters loading figures long_claims extraction extraction_locale cjk_names extension icu_version search_path trgm_names bad_input distributed
REGRESS_OPTS = --encoding=UTF8
ISOLATION = concurrent_load reextract_race
ISOLATION_OPTS = --inputdir=test/isolation
TAP_TESTS = 1
PROVE_TESTS = test/t/*.pl

EXTRA_CLEAN = test/core/core_test $(FUZZ_BINS) $(DATA_built) bench/core_cluster bench/segment fuzz/corpus

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# ---- ai-landscape-load: the command-line loader (cli/), a libpq client ----
# libpq-fe.h and libpq.so come with libpq-dev, which postgresql-server-dev-15
# depends on.  PGXS cannot build a PROGRAM next to MODULE_big, so the rules
# are ours; "make" builds it and "make install" puts it in pg_config --bindir.
LOADER = cli/ai-landscape-load
LOADER_SRCS = $(wildcard cli/*.c)
LOADER_CFLAGS = -Wall -Wextra -O2 -g -pthread -isystem $(shell $(PG_CONFIG) --includedir)
LOADER_LIBS = -L$(shell $(PG_CONFIG) --libdir) -lpq -pthread

all: $(LOADER)

$(LOADER): $(LOADER_SRCS) cli/load.h
	$(CC) $(LOADER_CFLAGS) -o $@ $(LOADER_SRCS) $(LOADER_LIBS)

install: install-loader

install-loader: $(LOADER)
	$(MKDIR_P) '$(DESTDIR)$(bindir)'
	$(INSTALL_PROGRAM) $(LOADER) '$(DESTDIR)$(bindir)/ai-landscape-load'

uninstall: uninstall-loader

uninstall-loader:
	rm -f '$(DESTDIR)$(bindir)/ai-landscape-load'

EXTRA_CLEAN += $(LOADER)

.PHONY: install-loader uninstall-loader
# ---- end of ai-landscape-load ----

$(EXTENSION)--$(EXTVERSION).sql: src/ai_landscape.sql data/gazetteer.tsv scripts/gazetteer_sql.awk $(EXTENSION).control
	{ cat src/ai_landscape.sql; awk -f scripts/gazetteer_sql.awk data/gazetteer.tsv; } > $@

$(UPDATES): %: src/% data/gazetteer.tsv scripts/gazetteer_update_sql.awk
	{ cat src/$@; awk -f scripts/gazetteer_update_sql.awk data/gazetteer.tsv; } > $@

# The language core alone, outside the server: make core-test
CORE_TEST_FLAGS = -Wall -Wextra -O1 -g -Isrc/core
test/core/core_test: test/core/core_test.c $(CORE_SRCS) src/core/al_core.h
	$(CC) $(CORE_TEST_FLAGS) -o $@ test/core/core_test.c $(CORE_SRCS) $(SHLIB_LINK)

core-test: test/core/core_test
	./test/core/core_test

.PHONY: core-test

# One target per suite, so scripts/test can count them separately.
installcheck-regress:
	$(pg_regress_installcheck) $(REGRESS_OPTS) $(REGRESS)

installcheck-isolation:
	$(pg_isolation_regress_installcheck) $(ISOLATION_OPTS) $(ISOLATION)

installcheck-tap:
	$(prove_installcheck)

.PHONY: installcheck-regress installcheck-isolation installcheck-tap

# libFuzzer, one target per parser of the core:  make fuzz FUZZ_SECONDS=600
# runs each for FUZZ_SECONDS, one after another, on inputs up to 64 KB;
# seeds in fuzz/seeds/common and fuzz/seeds/<target>, keywords in
# fuzz/dict/<target>.dict, corpus and crashes in
# fuzz/corpus/<target>, a summary per target in fuzz/corpus/<target>.log.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS = segment normalize amounts times modality gazetteer claim_recv
FUZZ_BINS = $(addprefix fuzz/fuzz_,$(FUZZ_TARGETS))
# No comparison tracing: it made the per-byte loops 4 times slower (322 against
# 1,247 exec/s for normalize); fuzz/dict/<target>.dict gives the keywords instead.
FUZZ_FLAGS = -g -O2 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-fno-sanitize-coverage=trace-cmp -Isrc/core

fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.h $(CORE_SRCS) src/core/al_core.h Makefile
	clang $(FUZZ_FLAGS) -o $@ $< $(CORE_SRCS) $(SHLIB_LINK)

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@failed=""; for t in $(FUZZ_TARGETS); do \
	    mkdir -p fuzz/corpus/$$t fuzz/seeds/$$t; \
	    echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	    nice ./fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=fuzz/corpus/$$t/crash- \
	        $$([ -f fuzz/dict/$$t.dict ] && echo -dict=fuzz/dict/$$t.dict) \
	        fuzz/corpus/$$t fuzz/seeds/common fuzz/seeds/$$t >fuzz/corpus/$$t.log 2>&1 \
	        || failed="$$failed $$t"; \
	    grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' fuzz/corpus/$$t.log; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzz: findings in:$$failed (see fuzz/corpus/<target>.log)"; exit 1; fi

.PHONY: fuzz fuzz-build

# The core's all-pairs join alone: make bench-core-cluster N=1000000
N ?= 1000000
THREADS ?= 2
bench/core_cluster: bench/core_cluster.c $(CORE_SRCS) src/core/al_core.h
	$(CC) -O2 -g -Isrc/core -o $@ bench/core_cluster.c $(CORE_SRCS) $(SHLIB_LINK) -lm

bench-core-cluster: bench/core_cluster
	./bench/core_cluster $(N) 0.7 $(THREADS)

.PHONY: bench-core-cluster

# the server objects depend on the headers too (PGXS does not track them)
$(OBJS): src/core/al_core.h src/ai_landscape.h src/similarity.h src/vocabulary.h

# Sentence segmentation throughput: make bench-segment
bench/segment: bench/segment.c $(CORE_SRCS) src/core/al_core.h
	$(CC) -O2 -g -Isrc/core -o $@ bench/segment.c $(CORE_SRCS) $(SHLIB_LINK)

bench-segment: bench/segment
	./bench/segment

.PHONY: bench-segment
