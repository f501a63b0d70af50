#!/usr/bin/env python3
"""Write the templates of the differential test (tests/e2e/docxtemplater.sh):
each construct of docxtemplater's template language alone and combined, with
pictures, page breaks and section breaks next to the tags, as Word writes them.

usage: mkdt.py OUTDIR
For each case NAME: NAME.docx, NAME.json (the data) and, for a documented
deliberate difference from docxtemplater, NAME.differs (one line: why); the
list of cases in CASES.
"""
import json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mktpl import r, tc, tr, tbl, write_package  # noqa: E402 (the corpus's own writer)

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# A 1×1 PNG.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4a6"
                    "0000000049454e44ae426082")


def p(*items, ppr=""):
    return "<w:p>" + ppr + "".join(i if i.startswith("<") else r(i) for i in items) + "</w:p>"


def img(n=1):
    return ('<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
            '<wp:extent cx="190500" cy="190500"/>'
            f'<wp:docPr id="{n}" name="Picture {n}"/><a:graphic><a:graphicData '
            'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="{n}" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            '<pic:blipFill><a:blip r:embed="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
            '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="190500" cy="190500"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
            '</a:graphic></wp:inline></w:drawing></w:r>')


PAGE = '<w:r><w:br w:type="page"/></w:r>'
BOOKMARK = '<w:bookmarkStart w:id="7" w:name="mark"/><w:bookmarkEnd w:id="7"/>'


def sect(kind):
    return (f'<w:pPr><w:sectPr><w:type w:val="{kind}"/><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1440" w:right="1134" w:bottom="1440" w:left="1134" w:header="851" '
            'w:footer="992" w:gutter="0"/></w:sectPr></w:pPr>')


def docx(path, body, header=None, footer=None):
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="png" ContentType="image/png"/>'
          f'<Override PartName="/word/document.xml" ContentType="{CT}document.main+xml"/>']
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdImg" Type="{REL}image" Target="media/image1.png"/>']
    parts, refs = {}, ""
    for kind, root, text in (("header", "hdr", header), ("footer", "ftr", footer)):
        if text is None:
            continue
        parts[f"word/{kind}1.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                      f'<w:{root} {NS}>{text}</w:{root}>')
        ct.append(f'<Override PartName="/word/{kind}1.xml" ContentType="{CT}{kind}+xml"/>')
        rels.append(f'<Relationship Id="rId{kind}" Type="{REL}{kind}" Target="{kind}1.xml"/>')
        refs += f'<w:{kind}Reference w:type="default" r:id="rId{kind}"/>'
        parts[f"word/_rels/{kind}1.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdImg" Type="{REL}image" Target="media/image1.png"/></Relationships>')
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}'
           f'<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/>'
           '<w:pgMar w:top="1440" w:right="1134" w:bottom="1440" w:left="1134" w:header="851" '
           'w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>')
    parts["word/media/image1.png"] = PNG
    write_package(path, ct, rels, doc, parts)


CASES = []


def case(name, body, data, differs=None, **kw):
    CASES.append((name, body, data, differs, kw))


ITEMS = {"items": [{"name": "甲", "n": 1}, {"name": "乙", "n": 2}, {"name": "丙", "n": 3}]}
NONE = {"items": []}

# ---- values, paths, conditions
case("values", p("姓名：{name}，機關：{agency.name}") + p("{a.b.c}"),
     {"name": "王小明", "agency": {"name": "環保局"}, "a": {"b": {"c": "深"}}})
case("conditions", p("{#t}T{/t}{#f}F{/f}{^f}notF{/f}{#o}{k}{/o}{^e}empty{/e}{#s}S{/s}{#z}Z{/z}"),
     {"t": True, "f": False, "o": {"k": "obj"}, "e": [], "s": "str", "z": 0})
# ---- paragraph loops
for nm, d in (("", ITEMS), ("_empty", NONE)):
    case("para_loop" + nm, p("前") + p("{#items}") + p("{name}：{n}") + p("{/items}") + p("後"), d)
    case("anon_close" + nm, p("前") + p("{#items}") + p("{name}") + p("{/}") + p("後") +
         p("{#items}{name}、{/}"), d)
    case("inverted_para" + nm, p("{^items}") + p("無資料") + p("{/items}") + p("後"), d)
case("anon_nested", p("{#groups}") + p("組{id}") + p("{#cars}{.}；{/}") + p("{/}"),
     {"groups": [{"id": 1, "cars": ["a", "b"]}, {"id": 2, "cars": []}]})
case("anon_nested_paragraphs", p("{#groups}") + p("組{id}") + p("{#cars}") + p("車{.}") + p("{/}") + p("{/groups}"),
     {"groups": [{"id": 1, "cars": ["a", "b"]}, {"id": 2, "cars": ["c"]}]})
case("nested_loops", p("{#groups}") + p("{title}：{#members}{name}，{/members}") +
     tbl(tr(tc("{#members}{name}"), tc("{age}{/members}"))) + p("{/groups}") + p("完"),
     {"groups": [{"title": "一", "members": [{"name": "a", "age": 1}, {"name": "b", "age": 2}]},
                 {"title": "二", "members": [{"name": "c", "age": 3}]}]})
# ---- tables
ROWS = {"rows": [{"a": "a1", "b": "b1"}, {"a": "a2", "b": "b2"}]}
for nm, d in (("", ROWS), ("_empty", {"rows": []})):
    case("row_loop" + nm, tbl(tr("名", "值"), tr(tc("{#rows}{a}"), tc("{b}{/rows}"))) + p("後"), d)
    case("row_loop_anon" + nm, tbl(tr("名", "值"), tr(tc("{#rows}{a}"), tc("{b}{/}"))) + p("後"), d)
    case("row_loop_only_rows" + nm, p("前") + tbl(tr(tc("{#rows}{a}"), tc("{b}{/rows}"))) + p("後"), d)
    case("dash_tr" + nm, tbl(tr("名", "值"), tr(tc("{-w:tr rows}{a}"), tc("{b}{/rows}"))) + p("後"), d)
    case("dash_tbl" + nm, p("前") + tbl(tr(tc("{-w:tbl rows}{a}"), tc("{b}{/rows}"))) + p("後"), d)
    case("cell_para_loop" + nm, tbl(tr(tc(p("{#rows}"), p("{a}"), p("{/rows}")), tc("x"))) + p("後"), d)
    case("cell_after_table" + nm, tbl(tr(tc(p("上"), tbl(tr("內")), p("{#rows}"), p("{a}"), p("{/rows}")), tc("x"))) + p("後"), d)
    case("cell_loop_of_tables" + nm, tbl(tr(tc(p("{#rows}"), tbl(tr(tc("{a}"))), p("{/rows}")), tc("x"))) + p("後"), d)
case("dash_tc", tbl(tr(tc("名"), tc("{-w:tc cells}{.}{/cells}"), tc("末"))), {"cells": ["a", "b", "c"]})
case("row_loop_conditions", tbl(tr(tc("{#rows}{#ok}✓{/ok}{^ok}✗{/ok}{a}"), tc("{#b}{b}{/b}{/rows}"))),
     {"rows": [{"a": "1", "ok": True, "b": "x"}, {"a": "2", "ok": False, "b": ""}]})
case("cell_loop_in_row_loop", tbl(tr(tc("{#rows}{a}"), tc(p("{#items}"), p("{name}"), p("{/items}")), tc("{/rows}"))),
     {"rows": [{"a": "1", "items": [{"name": "x"}, {"name": "y"}]}, {"a": "2", "items": []}]})
# ---- the dash syntax on paragraphs
for nm, d in (("", ITEMS), ("_empty", NONE)):
    case("dash_p" + nm, p("前") + p("{-w:p items}{name}{/items}") + p("後"), d)
    case("dash_p_span" + nm, p("前") + p("{-w:p items}{name}") + p("說明") + p("{n}{/items}") + p("後"), d)
# ---- pictures, bookmarks and breaks next to tags
for nm, d in (("", ITEMS), ("_empty", NONE)):
    case("image_in_body" + nm, p("{#items}") + p(img(), "{name}") + p("{/items}"), d)
    case("image_open" + nm, p(img(), "{#items}") + p("{name}") + p("{/items}") + p("後"), d)
    case("image_close" + nm, p("{#items}") + p("{name}") + p("{/items}", img()) + p("後"), d)
    case("page_break_body" + nm, p("{#items}") + p("{name}") + p(PAGE) + p("{/items}") + p("後"), d)
    case("page_break_open" + nm, p(PAGE, "{#items}") + p("{name}") + p("{/items}") + p("後"), d)
    case("page_break_close" + nm, p("{#items}") + p("{name}") + p("{/items}", PAGE) + p("後"), d,
         differs=nm == "" and "gongwen keeps the closing paragraph with its page break after the loop; docxtemplater "
                 "moves the break into the loop's last paragraph")
    case("bookmark_close" + nm, p("{#items}") + p("{name}") + p(BOOKMARK, "{/items}") + p("後"), d,
         differs="gongwen keeps a tag paragraph holding a bookmark (once, after the loop); docxtemplater "
                 "drops it")
    case("sect_next_body" + nm, p("{#items}") + p("{name}") + p("", ppr=sect("nextPage")) + p("{/items}") + p("後"), d)
    case("sect_cont_body" + nm, p("{#items}") + p("{name}") + p("", ppr=sect("continuous")) + p("{/items}") + p("後"), d)
    case("sect_close" + nm, p("{#items}") + p("{name}") + p("{/items}", ppr=sect("nextPage")) + p("後"), d,
         differs=nm == "" and "gongwen keeps the closing paragraph's section break after the loop; docxtemplater drops "
                 "it when the loop shows something")
    case("sect_after" + nm, p("{#items}") + p("{name}") + p("{/items}") + p("後", ppr=sect("continuous")) + p("末"), d)
for nm, d in (("", {"cond": True, "x": "X"}), ("_false", {"cond": False, "x": "X"})):
    case("cond_image_close" + nm, p("{#cond}") + p("{x}") + p("{/cond}", img()) + p("後"), d)
    case("cond_image_inline" + nm, p("{#cond}{x}", img(), "{/cond}") + p("後"), d)
# ---- headers and footers
case("header_footer", p("本文{x}"), {"x": "1", "items": ITEMS["items"]},
     header=p("{#items}") + p("頁首{name}") + p("{/items}"),
     footer=p("{#items}{name}{/}") + tbl(tr(tc("{#items}{name}"), tc("{n}{/items}"))) + p(""))
case("header_empty_loop", p("本文"), NONE, header=p("{#items}") + p("頁首{name}") + p("{/items}"),
     footer=p("{-w:p items}{name}{/items}") + p("頁尾"),
     differs="a header left empty gets an empty paragraph; docxtemplater leaves none, which Word reports "
             "as damaged")
# ---- all together
case("combined", p("{title}", img()) + p("{#groups}") + p(PAGE, "") + p("{name}") +
     tbl(tr("項", "值"), tr(tc("{#rows}{k}"), tc("{v}{/}"))) +
     p("{-w:p tags}#{.}{/tags}") + p("{#note}") + p("註：{note}") + p("{/note}") + p("", ppr=sect("continuous")) +
     p("{/groups}") + p("{^groups}") + p("無") + p("{/}") + p("完", img(2)),
     {"title": "總表", "groups": [
         {"name": "甲", "rows": [{"k": "a", "v": 1}, {"k": "b", "v": 2}], "tags": ["x", "y"], "note": "n"},
         {"name": "乙", "rows": [], "tags": [], "note": ""}]},
     header=p("{title}"), footer=p("{#groups}{name}{/groups}"))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, body, data, differs, kw in CASES:
        docx(os.path.join(out, name + ".docx"), body, **kw)
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        if differs:
            with open(os.path.join(out, name + ".differs"), "w", encoding="utf-8") as f:
                f.write(differs + "\n")
    with open(os.path.join(out, "CASES"), "w") as f:
        f.write("\n".join(c[0] for c in CASES) + "\n")


if __name__ == "__main__":
    main()
