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
