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
