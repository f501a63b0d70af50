# gongwen — plain make.  `make` builds ./gongwen; see README.md for the rest.
PKGS     := sqlite3 jansson libzip libxml-2.0 harfbuzz-subset harfbuzz libdeflate nettle
CC       ?= cc
WERROR   ?=
OPT      ?= -O2 -g
SAN      ?=
CFLAGS   := $(OPT) $(SAN) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers -Wno-format-truncation $(WERROR) -MMD -MP \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null) -Isrc
LDLIBS   += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lz -lm
B        := out/build

SRC      := $(sort $(wildcard src/*.c))
ASM      := $(sort $(wildcard src/*.S))
OBJ      := $(SRC:src/%.c=$(B)/%.o) $(ASM:src/%.S=$(B)/%.o)
LIBOBJ   := $(filter-out $(B)/main.o,$(OBJ))
TSRC     := $(sort $(wildcard tests/unit/*.c))
TOBJ     := $(TSRC:tests/unit/%.c=$(B)/t_%.o)

.PHONY: all deps demo test unit e2e bench fidelity asan fuzz clean
all: gongwen

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

demo: deps
	@$(MAKE) --no-print-directory gongwen
	@sh scripts/demo.sh

test: deps
	@$(MAKE) --no-print-directory gongwen $(B)/unit-tests
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
	  out/asan/gongwen-asan out/asan/unit-tests
	@GW_BIN=out/asan/gongwen-asan GW_UNIT=out/asan/unit-tests sh tests/run.sh

out/asan/gongwen-asan: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDFLAGS) $(LDLIBS)

clean:
	rm -rf out/build out/asan gongwen

-include $(OBJ:.o=.d) $(TOBJ:.o=.d)
