# di.sh — DI files of the letters (104 revision): `render` writes request.di,
# return.di and approval.di (in manifest.json; --only di), each checked by
# tests/data/di_validate.py (written from issue 17: element order, every
# enumerated value) and by `gongwen di-check`; the agency's unnumbered letter
# leaves 發文日期 and 發文字號 empty, the bureau's letters carry the number
# gongwen issued; hostile text is escaped; reading a DI back never loads an
# external entity (a file or a listening socket).  Sourced by tests/run.sh.

DB="$T_DIR/gw.db"
OUTD="$T_DIR/packets"
G() { "$GW" --db "$DB" "$@"; }
EPA=115-EPA-0007
TRAF=115-TRAF-0003
V="python3 tests/data/di_validate.py"

examples_decided "$DB"
expect_exit "render $EPA" 0 G render $EPA --out "$OUTD"
expect_exit "render $TRAF" 0 G render $TRAF --out "$OUTD"

expect_eq "$EPA: request.di and approval.di" "$(cd "$OUTD/$EPA" && ls *.di | tr '\n' ' ')" "approval.di request.di "
expect_eq "$TRAF: request.di and return.di" "$(cd "$OUTD/$TRAF" && ls *.di | tr '\n' ' ')" "request.di return.di "
expect_eq "no roster: each letter has one recipient outside the sender" "$(ls "$OUTD"/*/*.sw 2>/dev/null | wc -l | tr -d ' ')" 0
expect_contains "manifest.json lists the DI files" "$(cat "$OUTD/$EPA/manifest.json")" '"name": "approval.di"'

# ---- the validator from the issue's description, and gongwen's reader ----
expect_exit "every DI passes the validator" 0 $V "$OUTD"/*/*.di
expect_eq "the validator saw 4 files" "$(printf '%s\n' "$OUT" | grep -c ': ok$')" 4
expect_exit "every DI passes gongwen di-check" 0 "$GW" di-check "$OUTD"/*/*.di
expect_contains "di-check counts the return letter's items" "$OUT" "return.di: ok: 函, 8 條列"

R=$(cat "$OUTD/$TRAF/return.di")
num=$(sqlite3 "$DB" "SELECT doc_no FROM letters WHERE app_id = '$TRAF'")
expect_contains "return.di: the number gongwen issued ($num)" "$R" "<流水號>$(printf '%s' "$num" | sed 's/.*第...\([0-9]*\)號/\1/')</流水號>"
expect_contains "return.di: 字 of the bureau" "$R" "<字>中市數網字</字>"
expect_contains "return.di: the bureau sends it, its 機關代碼 empty until set" "$R" "<全銜>臺中市政府數位發展局</全銜>
    <機關代碼/>"
expect_contains "render warned that the bureau's code is empty" "$(G render $TRAF --only di --out "$OUTD/nocode" 2>&1 >/dev/null)" \
	"bureau.code is empty"
expect_exit "set the bureau's code" 0 G bureau set code 123456789A
expect_exit "render $TRAF with it" 0 G render $TRAF --out "$OUTD/code"
expect_not_contains "no code warning" "$ERR" "bureau.code"
expect_contains "return.di: the bureau's code" "$(cat "$OUTD/code/$TRAF/return.di")" "<全銜>臺中市政府數位發展局</全銜>
    <機關代碼>123456789A</機關代碼>"
expect_exit "it passes the validator" 0 $V "$OUTD/code/$TRAF/return.di"
expect_exit "and di-check" 0 "$GW" di-check "$OUTD/code/$TRAF/return.di"
expect_contains "return.di: to the agency with its code" "$R" "<全銜>臺中市政府交通局</全銜>
    <機關代碼>387180000A</機關代碼>"
expect_contains "return.di: the forms are its attachments" "$R" '<!ENTITY ATTCH1 SYSTEM "form.pdf" NDATA _X>'
expect_contains "return.di: a reason as a sub-item" "$R" '<條列 序號="(二)">'
A=$(cat "$OUTD/$EPA/approval.di")
expect_contains "approval.di: 附件 無, no attachment" "$A" "<文字>無</文字>
  </附件>"
expect_not_contains "approval.di: no attachment entity" "$A" "ATTCH"
Q=$(cat "$OUTD/$EPA/request.di")
expect_contains "request.di: the agency's own number" "$Q" "<字>中市環資字</字>"
expect_contains "request.di: its date in ROC form" "$Q" "<年月日>中華民國115年11月20日</年月日>"
expect_contains "request.di: 主旨 without 「主旨：」" "$Q" "<文字>檢送本局"

# ---- an agency letter not numbered yet; hostile text ----
sed -e 's/"date": "2026-11-20"/"date": ""/; s/"doc_no": "中市環資字第1150012345號"/"doc_no": ""/' \
    -e 's/"id": "115-EPA-0007"/"id": "115-EPA-0301"/' \
    -e 's/"system_name": "空氣品質監測資訊系統"/"system_name": "A<b>\&amp; \\"q\\" '"'"'s'"'"' ]]> <!-- x -->"/' \
	"$EXAMPLES/application-complete.json" >"$T_DIR/hostile.json"
expect_exit "import the unnumbered, hostile letter" 0 G import "$T_DIR/hostile.json"
expect_exit "render it" 0 G render 115-EPA-0301 --only request --out "$OUTD"
H="$OUTD/115-EPA-0301/request.di"
expect_exit "unnumbered: the validator" 0 $V "$H"
expect_exit "unnumbered: di-check" 0 "$GW" di-check "$H"
expect_contains "unnumbered: 發文日期 empty" "$(cat "$H")" "<發文日期>
    <年月日/>"
expect_contains "unnumbered: 發文字號 empty" "$(cat "$H")" "<字/>"
expect_contains "hostile text escaped" "$(cat "$H")" 'A&lt;b&gt;&amp;amp; &quot;q&quot;'
expect_eq "hostile text read back as written" \
	"$(python3 -c 'import sys, xml.etree.ElementTree as E; print(E.parse(sys.argv[1]).getroot().find("主旨/文字").text)' "$H")" \
	"檢送本局「A<b>&amp; \"q\" 's' ]]> <!-- x -->」主機設備移入本府資訊機房申請文件，請查照。"

# ---- render --only di ----
expect_exit "render --only di" 0 G render $EPA --only di --out "$OUTD/onlydi"
expect_eq "--only di: the DI files alone" "$(cd "$OUTD/onlydi/$EPA" && ls | tr '\n' ' ')" "approval.di manifest.json request.di "

# ---- di-check refuses what is wrong, and never loads an external entity ----
awk '/<附件>/{a=1} a{buf=buf $0 "\n"; if (/<\/附件>/) {a=0; held=buf; buf=""}; next} /<\/主旨>/{print; printf "%s", held; next} {print}' \
	"$OUTD/$TRAF/return.di" >"$T_DIR/order.di"
expect_exit "di-check: 附件 after 主旨 refused" 1 "$GW" di-check "$T_DIR/order.di"
expect_contains "di-check names the place" "$ERR" "line 37: <附件> where <正本> must come"
expect_exit "validator: 附件 after 主旨 refused" 1 $V "$T_DIR/order.di"
sed 's/代碼="普通件"/代碼="特急件"/' "$OUTD/$TRAF/return.di" >"$T_DIR/urg.di"
expect_exit "di-check: unknown 速別 refused" 1 "$GW" di-check "$T_DIR/urg.di"
expect_exit "validator: unknown 速別 refused" 1 $V "$T_DIR/urg.di"
sed 's/代碼="函"/代碼="書函"/' "$OUTD/$TRAF/return.di" >"$T_DIR/kind.di"
expect_exit "validator: 函類別 other than 函 refused" 1 $V "$T_DIR/kind.di"
sed 's/段名="說明："/段名="辦法："/' "$OUTD/$TRAF/return.di" >"$T_DIR/sec.di"
expect_exit "di-check: 段名 other than 說明： refused" 1 "$GW" di-check "$T_DIR/sec.di"

# A listener that records whether anything connects to it.
cat >"$T_DIR/listen.py" <<'EOF'
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
print(s.getsockname()[1], flush=True)
s.settimeout(3)
try:
    s.accept()
    open(sys.argv[1], "w").write("connected")
except socket.timeout:
    open(sys.argv[1], "w").write("none")
EOF
python3 "$T_DIR/listen.py" "$T_DIR/conn" >"$T_DIR/port" &
lpid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T_DIR/port" ] && break; sleep 0.1; done
port=$(cat "$T_DIR/port")
sed -e "s#<!NOTATION DI#<!ENTITY net SYSTEM \"http://127.0.0.1:$port/x\">\n<!ENTITY pw SYSTEM \"file:///etc/passwd\">\n<!NOTATION DI#" \
    -e 's#<署名>#<署名>\&pw;\&net;#' "$OUTD/$TRAF/return.di" >"$T_DIR/xxe.di"
expect_exit "di-check: an external entity in the text refused" 1 "$GW" di-check "$T_DIR/xxe.di"
expect_contains "di-check says which" "$ERR" "entity reference &pw;"
expect_not_contains "nothing of /etc/passwd in the message" "$ERR" "root:"
wait $lpid
expect_eq "nothing connected to the listener" "$(cat "$T_DIR/conn")" none
expect_exit "di-check: not XML" 1 "$GW" di-check tests/data/di_validate.py
expect_exit "di-check: no file named" 2 "$GW" di-check
