# End-to-end: the attachments API of `gongwen serve` (src/serve_attach.c),
# driven by tests/tools/attach_web_test.py on a free loopback port (it
# starts and stops its own server): uploads, hostile uploads (415, 400,
# 413), the file served with nosniff and a sandboxing CSP, another agency's
# 404, a reviewer's 403, a submitted draft's 409, R10 in the web check;
# devices moved and deleted with a PUT's device_map: the files follow, a
# bad map 400, another agency 404, no CSRF 403, the history rows.
W=$T_DIR/attach_web
mkdir -p "$W"
timeout 120 /usr/bin/python3 tests/tools/attach_web_test.py "$GW" "$W" "$EXAMPLES" >"$W/results" 2>"$W/stderr"
rc=$?
while IFS= read -r line; do
	case $line in
	"ok "*) pass "attachments web: ${line#ok }" ;;
	"FAIL "*) fail "attachments web: ${line#FAIL }" ;;
	esac
done <"$W/results"
[ "$rc" = 0 ] || fail "attachments web: the test script stopped (exit $rc)" "$(tail -n 5 "$W/stderr" | tr '\n' ' ')"
