# odt.sh — the ODT of every document: `render` writes one beside each DOCX
# (in manifest.json, with --only), `gongwen odt`, `merge --odt`; the package
# layout (mimetype first, stored, no extra field; a manifest of every part),
# every part valid against the OASIS ODF 1.3 schema when GW_ODF_SCHEMA names
# it, the text of each DOCX = the text of its ODT, and LibreOffice's
# rendering of each ODT against gongwen's PDF of the DOCX (same pages, lines
# identical).  Sourced by tests/run.sh (tests/lib.sh).

DB="$T_DIR/gw.db"
OUTD="$T_DIR/packets"
G() { "$GW" --db "$DB" "$@"; }
EPA=115-EPA-0007
TRAF=115-TRAF-0003

# Both example packets with their letters (the approval, the return letter).
examples_decided "$DB"
expect_exit "render $EPA" 0 G render $EPA --out "$OUTD"
expect_exit "render $TRAF" 0 G render $TRAF --out "$OUTD"
# and two of the model's test documents: a picture, lists, a tab leader
mkdir -p "$OUTD/model"
cp tests/data/model/word-like.docx "$OUTD/model/wordlike.docx"
cp tests/data/model/list-lo.docx "$OUTD/model/listlo.docx"
expect_exit "gongwen odt -d: two documents" 0 "$GW" odt "$OUTD"/model/*.docx -d "$OUTD/model"
"$GW" pdf "$OUTD"/model/*.docx -d "$OUTD/model" >/dev/null 2>&1
expect_contains "the picture is in the package and its manifest" \
	"$(unzip -p "$OUTD/model/wordlike.odt" META-INF/manifest.xml)" 'manifest:full-path="Pictures/image1.'

# ---- an ODT beside every DOCX, in the manifest ----
n=0
for f in "$OUTD"/*/*.docx; do
	n=$((n + 1))
	[ -s "${f%.docx}.odt" ] && pass "ODT beside $(basename "$f")" || fail "ODT beside $f"
done
expect_eq "10 documents in the two packets, 2 of the model's" "$n" 12
res=$(cd "$OUTD/$EPA" && python3 -c '
import json, hashlib
m = json.load(open("manifest.json"))
odt = [f for f in m["files"] if f["name"].endswith(".odt")]
bad = [f["name"] for f in odt if hashlib.sha256(open(f["name"], "rb").read()).hexdigest() != f["sha256"]]
print(len(odt), "bad" if bad else "ok")')
expect_eq "manifest.json lists the 5 ODTs with their sha256" "$res" "5 ok"

# ---- the package layout, read by Python's zipfile and the raw bytes ----
cat >"$T_DIR/layout.py" <<'EOF'
import struct, sys, zipfile
import xml.etree.ElementTree as ET
MT = b"application/vnd.oasis.opendocument.text"
M = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
for path in sys.argv[1:]:
    raw = open(path, "rb").read()
    sig, ver, flag, method = struct.unpack("<IHHH", raw[:10])
    nlen, xlen = struct.unpack("<HH", raw[26:30])
    name = raw[30:30 + nlen]
    problems = []
    if sig != 0x04034b50 or name != b"mimetype":
        problems.append("mimetype is not the first entry")
    if method != 0:
        problems.append("mimetype is compressed")
    if xlen != 0:
        problems.append("mimetype has an extra field")
    if flag & 8:
        problems.append("mimetype has a data descriptor")
    if raw[30 + nlen:30 + nlen + len(MT)] != MT:
        problems.append("mimetype's bytes are not at offset 38")
    z = zipfile.ZipFile(path)
    first = z.infolist()[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED or first.extra:
        problems.append("central directory: mimetype not first, stored, without extra field")
    listed = {e.get(M + "full-path"): e.get(M + "media-type")
              for e in ET.fromstring(z.read("META-INF/manifest.xml")).iter(M + "file-entry")}
    if listed.get("/") != MT.decode():
        problems.append("manifest: no root entry of the ODT media type")
    parts = [n for n in z.namelist() if n not in ("mimetype", "META-INF/manifest.xml")]
    for n in parts:
        if n not in listed:
            problems.append(f"{n} is not in the manifest")
    for n in listed:
        if n != "/" and n not in parts:
            problems.append(f"the manifest lists {n}, not in the package")
    for n in ("content.xml", "styles.xml", "meta.xml"):
        if n not in parts:
            problems.append(f"no {n}")
    print(path.rsplit("/", 2)[-2] + "/" + path.rsplit("/", 1)[-1] + ": " + ("; ".join(problems) or "ok"))
EOF
python3 "$T_DIR/layout.py" "$OUTD"/*/*.odt >"$T_DIR/layout" 2>&1
while IFS= read -r line; do
	case $line in *": ok") pass "layout $line" ;; *) fail "layout" "$line" ;; esac
done <"$T_DIR/layout"
expect_eq "layout checked for every ODT" "$(grep -c ': ok$' "$T_DIR/layout")" 12

# ---- the OASIS ODF 1.3 schema (strict), when GW_ODF_SCHEMA names it ----
if [ -n "$GW_ODF_SCHEMA" ] && [ -f "$GW_ODF_SCHEMA" ] && command -v xmllint >/dev/null 2>&1; then
	MANIFEST_RNG=$(dirname "$GW_ODF_SCHEMA")/OpenDocument-v1.3-manifest-schema.rng
	nv=0
	for f in "$OUTD"/*/*.odt; do
		d="$T_DIR/x/$(basename "$(dirname "$f")")-$(basename "$f" .odt)"
		mkdir -p "$d" && (cd "$d" && unzip -q -o "$f")
		for p in content.xml styles.xml meta.xml settings.xml; do
			if xmllint --noout --relaxng "$GW_ODF_SCHEMA" "$d/$p" >"$T_DIR/v" 2>&1; then
				nv=$((nv + 1))
			else
				fail "ODF 1.3 schema: $(basename "$d")/$p" "$(grep -v validates "$T_DIR/v" | head -c 400)"
			fi
		done
		if xmllint --noout --relaxng "$MANIFEST_RNG" "$d/META-INF/manifest.xml" >"$T_DIR/v" 2>&1; then
			nv=$((nv + 1))
		else
			fail "ODF 1.3 manifest schema: $(basename "$d")" "$(head -c 400 "$T_DIR/v")"
		fi
		grep -l 'loext\|officeooo\|urn:org:documentfoundation' "$d"/*.xml >/dev/null 2>&1 &&
			fail "no extension namespace in $(basename "$d")"
	done
	expect_eq "every part of the 12 ODTs valid against the ODF 1.3 schema" "$nv" 60
	# the check has teeth: an element the schema does not know is refused
	sed 's#<office:text>#<office:text><text:bogus/>#' "$T_DIR/x/$EPA-request/content.xml" >"$T_DIR/bad.xml"
	expect_fail "the schema refuses an unknown element" xmllint --noout --relaxng "$GW_ODF_SCHEMA" "$T_DIR/bad.xml"
else
	echo "  skipped: ODF 1.3 schema validation (GW_ODF_SCHEMA not set, or no xmllint)"
	pass "schema validation skipped (GW_ODF_SCHEMA not set)"
fi

# ---- nothing lost: the text of each DOCX = the text of its ODT ----
for f in "$OUTD"/*/*.docx; do
	o=${f%.docx}.odt
	b="$(basename "$(dirname "$f")")/$(basename "$f" .docx)" note=
	python3 tests/data/docxtext.py "$f" | sed 's/^\[[^]]*\] /[hf] /' | sort >"$T_DIR/dt"
	python3 tests/data/odttext.py "$o" | sed 's/^\[[^]]*\] /[hf] /' | sort >"$T_DIR/ot"
	# w:sym (☑ ☐ in Wingdings) is text in the model and the ODT;
	# docxtext.py reads w:t only
	if unzip -p "$f" word/document.xml | grep -q '<w:sym '; then
		sed 's/[☑☐]//g' "$T_DIR/ot" | sort >"$T_DIR/ot2" && mv "$T_DIR/ot2" "$T_DIR/ot"
		note=" (w:sym symbols aside)"
	fi
	if cmp -s "$T_DIR/dt" "$T_DIR/ot" && [ -s "$T_DIR/dt" ]; then
		pass "text of $b.docx = text of $b.odt$note"
	else
		fail "text of $b.docx = text of $b.odt" "$(diff "$T_DIR/dt" "$T_DIR/ot" | head -6)"
	fi
done
# and in order (the body): the first difference would show here
python3 tests/data/docxtext.py "$OUTD/$TRAF/return.docx" | grep -v '^\[' >"$T_DIR/dt"
python3 tests/data/odttext.py "$OUTD/$TRAF/return.odt" | grep -v '^\[' >"$T_DIR/ot"
expect_eq "return letter: the paragraphs in the same order" "$(cmp -s "$T_DIR/dt" "$T_DIR/ot" && echo same)" same

# ---- render --only, gongwen odt, merge --odt ----
expect_exit "render --only request" 0 G render $EPA --only request --out "$OUTD/only"
expect_eq "--only request: request.odt and no other" "$(cd "$OUTD/only/$EPA" && ls *.odt | tr '\n' ' ')" "request.odt "
expect_exit "gongwen odt" 0 "$GW" odt "$OUTD/$EPA/form.docx" -o "$T_DIR/form.odt"
expect_eq "gongwen odt: the same text as render's" \
	"$(python3 tests/data/odttext.py "$T_DIR/form.odt" | sha256sum)" \
	"$(python3 tests/data/odttext.py "$OUTD/$EPA/form.odt" | sha256sum)"
expect_exit "gongwen odt: not a DOCX" 1 "$GW" odt "$T_DIR/layout.py" -o "$T_DIR/x.odt"
expect_contains "gongwen odt: one line naming the file" "$ERR" "gongwen: $T_DIR/layout.py"
expect_eq "gongwen odt: nothing written on failure" "$(ls "$T_DIR"/x.odt 2>/dev/null | wc -l | tr -d ' ')" 0
expect_exit "gongwen odt: -o needed" 2 "$GW" odt "$OUTD/$EPA/form.docx"
G export $EPA >"$T_DIR/app.json" 2>/dev/null
expect_exit "merge --odt" 0 "$GW" merge tests/data/model/base.docx "$T_DIR/app.json" -o "$T_DIR/m/one.docx" --odt
[ -s "$T_DIR/m/one.odt" ] && pass "merge --odt: one.odt beside one.docx" || fail "merge --odt: one.odt beside one.docx"

# ---- LibreOffice renders each ODT like gongwen's PDF of the DOCX ----
if [ "$GW_SUITE" = asan ]; then
	echo "  skipped: LibreOffice rendering of the ODTs (GW_SUITE=asan)"
	pass "LibreOffice comparison skipped under asan"
elif ! command -v soffice >/dev/null 2>&1; then
	echo "  skipped: LibreOffice rendering of the ODTs (no soffice)"
	pass "LibreOffice comparison skipped (no soffice)"
else
	mkdir -p "$T_DIR/lo/in" "$T_DIR/lo/out"
	for f in "$OUTD"/*/*.odt; do
		cp "$f" "$T_DIR/lo/in/$(basename "$(dirname "$f")")-$(basename "$f")"
	done
	FONTCONFIG_FILE=$PWD/tests/fidelity/fonts.conf timeout 300 soffice \
		-env:UserInstallation=file://$T_DIR/lo/profile --headless --convert-to pdf \
		--outdir "$T_DIR/lo/out" "$T_DIR"/lo/in/*.odt >/dev/null 2>&1
	same=0 total=0
	for f in "$T_DIR"/lo/in/*.odt; do
		b=$(basename "$f" .odt)
		app=${b%-*} doc=${b##*-}
		if [ ! -f "$T_DIR/lo/out/$b.pdf" ]; then
			fail "LibreOffice renders $b.odt"
			continue
		fi
		set -- $(python3 tests/fidelity/compare.py "$OUTD/$app/$doc.pdf" "$T_DIR/lo/out/$b.pdf")
		pct=$(awk "BEGIN { printf \"%.1f\", $4 ? 100 * $3 / $4 : 0 }")
		[ -n "$T_VERBOSE" ] && echo "       $b: pages $1/$2, lines $3/$4 ($pct %)"
		expect_eq "$b.odt in LibreOffice: the pages of gongwen's PDF" "$2" "$1"
		if awk "BEGIN { exit !($pct >= 98) }"; then pass "$b: $pct % lines identical"; else fail "$b: >= 98 % lines identical" "$3/$4 ($pct %)"; fi
		same=$((same + $3)) total=$((total + $4))
	done
	pct=$(awk "BEGIN { printf \"%.1f\", $total ? 100 * $same / $total : 0 }")
	echo "  odt fidelity: $same/$total lines identical ($pct %)"
	if awk "BEGIN { exit !($pct >= 98) }"; then pass "all ODTs: >= 98 % of lines identical ($pct %)"; else fail "all ODTs: >= 98 % lines identical" "$same/$total"; fi
fi

# ---- notes, floating pictures and text boxes, column breaks (issue 14) ----
# the corpus documents with them: an ODT valid against the schema whose text
# holds the DOCX's (each text box once; the note marks are citations beside)
FC=$T_DIR/fcorpus
/usr/bin/python3 tests/fidelity/make_corpus.py "$FC" >/dev/null 2>&1 || fail "odt: corpus" "make_corpus.py failed"
for b in f-notes f-textbox f-group f-float-logo f-columns f-letter-all; do
	expect_exit "gongwen odt $b" 0 "$GW" odt "$FC/$b.docx" -o "$T_DIR/$b.odt"
	python3 tests/data/docxtext.py --shown "$FC/$b.docx" | sed 's/^\[[^]]*\] //' | tr -d ' \n\t' |
		fold -w1 | sort >"$T_DIR/dt"
	python3 tests/data/odttext.py "$T_DIR/$b.odt" | sed 's/^\[[^]]*\] //' | tr -d ' \n\t' |
		fold -w1 | sort >"$T_DIR/ot"
	expect_eq "$b: every character of the DOCX in the ODT" "$(comm -23 "$T_DIR/dt" "$T_DIR/ot" | head -c 200)" ""
	if [ -n "${GW_ODF_SCHEMA:-}" ] && command -v xmllint >/dev/null 2>&1; then
		unzip -p "$T_DIR/$b.odt" content.xml >"$T_DIR/c.xml"
		expect_exit "$b: content.xml valid ODF 1.3" 0 xmllint --noout --relaxng "$GW_ODF_SCHEMA" "$T_DIR/c.xml"
	fi
done
c=$(unzip -p "$T_DIR/f-notes.odt" content.xml)
expect_contains "f-notes: a footnote as text:note" "$c" 'text:note-class="footnote"'
expect_contains "f-notes: an endnote as text:note" "$c" 'text:note-class="endnote"'
expect_contains "f-textbox: a text box as draw:text-box" "$(unzip -p "$T_DIR/f-textbox.odt" content.xml)" '<draw:text-box>'
