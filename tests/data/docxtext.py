#!/usr/bin/env python3
"""Print the text of a DOCX as the template tests compare it: one line per
paragraph of word/document.xml (table paragraphs included, in order), a line
break as \\n and a tab as \\t; then each header, footer and footnote
paragraph with text, prefixed by its part name.  Text in w:del is skipped."""
import re, sys, zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def para_text(p):
    out = []

    def walk(e):
        for c in e:
            if c.tag == W + "del":
                continue
            if c.tag == W + "p":  # nested paragraph (text box): its own line elsewhere
                continue
            if c.tag == W + "t":
                out.append(c.text or "")
            elif c.tag == W + "br":
                out.append("\\n")
            elif c.tag == W + "tab" and e.tag == W + "r":
                out.append("\\t")
            walk(c)
    walk(p)
    return "".join(out)


def main():
    z = zipfile.ZipFile(sys.argv[1])
    root = ET.fromstring(z.read("word/document.xml"))
    for p in root.iter(W + "p"):
        print(para_text(p))
    names = sorted(n for n in z.namelist() if re.match(r"word/(header\d*|footer\d*|footnotes|endnotes)\.xml$", n))
    for n in names:
        for p in ET.fromstring(z.read(n)).iter(W + "p"):
            t = para_text(p)
            if t:
                print(f"[{n}] {t}")


main()
