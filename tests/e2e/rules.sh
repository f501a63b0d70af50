# End-to-end: `check` on both examples, from a file and from the store, as
# text and as --json; usage and data errors.
DB=$T_DIR/r.db
EX=$EXAMPLES

# (rule, device) pairs of a --json array, sorted, one per line.
pairs() { python3 -c 'import json,sys; print("\n".join(sorted("%s %s" % (f["rule"], f["device"]) for f in json.load(sys.stdin))))'; }
EXPECTED_INCOMPLETE='R3 3
R4 None
R5 1
R5 2
R6 2'

expect_exit "complete file passes" 0 "$GW" check "$EX/application-complete.json"
expect_contains "and says so" "$OUT" "R1–R9"
expect_exit "complete file --json" 0 "$GW" check --json "$EX/application-complete.json"
expect_eq "empty array" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin))')" "[]"

expect_exit "incomplete file fails" 1 "$GW" check "$EX/application-incomplete.json"
expect_eq "five lines" "$(printf '%s\n' "$OUT" | grep -c '^R[1-9] ')" 5
expect_contains "R3 names device 3 and the serial" "$OUT" "R3 設備3（儲存陣列）：申請單第2頁「序號」欄位未填寫"
expect_contains "R4 names the SSLVPN form" "$OUT" "R4 設備1、設備2需要內部／外部IP位址，未檢附臺中市政府SSLVPN網路連線維護申請單"
expect_contains "R5 date on device 1" "$OUT" "R5 設備1（停車資訊網站）：主機弱點掃描報告檢測日期115年11月5日不在移入日期前一個月內"
expect_contains "R5 medium on device 2" "$OUT" "R5 設備2（空品資料庫伺服器）：主機弱點掃描報告發現中風險弱點2項"
expect_contains "R6 VANS on device 2" "$OUT" "R6 設備2（空品資料庫伺服器）：未安裝本府提供之資通安全弱點通報（VANS）軟體"
expect_exit "incomplete file --json" 1 "$GW" check --json "$EX/application-incomplete.json"
expect_eq "the five (rule, device) pairs" "$(printf '%s' "$OUT" | pairs)" "$EXPECTED_INCOMPLETE"
expect_eq "each object has rule, device, field, message" \
	"$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(all(sorted(f) == ["device","field","message","rule"] and f["field"] and not f["message"].endswith("。") for f in json.load(sys.stdin)))')" True
expect_contains "the issue's sentence" "$OUT" "設備2（空品資料庫伺服器）主機弱點掃描報告發現中風險弱點2項"

# The same from the store.
"$GW" --db "$DB" import "$EX/application-complete.json" "$EX/application-incomplete.json" >/dev/null
expect_exit "stored complete passes" 0 "$GW" --db "$DB" check 115-EPA-0007
expect_exit "stored incomplete fails" 1 "$GW" --db "$DB" check --json 115-TRAF-0003
expect_eq "same pairs from the store" "$(printf '%s' "$OUT" | pairs)" "$EXPECTED_INCOMPLETE"

# An edited copy: a report exactly one month before move-in is in, a day earlier out.
python3 - "$EX/application-complete.json" "$T_DIR" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
a["devices"][1]["reports"][0]["date"] = "2026-11-10"
json.dump(a, open(sys.argv[2] + "/edge-in.json", "w"), ensure_ascii=False)
a["devices"][1]["reports"][0]["date"] = "2026-11-09"
a["devices"][2]["serial"] = "無"
a["devices"][0]["reports"][2]["low"] = 40
json.dump(a, open(sys.argv[2] + "/edge-out.json", "w"), ensure_ascii=False)
a["devices"][1]["reports"][0]["date"] = "2026-11-10"
a["devices"][1]["reports"][0]["medium"] = 1
a["devices"][2]["serial"] = ""
json.dump(a, open(sys.argv[2] + "/medium.json", "w"), ensure_ascii=False)
PY
expect_exit "scan one month before is in" 0 "$GW" check "$T_DIR/edge-in.json"
expect_exit "a day earlier is out" 1 "$GW" check --json "$T_DIR/edge-out.json"
expect_eq "only that R5 (無 is filled, low findings pass)" "$(printf '%s' "$OUT" | pairs)" "R5 2"
expect_exit "one medium finding fails" 1 "$GW" check --json "$T_DIR/medium.json"
expect_eq "R3 blank and R5 medium" "$(printf '%s' "$OUT" | pairs)" "R3 3
R5 2"

# Errors: usage 2, unknown id / bad file 1 with one line on stderr.
expect_exit "no argument is usage" 2 "$GW" check
expect_exit "two arguments is usage" 2 "$GW" check a b
expect_exit "unknown option is usage" 2 "$GW" check --xml 115-EPA-0007
expect_exit "unknown id" 1 "$GW" --db "$DB" check NOPE-1
expect_contains "names the id" "$ERR" 'no application with id "NOPE-1"'
printf '{"id": "X-1", "devices": [{"type": "Sever(AP)"}]}' > "$T_DIR/bad.json"
expect_exit "invalid file is a data error" 1 "$GW" check "$T_DIR/bad.json"
expect_contains "naming file and path" "$ERR" 'bad.json: devices[0].type: unknown device type "Sever(AP)"'
expect_eq "one stderr line" "$(printf '%s\n' "$ERR" | wc -l)" 1
expect_exit "missing file" 1 "$GW" check "$T_DIR/none.json"
