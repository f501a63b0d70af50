# End-to-end: nothing lost silently (issue 14).  For every document — the six
# templates, the example packets as `gongwen render` merges them, the fidelity
# corpus (tests/fidelity/make_corpus.py, corpus_rows.py) and the model's test
# documents — `gongwen pdf --strict` succeeds and every character of the
# document's text is in the PDF (tests/data/textcheck.py).  Rows across pages
# keep LibreOffice's page counts; text that cannot be drawn is a warning
# naming the paragraph, and --strict makes it an error that writes nothing.
C=$T_DIR/tcorpus
mkdir -p "$C"
/usr/bin/python3 tests/fidelity/make_corpus.py "$C" >/dev/null 2>&1 || fail "textout: corpus" "make_corpus.py failed"
/usr/bin/python3 tests/fidelity/corpus_rows.py "$C" >/dev/null 2>&1 || fail "textout: rows corpus" "corpus_rows.py failed"
"$GW" --db "$T_DIR/t.db" init >/dev/null 2>&1
for app in "$EXAMPLES"/*.json; do
	id=$("$GW" --db "$T_DIR/t.db" import "$app" 2>/dev/null | sed -n 's/^imported //p')
	"$GW" --db "$T_DIR/t.db" render "$id" --out "$T_DIR/render" >/dev/null 2>&1 ||
		fail "textout: render $id"
	for f in "$T_DIR/render/$id"/*.docx; do cp "$f" "$C/packet-$id-$(basename "$f")"; done
done

n=0
for f in templates/*.docx tests/data/model/*.docx "$C"/*.docx; do
	b=$(basename "$f" .docx)
	n=$((n + 1))
	if ! "$GW" pdf --strict "$f" -o "$T_DIR/o.pdf" 2>"$T_DIR/err"; then
		fail "pdf --strict $b" "$(head -c 300 "$T_DIR/err")"
		continue
	fi
	if r=$(/usr/bin/python3 tests/data/textcheck.py "$f" "$T_DIR/o.pdf"); then
		pass "text in = text out: $b"
	else
		fail "text in = text out: $b" "$r"
	fi
done
[ "$n" -ge 30 ] && pass "textout: $n documents" || fail "textout: documents" "only $n"

pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }
# rows across pages: LibreOffice's page counts (measured with the same fonts)
for spec in c-rows-split2col:2 c-rows-cantsplit:5 c-rows-header:4 c-rows-vmerge:3 c-rows-vmerge-huge:5 c-breaks:11 c-breaks-cells:2; do
	d=${spec%%:*} want=${spec##*:}
	"$GW" pdf "$C/$d.docx" -o "$T_DIR/$d.pdf" 2>/dev/null
	expect_eq "pages of $d as LibreOffice" "$(pages "$T_DIR/$d.pdf")" "$want"
done
# the header row comes again at the top of every later page
np=$(pages "$T_DIR/c-rows-header.pdf")
p=2 heads=1
while [ "$p" -le "${np:-0}" ]; do
	pdftotext -f "$p" -l "$p" -layout "$T_DIR/c-rows-header.pdf" - | grep -v '^\s*$' | head -n 1 |
		grep -q '項次' && heads=$((heads + 1))
	p=$((p + 1))
done
expect_eq "header row on every page" "$heads" "$np"
# mixed Chinese/Latin: "1433/TCP" is never cut at its slash (LibreOffice)
expect_not_contains "1433/TCP whole" "$(pdftotext -layout "$T_DIR/c-breaks.pdf" - | grep -E '/$' | grep -E '1433/$|443/$')" "/"

# text that cannot be drawn: an exact row too small for its text
/usr/bin/python3 - "$T_DIR/clip.docx" <<'PY'
import sys
from docx import Document
from docx.shared import Pt
from docx.enum.table import WD_ROW_HEIGHT_RULE
d = Document()
d.add_paragraph("表前")
t = d.add_table(rows=1, cols=1)
t.style = "Table Grid"
c = t.rows[0].cells[0]
c.paragraphs[0].text = "第一行"
c.add_paragraph("第二行被截去")
c.add_paragraph("第三行被截去")
t.rows[0].height = Pt(16)
t.rows[0].height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
d.save(sys.argv[1])
PY
expect_exit "clipped text: a warning" 0 "$GW" pdf "$T_DIR/clip.docx" -o "$T_DIR/clip.pdf"
expect_contains "warning names the paragraph" "$ERR" "paragraph 3: 6 characters beyond a row's exact height"
expect_contains "warning names the file" "$ERR" "clip.docx"
rm -f "$T_DIR/clip.pdf"
expect_exit "clipped text: --strict fails" 1 "$GW" pdf --strict "$T_DIR/clip.docx" -o "$T_DIR/clip.pdf"
expect_contains "--strict says why" "$ERR" "text not drawn (2 warnings above): --strict writes no PDF"
[ -e "$T_DIR/clip.pdf" ] && fail "--strict: no output file" || pass "--strict: no output file"
