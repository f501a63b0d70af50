#!/usr/bin/env python3
"""Write the template test corpus: raw WordprocessingML in zip files, so each
construct (split runs, proofing marks, bookmarks, revision marks, table-row
loops, …) is exactly what the test says.

usage: mktpl.py OUTDIR
For each case NAME it writes NAME.docx and NAME.json (the data), and either
NAME.want (the merged text, as docxtext.py prints it) or NAME.err + NAME.code
(exact stderr and exit code of `gongwen merge NAME.docx NAME.json -o NAME.out.docx`
run inside OUTDIR).
"""
import json, os, sys, zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def r(text, rpr=""):
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


BOLD = "<w:rPr><w:b/></w:rPr>"
ITAL = "<w:rPr><w:i/></w:rPr>"


def p(*items, ppr=""):
    body = "".join(i if i.startswith("<") else r(i) for i in items)
    return f"<w:p>{ppr}{body}</w:p>"


def tc(*paras):
    return '<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>' + "".join(
        x if x.startswith("<w:p") or x.startswith("<w:tbl") else p(x) for x in paras) + "</w:tc>"


def tr(*cells):
    return "<w:tr>" + "".join(c if c.startswith("<w:tc") else tc(c) for c in cells) + "</w:tr>"


def tbl(*rows):
    return ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
            + '<w:gridCol w:w="2000"/>' * 3 + "</w:tblGrid>" + "".join(rows) + "</w:tbl>")


def docx(path, body, headers=(), footers=(), footnotes=None):
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          f'<Override PartName="/word/document.xml" ContentType="{MAIN_CT}document.main+xml"/>'
          f'<Override PartName="/word/styles.xml" ContentType="{MAIN_CT}styles+xml"/>']
    rels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdS" Type="{REL}styles" Target="styles.xml"/>']
    parts = {}
    sect = ""
    for kind, items in (("header", headers), ("footer", footers)):
        for i, text in enumerate(items, 1):
            name = f"{kind}{i}.xml"
            tagname = "hdr" if kind == "header" else "ftr"
            parts["word/" + name] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                     f'<w:{tagname} {W}>{text}</w:{tagname}>')
            ct.append(f'<Override PartName="/word/{name}" ContentType="{MAIN_CT}{kind}+xml"/>')
            rels.append(f'<Relationship Id="rId{kind}{i}" Type="{REL}{kind}" Target="{name}"/>')
            sect += f'<w:{kind}Reference w:type="default" r:id="rId{kind}{i}"/>'
    if footnotes:
        parts["word/footnotes.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {W}>'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            f'<w:footnote w:id="1">{footnotes}</w:footnote></w:footnotes>')
        ct.append(f'<Override PartName="/word/footnotes.xml" ContentType="{MAIN_CT}footnotes+xml"/>')
        rels.append(f'<Relationship Id="rIdF" Type="{REL}footnotes" Target="footnotes.xml"/>')
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}'
           f'<w:sectPr>{sect}<w:pgSz w:w="11906" w:h="16838"/>'
           '<w:pgMar w:top="1440" w:right="1134" w:bottom="1440" w:left="1134" w:header="851" w:footer="992" w:gutter="0"/>'
           '</w:sectPr></w:body></w:document>')
    styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {W}>'
              '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults>'
              '</w:styles>')
    parts["word/styles.xml"] = styles
    write_package(path, ct, rels, doc, parts)


def write_package(path, ct, rels, doc, parts):
    """The zip: ct and rels are the open [Content_Types] and document
    relationships (closed here), parts the other parts (name → data)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "".join(ct) + "</Types>")
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{REL}officeDocument" Target="word/document.xml"/>'
                   '</Relationships>')
        z.writestr("word/document.xml", doc)
        z.writestr("word/_rels/document.xml.rels", "".join(rels) + "</Relationships>")
        for name, data in parts.items():
            z.writestr(name, data)


CASES = []


def case(name, body, data, want=None, err=None, code=None, **kw):
    CASES.append((name, body, data, want, err, code, kw))


INS = '<w:ins w:id="1" w:author="clerk" w:date="2026-11-20T09:00:00Z">'
DEL = '<w:del w:id="2" w:author="clerk" w:date="2026-11-20T09:00:00Z">'

# ---- values and paths
case("simple", p("姓名：{name}"), {"name": "王小明"}, "姓名：王小明")
case("dotted", p("{agency.name}（{agency.code}）"), {"agency": {"name": "臺中市政府環境保護局", "code": "EPB"}},
     "臺中市政府環境保護局（EPB）")
case("spaces", p("{ name }/{#  items }{ . }{/ items }"), {"name": "A", "items": [1, 2]}, "A/12")
case("types", p("{i}|{r}|{r2}|{t}|{f}|{n}|{big}"),
     {"i": 42, "r": 0.1, "r2": 2.5e-7, "t": True, "f": False, "n": None, "big": 12345678901234},
     "42|0.1|2.5e-07|true|false||12345678901234")
case("escapes", p("[{v}]"), {"v": "a<b>&c ]]> </w:t> \"q\""}, '[a<b>&c ]]> </w:t> "q"]')
case("newline_tab", p("{v}"), {"v": "第一行\n第二行\t欄"}, "第一行\\n第二行\\t欄")
# ---- split tags
case("split_runs", p(r("Hello {na"), r("me", BOLD), r("} end", ITAL)), {"name": "Bob"}, "Hello Bob end")
case("proof_bookmark",
     p(r("機關：{"), '<w:proofErr w:type="spellStart"/>', r("agen"), '<w:bookmarkStart w:id="0" w:name="bm"/>',
       r("cy.na"), '<w:bookmarkEnd w:id="0"/>', '<w:proofErr w:type="spellEnd"/>', r("me}。")),
     {"agency": {"name": "交通局"}}, "機關：交通局。")
case("revisions",
     p(r("{na"), INS + r("m") + "</w:ins>", DEL + '<w:r><w:delText>{zzz}</w:delText></w:r></w:del>',
       DEL + r("{deleted}") + "</w:del>", r("e}")),
     {"name": "OK"}, "OK")
case("fifty_runs", p(*[r(ch) for ch in "{" + "a" * 24 + "_" + "b" * 24 + "}"]),
     {"a" * 24 + "_" + "b" * 24: "fifty"}, "fifty")
# ---- sections
case("para_loop", p("清單：") + p("{#items}") + p("{$position}. {name} × {qty}") + p("{/items}") + p("完"),
     {"items": [{"name": "伺服器", "qty": 2}, {"name": "交換器", "qty": 1}, {"name": "UPS", "qty": 3}]},
     "清單：\n1. 伺服器 × 2\n2. 交換器 × 1\n3. UPS × 3\n完")
case("para_loop_empty", p("前") + p("{#items}") + p("{name}") + p("{/items}") + p("後"), {"items": []}, "前\n後")
ROWLOOP = tbl(tr("名稱", "類型", "IP"), tr(tc("{#devices}{name}"), tc("{type}"), tc("{ip}{/devices}")))
case("row_loop", ROWLOOP, {"devices": [{"name": "web01", "type": "Server(AP)", "ip": "10.0.0.1"},
                                         {"name": "db01", "type": "Server(DB)", "ip": "10.0.0.2"}]},
     "名稱\n類型\nIP\nweb01\nServer(AP)\n10.0.0.1\ndb01\nServer(DB)\n10.0.0.2")
case("row_loop_empty", ROWLOOP, {"devices": []}, "名稱\n類型\nIP")
case("cell_para_loop", tbl(tr(tc(p("{#l}"), p("{.}"), p("{/l}")), tc("x"))), {"l": ["a", "b"]}, "a\nb\nx")
case("cell_para_loop_empty", tbl(tr(tc(p("{#l}"), p("{.}"), p("{/l}")), tc("x"))), {"l": []}, "\nx")
case("sectpr_kept", p("{#l}") + p("{.}") + p("{/l}", ppr='<w:pPr><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:pPr>') + p("後"),
     {"l": ["a"]}, "a\n\n後")
case("inline_across_paragraphs", p("前{#l}<") + p(">{.}{/l}後"), {"l": [1, 2]}, "前<\n>1<\n>2後")
case("textbox", p(r("外{a}"), '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
                  '<mc:Choice Requires="wps"><w:drawing><w:txbxContent>' + p("框{b}") + '</w:txbxContent></w:drawing></mc:Choice>'
                  '<mc:Fallback><w:pict><w:txbxContent>' + p("框{b}") + '</w:txbxContent></w:pict></mc:Fallback>'
                  '</mc:AlternateContent></w:r>'), {"a": "A", "b": "B"}, "外A\n框B\n框B")
case("two_row_loop", tbl(tr("項目", "", ""), tr(tc("{#d}名稱"), tc("{name}"), tc("")),
                         tr(tc("序號"), tc("{serial}"), tc("{/d}"))),
     {"d": [{"name": "A", "serial": "1"}, {"name": "B", "serial": "2"}]},
     "項目\n\n\n名稱\nA\n\n序號\n1\n\n名稱\nB\n\n序號\n2\n")
case("nested", p("{#groups}") + p("{title}：{#members}{.}{^last}、{/last}{/members}") + p("{/groups}"),
     {"groups": [{"title": "甲", "members": [{"last": False}, {"last": True}]}, {"title": "乙", "members": []}]},
     None, None, None)  # replaced below
CASES.pop()
case("nested", p("{#groups}") + p("{title}：{#members}{name}，{/members}") + p("{/groups}"),
     {"groups": [{"title": "甲", "members": [{"name": "a"}, {"name": "b"}]}, {"title": "乙", "members": []}]},
     "甲：a，b，\n乙：")
case("scope_chain", p("{#devices}{agency}-{name};{/devices}"),
     {"agency": "EPB", "devices": [{"name": "x"}, {"name": "y", "agency": "own"}]}, "EPB-x;own-y;")
case("conditions", p("{#t}T{/t}{#f}F{/f}{#o}{k}{/o}{#n}N{/n}{#e}E{/e}{#s}{.}{/s}{#z}Z{/z}{#missing}M{/missing}"),
     {"t": True, "f": False, "o": {"k": "obj"}, "n": None, "e": "", "s": "str", "z": 0}, "Tobjstr")
case("inverse", p("{^notes}無備註{/notes}|{^list}空{/list}|{^yes}no{/yes}"),
     {"notes": "", "list": [], "yes": True}, "無備註|空|")
case("index", p("{#l}{$index}:{$position}:{$position | zh_number} {/l}"), {"l": ["a", "b"]}, "0:1:一 1:2:二 ")
# ---- parts
case("header_footer", p("本文 {body}"), {"agency": {"name": "臺中市政府"}, "doc_no": "中市數字第1150000001號",
                                         "body": "B", "note": "註"},
     "本文 B\n[word/footer1.xml] 中市數字第1150000001號\n[word/footnotes.xml] 註腳：註\n[word/header1.xml] 臺中市政府",
     headers=(p("{agency.name}"),), footers=(p("{doc_no}"),), footnotes=p("註腳：{note}"))
# ---- filters
case("filters",
     p("{d | roc_date}|{d | roc_date_short}|{d | roc_year}|{d | roc_date_dot}") +
     p("{yes | checkbox}{no | checkbox}{kind | checkbox:\"移入\"}{kind | checkbox:\"移出\"}") +
     p("{blank | default:\"無\"}|{absent | default:“無”}|{given | default:'無'}") +
     p("{n3 | zh_number}{n10 | zh_number}{n11 | zh_number}{n21 | zh_number}{n105 | zh_number}{n10000 | zh_number}") +
     p("{n3 | zh_paren_number}|{s | upper}|{s | lower}|{pad | trim}|") +
     p("{list | join}|{list | join:\" / \"}|{list | count}") +
     p("{phone | phone_ext:ext}|{phone | phone_ext:noext}"),
     {"d": "2026-11-25", "yes": True, "no": False, "kind": "移入", "blank": "", "given": "有",
      "n3": 3, "n10": 10, "n11": 11, "n21": 21, "n105": 105, "n10000": 10000, "s": "Web AP",
      "pad": "  x  ", "list": ["甲", "乙", "丙"], "phone": "04-22289111", "ext": "66301", "noext": ""},
     "中華民國115年11月25日|115年11月25日|115|115.11.25\n☑☐☑☐\n無|無|有\n三十十一二十一一百零五一萬\n"
     "(三)|WEB AP|web ap|x|\n甲、乙、丙|甲 / 乙 / 丙|3\n04-22289111 分機 66301|04-22289111")
# ---- data errors (exit 1)
case("missing_field", p("{#devices}{name}:{serial}{/devices}"), {"devices": [{"name": "a", "serial": "1"}, {"name": "b"}]},
     err="gongwen: missing_field.docx: word/document.xml, paragraph 1: tag {serial}: no field 'devices[2].serial' in the data\n",
     code=1)
case("control_char", p("{#devices}{name}{/devices}"), {"devices": [{"name": "ok"}, {"name": "bad\u0001"}]},
     err="gongwen: control_char.docx: word/document.xml, paragraph 1: tag {name}: field 'devices[2].name' cannot go "
         "into a document: a control character at byte 3\n", code=1)
case("bad_date", p("日期：{d | roc_date}"), {"d": "2026-02-30"},
     err="gongwen: bad_date.docx: word/document.xml, paragraph 1: tag {d | roc_date}: filter roc_date: '2026-02-30' "
         "is not a date YYYY-MM-DD\n", code=1)
case("list_as_value", p("{l}"), {"l": [1]},
     err="gongwen: list_as_value.docx: word/document.xml, paragraph 1: tag {l}: 'l' is a list; use a section "
         "{#l}…{/l} or the join filter\n", code=1)
case("dot_object", p("{#l}{.}{/l}"), {"l": [{"a": 1}]},
     err="gongwen: dot_object.docx: word/document.xml, paragraph 1: tag {.}: the current item is an object; "
         "name its fields (e.g. {a}) or use a section\n", code=1)
# ---- template errors (exit 3): every one listed
case("errors",
     p("主旨：{#devices}") + p("{name | roc}") + p("{unclosed") + p("}stray") + p("{#a}{/b}") +
     tbl(tr(tc("{#rows}x"), tc("y")), tr(tc("z"), tc("w"))) + p("{/rows}"),
     {},
     err=("gongwen: errors.docx: word/document.xml, paragraph 1: unclosed section 'devices'\n"
          "  主旨：{#devices}\n        ^~~~~~~~~~\n"
          "gongwen: errors.docx: word/document.xml, paragraph 2: unknown filter 'roc' in '{name | roc}'\n"
          "  {name | roc}\n  ^~~~~~~~~~~~\n"
          "gongwen: errors.docx: word/document.xml, paragraph 3: unclosed tag '{unclosed' (no '}' in this paragraph)\n"
          "  {unclosed\n  ^~~~~~~~~\n"
          "gongwen: errors.docx: word/document.xml, paragraph 4: unopened tag: '}' without '{'\n"
          "  }stray\n  ^\n"
          "gongwen: errors.docx: word/document.xml, paragraph 5: unclosed section 'a'\n"
          "  {#a}{/b}\n  ^~~~\n"
          "gongwen: errors.docx: word/document.xml, paragraph 5: section end '{/b}' has no matching start (the open section is 'a')\n"
          "  {#a}{/b}\n      ^~~~\n"
          "gongwen: errors.docx: word/document.xml, paragraph 6: section 'rows' ends in another structure than it starts "
          "(paragraph 10); put its start and end in one paragraph, each alone in its own paragraph, or in cells of one table\n"
          "  {#rows}x\n  ^~~~~~~\n"
          "gongwen: errors.docx: 7 problems\n"),
     code=3)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, body, data, want, err, code, kw in CASES:
        docx(os.path.join(out, name + ".docx"), body, **kw)
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        if want is not None:
            with open(os.path.join(out, name + ".want"), "w", encoding="utf-8") as f:
                f.write(want + "\n")
        if err is not None:
            with open(os.path.join(out, name + ".err"), "w", encoding="utf-8") as f:
                f.write(err)
            with open(os.path.join(out, name + ".code"), "w") as f:
                f.write(str(code) + "\n")
    with open(os.path.join(out, "CASES"), "w") as f:
        f.write("\n".join(c[0] for c in CASES) + "\n")


if __name__ == "__main__":
    main()
