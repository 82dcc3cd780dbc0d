# hrpress: plain Makefile, C11. `make` builds, `make demo` renders the sample
# dealership, `make test` runs every test, `make check-asan` runs them under
# AddressSanitizer + UndefinedBehaviorSanitizer.

PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share/hrpress
MANDIR   ?= $(PREFIX)/share/man

CC       ?= cc
BUILD    ?= build
# libqpdf is compiled against but not linked: src/encrypt.c opens it by its
# SONAME on the first encryption (QPDF_SONAME, read from the installed
# libqpdf.so when encrypt.o is compiled, after the dependency check).
PKGS      = libxml-2.0 libpng sqlite3 harfbuzz harfbuzz-subset libunibreak libdeflate libcrypto xlsxwriter libzip
PKGS_CC   = $(PKGS) libqpdf
HPDF_LIBS ?= -lhpdf

WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wno-format-nonliteral
OPT      ?= -O2 -g
CFLAGS   ?= $(OPT)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) \
           -DHRP_DATADIR='"$(DATADIR)"' -DHRP_VERSION='"$(VERSION)"' \
           -Isrc -I$(BUILD) $(PKG_CFLAGS) $(CFLAGS) $(SAN)
VERSION  = 0.1.0

# The dependency check runs before anything else; it installs missing Debian
# packages when run as root, otherwise it prints the exact apt-get command.
DEPS_STAMP = $(BUILD)/.deps-ok

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS_CC) 2>/dev/null)
QPDF_SONAME = $(shell objdump -p "$$(pkg-config --variable=libdir libqpdf)/libqpdf.so" \
                2>/dev/null | awk '$$1 == "SONAME" { print $$2 }')
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBS       = $(PKG_LIBS) $(HPDF_LIBS) -lm

# Object lists, grouped by pipeline stage.
BASE_OBJS   = xmem buf utf8 diag cleanup outfile month
DATA_OBJS   = db people import import_check import_store import_csv import_staff import_opening import_org import_org_check import_org_store xlsx payroll payroll_basis payroll_statutory payroll_db money fmt scheme closing review
TMPL_OBJS   = tmpl tmpl_check expr bind doc
LAYOUT_OBJS = font page layout layout_text layout_table layout_draw layout_chart layout_orgchart layout_sigblock
PDF_OBJS    = image ccitt srgb_icc pdf pdf_font pdf_image archive sign export encrypt distribute ledger
CLI_OBJS    = render dump cli cmd_init cmd_payroll cmd_render cmd_import cmd_archive cmd_verify cmd_ledger cmd_close cmd_store cmd_set cmd_export jobs cmd_scheme
MODULES     = $(BASE_OBJS) $(DATA_OBJS) $(TMPL_OBJS) $(LAYOUT_OBJS) $(PDF_OBJS) $(CLI_OBJS)
# Only modules whose source exists are built, so a stage can land in its own commit.
SRCS       = $(wildcard $(patsubst %,src/%.c,$(MODULES)))
OBJS       = $(patsubst src/%.c,$(BUILD)/%.o,$(SRCS)) $(BUILD)/schema_sql.o $(BUILD)/migrate_sql.o $(BUILD)/template_rng.o $(BUILD)/schemes_sql.o $(BUILD)/samples_sql.o
LIB        = $(BUILD)/libhrpress.a
BIN        = $(BUILD)/hrpress

UNIT_SRCS  = $(wildcard tests/unit/test_*.c)
UNIT_BINS  = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

.PHONY: all deps demo test unit e2e check-asan install clean fmt-check regen-golden bench fuzz fuzz-run
.PHONY: check-valgrind lint fuzz-ci ci
all: $(BIN)

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps.sh
	@sh scripts/deps.sh
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/%.o: src/%.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/encrypt.o: src/encrypt.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@so='$(QPDF_SONAME)'; [ -n "$$so" ] || { echo "libqpdf.so not found \
	  (pkg-config libqpdf, objdump): install libqpdf-dev (sh scripts/deps.sh)"; exit 1; }
	$(CC) $(ALL_CFLAGS) -DHRP_QPDF_SONAME='"$(QPDF_SONAME)"' -MMD -MP -c $< -o $@

$(BUILD)/schema_sql.c: src/schema.sql scripts/embed.sh
	@mkdir -p $(BUILD)
	sh scripts/embed.sh hrp_schema_sql < src/schema.sql > $@

$(BUILD)/schema_sql.o: $(BUILD)/schema_sql.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# One C string per upgrade script: src/migrate/v2.sql → hrp_migrate_v2_sql.
MIGRATE_SQL = $(sort $(wildcard src/migrate/v*.sql))
$(BUILD)/migrate_sql.c: $(MIGRATE_SQL) scripts/embed.sh
	@mkdir -p $(BUILD)
	for f in $(MIGRATE_SQL); do \
	  sh scripts/embed.sh hrp_migrate_$$(basename $$f .sql)_sql < $$f; \
	done > $@

$(BUILD)/migrate_sql.o: $(BUILD)/migrate_sql.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/template_rng.c: templates/template.rng scripts/embed.sh
	@mkdir -p $(BUILD)
	sh scripts/embed.sh hrp_template_rng < templates/template.rng > $@

$(BUILD)/template_rng.o: $(BUILD)/template_rng.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The library of pay schemes, loaded by every init (hrp_schemes_sql); the
# sample string starts with it, so it alone fills an empty schema.
$(BUILD)/schemes_sql.c: src/schemes.sql scripts/embed.sh
	@mkdir -p $(BUILD)
	sh scripts/embed.sh hrp_schemes_sql < src/schemes.sql > $@

$(BUILD)/schemes_sql.o: $(BUILD)/schemes_sql.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

SAMPLE_SQL = src/schemes.sql samples/org.sql samples/schemes.sql samples/staff.sql samples/facts.sql
# The sample store's logo and seal (samples/images/make.sh draws them).
SAMPLE_PNG = samples/images/logo.png samples/images/seal.png
$(BUILD)/samples_images.sql: $(SAMPLE_PNG) scripts/images-sql.sh
	@mkdir -p $(BUILD)
	sh scripts/images-sql.sh S01 logo=samples/images/logo.png \
	  seal=samples/images/seal.png > $@

$(BUILD)/samples_sql.c: $(SAMPLE_SQL) $(BUILD)/samples_images.sql scripts/embed.sh
	@mkdir -p $(BUILD)
	cat $(SAMPLE_SQL) $(BUILD)/samples_images.sql | sh scripts/embed.sh hrp_samples_sql > $@

$(BUILD)/samples_sql.o: $(BUILD)/samples_sql.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIB): $(filter-out $(BUILD)/main.o,$(OBJS))
	rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $(BUILD)/main.o $(LIB) $(LIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes $(shell pkg-config --cflags cmocka) \
	  -o $@ $< $(LIB) $(LIBS) $(TEST_LIBS) $(shell pkg-config --libs cmocka) $(LDFLAGS)

# test_encrypt reads the encrypted file back with libqpdf itself.
$(BUILD)/tests/test_encrypt: TEST_LIBS = $(shell pkg-config --libs libqpdf)

# --- demo -----------------------------------------------------------------
DEMO_DB    = out/demo.db
DEMO_MONTH = 2025-03
demo: $(BIN)
	@sh scripts/demo.sh $(BIN) $(DEMO_DB) $(DEMO_MONTH)

# --- tests ----------------------------------------------------------------
# One target per test binary (unit-test_money, ...), so that `make -j2`
# runs two at a time. A binary's cmocka output goes to
# $(BUILD)/tests/NAME.log: one line for a binary that passes, the whole log
# for one that fails.
UNIT_RUNS = $(patsubst tests/unit/%.c,unit-%,$(UNIT_SRCS))
.PHONY: unit $(UNIT_RUNS)
unit: $(UNIT_RUNS)
	@echo "unit: $(words $(UNIT_RUNS)) passed, 0 failed"
$(UNIT_RUNS): unit-%: $(BUILD)/tests/%
	@if $< > $(BUILD)/tests/$*.log 2>&1; then \
	  echo "$*: $$(grep -c '^\[       OK \]' $(BUILD)/tests/$*.log) tests passed"; \
	else rc=$$?; cat $(BUILD)/tests/$*.log; \
	  echo "$*: FAILED (exit $$rc), log in $(BUILD)/tests/$*.log"; exit 1; fi

# One target per suite (e2e-run, e2e-errors, ..., e2e-interrupt), so that
# `make -j2 test` runs them in parallel. Each suite's output goes to
# $(BUILD)/tests/e2e-NAME.log and is printed whole when the suite ends, with
# its time; a failing suite prints its log, says so and fails the make.
# The longest suites come first (by their CPU time, docs/testing.md), so
# that two jobs end at about the same time.
# A new tests/e2e/NAME.sh goes into E2E_SUITES; `make e2e` fails while a
# script is left out.
E2E_SUITES  = errors interrupt archive xlsx images private run attack scale \
              policy shards outputs pdfa monthend identity golden scheme \
              onboard dump export import kpi targets ccitt
E2E_TARGETS = $(patsubst %,e2e-%,$(E2E_SUITES))
E2E_CMD_run       = sh tests/e2e/run.sh $(BIN) $(BUILD)/tests/rawharu
E2E_CMD_errors    = sh tests/errors/run.sh $(BIN)
E2E_CMD_interrupt = bash tests/e2e/interrupt.sh $(BIN)
E2E_CMD_ccitt     = sh tests/e2e/ccitt.sh $(BUILD)/tests/g4check
.PHONY: $(E2E_TARGETS)
e2e: $(E2E_TARGETS)
	@for f in tests/e2e/*.sh; do n=$$(basename $$f .sh); \
	  case " $(E2E_SUITES) lib " in *" $$n "*) ;; *) \
	    echo "e2e: tests/e2e/$$n.sh is not run: add $$n to E2E_SUITES in the Makefile"; \
	    exit 1 ;; esac; done
$(E2E_TARGETS): e2e-%: $(BIN) $(BUILD)/tests/rawharu $(BUILD)/tests/g4check
	@sh tests/run-logged.sh e2e-$* $(BUILD)/tests/e2e-$*.log \
	  $(or $(E2E_CMD_$*),sh tests/e2e/$*.sh $(BIN))

# Rewrite tests/golden/*.txt and tests/ref/*.png from the current build;
# review the diff (git diff --stat tests/golden tests/ref) before committing.
regen-golden: $(BIN)
	@sh tests/e2e/golden.sh $(BIN) --regen

# libharu's own full-font embedding: the ink checker must reject its output.
$(BUILD)/tests/rawharu: tests/tools/rawharu.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(HPDF_LIBS) -lm

# CCITT G4 test pictures for other decoders (tests/e2e/ccitt.sh).
$(BUILD)/tests/g4check: tests/tools/g4check.c $(LIB) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LIBS) $(LDFLAGS)

# `make test` runs as many suites at a time as the machine has cores unless
# a -j is given (`make -j1 test` runs one at a time): the recipe sees the
# -j of the command line in MAKEFLAGS, which the parse does not.
NPROC := $(shell nproc 2>/dev/null || echo 1)
.PHONY: test test-all
test:
	@case " $(MAKEFLAGS) " in \
	*" -j"*) $(MAKE) --no-print-directory test-all ;; \
	*) $(MAKE) --no-print-directory -j$(NPROC) test-all ;; esac
test-all: unit e2e

# `make test FULL=1` (CI runs it): the suites that try a subset by default
# run all of it (interrupt.sh: every kill of the matrix, docs/testing.md).
ifneq ($(FULL),)
export HRPRESS_TEST_FULL = 1
endif

# Throughput, size and memory on a synthetic dealer group (docs/scale.md).
bench: $(BIN)
	@sh bench/run.sh

check-asan:
	$(MAKE) -j2 BUILD=build-asan OPT='-O1 -g -fno-omit-frame-pointer' \
	  SAN='-fsanitize=address,undefined -fno-sanitize-recover=all' test

# Unit tests and the e2e/errors/import suites under valgrind (no definite
# leaks, no invalid accesses), in parts that `make -j2 check-valgrind`
# runs two at a time; each part's output is printed whole when it ends,
# like the e2e suites'.
VG_PARTS   = errors-1 errors-2 unit run import
VG_TARGETS = $(patsubst %,valgrind-%,$(VG_PARTS))
.PHONY: check-valgrind $(VG_TARGETS)
check-valgrind: $(VG_TARGETS)
$(VG_TARGETS): valgrind-%: $(BIN) $(BUILD)/tests/rawharu $(UNIT_BINS)
	@sh tests/run-logged.sh valgrind-$* $(BUILD)/tests/valgrind-$*.log \
	  sh tests/valgrind.sh $* $(BIN) $(BUILD)/tests/rawharu $(UNIT_BINS)

# cppcheck and clang-tidy (.clang-tidy); suppressions are documented inline.
lint: | $(DEPS_STAMP)
	@sh scripts/lint.sh

# Everything CI runs after the deps (.ci/run).
ci: all
	$(MAKE) -j2 test FULL=1
	$(MAKE) check-asan FULL=1
	$(MAKE) -j2 check-valgrind
	$(MAKE) -j2 fuzz-ci
	$(MAKE) lint
	$(MAKE) fmt-check
	sh scripts/check-docs.sh

fmt-check:
	clang-format --dry-run --Werror src/*.c src/*.h

# --- install --------------------------------------------------------------
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates \
	  $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/hrpress
	install -m 644 templates/*.xml templates/*.rng $(DESTDIR)$(DATADIR)/templates/
	install -m 644 docs/hrpress.1 $(DESTDIR)$(MANDIR)/man1/hrpress.1

clean:
	rm -rf build build-asan build-fuzz out

-include $(wildcard $(BUILD)/*.d)

# --- fuzzing (clang + libFuzzer; tests/fuzz/) -------------------------------
FUZZERS      = tmpl expr layout money csv verify xlsx payroll
FUZZ_SECONDS ?= 60
# 0: a new random seed each run. CI fixes it, so that a failure it reports
# is found again by the same command (the seed is printed with each run).
FUZZ_SEED    ?= 0
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang OPT='-O1 -g -fno-omit-frame-pointer' \
	  SAN='-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all' fuzz-run

# CI: every fuzzer briefly, from a fixed seed.
fuzz-ci:
	$(MAKE) fuzz FUZZ_SECONDS=30 FUZZ_SEED=1

# One target per fuzzer (fuzz-run-tmpl, ...): `make -j2 fuzz` runs two at
# a time. A failing fuzzer prints the end of its log.
FUZZ_RUNS = $(patsubst %,fuzz-run-%,$(FUZZERS))
.PHONY: fuzz-run $(FUZZ_RUNS)
fuzz-run: $(FUZZ_RUNS)
$(FUZZ_RUNS): fuzz-run-%: $(BUILD)/fuzz_%
	@mkdir -p $(BUILD)/corpus/$*
	@$(BUILD)/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -seed=$(FUZZ_SEED) \
	    -rss_limit_mb=2048 -print_final_stats=0 \
	    $(BUILD)/corpus/$* tests/fuzz/corpus/$* 2>$(BUILD)/fuzz_$*.log \
	    || { tail -40 $(BUILD)/fuzz_$*.log; \
	         echo "fuzz_$*: FAILED ($(FUZZ_SECONDS) s, seed $(FUZZ_SEED))"; exit 1; }
	@echo "fuzz_$*: $(FUZZ_SECONDS) s, seed $(FUZZ_SEED): $$(tail -1 $(BUILD)/fuzz_$*.log)"

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(LIB)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -fsanitize=fuzzer -o $@ $< $(LIB) $(LIBS)
