# render.sh — `gongwen render`: the packet of both example applications, the
# text of every document in DOCX and PDF, the manifest, the documents table,
# --only, --archive (no password), --all -j 2, and that a failed render
# leaves the older packet in place; every DOCX it renders passes the
# WordprocessingML structural validator (tests/tools/wml.py).  Sourced by
# tests/run.sh (tests/lib.sh).
#

DB="$T_DIR/gw.db"
OUTD="$T_DIR/packets"
G() { "$GW" --db "$DB" "$@"; }
EPA=115-EPA-0007
TRAF=115-TRAF-0003

# The text of a DOCX (every part with text), tags stripped.
docx_text() {
	python3 - "$1" <<'EOF'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
out = []
for n in z.namelist():
    if re.match(r"word/(document|header\d*|footer\d*)\.xml$", n):
        x = z.read(n).decode("utf-8")
        x = re.sub(r"</w:p>", "\n", x)
        x = re.sub(r"<w:tab/>", "\t", x)
        out.append(re.sub(r"<[^>]+>", "", x).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
print("".join(out))
EOF
}

# Each needle must be in the document's DOCX text (and PDF text when built).
expect_doc() {
	_app=$1 _doc=$2; shift 2
	_f="$OUTD/$_app/$_doc.docx"
	if [ ! -f "$_f" ]; then fail "$_app $_doc.docx exists"; return; fi
	_t=$(docx_text "$_f")
	# PDF text in content order (-raw keeps a table cell's lines together),
	# compared without white space: a cell may wrap anywhere.
	_p=$(pdftotext -raw -enc UTF-8 "$OUTD/$_app/$_doc.pdf" - 2>/dev/null | tr -d ' \n\t' | sed 's/　//g')
	for _n in "$@"; do
		expect_contains "$_app $_doc.docx has $_n" "$_t" "$_n"
		_nn=$(printf '%s' "$_n" | tr -d ' ' | sed 's/　//g')
		expect_contains "$_app $_doc.pdf has $_n" "$_p" "$_nn"
	done
	expect_not_contains "$_app $_doc.docx: no tag left" "$_t" "{"
}

# Every DOCX named is structurally valid WordprocessingML (tests/tools/wml.py
# check: what Word enforces when it opens a file); NAME says which.
wml_valid() {
	_name=$1; shift
	if [ $# -eq 0 ] || [ ! -f "$1" ]; then fail "$_name" "no DOCX to check"; return; fi
	if python3 tests/tools/wml.py check "$@" >"$T_DIR/wml" 2>&1; then
		pass "$_name: $# DOCX structurally valid"
	else
		fail "$_name" "$(head -c 600 "$T_DIR/wml")"
	fi
}

expect_exit "init" 0 G init
expect_exit "import both examples" 0 G import "$EXAMPLES/application-complete.json" \
	"$EXAMPLES/application-incomplete.json"

expect_exit "render $EPA" 0 G render "$EPA" --out "$OUTD"

# ---- every template lints cleanly ----
wml_valid "the templates" templates/*.docx
wml_valid "$EPA received packet" "$OUTD/$EPA"/*.docx
for t in request form network vpn return approval; do
	expect_exit "tags templates/$t.docx" 0 "$GW" tags templates/$t.docx
	expect_eq "tags $t: no problem reported" "$(grep -ci 'error\|unclosed\|unknown' "$T_DIR/err")" 0
done

# ---- the received application: request, form, network, vpn ----
ls "$OUTD/$EPA" >"$T_DIR/ls"
expect_eq "$EPA: request form network vpn (no letter yet)" \
	"$(grep -c '\.docx$' "$T_DIR/ls")" 4
expect_doc "$EPA" request "臺中市政府環境保護局　函" "受文者：臺中市政府數位發展局" \
	"中華民國115年11月20日" "中市環資字第1150012345號" "空氣品質監測資訊系統" "請查照。" \
	"04-22289111 分機 66301" "局長　陳大明" "如說明二"
expect_doc "$EPA" form "臺中市政府資訊機房設備／系統移（攜）出入申請單" "臺中市政府環境保護局" \
	"☑移入" "☐移出" "☐攜入" "☐攜出" "空氣品質監測資訊系統" "大肚山資訊股份有限公司" \
	"12345675" "中華民國115年12月10日" "14:00-17:00" \
	"空品網站伺服器" "空品資料庫伺服器" "儲存陣列" \
	"SGH3401ABC" "7XK2M93" "2080QPN123456" "epa-aqweb01" "epa-aqdb01" \
	"ProLiant DL360 Gen11" "PowerEdge R760" "SA3400" \
	"Red Hat Enterprise Linux 9.4" "Windows Server 2022 Standard" "Microsoft SQL Server 2022" \
	"軟硬體資產資料" "數位發展局填寫" "機櫃位置" "虛擬主機" "118.12.31" "117.06.30"
expect_doc "$EPA" network "臺中市政府主機設備網路連線申請單" "epa-aqweb01" "epa-aqdb01" \
	"1433" "民眾查詢網站" "網站存取資料庫" "永久" "中華民國115年12月10日"
expect_doc "$EPA" vpn "臺中市政府SSLVPN網路連線維護申請單" "李志豪" "lee.ch@dadushan.com.tw" \
	"3389" "中華民國116年12月9日" "系統維護及異常排除" "保密切結"

# The form has exactly two pages.
expect_eq "form.pdf has 2 pages" "$(pdfinfo "$OUTD/$EPA/form.pdf" | sed -n 's/^Pages: *//p')" 2
# Every document starts on a front side (odd page) of the duplex packet.
n=0
for d in request form network vpn; do
	[ $((n % 2)) = 1 ] && n=$((n + 1))
	n=$((n + $(pdfinfo "$OUTD/$EPA/$d.pdf" | sed -n 's/^Pages: *//p')))
done
expect_eq "packet.pdf: every page plus duplex fillers" \
	"$(pdfinfo "$OUTD/$EPA/packet.pdf" | sed -n 's/^Pages: *//p')" "$n"
expect_contains "packet: the form's first page is page 3" \
	"$(pdftotext -f 3 -l 3 "$OUTD/$EPA/packet.pdf" - | tr -d ' ')" "第1頁，正面"
expect_eq "packet: page 2 is blank" "$(pdftotext -f 2 -l 2 "$OUTD/$EPA/packet.pdf" - | tr -d ' \n\f')" ""

# LibreOffice (when installed) lays the merged form out on exactly two pages too.
if command -v soffice >/dev/null 2>&1; then
	mkdir -p "$T_DIR/lo"
	FONTCONFIG_FILE=$PWD/tests/fidelity/fonts.conf timeout 180 soffice \
		-env:UserInstallation=file://$T_DIR/lo-profile --headless --convert-to pdf \
		--outdir "$T_DIR/lo" "$OUTD/$EPA/form.docx" "$OUTD/$EPA/request.docx" >/dev/null 2>&1
	expect_eq "LibreOffice: form on 2 pages" "$(pdfinfo "$T_DIR/lo/form.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')" 2
	expect_eq "LibreOffice: request letter on 1 page" "$(pdfinfo "$T_DIR/lo/request.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')" 1
fi

# ---- manifest.json: every file with its sha256 and size; the documents table ----
res=$(cd "$OUTD/$EPA" && python3 - <<'EOF'
import hashlib, json, os
m = json.load(open("manifest.json"))
bad = [f["name"] for f in m["files"]
       if hashlib.sha256(open(f["name"], "rb").read()).hexdigest() != f["sha256"]
       or os.path.getsize(f["name"]) != f["bytes"]]
names = sorted(f["name"] for f in m["files"])
listed = sorted(n for n in os.listdir(".") if n != "manifest.json" and os.path.isfile(n))
print("ok" if not bad and names == listed and m["id"] == "115-EPA-0007" else "bad %s %s %s" % (bad, names, listed))
EOF
)
expect_eq "manifest lists every file with sha256 and size" "$res" ok
expect_eq "documents table has the files" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM documents WHERE app_id = '$EPA'")" \
	"$(python3 -c "import json;print(len(json.load(open('$OUTD/$EPA/manifest.json'))['files']))")"
expect_eq "no temporary folder left" "$(ls -a "$OUTD" | grep -c '^\.[^.]')" 0

# A temporary folder left by a killed render (its process is gone) is swept.
mkdir -p "$OUTD/.$EPA.tmp-2147483000/x"
expect_exit "render after a killed render" 0 G render "$EPA" --out "$OUTD"
[ -d "$OUTD/.$EPA.tmp-2147483000" ] && fail "stale temporary folder swept" || pass "stale temporary folder swept"

# ---- --only, usage errors, unknown application ----
expect_exit "render --only request,form" 0 G render "$EPA" --only request,form --out "$OUTD/only"
expect_eq "--only: two documents" "$(ls "$OUTD/only/$EPA" | grep -c '\.docx$')" 2
expect_exit "--only return for an application not returned" 1 G render "$EPA" --only return --out "$OUTD/only2"
expect_contains "it says nothing applies" "$ERR" "none of the documents asked for applies"
expect_exit "--only bogus is a usage error" 2 G render "$EPA" --only request,letter --out "$OUTD"
expect_contains "--only names the bad document" "$ERR" '"letter"'
expect_exit "render an unknown application" 1 G render NO-SUCH-APP --out "$OUTD"
expect_contains "unknown application named" "$ERR" "NO-SUCH-APP"
expect_exit "render without an id" 2 G render --out "$OUTD"

# ---- a failed render keeps the older packet ----
old=$(sha256sum "$OUTD/$EPA/manifest.json")
mkdir -p "$T_DIR/badtpl"
cp templates/*.docx "$T_DIR/badtpl/"
printf 'not a zip' >"$T_DIR/badtpl/vpn.docx"
expect_fail "render with a broken template fails" G render "$EPA" --out "$OUTD" --templates "$T_DIR/badtpl"
expect_contains "the error names the template" "$ERR" "vpn.docx"
expect_eq "older packet untouched" "$(sha256sum "$OUTD/$EPA/manifest.json")" "$old"
expect_eq "no temporary folder after a failure" "$(ls -a "$OUTD" | grep -c '^\.[^.]')" 0

# ---- the workflow: return letter and approval letter ----
expect_exit "decide return" 0 G decide "$TRAF" return
G check "$TRAF" --json >"$T_DIR/check.json" 2>/dev/null
retno=$(sqlite3 "$DB" "SELECT doc_no FROM letters WHERE app_id = '$TRAF' AND kind = 'return'")
retdate=$(sqlite3 "$DB" "SELECT date FROM letters WHERE app_id = '$TRAF' AND kind = 'return'")
retroc=$(python3 -c "y,m,d=map(int,'$retdate'.split('-'));print(f'中華民國{y-1911}年{m}月{d}日')")
expect_exit "render the returned application" 0 G render "$TRAF" --out "$OUTD"
expect_doc "$TRAF" return "臺中市政府數位發展局　函" "受文者：臺中市政府交通局" \
	"$retno" "$retroc" "復貴局115年11月18日中市交智字第1150098765號函。" \
	"因申請文件不齊備，檢還原申請文件，請查照。" "請於文件齊備後，再重新提出申請。" \
	"陳助理管理師" "分機 22311"
# Every failed rule is one reason, naming its device and field.
n=0
python3 -c "
import json
for f in json.load(open('$T_DIR/check.json')): print(f['message'])" >"$T_DIR/reasons"
while IFS= read -r reason; do
	n=$((n + 1))
	expect_doc "$TRAF" return "$reason。"
done <"$T_DIR/reasons"
expect_eq "five reasons in the return letter" "$n" 5
expect_contains "a reason names device 3 and its field" "$(cat "$T_DIR/reasons")" "設備3"
expect_doc "$TRAF" request "臺中市政府交通局　函" "中市交智字第1150098765號" "中華民國115年11月18日"
expect_doc "$TRAF" form "停車資訊網站" "SGH3401ABC" "7XK2M93" "SA3400"
wml_valid "$TRAF returned packet" "$OUTD/$TRAF"/*.docx

for r in admin security network antivirus mdr vans chief; do
	G review "$EPA" --role $r --result ok >/dev/null 2>&1
done
expect_exit "decide approve" 0 G decide "$EPA" approve
apno=$(sqlite3 "$DB" "SELECT doc_no FROM letters WHERE app_id = '$EPA' AND kind = 'approval'")
asset=$(sqlite3 "$DB" "SELECT bureau_asset_no FROM applications WHERE id = '$EPA'")
expect_exit "render the approved application" 0 G render "$EPA" --out "$OUTD"
expect_doc "$EPA" approval "臺中市政府數位發展局　函" "受文者：臺中市政府環境保護局" "$apno" \
	"$asset" "業經本局審核同意，請查照。" "中市環資字第1150012345號" \
	"分機22311" "分機22302" "分機22304" "分機22312" "分機22303" "盧分析師" "徐設計師" "梁管理師"
wml_valid "$EPA approved packet" "$OUTD/$EPA"/*.docx
expect_eq "the approval letter replaced no number" "$(sqlite3 "$DB" "SELECT count(*) FROM letters")" 2
expect_exit "render again" 0 G render "$EPA" --out "$OUTD"
expect_eq "rendering again issues no new number" "$(sqlite3 "$DB" "SELECT count(*) FROM letters")" 2
[ -f "$OUTD/$EPA/return.docx" ] && fail "approved: no return letter" || pass "approved: no return letter"

# ---- --archive: the admin password is never printed ----
sed 's/"admin_account": ""/"admin_account": "root PW-s3cret"/; s/115-EPA-0007/115-EPA-0099/' \
	"$EXAMPLES/application-complete.json" >"$T_DIR/pw.json"
if G import "$T_DIR/pw.json" >/dev/null 2>&1; then
	expect_exit "render --archive" 0 G render 115-EPA-0099 --archive --out "$OUTD"
	leak=0
	for f in "$OUTD"/115-EPA-0099/*.docx; do docx_text "$f" | grep -q "s3cret" && leak=1; done
	for f in $(find "$OUTD/115-EPA-0099" -name '*.pdf'); do
		pdftotext "$f" - 2>/dev/null | grep -q "s3cret" && leak=1
	done
	grep -rq "s3cret" "$OUTD/115-EPA-0099" && leak=1
	expect_eq "no copy carries the admin password" "$leak" 0
	expect_eq "archive copies written" "$(ls "$OUTD/115-EPA-0099/archive" | grep -c '\.pdf$')" 4
	expect_eq "archive copies are PDF/A (XMP pdfaid)" \
		"$(grep -a -l 'pdfaid:part' "$OUTD"/115-EPA-0099/archive/*.pdf | wc -l | tr -d ' ')" 4
	expect_eq "print copies are not PDF/A" \
		"$(grep -a -l 'pdfaid:part' "$OUTD"/115-EPA-0099/*.pdf | wc -l | tr -d ' ')" 0
else
	fail "import an application with an admin password"
fi

# ---- --all -j 2 ----
expect_exit "render --all -j 2" 0 G render --all -j 2 --out "$OUTD/all"
expect_contains "--all reports the count" "$OUT" "rendered 3 of 3"
expect_eq "--all: a folder per application" "$(ls "$OUTD/all" | wc -l | tr -d ' ')" 3
expect_exit "-j needs a number" 2 G render --all -j x --out "$OUTD/all"

# One application that cannot be rendered (returned, but its letter is
# missing from the store): reported by id, and the others are still written.
sed 's/115-EPA-0007/115-BAD-0001/' "$EXAMPLES/application-complete.json" >"$T_DIR/bad.json"
G import "$T_DIR/bad.json" >/dev/null 2>&1
sqlite3 "$DB" "UPDATE applications SET status = 'returned' WHERE id = '115-BAD-0001'"
expect_exit "render --all with one broken application: exit 1" 1 G render --all -j 2 --out "$OUTD/all2"
expect_contains "the failure names the application" "$ERR" "115-BAD-0001"
expect_contains "the failure says why" "$ERR" "no return letter"
expect_contains "--all counts the failure" "$OUT" "rendered 3 of 4"
expect_eq "the other three are written" "$(ls "$OUTD/all2" | wc -l | tr -d ' ')" 3
expect_exit "render the broken one alone: exit 1" 1 G render 115-BAD-0001 --out "$OUTD"
[ -d "$OUTD/115-BAD-0001" ] && fail "no folder for a failed render" || pass "no folder for a failed render"

# A worker syncs and publishes its packets 8 at a time: 19 applications on
# one worker cross two batch boundaries; every folder is there, complete,
# recorded, and no temporary folder is left.
BDB=$T_DIR/batch.db
"$GW" --db "$BDB" init >/dev/null
python3 - "$EXAMPLES/application-complete.json" "$T_DIR/b19.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
apps = []
for i in range(19):
    b = json.loads(json.dumps(a))
    b["id"] = "115-BAT-%04d" % i
    apps.append(b)
json.dump(apps, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$GW" --db "$BDB" import "$T_DIR/b19.json" >/dev/null
expect_exit "render --all -j 1, 19 applications" 0 "$GW" --db "$BDB" render --all -j 1 --out "$T_DIR/b19"
expect_eq "19 folders" "$(ls "$T_DIR/b19" | wc -l | tr -d ' ')" 19
expect_eq "no temporary folder left" "$(ls -a "$T_DIR/b19" | grep -c 'tmp-')" 0
expect_eq "every packet complete (packet.pdf)" "$(ls "$T_DIR"/b19/*/packet.pdf | wc -l | tr -d ' ')" 19
expect_eq "every packet recorded" \
	"$(sqlite3 "$BDB" "SELECT count(DISTINCT app_id) FROM documents WHERE kind = 'packet'")" 19

# A single reason takes no number: 「二、經查…有不符事項：…。」 without (一).
python3 - "$EXAMPLES/application-complete.json" "$T_DIR/one.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
a["id"] = "115-ONE-0001"
a["devices"][0]["serial"] = ""
json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)
PY
G import "$T_DIR/one.json" >/dev/null
expect_exit "one failed rule" 1 G check 115-ONE-0001
expect_exit "decide return (one reason)" 0 G decide 115-ONE-0001 return
expect_exit "render the one-reason return letter" 0 G render 115-ONE-0001 --out "$OUTD"
one=$(G check 115-ONE-0001 --json 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['message'])")
expect_doc 115-ONE-0001 return "經查旨揭申請文件有不符事項：$one。"
p1=$(pdftotext "$OUTD/115-ONE-0001/return.pdf" - | tr -d ' \n')
expect_contains "one reason: numbered 二 and 三 as usual" "$p1" "二、經查旨揭申請文件有不符事項"
expect_contains "one reason: the closing item is 三" "$p1" "三、請於文件齊備後"
expect_not_contains "one reason: no (一)" "$p1" "(一)"
expect_not_contains "one reason: no （一）" "$p1" "（一）"

# ---- every DOCX this file rendered is structurally valid ----
# (the packets above in their final state, --only, --archive, --all with a
# broken application, the 19 of one worker, the one-reason letter; not the
# broken templates).
find "$T_DIR" -name '*.docx' ! -path "$T_DIR/badtpl/*" | sort >"$T_DIR/all-docx"
# 125 = 19 × 4 (b19) + 5 + 4 + 5 + 5 (packets/) + 2 × 14 (all/, all2/) + 2 (only/)
expect_eq "DOCX rendered by this file" "$(wc -l <"$T_DIR/all-docx" | tr -d ' ')" 125
wml_valid "every rendered DOCX" $(cat "$T_DIR/all-docx")
# The check can fail: a cell that ends with a table and a footer without a
# paragraph (Word reports either as damage) in a copy of the form.
python3 - "$OUTD/$EPA/form.docx" "$T_DIR/damaged.docx" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); parts = {n: z.read(n) for n in z.namelist()}
d = parts["word/document.xml"].decode()
i = d.index("</w:tc>")
parts["word/document.xml"] = (d[:i] + "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>" + d[i:]).encode()
hf = sorted(n for n in parts if re.match(r"word/(header|footer)\d*\.xml$", n))[0]
parts[hf] = re.sub(r"<w:p\b.*</w:p>|<w:p/>", "", parts[hf].decode(), flags=re.S).encode()
with zipfile.ZipFile(sys.argv[2], "w") as o:
    for n, b in parts.items():
        o.writestr(n, b)
PY
expect_exit "the validator refuses a damaged letter" 1 python3 tests/tools/wml.py check "$T_DIR/damaged.docx"
expect_contains "it names the cell" "$OUT" "word/document.xml: table cell 1 ends with a table, not a paragraph"
expect_contains "it names the empty header or footer" "$OUT" "holds no paragraph"
