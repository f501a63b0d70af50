#!/usr/bin/python3
"""tests/tools/serve_test.py GONGWEN WORKDIR EXAMPLES — drives `gongwen serve`
through its JSON API (stdlib only: http.client) on a free loopback port:
every endpoint, every security row of the design (missing CSRF token → 403,
another agency → 404, stale version → 409, oversized body → 413, sixth wrong
password → 429, cookie flags, headers, session lifetimes), two clients
editing at once, the whole workflow from a clerk's draft to the approval and
return letters, and SIGTERM during a render.

Prints one line per case: "ok NAME" or "FAIL NAME: why" (tests/e2e/serve.sh
counts them)."""
import atexit
import http.client
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile

GW, WORK, EXAMPLES = sys.argv[1], sys.argv[2], sys.argv[3]
DB = os.path.join(WORK, "serve.db")
OUT = os.path.join(WORK, "out")
EPA, TRAF = "臺中市政府環境保護局", "臺中市政府交通局"
CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
PW = {}


def report(name, ok, why=""):
    print(("ok " + name) if ok else ("FAIL %s: %s" % (name, why)), flush=True)
    return ok


def expect(name, got, want):
    return report(name, got == want, "got %r, want %r" % (got, want))


def gw(*args, stdin=None):
    return subprocess.run([GW, "--db", DB] + list(args), input=stdin, capture_output=True,
                          text=True)


class Server:
    def __init__(self, *extra):
        self.log = open(os.path.join(WORK, "serve.log"), "a")
        self.p = subprocess.Popen([GW, "--db", DB, "serve", "--listen", "127.0.0.1:0", "--out", OUT,
                                   "--max-body", str(1 << 20)] + list(extra),
                                  stderr=subprocess.PIPE, text=True)
        line = self.p.stderr.readline()
        m = re.search(r"https?://127\.0\.0\.1:(\d+)/", line)
        if not m:
            raise SystemExit("FAIL serve: did not start: " + line)
        self.port = int(m.group(1))
        threading.Thread(target=self._drain, daemon=True).start()
        atexit.register(lambda: self.p.poll() is None and self.p.kill())

    def _drain(self):
        for line in self.p.stderr:
            self.log.write(line)
            self.log.flush()

    def log_text(self, *needles):
        """The log so far, once it holds every needle (the drain thread
        writes it a moment after the server does; at most 5 s)."""
        deadline = time.time() + 5
        while True:
            text = open(os.path.join(WORK, "serve.log")).read()
            if all(n in text for n in needles) or time.time() > deadline:
                return text
            time.sleep(0.02)

    def stop(self, sig=signal.SIGTERM):
        self.p.send_signal(sig)
        return self.p.wait(timeout=60)


class Client:
    def __init__(self, srv):
        self.srv = srv
        self.cookie = None
        self.csrf = None
        self.who = None

    def req(self, method, path, body=None, headers=None, csrf=True, raw=None):
        c = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=60)
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h.setdefault("X-CSRF-Token", self.csrf)
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            h.setdefault("Content-Type", "application/json")
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        payload = r.read()
        c.close()
        js = None
        if r.getheader("Content-Type", "").startswith("application/json"):
            js = json.loads(payload)
        return r.status, r, js if js is not None else payload

    def login(self, user, password=None):
        st, r, js = self.req("POST", "/api/login", {"user": user, "password": password or PW[user]})
        if st == 200:
            self.cookie = r.getheader("Set-Cookie").split(";")[0]
            self.csrf = js["csrf"]
            self.who = js
        return st, r, js


def example(name):
    with open(os.path.join(EXAMPLES, name)) as f:
        return json.load(f)


def pdftext(data):
    p = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True)
    return p.stdout.decode("utf-8", "replace")


# ==== Set-up: the store and one account per role ====
gw("init")
gw("bureau", "set", "head_name", "○○○")
accounts = [("boss", "manager", None), ("clerk_epa", "clerk", EPA), ("clerk_epa2", "clerk", EPA),
            ("clerk_traf", "clerk", TRAF), ("window", "window", None), ("chief", "chief", None),
            ("victim", "window", None)]
accounts += [("rev_" + r, r, None) for r in ("admin", "security", "network", "antivirus", "mdr", "vans")]
for name, role, agency in accounts:
    PW[name] = "pw-%s-0123456789" % name
    args = ["user", "add", name, "--role", role] + (["--agency", agency] if agency else [])
    p = gw(*args, stdin=PW[name] + "\n")
    if p.returncode != 0:
        report("user add " + name, False, p.stderr)
expect("user add: a short password is refused",
       gw("user", "add", "shorty", "--role", "window", stdin="short\n").returncode, 1)
expect("user add: a clerk needs an agency",
       gw("user", "add", "noagency", "--role", "clerk", stdin="long-enough-password\n").returncode, 2)
lst = gw("user", "list").stdout
report("user list names every account", all(a[0] in lst for a in accounts), lst)
expect("user add: no duplicate", gw("user", "add", "boss", "--role", "window",
                                    stdin="another-password-1\n").returncode, 1)
row = sqlite3.connect(DB).execute("SELECT hash FROM users WHERE name='boss'").fetchone()[0]
report("password stored as Argon2id", row.startswith("$argon2id$") and PW["boss"] not in row, row)

srv = Server()
anon = Client(srv)

# ==== Static pages and headers ====
st, r, body = anon.req("GET", "/")
expect("GET / is the page", (st, r.getheader("Content-Type")), (200, "text/html; charset=utf-8"))
report("GET / has the login form", "登入".encode() in body, body[:200])
expect("CSP on the page", r.getheader("Content-Security-Policy"), CSP)
expect("nosniff", r.getheader("X-Content-Type-Options"), "nosniff")
expect("Referrer-Policy", r.getheader("Referrer-Policy"), "no-referrer")
expect("no HSTS without TLS", r.getheader("Strict-Transport-Security"), None)
st, r, body = anon.req("GET", "/app.css")
expect("a stylesheet by its type", (st, r.getheader("Content-Type")), (200, "text/css; charset=utf-8"))
expect("an unknown file is 404", anon.req("GET", "/nothing.js")[0], 404)
expect("no way out of web/", anon.req("GET", "/../data/schema.sql")[0], 404)
expect("POST to a page is 405", anon.req("POST", "/", raw=b"x")[0], 405)

# ==== Session ====
st, r, js = anon.req("GET", "/api/me")
expect("no session → 401", st, 401)
report("errors are Chinese JSON", isinstance(js, dict) and re.search("[\u4e00-\u9fff]", js.get("error", "")), js)
expect("API: Cache-Control no-store", r.getheader("Cache-Control"), "no-store")
expect("API: CSP", r.getheader("Content-Security-Policy"), CSP)
st, r, js = Client(srv).login("clerk_epa", "wrong-password-1234")
expect("wrong password → 401", st, 401)
st, r, js = Client(srv).login("nobody", "wrong-password-1234")
expect("unknown account → 401", st, 401)
expect("login without a password → 400", anon.req("POST", "/api/login", {"user": "boss"})[0], 400)
st, r, js = anon.req("POST", "/api/login", {"user": "boss", "password": PW["boss"]},
                     headers={"Origin": "http://evil.example"})
expect("login from another site → 403", st, 403)

epa = Client(srv)
st, r, js = epa.login("clerk_epa")
expect("login → 200", st, 200)
ck = r.getheader("Set-Cookie")
report("cookie HttpOnly; SameSite=Strict; Path=/",
       "HttpOnly" in ck and "SameSite=Strict" in ck and "Path=/" in ck and "Secure" not in ck, ck)
report("session token is 256 bits", re.match(r"gongwen=[0-9a-f]{64};", ck) is not None, ck)
expect("login answers user, roles, agency, csrf",
       (js["user"], js["roles"], js["agency"], len(js["csrf"])), ("clerk_epa", ["clerk"], EPA, 64))
token = ck.split(";")[0].split("=")[1]
stored = sqlite3.connect(DB).execute("SELECT token_hash FROM sessions").fetchall()
report("the store keeps only the token's hash", all(token not in s[0] for s in stored) and stored, stored)
st, r, js = epa.req("GET", "/api/me")
expect("GET /api/me", (st, js["user"]), (200, "clerk_epa"))
epa_b = Client(srv)
epa_b.login("clerk_epa")
report("a new token at each login", epa_b.cookie != epa.cookie)
traf = Client(srv)
traf.login("clerk_traf")

# ==== Create, read, check ====
good = example("application-complete.json")
bad = example("application-incomplete.json")
GOOD = good["id"]
st, r, js = epa.req("POST", "/api/applications", good, csrf=False)
expect("create without the CSRF token → 403", st, 403)
st, r, js = epa.req("POST", "/api/applications", good, headers={"X-CSRF-Token": "0" * 64})
expect("create with a wrong CSRF token → 403", st, 403)
st, r, js = epa.req("POST", "/api/applications", good, headers={"Origin": "http://evil.example"})
expect("create with another Origin → 403", st, 403)
st, r, js = epa.req("POST", "/api/applications", good, headers={"Sec-Fetch-Site": "cross-site"})
expect("create with Sec-Fetch-Site cross-site → 403", st, 403)
st, r, js = epa.req("POST", "/api/applications", good,
                    headers={"Origin": "http://127.0.0.1:%d" % srv.port, "Sec-Fetch-Site": "same-origin"})
expect("create a draft → 201", (st, js), (201, {"id": GOOD, "version": 1}))
expect("create: Location", r.getheader("Location"), "/api/applications/" + GOOD)
expect("create the same id again → 409", epa.req("POST", "/api/applications", good)[0], 409)
other = json.loads(json.dumps(good))
other["id"] = "115-TRAF-0001"
other["agency"]["name"] = TRAF
st, r, js = epa.req("POST", "/api/applications", other)
expect("a clerk creates only its agency's → 403", (st, js.get("field")), (403, "agency.name"))
noid = json.loads(json.dumps(good))
del noid["id"]
del noid["agency"]
st, r, js = epa.req("POST", "/api/applications", noid)
expect("create without id: the server names it", (st, bool(re.match(r"^\d{3}-W[0-9A-F]{6}$", js.get("id", "")))), (201, True))
NOID = js.get("id")
st, r, js = epa.req("GET", "/api/applications/" + str(NOID))
expect("…and fills in the clerk's agency", js["application"]["agency"]["name"] if st == 200 else st, EPA)
st, r, js = traf.req("POST", "/api/applications", good)
expect("window-less clerk of another agency cannot take the id either", st, 403)

st, r, js = epa.req("GET", "/api/applications/" + GOOD)
expect("GET application", (st, js["status"], js["version"], r.getheader("ETag")), (200, "draft", 1, '"1"'))
expect("GET application: the tree", (js["application"]["id"], len(js["application"]["devices"])),
       (GOOD, len(good["devices"])))
expect("another agency's application → 404", traf.req("GET", "/api/applications/" + GOOD)[0], 404)
expect("an absent application → 404", epa.req("GET", "/api/applications/NOPE-1")[0], 404)
expect("a bad id → 404", epa.req("GET", "/api/applications/..%2Fx")[0], 404)
st, r, js = traf.req("GET", "/api/applications")
expect("a clerk lists its agency's only", [a["id"] for a in js["applications"]], [])
st, r, js = epa.req("GET", "/api/applications")
expect("list", sorted(a["id"] for a in js["applications"]), sorted([GOOD, NOID]))
expect("list: the contract's keys and what is missing", sorted(js["applications"][0].keys()),
       ["agency", "id", "missing", "planned", "status", "system"])
expect("list: a passing draft's missing", [a["missing"] for a in js["applications"] if a["id"] == GOOD],
       [["待機關送出"]])
st, r, js = epa.req("GET", "/api/applications?q=" + GOOD)
expect("list: search by id", [a["id"] for a in js["applications"]], [GOOD])

st, r, js = epa.req("POST", "/api/check", bad)
report("check: failures with rule, device, field, text",
       st == 200 and js["ok"] is False and js["failures"] and
       all(set(f) == {"rule", "device", "field", "text"} for f in js["failures"]), js)
st, r, js = epa.req("POST", "/api/check", good)
expect("check: the complete example passes", (st, js), (200, {"ok": True, "failures": []}))
facts = json.loads(json.dumps(good))
facts["move"]["vendor"]["tax_id"] = "12345678"
facts["applicant"]["phone"] = "04-2228"
facts["network"]["rules"][0]["port"] = "70000"
facts["vpn"]["targets"][1]["port"] = "80,443"
st, r, js = epa.req("POST", "/api/check", facts)
expect("check: the field facts (統一編號, telephone, port) at their fields",
       sorted((f["rule"], f["field"]) for f in js.get("failures", [])),
       [("R2", "applicant.phone"), ("R2", "move.vendor.tax_id"), ("R4", "network.rules[0].port")])
report("check: …each said in Chinese",
       any("檢查碼" in f["text"] for f in js["failures"]) and any("65535" in f["text"] for f in js["failures"]), js)
facts["move"]["vendor"]["tax_id"] = "04595257"
facts["applicant"]["phone"] = "04-22289111 分機 66301"
facts["network"]["rules"][0]["port"] = "1000-2000"
expect("check: 04595257, a number with 分機, a port range pass",
       epa.req("POST", "/api/check", facts)[2], {"ok": True, "failures": []})
broken = json.loads(json.dumps(good))
broken["devices"][1]["type"] = "Sever(AP)"
st, r, js = epa.req("POST", "/api/check", broken)
expect("check: a bad value → 400 naming the field", (st, js.get("field")), (400, "devices[1].type"))
report("…with the cause in Chinese", re.search("[\u4e00-\u9fff]", js.get("error", "")), js)
expect("check: not JSON → 400", epa.req("POST", "/api/check", raw=b"{nope")[0], 400)

def raw_status(head):
    import socket
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
    s.sendall(head)
    data = b""
    try:
        while b"\r\n" not in data:
            more = s.recv(4096)
            if not more:
                break
            data += more
    except OSError:
        pass
    s.close()
    m = re.match(rb"HTTP/1\.1 (\d+)", data)
    return int(m.group(1)) if m else "closed"


head = ("POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"
        "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n{" % (epa.cookie, epa.csrf, 2 << 20)).encode()
expect("check: a body announced too large → 413 before it is read", raw_status(head), 413)
c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
c.request("POST", "/api/check", body=iter([b" " * 65536] * 40), encode_chunked=True,
          headers={"Cookie": epa.cookie, "X-CSRF-Token": epa.csrf, "Content-Type": "application/json"})
expect("check: a chunked body too large → 413", c.getresponse().status, 413)
c.close()

# ==== Save: versions ====
v1 = json.loads(json.dumps(good))
v1["move"]["system_name"] = "空氣品質監測資訊系統（第二版）"
expect("save without If-Match → 428", epa.req("PUT", "/api/applications/" + GOOD, v1)[0], 428)
st, r, js = epa.req("PUT", "/api/applications/" + GOOD, v1, headers={"If-Match": '"1"'})
expect("save → new version", (st, js, r.getheader("ETag")), (200, {"version": 2}, '"2"'))
stale = json.loads(json.dumps(good))
stale["move"]["system_name"] = "舊的"
st, r, js = epa.req("PUT", "/api/applications/" + GOOD, stale, headers={"If-Match": '"1"'})
expect("a stale save → 409 with the version", (st, js.get("version")), (409, 2))
st, r, js = epa.req("GET", "/api/applications/" + GOOD)
expect("…and nothing is overwritten", js["application"]["move"]["system_name"], v1["move"]["system_name"])
expect("another agency cannot save → 404",
       traf.req("PUT", "/api/applications/" + GOOD, v1, headers={"If-Match": '"2"'})[0], 404)
st, r, js = epa.req("PUT", "/api/applications/" + GOOD, broken, headers={"If-Match": '"2"'})
expect("save: a bad value → 400 naming the field", (st, js.get("field")), (400, "devices[1].type"))

# Two clients at once: different applications both succeed; the same one,
# exactly one wins and the other gets 409.
def put(client, app_id, tree, version, out, key):
    out[key] = client.req("PUT", "/api/applications/" + app_id, tree, headers={"If-Match": '"%d"' % version})[0]

noid_tree = epa.req("GET", "/api/applications/" + NOID)[2]["application"]
ver = {GOOD: 2, NOID: 1}
for rnd in range(5):
    res = {}
    a = json.loads(json.dumps(v1)); a["move"]["reason"] = "A %d" % rnd
    b = json.loads(json.dumps(noid_tree)); b["move"]["reason"] = "B %d" % rnd
    ts = [threading.Thread(target=put, args=(epa, GOOD, a, ver[GOOD], res, "a")),
          threading.Thread(target=put, args=(epa_b, NOID, b, ver[NOID], res, "b"))]
    [t.start() for t in ts]; [t.join() for t in ts]
    if not expect("two clients, two applications, round %d" % rnd, res, {"a": 200, "b": 200}):
        break
    ver[GOOD] += 1; ver[NOID] += 1
    res = {}
    a2 = json.loads(json.dumps(a)); a2["move"]["reason"] = "A wins %d" % rnd
    b2 = json.loads(json.dumps(a)); b2["move"]["reason"] = "B wins %d" % rnd
    ts = [threading.Thread(target=put, args=(epa, GOOD, a2, ver[GOOD], res, "a")),
          threading.Thread(target=put, args=(epa_b, GOOD, b2, ver[GOOD], res, "b"))]
    [t.start() for t in ts]; [t.join() for t in ts]
    if not expect("two clients, one application: one wins, one 409, round %d" % rnd,
                  sorted(res.values()), [200, 409]):
        break
    ver[GOOD] += 1
    winner = a2 if res["a"] == 200 else b2
    got = epa.req("GET", "/api/applications/" + GOOD)[2]
    if not expect("…the winner's text is stored, round %d" % rnd,
                  (got["application"]["move"]["reason"], got["version"]), (winner["move"]["reason"], ver[GOOD])):
        break

# ==== Submit ====
trafbad = json.loads(json.dumps(bad))
st, r, js = traf.req("POST", "/api/applications", trafbad)
expect("the other clerk's draft", st, 201)
BAD = bad["id"]
st, r, js = traf.req("POST", "/api/applications/%s/submit" % BAD)
report("submit while the check fails → 409 with the reasons",
       st == 409 and js.get("failures") and js.get("field") and "檢查未通過" in js.get("error", ""), js)
rev = {}
for role in ("admin", "security", "network", "antivirus", "mdr", "vans"):
    rev[role] = Client(srv)
    rev[role].login("rev_" + role)
st, r, js = rev["admin"].req("POST", "/api/applications/%s/reviews" % GOOD, {"role": "admin", "result": "ok"})
expect("a draft is not the bureau's: a review → 404", st, 404)
expect("…a reviewer opening a draft by id → 404", rev["admin"].req("GET", "/api/applications/" + GOOD)[0], 404)
expect("…nor its status", rev["admin"].req("GET", "/api/applications/%s/status" % GOOD)[0], 404)
st, r, js = rev["admin"].req("GET", "/api/applications")
report("…nor in the bureau's list", st == 200 and GOOD not in [a["id"] for a in js["applications"]], js)
st, r, js = epa.req("POST", "/api/applications/%s/submit" % GOOD)
expect("submit → received", (st, js.get("status")), (200, "received"))
st, r, js = epa.req("PUT", "/api/applications/" + GOOD, v1, headers={"If-Match": '"%d"' % js.get("version", 0)})
expect("a submitted application is read-only for its clerk → 409", st, 409)
expect("submit twice → 409", epa.req("POST", "/api/applications/%s/submit" % GOOD)[0], 409)

# ==== Review and decide ====
window = Client(srv); window.login("window")
chief = Client(srv); chief.login("chief")
st, r, js = window.req("GET", "/api/applications")
report("the window sees every agency's submitted ones, no draft",
       GOOD in {a["id"] for a in js["applications"]} and BAD not in {a["id"] for a in js["applications"]}, js)
expect("the window opening a draft by id → 404", window.req("GET", "/api/applications/" + BAD)[0], 404)
st, r, js = window.req("GET", "/api/applications?q=" + GOOD)
expect("list: a received one's missing", (st, js["applications"][0]["missing"]), (200, ["6 位審查人員未審查"]))
st, r, js = window.req("GET", "/api/applications/%s/status" % GOOD)
expect("status: the same missing", js.get("missing"), ["6 位審查人員未審查"])
report("status: each reviewer's duties (checks)",
       all(isinstance(v.get("checks"), str) and v["checks"] for v in js.get("reviews", [])) and
       "ISMS" in [v for v in js["reviews"] if v["role"] == "security"][0]["checks"], js.get("reviews"))
st, r, js = window.req("GET", "/api/applications?status=received")
expect("list: filter by status", [a["id"] for a in js["applications"]], [GOOD])
expect("a clerk cannot review → 403",
       epa.req("POST", "/api/applications/%s/reviews" % GOOD, {"role": "admin", "result": "ok"})[0], 403)
expect("a reviewer only in their role → 403",
       rev["admin"].req("POST", "/api/applications/%s/reviews" % GOOD, {"role": "security", "result": "ok"})[0], 403)
expect("review: a bad result → 400",
       rev["admin"].req("POST", "/api/applications/%s/reviews" % GOOD, {"role": "admin", "result": "maybe"})[0], 400)
expect("the chief cannot approve before the six",
       chief.req("POST", "/api/applications/%s/reviews" % GOOD, {"role": "chief", "result": "ok"})[0], 409)
expect("the window cannot approve yet",
       window.req("POST", "/api/applications/%s/decide" % GOOD, {"decision": "approve"})[0], 409)
for role, c in rev.items():
    st, r, js = c.req("POST", "/api/applications/%s/reviews" % GOOD, {"role": role, "result": "ok", "note": "符合"})
    if not expect("review %s ok" % role, st, 200):
        break
expect("after six ok: under review", js.get("status"), "under_review")
expect("chief approves", chief.req("POST", "/api/applications/%s/reviews" % GOOD, {"role": "chief", "result": "ok"})[0], 200)
st, r, js = window.req("GET", "/api/applications/%s/status" % GOOD)
expect("status: can approve", (st, js.get("can_approve"), js.get("failures"), js.get("missing")),
       (200, True, [], ["可核准"]))
expect("a clerk cannot decide → 403",
       epa.req("POST", "/api/applications/%s/decide" % GOOD, {"decision": "approve"})[0], 403)
expect("decide: a bad decision → 400",
       window.req("POST", "/api/applications/%s/decide" % GOOD, {"decision": "yes"})[0], 400)
st, r, js = window.req("POST", "/api/applications/%s/decide" % GOOD, {"decision": "approve", "date": "2026-12-01"})
expect("window approves", (st, js.get("status")), (200, "approved"))
ASSET, DOCNO = js.get("asset_no"), js.get("doc_no")
report("approval: asset and letter numbers", ASSET and DOCNO and DOCNO.startswith("中市數網字第115"), js)

st, r, js = epa.req("GET", "/api/applications/%s/documents" % GOOD)
names = [d["name"] for d in js.get("documents", [])] if st == 200 else []
report("documents: the approval letter among them", "approval.pdf" in names and "packet.pdf" in names, js)
expect("documents: the contract's keys", sorted(js["documents"][0].keys()), ["kind", "name", "size", "type"])
st, r, pdf = epa.req("GET", "/api/applications/%s/documents/approval.pdf" % GOOD)
expect("approval.pdf", (st, r.getheader("Content-Type"), pdf[:5]), (200, "application/pdf", b"%PDF-"))
report("approval.pdf: the asset number and letter number in its text",
       ASSET in pdftext(pdf) and DOCNO in pdftext(pdf).replace(" ", ""), pdftext(pdf)[:300])
expect("a document may be framed by our pages only", r.getheader("Content-Security-Policy"),
       CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'"))
t0 = time.time()
st, r, pdf = epa.req("GET", "/api/applications/%s/documents/packet.pdf" % GOOD)
expect("packet.pdf", (st, pdf[:5]), (200, b"%PDF-"))
sz = int(next(d["size"] for d in js["documents"] if d["name"] == "packet.pdf"))
expect("packet.pdf: the size the list gave", len(pdf), sz)
st, r, docx = epa.req("GET", "/api/applications/%s/documents/form.docx" % GOOD)
expect("form.docx as a download", (st, r.getheader("Content-Disposition", "").split(";")[0], docx[:2]),
       (200, "attachment", b"PK"))
expect("a document that is not there → 404", epa.req("GET", "/api/applications/%s/documents/return.pdf" % GOOD)[0], 404)
expect("a document name with a path → 404", epa.req("GET", "/api/applications/%s/documents/..%%2Fx" % GOOD)[0], 404)
expect("another agency's documents → 404", traf.req("GET", "/api/applications/%s/documents/packet.pdf" % GOOD)[0], 404)
st, r, z = epa.req("GET", "/api/applications/%s/documents.zip" % GOOD)
zn = zipfile.ZipFile(io.BytesIO(z)).namelist() if st == 200 else []
report("documents.zip: the folder", st == 200 and "%s/packet.pdf" % GOOD in zn and "%s/approval.pdf" % GOOD in zn, zn)
if st == 200:
    zpdf = zipfile.ZipFile(io.BytesIO(z)).read("%s/approval.pdf" % GOOD)
    report("documents.zip: the same approval letter", ASSET in pdftext(zpdf))

# The failing one: the traffic bureau's application passes the check but a
# reviewer fails it; the window returns it by letter.
fixed = json.loads(json.dumps(good))
fixed["id"] = "115-TRAF-0009"
fixed["agency"] = bad["agency"]
st, r, js = traf.req("POST", "/api/applications", fixed)
st2, r, js = traf.req("POST", "/api/applications/115-TRAF-0009/submit")
expect("second application submitted", (st, st2), (201, 200))
st, r, js = rev["security"].req("POST", "/api/applications/115-TRAF-0009/reviews",
                                {"role": "security", "result": "fail", "note": "弱點掃描報告過期"})
expect("a reviewer fails it → incomplete", (st, js.get("status")), (200, "incomplete"))
st, r, js = window.req("POST", "/api/applications/115-TRAF-0009/decide", {"decision": "return"})
expect("window returns it", (st, js.get("status")), (200, "returned"))
st, r, pdf = traf.req("GET", "/api/applications/115-TRAF-0009/documents/return.pdf")
report("return.pdf: the letter with its number", st == 200 and js.get("doc_no", "x") in pdftext(pdf).replace(" ", ""),
       (st, pdftext(pdf)[:200] if st == 200 else pdf))
st, r, js = traf.req("GET", "/api/applications/115-TRAF-0009")
st, r, js = traf.req("PUT", "/api/applications/115-TRAF-0009", fixed, headers={"If-Match": '"%d"' % js["version"]})
expect("a returned application is edited again as a draft", st, 200)
st, r, js = traf.req("GET", "/api/applications/115-TRAF-0009")
expect("…its status", js["status"], "draft")

# ==== History ====
st, r, js = epa.req("GET", "/api/applications/%s/history" % GOOD)
acts = [(h["account"], h["action"]) for h in js.get("history", [])]
for want in [("clerk_epa", "create"), ("clerk_epa", "save"), ("clerk_epa", "submit"), ("rev_admin", "review"),
             ("chief", "review"), ("window", "decide")]:
    report("history names %s for %s" % want, want in acts, acts)
expect("another agency's history → 404", traf.req("GET", "/api/applications/%s/history" % GOOD)[0], 404)
ats = [h["at"] for h in js.get("history", [])]
report("history: each time in ISO 8601 with its zone",
       ats and all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", a) for a in ats), ats[:3])

# ==== Accounts and the bureau ====
boss = Client(srv); boss.login("boss")
expect("accounts: a clerk → 403", epa.req("GET", "/api/users")[0], 403)
st, r, js = boss.req("GET", "/api/users")
expect("accounts: the manager lists them", (st, "clerk_epa" in [u["name"] for u in js["users"]]), (200, True))
st, r, js = boss.req("POST", "/api/users", {"name": "newclerk", "roles": ["clerk"], "agency": EPA,
                                            "password": "new-clerk-password"})
expect("accounts: add", (st, js.get("name")), (201, "newclerk"))
expect("accounts: a short password → 400",
       boss.req("POST", "/api/users", {"name": "x2", "roles": ["window"], "password": "short"})[0], 400)
st, r, js = boss.req("PUT", "/api/users/newclerk", {"disabled": True})
expect("accounts: disable", (st, js.get("disabled")), (200, True))
expect("a disabled account cannot log in", Client(srv).login("newclerk", "new-clerk-password")[0], 401)
st, r, js = epa.req("GET", "/api/bureau")
expect("bureau: read", (st, js["bureau"]["head_name"]), (200, "○○○"))
rv = js["bureau"].get("reviewers") or []
expect("bureau: the reviewers with their duties", [(v["role"], bool(v["checks"])) for v in rv],
       [(x, True) for x in ("admin", "security", "network", "antivirus", "mdr", "vans", "chief")])
expect("bureau: a clerk cannot change it → 403", epa.req("PUT", "/api/bureau", {"head_name": "王"})[0], 403)
st, r, js = boss.req("PUT", "/api/bureau", {"phone": "abc"})
expect("bureau: a bad phone → 400 naming it", (st, js.get("field")), (400, "bureau.phone"))
st, r, js = boss.req("PUT", "/api/bureau", {"head_name": "王大明"})
expect("bureau: change", (st, js.get("changed"), js["bureau"]["head_name"]), (200, 1, "王大明"))

# ==== Limits, throttling, lifetimes ====
c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
try:
    c.request("GET", "/api/me", headers={"X-Big": "a" * 40000})
    big = c.getresponse().status
except (ConnectionError, http.client.HTTPException):
    big = "closed"
report("an oversized header is refused", big in (413, 431, "closed"), big)
c.close()
for i in range(5):
    st = Client(srv).login("victim", "not-the-password-%d" % i)[0]
    if not expect("wrong password %d → 401" % (i + 1), st, 401):
        break
expect("the sixth attempt → 429, even with the right password", Client(srv).login("victim")[0], 429)
log = srv.log_text(" login ", "login-failed", "login-throttled", " refused ")
report("the log has logins, failures, throttling and refusals",
       " login " in log and "login-failed" in log and "login-throttled" in log and " refused " in log, log[-500:])

db = sqlite3.connect(DB)
db.execute("UPDATE sessions SET seen = seen - 1801 WHERE user = 'clerk_traf'")
db.commit()
expect("idle 30 minutes → 401", traf.req("GET", "/api/me")[0], 401)
db.execute("UPDATE sessions SET created = created - 43201 WHERE user = 'window'")
db.commit()
expect("12 hours after login → 401", window.req("GET", "/api/me")[0], 401)
db.close()

st, r, js = epa_b.req("POST", "/api/logout")
expect("logout", st, 200)
report("logout clears the cookie", "Max-Age=0" in (r.getheader("Set-Cookie") or ""))
expect("…and ends the session on the server", epa_b.req("GET", "/api/me")[0], 401)

# ==== SIGTERM during a render ====
rc = srv.stop()
expect("SIGTERM: exit 0", rc, 0)
srv = Server()
epa.srv = srv
expect("sessions survive a restart", epa.req("GET", "/api/me")[0], 200)
result = {}

def fetch():
    result["r"] = epa.req("GET", "/api/applications/%s/documents/packet.pdf" % NOID)

t = threading.Thread(target=fetch)
t.start()
# The signal goes as soon as the render's temporary folder appears.
deadline = time.time() + 10
while time.time() < deadline and not any(".tmp-" in n for n in os.listdir(OUT)):
    time.sleep(0.0005)
srv.p.send_signal(signal.SIGTERM)
t.join()
rc = srv.p.wait(timeout=60)
st, r, pdf = result["r"]
expect("SIGTERM during a render: the request finishes", (st, pdf[:5]), (200, b"%PDF-"))
report("…with a whole PDF", pdf.rstrip().endswith(b"%%EOF"))
expect("…and the service exits 0", rc, 0)
left = [n for n in os.listdir(OUT) if ".tmp-" in n]
expect("…leaving no half-written folder", left, [])
report("…and the packet published whole", os.path.exists(os.path.join(OUT, NOID, "packet.pdf")))
log = srv.log_text("render GET /api/applications/%s/documents/packet.pdf" % NOID)
stop_at = log.rfind("finishing the requests in flight")
render_at = log.rfind("render GET /api/applications/%s/documents/packet.pdf" % NOID)
report("…the signal came while it rendered", 0 <= stop_at < render_at, log[-600:])

# ==== Connection limits and timeout ====
import socket
srv = Server("--max-per-addr", "2", "--timeout", "1")
socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=5) for _ in range(3)]
time.sleep(0.3)


def closed(s):
    try:
        s.sendall(b"GET /api/me HTTP/1.1\r\nHost: x\r\n\r\n")
        return s.recv(100) == b""
    except OSError:
        return True


report("a third connection from one address is refused (--max-per-addr 2)", closed(socks[2]))
report("…the first two are served", not closed(socks[0]))
for s_ in socks:
    s_.close()
time.sleep(0.3)
slow = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
slow.sendall(b"GET /api/me HTTP/1.1\r\nHost: x\r\n")
time.sleep(2.5)
try:
    slow.sendall(b"\r\n")
    gone = slow.recv(100) == b""
except OSError:
    gone = True
report("a slow client is cut off after --timeout", gone)
slow.close()
expect("stop", srv.stop(), 0)

# --idle-timeout: a session idle that long expires for real; one in use
# lives on, and the 12 hours since login still end it.  (Last: a login on
# this server ends every session of the store idle for 3 s.)
p = gw("serve", "--idle-timeout", "0")
report("--idle-timeout 0 is refused", p.returncode != 0 and "--idle-timeout" in p.stderr, p.stderr)
short = Server("--idle-timeout", "3")
busy = Client(short)
busy.login("rev_mdr")
alive = []
for i in range(4):
    time.sleep(1.2)
    alive.append(busy.req("GET", "/api/me")[0])
expect("--idle-timeout 3: a session in use for 4.8 s lives", alive, [200] * 4)
time.sleep(4.5)
expect("--idle-timeout 3: idle 4.5 s → 401", busy.req("GET", "/api/me")[0], 401)
expect("…and it is ended on the server", busy.req("GET", "/api/me")[0], 401)
old = Client(short)
old.login("rev_vans")
db = sqlite3.connect(DB)
db.execute("UPDATE sessions SET created = created - 43201 WHERE user = 'rev_vans'")
db.commit()
db.close()
expect("--idle-timeout 3: a session in use 12 hours after login → 401", old.req("GET", "/api/me")[0], 401)
expect("the short server stops", short.stop(), 0)

# ==== TLS ====
key, cert = os.path.join(WORK, "key.pem"), os.path.join(WORK, "cert.pem")
p = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1"], capture_output=True)
if p.returncode != 0:
    report("TLS: openssl could not make a certificate", False, p.stderr[-200:])
else:
    import ssl
    srv = Server("--cert", cert, "--key", key)
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    c = http.client.HTTPSConnection("127.0.0.1", srv.port, timeout=30, context=ctx)
    c.request("POST", "/api/login", json.dumps({"user": "boss", "password": PW["boss"]}),
              {"Content-Type": "application/json"})
    r = c.getresponse()
    r.read()
    ck = r.getheader("Set-Cookie") or ""
    expect("TLS: login", r.status, 200)
    report("TLS: the cookie is __Host- and Secure", ck.startswith("__Host-gongwen=") and "; Secure" in ck, ck)
    report("TLS: HSTS", "max-age=" in (r.getheader("Strict-Transport-Security") or ""))
    c.close()
    expect("TLS: stop", srv.stop(), 0)
