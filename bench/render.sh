#!/bin/sh
# bench/render.sh — `gongwen render`: one full packet (every document of a
# returned application: request, form, network, vpn, return — DOCX, PDF and
# packet.pdf when the PDF writer is built) and a batch of N applications
# with -j 1 and -j 2 (target: near twice the rate), with the peak memory of
# the busiest process at N/10 and at N applications (flat = no leak per
# application).  Run by `make bench`; N=${GW_BENCH_N:-1000}.
cd "$(dirname "$0")/.." || exit 2
GW=${GW_BIN:-$PWD/gongwen}
EXAMPLES=$PWD/data/examples
N=${GW_BENCH_N:-1000}
W=$(mktemp -d /tmp/gw-bench-render-XXXXXX)
trap 'rm -rf "$W"' EXIT
DB="$W/b.db"

echo "== bench/render: $N applications (the complete example with agency, people, system, vendor and devices varied per application)"
# N applications, each returned with its own letter: every document applies.
# Names and texts are drawn (seeded) from pools, so every packet has
# characters of its own, as a real batch has: a bench of identical copies
# would flatter the font subset cache.
python3 - "$EXAMPLES/application-complete.json" "$W/apps.json" "$N" <<'EOF2'
import json, random, sys
app = json.load(open(sys.argv[1]))
n = int(sys.argv[3])
rnd = random.Random(115)
agencies = ["民政局", "財政局", "教育局", "經濟發展局", "建設局", "交通局", "都市發展局",
    "農業局", "觀光旅遊局", "社會局", "勞工局", "警察局", "消防局", "衛生局", "環境保護局",
    "文化局", "地政局", "法制局", "新聞局", "水利局", "運動局", "主計處", "人事處", "政風處",
    "研究發展考核委員會", "原住民族事務委員會", "客家事務委員會", "秘書處", "民政局戶政事務所",
    "住宅發展工程處"]
surnames = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾游彭詹胡施沈余盧梁趙顏柯翁魏孫戴"
given = ("志明俊傑建宏家豪冠宇承翰宗翰彥廷柏翰怡君雅婷淑芬美玲惠雯佳穎詩涵宜蓁欣怡婉婷"
         "文雄國榮振華明德淑惠秀英麗華玉蘭素貞美惠嘉玲佩珊靜宜鈺婷育誠信宏哲維恩齊")
topics = ["公文線上簽核", "停車費查詢", "路燈報修", "社福補助申辦", "違規停車檢舉", "水情監測",
    "公共自行車", "幼兒園招生", "長照服務媒合", "垃圾清運路線", "防災避難資訊", "戶政預約",
    "地籍圖資查詢", "藝文活動報名", "運動場館預約", "食品安全稽查", "勞資爭議調解", "消防安檢",
    "都市計畫書圖", "觀光景點導覽", "農產品產銷履歷", "原民文化推廣", "客語認證報名", "人事差勤",
    "會計憑證管理", "政風案件追蹤", "施工許可申辦", "違章建築查報", "交通號誌控制", "空氣品質監測"]
kinds = ["管理資訊系統", "服務平臺", "查詢網站", "行動應用程式後端", "資料庫系統", "線上申辦系統"]
vendors = ["大肚山資訊股份有限公司", "中港科技有限公司", "旱溪數位股份有限公司", "筏子溪系統整合有限公司",
    "梧棲網通股份有限公司", "霧峰雲端科技有限公司", "清水資安顧問股份有限公司", "東勢軟體工程有限公司"]
roles = ["網站伺服器", "資料庫伺服器", "應用程式伺服器", "檔案伺服器", "備份伺服器", "虛擬化主機"]
def person():
    return rnd.choice(surnames) + "".join(rnd.sample(given, 2))
apps = []
for i in range(n):
    a = json.loads(json.dumps(app))
    a["id"] = "B-%05d" % i
    ag = rnd.choice(agencies)
    a["agency"]["name"] = "臺中市政府" + ag
    a["agency"]["short_name"] = ag[:2] + ("局" if ag.endswith("局") else "")
    a["agency"]["head_name"] = person()
    a["applicant"]["name"] = person()
    topic = rnd.choice(topics)
    a["move"]["system_name"] = topic + rnd.choice(kinds)
    a["move"]["reason"] = "%s設備汰換，主機移入市府資訊機房集中管理（案號%d）" % (topic, 1000 + i)
    a["move"]["vendor"]["name"] = rnd.choice(vendors)
    a["move"]["vendor"]["engineer"] = person()
    for d in a["devices"]:
        d["name"] = topic[:2] + rnd.choice(roles)
        d["purpose"] = "提供%s服務" % topic
        d["serial"] = "SN%07d%s" % (rnd.randrange(10**7), rnd.choice("ABCDEFGH"))
        d["maintainer"] = "%s %s 09%02d-%03d-%03d" % (a["move"]["vendor"]["name"], person(),
            rnd.randrange(100), rnd.randrange(1000), rnd.randrange(1000))
    apps.append(a)
json.dump(apps, open(sys.argv[2], "w"), ensure_ascii=False)
EOF2
"$GW" --db "$DB" init >/dev/null || exit 1
"$GW" --db "$DB" bureau set head_name ○○○ code 0000000000 >/dev/null || exit 1	# placeholders (the letters are signed and their DI files carry a code)
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
print('  wall median %.1f ms (best %.1f); CPU median %.1f ms (best %.1f)' % (
    t[len(t) // 2], t[0], c[len(c) // 2], c[0]))
print('  (a process of its own pays start-up, font mapping and first subsets of every face)')"

set -- $(measure "$GW" --db "$DB" render --all -j 1 --out "$W/j1")
t1=$1 rss1=$2 rc1=$3 c1=$4
set -- $(measure "$GW" --db "$DB" render --all -j 2 --out "$W/j2")
t2=$1 rss2=$2 rc2=$3 c2=$4
n1=$(ls "$W/j1" | wc -l)
n2=$(ls "$W/j2" | wc -l)
python3 - "$N" "$t1" "$t2" "$n1" "$n2" "$rc1" "$rc2" "$c1" <<'EOF'
import sys
n, t1, t2, n1, n2, rc1, rc2, c1 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), *map(int, sys.argv[4:8]), float(sys.argv[8])
print("batch -j 1: CPU %.1f ms per application (user + system); target < 20 ms per packet on one core: %s" % (
    c1 * 1000 / n, "met (CPU and wall)" if max(c1, t1) * 1000 / n < 20 else "MISSED"))
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
