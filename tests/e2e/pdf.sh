# End-to-end: gongwen pdf.  The fidelity corpus (tests/fidelity/make_corpus.py,
# python-docx) and the shipped templates rendered to PDF: exit codes, page
# counts (those of the corpus are LibreOffice's, measured with the same fonts),
# qpdf --check, every font embedded as a subset with a ToUnicode map, text in
# order, atomic output, errors naming the file and the place.
C=$T_DIR/corpus
/usr/bin/python3 tests/fidelity/make_corpus.py "$C" >/dev/null 2>&1 || fail "pdf: corpus" "make_corpus.py failed"

pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }

for spec in c-letter:1 c-letter-grid:2 c-long-kai14:3 c-long-sung12-left:2 c-long-grid600:6 c-form:3 c-spacing:3; do
	d=${spec%%:*} want=${spec##*:}
	expect_exit "pdf $d" 0 "$GW" pdf "$C/$d.docx" -o "$T_DIR/$d.pdf"
	expect_eq "pdf $d: pages as LibreOffice" "$(pages "$T_DIR/$d.pdf")" "$want"
done

for t in templates/*.docx; do
	b=$(basename "$t" .docx)
	expect_exit "pdf template $b" 0 "$GW" pdf "$t" -o "$T_DIR/t-$b.pdf"
	if qpdf --check "$T_DIR/t-$b.pdf" >/dev/null 2>&1; then pass "qpdf $b"; else fail "qpdf $b"; fi
	# every font: embedded, subset, with a ToUnicode map
	bad=$(pdffonts "$T_DIR/t-$b.pdf" 2>/dev/null | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes")')
	expect_eq "fonts embedded+subset+unicode $b" "$bad" ""
done

# the text comes out in order: the letter's 主旨 before 說明 before 正本
txt=$(pdftotext "$T_DIR/c-letter.pdf" - 2>/dev/null | tr -d ' \n')
case "$txt" in
*主旨：檢送本局「資訊機房設備／系統移（攜）出入申請單」1份*說明：*一、依據*正本：臺中市政府數位發展局*) pass "pdf text in order" ;;
*) fail "pdf text in order" "$(printf '%s' "$txt" | head -c 200)" ;;
esac
# page numbers in the footer: 第 N 頁，共 M 頁
expect_contains "footer fields" "$(pdftotext -f 3 -l 3 "$T_DIR/c-long-kai14.pdf" - | tr -d ' ')" "第3頁，共3頁"

# usage and input errors
expect_exit "pdf no args" 2 "$GW" pdf
expect_exit "pdf no -o" 2 "$GW" pdf "$C/c-letter.docx"
expect_exit "pdf bad option" 2 "$GW" pdf "$C/c-letter.docx" -o "$T_DIR/x.pdf" --frobnicate
expect_exit "pdf missing input" 1 "$GW" pdf "$T_DIR/none.docx" -o "$T_DIR/x.pdf"
expect_contains "names the missing file" "$ERR" "none.docx"
printf 'not a zip' > "$T_DIR/bad.docx"
expect_fail "pdf broken docx" "$GW" pdf "$T_DIR/bad.docx" -o "$T_DIR/bad.pdf"
[ -e "$T_DIR/bad.pdf" ] && fail "no output after an error" || pass "no output after an error"

# a character no font has: an error naming U+XXXX and the paragraph, no file;
# an older PDF at the path survives.  --allow-missing-glyphs: a warning.
/usr/bin/python3 - "$T_DIR/missing.docx" <<'PY'
import sys
from docx import Document
d = Document()
d.add_paragraph("第一段")
d.add_paragraph("完成✅了")
d.save(sys.argv[1])
PY
printf 'old' > "$T_DIR/old.pdf"
expect_exit "missing glyph fails" 1 "$GW" pdf "$T_DIR/missing.docx" -o "$T_DIR/old.pdf"
expect_contains "missing glyph names U+2705" "$ERR" "U+2705"
expect_contains "missing glyph names the paragraph" "$ERR" "paragraph 2"
expect_contains "missing glyph names the file" "$ERR" "missing.docx"
expect_contains "missing glyph says how to draw a box" "$ERR" "--allow-missing-glyphs"
expect_eq "old pdf survives" "$(cat "$T_DIR/old.pdf")" "old"
expect_exit "allow missing glyphs" 0 "$GW" pdf "$T_DIR/missing.docx" -o "$T_DIR/old.pdf" --allow-missing-glyphs
expect_contains "missing glyph warning" "$ERR" "U+2705"
expect_contains "text around the box" "$(pdftotext "$T_DIR/old.pdf" - | tr -d ' \n')" "第一段完成"
leftover=$(ls -a "$T_DIR" | grep -c '^\.\?old\.pdf\..*' )
expect_eq "no temp files left" "$leftover" "0"

# several inputs in one process: DIR/NAME.pdf each; -o takes only one
expect_exit "pdf -d several" 0 "$GW" pdf "$C/c-letter.docx" "$C/c-form.docx" -d "$T_DIR/many"
expect_eq "pdf -d wrote both" "$(ls "$T_DIR/many" | tr '\n' ' ')" "c-form.pdf c-letter.pdf "
expect_eq "pdf -d pages" "$(pages "$T_DIR/many/c-form.pdf")" "3"
expect_exit "pdf -o with two inputs" 2 "$GW" pdf "$C/c-letter.docx" "$C/c-form.docx" -o "$T_DIR/two.pdf"
expect_exit "pdf -d one bad input" 1 "$GW" pdf "$T_DIR/none.docx" "$C/c-letter.docx" -d "$T_DIR/some"
expect_eq "pdf -d the good one still written" "$(ls "$T_DIR/some")" "c-letter.pdf"

# an inline PNG (an agency seal) is drawn at its size
/usr/bin/python3 - "$T_DIR/img.docx" "$T_DIR/seal.png" <<'PY'
import struct, sys, zlib
from docx import Document
from docx.shared import Cm
raw = b"".join(b"\x00" + bytes([200, 30, 30]) * 40 for _ in range(40))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
open(sys.argv[2], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 40, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
d = Document()
d.add_paragraph("印信：")
d.add_picture(sys.argv[2], width=Cm(3))
d.add_paragraph("以上")
d.save(sys.argv[1])
PY
expect_exit "pdf with an image" 0 "$GW" pdf "$T_DIR/img.docx" -o "$T_DIR/img.pdf"
expect_eq "image drawn" "$(pdfimages -list "$T_DIR/img.pdf" 2>/dev/null | awk 'NR > 2 { print $4 "x" $5 }')" "40x40"
expect_contains "text around the image" "$(pdftotext "$T_DIR/img.pdf" - | tr -d ' \n')" "印信：以上"
