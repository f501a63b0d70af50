# End-to-end: the review workflow — import to approval, import to return,
# illegal moves refused, history kept.
DB=$T_DIR/w.db
EX=$EXAMPLES
G() { "$GW" --db "$DB" "$@"; }
Q() { sqlite3 "$DB" "$1"; }
OK=115-EPA-0007
BAD=115-TRAF-0003

G import "$EX/application-complete.json" "$EX/application-incomplete.json" >/dev/null
expect_exit "status of a new application" 0 G status $OK
expect_contains "received" "$OUT" "status: received"
expect_contains "check passes" "$OUT" "通過"
expect_contains "nobody reviewed" "$OUT" "缺漏 missing: 審查 reviews: admin (未審查 not reviewed)"

# Illegal before the reviews.
expect_exit "approve too early" 1 G decide $OK approve
expect_contains "says who is missing" "$ERR" "admin (not reviewed)"
expect_exit "return of a passing application" 1 G decide $OK return
expect_contains "says why" "$ERR" "the check passes and no reviewer failed it"
expect_exit "chief before review" 1 G review $OK --role chief --result ok
expect_contains "chief needs under_review" "$ERR" "is received"
expect_exit "unknown role" 2 G review $OK --role boss --result ok
expect_exit "bad result" 2 G review $OK --role admin --result maybe
expect_exit "missing role" 2 G review $OK --result ok
expect_exit "unknown application" 1 G review NOPE --role admin --result ok
expect_exit "decide needs approve|return" 2 G decide $OK accept

# A fail sends it to incomplete; ok again brings it back.
expect_exit "network fails it" 0 G review $OK --role network --result fail --note "SSLVPN 帳號未填"
expect_contains "incomplete" "$OUT" "status incomplete"
expect_exit "network ok after the fix" 0 G review $OK --role network --result ok
expect_contains "under review" "$OUT" "status under_review"
for r in admin security antivirus mdr vans; do
	G review $OK --role $r --result ok >/dev/null || fail "review $r"
done
expect_exit "approve without the chief" 1 G decide $OK approve
expect_contains "needs the chief" "$ERR" "section chief has not approved"
expect_exit "chief approves" 0 G review $OK --role chief --result ok --note 核准
# A reviewer changing their mind voids the chief's approval.
G review $OK --role vans --result fail >/dev/null
G review $OK --role vans --result ok >/dev/null
expect_exit "chief approval voided" 1 G decide $OK approve
expect_exit "status --json" 0 G status --json $OK
expect_eq "status says it cannot be approved yet" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["status"], s["can_approve"], s["can_return"], s["check"], len(s["reviews"]))')" "under_review False False [] 7"
expect_contains "and asks the chief again" "$OUT" "the chief must approve again"
G review $OK --role chief --result ok --note 核准 >/dev/null
expect_eq "now it can be approved" "$(G status --json $OK | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["can_approve"], s["next"])')" "True gongwen decide $OK approve"
expect_exit "approve" 0 G decide $OK approve --date 2026-12-01
expect_contains "asset number" "$OUT" "資產編號 115-DC-0001"
expect_contains "letter number" "$OUT" "發文字號 中市數網字第1150000001號"
expect_eq "stored status" "$(Q "SELECT status FROM applications WHERE id='$OK'")" approved
expect_eq "stored asset number" "$(Q "SELECT bureau_asset_no FROM applications WHERE id='$OK'")" 115-DC-0001
expect_eq "letter recorded" "$(Q "SELECT kind||' '||doc_no||' '||date FROM letters WHERE app_id='$OK'")" "approval 中市數網字第1150000001號 2026-12-01"
expect_eq "history: import, 11 reviews, letter, decide" \
	"$(Q "SELECT count(*) FROM history WHERE app_id='$OK'")" 14
expect_eq "history roles of the end" "$(Q "SELECT group_concat(role||':'||action) FROM (SELECT role, action FROM history WHERE app_id='$OK' ORDER BY id DESC LIMIT 3)")" "window:decide,window:letter,chief:review"
expect_eq "every history row has a time" "$(Q "SELECT count(*) FROM history WHERE at IS NULL OR at = ''")" 0
expect_exit "approved is final: no review" 1 G review $OK --role admin --result fail
expect_exit "approved is final: no return" 1 G decide $OK return
expect_exit "approved is final: no second approval" 1 G decide $OK approve
expect_exit "approved cannot be replaced" 1 G import --replace "$EX/application-complete.json"
expect_contains "says why" "$ERR" "approved application cannot be replaced"
expect_exit "status after approval" 0 G status $OK
expect_contains "shows the asset number" "$OUT" "資產編號: 115-DC-0001"
expect_contains "shows the letter" "$OUT" "approval 中市數網字第1150000001號"
expect_contains "shows a note" "$OUT" "「核准」"
expect_fail "the store refuses an illegal status change" Q "UPDATE applications SET status='received' WHERE id='$OK'"

# The incomplete example: the check fails, so it can be returned at once.
expect_exit "status lists the failures" 0 G status $BAD
expect_contains "five failures" "$OUT" "5 項不符"
expect_contains "the R6 reason" "$OUT" "R6 設備2（空品資料庫伺服器）"
expect_exit "cannot approve" 1 G decide $BAD approve
expect_contains "says the check fails" "$ERR" "the check fails 5 rule(s)"
expect_exit "an ok review of a failing application" 0 G review $BAD --role security --result ok
expect_contains "leaves it incomplete (the check fails)" "$OUT" "status incomplete"
expect_exit "the chief cannot see it" 1 G review $BAD --role chief --result ok
expect_exit "admin fails it" 0 G review $BAD --role admin --result fail --note 文件不齊備
expect_exit "return" 0 G decide $BAD return --date 2026-12-02
expect_contains "letter number follows" "$OUT" "發文字號 中市數網字第1150000002號"
expect_eq "returned" "$(Q "SELECT status FROM applications WHERE id='$BAD'")" returned
expect_eq "no asset number" "$(Q "SELECT coalesce(bureau_asset_no,'') FROM applications WHERE id='$BAD'")" ""
expect_exit "returned is final" 1 G review $BAD --role admin --result ok
expect_exit "no second return" 1 G decide $BAD return
expect_eq "history of the return" "$(Q "SELECT group_concat(role||':'||action) FROM history WHERE app_id='$BAD'")" "applicant:import,security:review,admin:review,window:letter,window:decide"
# Re-application after a return (seed: 待申請文件齊備後，再重新提出申請).
expect_exit "re-application replaces a returned one" 0 G import --replace "$EX/application-incomplete.json"
expect_eq "received again" "$(Q "SELECT status FROM applications WHERE id='$BAD'")" received
expect_eq "history kept across it" "$(Q "SELECT count(*) FROM history WHERE app_id='$BAD'")" 6
expect_eq "letters kept" "$(Q "SELECT count(*) FROM letters WHERE app_id='$BAD'")" 1

# The asset-number format is the bureau's setting; a broken one changes nothing.
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a["id"]="115-EPA-0008"; json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)' \
	"$EX/application-complete.json" "$T_DIR/second.json"
G import "$T_DIR/second.json" >/dev/null
for r in admin security network antivirus mdr vans chief; do
	G review 115-EPA-0008 --role $r --result ok >/dev/null || fail "second: review $r"
done
Q "UPDATE bureau SET asset_format = 'DC-%Y'"
expect_exit "a format without %N is refused" 1 G decide 115-EPA-0008 approve --date 2027-01-05
expect_contains "naming the setting" "$ERR" "bureau.asset_format"
expect_eq "still under review" "$(Q "SELECT status FROM applications WHERE id='115-EPA-0008'")" under_review
expect_eq "no letter number used" "$(Q "SELECT count(*) FROM letters WHERE year=116")" 0
Q "UPDATE bureau SET asset_format = 'TC%G-%05N'"
expect_exit "approve with the new format" 0 G decide 115-EPA-0008 approve --date 2027-01-05
expect_contains "a new year starts at 1" "$OUT" "資產編號 TC2027-00001; 發文字號 中市數網字第1160000001號"
