"""corpus_layout.py — the fidelity corpus of real-world Word features (issue 14):
floating pictures and text boxes with wrap, multi-column sections (separator,
column break, balanced before a continuous break), footnotes and endnotes,
PAGE/NUMPAGES in the body, content controls — each alone, and all together in
a letter with a logo, notes, a long table and a two-column annex.

Called by make_corpus.py (write(OUT, helpers)); python-docx plus raw XML where it
has no API, and the notes parts added to the package afterwards.
Deterministic: the same files every run.
"""
import io
import os
import struct
import zipfile
import zlib

from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml import OxmlElement
from docx.shared import Pt, Twips
from docx.enum.text import WD_ALIGN_PARAGRAPH

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NS = (W + ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
      ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
      ' xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
      ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
      ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
      ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
      ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w10="urn:schemas-microsoft-com:office:word"'
      ' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"')
EMU_PT = 12700

J = WD_ALIGN_PARAGRAPH.JUSTIFY
C = WD_ALIGN_PARAGRAPH.CENTER

TEXT = ("資訊機房設備進駐前，申請機關應檢附資訊機房設備／系統移（攜）出入申請單、資訊系統上線作業紀錄表、"
        "主機弱點掃描報告及病毒與惡意程式偵測報告，並由資訊機房管理人員、資通安全專職人員及網路連線管理人員"
        "依序審查。審查通過者，由本局核發資產編號並通知申請機關於預定日期辦理移入；未通過者，以函文敘明理由退回。")


def png_logo(w=120, h=120):
    """A round seal-like logo, RGB PNG."""
    rows = []
    for y in range(h):
        row = bytearray([0])
        for x in range(w):
            dx, dy = x - w / 2, y - h / 2
            r2 = dx * dx + dy * dy
            inside = r2 < (w / 2 - 2) ** 2
            ring = (w / 2 - 12) ** 2 < r2 < (w / 2 - 2) ** 2
            if ring:
                row += bytes((180, 20, 30))
            elif inside and abs(dx) < 20 and abs(dy) < 30:
                row += bytes((180, 20, 30))
            else:
                row += bytes((255, 255, 255))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", raw) + chunk(b"IEND", b""))


def run_xml(inner):
    return parse_xml('<w:r %s>%s</w:r>' % (NS, inner))


def anchor_pic(p, rid, w_pt, h_pt, rel_h="margin", rel_v="paragraph", x=None, y=0,
               align_h=None, wrap="square", pid=10, behind=False):
    """A floating picture anchored in paragraph p."""
    ph = ('<wp:align>%s</wp:align>' % align_h) if align_h else \
        ('<wp:posOffset>%d</wp:posOffset>' % int((x or 0) * EMU_PT))
    wraps = {"square": '<wp:wrapSquare wrapText="bothSides"/>', "topbottom": '<wp:wrapTopAndBottom/>',
             "none": '<wp:wrapNone/>'}
    cx, cy = int(w_pt * EMU_PT), int(h_pt * EMU_PT)
    xml = ('<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
           'relativeHeight="%d" behindDoc="%d" locked="0" layoutInCell="1" allowOverlap="1">'
           '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="%s">%s</wp:positionH>'
           '<wp:positionV relativeFrom="%s"><wp:posOffset>%d</wp:posOffset></wp:positionV>'
           '<wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>%s'
           '<wp:docPr id="%d" name="Picture %d"/><wp:cNvGraphicFramePr/>'
           '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
           '<pic:pic><pic:nvPicPr><pic:cNvPr id="%d" name="logo.png"/><pic:cNvPicPr/></pic:nvPicPr>'
           '<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
           '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm>'
           '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
           '</a:graphic></wp:anchor></w:drawing>') % (
        pid, 1 if behind else 0, rel_h, ph, rel_v, int(y * EMU_PT), cx, cy, wraps[wrap], pid, pid,
        pid, rid, cx, cy)
    p._p.append(run_xml(xml))


def anchor_textbox(p, lines, w_pt, h_pt, x, y, rel_h="margin", rel_v="paragraph", wrap="square",
                   pid=20, size=12):
    """A floating DrawingML text box (wps) with a VML fallback, as Word writes it."""
    cx, cy = int(w_pt * EMU_PT), int(h_pt * EMU_PT)
    paras = "".join('<w:p><w:r><w:rPr><w:sz w:val="%d"/></w:rPr><w:t>%s</w:t></w:r></w:p>' % (size * 2, t)
                    for t in lines)
    wraps = {"square": '<wp:wrapSquare wrapText="bothSides"/>', "topbottom": '<wp:wrapTopAndBottom/>',
             "none": '<wp:wrapNone/>'}
    vwrap = {"square": '<w10:wrap type="square"/>', "topbottom": '<w10:wrap type="topAndBottom"/>',
             "none": ''}
    xml = ('<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
           '<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" '
           'relativeHeight="%d" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
           '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="%s"><wp:posOffset>%d</wp:posOffset>'
           '</wp:positionH><wp:positionV relativeFrom="%s"><wp:posOffset>%d</wp:posOffset></wp:positionV>'
           '<wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>%s'
           '<wp:docPr id="%d" name="Text Box %d"/><wp:cNvGraphicFramePr/>'
           '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
           '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/>'
           '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/>'
           '</a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>'
           '<wps:txbx><w:txbxContent>%s</w:txbxContent></wps:txbx>'
           '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
           'anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
           '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
           '<v:shape id="tb%d" type="#_x0000_t202" style="position:absolute;margin-left:%dpt;margin-top:%dpt;'
           'width:%dpt;height:%dpt;z-index:1;mso-position-horizontal-relative:%s;'
           'mso-position-vertical-relative:%s" strokecolor="#000000"><v:textbox><w:txbxContent>%s'
           '</w:txbxContent></v:textbox>%s</v:shape></w:pict></mc:Fallback></mc:AlternateContent>') % (
        pid, rel_h, int(x * EMU_PT), rel_v, int(y * EMU_PT), cx, cy, wraps[wrap], pid, pid, cx, cy, paras,
        pid, x, y, w_pt, h_pt, rel_h, "text" if rel_v == "paragraph" else rel_v, paras, vwrap[wrap])
    p._p.append(run_xml(xml))


def anchor_group(p, boxes, w_pt, h_pt, x, y, pid=40, size=12):
    """A floating group (wpg) of text boxes: boxes = [(x, y, w, h, [lines])] in points."""
    E = EMU_PT
    kids = []
    for i, (bx, by, bw, bh, lines) in enumerate(boxes):
        paras = "".join('<w:p><w:r><w:rPr><w:sz w:val="%d"/></w:rPr><w:t>%s</w:t></w:r></w:p>' % (size * 2, t)
                        for t in lines)
        kids.append('<wps:wsp><wps:cNvPr id="%d" name="Box %d"/><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
                    '<a:off x="%d" y="%d"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
                    '</a:prstGeom><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
                    '</wps:spPr><wps:txbx><w:txbxContent>%s</w:txbxContent></wps:txbx><wps:bodyPr rot="0" '
                    'vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t">'
                    '<a:noAutofit/></wps:bodyPr></wps:wsp>' % (pid + 1 + i, i, int(bx * E), int(by * E),
                                                               int(bw * E), int(bh * E), paras))
    cx, cy = int(w_pt * E), int(h_pt * E)
    xml = ('<mc:AlternateContent><mc:Choice Requires="wpg"><w:drawing>'
           '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="%d" '
           'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
           '<wp:positionH relativeFrom="margin"><wp:posOffset>%d</wp:posOffset></wp:positionH>'
           '<wp:positionV relativeFrom="paragraph"><wp:posOffset>%d</wp:posOffset></wp:positionV>'
           '<wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
           '<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="%d" name="Group %d"/><wp:cNvGraphicFramePr/>'
           '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup">'
           '<wpg:wgp xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"><wpg:cNvGrpSpPr/>'
           '<wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/><a:chOff x="0" y="0"/>'
           '<a:chExt cx="%d" cy="%d"/></a:xfrm></wpg:grpSpPr>%s</wpg:wgp></a:graphicData></a:graphic>'
           '</wp:anchor></w:drawing></mc:Choice><mc:Fallback/></mc:AlternateContent>') % (
        pid, int(x * E), int(y * E), cx, cy, pid, pid, cx, cy, cx, cy, "".join(kids))
    p._p.append(run_xml(xml))


def vml_textbox(p, lines, w_pt, h_pt, x, y, pid=30, size=12):
    """A VML text box only (w:pict, as older Word writes it)."""
    paras = "".join('<w:p><w:r><w:rPr><w:sz w:val="%d"/></w:rPr><w:t>%s</w:t></w:r></w:p>' % (size * 2, t)
                    for t in lines)
    xml = ('<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
           'xmlns:o="urn:schemas-microsoft-com:office:office" path="m,l,21600r21600,l21600,xe"/>'
           '<v:shape id="vtb%d" type="#_x0000_t202" style="position:absolute;margin-left:%dpt;margin-top:%dpt;'
           'width:%dpt;height:%dpt;z-index:2;mso-position-horizontal-relative:margin;'
           'mso-position-vertical-relative:text" strokecolor="#000000"><v:textbox><w:txbxContent>%s'
           '</w:txbxContent></v:textbox><w10:wrap type="square"/></v:shape></w:pict>') % (
        pid, x, y, w_pt, h_pt, paras)
    p._p.append(run_xml(xml))


def field_runs(p, instr, cached="1", size=None):
    """A complex field (fldChar begin / instrText / separate / result / end)."""
    rpr = '<w:rPr><w:sz w:val="%d"/></w:rPr>' % (size * 2) if size else ''
    for inner in ('<w:fldChar w:fldCharType="begin"/>',
                  '<w:instrText xml:space="preserve"> %s </w:instrText>' % instr,
                  '<w:fldChar w:fldCharType="separate"/>', '<w:t>%s</w:t>' % cached,
                  '<w:fldChar w:fldCharType="end"/>'):
        p._p.append(run_xml(rpr + inner))


def note_ref(p, kind, nid):
    tag = "footnoteReference" if kind == "f" else "endnoteReference"
    style = "FootnoteReference" if kind == "f" else "EndnoteReference"
    p._p.append(run_xml('<w:rPr><w:rStyle w:val="%s"/><w:vertAlign w:val="superscript"/></w:rPr>'
                        '<w:%s w:id="%d"/>' % (style, tag, nid)))


def sect_break(d, cont=True, cols=None, sep=False, space=425):
    """End the current section here (its properties copied from the last one)."""
    import copy
    body_sp = d.sections[-1]._sectPr
    sp = copy.deepcopy(body_sp)
    for e in list(sp):
        if e.tag in (qn("w:type"), qn("w:cols"), qn("w:headerReference"), qn("w:footerReference")):
            sp.remove(e)
    if cols:
        put_cols(sp, cols_el(cols, sep, space))
    t = OxmlElement("w:type")
    t.set(qn("w:val"), "continuous" if cont else "nextPage")
    sp.find(qn("w:pgSz")).addprevious(t)
    p = d.add_paragraph()
    p._p.get_or_add_pPr().append(sp)
    return p


def cols_el(cols, sep, space):
    c = OxmlElement("w:cols")
    c.set(qn("w:num"), str(cols))
    c.set(qn("w:space"), str(space))
    if sep:
        c.set(qn("w:sep"), "1")
    return c


def put_cols(sp, c):
    """w:cols in its place in w:sectPr (before w:docGrid and what follows it)."""
    for e in sp.findall(qn("w:cols")):
        sp.remove(e)
    after = [e for e in sp if e.tag in (qn("w:formProt"), qn("w:vAlign"), qn("w:noEndnote"),
                                        qn("w:titlePg"), qn("w:textDirection"), qn("w:bidi"),
                                        qn("w:rtlGutter"), qn("w:docGrid"))]
    if after:
        after[0].addprevious(c)
    else:
        sp.append(c)


def set_body_cols(d, cols, sep=False, space=425, cont=False):
    sp = d.sections[-1]._sectPr
    put_cols(sp, cols_el(cols, sep, space))
    for e in sp.findall(qn("w:type")):
        sp.remove(e)
    if cont:
        t = OxmlElement("w:type")
        t.set(qn("w:val"), "continuous")
        sp.find(qn("w:pgSz")).addprevious(t)


def add_notes(path, foot, end):
    """Add word/footnotes.xml and word/endnotes.xml (separator notes -1/0 as
    Word writes them) with the given {id: text}."""
    def part(kind, notes):
        tag = "footnote" if kind == "f" else "endnote"
        ref = "footnoteRef" if kind == "f" else "endnoteRef"
        style = "FootnoteReference" if kind == "f" else "EndnoteReference"
        x = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:%ss %s>' % (tag, NS)]
        x.append('<w:%s w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
                 'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:%s>' % (tag, tag))
        x.append('<w:%s w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
                 'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:%s>'
                 % (tag, tag))
        for nid, text in sorted(notes.items()):
            x.append('<w:%s w:id="%d"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
                     '</w:pPr><w:r><w:rPr><w:rStyle w:val="%s"/><w:vertAlign w:val="superscript"/>'
                     '<w:sz w:val="20"/></w:rPr><w:%s/></w:r><w:r><w:rPr><w:sz w:val="20"/></w:rPr>'
                     '<w:t xml:space="preserve"> %s</w:t></w:r></w:p></w:%s>' % (tag, nid, style, ref, text, tag))
        x.append('</w:%ss>' % tag)
        return "".join(x).encode("utf-8")
    src = zipfile.ZipFile(path)
    items = {i.filename: src.read(i.filename) for i in src.infolist()}
    src.close()
    ct = items["[Content_Types].xml"].decode("utf-8")
    rels = items["word/_rels/document.xml.rels"].decode("utf-8")
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    M = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    for kind, notes, name in (("f", foot, "footnotes"), ("e", end, "endnotes")):
        if not notes:
            continue
        items["word/%s.xml" % name] = part(kind, notes)
        ct = ct.replace("</Types>", '<Override PartName="/word/%s.xml" ContentType="%s%s+xml"/></Types>'
                        % (name, M, name))
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdN%s" Type="%s%s" Target="%s.xml"/>'
                            '</Relationships>' % (name, R, name, name))
    items["[Content_Types].xml"] = ct.encode("utf-8")
    items["word/_rels/document.xml.rels"] = rels.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in items.items():
            z.writestr(zipfile.ZipInfo(n, (2026, 1, 1, 0, 0, 0)), data)


def logo_rid(d):
    rid, _ = d.part.get_or_add_image(io.BytesIO(png_logo()))
    return rid


# ---- the documents ----

def numbered(h, path, title, n, at):
    """Numbered paragraphs of TEXT under a title; at: {paragraph: [fn(p, d)]} adds to them."""
    d = h.new_doc(size=12)
    h.para(d, title, 16, C, after=6)
    for i in range(n):
        p = h.para(d, ("%d、" % (i + 1)) + TEXT, 12, J, first=24, after=6)
        for fn in at.get(i, []):
            fn(p, d)
    d.save(path)


def pic(**kw):
    return lambda p, d: anchor_pic(p, logo_rid(d), **kw)


def float_square(h, path):
    numbered(h, path, "圖片文繞圖（矩形）", 6, {
        1: [pic(w_pt=90, h_pt=90, rel_h="margin", align_h="right", y=0, wrap="square")],
        3: [pic(w_pt=72, h_pt=72, rel_h="margin", x=0, y=12, wrap="square", pid=11)]})


def float_center(h, path):
    """A picture in the middle of the text, wrapped on both sides."""
    numbered(h, path, "圖片置中，文字在兩側", 5, {
        1: [pic(w_pt=90, h_pt=90, rel_h="margin", align_h="center", y=0, wrap="square")]})


def float_topbottom(h, path):
    numbered(h, path, "圖片上下文繞圖與浮於文字上方", 5, {
        1: [pic(w_pt=100, h_pt=80, rel_h="margin", align_h="center", y=0, wrap="topbottom")],
        3: [pic(w_pt=60, h_pt=60, rel_h="page", x=400, y=10, wrap="none", pid=12, behind=True)]})


def letterhead(h, d, size, x, y, left):
    """The bureau's heading with its logo at a page position, the sender beside it."""
    rid = logo_rid(d)
    p = h.para(d, "臺中市政府數位發展局　函", 20, C)
    anchor_pic(p, rid, size, size, rel_h="page", rel_v="page", x=x, y=y, wrap="square")
    h.para(d, "地址：40701臺中市西屯區臺灣大道三段99號", 12, left=left)
    h.para(d, "承辦人：王小明　電話：04-22289111分機66301", 12, left=left)


def float_logo(h, path):
    """A letterhead: the logo at a page position, the heading beside it."""
    d = h.new_doc(size=14)
    letterhead(h, d, 64, 60, 48, 120)
    h.para(d, "受文者：臺中市政府環境保護局", 16)
    for i in range(4):
        h.para(d, ("%d、" % (i + 1)) + TEXT, 14, J, first=28)
    d.save(path)


def textbox(h, path):
    numbered(h, path, "文字方塊", 5, {
        0: [lambda p, d: anchor_textbox(p, ["核章欄", "承辦人：", "單位主管："], 120, 70, 300, 0)],
        3: [lambda p, d: vml_textbox(p, ["附註：本案", "另案辦理"], 100, 50, 0, 0)]})


def group(h, path):
    """A stamp area: a floating group of two text boxes at the right margin."""
    numbered(h, path, "群組（核章區）", 5, {
        1: [lambda p, d: anchor_group(p, [(0, 0, 130, 40, ["承辦人："]), (0, 44, 130, 40, ["單位主管："])],
                                      130, 84, 352, 0)]})


def float_header_cell(h, path):
    """A logo and a 檔號 box in the header; a seal floating in a table cell, its text beside it."""
    d = h.new_doc(size=12)
    hdr = d.sections[0].header
    hp = hdr.paragraphs[0]
    rid, _ = hdr.part.get_or_add_image(io.BytesIO(png_logo()))
    anchor_pic(hp, rid, 40, 40, rel_h="page", rel_v="page", x=30, y=20, wrap="none")
    anchor_textbox(hp, ["檔號：", "保存年限："], 120, 40, 360, 0)
    t = d.add_table(rows=2, cols=2)
    t.style = d.styles["Table Grid"]
    cp = t.cell(0, 0).paragraphs[0]
    cp.add_run("機關")
    anchor_pic(cp, logo_rid(d), 30, 30, rel_h="column", rel_v="paragraph", x=0, y=0, wrap="square", pid=77)
    t.cell(0, 1).paragraphs[0].add_run("數位發展局")
    t.cell(1, 0).paragraphs[0].add_run("地址")
    t.cell(1, 1).paragraphs[0].add_run("臺中市西屯區臺灣大道三段99號")
    for i in range(3):
        h.para(d, TEXT, 12, J, first=24)
    d.save(path)


def float_header_wrap(h, path):
    """A 檔號 box in the header taller than the header: the body's first lines go beside it."""
    d = h.new_doc(size=12)
    anchor_textbox(d.sections[0].header.paragraphs[0], ["檔號：", "保存年限："], 120, 70, 360, 0)
    for i in range(4):
        h.para(d, TEXT, 12, J, first=24)
    d.save(path)


def columns(h, path):
    d = h.new_doc(size=12)
    set_body_cols(d, 2, sep=True)
    h.para(d, "雙欄版面與分欄符號", 16, C, after=6)
    for i in range(10):
        p = h.para(d, ("%d、" % (i + 1)) + TEXT, 12, J, first=24, after=4)
        if i == 3:
            r = p.add_run()
            r._r.append(parse_xml('<w:br %s w:type="column"/>' % W))
    d.save(path)


def columns_unequal(h, path):
    """Two columns of different widths (w:col), a table crossing into the narrow one."""
    d = h.new_doc(size=12)
    sp = d.sections[-1]._sectPr
    c = parse_xml('<w:cols %s w:num="2" w:space="425" w:equalWidth="0"><w:col w:w="5600" w:space="425"/>'
                  '<w:col w:w="3600"/></w:cols>' % W)
    put_cols(sp, c)
    h.para(d, "不等寬分欄", 16, C, after=6)
    for i in range(17):
        h.para(d, ("%d、" % (i + 1)) + TEXT, 12, J, first=24, after=3)
        if i == 6:
            t = d.add_table(rows=1, cols=2)
            t.style = d.styles["Table Grid"]
            t.rows[0].cells[0].paragraphs[0].add_run("設備").bold = True
            t.rows[0].cells[1].paragraphs[0].add_run("位置").bold = True
            t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for k in range(14):
                row = t.add_row()
                row.cells[0].paragraphs[0].add_run("監測系統主機第%d台" % (k + 1))
                row.cells[1].paragraphs[0].add_run("機櫃A%02d" % (k + 1))
            # as wide as the narrow column (LibreOffice lets a wider table run off it)
            t.autofit = False
            grid = t._tbl.tblGrid.findall(qn("w:gridCol"))
            for gc, wd in zip(grid, (2200, 1300)):
                gc.set(qn("w:w"), str(wd))
            for row in t.rows:
                for cell, wd in zip(row.cells, (2200, 1300)):
                    cell.width = Twips(wd)
    d.save(path)


def columns_balanced(h, path):
    d = h.new_doc(size=12)
    h.para(d, "分欄平衡（連續分節）", 16, C, after=6)
    h.para(d, "本節為單欄。" + TEXT[:60], 12, J)
    sect_break(d)  # ends the one-column section
    for i in range(3):
        h.para(d, ("%d、" % (i + 1)) + TEXT, 12, J, first=24)
    sect_break(d, cols=2, sep=True)  # ends the two-column section: balanced
    h.para(d, "以下回到單欄。" + TEXT, 12, J, first=24)
    set_body_cols(d, 1, cont=True)
    d.save(path)


def notes(h, path, per_page=False):
    d = h.new_doc(size=14)
    if per_page:
        sp = d.sections[-1]._sectPr
        sp.find(qn("w:pgSz")).addprevious(parse_xml(
            '<w:footnotePr %s><w:numRestart w:val="eachPage"/></w:footnotePr>' % W))
    h.para(d, "註腳與章節附註", 16, C, after=6)
    foot, end = {}, {}
    n = 1
    for i in range(12):
        p = h.para(d, ("%d、" % (i + 1)) + TEXT[: 80 + i * 5], 14, J, first=28, after=4)
        if i % 3 == 0:
            note_ref(p, "f", n)
            foot[n] = "註%d：依據資訊機房管理要點第%d點辦理。" % (n, n + 2)
            n += 1
        if i % 5 == 2:
            e = len(end) + 1
            note_ref(p, "e", e)
            end[e] = "章節附註%d：本段資料由申請機關提供。" % e
        h.para(d, "補充說明：" + TEXT[:50], 14, J, first=28)
    d.save(path)
    add_notes(path, foot, end)


def fields(h, path):
    d = h.new_doc(size=14)
    h.para(d, "內文頁碼功能變數", 16, C, after=6)
    p = h.para(d, "", 14)
    for x in ('<w:bookmarkStart %s w:id="7" w:name="_Ref123"/>' % W,
              '<w:r %s><w:t>第二點</w:t></w:r>' % W, '<w:bookmarkEnd %s w:id="7"/>' % W,
              '<w:r %s><w:t>：其他功能變數顯示其最後結果。</w:t></w:r>' % W):
        p._p.append(parse_xml(x))
    for i in range(40):
        p = h.para(d, "第%d段，" % (i + 1), 14, J)
        if i % 6 == 0:
            r = p.add_run("本頁為第")
            field_runs(p, "PAGE")
            p.add_run("頁，共")
            field_runs(p, "NUMPAGES")
            p.add_run("頁；")
        p.add_run(TEXT[: 40 + i % 5 * 10])
        p.add_run("（參見")
        field_runs(p, "REF _Ref123 \\h", "第二點")
        p.add_run("）")
    d.save(path)


def page_formats(h, path):
    """Page numbers in other formats: the section's (pgNumType lowerRoman) in the footer and
    in the body, \\* switches in the body (not CHINESENUM: LibreOffice 7.4 ignores it)."""
    d = h.new_doc(size=14)
    sp = d.sections[0]._sectPr
    sp.find(qn("w:pgMar")).addnext(parse_xml('<w:pgNumType %s w:fmt="lowerRoman"/>' % W))
    fp = d.sections[0].footer.paragraphs[0]
    fp.alignment = C
    fp.add_run("－")
    field_runs(fp, "PAGE")
    fp.add_run("－")
    for i in range(30):
        p = h.para(d, "第%d段，" % (i + 1), 14, J)
        if i % 8 == 0:
            p.add_run("頁碼")
            field_runs(p, "PAGE")
            p.add_run("、大寫")
            field_runs(p, "PAGE \\* ROMAN")
            p.add_run("、共")
            field_runs(p, "NUMPAGES \\* Arabic \\* MERGEFORMAT")
            p.add_run("頁；")
        p.add_run(TEXT[: 60 + i % 5 * 12])
    d.save(path)


def sdt(h, path):
    d = h.new_doc(size=14)
    h.para(d, "內容控制項", 16, C, after=6)
    def box(p, checked, label):
        sym = "2612" if checked else "2610"
        p._p.append(parse_xml(
            '<w:sdt %s><w:sdtPr><w:id w:val="1"/><w14:checkbox><w14:checked w14:val="%d"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" '
            'w14:font="MS Gothic"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts '
            'w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/></w:rPr>'
            '<w:t>%s</w:t></w:r></w:sdtContent></w:sdt>' % (NS, 1 if checked else 0, chr(int(sym, 16)))))
        p.add_run(label)
    for row in (("移入", True), ("移出", False), ("攜入", False), ("攜出", True)):
        p = h.para(d, "申請類別：", 14)
        box(p, row[1], row[0])
    p = h.para(d, "設備名稱：", 14)
    p._p.append(parse_xml('<w:sdt %s><w:sdtPr><w:id w:val="2"/><w:text/></w:sdtPr><w:sdtContent><w:r>'
                          '<w:t>空氣品質監測資料庫伺服器</w:t></w:r></w:sdtContent></w:sdt>' % NS))
    p = h.para(d, "預定日期：", 14)
    p._p.append(parse_xml('<w:sdt %s><w:sdtPr><w:id w:val="3"/><w:date w:fullDate="2026-12-01T00:00:00Z">'
                          '<w:dateFormat w:val="yyyy/M/d"/><w:lid w:val="zh-TW"/></w:date></w:sdtPr><w:sdtContent>'
                          '<w:r><w:t>2026/12/1</w:t></w:r></w:sdtContent></w:sdt>' % NS))
    p = h.para(d, "設備類型：", 14)
    p._p.append(parse_xml('<w:sdt %s><w:sdtPr><w:id w:val="4"/><w:dropDownList><w:listItem w:displayText="Server (AP)" '
                          'w:value="ap"/><w:listItem w:displayText="Server (DB)" w:value="db"/></w:dropDownList>'
                          '</w:sdtPr><w:sdtContent><w:r><w:t>Server (DB)</w:t></w:r></w:sdtContent></w:sdt>' % NS))
    for i in range(3):
        h.para(d, TEXT, 14, J, first=28)
    d.save(path)


def letter_all(h, path):
    """A letter with a logo, notes, a long table, and a two-column annex."""
    d = h.new_doc(size=14)
    letterhead(h, d, 60, 56, 40, 100)
    h.para(d, "")
    h.para(d, "受文者：臺中市政府環境保護局", 16)
    p = h.para(d, "發文日期：中華民國115年11月20日", 12)
    p = h.para(d, "主旨：貴局申請空氣品質監測系統主機2台移入本局資訊機房一案，業經審查通過，請查照。", 16, J,
               left=48, hanging=48)
    note_ref(p, "f", 1)
    h.para(d, "說明：", 16)
    items = ["一、復貴局115年11月1日中市環資字第1150012345號函。",
             "二、本案設備之資產編號及上架位置詳如附表，請於預定日期會同本局人員辦理移入。",
             "三、設備進駐後，應依資訊機房管理要點定期更新弱點掃描報告。"]
    for i, t in enumerate(items):
        p = h.para(d, t, 16, J, left=32, hanging=32)
        if i == 1:
            note_ref(p, "f", 2)
    h.para(d, "正本：臺中市政府環境保護局", 12)
    h.para(d, "局長　陳大明", 20, WD_ALIGN_PARAGRAPH.RIGHT)
    h.para(d, "附表　設備清冊", 16, C, before=12, after=6)
    t = d.add_table(rows=1, cols=4)
    t.style = d.styles["Table Grid"]
    for c, head in enumerate(["項次", "設備名稱", "資產編號", "上架位置"]):
        t.rows[0].cells[c].paragraphs[0].add_run(head).bold = True
    trpr = t.rows[0]._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))
    for i in range(30):
        row = t.add_row()
        for c, v in enumerate([str(i + 1), "監測系統主機第%d台" % (i + 1), "115-DC-%04d" % (i + 1),
                               "機櫃A%02d-U%02d" % (i % 12 + 1, i % 40 + 1)]):
            row.cells[c].paragraphs[0].add_run(v)
    sect_break(d, cont=False)
    h.para(d, "附件　資訊機房管理要點（節錄）", 16, C, after=6)
    for i in range(8):
        h.para(d, ("%d、" % (i + 1)) + TEXT, 12, J, first=24, after=4)
    set_body_cols(d, 2, sep=True)
    d.save(path)
    add_notes(path, {1: "依據臺中市政府資訊機房管理要點辦理。", 2: "附表所列位置得視機房現況調整。"}, {})


def lead_break(h, path, lines):
    """A full page, then a paragraph that begins with a page break: the
    paragraph starts page 2 and leaves no empty line on page 1 (two pages,
    not three); a paragraph holding only a page break too."""
    d = h.new_doc(size=12)
    for i in range(lines):
        h.para(d, "第%d行：頁首分頁符號之前的內容。" % (i + 1), 12)
    p = h.para(d)
    p._p.append(run_xml('<w:br w:type="page"/>'))
    r = p.add_run("本段以分頁符號開始，位於第2頁頂端。")
    h.set_fonts(r, size=12)
    p = h.para(d)
    p._p.append(run_xml('<w:br w:type="page"/>'))
    h.para(d, "第3頁：只含分頁符號之段落的下一段。", 12)
    d.save(path)


def section_marks(h, path):
    """Empty paragraphs that only carry a continuous section break (as
    LibreOffice's DOCX export writes one per section): not laid out."""
    d = h.new_doc(size=12)
    for i in range(4):
        h.para(d, "第%d段：分節符號之間的段落。" % (i + 1), 12)
        if i < 3:
            sect_break(d)
    d.save(path)


# lines of 12 pt that fill an A4 page with new_doc's margins exactly
# (LibreOffice 7.4: 51 on page 1, the 52nd on page 2)
LEAD_LINES = 51


def write(out, h):
    float_square(h, os.path.join(out, "f-float-square.docx"))
    float_center(h, os.path.join(out, "f-float-center.docx"))
    float_topbottom(h, os.path.join(out, "f-float-topbottom.docx"))
    float_logo(h, os.path.join(out, "f-float-logo.docx"))
    textbox(h, os.path.join(out, "f-textbox.docx"))
    group(h, os.path.join(out, "f-group.docx"))
    float_header_cell(h, os.path.join(out, "f-float-cell.docx"))
    float_header_wrap(h, os.path.join(out, "f-float-header.docx"))
    columns(h, os.path.join(out, "f-columns.docx"))
    columns_balanced(h, os.path.join(out, "f-columns-balanced.docx"))
    columns_unequal(h, os.path.join(out, "f-columns-unequal.docx"))
    notes(h, os.path.join(out, "f-notes.docx"))
    notes(h, os.path.join(out, "f-notes-page.docx"), per_page=True)
    fields(h, os.path.join(out, "f-fields.docx"))
    sdt(h, os.path.join(out, "f-sdt.docx"))
    page_formats(h, os.path.join(out, "f-page-formats.docx"))
    letter_all(h, os.path.join(out, "f-letter-all.docx"))
    lead_break(h, os.path.join(out, "f-lead-break.docx"), LEAD_LINES)
    section_marks(h, os.path.join(out, "f-section-marks.docx"))
