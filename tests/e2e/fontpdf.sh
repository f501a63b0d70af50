# tests/e2e/fontpdf.sh — a PDF written through the font API alone (the
# fontpdf_driver unit test: BMP + Ext-B + Latin, synthetic bold/italic),
# checked with poppler (pdffonts, pdftotext), qpdf and pdf.js.
UNIT=${GW_UNIT:-out/build/unit-tests}
PDF=$T_DIR/fonts.pdf
WANT='申請人：王𡘙𠀀𪚥
臺中市政府資訊中心機房設備進駐申請
Data Centre move-in, 2026-11-25 (v1.0)
Bold Times
粗體標楷
斜體標楷
Arial italic
☐ 否 ☑ 是 ■
細明體與𪚥字'

GW_FONTPDF_OUT=$PDF "$UNIT" fontpdf_driver >"$T_DIR/drv" 2>&1
if [ -s "$PDF" ]; then pass "fontpdf: driver wrote the PDF"; else fail "fontpdf: driver wrote the PDF" "$(cat "$T_DIR/drv")"; fi

FONTS=$(pdffonts "$PDF" 2>&1)
nfonts=$(printf '%s\n' "$FONTS" | tail -n +3 | grep -c .)
ngood=$(printf '%s\n' "$FONTS" | tail -n +3 | grep -c 'CID TrueType *Identity-H *yes yes yes')
expect_eq "fontpdf: pdffonts lists 7 fonts" "$nfonts" 7
expect_eq "fontpdf: every font embedded + subset + unicode" "$ngood" "$nfonts"
expect_contains "fontpdf: Ext-B face embedded" "$FONTS" "+TW-Kai-Ext-B"

TXT=$(pdftotext "$PDF" - 2>"$T_DIR/pt.err" | tr -d '\f' | grep -v '^$')
expect_eq "fontpdf: pdftotext extracts the exact text (incl. 𡘙𠀀𪚥)" "$TXT" "$WANT"
expect_eq "fontpdf: pdftotext prints no warnings" "$(cat "$T_DIR/pt.err")" ""

QC=$(qpdf --check "$PDF" 2>&1); rc=$?
expect_eq "fontpdf: qpdf --check exit 0" "$rc" 0
expect_contains "fontpdf: qpdf finds no errors" "$QC" "No syntax or stream encoding errors"

SIZE=$(wc -c <"$PDF")
if [ "$SIZE" -lt 60000 ]; then pass "fontpdf: small ($SIZE bytes)"; else fail "fontpdf: small" "$SIZE bytes"; fi

# pdf.js (npm pdfjs-dist) in the git-ignored out/pdfjs.
PJ=$PWD/out/pdfjs
if [ ! -f "$PJ/node_modules/pdfjs-dist/legacy/build/pdf.mjs" ] && command -v npm >/dev/null; then
	mkdir -p "$PJ"
	npm install --prefix "$PJ" pdfjs-dist@4 --no-audit --no-fund --loglevel=error >"$T_DIR/npm.log" 2>&1
fi
if [ -f "$PJ/node_modules/pdfjs-dist/legacy/build/pdf.mjs" ] && command -v node >/dev/null; then
	JS=$(node tests/tools/pdfjs-text.mjs "$PJ" "$PDF" 2>"$T_DIR/pj.err" | tr -d '\f' | grep -v '^$')
	expect_eq "fontpdf: pdf.js extracts the exact text" "$JS" "$WANT"
	expect_eq "fontpdf: pdf.js prints no warnings" "$(cat "$T_DIR/pj.err")" ""
else
	echo "  note: pdf.js check skipped (npm registry unreachable: $(tail -n 1 "$T_DIR/npm.log" 2>/dev/null))"
fi

# PDF/A-1b through gw_pdfa_archive (fontpdf_archive unit test).
PDFA=$T_DIR/fonts-a.pdf
GW_FONTPDF_OUT_A=$PDFA "$UNIT" fontpdf_archive >"$T_DIR/drva" 2>&1
if [ -s "$PDFA" ]; then pass "pdfa: driver wrote the archive PDF"; else fail "pdfa: driver wrote the archive PDF" "$(cat "$T_DIR/drva")"; fi
INFO=$(pdfinfo "$PDFA" 2>&1)
expect_contains "pdfa: Chinese title in Info" "$INFO" "Title:           臺中市政府資訊機房設備進駐申請 & <測試>"
expect_contains "pdfa: author" "$INFO" "Author:          臺中市政府教育局"
expect_contains "pdfa: keywords with Ext-B" "$INFO" "Keywords:        機房, 進駐, 𡘙"
expect_contains "pdfa: metadata stream" "$INFO" "Metadata Stream: yes"
expect_contains "pdfa: PDF 1.4" "$INFO" "PDF version:     1.4"
pdfinfo -meta "$PDFA" >"$T_DIR/xmp.xml" 2>&1
XMPCHK=$(/usr/bin/python3 - "$T_DIR/xmp.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/", "xmp": "http://ns.adobe.com/xap/1.0/"}
t = ET.parse(sys.argv[1]).getroot()
print(t.find(".//pdfaid:part", ns).text, t.find(".//pdfaid:conformance", ns).text,
      t.find(".//dc:title//rdf:li", ns).text, t.find(".//xmp:CreateDate", ns).text is not None)
PY
)
expect_eq "pdfa: XMP parses, PDF/A-1b, title" "$XMPCHK" "1 B 臺中市政府資訊機房設備進駐申請 & <測試> True"
QA=$(qpdf --check "$PDFA" 2>&1); rc=$?
expect_eq "pdfa: qpdf --check exit 0" "$rc" 0
TRAILER=$(qpdf --show-object=trailer "$PDFA" 2>&1)
expect_contains "pdfa: trailer has an /ID" "$TRAILER" "/ID ["
qpdf --qdf --object-streams=disable "$PDFA" "$T_DIR/qdf.pdf" 2>/dev/null
expect_eq "pdfa: one output intent with its profile" \
	"$(grep -a -c -E '/DestOutputProfile [0-9]+ 0 R' "$T_DIR/qdf.pdf") $(grep -a -c '/S /GTS_PDFA1' "$T_DIR/qdf.pdf")" "1 1"
expect_eq "pdfa: every font descriptor has a CIDSet" \
	"$(grep -a -c -E '/CIDSet [0-9]+ 0 R' "$T_DIR/qdf.pdf")" "$(grep -a -c '/Type /FontDescriptor' "$T_DIR/qdf.pdf")"

# Mail merge in one process: the second document reuses the first's subsets
# (fontpdf_reuse unit test) and must still extract exactly.
PDFR=$T_DIR/fonts-r.pdf
WANT_R=$(printf '%s\n' "$WANT" | sed '1s/.*/申請人：林美玲/; 3s/2026-11-25/2026-12-01/')
GW_FONTPDF_OUT_R=$PDFR "$UNIT" fontpdf_reuse >"$T_DIR/drvr" 2>&1
FONTS=$(pdffonts "$PDFR" 2>&1)
expect_eq "reuse: every font embedded + subset + unicode" \
	"$(printf '%s\n' "$FONTS" | tail -n +3 | grep -c 'yes yes yes')" "$(printf '%s\n' "$FONTS" | tail -n +3 | grep -c .)"
expect_eq "reuse: TW-Kai as cached subset + new characters" "$(printf '%s\n' "$FONTS" | grep -c '+TW-Kai-98_1 ')" 2
TXT=$(pdftotext "$PDFR" - 2>"$T_DIR/pt.err" | tr -d '\f' | grep -v '^$')
expect_eq "reuse: pdftotext exact across the font switch" "$TXT" "$WANT_R"
expect_eq "reuse: pdftotext no warnings" "$(cat "$T_DIR/pt.err")" ""
QC=$(qpdf --check "$PDFR" 2>&1)
expect_contains "reuse: qpdf clean" "$QC" "No syntax or stream encoding errors"
if [ -f "$PJ/node_modules/pdfjs-dist/legacy/build/pdf.mjs" ] && command -v node >/dev/null; then
	JS=$(node tests/tools/pdfjs-text.mjs "$PJ" "$PDFR" 2>"$T_DIR/pj.err" | tr -d '\f' | grep -v '^$')
	expect_eq "reuse: pdf.js exact" "$JS" "$WANT_R"
	expect_eq "reuse: pdf.js no warnings" "$(cat "$T_DIR/pj.err")" ""
fi

# Through the renderer: gongwen pdf --archive on a DOCX with an Ext-B name.
if /usr/bin/python3 -c 'import docx' 2>/dev/null && "$GW" pdf --help >/dev/null 2>&1; then
	/usr/bin/python3 - "$T_DIR/a.docx" <<'PY'
import sys
from docx import Document
from docx.oxml.ns import qn
d = Document()
cp = d.core_properties
cp.title, cp.author, cp.subject, cp.keywords = "機房設備進駐申請", "臺中市政府教育局", "申請函", "機房"
st = d.styles["Normal"]
rf = st.element.get_or_add_rPr().get_or_add_rFonts()
for a in ("w:ascii", "w:hAnsi", "w:eastAsia"):
    rf.set(qn(a), "標楷體")
d.add_paragraph("申請人：王𡘙𠀀𪚥")
r = d.add_paragraph().add_run("Times New Roman text")
r.font.name = "Times New Roman"
d.save(sys.argv[1])
PY
	expect_exit "archive: gongwen pdf --archive" 0 "$GW" pdf "$T_DIR/a.docx" -o "$T_DIR/a.pdf" --archive
	INFO=$(pdfinfo "$T_DIR/a.pdf" 2>&1)
	expect_contains "archive: title from docProps" "$INFO" "Title:           機房設備進駐申請"
	expect_contains "archive: author" "$INFO" "Author:          臺中市政府教育局"
	expect_contains "archive: XMP" "$INFO" "Metadata Stream: yes"
	META=$(pdfinfo -meta "$T_DIR/a.pdf" 2>&1)
	expect_contains "archive: XMP says PDF/A-1b" "$META" "<pdfaid:conformance>B</pdfaid:conformance>"
	expect_contains "archive: XMP title" "$META" "機房設備進駐申請"
	qpdf --qdf --object-streams=disable "$T_DIR/a.pdf" "$T_DIR/aq.pdf" 2>/dev/null
	expect_eq "archive: sRGB output intent" "$(grep -a -c -E '/DestOutputProfile [0-9]+ 0 R' "$T_DIR/aq.pdf")" 1
	FONTS=$(pdffonts "$T_DIR/a.pdf" 2>&1)
	expect_eq "archive: every font embedded + subset + unicode" \
		"$(printf '%s\n' "$FONTS" | tail -n +3 | grep -c 'yes yes yes')" "$(printf '%s\n' "$FONTS" | tail -n +3 | grep -c .)"
	TXT=$(pdftotext "$T_DIR/a.pdf" - 2>&1 | tr -d '\f' | grep -v '^$')
	expect_eq "archive: text exact" "$TXT" "申請人：王𡘙𠀀𪚥
Times New Roman text"
	QA=$(qpdf --check "$T_DIR/a.pdf" 2>&1)
	expect_contains "archive: qpdf clean" "$QA" "No syntax or stream encoding errors"
else
	echo "  note: archive through the renderer skipped (no python3-docx or no gongwen pdf)"
fi
