# results.sh — browser_results NAME OUT: a browser test's "ok NAME" and
# "FAIL NAME: why" lines (OUT, its output) as pass/fail of tests/lib.sh, each
# named "NAME: …"; "# " lines shown with T_VERBOSE; a test that did not reach
# its last case ("no JavaScript error in the console") is a failure.
# Sourced by tests/e2e/browser.sh and tests/e2e/browser_attach.sh.
browser_results() {
	while IFS= read -r _br_line; do
		case $_br_line in
		"ok "*) pass "$1: ${_br_line#ok }" ;;
		"FAIL "*) _br_l=${_br_line#FAIL }; fail "$1: ${_br_l%%: *}" "${_br_l#*: }" ;;
		"# "*) [ -n "$T_VERBOSE" ] && echo "  $_br_line" ;;
		esac
	done <"$2"
	grep -q '^ok no JavaScript error' "$2" || grep -q '^FAIL no JavaScript error' "$2" ||
		fail "$1: the test ran to its end" "$(tail -c 600 "$2")"
}
