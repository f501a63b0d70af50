#!/bin/sh
# bench/merge.sh — gongwen merge vs docxtemplater on the same template and
# data, one core (taskset), documents per second and the ratio; then a table
# loop of 500…4000 rows to show the merge is linear.  docxtemplater and pizzip
# are installed from npm into bench/node_modules (git-ignored) for this only.
cd "$(dirname "$0")/.." || exit 1
N=${BENCH_N:-1000}
# tmpfs when there is one: the figures are the engines', not the disk's.
BASE=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && BASE=/dev/shm
D=$(mktemp -d $BASE/gw-bench-merge-XXXXXX)
trap 'rm -rf "$D"' EXIT
CORE="taskset -c 0"
command -v taskset >/dev/null 2>&1 || CORE=""

if [ ! -d bench/node_modules/docxtemplater ] || [ ! -d bench/node_modules/pizzip ]; then
	npm install --no-save --no-package-lock --silent --prefix bench docxtemplater@3 pizzip@3 >/dev/null 2>&1 ||
		echo "merge bench: npm install of docxtemplater failed; gongwen only"
fi
python3 bench/mkletter.py "$D" "$N" || exit 1

now() { date +%s.%N; }
# best TIMES CMD...: the shortest wall time of TIMES runs (the machine is shared).
best() {
	_n=$1; shift; _best=""
	for _i in $(seq "$_n"); do
		_t0=$(now); "$@" >/dev/null || echo "failed: $*" >&2; _t1=$(now)
		_t=$(echo "$_t1 - $_t0" | bc -l)
		if [ -z "$_best" ] || [ "$(echo "$_t < $_best" | bc -l)" = 1 ]; then _best=$_t; fi
	done
	echo "$_best"
}
echo "== merge: one-page letter with a table loop, $N records, one core, best of 3"
gw=$(best 3 $CORE ./gongwen merge "$D/letter.docx" "$D/letters.json" -o "$D/gw/{id}.docx")
gw_rate=$(echo "$N / $gw" | bc -l)
printf "gongwen:       %6.3f s  %8.1f documents/s (whole command: parse, merge, zip, write each file)\n" "$gw" "$gw_rate"
if [ -d bench/node_modules/docxtemplater ]; then
	dt=$(best 3 $CORE node bench/dt.js "$D/letter.docx" "$D/letters.json" "$D/dt")
	dt_rate=$(echo "$N / $dt" | bc -l)
	printf "docxtemplater: %6.3f s  %8.1f documents/s (whole command, node start-up included)\n" "$dt" "$dt_rate"
	printf "ratio:         %6.1f x\n" "$(echo "$gw_rate / $dt_rate" | bc -l)"
	# CPU seconds (user + sys) too: on a loaded machine wall time mostly measures the wait.
	if [ -x /usr/bin/time ]; then
		gc=$(/usr/bin/time -f "%U %S" $CORE ./gongwen merge "$D/letter.docx" "$D/letters.json" -o "$D/gw/{id}.docx" 2>&1 >/dev/null | tail -n 1 | awk '{print $1 + $2}')
		dc=$(/usr/bin/time -f "%U %S" $CORE node bench/dt.js "$D/letter.docx" "$D/letters.json" "$D/dt" 2>&1 >/dev/null | tail -n 1 | awk '{print $1 + $2}')
		printf "CPU time:      gongwen %.3f s, docxtemplater %.3f s, ratio %.1f x\n" "$gc" "$dc" "$(echo "$dc / $gc" | bc -l)"
	fi
	# Same data, same template: the two outputs must say the same thing.
	a=$(python3 tests/data/docxtext.py "$D/gw/APP-00007.docx" | md5sum)
	b=$(python3 tests/data/docxtext.py "$D/dt/APP-00007.docx" | md5sum)
	[ "$a" = "$b" ] && echo "outputs: same text" || echo "outputs: DIFFERENT text (check the template semantics)"
fi

echo "== merge: one table loop, rows vs time per document (10 documents each, one core, best of 3)"
for rows in 500 1000 2000 4000; do
	t=$(best 3 $CORE ./gongwen merge "$D/table.docx" "$D/rows-$rows.json" -o "$D/t/{id}.docx")
	per=$(echo "$t / 10 * 1000" | bc -l)
	line=$(printf "gongwen %4d rows: %7.2f ms/document (%.2f µs/row)" "$rows" "$per" "$(echo "$per * 1000 / $rows" | bc -l)")
	if [ -d bench/node_modules/docxtemplater ]; then
		s=$($CORE node bench/dt.js "$D/table.docx" "$D/rows-$rows.json" "$D/dtt")
		line="$line   docxtemplater: $(printf "%8.2f ms/document" "$(echo "$s * 100" | bc -l)")"
	fi
	echo "$line"
done
