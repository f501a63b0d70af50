#!/bin/sh
# bench/fonts.sh — fonts: subset + embed time per document (fonts opened once
# per process) and PDF bytes of a one-page letter against LibreOffice's PDF of
# the same text (target: at most 0.85x).
#
# The timing driver builds the PDF from the plain text of bench/letter.txt
# through the font API alone (bench/fontbench.c: a naive character-wrapping
# layout, 14 pt 標楷體 → TW-Kai, A4), cold and as a mail merge; LibreOffice
# converts a DOCX of the same paragraphs, made with python3-docx, with a
# fontconfig alias that maps 標楷體 to the same TW-Kai; and, when the renderer
# is built, `gongwen pdf` converts that same DOCX.
cd "$(dirname "$0")/.." || exit 1
OUT=out/bench-fonts
mkdir -p "$OUT"
N=${GW_BENCH_N:-50}
PKGS="harfbuzz-subset harfbuzz libdeflate nettle jansson"
make --no-print-directory out/build/font.o out/build/font_pdf.o out/build/pdfio.o out/build/util.o >/dev/null || exit 1
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_GNU_SOURCE -Isrc $(pkg-config --cflags $PKGS) -o "$OUT/fontbench" bench/fontbench.c \
	out/build/font.o out/build/font_pdf.o out/build/pdfio.o out/build/util.o $(pkg-config --libs $PKGS) -lhpdf -lz -lm || exit 1

echo "== fonts: one-page letter (bench/letter.txt, $(wc -m <bench/letter.txt) characters), $N documents"
echo "  cold: every document subset and compressed from scratch"
R=$("$OUT/fontbench" fonts/manifest bench/letter.txt "$OUT/letter.pdf" "$N" 標楷體 14 cold) || exit 1
ours=$(echo "$R" | sed -n 's/^pdf_bytes //p')
echo "$R" | sed 's/^/    gongwen /'
echo "  merge: one process, the addressee's name differs per document (subsets reused)"
R=$("$OUT/fontbench" fonts/manifest bench/letter.txt "$OUT/letter-merge.pdf" "$N" 標楷體 14 merge) || exit 1
echo "$R" | sed 's/^/    gongwen /'
echo "  gongwen pages $(pdfinfo "$OUT/letter.pdf" | sed -n 's/^Pages: *//p'), fonts:"
pdffonts "$OUT/letter.pdf" | tail -n +3 | sed 's/^/    /'

if command -v soffice >/dev/null && /usr/bin/python3 -c 'import docx' 2>/dev/null; then
	cat >"$OUT/fonts.conf" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>標楷體</family><prefer><family>TW-Kai</family></prefer></alias>
</fontconfig>
XML
	/usr/bin/python3 - bench/letter.txt "$OUT/letter-lo.docx" <<'PY'
import sys
from docx import Document
from docx.shared import Pt, Cm
from docx.oxml.ns import qn
doc = Document()
s = doc.sections[0]
s.page_width, s.page_height = Cm(21), Cm(29.7)
s.left_margin = s.right_margin = Pt(90)
s.top_margin = s.bottom_margin = Pt(72)
st = doc.styles["Normal"]
st.font.size = Pt(14)
rf = st.element.get_or_add_rPr().get_or_add_rFonts()
for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
    rf.set(qn(a), "標楷體")
st.paragraph_format.space_after = Pt(0)
st.paragraph_format.line_spacing = 1.0
for line in open(sys.argv[1], encoding="utf-8").read().rstrip("\n").split("\n"):
    doc.add_paragraph(line)
doc.save(sys.argv[2])
PY
	rm -f "$OUT/letter-lo.pdf"
	FONTCONFIG_FILE=$PWD/$OUT/fonts.conf soffice -env:UserInstallation=file:///tmp/lo-gongwen-bench-fonts \
		--headless --convert-to pdf "$OUT/letter-lo.docx" --outdir "$OUT" >/dev/null 2>&1
	if [ -s "$OUT/letter-lo.pdf" ]; then
		lo=$(wc -c <"$OUT/letter-lo.pdf")
		echo "  libreoffice pdf_bytes $lo, pages $(pdfinfo "$OUT/letter-lo.pdf" | sed -n 's/^Pages: *//p'), fonts:"
		pdffonts "$OUT/letter-lo.pdf" | tail -n +3 | sed 's/^/    /'
		ratio=$(awk -v a="$ours" -v b="$lo" 'BEGIN { printf "%.2f", a / b }')
		verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 0.85) ? "meets" : "MISSES" }')
		echo "  size gongwen (font API driver)/libreoffice = ${ratio}x ($verdict the 0.85x target)"
		# The real renderer on the same DOCX, when it is built (issue 4).
		rm -f "$OUT/letter-gw.pdf"
		t0=$(date +%s%N)
		if ./gongwen pdf "$OUT/letter-lo.docx" -o "$OUT/letter-gw.pdf" >/dev/null 2>&1 && [ -s "$OUT/letter-gw.pdf" ]; then
			t1=$(date +%s%N)
			real=$(wc -c <"$OUT/letter-gw.pdf")
			ratio=$(awk -v a="$real" -v b="$lo" 'BEGIN { printf "%.2f", a / b }')
			verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 0.85) ? "meets" : "MISSES" }')
			echo "  gongwen pdf (renderer, same DOCX) pdf_bytes $real, pages $(pdfinfo "$OUT/letter-gw.pdf" | sed -n 's/^Pages: *//p'), $(( (t1 - t0) / 1000000 )) ms for the whole process"
			echo "  size gongwen pdf/libreoffice = ${ratio}x ($verdict the 0.85x target)"
		else
			echo "  (gongwen pdf not available in this build: driver figures only)"
		fi
	else
		echo "  libreoffice conversion failed; no size comparison"
	fi
else
	echo "  (soffice or python3-docx missing: no LibreOffice comparison)"
fi
