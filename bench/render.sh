#!/bin/sh
# bench/render.sh — `gongwen render`: one full packet (every document of a
# returned application: request, form, network, vpn, return — DOCX, PDF and
# packet.pdf when the PDF writer is built) and a batch of N applications
# with -j 1 and -j 2 (target: near twice the rate), with the peak memory of
# the busiest process at N/10 and at N applications (flat = no leak per
# application).  Run by `make bench`; N=${GW_BENCH_N:-1000}.
cd "$(dirname "$0")/.." || exit 2
GW=${GW_BIN:-$PWD/gongwen}
SHARED=${GW_SHARED:-$PWD/../shared}
N=${GW_BENCH_N:-1000}
W=$(mktemp -d /tmp/gw-bench-render-XXXXXX)
trap 'rm -rf "$W"' EXIT
DB="$W/b.db"

echo "== bench/render: $N applications (copies of the complete example, status returned)"
# N applications, each returned with its own letter: every document applies.
python3 - "$SHARED/examples/application-complete.json" "$W/apps.json" "$N" <<'EOF'
import json, sys
app = json.load(open(sys.argv[1]))
n = int(sys.argv[3])
apps = []
for i in range(n):
    a = json.loads(json.dumps(app))
    a["id"] = "B-%05d" % i
    a["move"]["system_name"] = "效能測試系統%d" % i
    apps.append(a)
json.dump(apps, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
"$GW" --db "$DB" init >/dev/null || exit 1
"$GW" --db "$DB" import "$W/apps.json" >/dev/null || exit 1
sqlite3 "$DB" "BEGIN; UPDATE applications SET status = 'returned';
  INSERT INTO letters (app_id, kind, date, doc_no, year, serial)
    SELECT id, 'return', '2026-11-25', '中市數網字第115' || printf('%07d', rowid) || '號', 115, rowid
    FROM applications; COMMIT;" || exit 1

# Seconds (wall) and the peak RSS (KB) of the busiest process of a command.
measure() {
	python3 - "$@" <<'EOF'
import os, sys, time
# posix_spawn + wait4: the rusage of exactly this process tree's root (and
# the workers it waited for), not of a forked copy of python.
t = time.perf_counter()
null = os.open(os.devnull, os.O_WRONLY)
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_DUP2, null, 1)])
_, status, ru = os.wait4(pid, 0)
dt = time.perf_counter() - t
rc = os.waitstatus_to_exitcode(status)
print("%.3f %d %d %.4f" % (dt, ru.ru_maxrss, rc, ru.ru_utime + ru.ru_stime))
EOF
}

# One packet: the same application 20 times (process start, store, fonts,
# templates, every document), best and median.
times=""
cpus=""
for i in $(seq 1 20); do
	set -- $(measure "$GW" --db "$DB" render B-00000 --out "$W/one")
	times="$times $1"
	cpus="$cpus $4"
done
files=$(ls "$W/one/B-00000" | tr '\n' ' ')
echo "$times / $cpus" | python3 -c "
import sys
a, b = sys.stdin.read().split('/')
t = sorted(float(x) * 1000 for x in a.split())
c = sorted(float(x) * 1000 for x in b.split())
print('one packet, one process each (%s):' % '$files'.strip())
print('  wall median %.1f ms (best %.1f); CPU median %.1f ms (best %.1f); target < 20 ms' % (
    t[len(t) // 2], t[0], c[len(c) // 2], c[0]))"

set -- $(measure "$GW" --db "$DB" render --all -j 1 --out "$W/j1")
t1=$1 rss1=$2 rc1=$3 c1=$4
set -- $(measure "$GW" --db "$DB" render --all -j 2 --out "$W/j2")
t2=$1 rss2=$2 rc2=$3 c2=$4
n1=$(ls "$W/j1" | wc -l)
n2=$(ls "$W/j2" | wc -l)
python3 - "$N" "$t1" "$t2" "$n1" "$n2" "$rc1" "$rc2" "$c1" <<'EOF'
import sys
n, t1, t2, n1, n2, rc1, rc2, c1 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), *map(int, sys.argv[4:8]), float(sys.argv[8])
print("batch -j 1: CPU %.1f ms per application (user + system)" % (c1 * 1000 / n))
print("batch -j 1: %d applications in %.2f s = %.1f ms each, %.0f per second (%d folders, exit %d)" % (
    n, t1, t1 * 1000 / n, n / t1, n1, rc1))
print("batch -j 2: %d applications in %.2f s = %.1f ms each, %.0f per second (%d folders, exit %d)" % (
    n, t2, t2 * 1000 / n, n / t2, n2, rc2))
print("speed-up -j 2 / -j 1: %.2fx (2 cores; target near 2x)" % (t1 / t2))
EOF

# Memory: a tenth of the batch against the whole, one worker.
sqlite3 "$DB" "CREATE TABLE keep AS SELECT id FROM applications ORDER BY id LIMIT $((N / 10))" || exit 1
cp "$DB" "$W/small.db"
sqlite3 "$W/small.db" "PRAGMA foreign_keys = ON; DELETE FROM applications WHERE id NOT IN (SELECT id FROM keep)" 2>/dev/null
set -- $(measure "$GW" --db "$W/small.db" render --all -j 1 --out "$W/m1")
small=$2
echo "peak memory, one worker: $((N / 10)) applications $small KB, $N applications $rss1 KB" \
	"(-j 2: $rss2 KB per process)"
