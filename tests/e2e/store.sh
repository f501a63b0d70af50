# End-to-end: init, import, export, list, and the all-or-nothing import.
DB=$T_DIR/s.db
EX=$EXAMPLES

expect_exit "init creates a database" 0 "$GW" --db "$DB" init
expect_exit "init again is harmless" 0 "$GW" --db "$DB" init
expect_eq "schema version recorded" "$(sqlite3 "$DB" 'PRAGMA user_version')" 6
expect_eq "WAL mode" "$(sqlite3 "$DB" 'PRAGMA journal_mode')" wal
expect_eq "reviewers loaded" "$(sqlite3 "$DB" 'SELECT count(*) FROM reviewers')" 7
expect_exit "import both examples" 0 "$GW" --db "$DB" import "$EX/application-complete.json" "$EX/application-incomplete.json"

for f in application-complete application-incomplete; do
	id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$EX/$f.json")
	"$GW" --db "$DB" export "$id" > "$T_DIR/$f.out"
	if python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$EX/$f.json" "$T_DIR/$f.out"; then
		pass "round trip $f"
	else
		fail "round trip $f" "export differs from the imported file"
	fi
done

expect_exit "list" 0 "$GW" --db "$DB" list
expect_contains "list shows the agency" "$OUT" "臺中市政府環境保護局"
expect_contains "list shows the status" "$OUT" "received"

expect_exit "importing an existing id again fails" 1 "$GW" --db "$DB" import "$EX/application-complete.json"
expect_contains "and says to use --replace" "$ERR" "--replace"
expect_exit "--replace overwrites" 0 "$GW" --db "$DB" import --replace "$EX/application-complete.json"
expect_eq "still one copy" "$(sqlite3 "$DB" "SELECT count(*) FROM devices WHERE app_id='115-EPA-0007'")" 3
expect_eq "history records import and replace" "$(sqlite3 "$DB" "SELECT group_concat(action) FROM history WHERE app_id='115-EPA-0007'")" "import,replace"
expect_fail "history cannot be deleted" sqlite3 "$DB" "DELETE FROM history"

# Malformed input leaves the database byte-identical.
cp "$DB" "$T_DIR/before.db"
sum() { sqlite3 "$1" .dump | sha256sum; }
before=$(sum "$DB")
printf '{"id": "X-1",\n  "devices": [ {"type": "Server(AP)",, } ]}' > "$T_DIR/bad.json"
expect_exit "malformed JSON fails" 1 "$GW" --db "$DB" import "$T_DIR/bad.json"
expect_contains "with line and column" "$ERR" "bad.json: line 2, column"
python3 - "$EX/application-complete.json" "$T_DIR/badtype.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); a["id"] = "NEW-1"; a["devices"][1]["type"] = "Sever(AP)"
json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_exit "unknown device type fails" 1 "$GW" --db "$DB" import "$T_DIR/badtype.json"
expect_contains "named by JSON path" "$ERR" 'devices[1].type: unknown device type "Sever(AP)"'
python3 - "$EX/application-complete.json" "$T_DIR/twofiles.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.loads(json.dumps(a))
a["id"] = "OK-1"; b["id"] = "BAD-2"; b["move"]["planned_date"] = "2026-02-30"
json.dump([a, b], open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_exit "an array with one bad element fails" 1 "$GW" --db "$DB" import "$T_DIR/twofiles.json"
expect_contains "naming the element" "$ERR" '[1].move.planned_date: "2026-02-30" is not a date'
expect_eq "nothing changed" "$(sum "$DB")" "$before"
expect_exit "unknown id on export" 1 "$GW" --db "$DB" export NOPE
expect_contains "says not found" "$ERR" 'no application with id "NOPE"'
expect_exit "unknown command" 2 "$GW" frobnicate
expect_exit "help" 0 "$GW" import --help
# The command list gives each command a whole first sentence.
HELP=$("$GW" --help)
expect_contains "help lists render" "$HELP" "render   Write the DOCX and PDF"
expect_contains "render summary is whole" "$HELP" "with packet.pdf (one print job) and manifest.json."
expect_contains "merge summary" "$HELP" "merge    Mail merge:"
expect_contains "pdf summary" "$HELP" "pdf      Render a DOCX to PDF"

# Four processes importing different applications at once lose nothing.
PDB=$T_DIR/p.db
"$GW" --db "$PDB" init >/dev/null
python3 - "$EX/application-complete.json" "$T_DIR" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
for p in range(4):
    apps = []
    for i in range(25):
        b = json.loads(json.dumps(a)); b["id"] = f"P{p}-{i:03d}"; apps.append(b)
    for i, b in enumerate(apps):
        json.dump(b, open(f"{sys.argv[2]}/p{p}-{i}.json", "w"), ensure_ascii=False)
PY
for p in 0 1 2 3; do
	( for i in $(seq 0 24); do "$GW" --db "$PDB" import "$T_DIR/p$p-$i.json" >/dev/null || echo "lost P$p-$i"; done ) > "$T_DIR/par$p.log" 2>&1 &
done
wait
expect_eq "4 concurrent importers: 100 applications" "$(sqlite3 "$PDB" 'SELECT count(*) FROM applications')" 100
expect_eq "no importer failed" "$(cat "$T_DIR"/par*.log)" ""
