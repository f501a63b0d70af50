#!/bin/sh
# make demo: the bureau's two example applications from import to printed
# packet.  The complete one passes the check, gets every reviewer's "ok" and
# the approval (asset number, approval letter); the incomplete one fails the
# check and is returned by letter.  Then both packets are rendered into out/.
set -e
cd "$(dirname "$0")/.."
DB=data/demo.db
OUT=out
EXAMPLES=data/examples
GOOD=115-EPA-0007
BAD=115-TRAF-0003
G() { ./gongwen --db "$DB" "$@"; }

rm -f "$DB" "$DB-wal" "$DB-shm"
G init
# The name the bureau's letters are signed with.  A placeholder, as in a
# letter draft: gongwen does not ship a real person's name.
G bureau set head_name ○○○
G import "$EXAMPLES"/application-complete.json "$EXAMPLES"/application-incomplete.json
G list

echo
echo "== check $GOOD (the complete application)"
G check "$GOOD"
echo
echo "== check $BAD (the incomplete application: every reason, exit 1)"
if G check "$BAD"; then
	echo "demo: $BAD was expected to fail the check" >&2
	exit 1
fi

echo
echo "== $BAD: the window returns the documents by letter"
G decide "$BAD" return

echo
echo "== $GOOD: the six reviewers and the section chief record their results"
for role in admin security network antivirus mdr vans chief; do
	G review "$GOOD" --role "$role" --result ok
done
G decide "$GOOD" approve

echo
echo "== render both packets"
G render "$GOOD" --out "$OUT"
G render "$BAD" --out "$OUT"

echo
G list
echo
echo "The packets are in:"
for id in "$GOOD" "$BAD"; do
	printf '  %s/%s/  ' "$OUT" "$id"
	(cd "$OUT/$id" && ls | tr '\n' ' ')
	echo
done
echo "Each folder has a manifest.json (sha256 and size of every file)."
[ -f "$OUT/$GOOD/packet.pdf" ] && echo "packet.pdf in each folder is the whole print job (every PDF in order)."
echo "The database is $DB."
