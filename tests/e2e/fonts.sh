# tests/e2e/fonts.sh — `gongwen fonts`: the manifest listing, missing and broken files.
expect_exit "fonts: default manifest resolves" 0 "$GW" fonts
expect_contains "fonts: lists 標楷體" "$OUT" "標楷體"
expect_contains "fonts: Kai file ok" "$OUT" "ok       /usr/share/fonts/truetype/cns11643/TW-Kai-98_1.ttf"
expect_contains "fonts: lists the drop-in kaiu.ttf" "$OUT" "fonts/kaiu.ttf"
expect_contains "fonts: Times New Roman → Liberation Serif" "$OUT" "LiberationSerif-Regular.ttf (Liberation Serif"

KAI=/usr/share/fonts/truetype/cns11643/TW-Kai-98_1.ttf
printf 'Foo = nothere.ttf\n* = %s\n' "$KAI" >"$T_DIR/m1"
expect_exit "fonts: a name with no usable file exits 1" 1 "$GW" fonts --manifest "$T_DIR/m1"
expect_contains "fonts: says which" "$OUT" "Foo  -- NO USABLE FILE"
expect_contains "fonts: missing file shown" "$OUT" "missing  $T_DIR/nothere.ttf"

head -c 5000 "$KAI" >"$T_DIR/cut.ttf"
printf 'Foo = cut.ttf, %s\n* = %s\n' "$KAI" "$KAI" >"$T_DIR/m2"
expect_exit "fonts: a broken file exits 1" 1 "$GW" fonts --manifest "$T_DIR/m2"
expect_contains "fonts: broken file named with cause" "$OUT" "BROKEN   $T_DIR/cut.ttf: truncated"

mkdir -p "$T_DIR/fdir"
printf '* = %s\n' "$KAI" >"$T_DIR/fdir/manifest"
GONGWEN_FONTS="$T_DIR/fdir" expect_exit "fonts: GONGWEN_FONTS names a folder" 0 "$GW" fonts
expect_contains "fonts: uses it" "$OUT" "manifest: $T_DIR/fdir/manifest"
expect_exit "fonts: unknown argument is usage" 2 "$GW" fonts --bogus

# From another folder: the manifest beside the executable, relative files beside it
# (the sanitizer build lives in out/asan, with no fonts/ beside it: built-in defaults).
GWDIR=$(cd "$(dirname "$GW")" && pwd)
OUT=$(cd "$T_DIR" && "$GWDIR/$(basename "$GW")" fonts 2>&1)
if [ -f "$GWDIR/fonts/manifest" ]; then
	expect_contains "fonts: found beside the executable" "$OUT" "manifest: $GWDIR/fonts/manifest"
	expect_contains "fonts: relative files resolve beside the manifest" "$OUT" "$GWDIR/fonts/kaiu.ttf"
else
	expect_contains "fonts: built-in defaults" "$OUT" "manifest: (built-in defaults)"
fi

# No manifest anywhere: the built-in defaults, all usable on a set-up machine.
mkdir -p "$T_DIR/bin"
cp "$GW" "$T_DIR/bin/gongwen"
OUT=$(cd "$T_DIR/bin" && ./gongwen fonts 2>&1); rc=$?
expect_eq "fonts: built-in defaults exit 0" "$rc" 0
expect_contains "fonts: built-in defaults used" "$OUT" "manifest: (built-in defaults)"
expect_contains "fonts: built-in Calibri → Carlito" "$OUT" "Carlito-Regular.ttf (Carlito"
expect_not_contains "fonts: built-in has no drop-in files" "$OUT" "kaiu.ttf"

# --text: which face draws each character of a name; a character no font has fails.
expect_exit "fonts --text: a name with Ext-B" 0 "$GW" fonts --text "王𡘙明"
expect_contains "fonts --text: 𡘙 from TW-Kai-Ext-B" "$OUT" "U+21619  𡘙  TW-Kai-Ext-B"
expect_contains "fonts --text: 王 from TW-Kai" "$OUT" "U+738B  王  TW-Kai  "
expect_exit "fonts --text: a character no font has exits 1" 1 "$GW" fonts --text "王✅"
expect_contains "fonts --text: names U+2705" "$OUT" "U+2705  MISSING  no font has '✅' (U+2705) for font 標楷體"
expect_exit "fonts --text --font Times New Roman --bold" 0 "$GW" fonts --text "A" --font "Times New Roman" --bold
expect_contains "fonts --text: real bold face" "$OUT" "LiberationSerif-Bold.ttf"
expect_exit "fonts --text: synthetic bold said" 0 "$GW" fonts --text "中" --bold
expect_contains "fonts --text: synthetic" "$OUT" "TW-Kai (synthetic style)"
