#!/bin/sh
# make bench: every benchmark in bench/*.sh, side by side with its peer.
cd "$(dirname "$0")/.."
for b in bench/*.sh; do
	[ -f "$b" ] && sh "$b"
done
exit 0
