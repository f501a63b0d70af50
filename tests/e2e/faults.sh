# End-to-end: fault injection.  Every allocation of an import fails in turn
# (LD_PRELOAD failmalloc: gongwen's, SQLite's, jansson's, libxml2's), then
# writes fail (a full disk, a file-size limit, /dev/full).  Each run must end
# with exit 0 and the whole application stored, or exit 1 with one clear
# "gongwen: " line and the store as it was: never a crash, never a partial
# application, never a temp file, never an older output damaged.
FZ=$PWD/$(dirname "${GW_UNIT:-out/build/unit-tests}")
EX=$EXAMPLES/application-complete.json
DB=$T_DIR/f.db
"$GW" --db "$T_DIR/base.db" init >/dev/null
counts() { sqlite3 "$1" "SELECT (SELECT count(*) FROM applications)||'/'||(SELECT count(*) FROM devices)||'/'||(SELECT count(*) FROM history)"; }
# Bad lines: not from gongwen (libfailmalloc's own count line aside).
stray() { grep -v '^gongwen: ' "$1" | grep -v '^failmalloc: ' | head -c 200; }

# ---- every allocation point of `gongwen import` ----
case "$GW" in
*asan*|*valgrind*) echo "  skip failmalloc sweep (LD_PRELOAD does not mix with ASan or valgrind)" ;;
*)
	cp "$T_DIR/base.db" "$DB"
	calls=$(GW_FAILMALLOC_COUNT=1 env LD_PRELOAD="$FZ/failmalloc.so" "$GW" --db "$DB" import "$EX" 2>&1 >/dev/null |
		sed -n 's/^failmalloc: \([0-9]*\) calls$/\1/p')
	if [ -z "$calls" ] || [ "$calls" -lt 100 ]; then
		fail "failmalloc counts allocations" "got '$calls'"
	else
		pass "failmalloc counts allocations ($calls in one import)"
		step=${GW_FAULT_STEP:-11} # GW_FAULT_STEP=1 tries every point
		bad="" ok=0 refused=0 n=1
		while [ "$n" -le $((calls + 5)) ]; do
			cp "$T_DIR/base.db" "$DB"
			GW_FAILMALLOC=$n timeout -s KILL 20 env LD_PRELOAD="$FZ/failmalloc.so" \
				"$GW" --db "$DB" import "$EX" >/dev/null 2>"$T_DIR/err"
			rc=$? c=$(counts "$DB")
			if [ "$rc" = 0 ]; then
				[ "$c" = "1/3/1" ] || bad="$bad N=$n:exit-0-but-$c"
				ok=$((ok + 1))
			elif [ "$rc" = 1 ]; then
				[ "$c" = "0/0/0" ] || bad="$bad N=$n:partial-$c"
				grep -q '^gongwen: ' "$T_DIR/err" || bad="$bad N=$n:no-message"
				refused=$((refused + 1))
			else
				bad="$bad N=$n:exit-$rc"
			fi
			[ -n "$(stray "$T_DIR/err")" ] && bad="$bad N=$n:stray-stderr($(stray "$T_DIR/err"))"
			n=$((n + step))
		done
		if [ -z "$bad" ]; then
			pass "import under failing allocations: $ok stored whole, $refused refused cleanly"
		else
			fail "import under failing allocations" "$(echo "$bad" | head -c 600)"
		fi
	fi

	# The package writer: the older output survives every failure.
	python3 tests/hostile/gen.py pkg_good "$T_DIR/g.docx" "$EX"
	mkdir -p "$T_DIR/po"
	calls=$(GW_FAILMALLOC_COUNT=1 env LD_PRELOAD="$FZ/failmalloc.so" "$FZ/gw-probe" copy "$T_DIR/g.docx" "$T_DIR/po/x.docx" 2>&1 |
		sed -n 's/^failmalloc: \([0-9]*\) calls$/\1/p')
	bad="" n=1
	while [ "$n" -le $((${calls:-0} + 5)) ]; do
		printf 'previous output\n' > "$T_DIR/po/o.docx"
		GW_FAILMALLOC=$n timeout -s KILL 20 env LD_PRELOAD="$FZ/failmalloc.so" \
			"$FZ/gw-probe" copy "$T_DIR/g.docx" "$T_DIR/po/o.docx" >/dev/null 2>"$T_DIR/err"
		rc=$?
		case $rc in
		0) unzip -tq "$T_DIR/po/o.docx" >/dev/null 2>&1 || bad="$bad N=$n:broken-output" ;;
		1) [ "$(cat "$T_DIR/po/o.docx")" = "previous output" ] || bad="$bad N=$n:old-output-damaged" ;;
		*) bad="$bad N=$n:exit-$rc" ;;
		esac
		[ -n "$(stray "$T_DIR/err")" ] && bad="$bad N=$n:stray-stderr"
		[ -n "$(ls "$T_DIR/po" | grep '\.tmp\.')" ] && bad="$bad N=$n:temp-left"
		n=$((n + 1))
	done
	if [ -n "$calls" ] && [ -z "$bad" ]; then
		pass "package write under failing allocations ($calls points)"
	else
		fail "package write under failing allocations" "calls '$calls' $(echo "$bad" | head -c 600)"
	fi
	;;
esac

# ---- GW_FAIL_ALLOC: gongwen's own allocations (works under ASan too) ----
bad="" n=1 done_ok=0 tried=0
while [ "$n" -le 50000 ] && [ "$done_ok" = 0 ]; do
	cp "$T_DIR/base.db" "$DB"
	GW_FAIL_ALLOC=$n "$GW" --db "$DB" import "$EX" >/dev/null 2>"$T_DIR/err"
	rc=$? c=$(counts "$DB")
	case $rc in
	0) [ "$c" = "1/3/1" ] || bad="$bad N=$n:exit-0-but-$c"; done_ok=$n ;;
	1) [ "$c" = "0/0/0" ] || bad="$bad N=$n:partial-$c"
	   grep -q '^gongwen: out of memory' "$T_DIR/err" || bad="$bad N=$n:message($(head -c 80 "$T_DIR/err"))" ;;
	*) bad="$bad N=$n:exit-$rc" ;;
	esac
	tried=$((tried + 1))
	n=$((n + ${GW_FAULT_STEP:-11}))
done
if [ -z "$bad" ] && [ "$done_ok" -gt 1 ]; then
	pass "GW_FAIL_ALLOC: import refused cleanly at $((tried - 1)) of its first $done_ok allocations"
else
	fail "GW_FAIL_ALLOC sweep" "last $n ok at $done_ok: $(echo "$bad" | head -c 400)"
fi

# ---- write failures ----
cp "$T_DIR/base.db" "$DB"
"$GW" --db "$DB" import "$EX" >/dev/null
expect_exit "export to a full device fails" 1 sh -c "'$GW' --db '$DB' export 115-EPA-0007 > /dev/full"
expect_contains "and says so" "$ERR" "standard output: write failed: No space left on device"

python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); a["id"]="F-2"; json.dump(a, open(sys.argv[2],"w"), ensure_ascii=False)' "$EX" "$T_DIR/f2.json"
before=$(sqlite3 "$DB" .dump | sha256sum)
size=$(($(stat -c %s "$DB") / 512 + 1))
# sh's ulimit -f counts 512-byte blocks: the store may not grow, nor a WAL appear.
expect_exit "import under a file-size limit fails" 1 sh -c "ulimit -f 1; '$GW' --db '$DB' import '$T_DIR/f2.json'"
expect_contains "with a clear error" "$ERR" "gongwen: "
expect_eq "store unchanged after the file-size limit" "$(sqlite3 "$DB" .dump | sha256sum)" "$before"

if mkdir "$T_DIR/tiny" && mount -t tmpfs -o size=512k tmpfs "$T_DIR/tiny" 2>/dev/null; then
	cp "$DB" "$T_DIR/tiny/s.db"
	before=$(sqlite3 "$DB" .dump | sha256sum) # the same bytes, read where there is room
	dd if=/dev/zero of="$T_DIR/tiny/fill" bs=4k 2>/dev/null # fill the rest of the disk
	expect_exit "import on a full disk fails" 1 "$GW" --db "$T_DIR/tiny/s.db" import "$T_DIR/f2.json"
	expect_contains "with a clear error" "$ERR" "s.db: "
	rm -f "$T_DIR/tiny/fill"
	expect_eq "store unchanged after the full disk" "$(sqlite3 "$T_DIR/tiny/s.db" .dump | sha256sum)" "$before"
	expect_exit "and the import works once there is room" 0 "$GW" --db "$T_DIR/tiny/s.db" import "$T_DIR/f2.json"
	umount "$T_DIR/tiny"
else
	echo "  skip full-disk import (cannot mount a tmpfs: needs root)"
fi

# ---- interrupted mail merge: Ctrl-C / kill in the middle of a batch ----
python3 tests/hostile/gen.py tpl_name "$T_DIR/t.docx" "$EX"
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
recs = []
for i in range(3000):
    b = json.loads(json.dumps(a)); b["id"] = "M-%04d" % i; recs.append(b)
json.dump(recs, open(sys.argv[2], "w"), ensure_ascii=False)' "$EX" "$T_DIR/many.json"
case "$GW" in *valgrind*) sigs="" ; echo "  skip interrupted merge (a killed process's live blocks are not leaks)" ;; *) sigs="INT TERM" ;; esac
for sig in $sigs; do
	rm -rf "$T_DIR/mm" && mkdir "$T_DIR/mm"
	"$GW" merge "$T_DIR/t.docx" "$T_DIR/many.json" -o "$T_DIR/mm/{id}.docx" >/dev/null 2>&1 &
	pid=$!
	# Wait until it is writing, then interrupt it.
	n=0
	while [ "$(ls "$T_DIR/mm" | wc -l)" -lt 20 ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n + 1)); done
	kill -$sig $pid
	{ wait $pid; } 2>/dev/null
	rc=$?
	written=$(ls "$T_DIR/mm" | grep -c '\.docx$')
	left=$(ls "$T_DIR/mm" | grep -c '\.tmp')
	if [ "$rc" -gt 128 ] && [ "$left" = 0 ] && [ "$written" -lt 3000 ] &&
		python3 -c 'import sys, zipfile, glob
for f in glob.glob(sys.argv[1] + "/*.docx"):
    zipfile.ZipFile(f).testzip()' "$T_DIR/mm"; then
		pass "SIG$sig in a 3000-document merge: $written whole documents, no temp file"
	else
		fail "SIG$sig in a 3000-document merge" "exit $rc, $written written, $left temp files"
	fi
done
