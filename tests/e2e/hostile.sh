# End-to-end: the hostile-input corpus (tests/hostile/cases.tsv).  Each case
# runs in a fresh store and output folder, under `timeout 20` (GW_HOSTILE_TIMEOUT) and a 2 GiB
# address-space limit, and must: exit as expected (never a signal, never
# a timeout), print the expected one-line error (only "gongwen: " lines, no
# control characters), leave no sanitizer report, no temp file anywhere, and
# - when it is refused - the store and the output folder exactly as before.
# Cases marked wait:CMD are reported "pending" while CMD says "not
# implemented yet", and run as soon as it is implemented.
H=$PWD/tests/hostile
PROBE=$PWD/$(dirname "${GW_UNIT:-out/build/unit-tests}")/gw-probe
EXAMPLE=$EXAMPLES/application-complete.json
TAB=$(printf '\t')
VLIMIT=2097152
case "$GW" in *asan*) VLIMIT=unlimited ;; esac
[ -n "$GW_NO_VLIMIT" ] && VLIMIT=unlimited
"$GW" --db "$T_DIR/base.db" import "$EXAMPLE" >/dev/null 2>&1 || fail "hostile: base store with $EXAMPLE"
python3 "$H/gen.py" tpl_name "$T_DIR/tpl.docx" "$EXAMPLE"
python3 "$H/gen.py" tpl_id "$T_DIR/tplid.docx" "$EXAMPLE"
python3 "$H/gen.py" pkg_big_ok "$T_DIR/bigtpl.docx" "$EXAMPLE"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a["id"]="H-D"; json.dump(a, open(sys.argv[2],"w"), ensure_ascii=False)' "$EXAMPLE" "$T_DIR/data.json"
printf 'previous output\n' > "$T_DIR/old.docx"

n_pending=0 n_skip=0
while IFS="$TAB" read -r name state input want frag cmd; do
	case "$name" in '#'*|'') continue ;; esac
	T=$T_DIR/c-$name
	mkdir -p "$T/out"
	OUT=$T/out DB=$T/s.db IN=-
	cp "$T_DIR/base.db" "$DB"
	cp -p "$T_DIR/old.docx" "$OUT/old.docx"
	if [ "$input" != - ]; then
		case "$input" in json_*) ext=json ;; font_*) ext=ttf ;; *) ext=docx ;; esac
		IN=$T/input.$ext
		python3 "$H/gen.py" "$input" "$IN" "$EXAMPLE" || { fail "$name" "gen.py $input failed"; continue; }
	fi
	snap() { (cd "$OUT" && find . -mindepth 1 -printf '%p %s %m %y\n' | sort && cat old.docx 2>/dev/null | sha256sum); }
	dbsum() { [ -f "$DB" ] && sqlite3 "$DB" .dump 2>/dev/null | sha256sum; }
	before=$(snap) dbbefore=$(dbsum)
	touch "$T/stamp"
	start=$(date +%s)
	(
		ulimit -v $VLIMIT
		export GW PROBE IN DB OUT T TPL="$T_DIR/tpl.docx" TPLID="$T_DIR/tplid.docx" \
			BIGTPL="$T_DIR/bigtpl.docx" DATA="$T_DIR/data.json"
		exec timeout -s KILL ${GW_HOSTILE_TIMEOUT:-20} sh -c ". '$H/helpers.sh'; $cmd"
	) >"$T/stdout" 2>"$T/stderr" </dev/null
	rc=$?
	secs=$(($(date +%s) - start))
	after=$(snap) dbafter=$(dbsum)
	if [ -f "$T/mounts" ]; then
		mounts=$(cat "$T/mounts") # read first: an open file on the mount keeps it busy
		for m in $mounts; do umount "$m" || fail "$name" "cannot unmount $m"; done
	fi
	err=$(cat "$T/stderr")
	if [ -f "$T/skip" ]; then
		echo "  skip $name ($(cat "$T/skip"))"; n_skip=$((n_skip + 1)); rm -rf "$T"; continue
	fi
	if [ "$state" != run ] && [ "$rc" = 2 ] && grep -q "not implemented yet" "$T/stderr"; then
		echo "  pending $name (${state#wait:})"; n_pending=$((n_pending + 1)); rm -rf "$T"; continue
	fi
	why=""
	[ "$rc" -ge 124 ] && why="$why; killed or timed out (exit $rc after ${secs}s)"
	[ "$rc" != "$want" ] && why="$why; exit $rc, want $want"
	[ "$frag" != - ] && case "$err" in *"$frag"*) ;; *) why="$why; stderr lacks '$frag'" ;; esac
	case "$err" in *Sanitizer*|*"runtime error:"*|*"==ERROR"*) why="$why; sanitizer report" ;; esac
	if [ -n "$err" ] && printf '%s\n' "$err" | grep -qv '^gongwen: '; then
		why="$why; stderr line not from gongwen"
	fi
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/stderr"; then
		why="$why; control character on stderr"
	fi
	if [ "$want" != 0 ]; then
		[ "$before" != "$after" ] && why="$why; output folder changed"
		[ "$dbbefore" != "$dbafter" ] && why="$why; store changed"
	fi
	left=$(find "$T_DIR" "$OUT" \( -name '*.tmp.*' -o -name '*.tmp-*' \) 2>/dev/null | head -3)
	[ -n "$left" ] && why="$why; temp file left: $left"
	if [ -z "$why" ]; then
		pass "$name"
	else
		fail "$name" "${why#; } | $(printf '%s' "$err" | head -c 300)"
	fi
	rm -rf "$T"
done < "$H/cases.tsv"
echo "  hostile: $n_pending pending, $n_skip skipped"
