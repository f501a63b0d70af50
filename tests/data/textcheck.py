#!/usr/bin/env python3
"""textcheck.py DOCX PDF — text in = text out: every character of the
document's text (tests/data/docxtext.py: body, tables, headers, footers; white
space aside) must be in the PDF's text (pdftotext) at least as often.  Field
results are the exception: PAGE/NUMPAGES are computed per page, so digits are
compared only in documents without fields.  Prints nothing and exits 0 when
nothing is missing, else one line: the characters missing and how many."""
import collections
import os
import re
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

docx, pdf = sys.argv[1], sys.argv[2]
src = subprocess.run([sys.executable, os.path.join(HERE, "docxtext.py"), docx],
                     capture_output=True, check=True).stdout.decode("utf-8")
src = src.replace("\\n", "").replace("\\t", "")
z = zipfile.ZipFile(docx)
# headers and footers: only those a section shows (referenced; a first-page
# one with w:titlePg, an even-page one with w:evenAndOddHeaders)
doc = z.read("word/document.xml").decode("utf-8")
rels = z.read("word/_rels/document.xml.rels").decode("utf-8") if \
    "word/_rels/document.xml.rels" in z.namelist() else ""
settings = z.read("word/settings.xml").decode("utf-8") if "word/settings.xml" in z.namelist() else ""
shown = set()
for sect in re.findall(r"<w:sectPr\b.*?</w:sectPr>", doc, re.S):
    for kind, rid in re.findall(r'<w:(?:header|footer)Reference\b[^>]*?w:type="(\w+)"[^>]*?r:id="([^"]+)"', sect):
        if kind == "first" and "<w:titlePg" not in sect:
            continue
        if kind == "even" and "<w:evenAndOddHeaders" not in settings:
            continue
        m = re.search(r'Id="%s"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="%s"' % (rid, rid), rels)
        if m:
            shown.add("word/" + (m.group(1) or m.group(2)).lstrip("/").replace("word/", ""))
lines = []
for line in src.split("\n"):
    m = re.match(r"\[(word/[a-z0-9]+\.xml)\] ?(.*)", line)
    if m:
        if m.group(1) in shown:
            lines.append(m.group(2))
    else:
        lines.append(line)
src = "\n".join(lines)
out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                     check=True).stdout.decode("utf-8")
fields = any(b"instrText" in z.read(n) or b"fldSimple" in z.read(n)
             for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))


def count(s):
    return collections.Counter(ch for ch in s if not ch.isspace() and
                               not (fields and ch.isdigit()))


want, got = count(src), count(out)
missing = {ch: n - got[ch] for ch, n in want.items() if got[ch] < n}
if missing:
    print("%d characters missing: %s" % (sum(missing.values()),
          "".join("%s×%d" % (ch, n) for ch, n in sorted(missing.items())[:40])))
    sys.exit(1)
