#!/usr/bin/env python3
"""WordprocessingML checks for the merge tests (python3 standard library only).

usage: wml.py check DOCX...   every package structurally valid; one line per
                              problem, exit 1 when there is any
       wml.py dump DOCX       what the differential test compares: per story
                              part, the text of every paragraph, then the
                              counts of drawings, section breaks and page breaks

The structural rules are the ones Word enforces when it opens a file (a
violation makes it report the document as damaged): every XML part well
formed; every w:tc holds a paragraph and ends with one (not with a table);
every w:tbl has a row and every w:tr a cell; w:body ends with its w:sectPr
(and has one only); every header and footer holds a paragraph; every r:id and
r:embed names a relationship of its part; every drawing's wp:docPr id is
unique in the document.
"""
import re, sys, zipfile
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
STORY = re.compile(r"word/(document\d*|header\d*|footer\d*|footnotes|endnotes)\.xml$")
BLOCK = (W + "p", W + "tbl", W + "sdt", W + "customXml")


def blocks(e):
    return [c for c in e if c.tag in BLOCK]


def has_para(e):
    """A w:p directly or through block-level content controls."""
    for c in e:
        if c.tag == W + "p":
            return True
        if c.tag in (W + "sdt", W + "customXml"):
            inner = c.find(W + "sdtContent") if c.tag == W + "sdt" else c
            if inner is not None and has_para(inner):
                return True
    return False


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def check(path):
    problems = []
    docpr = {}
    try:
        z = zipfile.ZipFile(path)
    except Exception as e:
        return [f"{path}: not a zip: {e}"]
    names = set(z.namelist())
    for name in sorted(names):
        if not (name.endswith(".xml") or name.endswith(".rels")):
            continue
        try:
            root = ET.fromstring(z.read(name))
        except ET.ParseError as e:
            problems.append(f"{path}: {name}: not well-formed: {e}")
            continue
        if not STORY.match(name):
            continue
        where = f"{path}: {name}"
        for d in root.iter(WP + "docPr"):
            i = d.get("id")
            if i in docpr:
                problems.append(f"{where}: drawing id {i} (wp:docPr) also in {docpr[i]}")
            docpr.setdefault(i, name)
        rels = set()
        rname = name.rsplit("/", 1)[0] + "/_rels/" + name.rsplit("/", 1)[1] + ".rels"
        if rname in names:
            rels = {r.get("Id") for r in ET.fromstring(z.read(rname)).iter(PR + "Relationship")}
        for e in root.iter():
            for a in (R + "id", R + "embed", R + "link"):
                v = e.get(a)
                if v is not None and v not in rels:
                    problems.append(f"{where}: {e.tag.split('}')[1]} names relationship {v}, which {rname} lacks")
        for i, tc in enumerate(root.iter(W + "tc"), 1):
            b = blocks(tc)
            if not has_para(tc):
                problems.append(f"{where}: table cell {i} holds no paragraph")
            elif b and b[-1].tag == W + "tbl":
                problems.append(f"{where}: table cell {i} ends with a table, not a paragraph")
        for i, t in enumerate(root.iter(W + "tbl"), 1):
            if t.find(W + "tr") is None and not any(c.tag in (W + "sdt", W + "customXml") for c in t):
                problems.append(f"{where}: table {i} has no row")
        for i, r in enumerate(root.iter(W + "tr"), 1):
            if r.find(W + "tc") is None and not any(c.tag in (W + "sdt", W + "customXml") for c in r):
                problems.append(f"{where}: table row {i} has no cell")
        body = root.find(W + "body")
        if body is not None:
            kids = [c for c in body if isinstance(c.tag, str)]
            n = sum(1 for c in kids if c.tag == W + "sectPr")
            if n > 1:
                problems.append(f"{where}: w:body holds {n} w:sectPr")
            if n and kids[-1].tag != W + "sectPr":
                problems.append(f"{where}: w:body does not end with its w:sectPr")
        if root.tag in (W + "hdr", W + "ftr"):
            if not has_para(root):
                problems.append(f"{where}: {root.tag.split('}')[1]} holds no paragraph")
            elif blocks(root) and blocks(root)[-1].tag == W + "tbl":
                problems.append(f"{where}: {root.tag.split('}')[1]} ends with a table")
    return problems


def para_text(p, page_breaks=False):
    """The text of paragraph p: w:t (not deleted), a line break as \\n, a tab
    as \\t; a page or column break is \\n too only with page_breaks (the
    dump counts them apart).  A nested paragraph (text box) is its own."""
    out = []

    def walk(e):
        for c in e:
            if c.tag in (W + "del", W + "p"):
                continue
            if c.tag == W + "t":
                out.append(c.text or "")
            elif c.tag == W + "br" and (page_breaks or c.get(W + "type") in (None, "textWrapping")):
                out.append("\\n")
            elif c.tag == W + "tab" and e.tag == W + "r":
                out.append("\\t")
            walk(c)
    walk(p)
    return "".join(out)


def dump(path):
    z = zipfile.ZipFile(path)
    for name in sorted(n for n in z.namelist() if STORY.match(n)):
        root = ET.fromstring(z.read(name))
        print(f"== {name}")
        for p in root.iter(W + "p"):
            print("p: " + para_text(p))
        drawings = sum(1 for e in root.iter() if e.tag in (W + "drawing", W + "pict"))
        sects = sum(1 for _ in root.iter(W + "sectPr"))
        pages = sum(1 for e in root.iter(W + "br") if e.get(W + "type") == "page")
        print(f"drawings {drawings}, section breaks {sects}, page breaks {pages}")


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("check", "dump"):
        sys.exit(__doc__)
    if sys.argv[1] == "dump":
        dump(sys.argv[2])
        return
    bad = 0
    for f in sys.argv[2:]:
        for line in check(f):
            print(line)
            bad = 1
    sys.exit(bad)


if __name__ == "__main__":
    main()
