# standalone.sh — the project stands on its own: a clone has everything its
# documentation points to, and nothing points outside it.
#  - no file names the team's folder or its files (only .ci/run may take the
#    ODF schema from there); the patterns below are written so that this file
#    does not match them itself;
#  - every relative link of README.md and docs/*.md, and every repository path
#    they quote in backticks, names a file or folder that exists;
#  - data/examples/ holds both examples: they import, the complete one passes
#    `check`, the incomplete one fails exactly the five rules docs/import.md
#    names; the annotated minimal example of docs/import.md passes `check`.
DB=$T_DIR/standalone.db

# ---- nothing refers outside the project ----
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	hits=$(git grep -n --untracked -I -e '\.\./shar[e]d' -e '/work/shar[e]d' -e 'GW_SHARE[D]' \
		-e 'SPEC[.]md' -e 'SPE[C] §' -e 'STYLE[.]md' -e 'NOTES-librar[i]es' \
		-- . ':!.ci/run' 2>&1)
	expect_eq "no reference to the team's shared folder outside .ci/run" "$hits" ""
else
	pass "no reference to the team's shared folder (skipped: not a git checkout)"
fi

# ---- links and quoted paths of the documentation ----
bad=$(python3 - README.md docs/*.md templates/README.md <<'PY'
import fnmatch, os, re, sys
bad = []
ignored = [l.strip().strip("/") for l in open(".gitignore") if l.strip() and not l.startswith("#")]
quoted = re.compile(r"`((?:docs|templates|src|tests|data|bench|scripts|fonts|\.ci)/[A-Za-z0-9_./-]*)`")
for md in sys.argv[1:]:
    text = open(md, encoding="utf-8").read()
    base = os.path.dirname(md)
    # Code blocks hold commands and examples, not links.
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = os.path.normpath(os.path.join(base, target.split("#")[0]))
        if not os.path.exists(path):
            bad.append("%s: link %s" % (md, target))
    for path in quoted.findall(prose):
        # Paths quoted in prose are relative to the repository root; a
        # trailing '.' or '/' is allowed; 'src/pkg.*' style globs are not paths.
        p = path.rstrip("/")
        if p.endswith(".") or not p:
            continue
        # Made by a build (in .gitignore: bench/node_modules) is not missing.
        if not os.path.exists(p) and not any(fnmatch.fnmatch(p, g) or p.startswith(g + "/")
                                             for g in ignored):
            bad.append("%s: path %s" % (md, path))
print("\n".join(bad))
PY
)
expect_eq "every relative link and quoted path in README.md and docs/ exists" "$bad" ""
expect_eq "docs/README.md links every page of docs/" \
	"$(for f in docs/*.md; do n=${f#docs/}; [ "$n" = README.md ] && continue; grep -q "($n)" docs/README.md || echo "$n"; done)" ""

# ---- the examples ----
EX=data/examples
pairs() { python3 -c 'import json,sys; print("\n".join(sorted("%s %s" % (f["rule"], f["device"]) for f in json.load(sys.stdin))))'; }
expect_exit "both examples import" 0 "$GW" --db "$DB" import "$EX/application-complete.json" "$EX/application-incomplete.json"
expect_eq "two applications stored" "$(printf '%s\n' "$OUT" | grep -c '^imported ')" 2
expect_exit "the complete example passes check" 0 "$GW" --db "$DB" check 115-EPA-0007
expect_exit "the incomplete example fails check" 1 "$GW" --db "$DB" check --json 115-TRAF-0003
expect_eq "exactly (R3,3) (R4) (R5,1) (R5,2) (R6,2)" "$(printf '%s' "$OUT" | pairs)" 'R3 3
R4 None
R5 1
R5 2
R6 2'

# ---- the minimal example of docs/import.md ----
python3 - docs/import.md "$T_DIR/minimal.json" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r"```jsonc\n(.*?)```", text, re.S).group(1)
open(sys.argv[2], "w", encoding="utf-8").write(re.sub(r"[ \t]*//[^\n]*", "", block))
PY
expect_exit "docs/import.md's minimal example passes check" 0 "$GW" check "$T_DIR/minimal.json"
expect_exit "and imports" 0 "$GW" --db "$DB" import "$T_DIR/minimal.json"
