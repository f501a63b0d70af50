#!/bin/sh
# bench/pdf.sh (make bench): DOCX → PDF time per document for a one-page
# letter, gongwen against LibreOffice.  gongwen: N separate `gongwen pdf`
# processes (so every run maps its fonts and parses the DOCX again);
# LibreOffice: the same N documents converted in one warm soffice call (its
# start-up shared by all N).  Same fonts for both (tests/fidelity/fonts.conf).
# Prints ms per document, the ratio (target >= 20x) and the PDF sizes.
cd "$(dirname "$0")/.." || exit 2
GW=${GW_BIN:-$PWD/gongwen}
N=${GW_BENCH_N:-40}
PY=/usr/bin/python3
W=$(mktemp -d /tmp/gw-bench-pdf-XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/in" "$W/gw" "$W/lo"
$PY tests/fidelity/make_corpus.py "$W/c" >/dev/null || { echo "bench/pdf: cannot make the letter"; exit 1; }
i=1
while [ $i -le $N ]; do cp "$W/c/letter.docx" "$W/in/letter$i.docx"; i=$((i + 1)); done
if ! "$GW" pdf "$W/in/letter1.docx" -o "$W/gw/probe.pdf" 2>"$W/err"; then
	echo "bench/pdf: gongwen pdf failed: $(head -c 300 "$W/err")"; exit 0
fi
now() { date +%s%N; }
t0=$(now)
i=1
while [ $i -le $N ]; do
	"$GW" pdf "$W/in/letter$i.docx" -o "$W/gw/letter$i.pdf" || exit 1
	i=$((i + 1))
done
t1=$(now)
export FONTCONFIG_FILE="$PWD/tests/fidelity/fonts.conf"
# warm LibreOffice's profile first so the timed run does not create it
( cd "$W/c" && soffice -env:UserInstallation=file://$W/profile --headless --convert-to pdf \
	--outdir "$W/warm" letter.docx >/dev/null 2>&1 )
t2=$(now)
( cd "$W/in" && soffice -env:UserInstallation=file://$W/profile --headless --convert-to pdf \
	--outdir "$W/lo" *.docx >/dev/null 2>&1 )
t3=$(now)
nlo=$(ls "$W/lo" | wc -l)
gw_ms=$(awk "BEGIN { printf \"%.2f\", ($t1 - $t0) / 1e6 / $N }")
lo_ms=$(awk "BEGIN { printf \"%.2f\", ($t3 - $t2) / 1e6 / ($nlo ? $nlo : 1) }")
ratio=$(awk "BEGIN { printf \"%.1f\", $lo_ms / $gw_ms }")
gw_b=$(stat -c %s "$W/gw/letter1.pdf")
lo_b=$(stat -c %s "$W/lo/letter1.pdf" 2>/dev/null || echo 0)
echo "pdf: one-page letter x $N: gongwen $gw_ms ms/doc (a process each), LibreOffice $lo_ms ms/doc (one warm process, $nlo docs): ${ratio}x faster (target 20x)"
echo "pdf: size: gongwen $gw_b bytes, LibreOffice $lo_b bytes ($(awk "BEGIN { printf \"%.2f\", $lo_b ? $gw_b / $lo_b : 0 }")x)"
