# End-to-end: several processes on one store at once (WAL, busy timeout,
# BEGIN IMMEDIATE).  4 importers replace one application over and over (each
# version changes its device count and tags every name with the version) and
# add new ones; 2 readers export it continuously; 2 reviewers take 8 other
# applications through every review to approval (asset and letter numbers
# come from shared sequences); a renderer renders the replaced application.
# Nothing may fail, no write may be lost, no reader may see a mix of two
# versions, and no two approvals may share a number.
DB=$T_DIR/c.db
EX=$EXAMPLES/application-complete.json
W=$T_DIR/cc
mkdir -p "$W/exports" "$W/out"
"$GW" --db "$DB" init >/dev/null
# Signed letters with the bureau's code: decide and render then print nothing on stderr.
"$GW" --db "$DB" bureau set head_name ○○○ code 123456789A >/dev/null || fail "concurrency: setup head_name, code"
python3 - "$EX" "$W" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); w = sys.argv[2]
def version(v):
    b = json.loads(json.dumps(a)); b["id"] = "C-0"
    b["move"]["system_name"] = f"系統 v{v}"
    b["devices"] = b["devices"][: v % 3 + 1]
    for d in b["devices"]:
        d["name"] = f'{d["name"]} v{v}'
    return b
json.dump(version(0), open(f"{w}/c-base.json", "w"), ensure_ascii=False)
for p in range(4):
    for i in range(10):
        json.dump(version(100 * (p + 1) + i), open(f"{w}/c-{p}-{i}.json", "w"), ensure_ascii=False)
        b = json.loads(json.dumps(a)); b["id"] = f"W{p}-{i}"
        json.dump(b, open(f"{w}/w-{p}-{i}.json", "w"), ensure_ascii=False)
apps = []
for k in range(8):
    b = json.loads(json.dumps(a)); b["id"] = f"A-{k}"; apps.append(b)
json.dump(apps, open(f"{w}/apps.json", "w"), ensure_ascii=False)
PY
"$GW" --db "$DB" import "$W/c-base.json" "$W/apps.json" >/dev/null || fail "concurrency: setup import"
writers=""

for p in 0 1 2 3; do
	(
		for i in 0 1 2 3 4 5 6 7 8 9; do
			"$GW" --db "$DB" import --replace "$W/c-$p-$i.json" >/dev/null || echo "importer $p: replace $i failed"
			"$GW" --db "$DB" import "$W/w-$p-$i.json" >/dev/null || echo "importer $p: new $i failed"
		done
	) >"$W/imp$p.log" 2>&1 &
	writers="$writers $!"
done
for p in 0 1; do
	(
		for k in $(seq $p 2 7); do
			for role in admin security network antivirus mdr vans chief; do
				"$GW" --db "$DB" review "A-$k" --role $role --result ok --note "by $p" >/dev/null ||
					echo "reviewer $p: A-$k $role failed"
			done
			"$GW" --db "$DB" decide "A-$k" approve >/dev/null || echo "reviewer $p: decide A-$k failed"
		done
	) >"$W/rev$p.log" 2>&1 &
	writers="$writers $!"
done
(
	for i in 1 2 3 4 5; do
		"$GW" --db "$DB" render C-0 --out "$W/out" >/dev/null || echo "render $i failed"
	done
) >"$W/render.log" 2>&1 &
writers="$writers $!"
# Readers run until the writers are done (the marker file).
for r in 0 1; do
	(
		n=0
		while [ ! -f "$W/done" ]; do
			"$GW" --db "$DB" export C-0 >"$W/exports/$r-$n.json" 2>>"$W/read$r.log" ||
				echo "reader $r: export $n failed" >>"$W/read$r.log"
			n=$((n + 1))
		done
	) &
done
# Wait for the writers, then stop the readers.
wait $writers
touch "$W/done"
wait

expect_eq "no importer, reviewer or renderer failed" "$(cat "$W"/imp*.log "$W"/rev*.log "$W"/render.log)" ""
expect_eq "no reader failed" "$(cat "$W"/read*.log)" ""
expect_eq "no write lost: 1 + 8 + 40 applications" "$(sqlite3 "$DB" 'SELECT count(*) FROM applications')" 49
expect_eq "every replace recorded once" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM history WHERE app_id='C-0' AND action='replace'")" 40
check=$(python3 - "$W/exports" <<'PY'
import json, os, re, sys
d = sys.argv[1]; bad = []; n = 0
for f in sorted(os.listdir(d)):
    text = open(os.path.join(d, f), encoding="utf-8").read()
    if not text.strip():
        continue  # a reader killed between open and write at the very end
    n += 1
    try:
        a = json.loads(text)
    except Exception as e:
        bad.append(f"{f}: not JSON ({e})"); continue
    v = int(re.search(r"v(\d+)$", a["move"]["system_name"]).group(1))
    names = [dev["name"] for dev in a["devices"]]
    if len(names) != v % 3 + 1 or any(not x.endswith(f" v{v}") for x in names):
        bad.append(f"{f}: version {v} with devices {names}")
print(f"{n} exports" if not bad else "; ".join(bad[:5]))
PY
)
case "$check" in
*" exports") pass "every export is one whole version ($check)" ;;
*) fail "every export is one whole version" "$check" ;;
esac
n_exports=${check% exports}
[ "${n_exports:-0}" -ge 10 ] 2>/dev/null && pass "readers ran throughout ($n_exports exports)" ||
	fail "readers ran throughout" "only '$check'"
expect_eq "8 approvals" "$(sqlite3 "$DB" "SELECT count(*) FROM applications WHERE status='approved'")" 8
expect_eq "8 distinct asset numbers" \
	"$(sqlite3 "$DB" "SELECT count(DISTINCT bureau_asset_no) FROM applications WHERE bureau_asset_no LIKE '%-DC-%'")" 8
expect_eq "8 distinct letter numbers" \
	"$(sqlite3 "$DB" "SELECT count(DISTINCT detail) FROM history WHERE action='letter'")" 8
expect_eq "the rendered folder is complete and no temp folder is left" \
	"$(ls -A "$W/out" | tr '\n' ' ')" "C-0 "
python3 - "$W/out/C-0/manifest.json" <<'PY' && pass "every rendered file is whole (manifest sha256)" || fail "every rendered file is whole (manifest sha256)"
import hashlib, json, os, sys
m = json.load(open(sys.argv[1])); base = os.path.dirname(sys.argv[1])
ok = bool(m["files"])
for f in m["files"]:
    data = open(os.path.join(base, f["name"]), "rb").read()
    ok &= hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["bytes"]
sys.exit(0 if ok else 1)
PY
