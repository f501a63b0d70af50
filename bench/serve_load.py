#!/usr/bin/python3
"""bench/serve_load.py GONGWEN WORKDIR EXAMPLES CLIENTS REQUESTS — load on
`gongwen serve` (bench/serve.sh runs it).

CLIENTS threads of bench/serve_load.c (compiled here; a C client, so
that the client's own work does not crowd the server's two cores), each
logged in with its own session and keep-alive connection, each with its own
draft, loop over four kinds of request until REQUESTS have been answered in
total: list (GET /api/applications), check
(POST /api/check of the complete example), save (PUT its draft with
If-Match) and fetch packet.pdf of an approved application (served from the
last render after the first).  Reports, per kind, the count, errors, p50 and
p99 as the client measured them, requests per second, and the server's resident
memory after 1 000 and after REQUESTS requests.  Twice: first a closed loop
(no wait between requests: the server saturated, no target), then paced (each
client waits GW_BENCH_SERVE_THINK_MS, default 50, after an answer, as a person
at a page would: the p99 targets are judged there).  Then a fresh render: save,
fetch packet.pdf (rendered again), ten times, against `gongwen render` of one
packet in a process of its own (the CLI's one-packet time)."""
import atexit
import http.client
import json
import os
import re
import subprocess
import sys
import time

GW, WORK, EXAMPLES = sys.argv[1], sys.argv[2], sys.argv[3]
CLIENTS, TOTAL = int(sys.argv[4]), int(sys.argv[5])
DB = os.path.join(WORK, "bench.db")
OUT = os.path.join(WORK, "out")
EPA = "臺中市政府環境保護局"
PW = "bench-password-0123"


def gw(*args, stdin=None, check=True):
    return subprocess.run([GW, "--db", DB] + list(args), input=stdin, capture_output=True, text=True,
                          check=check)


def cpu_s(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


good = json.load(open(os.path.join(EXAMPLES, "application-complete.json")))
GOOD = good["id"]
gw("init")
gw("bureau", "set", "head_name", "○○○")
gw("import", os.path.join(EXAMPLES, "application-complete.json"))
for role in ("admin", "security", "network", "antivirus", "mdr", "vans", "chief"):
    gw("review", GOOD, "--role", role, "--result", "ok")
gw("decide", GOOD, "approve")
gw("user", "add", "clerk", "--role", "clerk", "--agency", EPA, stdin=PW + "\n")

srv = subprocess.Popen([GW, "--db", DB, "serve", "--listen", "127.0.0.1:0", "--out", OUT, "-j", "2",
                        "--log", os.path.join(WORK, "serve.log")], stderr=subprocess.PIPE, text=True)
port = int(re.search(r":(\d+)/", srv.stderr.readline()).group(1))
atexit.register(lambda: srv.poll() is None and srv.kill())


class Conn:
    def __init__(self):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = self.csrf = None

    def req(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf and method != "GET":
            h["X-CSRF-Token"] = self.csrf
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        if data is not None:
            h["Content-Type"] = "application/json"
        for attempt in (0, 1):
            try:
                self.c.request(method, path, body=data, headers=h)
                r = self.c.getresponse()
                return r.status, r, r.read()
            except (ConnectionError, http.client.HTTPException):
                if attempt:
                    raise
                self.c.close()
                self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def login(self):
        st, r, b = self.req("POST", "/api/login", {"user": "clerk", "password": PW})
        assert st == 200, (st, b)
        self.cookie = r.getheader("Set-Cookie").split(";")[0]
        self.csrf = json.loads(b)["csrf"]


# Every client logs in and makes its draft before the clock starts; the
# packet is rendered once (the cached fetches follow).
conf = []
for i in range(CLIENTS):
    c = Conn()
    c.login()
    draft = json.loads(json.dumps(good))
    draft["id"] = "B-%03d" % i
    st, r, b = c.req("POST", "/api/applications", draft)
    assert st == 201, (st, b)
    conf.append("%s %s %s 1" % (c.cookie, c.csrf, draft["id"]))
with open(os.path.join(WORK, "clients"), "w") as f:
    f.write("\n".join(conf) + "\n")
with open(os.path.join(WORK, "check.json"), "w") as f:
    json.dump(good, f, ensure_ascii=False)
save = json.loads(json.dumps(good))
del save["id"]
with open(os.path.join(WORK, "save.json"), "w") as f:
    json.dump(save, f, ensure_ascii=False)
w = Conn()
w.login()
assert w.req("GET", "/api/applications/%s/documents/packet.pdf" % GOOD)[0] == 200
exe = os.path.join(WORK, "serve_load")
subprocess.run(["cc", "-O2", "-pthread", "-o", exe, os.path.join(os.path.dirname(__file__), "serve_load.c")],
               check=True)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))] * 1000 if xs else float("nan")


def load(think_ms, title):
    """One run of TOTAL requests by the CLIENTS threads; prints its table and
    returns (latencies by kind, errors by kind).  The drafts' versions are
    carried over so that the next run can save again."""
    load0 = os.getloadavg()[0]
    cpu0 = cpu_s(srv.pid)
    run = subprocess.run([exe, str(port), str(srv.pid), str(TOTAL), os.path.join(WORK, "clients"),
                          os.path.join(WORK, "check.json"), os.path.join(WORK, "save.json"),
                          "/api/applications/%s/documents/packet.pdf" % GOOD, str(think_ms)],
                         capture_output=True, text=True, check=True)
    cpu = cpu_s(srv.pid) - cpu0
    lat = {"list": [], "check": [], "save": [], "packet": []}
    errors = {k: 0 for k in lat}
    rss_at = {}
    elapsed = 0.0
    versions = {}
    for line in run.stdout.splitlines():
        f = line.split()
        if f[0] == "rss":
            rss_at[int(f[1])] = int(f[2])
        elif f[0] == "elapsed":
            elapsed = float(f[1]) / 1000
        elif f[0] == "version":
            versions[f[1]] = f[2]
        else:
            lat[f[0]].append(float(f[2]) / 1000)
            if f[1] != "200":
                errors[f[0]] += 1
    with open(os.path.join(WORK, "clients")) as f:
        rows = [l.split() for l in f.read().splitlines() if l.strip()]
    with open(os.path.join(WORK, "clients"), "w") as f:
        f.write("".join("%s %s %s %s\n" % (r[0], r[1], r[2], versions.get(r[2], r[3])) for r in rows))
    print("-- %s" % title)
    print("%d clients, %d requests in %.1f s: %.0f requests/s; server CPU %.1f s (%.2f cores, %.2f ms a request); "
          "load average %.1f before the run on %d cores" % (CLIENTS, TOTAL, elapsed, TOTAL / elapsed, cpu,
                                                     cpu / elapsed, 1000 * cpu / TOTAL, load0, os.cpu_count()))
    print("%-8s %7s %7s %9s %9s" % ("kind", "count", "errors", "p50 ms", "p99 ms"))
    for k in lat:
        print("%-8s %7d %7d %9.1f %9.1f" % (k, len(lat[k]), errors[k], pct(lat[k], 50), pct(lat[k], 99)))
    print("server RSS: %d MB after 1000 requests, %d MB after %d" %
          (rss_at.get(1000, 0) // 1024, rss_at.get(TOTAL, 0) // 1024, TOTAL))
    return lat, errors


# First the closed loop (every client sends its next request as soon as the
# answer comes: the server saturated, the tail is queueing), then the same 50
# clients as people at a page, each waiting THINK_MS after an answer: the
# targets are judged there.
THINK_MS = int(os.environ.get("GW_BENCH_SERVE_THINK_MS", "50"))
lat0, errors0 = load(0, "saturated: no wait between requests (no target; the queue at full load)")
lat, errors = load(THINK_MS, "paced: each client waits %d ms after an answer (the targets)" % THINK_MS)

# A fresh render over HTTP (the application changed, so packet.pdf is made
# again) against the CLI's one packet in a process of its own.
fresh = []
st, r, b = w.req("GET", "/api/applications/B-000")
version = json.loads(b)["version"]
tree = json.loads(b)["application"]
for i in range(10):
    tree["move"]["reason"] = "fresh %d" % i
    st, r, b = w.req("PUT", "/api/applications/B-000", tree, headers={"If-Match": '"%d"' % version})
    version = json.loads(b)["version"]
    t1 = time.perf_counter()
    st, r, b = w.req("GET", "/api/applications/B-000/documents/packet.pdf")
    fresh.append(time.perf_counter() - t1)
    assert st == 200 and b.startswith(b"%PDF-"), st
cli = []
for i in range(5):
    t1 = time.perf_counter()
    gw("render", GOOD, "--out", os.path.join(WORK, "cli-out"))
    cli.append(time.perf_counter() - t1)
print("fresh packet render over HTTP: median %.0f ms; the CLI's one packet (render APP_ID, own process): "
      "median %.0f ms; ratio %.2f" % (pct(fresh, 50), pct(cli, 50), pct(fresh, 50) / pct(cli, 50)))
srv.terminate()
srv.wait(timeout=60)
bad = sum(errors.values()) + sum(errors0.values())
ok = (bad == 0 and pct(lat["check"], 99) < 20 and pct(lat["packet"], 99) < 20
      and pct(fresh, 50) < 3 * pct(cli, 50))
print("targets (no error; check p99 < 20 ms; cached packet.pdf p99 < 20 ms; fresh render < 3x CLI): %s"
      % ("met" if ok else "NOT met"))
