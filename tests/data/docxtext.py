#!/usr/bin/env python3
"""Print the text of a DOCX as the template tests compare it: one line per
paragraph of word/document.xml (table paragraphs included, in order), a line
break as \\n and a tab as \\t; then each header, footer and footnote
paragraph with text, prefixed by its part name.  Text in w:del is skipped, and
so is an mc:Fallback's (the VML copy of a text box Word shows once)."""
import os, re, sys, zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from wml import W, para_text  # noqa: E402 (one definition of a paragraph's text)


MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def paras(root):
    """The paragraphs of root in order, but for those of an mc:Fallback."""
    skip = {id(p) for fb in root.iter(MC + "Fallback") for p in fb.iter(W + "p")}
    return [p for p in root.iter(W + "p") if id(p) not in skip]


def main():
    z = zipfile.ZipFile(sys.argv[1])
    root = ET.fromstring(z.read("word/document.xml"))
    for p in paras(root):
        print(para_text(p, page_breaks=True))
    names = sorted(n for n in z.namelist() if re.match(r"word/(header\d*|footer\d*|footnotes|endnotes)\.xml$", n))
    for n in names:
        for p in paras(ET.fromstring(z.read(n))):
            t = para_text(p, page_breaks=True)
            if t:
                print(f"[{n}] {t}")


main()
