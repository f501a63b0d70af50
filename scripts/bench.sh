#!/bin/sh
# make bench: every benchmark in bench/*.sh, side by side with its peer.
cd "$(dirname "$0")/.."
failed=""
for b in bench/*.sh; do
	[ -f "$b" ] || continue
	sh "$b" || failed="$failed $b"
done
if [ -n "$failed" ]; then
	echo "bench: failed:$failed" >&2
	exit 1
fi
exit 0
