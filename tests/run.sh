#!/bin/sh
# tests/run.sh — the whole suite: unit tests, then every tests/e2e/*.sh case
# file.  Ends with one line "N passed, N failed"; exits non-zero on failure.
# GW_BIN and GW_UNIT select other builds (make asan).
cd "$(dirname "$0")/.." || exit 2
UNIT=${GW_UNIT:-out/build/unit-tests}
total_pass=0 total_fail=0

echo "== unit tests"
"$UNIT" >out/unit.log 2>&1; rc=$?
tail -n 50 out/unit.log | grep -v '^unit:' | head -40
line=$(grep '^unit:' out/unit.log | tail -n 1)
echo "$line"
up=$(echo "$line" | sed -n 's/.* \([0-9]*\) passed.*/\1/p'); uf=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
[ -z "$up" ] && { up=0; uf=1; echo "unit tests did not finish (exit $rc)"; }
total_pass=$((total_pass + up)); total_fail=$((total_fail + uf))

for f in tests/e2e/*.sh; do
	[ -f "$f" ] || continue
	T_DIR=$(mktemp -d /tmp/gw-e2e-XXXXXX)
	res=$(T_DIR=$T_DIR sh -c '. tests/lib.sh; T_PASS=0; T_FAIL=0; . "$1"; echo "@@ $T_PASS $T_FAIL"' e2e "$f" 2>&1)
	rm -rf "$T_DIR"
	printf '%s\n' "$res" | grep -v '^@@ '
	counts=$(printf '%s\n' "$res" | grep '^@@ ' | tail -n 1)
	if [ -z "$counts" ]; then
		echo "== $f: did not finish"; total_fail=$((total_fail + 1)); continue
	fi
	p=$(echo "$counts" | cut -d' ' -f2); q=$(echo "$counts" | cut -d' ' -f3)
	echo "== $f: $p passed, $q failed"
	total_pass=$((total_pass + p)); total_fail=$((total_fail + q))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
