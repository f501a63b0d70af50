# bureau.sh — `gongwen bureau` (show, get and set the bureau's reference
# data, refusing bad values), the warning while the letters are signed with
# the title only, the head's name in the return letter, and the documents
# table listing exactly the files of the latest packet.  Sourced by
# tests/run.sh (tests/lib.sh).

DB="$T_DIR/b.db"
G() { "$GW" --db "$DB" "$@"; }
q() { sqlite3 "$DB" "$1"; }

expect_exit "init" 0 G init
expect_exit "bureau shows the fields" 0 G bureau
expect_eq "bureau: fourteen fields" "$(printf '%s\n' "$OUT" | wc -l)" 14
expect_contains "bureau: name" "$OUT" "name         臺中市政府數位發展局"
expect_contains "bureau: asset_format" "$OUT" "asset_format %Y-DC-%04N"
expect_contains "bureau: head_name empty (shipped)" "$OUT" "$(printf '%-13s\ndoc_prefix' head_name)"
expect_contains "an empty head_name is pointed out" "$ERR" "gongwen bureau set head_name NAME"
expect_eq "the warning is one line" "$(printf '%s\n' "$ERR" | wc -l)" 1
expect_exit "bureau --json" 0 G bureau --json
expect_eq "bureau --json: every field" \
	"$(printf '%s' "$OUT" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(",".join(d))')" \
	"name,short_name,unit,address,phone,fax,email,head_title,head_name,doc_prefix,asset_format,require_attachments,attach_max_file_mb,attach_max_app_mb"

# ---- set and show each field ----
set -- name "臺中市政府數位發展局(測試)" short_name "數發局" unit "資訊機房管理科" \
	address "407臺中市西屯區臺灣大道三段99號惠中樓" phone "(04)2228-9111" \
	fax "04-2258-0209" head_title "代理局長" head_name "○○○" doc_prefix "中市數資字" \
	asset_format "DC%G-%05N"
while [ $# -ge 2 ]; do
	expect_exit "bureau set $1" 0 G bureau set "$1" "$2"
	expect_contains "set $1 says what changed" "$OUT" "bureau.$1: \""
	expect_exit "bureau get $1" 0 G bureau get "$1"
	expect_eq "get $1 shows the new value" "$OUT" "$2"
	expect_exit "bureau shows $1" 0 G bureau
	expect_contains "bureau shows $1" "$OUT" "$(printf '%-13s%s' "$1" "$2")"
	expect_eq "history records $1" \
		"$(q "SELECT count(*) FROM history WHERE role = 'bureau' AND action = 'bureau' AND detail LIKE '$1: %'")" 1
	shift 2
done
expect_eq "no warning once head_name is set" "$(G bureau 2>&1 >/dev/null)" ""
expect_exit "setting the same value again" 0 G bureau set head_name "○○○"
expect_contains "says unchanged" "$OUT" "unchanged"
expect_eq "and records nothing" "$(q "SELECT count(*) FROM history WHERE action = 'bureau'")" 10
expect_exit "two fields at once" 0 G bureau set head_name "王○○" head_title "局長"
expect_eq "both changed" "$(q "SELECT head_title || head_name FROM bureau")" "局長王○○"
expect_exit "head_name may be emptied" 0 G bureau set head_name ""
expect_eq "history detail" "$(q "SELECT detail FROM history WHERE action = 'bureau' ORDER BY id DESC LIMIT 1")" \
	'head_name: "王○○" → ""'

# ---- bad values are refused: exit 1, one line naming the field, nothing changes ----
before=$(q "SELECT * FROM bureau")
nhist=$(q "SELECT count(*) FROM history")
refuse() {
	_f=$1 _v=$2 _why=$3
	expect_exit "refuse $_f \"$_v\"" 1 G bureau set "$_f" "$_v"
	expect_contains "refusal names bureau.$_f" "$ERR" "gongwen: $DB: bureau.$_f"
	expect_contains "refusal says why ($_f)" "$ERR" "$_why"
	expect_eq "refusal is one line ($_f)" "$(printf '%s\n' "$ERR" | wc -l)" 1
}
refuse name "" "must not be empty"
refuse head_title "" "must not be empty"
refuse address " 407臺中市" "begins or ends with a space"
refuse unit "$(printf '網路\n資安科')" "control character"
refuse short_name "$(printf 'a\033[31mb')" "control character"
refuse phone "04-2228-911x" "not a telephone number"
refuse fax "" "must not be empty"
refuse doc_prefix "中市數網字第" "the letter number adds"
refuse doc_prefix "中市 數網字" "contains a space"
refuse asset_format "%Y-DC-%04Q" "unknown directive"
refuse asset_format "%Y-DC" "has no serial"
refuse asset_format "DC-%04N" "has no year"
refuse address "$(python3 -c 'print("長" * 101)')" "at most 100"
expect_exit "a bad value among good ones" 1 G bureau set head_name "○○○" phone "x"
expect_exit "unknown field is a usage error" 2 G bureau set boss "○○○"
expect_contains "it names the field and lists the fields" "$ERR" "bureau.boss: no such field (fields: name,"
expect_exit "set without a value" 2 G bureau set head_name
expect_exit "a field twice" 2 G bureau set head_name a head_name b
expect_exit "get of an unknown field" 2 G bureau get boss
expect_exit "unknown action" 2 G bureau show
expect_eq "nothing changed by any refusal" "$(q "SELECT * FROM bureau")" "$before"
expect_eq "no history from any refusal" "$(q "SELECT count(*) FROM history")" "$nhist"

# ---- the return letter is signed with the head's name once it is set ----
DB="$T_DIR/letters.db"
OUTD="$T_DIR/packets"
TRAF=115-TRAF-0003
EPA=115-EPA-0007
expect_exit "init (letters)" 0 G init
expect_exit "import both examples" 0 G import "$EXAMPLES/application-complete.json" \
	"$EXAMPLES/application-incomplete.json"
expect_exit "decide return (head_name empty)" 0 G decide "$TRAF" return
expect_contains "decide warns: title only" "$ERR" \
	"warning: bureau.head_name is empty: the return letter (檢還函) is signed with the title only (局長)"
expect_exit "render the returned application" 0 G render "$TRAF" --out "$OUTD"
expect_contains "render warns: title only" "$ERR" "signed with the title only"
expect_eq "render warns once" "$(printf '%s\n' "$ERR" | grep -c warning)" 1
expect_exit "render --only request: no letter, no warning" 0 G render "$TRAF" --only request --out "$OUTD/req"
expect_not_contains "no warning without a letter" "$ERR" "head_name"
expect_exit "render --all -j 2" 0 G render --all -j 2 --out "$OUTD/all"
expect_eq "render --all warns once" "$(printf '%s\n' "$ERR" | grep -c 'head_name is empty')" 1

expect_exit "set the head's name" 0 G bureau set head_name "○○○"
expect_exit "render again" 0 G render "$TRAF" --out "$OUTD"
expect_not_contains "no warning once the name is set" "$ERR" "head_name"
docx=$(python3 - "$OUTD/$TRAF/return.docx" <<'EOF'
import re, sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode("utf-8")
print(re.sub(r"<[^>]+>", "", re.sub(r"</w:p>", "\n", x)))
EOF
)
expect_contains "return.docx is signed 局長　○○○" "$docx" "局長　○○○"
pdf=$(pdftotext -raw -enc UTF-8 "$OUTD/$TRAF/return.pdf" - 2>/dev/null | tr -d ' \n\t' | sed 's/　//g')
expect_contains "return.pdf is signed 局長○○○" "$pdf" "局長○○○"
expect_contains "packet.pdf carries the signed letter" \
	"$(pdftotext -raw -enc UTF-8 "$OUTD/$TRAF/packet.pdf" - 2>/dev/null | tr -d ' \n\t' | sed 's/　//g')" "局長○○○"

# ---- the bureau's e-mail: a 電子信箱 line in its letters only when set ----
expect_not_contains "no 電子信箱 line while the bureau has none" "$pdf" "電子信箱"
expect_exit "a malformed e-mail is refused" 1 G bureau set email "dc.taichung.gov.tw"
expect_contains "it says why" "$ERR" "bureau.email"
expect_exit "set the bureau's e-mail" 0 G bureau set email "dc@taichung.gov.tw"
expect_exit "render with the e-mail" 0 G render "$TRAF" --out "$OUTD"
expect_contains "return.pdf: 電子信箱 in the sender block" \
	"$(pdftotext -raw -enc UTF-8 "$OUTD/$TRAF/return.pdf" - 2>/dev/null | tr -d ' \n\t')" \
	"傳真：04-22580209電子信箱：dc@taichung.gov.tw受文者"
expect_exit "clear the e-mail" 0 G bureau set email ""
expect_exit "render without it" 0 G render "$TRAF" --out "$OUTD"
expect_not_contains "the line is gone again" \
	"$(pdftotext -raw -enc UTF-8 "$OUTD/$TRAF/return.pdf" - 2>/dev/null)" "電子信箱"

# ---- documents lists exactly the files of the latest packet ----
# The packet's files on disk (manifest.json is the list itself, not a document).
on_disk() { (cd "$1" && find . -type f ! -name manifest.json | sed 's|^\./||' | sort); }
in_table() {
	q "SELECT path FROM documents WHERE app_id = '$1' AND folder = '$(cd "$2" && pwd -P)'" |
		sed "s|^$2/||" | sort
}
# same_files NAME APP DIR: the documents rows of DIR are exactly its files.
same_files() {
	_d=$(on_disk "$3")
	if [ -z "$_d" ]; then fail "$1" "no packet in $3"; return; fi
	expect_eq "$1" "$(in_table "$2" "$3")" "$_d"
}
expect_exit "render --archive (more files)" 0 G render "$TRAF" --out "$OUTD" --archive
same_files "documents = the archive packet" "$TRAF" "$OUTD/$TRAF"
expect_exit "render without --archive" 0 G render "$TRAF" --out "$OUTD"
same_files "documents = the packet on disk (archive rows gone)" "$TRAF" "$OUTD/$TRAF"
expect_eq "no archive row left" "$(q "SELECT count(*) FROM documents WHERE path LIKE '%/archive/%' AND folder LIKE '%/packets/$TRAF'")" 0
expect_exit "render once more" 0 G render "$TRAF" --out "$OUTD"
n_disk=$(on_disk "$OUTD/$TRAF" | wc -l)
expect_eq "documents rows of the folder = files on disk" \
	"$(q "SELECT count(*) FROM documents WHERE app_id = '$TRAF' AND folder = '$(cd "$OUTD/$TRAF" && pwd -P)'")" "$n_disk"
expect_eq "every row's checksum is the file's" \
	"$(q "SELECT path || ' ' || sha256 FROM documents WHERE app_id = '$TRAF' AND folder = '$(cd "$OUTD/$TRAF" && pwd -P)'" |
		while read -r p h; do [ "$(sha256sum "$p" | cut -d' ' -f1)" = "$h" ] || echo "bad $p"; done)" ""
# The other folders rendered (--only, --all) keep their own rows.
same_files "the --only folder keeps its own files" "$TRAF" "$OUTD/req/$TRAF"
same_files "the --all folder keeps its own files" "$EPA" "$OUTD/all/$EPA"
expect_eq "the same folder named another way is the same folder" \
	"$(tpl=$PWD/templates; cd "$T_DIR" && "$GW" --db "$DB" render "$TRAF" --out ./packets/../packets --templates "$tpl" >/dev/null 2>&1; q "SELECT count(*) FROM documents WHERE app_id = '$TRAF' AND folder LIKE '%/packets/$TRAF'")" "$n_disk"
expect_eq "every render is in history" "$(q "SELECT count(*) FROM history WHERE app_id = '$TRAF' AND action = 'render'")" 10
