# End-to-end: attachments (gongwen attach / attachments / detach, import
# naming files, export --files, rule R10, render with the attachments).
# Hostile files are refused or contained; a crash between the file and its
# row leaves no orphan row and loses no file; concurrent attaches to one
# application all land.  PDFs come from gongwen's own renders and the qpdf
# command line; images from pdftoppm.
DB=$T_DIR/a.db
EX=$EXAMPLES/application-complete.json
ID=115-EPA-0007
G() { "$GW" --db "$DB" "$@"; }
q() { sqlite3 "$DB" "$1"; }
# files in the store (not counting the temp folder)
stored() { find "$T_DIR/files" -path "$T_DIR/files/tmp" -prune -o -type f -print 2>/dev/null | wc -l; }
pages() { qpdf --show-npages "$1" 2>/dev/null; }

G init >/dev/null
G import "$EX" >/dev/null
G render "$ID" --out "$T_DIR/src" --only request,form >/dev/null 2>&1
REQ=$T_DIR/src/$ID/request.pdf FORM=$T_DIR/src/$ID/form.pdf
cp "$REQ" "$T_DIR/scan.pdf"
pdftoppm -r 20 -png -singlefile "$REQ" "$T_DIR/shot"
pdftoppm -r 20 -jpeg -singlefile "$FORM" "$T_DIR/shot"

# ---- good files ----
expect_exit "attach a PDF report" 0 G attach "$ID" "$T_DIR/scan.pdf" --device 1 --kind host_vuln_scan
expect_contains "it says what it stored" "$OUT" "attached #1 $ID: device 1 host_vuln_scan scan.pdf (application/pdf"
sha=$(sha256sum "$T_DIR/scan.pdf" | cut -c1-64)
expect_eq "the file is stored by its sha256, beside the database" "$(cmp "$T_DIR/scan.pdf" "$T_DIR/files/$(echo "$sha" | cut -c1-2)/$sha" && echo same)" same
expect_exit "attach a PNG screenshot as evidence" 0 G attach "$ID" "$T_DIR/shot.png" --device 2 --kind antivirus
expect_contains "as an image" "$OUT" "image/png, 1 page"
expect_exit "attach a JPEG as the go-live record" 0 G attach "$ID" "$T_DIR/shot.jpg" --device 1 --kind golive
expect_exit "the same file twice" 0 G attach "$ID" "$T_DIR/scan.pdf" --device 1 --kind host_vuln_scan
expect_contains "is stored once" "$OUT" "already attached as #1"
expect_eq "three rows" "$(q "SELECT count(*) FROM attachments")" 3
expect_exit "attachments lists them" 0 G attachments "$ID"
expect_eq "one line each and a header" "$(printf '%s\n' "$OUT" | wc -l)" 4
expect_exit "attachments --json" 0 G attachments "$ID" --json
expect_eq "with media types by content" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(",".join(a["media_type"] for a in json.load(sys.stdin)))')" \
	"application/pdf,image/jpeg,image/png"
expect_eq "history records each attach" "$(q "SELECT count(*) FROM history WHERE action = 'attach'")" 3

# ---- hostile files: refused with one line, nothing stored ----
n0=$(stored) r0=$(q "SELECT count(*) FROM attachments")
printf '%%PDF-1.7\n<html><script>alert(1)</script></html>\n' > "$T_DIR/fake.pdf"
qpdf --encrypt secret owner 256 -- "$T_DIR/scan.pdf" "$T_DIR/enc.pdf"
qpdf --encrypt "" owner 256 -- "$T_DIR/scan.pdf" "$T_DIR/enc-owner.pdf"
head -c $(($(wc -c < "$T_DIR/scan.pdf") / 2)) "$T_DIR/scan.pdf" > "$T_DIR/trunc.pdf"
python3 - "$T_DIR/bomb.pdf" <<'PY'
import sys, zipfile
# 200 MB of zeros in a few hundred kB, renamed .pdf
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("zeros.bin", "w", force_zip64=True) as f:
        block = bytes(1 << 20)
        for _ in range(200):
            f.write(block)
PY
printf '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>' > "$T_DIR/pic.png"
printf '<!DOCTYPE html><html><body onload="alert(1)"></body></html>' > "$T_DIR/page.pdf"
: > "$T_DIR/empty.pdf"
try() { # NAME FILE WANT
	expect_exit "refuses $1" 1 G attach "$ID" "$2" --device 1 --kind host_vuln_scan
	expect_contains "$1: says why" "$ERR" "$3"
	expect_eq "$1: one line" "$(printf '%s\n' "$ERR" | wc -l)" 1
}
try "a PDF header on HTML" "$T_DIR/fake.pdf" "a damaged PDF"
try "an encrypted PDF" "$T_DIR/enc.pdf" "encrypted PDF"
try "a PDF encrypted with an owner password only" "$T_DIR/enc-owner.pdf" "encrypted PDF"
try "a truncated PDF" "$T_DIR/trunc.pdf" "a damaged PDF"
try "a zip bomb renamed .pdf" "$T_DIR/bomb.pdf" "not a PDF, PNG or JPEG file (it is a ZIP archive)"
try "an SVG named .png" "$T_DIR/pic.png" "it is an SVG image"
try "HTML named .pdf" "$T_DIR/page.pdf" "it is HTML or XML"
try "a 0-byte file" "$T_DIR/empty.pdf" "an empty file"
head -c $(($(wc -c < "$T_DIR/shot.png") / 2)) "$T_DIR/shot.png" > "$T_DIR/trunc.png"
try "a truncated PNG" "$T_DIR/trunc.png" "a damaged PNG image"
head -c $(($(wc -c < "$T_DIR/shot.jpg") / 3)) "$T_DIR/shot.jpg" > "$T_DIR/trunc.jpg"
try "a truncated JPEG" "$T_DIR/trunc.jpg" "a damaged JPEG image"
try "a folder" "$T_DIR/src" "not a regular file"
expect_eq "nothing stored by any refusal" "$(stored)/$(q "SELECT count(*) FROM attachments")" "$n0/$r0"
expect_eq "no temp file left" "$(ls "$T_DIR/files/tmp" | wc -l)" 0
expect_exit "an unknown kind" 2 G attach "$ID" "$T_DIR/scan.pdf" --device 1 --kind virus_scan
expect_exit "a report without its device" 2 G attach "$ID" "$T_DIR/scan.pdf" --kind pentest
expect_exit "a device the application does not have" 1 G attach "$ID" "$T_DIR/scan.pdf" --device 7 --kind pentest
expect_contains "names it" "$ERR" "has no device 7"

# A PDF with JavaScript and a launch action: stored as evidence, flagged.
python3 - "$T_DIR/js-src.pdf" <<'PY'
import sys
objs = [b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (calc.exe) >> >>"]
out = b"%PDF-1.4\n"; offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for o in offs: out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
PY
qpdf "$T_DIR/js-src.pdf" "$T_DIR/active.pdf"
expect_exit "a PDF with JavaScript and a launch action is stored" 0 G attach "$ID" "$T_DIR/active.pdf" --kind other
expect_contains "and flagged" "$ERR" "holds javascript, launch: stored and flagged"
expect_eq "the flags are in the row" "$(q "SELECT flags FROM attachments WHERE kind = 'other'")" "javascript,launch"

# A name with ../ and control characters: the last part, made safe.
cp "$T_DIR/scan.pdf" "$T_DIR/evil.pdf"
expect_exit "a hostile name" 0 G attach "$ID" "$T_DIR/evil.pdf" --kind other --name "$(printf '../../etc/\033[31mred\007.pdf')"
expect_eq "is stored cleaned" "$(q "SELECT name FROM attachments ORDER BY id DESC LIMIT 1")" "_[31mred_.pdf"
expect_exit "the listing" 0 G attachments "$ID"
expect_not_contains "prints no escape character" "$OUT" "$(printf '\033')"
expect_eq "nothing outside the store" "$(find "$T_DIR" -name '*red*' | wc -l)" 0

# ---- limits ----
python3 - "$T_DIR/big-src.pdf" <<'PY'
import sys, os
data = os.urandom(600 * 1024)  # incompressible: the file stays large
objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"]
out = b"%PDF-1.4\n"; offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % x
open(sys.argv[1], "wb").write(out)
PY
qpdf "$T_DIR/big-src.pdf" "$T_DIR/big1.pdf"
sed 's|/MediaBox \[ 0 0 595 842 \]|/MediaBox [ 0 0 596 842 ]|' "$T_DIR/big1.pdf" > "$T_DIR/big2-src.pdf"
qpdf "$T_DIR/big2-src.pdf" "$T_DIR/big2.pdf" 2>/dev/null
G import "$EXAMPLES/application-incomplete.json" >/dev/null
ID2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$EXAMPLES/application-incomplete.json")
G bureau set attach_max_file_mb 1 attach_max_app_mb 1 >/dev/null
expect_exit "one file under the limits" 0 G attach "$ID2" "$T_DIR/big1.pdf" --kind other
expect_exit "the second goes over the application's limit" 1 G attach "$ID2" "$T_DIR/big2.pdf" --kind other
expect_contains "and says so" "$ERR" "more than the limit of 1 MB (bureau.attach_max_app_mb)"
head -c 1100000 /dev/zero >> "$T_DIR/big2.pdf"
expect_exit "a file over the per-file limit" 1 G attach "$ID2" "$T_DIR/big2.pdf" --kind other
expect_contains "is refused before it is read" "$ERR" "more than the limit of 1 MB a file"
G bureau set attach_max_file_mb 50 attach_max_app_mb 300 >/dev/null

# ---- concurrent attaches to one application ----
i=1
while [ $i -le 6 ]; do
	pdftoppm -r $((20 + i)) -png -singlefile "$REQ" "$T_DIR/c$i"
	i=$((i + 1))
done
r0=$(q "SELECT count(*) FROM attachments WHERE app_id = '$ID'")
for i in 1 2 3 4 5 6; do
	G attach "$ID" "$T_DIR/c$i.png" --kind other >/dev/null 2>"$T_DIR/c$i.err" &
	G attach "$ID" "$T_DIR/c1.png" --kind other >/dev/null 2>>"$T_DIR/c$i.err" &
done
wait
expect_eq "every concurrent attach landed, the shared file once" \
	"$(q "SELECT count(*) FROM attachments WHERE app_id = '$ID'")" $((r0 + 6))
expect_eq "no errors" "$(cat "$T_DIR"/c?.err)" ""
expect_eq "one file per content" "$(stored)" "$(q "SELECT count(DISTINCT sha256) FROM attachments")"

# ---- a crash between the file and its row ----
n0=$(stored) r0=$(q "SELECT count(*) FROM attachments")
pdftoppm -r 33 -png -singlefile "$REQ" "$T_DIR/crash"
GW_CRASH_AT=attach-file "$GW" --db "$DB" attach "$ID" "$T_DIR/crash.png" --kind other >/dev/null 2>&1
expect_eq "the crashed attach was killed" "$?" 137
expect_eq "no row for it" "$(q "SELECT count(*) FROM attachments")" "$r0"
expect_exit "the next command opens the store" 0 G attachments "$ID"
expect_eq "and the sweep removed the file no row names" "$(stored)" "$n0"
expect_eq "and the temp file" "$(ls "$T_DIR/files/tmp" | wc -l)" 0
# A crash while detaching: the row stays, and so does its file.
victim=$(q "SELECT id || ' ' || sha256 FROM attachments WHERE kind = 'antivirus'")
GW_CRASH_AT=detach-trash "$GW" --db "$DB" detach "$ID" "${victim%% *}" >/dev/null 2>&1
expect_eq "the crashed detach was killed" "$?" 137
expect_exit "the next command opens the store" 0 G attachments "$ID"
vsha=${victim#* }
expect_eq "the row is still there" "$(q "SELECT count(*) FROM attachments WHERE id = ${victim%% *}")" 1
expect_eq "and its file is back, whole" "$(sha256sum "$T_DIR/files/$(echo "$vsha" | cut -c1-2)/$vsha" | cut -c1-64)" "$vsha"

# ---- detach ----
expect_exit "detach by number" 0 G detach "$ID" "${victim%% *}"
expect_eq "the row goes" "$(q "SELECT count(*) FROM attachments WHERE sha256 = '$vsha'")" 0
expect_eq "and the file no row names" "$(ls "$T_DIR/files/$(echo "$vsha" | cut -c1-2)/" | grep -c "$vsha")" 0
expect_exit "detach by sha256 prefix" 0 G detach "$ID" "$(echo "$sha" | cut -c1-12)"
expect_eq "removes every row of that content (the report and the renamed copy)" "$(printf '%s\n' "$OUT" | grep -c '^detached')" 2
expect_exit "an unknown attachment" 1 G detach "$ID" 9999
expect_exit "not an attachment name" 2 G detach "$ID" "../x"
expect_eq "history records each detach" "$(q "SELECT count(*) FROM history WHERE action = 'detach'")" 3

# ---- rule R10 ----
G attach "$ID" "$T_DIR/scan.pdf" --device 1 --kind host_vuln_scan >/dev/null
expect_exit "check passes with the setting off" 0 G check "$ID"
expect_exit "require_attachments on" 0 G bureau set require_attachments 1
expect_exit "check fails" 1 G check "$ID"
expect_contains "naming the device and the report" "$OUT" "R10 設備1（空品網站伺服器）：原始碼檢測結果報告未附檔案"
expect_contains "and the evidence" "$OUT" "R10 設備2（空品資料庫伺服器）：端點偵測應變（MDR）軟體安裝佐證文件「MDR回報畫面.pdf」未附檔案"
expect_not_contains "an attached report passes" "$OUT" "設備1（空品網站伺服器）：主機弱點掃描結果報告未附檔案"
expect_not_contains "an attached go-live record passes" "$OUT" "設備1（空品網站伺服器）：資訊系統上線作業紀錄表未附檔案"
expect_not_contains "exempt devices need none" "$OUT" "設備3"
expect_exit "check --json" 1 G check "$ID" --json
expect_contains "has the field" "$OUT" '"field": "devices[0].reports[0].file"'
expect_exit "status shows it" 0 G status "$ID"
expect_contains "in the check" "$OUT" "R10 設備1"
expect_exit "check FILE.json follows the setting" 1 G check "$EX"
expect_contains "for files" "$OUT" "R10 設備1"

# The return letter names them.
G review "$ID" --role security --result fail --note "報告不齊" >/dev/null
G decide "$ID" return --date 2026-11-25 >/dev/null 2>&1
G render "$ID" --out "$T_DIR/ret" >/dev/null 2>&1
expect_contains "the return letter gives R10's reasons" "$(pdftotext "$T_DIR/ret/$ID/return.pdf" - | tr -d ' \n')" "原始碼檢測結果報告未附檔案"
expect_exit "a returned application's attachments cannot change" 1 G attach "$ID" "$T_DIR/shot.png" --kind other
expect_contains "says why" "$ERR" "is returned"
expect_exit "nor be detached" 1 G detach "$ID" 1

# ---- render with the attachments ----
G render "$ID" --out "$T_DIR/o1" >/dev/null 2>&1
base=$(pages "$T_DIR/o1/$ID/packet.pdf")
expect_exit "render --with-attachments --archive" 0 G render "$ID" --out "$T_DIR/o2" --with-attachments --archive
# each attachment starts on a front side: a blank page before it when the count so far is odd
want=$(G attachments "$ID" --json | python3 -c 'import json,sys
n = int(sys.argv[1])
for a in json.load(sys.stdin):
    n += n % 2 + a["pages"]
print(n)' "$base")
expect_eq "packet.pdf has the documents' pages, every attachment's, and duplex blanks" "$(pages "$T_DIR/o2/$ID/packet.pdf")" "$want"
expect_exit "packet.pdf passes qpdf --check" 0 qpdf --check "$T_DIR/o2/$ID/packet.pdf"
expect_contains "an attached report's text is in the print job" "$(pdftotext "$T_DIR/o2/$ID/packet.pdf" - | tr -d ' \n')" "$(pdftotext "$T_DIR/scan.pdf" - | tr -d ' \n' | head -c 30)"
expect_eq "attachments/ holds each file" "$(ls "$T_DIR/o2/$ID/attachments" | wc -l)" "$(q "SELECT count(*) FROM attachments WHERE app_id = '$ID'")"
expect_eq "and the archive copy too" "$(ls "$T_DIR/o2/$ID/archive/attachments" | wc -l)" "$(q "SELECT count(*) FROM attachments WHERE app_id = '$ID'")"
expect_eq "manifest.json lists them with their sha256" "$(python3 - "$T_DIR/o2/$ID" <<'PY'
import json, sys, hashlib, os
m = json.load(open(os.path.join(sys.argv[1], "manifest.json")))
a = [f for f in m["files"] if f["document"] == "attachment"]
ok = all(hashlib.sha256(open(os.path.join(sys.argv[1], f["name"]), "rb").read()).hexdigest() == f["sha256"] for f in a)
print(len(a), ok, m["with_attachments"])
PY
)" "$(( $(q "SELECT count(*) FROM attachments WHERE app_id = '$ID'") * 2 )) True True"
expect_eq "the active PDF is in the manifest with its flags" \
	"$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(sorted({",".join(f["attachment"]["flags"]) for f in m["files"] if f["document"] == "attachment"}))' "$T_DIR/o2/$ID/manifest.json")" \
	"['', 'javascript,launch']"
expect_eq "the documents table lists the folder's files (but the manifest)" \
	"$(q "SELECT count(*) FROM documents WHERE folder LIKE '%/o2/$ID'")" "$(find "$T_DIR/o2/$ID" -type f ! -name manifest.json | wc -l)"

# ---- import names files; export --files writes them back ----
G bureau set require_attachments 0 >/dev/null
mkdir -p "$T_DIR/in/reports"
cp "$T_DIR/scan.pdf" "$T_DIR/in/reports/host.pdf"
cp "$T_DIR/shot.png" "$T_DIR/in/av.png"
cp "$T_DIR/shot.jpg" "$T_DIR/in/golive.jpg"
python3 - "$EX" "$T_DIR/in/app.json" X-1 <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); a["id"] = sys.argv[3]
d = a["devices"][1]
d["reports"][0]["file"] = "reports/host.pdf"
d["security_software"]["antivirus"]["file"] = "av.png"
d["golive_file"] = "golive.jpg"
a["attachments"] = [{"kind": "other", "file": "reports/host.pdf"}]
json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_exit "import copies the named files in" 0 G import "$T_DIR/in/app.json"
expect_eq "four rows" "$(q "SELECT group_concat(coalesce(device, '-') || ':' || kind || ':' || name, ' ') FROM (SELECT * FROM attachments WHERE app_id = 'X-1' ORDER BY id)")" \
	"2:host_vuln_scan:host.pdf 2:antivirus:av.png 2:golive:golive.jpg -:other:host.pdf"
# all or nothing: a bad file anywhere stores nothing
python3 - "$T_DIR/in/app.json" "$T_DIR/in/bad.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); a["id"] = "X-2"
a["devices"][0]["reports"][1]["file"] = "../fake.pdf"
json.dump(a, open(sys.argv[2], "w"), ensure_ascii=False)
PY
n0=$(stored)
expect_exit "a file outside the JSON's folder" 1 G import "$T_DIR/in/bad.json"
expect_contains "names the field" "$ERR" "bad.json: devices[0].reports[1].file"
cp "$T_DIR/fake.pdf" "$T_DIR/in/fake.pdf"
sed -i 's|\.\./fake\.pdf|fake.pdf|' "$T_DIR/in/bad.json"
expect_exit "a hostile named file" 1 G import "$T_DIR/in/bad.json"
expect_contains "names the field and the cause" "$ERR" "devices[0].reports[1].file: "
expect_eq "nothing imported" "$(q "SELECT count(*) FROM applications WHERE id = 'X-2'")/$(q "SELECT count(*) FROM attachments WHERE app_id = 'X-2'")" "0/0"
expect_eq "no file left behind" "$(stored)" "$n0"
expect_exit "import --replace keeps the attachments" 0 G import --replace "$EX"
expect_eq "still there" "$(q "SELECT count(*) FROM attachments WHERE app_id = '$ID'")" "$(q "SELECT count(*) FROM attachments WHERE app_id = '$ID' AND id > 0")"

expect_exit "export --files" 0 G export X-1 --files "$T_DIR/exp"
expect_eq "prints the JSON's path" "$OUT" "$T_DIR/exp/X-1.json"
"$GW" --db "$T_DIR/b.db" init >/dev/null
expect_exit "which imports into another store" 0 "$GW" --db "$T_DIR/b.db" import "$T_DIR/exp/X-1.json"
expect_exit "and exports again" 0 "$GW" --db "$T_DIR/b.db" export X-1 --files "$T_DIR/exp2"
expect_eq "the same attachments (device, kind, name, sha256)" \
	"$(sqlite3 "$T_DIR/b.db" "SELECT group_concat(coalesce(device,'-')||kind||name||sha256) FROM (SELECT * FROM attachments ORDER BY id)")" \
	"$(q "SELECT group_concat(coalesce(device,'-')||kind||name||sha256) FROM (SELECT * FROM attachments WHERE app_id = 'X-1' ORDER BY id)")"
expect_eq "and the same JSON" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])))' "$T_DIR/exp/X-1.json" "$T_DIR/exp2/X-1.json")" True
expect_eq "whose files are the originals" "$(cmp "$T_DIR/exp/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["devices"][1]["golive_file"])' "$T_DIR/exp/X-1.json")" "$T_DIR/in/golive.jpg" && echo same)" same
expect_exit "a plain export names no file" 0 G export X-1
expect_not_contains "no file key" "$OUT" '"file"'
