# tests/hostile/helpers.sh — helpers a case's command may call (sourced in
# the case's shell).  A helper that cannot set up its condition (mounting
# needs root) writes $T/skip and fails, and the runner reports a skip.

# Make DIR read-only (a read-only bind mount of itself); undone by the runner.
ro_mount() {
	mount --bind "$1" "$1" 2>/dev/null && echo "$1" >> "$T/mounts" &&
		mount -o remount,bind,ro "$1" 2>/dev/null && return 0
	echo "cannot mount (needs root)" > "$T/skip"; return 1
}

# Put DIR on a 64 KiB tmpfs (a full disk), keeping what it held.
tiny_mount() {
	cp -a "$1" "$T/tiny-save" &&
		mount -t tmpfs -o size=64k tmpfs "$1" 2>/dev/null && echo "$1" >> "$T/mounts" &&
		cp -a "$T/tiny-save/." "$1/" && return 0
	echo "cannot mount (needs root)" > "$T/skip"; return 1
}

# A font manifest whose default chain is the one file $1.
manifest() {
	printf '* = %s\n' "$1" > "$T/manifest"
}

# Nothing was written outside $OUT (or below it through a symlink).
no_escape() {
	_esc=$(find "$T" -newer "$T/stamp" -type f \( -name '*.docx' -o -name '*.pdf' -o -name '*escape*' \) \
		! -path "$OUT/*" 2>/dev/null)
	[ -z "$_esc" ] || { echo "gongwen: written outside the output folder: $_esc" >&2; return 97; }
	[ ! -e "$T/elsewhere/m.docx" ] || { echo "gongwen: wrote through a symlinked folder" >&2; return 98; }
}
