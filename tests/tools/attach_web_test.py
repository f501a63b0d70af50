#!/usr/bin/python3
"""tests/tools/attach_web_test.py GONGWEN WORKDIR EXAMPLES — the attachments
API of `gongwen serve` (src/serve_attach.c) on a free loopback port, stdlib
only: uploads (raw body and multipart), the same file twice, hostile uploads
(415, 400, 413), the list, the file served with its checked type, nosniff, a
sandboxing CSP and Content-Disposition, another agency's 404, a reviewer's
403, a submitted draft's 409, the window's delete, R10 in the web check;
devices moved and deleted with a PUT's device_map: the files follow their
device, a removed device's files go, bad maps 400, another agency 404, no
CSRF 403, the history rows with the account.

Prints "ok NAME" or "FAIL NAME: why" per case (tests/e2e/attach_web.sh)."""
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import uuid

GW, WORK, EXAMPLES = sys.argv[1], sys.argv[2], sys.argv[3]
DB = os.path.join(WORK, "w.db")
EPA, TRAF = "臺中市政府環境保護局", "臺中市政府交通局"


def report(name, ok, why=""):
    print(("ok " + name) if ok else ("FAIL %s: %s" % (name, why)), flush=True)


def expect(name, got, want):
    report(name, got == want, "got %r, want %r" % (got, want))


def gw(*args, stdin=None):
    return subprocess.run([GW, "--db", DB] + list(args), input=stdin, capture_output=True, text=True)


def pdf(width=595):
    """A one-page PDF with a correct cross-reference table."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d 842] >>" % width]
    out, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs)
    return out + b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % x


class Client:
    def __init__(self, port):
        self.port, self.cookie, self.csrf = port, None, None

    def req(self, method, path, data=None, headers=None, csrf=True):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        if isinstance(data, (dict, list)):
            data = json.dumps(data, ensure_ascii=False).encode()
            h["Content-Type"] = "application/json"
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        body = r.read()
        c.close()
        js = json.loads(body) if r.getheader("Content-Type", "").startswith("application/json") else None
        return r.status, r, js if js is not None else body

    def login(self, user):
        st, r, js = self.req("POST", "/api/login", {"user": user, "password": "pw-%s-0123456789" % user})
        self.cookie, self.csrf = r.getheader("Set-Cookie").split(";")[0], js["csrf"]
        return self

    def multipart(self, path, fields, filename, content, csrf=True):
        b = uuid.uuid4().hex
        body = b""
        for k, v in fields.items():
            body += b"--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (
                b.encode(), k.encode(), v.encode())
        body += (b"--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                 b"Content-Type: application/octet-stream\r\n\r\n" % (b.encode(), filename.encode()))
        body += content + b"\r\n--%s--\r\n" % b.encode()
        return self.req("POST", path, body, {"Content-Type": "multipart/form-data; boundary=" + b}, csrf)


gw("init")
for name, role, agency in [("clerk_epa", "clerk", EPA), ("clerk_traf", "clerk", TRAF),
                           ("window", "window", None), ("rev_security", "security", None)]:
    gw("user", "add", name, "--role", role, *(["--agency", agency] if agency else []),
       stdin="pw-%s-0123456789\n" % name)
p = subprocess.Popen([GW, "--db", DB, "serve", "--listen", "127.0.0.1:0", "--out",
                      os.path.join(WORK, "out")], stderr=subprocess.PIPE, text=True)
m = re.search(r"http://127\.0\.0\.1:(\d+)/", p.stderr.readline())
if not m:
    print("FAIL serve did not start")
    sys.exit(1)
threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()
port = int(m.group(1))
try:
    epa, traf = Client(port).login("clerk_epa"), Client(port).login("clerk_traf")
    window, rev = Client(port).login("window"), Client(port).login("rev_security")
    app = json.load(open(os.path.join(EXAMPLES, "application-complete.json")))
    ID = app["id"]
    st, _, js = epa.req("POST", "/api/applications", app)
    expect("a clerk's draft", st, 201)
    A = "/api/applications/%s/attachments" % ID
    scan = pdf()
    sha = __import__("hashlib").sha256(scan).hexdigest()

    st, _, js = epa.req("POST", A + "?kind=host_vuln_scan&device=1&name=%E6%8E%83%E6%8F%8F.pdf", scan)
    expect("upload a raw body → 201", st, 201)
    report("the row: kind, device, name, sha256, no store path",
           js and js["attachment"]["sha256"] == sha and js["attachment"]["name"] == "掃描.pdf"
           and js["attachment"]["device"] == 1 and "path" not in js["attachment"], js)
    st, _, js = epa.req("POST", A + "?kind=host_vuln_scan&device=1", scan)
    expect("the same file again → 200, stored once", (st, js["attachment"]["existed"]), (200, True))
    open(os.path.join(WORK, "scan.pdf"), "wb").write(scan)
    subprocess.run(["pdftoppm", "-r", "10", "-png", "-singlefile", os.path.join(WORK, "scan.pdf"),
                    os.path.join(WORK, "shot")], check=True)
    png = open(os.path.join(WORK, "shot.png"), "rb").read()
    st, _, js = epa.multipart(A, {"kind": "antivirus", "device": "2"}, "../../av\x1b.png", png)
    expect("a multipart upload → 201", st, 201)
    expect("its name cleaned", js["attachment"]["name"] if js else None, "av_.png")
    st, _, js = epa.multipart(A, {"kind": "antivirus", "device": "2"}, "x.png", png, csrf=False)
    expect("an upload without the CSRF token → 403", st, 403)
    st, _, js = epa.req("POST", A + "?kind=other", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    expect("an SVG → 415", st, 415)
    st, _, js = epa.req("POST", A + "?kind=other", b"<!DOCTYPE html><script>alert(1)</script>")
    expect("HTML → 415", st, 415)
    st, _, js = epa.req("POST", A + "?kind=other", b"PK\x03\x04" + bytes(100))
    expect("a ZIP → 415", st, 415)
    st, _, js = epa.req("POST", A + "?kind=other", b"%PDF-1.7\n<html>x</html>")
    expect("a PDF header on HTML → 400", (st, js.get("field") if js else None), (400, "file"))
    st, _, js = epa.req("POST", A + "?kind=other", b"")
    expect("an empty upload → 400", st, 400)
    st, _, js = epa.req("POST", A + "?kind=virus&device=1", scan)
    expect("an unknown kind → 400", (st, js.get("field") if js else None), (400, "kind"))
    st, _, js = epa.req("POST", A + "?kind=pentest", scan)
    expect("a report without its device → 400", st, 400)
    gw("bureau", "set", "attach_max_file_mb", "1")
    big = pdf(600) + b"%" + b"x" * (1200 * 1024)  # a comment after %%EOF keeps it a PDF
    st, _, js = epa.req("POST", A + "?kind=other", big)
    expect("over bureau.attach_max_file_mb → 413", st, 413)
    gw("bureau", "set", "attach_max_file_mb", "50")

    st, _, js = epa.req("GET", A)
    expect("the list", [(a["kind"], a["device"]) for a in js["attachments"]] if js else None,
           [("host_vuln_scan", 1), ("antivirus", 2)])
    st, r, body = epa.req("GET", A + "/" + sha)
    expect("the file, byte for byte", (st, body), (200, scan))
    expect("served as what its content is", r.getheader("Content-Type"), "application/pdf")
    expect("nosniff", r.getheader("X-Content-Type-Options"), "nosniff")
    csp = ", ".join(v for k, v in r.getheaders() if k.lower() == "content-security-policy")
    report("a sandboxing CSP", "sandbox" in csp and "default-src 'none'" in csp, csp)
    report("Content-Disposition with the UTF-8 name",
           "filename*=UTF-8''%E6%8E%83%E6%8F%8F.pdf" in (r.getheader("Content-Disposition") or ""),
           r.getheader("Content-Disposition"))
    expect("an unknown sha256 → 404", epa.req("GET", A + "/" + "0" * 64)[0], 404)
    expect("not a sha256 → 404", epa.req("GET", A + "/..%2f..%2fetc")[0], 404)
    expect("another agency's list → 404", traf.req("GET", A)[0], 404)
    expect("another agency's file → 404", traf.req("GET", A + "/" + sha)[0], 404)
    expect("another agency's upload → 404", traf.req("POST", A + "?kind=other", png)[0], 404)
    expect("another agency's delete → 404", traf.req("DELETE", A + "/" + sha)[0], 404)
    expect("a draft is the agency's: a reviewer's read → 404", rev.req("GET", A + "/" + sha)[0], 404)

    # Devices moved and removed: the PUT's device_map takes the attachments along.
    app2 = dict(app, id="115-EPA-0098")
    st, _, js = epa.req("POST", "/api/applications", app2)
    expect("renumber: another draft", st, 201)
    ID2, A2 = app2["id"], "/api/applications/%s/attachments" % app2["id"]
    P2 = "/api/applications/" + ID2
    scan2 = pdf(590)
    sha2 = __import__("hashlib").sha256(scan2).hexdigest()
    for dev, body, kind in ((1, scan, "host_vuln_scan"), (2, png, "antivirus"), (3, scan2, "other")):
        epa.req("POST", A2 + "?kind=%s&device=%d" % (kind, dev), body)

    def dev_of():
        st, _, js = epa.req("GET", A2)
        return sorted((a["kind"], a["device"]) for a in js["attachments"]) if js else st

    def put(devs, dmap, who=epa, csrf=True):
        st, r, js = who.req("GET", P2)
        tree = dict(js["application"]) if st == 200 else dict(app2)
        tree["devices"] = devs
        if dmap is not None:
            tree["device_map"] = dmap
        return who.req("PUT", P2, tree, {"If-Match": r.getheader("ETag") or "1"}, csrf)

    def devices():
        return epa.req("GET", P2)[2]["application"]["devices"]

    d1, d2, d3 = devices()
    moved = [dict(d2, seq=1), dict(d1, seq=2), dict(d3, seq=3)]
    bad = [("not an object", [1, 2], "device_map"), ("an unknown device", {"1": 2, "2": 1, "3": 3, "9": None}, "device_map.9"),
           ("a device left out", {"1": 2, "2": 1}, "device_map"), ("two onto one", {"1": 2, "2": 2, "3": 3}, "device_map.2"),
           ("past the device count", {"1": 4, "2": 1, "3": 3}, "device_map.1"), ("not a number", {"1": "2", "2": 1, "3": 3}, "device_map.1")]
    for what, dmap, field in bad:
        st, _, js = put(moved, dmap)
        expect("renumber: %s → 400 naming %s in Chinese" % (what, field),
               (st, js.get("field") if js else None, bool(js and re.search(r"[\u4e00-\u9fff]", js.get("error", "")))),
               (400, field, True))
    expect("renumber: a refused map changes nothing", dev_of(), [("antivirus", 2), ("host_vuln_scan", 1), ("other", 3)])
    expect("renumber: another agency's draft → 404", put(moved, {"1": 2, "2": 1, "3": 3}, traf)[0], 404)
    expect("renumber: without the CSRF token → 403", put(moved, {"1": 2, "2": 1, "3": 3}, epa, False)[0], 403)
    json.dump(dict(app2, id="115-EPA-0097", device_map={}), open(os.path.join(WORK, "map.json"), "w"))
    r = gw("import", os.path.join(WORK, "map.json"))
    report("renumber: the import format itself refuses device_map", r.returncode != 0 and "device_map" in r.stderr, r.stderr)
    st, _, js = put(moved, {"1": 2, "2": 1, "3": 3})
    expect("renumber: device 2 moved up, saved → 200", st, 200)
    expect("renumber: the files moved with their devices", dev_of(), [("antivirus", 1), ("host_vuln_scan", 2), ("other", 3)])
    expect("renumber: the devices saved in the new order", [x["name"] for x in devices()], [d2["name"], d1["name"], d3["name"]])
    st, _, js = epa.req("GET", P2 + "/history")
    rows = [h for h in (js or {}).get("history", []) if h.get("action") == "renumber"]
    expect("renumber: a history row with the account", [(h.get("account"), h.get("detail")) for h in rows],
           [("clerk_epa", "devices 1→2, 2→1, 3→3")])
    st, _, js = put(devices()[:2], {"1": 1, "2": 2, "3": None})
    expect("renumber: device 3 removed, saved → 200", st, 200)
    expect("renumber: its attachment removed", dev_of(), [("antivirus", 1), ("host_vuln_scan", 2)])
    expect("renumber: its file gone (no row names it)", epa.req("GET", A2 + "/" + sha2)[0], 404)
    report("renumber: and deleted from the store",
           not os.path.exists(os.path.join(WORK, "files", sha2[:2], sha2)), sha2)
    st, _, js = epa.req("GET", P2 + "/history")
    acts = [(h.get("action"), h.get("account")) for h in (js or {}).get("history", [])]
    report("renumber: the removal recorded (detach and renumber rows)",
           ("detach", "clerk_epa") in acts and acts.count(("renumber", "clerk_epa")) == 2, acts[-6:])
    st, _, js = put(devices(), None)
    expect("renumber: a save without device_map leaves the attachments", (st, dev_of()),
           (200, [("antivirus", 1), ("host_vuln_scan", 2)]))
    expect("renumber: a shared file stays while another row names it", epa.req("GET", A + "/" + sha)[0], 200)

    gw("bureau", "set", "require_attachments", "1")
    st, _, js = epa.req("POST", "/api/check", app)
    r10 = [f for f in (js or {}).get("failures", []) if f["rule"] == "R10"]
    report("the web check applies R10 with the stored attachments",
           r10 and not any("主機弱點掃描" in f["text"] and f["device"] == 1 for f in r10)
           and any("原始碼檢測" in f["text"] for f in r10), r10[:3])
    st, _, js = epa.req("POST", "/api/applications/%s/submit" % ID)
    expect("submitting is refused while R10 fails", st, 409)
    gw("bureau", "set", "require_attachments", "0")
    st, _, js = epa.req("POST", "/api/applications/%s/submit" % ID)
    expect("submitted", st, 200)
    expect("a submitted application: the clerk's upload → 409", epa.req("POST", A + "?kind=other", png)[0], 409)
    expect("a reviewer reads the file", rev.req("GET", A + "/" + sha)[0], 200)
    expect("a reviewer cannot upload → 403", rev.req("POST", A + "?kind=other", png)[0], 403)
    expect("and delete → 409", epa.req("DELETE", A + "/" + sha)[0], 409)
    st, _, js = window.req("DELETE", A + "/" + sha)
    expect("the window detaches → 200", (st, len(js["detached"]) if js else None), (200, 1))
    expect("gone", window.req("GET", A + "/" + sha)[0], 404)
finally:
    p.terminate()
    p.wait(timeout=60)
