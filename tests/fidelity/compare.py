#!/usr/bin/python3
"""compare.py OURS.pdf THEIRS.pdf — page counts and the share of text lines
that break at the same place.  Lines come from `pdftotext -layout`, page by
page, with all white space removed (the two renderers space words and table
cells differently; a line "breaks at the same place" when its characters are
the same).  Lines are aligned with difflib, so one differing line costs one
line, not the rest of the document.  Prints: pages_ours pages_theirs
same_lines total_lines."""
import subprocess
import sys
import difflib
import re


HANG = "，。、．：；？！,."


def lines(pdf):
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"],
                         capture_output=True, check=True).stdout.decode("utf-8", "replace")
    pages = out.split("\f")
    if pages and pages[-1].strip() == "":
        pages = pages[:-1]
    res = []
    for p in pages:
        for l in p.split("\n"):
            l = re.sub(r"\s+", "", l)
            if len(l) > 1 and l[-1] in HANG:
                l = l[:-1]
            if l:
                res.append(l)
    return len(pages), res


po, lo = lines(sys.argv[1])
pt, lt = lines(sys.argv[2])
sm = difflib.SequenceMatcher(None, lo, lt, autojunk=False)
same = sum(b.size for b in sm.get_matching_blocks())
print(po, pt, same, max(len(lt), len(lo)))
if len(sys.argv) > 3:
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag != "equal":
            for l in lo[i1:i2]:
                print("  ours  : " + l)
            for l in lt[j1:j2]:
                print("  theirs: " + l)
