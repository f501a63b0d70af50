# End-to-end: `gongwen serve` on a free loopback port, driven through its
# JSON API by tests/tools/serve_test.py (Python's standard library only):
# every endpoint, every security row (CSRF 403, another agency 404, stale
# version 409, oversized body 413, sixth wrong password 429, cookie flags,
# headers, session lifetimes), two clients editing at once, a clerk's draft
# to the approval letter and a return letter, SIGTERM during a render.
# The script starts and stops its own servers.
W=$T_DIR/serve
mkdir -p "$W"
if ! command -v pdftotext >/dev/null 2>&1; then
	fail "serve: pdftotext (poppler-utils) is needed"
else
	limit=240
	case $GW in *valgrind*) limit=1800 ;; esac # make valgrind: every render is slow
	timeout $limit /usr/bin/python3 tests/tools/serve_test.py "$GW" "$W" "$EXAMPLES" >"$W/results" 2>"$W/stderr"
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "*) pass "serve: ${line#ok }" ;;
		"FAIL "*) fail "serve: ${line#FAIL }" ;;
		esac
	done <"$W/results"
	if [ "$rc" != 0 ]; then
		fail "serve: the test script stopped (exit $rc)" "$(tail -n 5 "$W/stderr" | tr '\n' ' ')"
		tail -n 20 "$W/serve.log" 2>/dev/null
	fi
fi
