#!/bin/sh
# tests/valgrind.sh — the end-to-end suite with every gongwen process run
# under valgrind (memcheck): invalid reads/writes, uninitialised values and
# definite/indirect leaks are errors.  Each process logs to
# out/valgrind/logs/<pid>.log; the summary counts processes, errors and
# leaked bytes.  make valgrind runs it.  GW_VALGRIND_E2E="store merge" limits
# the case files (default: all).
cd "$(dirname "$0")/.." || exit 2
V=$PWD/out/valgrind
rm -rf "$V" && mkdir -p "$V/logs"
cat > "$V/gongwen" <<W
#!/bin/sh
exec valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \\
  --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --track-origins=no \\
  --log-file=$V/logs/%p.log $PWD/gongwen "\$@"
W
chmod +x "$V/gongwen"
files=""
for f in ${GW_VALGRIND_E2E:-$(cd tests/e2e && ls *.sh | sed 's/\.sh$//')}; do files="$files tests/e2e/$f.sh"; done
total_pass=0 total_fail=0
for f in $files; do
	T_DIR=$(mktemp -d /tmp/gw-vg-XXXXXX)
	res=$(GW_BIN="$V/gongwen" GW_NO_VLIMIT=1 GW_HOSTILE_TIMEOUT=300 T_DIR=$T_DIR sh -c '. tests/lib.sh; T_PASS=0; T_FAIL=0; . "$1"; echo "@@ $T_PASS $T_FAIL"' vg "$f" 2>&1)
	rm -rf "$T_DIR"
	printf '%s\n' "$res" | grep -v '^@@ ' | grep -v '^  pending'
	c=$(printf '%s\n' "$res" | grep '^@@ ' | tail -n 1)
	echo "== $f: $(echo "$c" | cut -d' ' -f2) passed, $(echo "$c" | cut -d' ' -f3) failed"
	total_pass=$((total_pass + $(echo "$c" | cut -d' ' -f2))); total_fail=$((total_fail + $(echo "$c" | cut -d' ' -f3)))
done
n=$(ls "$V/logs" | wc -l)
bad=$(grep -l . "$V"/logs/*.log 2>/dev/null | wc -l)
leaked=$(cat "$V"/logs/*.log 2>/dev/null | sed -n 's/.* \([0-9,]*\) bytes in .* blocks are \(definitely\|indirectly\) lost.*/\1/p' | tr -d , | awk '{s+=$1} END {print s+0}')
echo "valgrind: $n gongwen processes, $bad with errors or leaks, $leaked bytes definitely/indirectly lost"
echo "$total_pass passed, $total_fail failed (under valgrind)"
[ "$bad" = 0 ]
