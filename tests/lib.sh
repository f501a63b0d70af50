# tests/lib.sh — helpers for end-to-end tests (sourced by tests/run.sh).
# Each case calls pass/fail once; run.sh counts them.
GW=${GW_BIN:-$PWD/gongwen}
# absolute, so a test may cd elsewhere (make asan gives a relative path)
case $GW in /*) ;; *) GW=$PWD/$GW ;; esac
EXAMPLES=$PWD/data/examples

pass() { T_PASS=$((T_PASS + 1)); [ -n "$T_VERBOSE" ] && echo "  ok   $1"; return 0; }
fail() { T_FAIL=$((T_FAIL + 1)); echo "  FAIL $1${2:+: $2}"; return 0; }

# expect_exit NAME CODE CMD... : run CMD, check its exit code; output in $OUT/$ERR
expect_exit() {
	_name=$1 _want=$2; shift 2
	"$@" >"$T_DIR/out" 2>"$T_DIR/err"; _got=$?
	OUT=$(cat "$T_DIR/out"); ERR=$(cat "$T_DIR/err")
	if [ "$_got" = "$_want" ]; then pass "$_name"; else fail "$_name" "exit $_got, want $_want; stderr: $(head -c 300 "$T_DIR/err")"; fi
}

# expect_contains NAME HAYSTACK NEEDLE
expect_contains() {
	case "$2" in *"$3"*) pass "$1" ;; *) fail "$1" "missing '$3' in: $(printf '%s' "$2" | head -c 300)" ;; esac
}

expect_not_contains() {
	case "$2" in *"$3"*) fail "$1" "unexpected '$3'" ;; *) pass "$1" ;; esac
}

expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}

# expect_fail NAME CMD... : CMD must exit non-zero
expect_fail() {
	_name=$1; shift
	"$@" >"$T_DIR/out" 2>"$T_DIR/err"; _got=$?
	OUT=$(cat "$T_DIR/out"); ERR=$(cat "$T_DIR/err")
	if [ "$_got" != 0 ]; then pass "$_name"; else fail "$_name" "exit 0, want failure"; fi
}

# examples_decided DB: both example applications in a new store at DB, as
# `make demo` leaves them: 115-EPA-0007 approved (every reviewer ok),
# 115-TRAF-0003 returned; the head signs as ○○○.
examples_decided() {
	"$GW" --db "$1" init >/dev/null 2>&1
	"$GW" --db "$1" bureau set head_name ○○○ >/dev/null 2>&1
	"$GW" --db "$1" import "$EXAMPLES"/application-complete.json \
		"$EXAMPLES"/application-incomplete.json >/dev/null 2>&1
	"$GW" --db "$1" decide 115-TRAF-0003 return >/dev/null 2>&1
	for _role in admin security network antivirus mdr vans chief; do
		"$GW" --db "$1" review 115-EPA-0007 --role $_role --result ok >/dev/null 2>&1
	done
	"$GW" --db "$1" decide 115-EPA-0007 approve >/dev/null 2>&1
}
