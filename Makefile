# gongwen — plain make.  `make` builds ./gongwen; see README.md for the rest.
PKGS     := sqlite3 jansson libzip libxml-2.0 harfbuzz-subset harfbuzz libdeflate nettle icu-uc icu-i18n libmicrohttpd libargon2 libqpdf
CC       ?= cc
WERROR   ?=
OPT      ?= -O2 -g
SAN      ?=
CFLAGS   := $(OPT) $(SAN) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wno-format-truncation $(WERROR) -MMD -MP \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -Isrc
LDFLAGS  += -Wl,--as-needed
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lz -lm
B        := out/build

SRC      := $(sort $(wildcard src/*.c))
ASM      := $(sort $(wildcard src/*.S))
# The web pages (web/*) are compiled in: scripts/web_assets.sh writes
# $(B)/web_files.S (.incbin of each file) and $(B)/web_assets.c (the table).
WEB      := $(shell find web -type f ! -name '.*' 2>/dev/null | LC_ALL=C sort)
WEBDIRS  := $(shell find web -type d 2>/dev/null)
OBJ      := $(SRC:src/%.c=$(B)/%.o) $(ASM:src/%.S=$(B)/%.o) $(B)/web_assets.o $(B)/web_files.o
LIBOBJ   := $(filter-out $(B)/main.o,$(OBJ))
TSRC     := $(sort $(wildcard tests/unit/*.c))
TOBJ     := $(TSRC:tests/unit/%.c=$(B)/t_%.o)

.PHONY: all deps demo serve test unit e2e bench fidelity asan fuzz valgrind clean
# `make` on a fresh machine installs the Debian packages first (as `make
# demo` does); scripts/deps.sh does nothing when they are all present.
all: deps
	@$(MAKE) --no-print-directory gongwen

deps:
	@sh scripts/deps.sh

gongwen: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDFLAGS) $(LDLIBS)

$(B)/%.o: src/%.c | $(B)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/%.o: src/%.S | $(B)
	$(CC) -c -o $@ $<

$(B)/t_%.o: tests/unit/%.c | $(B)
	$(CC) $(CFLAGS) -Itests/unit -c -o $@ $<

$(B)/unit-tests: $(LIBOBJ) $(TOBJ)
	$(CC) $(CFLAGS) -o $@ $(LIBOBJ) $(TOBJ) $(LDFLAGS) $(LDLIBS)

$(B):
	@mkdir -p $(B)

# The embedded schema changes with data/schema.sql.
$(B)/embed.o: data/schema.sql

# A file added to, changed in or removed from web/ regenerates the table
# (one run makes both files: a grouped target, safe under make -j).
$(B)/web_assets.c $(B)/web_files.S &: scripts/web_assets.sh $(WEB) $(WEBDIRS) | $(B)
	sh scripts/web_assets.sh $(B)
$(B)/web_assets.o: $(B)/web_assets.c
	$(CC) $(CFLAGS) -c -o $@ $<
$(B)/web_files.o: $(B)/web_files.S
	$(CC) -c -o $@ $<

demo: deps
	@$(MAKE) --no-print-directory gongwen
	@sh scripts/demo.sh

serve: deps
	@$(MAKE) --no-print-directory gongwen
	@sh scripts/serve.sh

# The tests, the benchmarks and the fidelity check also compare with
# LibreOffice (the peer), so they install it; the demo does not need it.
test bench fidelity asan: GW_EXTRA_PKGS += libreoffice-writer-nogui libxml2-utils nodejs chromium chromium-driver python3-selenium npm fonts-noto-cjk
export GW_EXTRA_PKGS

test: deps
	@$(MAKE) --no-print-directory gongwen $(B)/unit-tests $(HARDEN_BINS)
	@sh tests/run.sh

bench: deps
	@$(MAKE) --no-print-directory gongwen
	@sh scripts/bench.sh

fidelity: deps
	@$(MAKE) --no-print-directory gongwen
	@sh scripts/fidelity.sh

asan: deps
	@$(MAKE) --no-print-directory B=out/asan OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  out/asan/gongwen-asan out/asan/unit-tests $(HARDEN_BINS:$(B)/%=out/asan/%)
	@GW_SUITE=asan GW_BIN=out/asan/gongwen-asan GW_UNIT=out/asan/unit-tests sh tests/run.sh

out/asan/gongwen-asan: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDFLAGS) $(LDLIBS)

clean:
	rm -rf out/build out/asan out/fuzz gongwen

# ==== Hardening (tests/hostile, tests/fuzz; see docs/SECURITY.md) ====
# gw-probe drives library code no command reaches yet; fuzz-replay-<h> feeds
# tests/fuzz/corpus/<h>/ to harness tests/fuzz/fuzz_<h>.c without libFuzzer.
FUZZ_H      := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
HARDEN_BINS := $(B)/gw-probe $(FUZZ_H:%=$(B)/fuzz-replay-%) $(B)/failmalloc.so

$(B)/h_%.o: tests/hostile/%.c | $(B)
	$(CC) $(CFLAGS) -c -o $@ $<
$(B)/fz_%.o: tests/fuzz/%.c | $(B)
	$(CC) $(CFLAGS) -c -o $@ $<
$(B)/gw-probe: $(B)/h_probe.o $(LIBOBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)
$(B)/failmalloc.so: tests/fault/failmalloc.c | $(B)
	$(CC) -O2 -g -Wall -shared -fPIC -o $@ $<
$(B)/fuzz-replay-%: $(B)/fz_fuzz_%.o $(B)/fz_replay.o $(LIBOBJ)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

# libFuzzer builds with clang under out/fuzz; run one with
#   out/fuzz/fuzz-pkg -max_total_time=600 out/fuzz/corpus-pkg tests/fuzz/corpus/pkg
fuzz:
	@GW_EXTRA_PKGS="clang libclang-rt-14-dev" sh scripts/deps.sh
	@$(MAKE) --no-print-directory CC=clang B=out/fuzz OPT="-O1 -g" \
	  SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -Wno-unknown-warning-option" \
	  $(FUZZ_H:%=out/fuzz/fuzz-%)
out/fuzz/fuzz-%: $(B)/fz_fuzz_%.o $(LIBOBJ)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDFLAGS) $(LDLIBS)

# The end-to-end suite with every gongwen run under valgrind (leaks are errors).
valgrind: deps
	@GW_EXTRA_PKGS=valgrind sh scripts/deps.sh
	@$(MAKE) --no-print-directory gongwen $(B)/unit-tests $(HARDEN_BINS)
	@sh tests/valgrind.sh

-include $(OBJ:.o=.d) $(TOBJ:.o=.d) $(wildcard $(B)/h_*.d $(B)/fz_*.d)
