#!/usr/bin/env python3
"""Print the text of a DOCX as the template tests compare it: one line per
paragraph of word/document.xml (table paragraphs included, in order), a line
break as \\n and a tab as \\t; then each header, footer and footnote
paragraph with text, prefixed by its part name.  Text in w:del is skipped."""
import os, re, sys, zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from wml import W, para_text  # noqa: E402 (one definition of a paragraph's text)


def main():
    z = zipfile.ZipFile(sys.argv[1])
    root = ET.fromstring(z.read("word/document.xml"))
    for p in root.iter(W + "p"):
        print(para_text(p, page_breaks=True))
    names = sorted(n for n in z.namelist() if re.match(r"word/(header\d*|footer\d*|footnotes|endnotes)\.xml$", n))
    for n in names:
        for p in ET.fromstring(z.read(n)).iter(W + "p"):
            t = para_text(p, page_breaks=True)
            if t:
                print(f"[{n}] {t}")


main()
