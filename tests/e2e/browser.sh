# browser.sh — the pages in real headless Chromium against `gongwen serve`:
# the whole workflow across roles, the live check, keyboard-only use,
# hostile text, another agency's address, session expiry, the phone screen,
# and axe-core's WCAG 2.1 A/AA check of every screen
# (tests/browser/test_web.py).  Screenshots: out/screens/.
# Under GW_SUITE=asan only the login, the live check and the keyboard draft run.
_b_axe=tests/browser/node_modules/axe-core/axe.min.js
# data reaches the pages only as text: no markup from strings anywhere in web/
if grep -nE 'innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function' web/*.js >"$T_DIR/markup" 2>&1; then
	fail "browser: web/ never turns strings into markup" "$(head -3 "$T_DIR/markup")"
else
	pass "browser: web/ never turns strings into markup (no innerHTML, outerHTML, insertAdjacentHTML, document.write, eval)"
fi
if [ ! -f "$_b_axe" ]; then
	(cd tests/browser && npm install --no-audit --no-fund --no-save --silent axe-core@4.10 >/dev/null 2>&1)
fi
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! /usr/bin/python3 -c 'import selenium' 2>/dev/null; then
	fail "browser: chromium, chromium-driver and python3-selenium are installed" "missing (make test installs them)"
elif [ ! -f "$_b_axe" ]; then
	fail "browser: axe-core from npm" "npm install axe-core failed"
else
	mkdir -p out/screens "$T_DIR/web"
	_b_mode=
	[ "$GW_SUITE" = asan ] && _b_mode=quick
	/usr/bin/python3 tests/browser/test_web.py "$GW" "$T_DIR/web" out/screens "$_b_axe" $_b_mode >"$T_DIR/browser.out" 2>&1
	. tests/browser/results.sh
	browser_results browser "$T_DIR/browser.out"
	[ "$GW_SUITE" = asan ] && pass "browser: under asan only login, live check and the keyboard draft run (skip the rest)"
fi
