# End-to-end: replay every saved fuzz corpus (tests/fuzz/corpus/<harness>/,
# seeds and past findings) through its harness without libFuzzer.  A crash,
# a sanitizer report, an abort() of a harness invariant or a hang fails.
FZ=$(dirname "${GW_UNIT:-out/build/unit-tests}")
for c in tests/fuzz/corpus/*/; do
	h=$(basename "$c")
	bin=$FZ/fuzz-replay-$h
	if [ ! -x "$bin" ]; then
		fail "fuzz replay $h" "$bin not built"
		continue
	fi
	n=$(ls "$c" | wc -l)
	timeout -s KILL 300 "$bin" "$c" >"$T_DIR/fz.out" 2>"$T_DIR/fz.err"
	rc=$?
	if [ "$rc" = 0 ] && grep -q "replayed $n inputs" "$T_DIR/fz.out" && ! grep -q "runtime error:" "$T_DIR/fz.err"; then
		pass "fuzz replay $h ($n inputs)"
	else
		fail "fuzz replay $h" "exit $rc: $(head -c 400 "$T_DIR/fz.err")"
	fi
done
