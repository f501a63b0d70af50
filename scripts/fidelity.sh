#!/bin/sh
# make fidelity: every DOCX in templates/, the fidelity corpus, the model's
# test documents and the example applications merged (gongwen render) rendered by
# gongwen and by LibreOffice (same fonts: tests/fidelity/fonts.conf aliases
# 標楷體 → TW-Kai and friends), then per document the page counts and the
# share of lines that break at the same place.  Targets: the same page count
# everywhere, >= 98 % of lines identical.  GW_FIDELITY_DIFF=1 prints the lines
# that differ.  Not part of `make test` (LibreOffice is slow).
cd "$(dirname "$0")/.." || exit 2
GW=${GW_BIN:-$PWD/gongwen}
PY=/usr/bin/python3
W=$(mktemp -d /tmp/gw-fidelity-XXXXXX)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/in" "$W/gw" "$W/lo"
$PY tests/fidelity/make_corpus.py "$W/in" || { echo "fidelity: cannot make the corpus"; exit 1; }
$PY tests/fidelity/corpus_rows.py "$W/in" || { echo "fidelity: cannot make the rows corpus"; exit 1; }
for f in templates/*.docx tests/fidelity/corpus/*.docx tests/data/model/*.docx; do
	[ -f "$f" ] && cp "$f" "$W/in/$(basename "$(dirname "$f")")-$(basename "$f")"
done
# the documents as clerks get them: the example applications merged
EXAMPLES=$PWD/data/examples
"$GW" --db "$W/f.db" init >/dev/null 2>&1
for app in "$EXAMPLES"/*.json; do
	[ -f "$app" ] || continue
	id=$("$GW" --db "$W/f.db" import "$app" 2>/dev/null | sed -n 's/^imported //p')
	[ -n "$id" ] || continue
	"$GW" --db "$W/f.db" render "$id" --out "$W/render" >/dev/null 2>&1
	for f in "$W/render/$id"/*.docx; do
		[ -f "$f" ] && cp "$f" "$W/in/merged-$id-$(basename "$f")"
	done
done
# our own templates with more data than the examples (tests/fidelity/more_data.py):
# the documents whose tables grow
mkdir -p "$W/more"
$PY tests/fidelity/more_data.py "$EXAMPLES/application-complete.json" "$W/more" ||
	{ echo "fidelity: cannot make the larger applications"; exit 1; }
for c in vpn5:vpn vpn5x:vpn net30:network dev12:form,network,vpn long:request,form,network,vpn; do
	name=${c%%:*}
	id=$("$GW" --db "$W/f.db" import "$W/more/$name.json" 2>/dev/null | sed -n 's/^imported //p')
	[ -n "$id" ] || { echo "fidelity: cannot import $name"; exit 1; }
	"$GW" --db "$W/f.db" render "$id" --out "$W/render" >/dev/null 2>&1
	for doc in $(echo "${c#*:}" | tr , ' '); do
		cp "$W/render/$id/$doc.docx" "$W/in/more-$name-$doc.docx" ||
			{ echo "fidelity: $name has no $doc.docx"; exit 1; }
	done
done
export FONTCONFIG_FILE="$PWD/tests/fidelity/fonts.conf"
( cd "$W/in" && soffice -env:UserInstallation=file://$W/profile --headless \
	--convert-to pdf --outdir "$W/lo" *.docx >/dev/null 2>&1 )
printf '%-28s %6s %6s %8s  %s\n' document gongwen LO "lines" "same"
n=0 samepages=0 tsame=0 ttotal=0
for f in "$W"/in/*.docx; do
	b=$(basename "$f" .docx)
	n=$((n + 1))
	if ! "$GW" pdf "$f" -o "$W/gw/$b.pdf" 2>"$W/err"; then
		printf '%-28s  gongwen failed: %s\n' "$b" "$(head -c 200 "$W/err")"
		continue
	fi
	if [ ! -f "$W/lo/$b.pdf" ]; then
		printf '%-28s  LibreOffice failed\n' "$b"
		continue
	fi
	set -- $($PY tests/fidelity/compare.py "$W/gw/$b.pdf" "$W/lo/$b.pdf")
	pct=$(awk "BEGIN { printf \"%.1f\", $4 ? 100 * $3 / $4 : 100 }")
	mark=""; [ "$1" = "$2" ] && samepages=$((samepages + 1)) || mark=" PAGES DIFFER"
	printf '%-28s %6s %6s %8s  %s %%%s\n' "$b" "$1" "$2" "$3/$4" "$pct" "$mark"
	tsame=$((tsame + $3)); ttotal=$((ttotal + $4))
	[ -n "$GW_FIDELITY_DIFF" ] && $PY tests/fidelity/compare.py "$W/gw/$b.pdf" "$W/lo/$b.pdf" diff | tail -n +2
done
pct=$(awk "BEGIN { printf \"%.1f\", $ttotal ? 100 * $tsame / $ttotal : 0 }")
echo "fidelity: $samepages/$n documents with the same page count; $tsame/$ttotal lines identical ($pct %)"
