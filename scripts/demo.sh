#!/bin/sh
# make demo: build the demo database from the bureau's two example
# applications and show what it holds.  Later stages render the packet.
set -e
cd "$(dirname "$0")/.."
DB=data/demo.db
SHARED=${GW_SHARED:-../shared}
rm -f "$DB" "$DB-wal" "$DB-shm"
./gongwen --db "$DB" init
./gongwen --db "$DB" import "$SHARED"/examples/application-complete.json \
	"$SHARED"/examples/application-incomplete.json
./gongwen --db "$DB" list
