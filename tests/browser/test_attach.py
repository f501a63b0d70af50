#!/usr/bin/python3
"""The attachment controls of the pages (web/attach.js) in headless Chromium
against `gongwen serve`: a clerk uploads a report and an evidence to a draft,
sees them listed, opens, replaces and deletes them, has a disguised HTML file
refused at the control, attaches what rule R10 asks for and sees the live
check clear; a reviewer reads every attachment from the review screen.
axe-core checks the screens with attachment controls.

The server, the accounts, the browser and the helpers are test_web.py's:
its harness (everything before its scenario runner) is run here, not copied.

usage: test_attach.py GONGWEN WORKDIR SHOTS AXE_JS
"""
import base64
import json
import os
import signal
import struct
import subprocess
import sys
import time
import zlib

_WEB = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'test_web.py')
_src = open(_WEB, encoding='utf-8').read()
_cut = _src.index('\nDRAFT_OK = DRAFT_HOSTILE')      # test_web.py's scenario runner starts here
exec(compile(_src[:_cut], _WEB, 'exec'))             # noqa: S102 — test_web.py's own harness

# ---------- the files ----------


def pdf(pages=1, width=595, js_action=False):
    """A PDF of PAGES empty pages with a correct cross-reference table (and an
    OpenAction running JavaScript when JS_ACTION)."""
    kids = ' '.join('%d 0 R' % (3 + k) for k in range(pages))
    cat = '<< /Type /Catalog /Pages 2 0 R%s >>' % (
        ' /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>' if js_action else '')
    objs = [cat, '<< /Type /Pages /Kids [%s] /Count %d >>' % (kids, pages)]
    objs += ['<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d 842] >>' % width] * pages
    out, offs = b'%PDF-1.4\n', []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b'%d 0 obj\n' % i + o.encode() + b'\nendobj\n'
    x = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1) + b''.join(b'%010d 00000 n \n' % o for o in offs)
    return out + b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, x)


def png(w=40, hgt=30):
    """An RGB PNG (a screenshot of an installation)."""
    def chunk(t, data):
        return struct.pack('>I', len(data)) + t + data + struct.pack('>I', zlib.crc32(t + data) & 0xffffffff)
    raw = b''.join(b'\0' + bytes((x * 7 + y * 3) % 256 for x in range(w * 3)) for y in range(hgt))
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, hgt, 8, 2, 0, 0, 0))
            + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


FILES = os.path.join(WORK, 'files')
os.makedirs(FILES, exist_ok=True)


def file_(name, data):
    p = os.path.join(FILES, name)
    open(p, 'wb').write(data)
    return p


REPORT1 = file_('弱點掃描報告.pdf', pdf(2))
REPORT2 = file_('弱點掃描報告-更新.pdf', pdf(3, 612))
SHOT = file_('防毒安裝畫面.png', png())
FAKE = file_('上線紀錄.pdf', b'<!doctype html><html><script>alert(1)</script></html>\n')
BROKEN = file_('上線紀錄-損壞.pdf', b'%PDF-1.7\n<html><script>alert(1)</script></html>\n')
ACTIVE = file_('active.pdf', pdf(1, js_action=True))
BIG = file_('掃描報告-大.pdf', pdf(1)[:-6] + b'%' + b'x' * (1 << 20) + b'\n%%EOF\n')
OTHER_PDF = file_('報告.pdf', pdf(1, 600))

# ---------- helpers ----------


def att(path):
    """The control (div.att) of the item whose file input is PATH's."""
    hid = 'att-' + fid(path)[2:]
    return wait(lambda: d.find_element(By.CSS_SELECTOR, 'div.att[aria-labelledby="%s"]' % hid), 20, 'control ' + path)


def att_js(path, what):
    """WHAT of the control of PATH, read in one step (the control redraws itself after each change)."""
    return js("var c = document.querySelector('div.att[aria-labelledby=\"' + arguments[0] + '\"]');"
              "if (!c) return null;" + what, 'att-' + fid(path)[2:])


def listed(path):
    return att_js(path, "return Array.prototype.map.call(c.querySelectorAll('.att-list a'), function (a) { return a.textContent; });")


def att_text(path):
    return att_js(path, "return c.innerText;")


def att_msg(path):
    return att_js(path, "return Array.prototype.map.call(c.querySelectorAll('.att-msg'), function (m) { return m.textContent; }).join(' ');")


def api_rows(app):
    r = fetch('GET', '/api/applications/%s/attachments' % app)
    return json.loads(base64.b64decode(r['b64']).decode())['attachments']


def upload(path, f):
    fld(path).send_keys(f)
    name = os.path.basename(f)
    wait(lambda: name in listed(path) and '已上傳' in att_msg(path),
         20, 'upload of %s at %s' % (name, path))


def r10(reason):
    """Does the live check list REASON (device and item; spacing and the colon aside)?"""
    def norm(t):
        return re.sub(r'[\s：]', '', t)
    return any(norm(reason) in norm(t) for t in checks())


def checks():
    """The live check's reasons, read in one step (the list is redrawn on each answer)."""
    return js("return Array.prototype.map.call(document.querySelectorAll('#check-list li'), function (li) { return li.textContent; });")


R10_AV = '設備1（空品網站伺服器）防毒軟體安裝佐證文件「防毒安裝畫面.pdf」未附檔案'
R10_HOST = '設備1（空品網站伺服器）主機弱點掃描結果報告未附檔案'
APP = None

def on_phone(name, ready, shot_name, show):
    """The page as it is, again on a 390-wide phone screen: nothing scrolls sideways."""
    viewport(390, 844, True)
    try:
        d.refresh()
        wait(ready, 30, name + ' on a phone')
        time.sleep(0.5)
        over = js('return document.documentElement.scrollWidth')
        expect('phone: %s fit 390 px (no sideways scroll)' % name, over <= 390, over)
        js("document.querySelector(arguments[0]).scrollIntoView()", show)
        shot(shot_name)
    finally:
        viewport(1280, 800)


# ---------- the scenarios ----------


def clerk_attaches():
    global APP
    r = run(['bureau', 'set', 'require_attachments', '1'])
    expect('bureau set require_attachments 1', r.returncode == 0, r.stderr)
    login('clerk')
    APP = new_draft()
    tree = json.load(open(os.path.join(EXAMPLES, 'application-complete.json'), encoding='utf-8'))
    tree['agency']['name'] = EPA
    load_tree(APP, tree)
    wait(lambda: r10(R10_HOST), 20, 'R10 in the live check')
    expect('R10: the live check names each report and evidence without its file',
           sum(1 for t in checks() if t.startswith('R10')) == 16, checks())
    # the reason links to the item's upload control
    link = next(a for a in d.find_elements(By.CSS_SELECTOR, '#check-list a') if re.sub(r'[\s：]', '', R10_HOST) in re.sub(r'[\s：]', '', a.text))
    link.click()
    expect('R10: its reason leads to the report\'s upload control',
           d.switch_to.active_element.get_attribute('id') == fid('devices[0].reports[1].file'),
           d.switch_to.active_element.get_attribute('id'))
    lab = d.find_element(By.CSS_SELECTOR, 'label[for="%s"]' % fid('devices[0].reports[1].file')).text
    expect('the upload control is labelled with its device and item', '設備1' in lab and '主機弱點掃描' in lab, lab)
    shot('att-01-editor')
    axe('editor with attachment controls')

    upload('devices[0].reports[1].file', REPORT1)
    item = att_text('devices[0].reports[1].file')
    expect('a PDF report listed with its type and pages', 'PDF' in item and '2 頁' in item, item)
    wait(lambda: not r10(R10_HOST), 20, 'R10 cleared for the report')
    ok('R10: the report\'s reason clears after its upload')
    upload('devices[0].security_software.antivirus.file', SHOT)
    item = att_text('devices[0].security_software.antivirus.file')
    expect('a PNG evidence listed with its type', 'PNG' in item and '防毒安裝畫面.png' in item, item)
    wait(lambda: not r10(R10_AV), 20, 'R10 cleared for the evidence')
    ok('R10: the evidence\'s reason clears after its upload')

    # the same file again for the same item: kept once, and said so
    fld('devices[0].reports[1].file').send_keys(REPORT1)
    wait(lambda: '未重複儲存' in att_msg('devices[0].reports[1].file'), 20, 'the same file again')
    expect('the same file again is kept once',
           len([x for x in api_rows(APP) if x['kind'] == 'host_vuln_scan' and x['device'] == 1]) == 1)

    # open: the link is the file, as stored
    a = att('devices[0].reports[1].file').find_element(By.CSS_SELECTOR, '.att-list a')
    expect('open: a link in a new window', a.get_attribute('target') == '_blank' and 'noopener' in a.get_attribute('rel'))
    r = fetch('GET', a.get_attribute('href').replace(BASE, ''))
    expect('open: the link serves the file as uploaded',
           r['status'] == 200 and base64.b64decode(r['b64']) == open(REPORT1, 'rb').read(), r.get('status'))

    # the keyboard: from the file's link, Tab goes to 取代, then 刪除, then the upload input
    js('arguments[0].focus()', a)
    seen = []
    for _ in range(3):
        key(Keys.TAB)
        el = d.switch_to.active_element
        seen.append(el.get_attribute('aria-label') or el.get_attribute('id'))
    expect('keyboard: Tab from the file goes to 取代, 刪除, then the upload input',
           seen == ['取代 弱點掃描報告.pdf', '刪除 弱點掃描報告.pdf', fid('devices[0].reports[1].file')], seen)

    # replace
    ctl = att('devices[0].reports[1].file')
    ctl.find_element(By.CSS_SELECTOR, 'input.att-hidden').send_keys(REPORT2)
    wait(lambda: listed('devices[0].reports[1].file') == [os.path.basename(REPORT2)], 20, 'the replaced report')
    rows = [x for x in api_rows(APP) if x['kind'] == 'host_vuln_scan' and x['device'] == 1]
    expect('replace: one file for the item, the new one', [x['name'] for x in rows] == [os.path.basename(REPORT2)],
           [x['name'] for x in rows])
    expect('replace: announced', '已取代' in att_msg('devices[0].reports[1].file'))

    # delete (the keyboard: the button is reached and pressed like any other)
    btn = att('devices[0].security_software.antivirus.file').find_element(By.XPATH, './/button[text()="刪除"]')
    expect('delete: the button names the file', btn.get_attribute('aria-label') == '刪除 防毒安裝畫面.png',
           btn.get_attribute('aria-label'))
    btn.send_keys(Keys.ENTER)
    d.switch_to.alert.accept()
    wait(lambda: listed('devices[0].security_software.antivirus.file') == [], 20, 'the deleted evidence gone')
    expect('delete: gone from the store', not [x for x in api_rows(APP) if x['kind'] == 'antivirus'])
    wait(lambda: r10(R10_AV), 20, 'R10 back for the evidence')
    ok('delete: the evidence\'s R10 reason is back')

    # hostile: HTML named .pdf
    before = len(api_rows(APP))
    fld('devices[0].golive_file').send_keys(FAKE)
    wait(lambda: '只接受' in att_msg('devices[0].golive_file'), 20, 'the refusal at the control')
    msg = att('devices[0].golive_file').find_element(By.CSS_SELECTOR, '.att-err')
    expect('refused: the server\'s message at the control, in an alert region',
           msg.get_attribute('role') == 'alert' and '上線紀錄.pdf' in msg.text and 'PDF、PNG 或 JPEG' in msg.text, msg.text)
    expect('refused: the input is marked invalid and described by the message',
           fld('devices[0].golive_file').get_attribute('aria-invalid') == 'true'
           and msg.get_attribute('id') in fld('devices[0].golive_file').get_attribute('aria-describedby'))
    expect('refused: nothing stored', len(api_rows(APP)) == before)
    js("arguments[0].scrollIntoView({block: 'center'})", att('devices[0].golive_file'))
    shot('att-02-refused')
    axe('attachment refused')
    fld('devices[0].golive_file').send_keys(BROKEN)
    wait(lambda: '損壞' in att_msg('devices[0].golive_file'), 20, 'the damaged file\'s refusal')
    expect('refused: a PDF header on HTML is a damaged file, said at the control',
           '上線紀錄-損壞.pdf' in att_msg('devices[0].golive_file') and len(api_rows(APP)) == before,
           att_msg('devices[0].golive_file'))

    # over the bureau's limit for one file: 413, said with the limit
    r = run(['bureau', 'set', 'attach_max_file_mb', '1'])
    fld('devices[0].golive_file').send_keys(BIG)
    wait(lambda: '超過附件大小上限' in att_msg('devices[0].golive_file'), 20, 'the 413 at the control')
    expect('refused: a file over the limit, with the limit in words',
           '單一檔案上限 1 MB' in att_msg('devices[0].golive_file') and len(api_rows(APP)) == before,
           att_msg('devices[0].golive_file'))
    run(['bureau', 'set', 'attach_max_file_mb', '50'])

    # a PDF with JavaScript: stored, flagged
    upload('devices[0].other_file', ACTIVE)
    expect('a PDF with JavaScript is flagged', '含 JavaScript' in att_text('devices[0].other_file'),
           att_text('devices[0].other_file'))

    # the whole application's other files (no device)
    d.find_element(By.ID, 'att-app-other-in').send_keys(OTHER_PDF)
    wait(lambda: js("return Array.prototype.map.call(document.querySelectorAll('div.att[aria-labelledby=\"att-app-other\"] .att-list a'),"
                    " function (a) { return a.textContent; })") == ['報告.pdf'], 20, 'the application\'s other file')
    expect('an other file of the whole application has no device',
           [x['device'] for x in api_rows(APP) if x['kind'] == 'other' and x['name'] == '報告.pdf'] == [None])

    # what R10 still asks for, through the controls; then the check is clear and the draft goes in
    todo = ['devices[0].reports[%d].file' % k for k in (0, 2, 3, 4)] + \
        ['devices[1].reports[%d].file' % k for k in (0, 1, 2)] + \
        ['devices[%d].security_software.%s.file' % (i, s) for i in (0, 1) for s in ('antivirus', 'mdr', 'vans')] + \
        ['devices[0].golive_file', 'devices[1].golive_file']
    t0 = time.time()
    for p in todo:
        upload(p, SHOT if 'security_software' in p else OTHER_PDF)
    print('# %d uploads through the controls in %.1f s' % (len(todo), time.time() - t0), flush=True)
    wait(lambda: not any(t.startswith('R10') for t in checks()), 20, 'R10 all clear')
    ok('R10: every reason clears once each item has its file')
    wait(lambda: '符合全部規則' in d.find_element(By.ID, 'check-state').text, 20, 'the check all clear')
    shot('att-03-all-attached')
    button('送出申請').click()
    wait(lambda: '已收件' in main_text(), 30, 'submitted')
    ok('the draft with its attachments is submitted')
    expect('submitted: no upload control any more', not d.find_elements(By.CSS_SELECTOR, 'main input[type=file]'))
    logout()


def reviewer_reads():
    login('reviewer')
    go('/applications/' + APP)
    sec = wait(lambda: d.find_element(By.CSS_SELECTOR, 'section.att-review'), 30, 'the attachments in the review panel')
    wait(lambda: sec.find_elements(By.CSS_SELECTOR, 'table.att-table'), 20, 'the attachment tables')
    caps = [c.text for c in sec.find_elements(By.TAG_NAME, 'caption')]
    expect('review: grouped by device', caps == ['設備1：空品網站伺服器', '設備2：空品資料庫伺服器', '申請案其他附件'], caps)
    links = sec.find_elements(By.CSS_SELECTOR, 'table.att-table a')
    rows = api_rows(APP)
    expect('review: every attachment listed', len(links) == len(rows) == 18, (len(links), len(rows)))
    items = [th.text for th in sec.find_elements(By.CSS_SELECTOR, 'tbody th')]
    expect('review: each row names its item', '主機弱點掃描報告' in items and '資訊系統上線作業紀錄表' in items, items)
    expect('review: the flagged PDF is marked', '含 JavaScript' in sec.text)
    expect('review: read-only (no upload, replace or delete)',
           not d.find_elements(By.CSS_SELECTOR, 'main input[type=file]')
           and not [b for b in d.find_elements(By.CSS_SELECTOR, 'main button') if b.text in ('取代', '刪除')])
    href = next(a.get_attribute('href') for a in links if a.text == os.path.basename(REPORT2))
    r = fetch('GET', href.replace(BASE, ''))
    expect('review: the reviewer opens the report', r['status'] == 200
           and base64.b64decode(r['b64']) == open(REPORT2, 'rb').read(), r.get('status'))
    sec.location_once_scrolled_into_view
    shot('att-04-review')
    axe('review screen with attachments')
    on_phone('the review screen\'s attachments', lambda: d.find_elements(By.CSS_SELECTOR, 'table.att-table'), 'att-05-phone-review', 'section.att-review')
    logout()


def returned_reopens():
    """A returned application's files can be changed again: its first save makes it a draft."""
    r = run(['import', os.path.join(EXAMPLES, 'application-complete.json')])
    ret = re.search(r'imported (\S+)', r.stdout)
    r2 = run(['decide', ret.group(1), 'return']) if ret else r
    if not expect('a returned application (R10 fails: no files)', ret and r2.returncode == 0, r.stderr + r2.stderr):
        return
    app = ret.group(1)
    login('clerk')
    go('/applications/' + app)
    wait(lambda: d.find_elements(By.ID, 'check-list'), 30, 'the returned application')
    upload('devices[0].reports[1].file', REPORT1)
    rows = [x['name'] for x in api_rows(app)]
    expect('returned: the clerk attaches the missing report', rows == [os.path.basename(REPORT1)], rows)
    on_phone('the editor\'s attachment controls', lambda: listed('devices[0].reports[1].file'), 'att-06-phone-editor',
             'div.att[aria-labelledby="att-devices-0--reports-1--file"]')
    r = run(['list'])
    expect('returned: the application is a draft again', re.search(re.escape(app) + r'\s.*\sdraft\s*$', r.stdout, re.M),
           r.stdout)
    logout()


def files_follow_devices():
    """Devices moved and deleted in the editor: their files go with them (the save's device_map)."""
    import hashlib
    photo = file_('機櫃照片.png', png(41, 31))
    sha = hashlib.sha256(open(photo, 'rb').read()).hexdigest()
    login('clerk')
    app = new_draft()
    tree = json.load(open(os.path.join(EXAMPLES, 'application-complete.json'), encoding='utf-8'))
    tree['agency']['name'] = EPA
    load_tree(app, tree)
    names = [fld('devices[%d].name' % i).get_attribute('value') for i in range(3)]
    upload('devices[1].other_file', OTHER_PDF)
    upload('devices[2].other_file', photo)
    d.find_element(By.CSS_SELECTOR, 'button[aria-label="上移設備2"]').click()
    expect('move: at once the file shows under its device, now device 1',
           listed('devices[0].other_file') == ['報告.pdf'] and listed('devices[1].other_file') == [],
           (listed('devices[0].other_file'), listed('devices[1].other_file')))
    wait_saved()
    wait(lambda: sorted((x['device'], x['name']) for x in api_rows(app)) == [(1, '報告.pdf'), (3, '機櫃照片.png')],
         20, 'the rows moved on the server')
    ok('move: the save moved the file on the server (device 2 → 1)')
    d.refresh()
    wait(lambda: d.find_elements(By.ID, 'check-list'), 30, 'the editor again')
    wait(lambda: listed('devices[0].other_file') == ['報告.pdf'], 20, 'the list after the reload')
    expect('move: after a reload the file is listed under the moved device, now device 1',
           fld('devices[0].name').get_attribute('value') == names[1] and listed('devices[1].other_file') == []
           and listed('devices[2].other_file') == ['機櫃照片.png'],
           (fld('devices[0].name').get_attribute('value'), listed('devices[1].other_file')))
    store = os.path.join(WORK, 'files', sha[:2], sha)
    expect('delete: the photo is in the store', os.path.exists(store), store)
    js('window.confirm = function (m) { window.__asked = m; return true; };')
    d.find_element(By.CSS_SELECTOR, 'button[aria-label="刪除設備3"]').click()
    expect('delete: the question says the device\'s file goes too', '1 個附件' in (js('return window.__asked') or ''),
           js('return window.__asked'))
    wait_saved()
    wait(lambda: [x['name'] for x in api_rows(app)] == ['報告.pdf'], 20, 'the deleted device\'s file gone')
    ok('delete: the deleted device\'s file is gone from the list')
    expect('delete: and from the store (no row names it)', not os.path.exists(store), store)
    d.refresh()
    wait(lambda: d.find_elements(By.ID, 'check-list'), 30, 'the editor again')
    wait(lambda: listed('devices[0].other_file') == ['報告.pdf'], 20, 'the list after the reload')
    expect('delete: after a reload two devices, the file still under device 1',
           not d.find_elements(By.ID, fid('devices[2].name')) and listed('devices[1].other_file') == [])
    logout()


try:
    t0 = time.time()
    case(clerk_attaches)
    if APP:
        case(reviewer_reads)
    case(returned_reopens)
    case(files_follow_devices)
    errs = [e['message'] for e in d.get_log('browser') if e['level'] == 'SEVERE'
            and not re.search(r'status of (400|401|413|415)', e['message'])]
    expect('no JavaScript error in the console', not errs, errs[:3])
    print('# %d screens checked by axe, %.0f s' % (len(AXED), time.time() - t0), flush=True)
finally:
    shutdown()
sys.exit(1 if FAILED else 0)
