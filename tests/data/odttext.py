#!/usr/bin/env python3
"""odttext.py FILE.odt — the text of an ODT as tests/data/docxtext.py prints a
DOCX's: one line per paragraph of the body (content.xml, table paragraphs
included, in order), a line break as \\n and a tab as \\t; then each header
and footer paragraph with text, prefixed by [styles.xml].  The numbering
labels gongwen writes as text (spans whose style name starts with "Lbl",
followed by a tab or a space: src/odt.h) are left out, as docxtext.py has
no labels.  Reads with the standard library only; no entity is expanded."""
import sys, zipfile
import xml.etree.ElementTree as ET

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
LABEL = "Lbl"


def para_text(p):
    out = []

    def walk(e, skip_next):
        if e.text and not skip_next[0]:
            out.append(e.text)
        for c in e:
            if c.tag == TEXT + "p" or c.tag == TEXT + "h":
                continue  # a paragraph inside (a frame): its own line
            if c.tag == TEXT + "span" and c.get(TEXT + "style-name", "").startswith(LABEL):
                tail = c.tail or ""
                if tail.startswith(" "):
                    tail = tail[1:]
                    skip_next[0] = False
                else:
                    skip_next[0] = not tail  # a text:tab follows: skip it
                out.append(tail)
                continue
            if c.tag == TEXT + "tab":
                if not skip_next[0]:
                    out.append("\\t")
                skip_next[0] = False
            elif c.tag == TEXT + "line-break":
                out.append("\\n")
            elif c.tag == TEXT + "s":
                out.append(" " * int(c.get(TEXT + "c", "1")))
            else:
                walk(c, skip_next)
            if c.tail:
                out.append(c.tail)
    walk(p, [False])
    return "".join(out)


def paragraphs(root):
    return [e for e in root.iter() if e.tag in (TEXT + "p", TEXT + "h")]


def main():
    z = zipfile.ZipFile(sys.argv[1])
    content = ET.fromstring(z.read("content.xml"))
    body = content.find(OFFICE + "body")
    for p in paragraphs(body):
        print(para_text(p))
    styles = ET.fromstring(z.read("styles.xml"))
    masters = styles.find(OFFICE + "master-styles")
    for p in paragraphs(masters) if masters is not None else []:
        t = para_text(p)
        if t:
            print(f"[styles.xml] {t}")


main()
