# form_devices.sh — the move-in form keeps its shape with many devices: page 1
# (front, stamped, the original) is always exactly one page; its equipment list
# shows the first GW_DOCS_FRONT_DEVICES (5) devices and then one row 「其餘N項詳如
# 背面軟硬體資產資料」, or 「以下空白」 when every device is listed; the back
# (軟硬體資產資料) lists every device and runs on to continuation pages with its
# header row repeated.  Applications with 1, 5, 6 and 20 devices of long,
# realistic values are built from the complete example (tests/data/many_devices.py).
# Sourced by tests/run.sh (tests/lib.sh).

DB="$T_DIR/gw.db"
OUTD="$T_DIR/packets"
G() { "$GW" --db "$DB" "$@"; }
FRONT=5

pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }
# Text of pages $2..$3 without white space (a cell may wrap anywhere).
ptext() { pdftotext -f "$2" -l "$3" -enc UTF-8 "$1" - 2>/dev/null | tr -d ' \n\t\f' | sed 's/　//g'; }

expect_exit "init" 0 G init
for n in 1 5 6 20; do
	id=115-EPA-$(printf %04d $n)
	python3 tests/data/many_devices.py $n $id <"$EXAMPLES/application-complete.json" \
		>"$T_DIR/app$n.json"
	expect_exit "import $n devices" 0 G import "$T_DIR/app$n.json"
	expect_exit "$n devices pass the rules" 0 G check $id
	expect_exit "render the form of $n devices" 0 G render $id --only form --out "$OUTD"
done

# ---- 20 devices: the front lists 5 and counts 15; the back has all 20 ----
F="$OUTD/115-EPA-0020/form.pdf"
P1=$(ptext "$F" 1 1)
N=$(pages "$F")
BACK=$(ptext "$F" 2 "$N")
expect_contains "20: page 1 says 15 more are on the back" "$P1" "其餘15項詳如背面軟硬體資產資料"
expect_not_contains "20: page 1 is not closed with 以下空白" "$P1" "以下空白"
expect_contains "20: page 1 counts every device" "$P1" "共20項"
# Page 1 is one page: it ends with its note, and page 2 is the back.
expect_contains "20: page 1 holds the whole front (its closing note)" "$P1" "且申請機關須核章完畢"
expect_contains "20: page 1 holds the bureau's review boxes" "$P1" "網路資安科主管"
expect_contains "20: page 2 is the back" "$(ptext "$F" 2 2)" "（第2頁，背面）a.軟硬體資產資料"
front=0 back=0 leak=0
for i in $(seq 1 20); do
	s=$(printf 'SGH0020%03dX' $i)
	case "$BACK" in *"$s"*) back=$((back + 1)) ;; esac
	case "$P1" in *"$s"*) [ $i -le $FRONT ] && front=$((front + 1)) || leak=$((leak + 1)) ;; esac
done
expect_eq "20: the back has every device's serial" $back 20
expect_eq "20: page 1 has the serials of devices 1-5" $front $FRONT
expect_eq "20: page 1 has no serial of devices 6-20" $leak 0
expect_eq "20: every serial once on the back (no row lost or doubled)" \
	"$(pdftotext -f 2 -l "$N" "$F" - | tr -d ' \n' | grep -o 'SGH0020[0-9]*X' | sort -u | wc -l)" 20
# The back runs on: more than 2 pages, each continuation page starts with
# the repeated header row and carries the footer with the page count.
if [ "$N" -gt 2 ]; then pass "20: the back runs on ($N pages)"; else fail "20: the back runs on" "$N pages"; fi
expect_contains "20: page 3 repeats the header row" "$(ptext "$F" 3 3)" "維護廠商保固期限"
expect_contains "20: page 3 has the form's number and page count" "$(ptext "$F" 3 3)" \
	"申請單號：115-EPA-0020第3頁，共${N}頁"
expect_contains "20: the back ends with the virtual-host table" "$BACK" "b.虛擬主機（免填寫）"
expect_contains "20: the last page ends with the signatures" "$(ptext "$F" "$N" "$N")" "單位主管："

# ---- at most 5 devices: no overflow row, 以下空白; exactly 2 pages ----
for n in 1 5; do
	F="$OUTD/115-EPA-$(printf %04d $n)/form.pdf"
	P1=$(ptext "$F" 1 1)
	expect_not_contains "$n: page 1 has no overflow line" "$P1" "其餘"
	expect_contains "$n: page 1 closes the list with 以下空白" "$P1" "以下空白"
	expect_contains "$n: page 1 has device $n's serial" "$P1" "$(printf 'SGH%04d%03dX' $n $n)"
	expect_eq "$n: the form is 2 pages" "$(pages "$F")" 2
done
# 6 devices: one more than the front holds.
F="$OUTD/115-EPA-0006/form.pdf"
expect_contains "6: page 1 says 1 more is on the back" "$(ptext "$F" 1 1)" "其餘1項詳如背面軟硬體資產資料"
expect_not_contains "6: page 1 does not list device 6" "$(ptext "$F" 1 1)" "SGH0006006X"
expect_contains "6: the back lists device 6" "$(ptext "$F" 2 2)" "SGH0006006X"
expect_eq "6: the form is 2 pages" "$(pages "$F")" 2

# The merged DOCX: the back's two header rows repeat (w:tblHeader), no tag left.
hdr=$(unzip -p "$OUTD/115-EPA-0020/form.docx" word/document.xml | grep -o '<w:tblHeader/>' | wc -l)
expect_eq "form.docx: the back's two header rows are marked to repeat" "$hdr" 2
expect_not_contains "form.docx: no tag left" \
	"$(unzip -p "$OUTD/115-EPA-0020/form.docx" word/document.xml | sed 's/<[^>]*>//g')" "{"

# ---- LibreOffice (when installed) keeps page 1 on one page too ----
if command -v soffice >/dev/null 2>&1; then
	mkdir -p "$T_DIR/lo"
	cp "$OUTD/115-EPA-0020/form.docx" "$T_DIR/lo/form20.docx"
	cp "$OUTD/115-EPA-0005/form.docx" "$T_DIR/lo/form5.docx"
	FONTCONFIG_FILE=$PWD/tests/fidelity/fonts.conf timeout 180 soffice \
		-env:UserInstallation=file://$T_DIR/lo-profile --headless --convert-to pdf \
		--outdir "$T_DIR/lo" "$T_DIR/lo/form20.docx" "$T_DIR/lo/form5.docx" >/dev/null 2>&1
	expect_contains "LibreOffice 20: page 1 holds the whole front" \
		"$(ptext "$T_DIR/lo/form20.pdf" 1 1)" "且申請機關須核章完畢"
	expect_contains "LibreOffice 20: page 2 is the back" \
		"$(ptext "$T_DIR/lo/form20.pdf" 2 2)" "（第2頁，背面）"
	expect_eq "LibreOffice 5: 2 pages" "$(pages "$T_DIR/lo/form5.pdf")" 2
fi
