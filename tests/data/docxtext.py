#!/usr/bin/env python3
"""Print the text of a DOCX as the template tests compare it: one line per
paragraph of word/document.xml (table paragraphs included, in order), a line
break as \\n and a tab as \\t; then each header, footer and footnote
paragraph with text, prefixed by its part name.  Text in w:del is skipped.
With --shown (as Word shows it) an mc:Fallback's is skipped too: the VML copy
of a text box whose mc:Choice is read (without it both copies are printed, as
a merge must fill both)."""
import os, re, sys, zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from wml import W, para_text  # noqa: E402 (one definition of a paragraph's text)


MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def paras(root, shown):
    """The paragraphs of root in order (shown: but for those of an mc:Fallback)."""
    skip = {id(p) for fb in root.iter(MC + "Fallback") for p in fb.iter(W + "p")} if shown else set()
    return [p for p in root.iter(W + "p") if id(p) not in skip]


def main():
    args = [a for a in sys.argv[1:] if a != "--shown"]
    shown = len(args) < len(sys.argv) - 1
    z = zipfile.ZipFile(args[0])
    root = ET.fromstring(z.read("word/document.xml"))
    for p in paras(root, shown):
        print(para_text(p, page_breaks=True))
    names = sorted(n for n in z.namelist() if re.match(r"word/(header\d*|footer\d*|footnotes|endnotes)\.xml$", n))
    for n in names:
        for p in paras(ET.fromstring(z.read(n)), shown):
            t = para_text(p, page_breaks=True)
            if t:
                print(f"[{n}] {t}")


main()
