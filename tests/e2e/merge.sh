# tests/e2e/merge.sh — the template engine through the CLI: every case of the
# corpus written by tests/data/mktpl.py (merged text or exact stderr + exit),
# mail merge, --sql, --lenient, tags, hostile data, LibreOffice and python-docx.
ROOT=$PWD
case $GW in /*) ;; *) GW=$ROOT/$GW ;; esac
C=$T_DIR/corpus
python3 tests/data/mktpl.py "$C" || fail "corpus generator"
TEXT="python3 $ROOT/tests/data/docxtext.py"

for c in $(cat "$C/CASES"); do
	if [ -f "$C/$c.want" ]; then
		(cd "$C" && "$GW" merge "$c.docx" "$c.json" -o "$c.out.docx") >"$T_DIR/out" 2>"$T_DIR/err"
		rc=$?
		if [ $rc != 0 ]; then fail "case $c" "exit $rc: $(head -c 300 "$T_DIR/err")"; continue; fi
		got=$($TEXT "$C/$c.out.docx"); want=$(cat "$C/$c.want")
		expect_eq "case $c" "$got" "$want"
	else
		(cd "$C" && "$GW" merge "$c.docx" "$c.json" -o "$c.out.docx") >"$T_DIR/out" 2>"$T_DIR/err"
		rc=$?
		expect_eq "case $c exit" "$rc" "$(cat "$C/$c.code")"
		if cmp -s "$T_DIR/err" "$C/$c.err"; then pass "case $c stderr"; else
			fail "case $c stderr" "$(diff "$T_DIR/err" "$C/$c.err" | head -20)"; fi
		[ -e "$C/$c.out.docx" ] && fail "case $c left an output" || pass "case $c no output"
	fi
done

# The value keeps the formatting of the run where the tag starts (not bold).
xml=$(unzip -p "$C/split_runs.out.docx" word/document.xml)
expect_contains "split tag: value in first run" "$xml" '<w:r><w:t xml:space="preserve">Hello Bob</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"/></w:r>'
# Newlines and tabs become w:br and w:tab; markup in data stays text.
xml=$(unzip -p "$C/newline_tab.out.docx" word/document.xml)
expect_contains "newline → w:br" "$xml" '第一行</w:t><w:br/><w:t xml:space="preserve">第二行</w:t><w:tab/>'
xml=$(unzip -p "$C/escapes.out.docx" word/document.xml)
expect_contains "escaped data" "$xml" 'a&lt;b&gt;&amp;c ]]&gt; &lt;/w:t&gt;'
# Paragraph loops leave no empty paragraphs: para_loop_empty has exactly 2 + sectPr.
n=$(unzip -p "$C/para_loop_empty.out.docx" word/document.xml | grep -o '<w:p>' | wc -l)
expect_eq "empty paragraph loop leaves 2 paragraphs" "$n" 2
# Untouched parts are copied byte for byte.
a=$(unzip -p "$C/simple.docx" word/styles.xml | sha256sum); b=$(unzip -p "$C/simple.out.docx" word/styles.xml | sha256sum)
expect_eq "untouched part identical" "$a" "$b"

# --lenient: a missing field is empty with a warning.
(cd "$C" && "$GW" merge missing_field.docx missing_field.json -o lenient.docx --lenient) >"$T_DIR/out" 2>"$T_DIR/err"
expect_eq "lenient exit 0" "$?" 0
expect_contains "lenient warning" "$(cat "$T_DIR/err")" "gongwen: warning: missing_field.docx: word/document.xml, paragraph 1: tag {serial}: no field 'devices[2].serial' in the data; left empty"
expect_eq "lenient text" "$($TEXT "$C/lenient.docx")" "a:1b:"

# A failed merge never destroys an older output.
echo old >"$T_DIR/keep.docx"
expect_exit "failed merge exit" 1 "$GW" merge "$C/bad_date.docx" "$C/bad_date.json" -o "$T_DIR/keep.docx"
expect_eq "older output survives" "$(cat "$T_DIR/keep.docx")" old

# ---- Mail merge: an array → one document per record, names sanitised.
cat >"$T_DIR/mail.json" <<'J'
[{"id": "A-1", "name": "一"}, {"id": "../../evil", "name": "二"}, {"id": "B-3"},
 {"id": "x/y\u0001z", "name": "四"}, {"id": "A-1", "name": "dup"}, {"id": "..", "name": "六"}]
J
expect_exit "mail merge exit 1 (two bad records)" 1 "$GW" merge "$C/simple.docx" "$T_DIR/mail.json" -o "$T_DIR/letters/{id}.docx"
expect_contains "mail merge summary" "$OUT" "4 documents written, 2 failed"
expect_contains "mail merge: missing field reported" "$ERR" "gongwen: record 3 (B-3): $C/simple.docx: word/document.xml, paragraph 1: tag {name}: no field 'name' in the data"
expect_contains "mail merge: duplicate name refused" "$ERR" "record 5 (A-1): $T_DIR/letters/A-1.docx: already written by an earlier record"
ls "$T_DIR/letters" | LC_ALL=C sort >"$T_DIR/ls"
expect_eq "mail merge files (sanitised, inside the folder)" "$(cat "$T_DIR/ls" | tr '\n' ' ')" "A-1.docx _._.__evil.docx __.docx x_y_z.docx "
[ -e "$T_DIR/evil.docx" ] || [ -e "$T_DIR/../evil.docx" ] && fail "traversal wrote outside" || pass "no traversal"
expect_eq "mail merge record text" "$($TEXT "$T_DIR/letters/x_y_z.docx")" "姓名：四"
expect_exit "several records need a pattern" 2 "$GW" merge "$C/simple.docx" "$T_DIR/mail.json" -o "$T_DIR/one.docx"

# ---- From the store: one document per SQL row.
DB=$T_DIR/gw.db
"$GW" --db "$DB" init >/dev/null 2>&1
"$GW" --db "$DB" import "$EXAMPLES/application-complete.json" >/dev/null 2>&1
expect_exit "merge --sql" 0 "$GW" --db "$DB" merge "$C/dotted.docx" --sql \
	"SELECT json_object('id', id, 'agency', json_object('name', 'X' || id, 'code', 'C')) FROM applications" -o "$T_DIR/sql/{id}.docx"
expect_contains "merge --sql summary" "$OUT" "1 document written, 0 failed"
f=$(ls "$T_DIR/sql" | head -n 1)
expect_contains "merge --sql text" "$($TEXT "$T_DIR/sql/$f")" "（C）"

# ---- tags: listing, structure, lint.
expect_exit "tags ok" 0 "$GW" tags "$C/row_loop.docx"
expect_contains "tags lists a row section" "$OUT" "word/document.xml, paragraph 4	{#devices}	section 'devices' repeats rows"
expect_contains "tags indents the body" "$OUT" "word/document.xml, paragraph 5	  {type}"
expect_exit "tags --json" 0 "$GW" tags --json "$C/para_loop.docx"
expect_eq "tags --json parses" "$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["tags"][0]["place"], len(d["tags"]), len(d["errors"]))')" "paragraphs 5 0"
expect_exit "tags lint exit 3" 3 "$GW" tags "$C/errors.docx"
expect_contains "tags lint lists all" "$ERR" "paragraph 6: section 'rows' ends in another structure"
# --pdf: the merged document rendered beside the DOCX.
expect_exit "merge --pdf" 0 "$GW" merge "$C/filters.docx" "$C/filters.json" -o "$T_DIR/p.docx" --pdf
[ -s "$T_DIR/p.docx" ] && [ -s "$T_DIR/p.pdf" ] && pass "merge --pdf writes both" || fail "merge --pdf writes both"
expect_exit "mail merge --pdf into a new folder" 0 "$GW" merge "$C/simple.docx" "$T_DIR/mail.json" -o "$T_DIR/pdfs/{\$position}.docx" --lenient --pdf
[ -s "$T_DIR/pdfs/6.pdf" ] && [ -s "$T_DIR/pdfs/6.docx" ] && pass "mail merge --pdf files" || fail "mail merge --pdf files"
expect_contains "merge --pdf text" "$(pdftotext "$T_DIR/p.pdf" - 2>/dev/null | tr -d ' ')" "中華民國115年11月25日"

# A template that is not a DOCX: exit 1 with the package's message (as every command;
# tests/hostile pins it), no output.
echo "not a zip" >"$T_DIR/broken.docx"
expect_exit "broken template exit 1" 1 "$GW" merge "$T_DIR/broken.docx" "$C/simple.json" -o "$T_DIR/b.docx"
expect_contains "broken template message" "$ERR" "broken.docx: not a DOCX (not a zip archive)"
expect_exit "missing template exit 1" 1 "$GW" merge "$T_DIR/nope.docx" "$C/simple.json" -o "$T_DIR/b.docx"
expect_exit "tags on a broken template exit 1" 1 "$GW" tags "$T_DIR/broken.docx"

# ---- Hostile data: a 10 MB value, markup in data.
python3 - "$T_DIR/big.json" <<'P'
import json, sys
json.dump({"name": "甲<]]></w:t>&" * 800000}, open(sys.argv[1], "w"), ensure_ascii=False)
P
expect_exit "10 MB value" 0 "$GW" merge "$C/simple.docx" "$T_DIR/big.json" -o "$T_DIR/big.docx"
n=$($TEXT "$T_DIR/big.docx" | wc -c)
[ "$n" -gt 10000000 ] && pass "10 MB value merged ($n bytes)" || fail "10 MB value merged" "$n bytes"

# ---- Active content: refused by merge and by render --templates, listed by tags.
mkdir -p "$T_DIR/tpls"
cp templates/*.docx "$T_DIR/tpls/"
python3 - "$T_DIR/tpls" <<'P'
import os, sys, zipfile
for f in os.listdir(sys.argv[1]):
    path = os.path.join(sys.argv[1], f)
    z = zipfile.ZipFile(path)
    parts = {n: z.read(n) for n in z.namelist()}
    z.close()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdEvil" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/image" Target="file://attacker.example/x.png" '
        b'TargetMode="External"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
P
expect_exit "render --templates refuses active content" 1 "$GW" --db "$DB" render --all --templates "$T_DIR/tpls" --out "$T_DIR/rendered"
expect_contains "render names the part and the item" "$ERR" "request.docx: word/_rels/document.xml.rels: relationship rIdEvil: external image 'file://attacker.example/x.png' (fetched when the document is opened): active content refused"
expect_exit "tags lists active content" 3 "$GW" tags "$T_DIR/tpls/request.docx"
expect_contains "tags: active content line" "$ERR" "request.docx: word/_rels/document.xml.rels: relationship rIdEvil: external image"
expect_exit "merge refuses active content" 3 "$GW" merge "$T_DIR/tpls/blank.docx" "$C/simple.json" -o "$T_DIR/active.docx"
[ -e "$T_DIR/active.docx" ] && fail "refused merge wrote nothing" || pass "refused merge wrote nothing"
expect_exit "merge --allow-active" 0 "$GW" merge --allow-active --lenient "$T_DIR/tpls/blank.docx" "$C/simple.json" -o "$T_DIR/active.docx"
expect_contains "--allow-active warns per item" "$ERR" "gongwen: warning: $T_DIR/tpls/blank.docx: word/_rels/document.xml.rels: relationship rIdEvil: external image"
# External hyperlinks (https, mailto) are ordinary content.
python3 - "$C/simple.docx" "$T_DIR/links.docx" <<'P'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); parts = {n: z.read(n) for n in z.namelist()}
R = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(b"</Relationships>",
    b'<Relationship Id="rIdL1" Type="' + R + b'" Target="https://www.taichung.gov.tw/" TargetMode="External"/>'
    b'<Relationship Id="rIdL2" Type="' + R + b'" Target="mailto:epb@taichung.gov.tw" TargetMode="External"/></Relationships>')
with zipfile.ZipFile(sys.argv[2], "w") as o:
    for n, b in parts.items():
        o.writestr(n, b)
P
expect_exit "https and mailto links are not active content" 0 "$GW" merge "$T_DIR/links.docx" "$C/simple.json" -o "$T_DIR/links.out.docx"

# ---- Every merged document of this file is structurally valid WordprocessingML.
find "$T_DIR" -name '*.docx' ! -name keep.docx ! -name broken.docx ! -path "$T_DIR/tpls/*" | sort >"$T_DIR/outputs"
if python3 tests/tools/wml.py check $(cat "$T_DIR/outputs") >"$T_DIR/check" 2>&1; then
	pass "$(wc -l <"$T_DIR/outputs") merged documents structurally valid"
else
	fail "merged documents structurally valid" "$(head -c 600 "$T_DIR/check")"
fi

# ---- The output opens in python-docx and in LibreOffice (this one test only: slow).
# python-docx is Debian's (python3-docx), so the system interpreter.
PYSYS=/usr/bin/python3; [ -x $PYSYS ] || PYSYS=python3
$PYSYS -c '
import docx, sys
d = docx.Document(sys.argv[1])
t = [c.text for r in d.tables[0].rows for c in r.cells]
assert t[3:6] == ["web01", "Server(AP)", "10.0.0.1"], t
print("ok")' "$C/row_loop.out.docx" >"$T_DIR/out" 2>&1
expect_eq "python-docx opens the merged table" "$(cat "$T_DIR/out")" ok
if command -v soffice >/dev/null 2>&1; then
	timeout 120 soffice -env:UserInstallation=file://$T_DIR/lo --headless --convert-to pdf \
		"$C/filters.out.docx" --outdir "$T_DIR/lo-out" >/dev/null 2>&1
	if [ -s "$T_DIR/lo-out/filters.out.pdf" ]; then
		expect_contains "LibreOffice renders the merged text" "$(pdftotext "$T_DIR/lo-out/filters.out.pdf" - 2>/dev/null | tr -d ' ')" "中華民國115年11月25日"
	else
		fail "LibreOffice converts the merged DOCX"
	fi
fi
