# End-to-end: the real-world Word features of issue 14 rendered by gongwen pdf,
# checked by content (pdftotext text and word boxes): floating pictures and
# text boxes with wrap, columns (two x-ranges, balanced, column break),
# footnotes at the foot of their page, endnotes at the end, PAGE/NUMPAGES in
# the body per page, content controls.  Page counts are LibreOffice 7.4's with
# the same fonts (make fidelity compares the lines).
C=$T_DIR/corpus
/usr/bin/python3 tests/fidelity/make_corpus.py "$C" >/dev/null 2>&1 || fail "layout: corpus" "make_corpus.py failed"

pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }
# box PDF PAGE TEXT: "xMin yMin xMax yMax" (integers) of the first word holding TEXT
box() {
	pdftotext -f "$2" -l "$2" -bbox "$1" - 2>/dev/null |
		awk -v w="$3" 'index($0, w) && /<word/ {
			n = split($0, a, "\""); printf "%d %d %d %d\n", a[2], a[4], a[6], a[8]; exit }'
}
page_text() { pdftotext -f "$2" -l "$2" "$1" - 2>/dev/null | tr -d ' \n'; }

for spec in f-float-square:1 f-float-center:1 f-float-topbottom:1 f-float-logo:1 f-textbox:1 f-group:1 f-float-cell:1 f-float-header:1 f-columns:1 \
	    f-columns-balanced:1 f-columns-unequal:2 f-notes:3 f-notes-page:3 f-fields:3 f-page-formats:2 f-sdt:1 f-letter-all:3 \
	    f-lead-break:3 f-section-marks:2; do
	d=${spec%%:*} want=${spec##*:}
	expect_exit "pdf $d" 0 "$GW" pdf "$C/$d.docx" -o "$T_DIR/$d.pdf"
	expect_eq "pdf $d: pages as LibreOffice" "$(pages "$T_DIR/$d.pdf")" "$want"
	expect_not_contains "pdf $d: no warning of an unread feature" "$ERR" "ignored"
done

# a paragraph that begins with a page break starts the next page and leaves no
# empty line behind (a full page before it: 3 pages, not 4); an empty paragraph
# that only carries a section break takes no room (LibreOffice)
expect_contains "lead break: page 2 begins with the paragraph" "$(page_text "$T_DIR/f-lead-break.pdf" 2)" "本段以分頁符號開始"
expect_contains "lead break: page 3 after a break-only paragraph" "$(page_text "$T_DIR/f-lead-break.pdf" 3)" "第3頁"
set -- $(pdftotext -f 1 -l 1 -bbox "$T_DIR/f-section-marks.pdf" - 2>/dev/null |
	awk -F'"' '/<word/ && index($0, "分節符號之間") { printf "%d ", $4 }')
y1=$1 y2=$2 y3=$3
if [ -n "$y1" ] && [ -n "$y3" ] && [ $((y2 - y1)) -lt 20 ] && [ $((y3 - y2)) -lt 20 ]; then
	pass "section marks: no empty line between the sections"
else fail "section marks: no empty line between the sections" "y $y1 $y2 $y3"; fi

# square wrap: the lines beside the right-aligned picture end before it, the
# paragraph above runs to the margin; the picture is drawn
P=$T_DIR/f-float-square.pdf
set -- $(box "$P" 1 "1、資訊機房")
full=$3
set -- $(box "$P" 1 "2、資訊機房")
if [ -n "$full" ] && [ -n "$3" ] && [ "$3" -lt $((full - 60)) ]; then pass "wrap: text beside the picture is narrower"
else fail "wrap: text beside the picture is narrower" "right edges $3 vs $full"; fi
n=$(pdfimages -list "$P" 2>/dev/null | awk 'NR > 2' | wc -l)
expect_eq "wrap: the floating pictures drawn" "$n" "2"
# the left float (72 pt at the margin, 9 pt away): lines start right of it
n=$(pdftotext -bbox "$P" - 2>/dev/null | awk -F'"' '/<word/ && $2 > 135 && $2 < 140' | wc -l)
if [ "$n" -ge 4 ]; then pass "wrap: text right of a left float"
else fail "wrap: text right of a left float" "$n lines start beside it"; fi

# a picture in the middle: text on both sides of it, on the same baselines
P=$T_DIR/f-float-center.pdf
n=$(pdftotext -bbox "$P" - 2>/dev/null | awk -F'"' '/<word/ && $2 > 340 && $2 < 360 { print int($4) }' | sort -u | wc -l)
if [ "$n" -ge 5 ]; then pass "wrap both sides: text right of the picture"
else fail "wrap both sides: text right of the picture" "$n lines start right of it"; fi

# top-and-bottom: nothing beside the picture, the text goes on below it
P=$T_DIR/f-float-topbottom.pdf
set -- $(box "$P" 1 "1、資訊機房"); y1=$2
set -- $(box "$P" 1 "2、資訊機房"); y2=$2
if [ -n "$y1" ] && [ -n "$y2" ] && [ $((y2 - y1)) -gt 130 ]; then pass "top-and-bottom: text below the picture"
else fail "top-and-bottom: text below the picture" "y $y1 → $y2"; fi

# a letterhead logo at a page position: the heading stays beside it, centred
P=$T_DIR/f-float-logo.pdf
set -- $(box "$P" 1 "臺中市政府數位發展局")
if [ -n "$1" ] && [ "$1" -gt 130 ] && [ "$2" -lt 110 ]; then pass "logo: heading beside the logo"
else fail "logo: heading beside the logo" "at $1,$2"; fi

# text boxes: their text inside the box (right margin), the VML one at the left
P=$T_DIR/f-textbox.pdf
set -- $(box "$P" 1 "核章欄")
if [ -n "$1" ] && [ "$1" -gt 340 ]; then pass "text box: its text inside the box"; else fail "text box: its text inside the box" "x=$1"; fi
expect_contains "text box: all its lines" "$(page_text "$P" 1)" "單位主管："
expect_contains "VML text box: its text" "$(page_text "$P" 1)" "另案辦理"

# a floating group of text boxes (a stamp area): each box's text in its place
P=$T_DIR/f-group.pdf
set -- $(box "$P" 1 "承辦人："); ga=$1 gy=$2
set -- $(box "$P" 1 "單位主管："); gb=$1 gy2=$2
if [ -n "$ga" ] && [ "$ga" -gt 400 ] && [ -n "$gb" ] && [ "$gb" -eq "$ga" ] && [ "$gy2" -gt $((gy + 30)) ]; then
	pass "group: its text boxes where the group puts them"
else fail "group: its text boxes where the group puts them" "$ga,$gy / $gb,$gy2"; fi

# floats in a header (a logo, a 檔號 box) and in a table cell (its text beside it)
P=$T_DIR/f-float-cell.pdf
expect_contains "header text box" "$(page_text "$P" 1)" "檔號：保存年限："
set -- $(box "$P" 1 "機關")
if [ -n "$1" ] && [ "$1" -gt 90 ]; then pass "float in a cell: its text beside it"
else fail "float in a cell: its text beside it" "x=$1"; fi
n=$(pdfimages -list "$P" 2>/dev/null | awk 'NR > 2' | wc -l)
expect_eq "float in a header and a cell: both drawn" "$n" "2"

# a header's box reaching into the body: the first lines end before it, later ones do not
P=$T_DIR/f-float-header.pdf
set -- $(box "$P" 1 "資訊機房設備進駐前"); r1=$3
n=$(pdftotext -bbox "$P" - 2>/dev/null | awk -F'"' '/<word/ && $6 > 530' | wc -l)
if [ -n "$r1" ] && [ "$r1" -lt 410 ] && [ "$n" -ge 3 ]; then pass "header float: body text beside it, then full width"
else fail "header float: body text beside it, then full width" "first line ends at $r1, $n full lines"; fi

# two columns: two x-ranges, the column break starts the second column
P=$T_DIR/f-columns.pdf
set -- $(box "$P" 1 "1、資訊機房"); x1=$1 r1=$3
set -- $(box "$P" 1 "5、資訊機房"); x5=$1
if [ -n "$x1" ] && [ -n "$x5" ] && [ "$r1" -lt 300 ] && [ "$x5" -gt 300 ]; then pass "columns: two x-ranges"
else fail "columns: two x-ranges" "1、 at $x1..$r1, 5、 at $x5"; fi

# unequal columns (280 pt and 180 pt): each laid out at its own width
P=$T_DIR/f-columns-unequal.pdf
set -- $(box "$P" 1 "1、資訊機房"); w1=$(($3 - $1)) x1=$1
set -- $(box "$P" 1 "8、資訊機房"); w8=$(($3 - $1)) x8=$1
if [ "$x8" -gt 340 ] && [ "$w8" -lt $((w1 - 60)) ] && [ "$w8" -gt 100 ]; then pass "columns: unequal widths"
else fail "columns: unequal widths" "1、 at $x1 width $w1; 8、 at $x8 width $w8"; fi
set -- $(box "$P" 2 "資訊機房"); x=$1 w=$(($3 - $1))
if [ "$x" -lt 100 ] && [ "$w" -gt 200 ]; then pass "columns: the wide first column again on page 2"
else fail "columns: the wide first column again on page 2" "at $x width $w"; fi

# balanced before a continuous break: both columns used, the one-column text after them
P=$T_DIR/f-columns-balanced.pdf
set -- $(box "$P" 1 "3、資訊機房"); x3=$1
set -- $(box "$P" 1 "以下回到單欄"); yl=$2
set -- $(box "$P" 1 "1、資訊機房"); y1=$2
if [ -n "$x3" ] && [ "$x3" -gt 300 ] && [ -n "$yl" ] && [ "$yl" -lt 400 ] && [ "$yl" -gt "$y1" ]; then
	pass "columns: balanced, the next section below them"
else fail "columns: balanced, the next section below them" "3、 x=$x3, after y=$yl"; fi

# footnotes: at the foot of the page that references them, below a separator;
# endnotes on the last page
P=$T_DIR/f-notes.pdf
set -- $(box "$P" 1 "依據資訊機房管理要點第"); yn=$2
if [ -n "$yn" ] && [ "$yn" -gt 700 ]; then pass "footnote at the foot of its page"; else fail "footnote at the foot of its page" "y=$yn"; fi
expect_contains "footnote 4 on page 2" "$(page_text "$P" 2)" "註4：依據資訊機房管理要點第6點辦理。"
expect_contains "endnotes on the last page" "$(page_text "$P" 3)" "章節附註2：本段資料由申請機關提供。"
expect_contains "endnote marks i, ii" "$(page_text "$P" 3)" "ii章節附註2"

# footnotes numbered on each page (numRestart eachPage): page 2's note is 1 again
P=$T_DIR/f-notes-page.pdf
expect_contains "per-page footnote numbers" "$(pdftotext -f 2 -l 2 -layout "$P" - | tr -d ' \n')" "1註4：依據"

# PAGE and NUMPAGES in the body, per page (complex fields); REF shows its result
P=$T_DIR/f-fields.pdf
expect_contains "body PAGE on page 1" "$(page_text "$P" 1)" "本頁為第1頁，共3頁"
expect_contains "body PAGE on page 2" "$(page_text "$P" 2)" "本頁為第2頁，共3頁"
expect_contains "body PAGE on page 3" "$(page_text "$P" 3)" "本頁為第3頁，共3頁"
expect_contains "other fields: the last result" "$(page_text "$P" 1)" "（參見第二點）"

# page numbers in the section's format (lowerRoman) and with \* switches, in the body and footer
P=$T_DIR/f-page-formats.pdf
expect_contains "page format: footer" "$(page_text "$P" 2)" "－ii－"
expect_contains "page format: body PAGE, ROMAN, Arabic" "$(page_text "$P" 2)" "頁碼ii、大寫II、共2頁"

# content controls: checkboxes drawn with their state's symbol, whole
P=$T_DIR/f-sdt.pdf
t=$(page_text "$P" 1)
expect_contains "checkbox checked" "$t" "申請類別：☒移入"
expect_contains "checkbox unchecked" "$t" "申請類別：☐移出"
expect_contains "checkbox checked again" "$t" "申請類別：☒攜出"
expect_contains "plain text control" "$t" "設備名稱：空氣品質監測資料庫伺服器"
expect_contains "date control" "$t" "預定日期：2026/12/1"
expect_contains "drop-down control" "$t" "設備類型：Server(DB)"

# all together: the letter's notes on page 1, the long table goes on, the annex in two columns
P=$T_DIR/f-letter-all.pdf
expect_contains "letter: footnote on page 1" "$(page_text "$P" 1)" "依據臺中市政府資訊機房管理要點辦理。"
expect_contains "letter: table header repeated" "$(pdftotext -f 2 -l 2 -layout "$P" - | tr -d ' \n')" "項次設備名稱資產編號上架位置"
set -- $(box "$P" 3 "8、資訊機房"); x8=$1
if [ -n "$x8" ] && [ "$x8" -gt 300 ]; then pass "letter: the annex in two columns"; else fail "letter: the annex in two columns" "8、 at x=$x8"; fi

# a checkbox control whose state is a Wingdings symbol: mapped to Unicode
cat >"$T_DIR/doc.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:body><w:p><w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="1"/><w14:checkedState w14:val="00FE" w14:font="Wingdings"/><w14:uncheckedState w14:val="006F" w14:font="Wingdings"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings" w:eastAsia="標楷體"/></w:rPr><w:t>x</w:t></w:r></w:sdtContent></w:sdt><w:r><w:rPr><w:rFonts w:eastAsia="標楷體"/></w:rPr><w:t>同意</w:t></w:r></w:p><w:sectPr/></w:body></w:document>
EOF
( cd "$T_DIR" && mkdir -p wd/word wd/_rels && cp doc.xml wd/word/document.xml &&
  printf '%s' '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>' >'wd/[Content_Types].xml' &&
  printf '%s' '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>' >wd/_rels/.rels &&
  cd wd && zip -q -r ../wing.docx '[Content_Types].xml' _rels word )
expect_exit "pdf Wingdings checkbox" 0 "$GW" pdf "$T_DIR/wing.docx" -o "$T_DIR/wing.pdf"
expect_contains "Wingdings checkbox: its checked symbol" "$(page_text "$T_DIR/wing.pdf" 1)" "☑同意"

# hostile floats, columns and notes: absurd offsets and sizes, 45 columns, zero and
# negative column widths, a note referencing itself, a 5000-character note on
# every line: a PDF and warnings, no crash (also under ASan)
/usr/bin/python3 - "$T_DIR/hostile.docx" <<'PYEOF'
import sys, zipfile
W='xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w10="urn:schemas-microsoft-com:office:word"'
anchor = ('<w:r><w:drawing><wp:anchor distT="-999999999" distL="99999999999"><wp:positionH relativeFrom="page"><wp:posOffset>-99999999999999</wp:posOffset></wp:positionH>'
  '<wp:positionV relativeFrom="paragraph"><wp:posOffset>99999999999999</wp:posOffset></wp:positionV><wp:extent cx="-5" cy="99999999999999"/><wp:wrapSquare/>'
  '<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')
vml = '<w:r><w:pict><v:rect style="position:absolute;width:-1e300pt;height:nanpt;margin-left:1e308in"><v:textbox inset=",,,"><w:txbxContent><w:p><w:r><w:t>v</w:t></w:r></w:p></w:txbxContent></v:textbox><w10:wrap type="topAndBottom"/></v:rect></w:pict></w:r>'
body = ''.join('<w:p><w:r><w:t>text %d</w:t></w:r>%s<w:r><w:footnoteReference w:id="1"/><w:br w:type="column"/></w:r></w:p>' % (i, anchor if i % 3 == 0 else vml) for i in range(60))
doc = ('<w:document %s><w:body>%s<w:p><w:pPr><w:sectPr><w:cols w:num="45" w:space="99999"/><w:type w:val="continuous"/></w:sectPr></w:pPr></w:p>'
       '<w:p><w:r><w:t>x</w:t></w:r></w:p><w:sectPr><w:cols w:equalWidth="0"><w:col w:w="0"/><w:col w:w="-5" w:space="-9"/><w:col w:w="99999999"/></w:cols>'
       '<w:footnotePr><w:numFmt w:val="chicago"/><w:numStart w:val="-7"/><w:numRestart w:val="eachPage"/></w:footnotePr></w:sectPr></w:body></w:document>') % (W, body)
notes = '<w:footnotes %s><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/><w:t>%s</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:footnote></w:footnotes>' % (W, 'n' * 5000)
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    z.writestr('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr('word/_rels/document.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="f" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    z.writestr('word/document.xml', doc)
    z.writestr('word/footnotes.xml', notes)
PYEOF
expect_exit "pdf hostile floats, columns, notes" 0 "$GW" pdf "$T_DIR/hostile.docx" -o "$T_DIR/hostile.pdf"
expect_contains "hostile: a note in a note is a warning" "$ERR" "note reference inside a note ignored"
expect_contains "hostile: a tall note is a warning" "$ERR" "taller than half a page"
expect_eq "hostile: a PDF" "$(pages "$T_DIR/hostile.pdf" | grep -c .)" "1"

# rows across columns (the merge of split rows and columns): a row taller than
# what is left of a column goes on in the next column, then the next page; a
# w:cantSplit row taller than a column splits where it is; every character is
# drawn (pdf --strict, text in = text out)
/usr/bin/python3 - "$T_DIR/rowcols.docx" <<'PYEOF'
import sys
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
d = Document()
cols = d.sections[0]._sectPr.find(qn('w:cols'))
cols.set(qn('w:num'), '2')
cols.set(qn('w:space'), '420')
d.add_paragraph("欄前段落")
for name, n, cant in (("rowA", 120, False), ("rowB", 80, True)):
    t = d.add_table(rows=2, cols=1)
    t.style = "Table Grid"
    c = t.rows[0].cells[0]
    c.paragraphs[0].text = "%s001" % name
    for i in range(2, n + 1):
        c.add_paragraph("%s%03d" % (name, i))
    if cant:
        trPr = t.rows[0]._tr.get_or_add_trPr()
        trPr.append(OxmlElement('w:cantSplit'))
    t.rows[1].cells[0].paragraphs[0].text = name + "後列"
d.add_paragraph("表後段落")
d.save(sys.argv[1])
PYEOF
P=$T_DIR/rowcols.pdf
expect_exit "rows across columns: pdf --strict" 0 "$GW" pdf --strict "$T_DIR/rowcols.docx" -o "$P"
expect_eq "rows across columns: text in = text out" \
	"$(/usr/bin/python3 tests/data/textcheck.py "$T_DIR/rowcols.docx" "$P" 2>&1)" ""
set -- $(box "$P" 1 "rowA010") 0
c1=$1
set -- $(box "$P" 1 "rowA070") 0
expect_eq "rows across columns: the row goes on in the second column" "$([ "$1" -gt $((c1 + 150)) ] && echo yes)" "yes"
set -- $(box "$P" 2 "rowA120") 0
expect_eq "rows across columns: then in the next page's first column" "$([ "$1" -gt 0 ] && [ "$1" -lt $((c1 + 50)) ] && echo yes)" "yes"
expect_contains "rows across columns: a cantSplit row taller than a column splits" \
	"$(pdftotext "$P" - | tr -d ' \n')" "rowB080rowB後列"

# a footnote referenced in a header (no place for it there, as in Word and
# LibreOffice): a warning that counts as text not drawn
/usr/bin/python3 - "$T_DIR/hnote.docx" <<'PYEOF'
import sys, zipfile
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
CT = 'application/vnd.openxmlformats-officedocument.wordprocessingml.'
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Override PartName="/word/document.xml" ContentType="%sdocument.main+xml"/><Override PartName="/word/footnotes.xml" ContentType="%sfootnotes+xml"/><Override PartName="/word/header1.xml" ContentType="%sheader+xml"/></Types>' % (CT, CT, CT))
    z.writestr('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="%sofficeDocument" Target="word/document.xml"/></Relationships>' % R)
    z.writestr('word/_rels/document.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="f" Type="%sfootnotes" Target="footnotes.xml"/><Relationship Id="h" Type="%sheader" Target="header1.xml"/></Relationships>' % (R, R))
    z.writestr('word/document.xml', '<w:document %s><w:body><w:p><w:r><w:t>body</w:t></w:r></w:p><w:sectPr><w:headerReference w:type="default" r:id="h"/></w:sectPr></w:body></w:document>' % W)
    z.writestr('word/header1.xml', '<w:hdr %s><w:p><w:r><w:t>head</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:hdr>' % W)
    z.writestr('word/footnotes.xml', '<w:footnotes %s><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/><w:t>note text</w:t></w:r></w:p></w:footnote></w:footnotes>' % W)
PYEOF
expect_exit "footnote in a header: a PDF" 0 "$GW" pdf "$T_DIR/hnote.docx" -o "$T_DIR/hnote.pdf"
expect_contains "footnote in a header: a warning" "$ERR" "footnote 1: referenced in a header, footer or text box: its text not drawn"
expect_exit "footnote in a header: --strict fails" 1 "$GW" pdf --strict "$T_DIR/hnote.docx" -o "$T_DIR/hnote2.pdf"
