#!/bin/sh
# bench/serve.sh — `gongwen serve` under load: 50 concurrent clients (each
# its own session, keep-alive connection and draft) doing list, check, save
# and fetch packet.pdf; errors, p50/p99 per kind, requests per second, the
# server's memory after 1 000 and 10 000 requests, and a fresh packet render
# over HTTP against the CLI's one-packet time.  Targets: no error; POST
# /api/check and cached packet.pdf p99 under 20 ms; a fresh render within 3x
# the CLI (judged on the paced run; a closed-loop run at saturation is shown
# first).  The client is bench/serve_load.py
# (bench/serve_load.c, a C client; Python sets up and reports).  GW_BENCH_SERVE_N requests (10000).
cd "$(dirname "$0")/.." || exit 2
GW=${GW_BIN:-$PWD/gongwen}
W=$(mktemp -d /tmp/gw-bench-serve-XXXXXX)
trap 'rm -rf "$W"' EXIT
echo "== bench/serve: 50 clients, ${GW_BENCH_SERVE_N:-10000} requests"
/usr/bin/python3 bench/serve_load.py "$GW" "$W" "$PWD/data/examples" 50 "${GW_BENCH_SERVE_N:-10000}"
