# browser_attach.sh — the attachment controls of the pages (web/attach.js) in
# headless Chromium against `gongwen serve` (tests/browser/test_attach.py):
# upload, list, open, replace and delete on a draft, a disguised HTML file
# refused at its control, R10 in the live check and cleared by the uploads,
# the reviewer's read-only list, axe-core on those screens.  Screenshots:
# out/screens/att-*.png.  Under GW_SUITE=asan it is skipped (browser.sh's
# quick run covers the service under ASan; this adds ~40 s of Chromium).
_ba_axe=tests/browser/node_modules/axe-core/axe.min.js
if [ "$GW_SUITE" = asan ]; then
	pass "browser_attach: skipped under asan (the attachments API runs under asan in attach_web.sh)"
elif [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! /usr/bin/python3 -c 'import selenium' 2>/dev/null; then
	fail "browser_attach: chromium, chromium-driver and python3-selenium are installed" "missing (make test installs them)"
else
	if [ ! -f "$_ba_axe" ]; then
		(cd tests/browser && npm install --no-audit --no-fund --no-save --silent axe-core@4.10 >/dev/null 2>&1)
	fi
	if [ ! -f "$_ba_axe" ]; then
		fail "browser_attach: axe-core from npm" "npm install axe-core failed"
	else
		mkdir -p out/screens "$T_DIR/attach"
		/usr/bin/python3 tests/browser/test_attach.py "$GW" "$T_DIR/attach" out/screens "$_ba_axe" >"$T_DIR/browser_attach.out" 2>&1
		. tests/browser/results.sh
		browser_results browser_attach "$T_DIR/browser_attach.out"
	fi
fi
