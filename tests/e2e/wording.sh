# wording.sh — the packet's documents read as the bureau's seed, docs/documents.md and
# the Executive Yuan 文書處理手冊 ask, to the character: what the audit of the
# six documents fixed must not come back.  Text is read from the merged DOCX
# (tests/data/docxtext.py, one line per paragraph) and from the PDF
# (pdftotext, white space removed: a line may wrap anywhere).
# Sourced by tests/run.sh (tests/lib.sh).

DB="$T_DIR/gw.db"
OUTD="$T_DIR/packets"
G() { "$GW" --db "$DB" "$@"; }
EPA=115-EPA-0007
TRAF=115-TRAF-0003

dtext() { python3 tests/data/docxtext.py "$OUTD/$1/$2.docx"; }
ptext() { pdftotext -enc UTF-8 "$OUTD/$1/$2.pdf" - 2>/dev/null | tr -d ' \n\t\f'; }
# Text of page $3 of document $2 of application $1, white space removed.
ppage() { pdftotext -f "$3" -l "$3" -enc UTF-8 "$OUTD/$1/$2.pdf" - 2>/dev/null | tr -d ' \n\t\f'; }
pages() { pdfinfo "$OUTD/$1/$2.pdf" 2>/dev/null | sed -n 's/^Pages: *//p'; }
approve() {
	for role in admin security network antivirus mdr vans chief; do
		G review "$1" --role "$role" --result ok >/dev/null
	done
	G decide "$1" approve >/dev/null
}

expect_exit "init" 0 G init
G bureau set head_name ○○○ >/dev/null
expect_exit "import the examples" 0 G import "$EXAMPLES/application-complete.json" \
	"$EXAMPLES/application-incomplete.json"
approve $EPA
expect_exit "return the incomplete one" 0 G decide $TRAF return
expect_exit "render $EPA" 0 G render $EPA --out "$OUTD"
expect_exit "render $TRAF" 0 G render $TRAF --out "$OUTD"

# ---- no half-width space inside Chinese text (the letters) ----
# A title and a name are set apart by a full-width space (「局長　陳大明」).
# Half-width parentheses are kept where docs/documents.md and the bureau's seed write
# them: the 說明 numbering (一) (1), and the seed's process title 移(攜)出入.
for id in $EPA $TRAF; do
	for d in request return approval; do
		[ -f "$OUTD/$id/$d.docx" ] || continue
		bad=$(dtext $id $d | python3 -c '
import re, sys
t = sys.stdin.read()
cjk = "[\u3400-\u9fff\uff08\uff09\u300c\u300d]"
hits = re.findall(cjk + " +" + cjk, t)
print(" ".join(hits))')
		expect_eq "$id $d.docx: no half-width space in Chinese text" "$bad" ""
	done
done

# ---- request letter (agency → bureau) ----
R=$(dtext $EPA request)
expect_contains "request: 承辦人 title and name set apart by a full-width space" "$R" "承辦人：資訊管理師　王小明"
expect_contains "request: the seed's process named as the seed titles it" "$R" \
	"依據臺中市政府數位發展局「臺中市政府資訊機房實體設備移(攜)出入申請流程」辦理。"
# The enclosures: each with its own count (no 「各1份」 above an item of 8).
expect_contains "request: enclosures heading" "$R" "檢送下列申請文件：
"
expect_not_contains "request: no 各1份 over items of other counts" "$R" "申請文件各1份"
expect_contains "request: the form, original, 1 copy" "$R" \
	"資訊機房設備／系統移（攜）出入申請單正本1份（含第2頁軟硬體資產資料）。"
expect_contains "request: the reports counted" "$R" "資訊系統上線作業紀錄表及資訊安全檢測報告共8份。"
expect_contains "request: the network and SSLVPN forms, 1 copy each" "$R" \
	"臺中市政府主機設備網路連線申請單及臺中市政府SSLVPN網路連線維護申請單各1份。"
P=$(ptext $EPA request)
expect_contains "request.pdf: sub-items numbered (一) as docs/documents.md writes them" "$P" "(一)資訊機房設備／系統移（攜）出入申請單正本1份"
expect_contains "request.pdf: (三)" "$P" "(三)臺中市政府主機設備網路連線申請單"
expect_not_contains "request.pdf: no full-width （一）" "$P" "（一）"
expect_contains "request.pdf: 主旨 ends with the closing phrase, no space" "$P" "申請文件，請查照。"
expect_contains "request: 說明三 date, time, then 「，由」" "$R" "預定於中華民國115年12月10日14:00-17:00，由大肚山資訊股份有限公司派員施作。"

# ---- approval letter (bureau → agency) ----
A=$(dtext $EPA approval)
expect_contains "approval: 承辦人 is the person" "$A" "承辦人：陳助理管理師
"
expect_not_contains "approval: no role before the 承辦人" "$A" "承辦人：資訊機房管理人員"
# docs/documents.md, the bureau's letters' 說明一: 「復貴局115年11月18日中市交智字第1150098765號函。」
expect_contains "approval: cites the agency's letter (ROC date without 中華民國)" "$A" \
	"復貴局115年11月20日中市環資字第1150012345號函。"
expect_not_contains "approval: no 復貴局中華民國" "$A" "復貴局中華民國"
expect_contains "approval: move-in and racking" "$A" \
	"攜帶本函影本及設備到場，會同本局資訊機房管理人員完成設備移入及上架作業；設備之機櫃位置及IP位址由本局填入軟硬體資產資料後送貴局存查。"
# The seed's review table (§三): role, person and extension of all six.
for c in "資訊機房管理人員：陳助理管理師（分機22311）" "資通安全專職人員：盧分析師（分機22302）" \
	"網路連線管理人員：徐設計師（分機22304）" "防毒軟體業務承辦人：陳助理管理師（分機22312）" \
	"MDR/EDR業務承辦人：梁管理師（分機22303）" "VANS業務承辦人：陳助理管理師（分機22311）"; do
	expect_contains "approval: contact $c" "$A" "$c"
done
P=$(ptext $EPA approval)
expect_contains "approval.pdf: contacts numbered (一)…(六)" "$P" "(六)VANS業務承辦人"
# The signature is never alone on its page: the page that holds it holds 正本.
N=$(pages $EPA approval)
expect_contains "approval.pdf: signature with 正本 on the last page" "$(ppage $EPA approval "$N")" "正本：臺中市政府環境保護局"
expect_contains "approval.pdf: and the signature" "$(ppage $EPA approval "$N")" "副本：本局網路資安科局長"

# ---- return letter ----
T=$(dtext $TRAF return)
expect_contains "return: cites the agency's letter" "$T" "復貴局115年11月18日中市交智字第1150098765號函。"
expect_contains "return: 承辦人 is the person" "$T" "承辦人：陳助理管理師
"
expect_contains "return: a finding says what is required" "$T" \
	"設備2（空品資料庫伺服器）主機弱點掃描報告發現中風險弱點2項（應無中風險以上之弱點）。"
P=$(ptext $TRAF return)
expect_contains "return.pdf: reasons numbered (一)" "$P" "(一)設備3（儲存陣列）"
expect_contains "return.pdf: the closing item" "$P" "三、請於文件齊備後，再重新提出申請。"
msg=$(G check $TRAF --json 2>/dev/null | python3 -c '
import json, sys
f = [x for x in json.load(sys.stdin) if x["field"] == "devices[1].reports[0].medium"]
print(sorted(f[0].keys()), f[0]["message"])')
expect_eq "check --json: shape unchanged, message with the requirement" "$msg" \
	"['device', 'field', 'message', 'rule'] 設備2（空品資料庫伺服器）主機弱點掃描報告發現中風險弱點2項（應無中風險以上之弱點）"

# ---- forms: periods, 申請人 ----
expect_contains "network: an open-ended period reads 起（永久）" "$(dtext $EPA network)" "自中華民國115年12月10日起（永久）"
expect_not_contains "network: never 至永久止" "$(dtext $EPA network)" "至永久止"
expect_contains "vpn: a dated period reads 起至…止" "$(dtext $EPA vpn)" \
	"自中華民國115年12月10日起至中華民國116年12月9日止"
expect_eq "network.pdf: 「空品資料庫伺服器」 on one line" \
	"$(pdftotext -enc UTF-8 "$OUTD/$EPA/network.pdf" - | grep -c 空品資料庫伺服器)" 1
for d in form network vpn; do
	expect_contains "$d: 申請人 title and name set apart by a full-width space" "$(dtext $EPA $d)" "資訊管理師　王小明"
done

# ---- a move out: the approval speaks of 下架, not 上架 ----
python3 - "$EXAMPLES/application-complete.json" "$T_DIR/out.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
a["id"] = "115-EPA-0901"
a["move"]["kind"] = "移出"
a["network"]["period"]["to"] = ""
json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_exit "import a move out" 0 G import "$T_DIR/out.json"
approve 115-EPA-0901
expect_exit "render the move out" 0 G render 115-EPA-0901 --only approval,network --out "$OUTD"
O=$(dtext 115-EPA-0901 approval)
expect_contains "move out: 下架" "$O" "攜帶本函影本到場，會同本局資訊機房管理人員完成設備移出及下架作業。"
expect_not_contains "move out: no 上架" "$O" "上架"
expect_not_contains "move out: no rack position to be filled in" "$O" "機櫃位置"
N=$(dtext 115-EPA-0901 network)
expect_contains "no end date: 自…起 alone" "$N" "自中華民國115年12月10日起
"

# ---- the form's back: serials and host names are not broken mid-token ----
# The examples' values, a 13-character serial and a 12-character host name
# each stay on one line of their narrow column; the form stays 2 pages.
python3 - "$EXAMPLES/application-complete.json" "$T_DIR/long.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
a["id"] = "115-EPA-0902"
a["devices"][0]["serial"] = "SGH3401ABCDEF"
a["devices"][0]["hostname"] = "epa-aqweb012"
json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_exit "import long serial and host name" 0 G import "$T_DIR/long.json"
expect_exit "render its form" 0 G render 115-EPA-0902 --only form --out "$OUTD"
for id in $EPA 115-EPA-0902; do
	expect_eq "$id: form is 2 pages" "$(pages $id form)" 2
done
back() { pdftotext -f 2 -l 2 -enc UTF-8 "$OUTD/$1/form.pdf" - 2>/dev/null; }
for v in SGH3401ABC 7XK2M93 2080QPN123456 epa-aqweb01 epa-aqdb01; do
	expect_eq "$EPA back: '$v' on one line" "$(back $EPA | grep -c -- "$v")" 1
done
for v in SGH3401ABCDEF epa-aqweb012; do
	expect_eq "115-EPA-0902 back: '$v' on one line" "$(back 115-EPA-0902 | grep -c -- "$v")" 1
done
# The front's list: 「Server(WEB AP)」 and a 13-character serial on one line.
front() { pdftotext -f 1 -l 1 -enc UTF-8 "$OUTD/$1/form.pdf" - 2>/dev/null; }
expect_eq "$EPA front: 'Server(WEB AP)' on one line" "$(front $EPA | grep -c -F 'Server(WEB AP)')" 1
for v in 2080QPN123456 SGH3401ABC; do
	expect_eq "$EPA front: '$v' on one line" "$(front $EPA | grep -c -- "$v")" 1
done
expect_eq "115-EPA-0902 front: 'SGH3401ABCDEF' on one line" "$(front 115-EPA-0902 | grep -c SGH3401ABCDEF)" 1

# ---- 20 devices: the letters keep their signature with text ----
python3 tests/data/many_devices.py 20 115-EPA-0920 <"$EXAMPLES/application-complete.json" \
	>"$T_DIR/m20.json"
expect_exit "import 20 devices" 0 G import "$T_DIR/m20.json"
approve 115-EPA-0920
expect_exit "render 20 devices" 0 G render 115-EPA-0920 --out "$OUTD"
for d in request approval; do
	N=$(pages 115-EPA-0920 $d)
	expect_contains "20 devices: $d signature shares its page with 正本" "$(ppage 115-EPA-0920 $d "$N")" "正本："
done
expect_contains "20 devices: request counts the devices" "$(dtext 115-EPA-0920 request)" "擬將主機設備20項移入本府資訊機房"

# ---- the return letter names fields as the form prints them ----
python3 - "$EXAMPLES/application-complete.json" "$T_DIR/blank.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
a["id"] = "115-EPA-0903"
a["move"]["reason"] = ""
a["move"]["vendor"]["tax_id"] = ""
a["applicant"]["fax"] = ""
a["devices"][2]["power"] = ""
a["devices"][2]["type"] = ""
json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_exit "import blank fields" 0 G import "$T_DIR/blank.json"
C=$(G check 115-EPA-0903 2>/dev/null)
F=$(python3 tests/data/docxtext.py templates/form.docx)
for l in 移（攜）出入原因 統一編號 傳真 電源 設備種類; do
	expect_contains "check names 「$l」" "$C" "「$l」欄位未填寫"
	expect_contains "form.docx prints the label $l" "$(echo "$F" | tr -d '\n')" "$l"
done
