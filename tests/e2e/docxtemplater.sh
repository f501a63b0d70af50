# tests/e2e/docxtemplater.sh — differential test: the templates of
# tests/data/mkdt.py (each construct of docxtemplater's language alone and
# combined, pictures, page and section breaks next to tags, headers, footers)
# merged by gongwen and by docxtemplater (npm, paragraphLoop) with the same
# data.  Per part, the text of every paragraph and the counts of drawings,
# section breaks and page breaks must agree; a case with a NAME.differs note
# is a documented deliberate difference (docs/templates.md §7): its non-empty
# paragraphs and drawings must still agree, and it must really differ.  Every
# gongwen output must pass the structural check (tests/tools/wml.py).
ROOT=$PWD
case $GW in /*) ;; *) GW=$ROOT/$GW ;; esac
D=$T_DIR/dt
WML="python3 $ROOT/tests/tools/wml.py"

# docxtemplater and pizzip from npm into the git-ignored bench/node_modules, as
# bench/merge.sh installs them; without them this test fails, never passes.
if [ ! -d bench/node_modules/docxtemplater ] || [ ! -d bench/node_modules/pizzip ]; then
	npm install --no-save --no-package-lock --silent --prefix bench docxtemplater@3 pizzip@3 >"$T_DIR/npm.log" 2>&1
fi
if [ ! -d bench/node_modules/docxtemplater ] || [ ! -d bench/node_modules/pizzip ]; then
	fail "npm install docxtemplater@3 pizzip@3" "$(tail -c 300 "$T_DIR/npm.log" 2>/dev/null)"
	return 0 2>/dev/null || exit 0
fi
pass "docxtemplater installed"

python3 tests/data/mkdt.py "$D" || fail "mkdt.py"
NODE_PATH=$ROOT/bench/node_modules node tests/tools/dt_merge.js "$D" 2>"$T_DIR/node.err" ||
	fail "docxtemplater ran" "$(head -c 300 "$T_DIR/node.err")"
n=0
for c in $(cat "$D/CASES"); do
	n=$((n + 1))
	if [ -f "$D/$c.dt.err" ]; then fail "docxtemplater merges $c" "$(cat "$D/$c.dt.err")"; continue; fi
	if ! "$GW" merge "$D/$c.docx" "$D/$c.json" -o "$D/$c.gw.docx" >/dev/null 2>"$T_DIR/err"; then
		fail "gongwen merges $c" "$(head -c 300 "$T_DIR/err")"; continue
	fi
	$WML dump "$D/$c.gw.docx" >"$D/$c.gw.txt"
	$WML dump "$D/$c.dt.docx" >"$D/$c.dt.txt"
	if [ -f "$D/$c.differs" ]; then
		norm() { sed -e '/^p: $/d' -e 's/, section breaks.*//' "$1"; }
		if [ "$(norm "$D/$c.gw.txt")" = "$(norm "$D/$c.dt.txt")" ]; then
			pass "$c: same text and drawings (deliberate difference: $(cat "$D/$c.differs"))"
		else
			fail "$c: same text and drawings" "$(norm "$D/$c.dt.txt" >"$T_DIR/a"; norm "$D/$c.gw.txt" >"$T_DIR/b"; diff "$T_DIR/a" "$T_DIR/b" | head -20)"
		fi
		cmp -s "$D/$c.gw.txt" "$D/$c.dt.txt" && fail "$c: the documented difference is real" "outputs agree: remove $c.differs" ||
			pass "$c: the documented difference is real"
	elif cmp -s "$D/$c.gw.txt" "$D/$c.dt.txt"; then
		pass "$c: same as docxtemplater"
	else
		fail "$c: same as docxtemplater" "$(diff "$D/$c.dt.txt" "$D/$c.gw.txt" | head -20)"
	fi
done
[ "$n" -ge 60 ] && pass "$n differential cases" || fail "differential cases" "only $n"

# Every output Word would open without calling it damaged.
if $WML check "$D"/*.gw.docx >"$T_DIR/check" 2>&1; then pass "all $n gongwen outputs structurally valid"; else
	fail "gongwen outputs structurally valid" "$(head -c 600 "$T_DIR/check")"; fi
# The check can fail: docxtemplater's empty header has no paragraph.
$WML check "$D/header_empty_loop.dt.docx" >"$T_DIR/check" 2>&1
expect_contains "the structural check finds a header without a paragraph" "$(cat "$T_DIR/check")" "header1.xml: hdr holds no paragraph"
# … and docxtemplater's repeated pictures sharing one drawing id (gongwen renumbers them).
$WML check "$D/image_in_body.dt.docx" >"$T_DIR/check" 2>&1
expect_contains "the structural check finds repeated drawing ids" "$(cat "$T_DIR/check")" "drawing id 1 (wp:docPr) also in word/document.xml"
