/*
 * fuzz.h — what every harness in tests/fuzz/ defines: libFuzzer's entry
 * point.  Built two ways: with clang -fsanitize=fuzzer (make fuzz) and with
 * replay.c's main() (make test replays tests/fuzz/corpus/<harness>/).
 * A harness must not leak, must not exit, and must accept any bytes.
 */
#ifndef GW_FUZZ_H
#define GW_FUZZ_H
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
