#!/usr/bin/env python3
"""make_templates.py -- writes the six document templates of gongwen's packet.

    python3 templates/src/make_templates.py [OUT_DIR]     (default: templates/)

Each template is a plain WordprocessingML package written with the standard
library (zipfile), so the result opens and edits in Word and LibreOffice and a
maintainer may change either this script or the .docx directly.  Tags use
docxtemplater syntax as the merge engine reads it:

    {agency.name}                   a value (nested path)
    {#devices} ... {/devices}       in one table row: the row repeats per element
    {#failures}  (paragraph alone)  ... {/failures} (paragraph alone): the
                                    paragraphs between repeat per element
    {x | roc_date}                  2026-11-20 -> 中華民國115年11月20日
    {flag | checkbox}               true -> ☑, else ☐
    {x | default:"無"}              x, or 無 when x is missing or empty

What each template reads is listed in templates/README.md.  Layout follows
the Executive Yuan 文書處理手冊 for a 函 (docs/documents.md): A4 portrait,
2.5 cm top, 2 cm sides, 標楷體 (mapped to TW-Kai by fonts/manifest) with a
Latin font, title 20 pt, text 15 pt, header block 12 pt, exact line pitches
so that every renderer breaks lines at the same places.
"""
import os
import sys
import zipfile
from xml.sax.saxutils import escape

# ==== Units and page =========================================================
PT = 20                      # twips per point
CM = 567                     # twips per centimetre (rounded)
PAGE_W, PAGE_H = 11906, 16838
KAI = "標楷體"
BODY = 15                    # text size of 主旨 and 說明, points (typically 14-16)
LATIN = "Times New Roman"
W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
# Fixed date so regenerating the templates gives identical files.
STAMP = "2026-11-01T00:00:00Z"
ZIPTIME = (2026, 11, 1, 0, 0, 0)


def esc(s):
    return escape(s)


# ==== Runs and paragraphs ====================================================
def rpr(sz=None, b=False, u=False, font=None):
    x = ""
    if font:
        x += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}"/>'
    # Element order follows the schema (CT_RPr): rFonts, b, sz, u.
    if b:
        x += "<w:b/><w:bCs/>"
    if sz:
        x += f'<w:sz w:val="{int(sz * 2)}"/><w:szCs w:val="{int(sz * 2)}"/>'
    if u:
        x += '<w:u w:val="single"/>'
    return f"<w:rPr>{x}</w:rPr>" if x else ""


def r(text, **kw):
    """One run; '\n' in text becomes a line break."""
    parts = text.split("\n")
    body = '<w:br/>'.join(f'<w:t xml:space="preserve">{esc(t)}</w:t>' for t in parts)
    return f"<w:r>{rpr(**kw)}{body}</w:r>"


def field(instr, shown="1", **kw):
    """A complex field (what Word writes), e.g. PAGE or NUMPAGES."""
    p = rpr(**kw)
    return (f'<w:r>{p}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{p}<w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            f'<w:r>{p}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{p}<w:t>{shown}</w:t></w:r>'
            f'<w:r>{p}<w:fldChar w:fldCharType="end"/></w:r>')


def p(content="", style=None, jc=None, ind=None, num=None, sz=None, b=False,
      before=None, after=None, line=None, keep=False, page_break=False, tabs=None):
    """A paragraph.  content: text (one run) or a list of run XML strings.
    ind: dict(left=, right=, hanging=, first=) in twips; num: (numId, ilvl);
    line: exact line pitch in points."""
    pp = ""
    if style:
        pp += f'<w:pStyle w:val="{style}"/>'
    if keep:
        pp += "<w:keepNext/>"
    if page_break:
        pp += "<w:pageBreakBefore/>"
    if num:
        pp += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if tabs:
        pp += "<w:tabs>" + "".join(f'<w:tab w:val="{v}" w:pos="{pos}"/>' for v, pos in tabs) + "</w:tabs>"
    if before is not None or after is not None or line is not None:
        a = ""
        if before is not None:
            a += f' w:before="{before}"'
        if after is not None:
            a += f' w:after="{after}"'
        if line is not None:
            a += f' w:line="{int(line * PT)}" w:lineRule="exact"'
        pp += f"<w:spacing{a}/>"
    if ind:
        a = "".join(f' w:{k}="{v}"' for k, v in ind.items())
        pp += f"<w:ind{a}/>"
    if jc:
        pp += f'<w:jc w:val="{jc}"/>'
    mark = rpr(sz=sz, b=b)
    if mark:
        pp += mark
    if isinstance(content, str):
        runs = r(content, sz=sz, b=b) if content else ""
    else:
        runs = "".join(content)
    return f"<w:p><w:pPr>{pp}</w:pPr>{runs}</w:p>"


# ==== Tables =================================================================
def tc(content, w, span=1, vmerge=None, valign="center", shade=None, jc=None,
       sz=None, b=False, style="TableText", borders=None):
    """A cell.  content: text (paragraphs split on '\n\n' are separate
    paragraphs, a single '\n' is a line break) or a list of paragraph XML."""
    pr = f'<w:tcW w:w="{w}" w:type="dxa"/>'
    if span > 1:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        pr += "<w:vMerge/>"
    if borders:
        pr += "<w:tcBorders>" + "".join(
            f'<w:{side} w:val="{v}" w:sz="{sz_}" w:space="0" w:color="000000"/>'
            for side, (v, sz_) in borders.items()) + "</w:tcBorders>"
    if shade:
        pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    pr += f'<w:vAlign w:val="{valign}"/>'
    if isinstance(content, str):
        paras = "".join(p(t, style=style, jc=jc, sz=sz, b=b) for t in content.split("\n\n"))
    else:
        paras = "".join(content) or p(style=style)
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>"


def tr(cells, h=None, rule="atLeast", header=False, cant_split=True):
    pr = ""
    if cant_split:
        pr += "<w:cantSplit/>"
    if h:
        pr += f'<w:trHeight w:val="{h}" w:hRule="{rule}"/>'
    if header:
        pr += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{pr}</w:trPr>{''.join(cells)}</w:tr>"


def tbl(grid, rows, border=8, jc="center", side=57):
    """A table of fixed layout; side: the cells' left and right margin."""
    total = sum(grid)
    b = "".join(f'<w:{s} w:val="single" w:sz="{border}" w:space="0" w:color="000000"/>'
                for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    if border == 0:
        b = "".join(f'<w:{s} w:val="nil"/>' for s in ("top", "left", "bottom", "right",
                                                        "insideH", "insideV"))
    pr = (f'<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="{jc}"/>'
          f"<w:tblBorders>{b}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
          f'<w:tblCellMar><w:top w:w="20" w:type="dxa"/><w:left w:w="{side}" w:type="dxa"/>'
          f'<w:bottom w:w="20" w:type="dxa"/><w:right w:w="{side}" w:type="dxa"/></w:tblCellMar>'
          '<w:tblLook w:val="0000"/>')
    g = "".join(f'<w:gridCol w:w="{w}"/>' for w in grid)
    return f"<w:tbl><w:tblPr>{pr}</w:tblPr><w:tblGrid>{g}</w:tblGrid>{''.join(rows)}</w:tbl>"


# ==== Package parts ==========================================================
def para_style(sid, name, ppr="", rp="", based="Normal", kind="paragraph", default=False):
    d = ' w:default="1"' if default else ""
    bo = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (f'<w:style w:type="{kind}"{d} w:styleId="{sid}"><w:name w:val="{name}"/>{bo}'
            f'<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rp}</w:rPr></w:style>')


def list_styles():
    """The form's 8 pt list text (page 2, one row per device), exact 10 pt
    lines: 表格細字 ListText and 表格細字標題 ListHead."""
    ppr = '<w:spacing w:before="0" w:after="0" w:line="200" w:lineRule="exact"/>'
    rp = '<w:sz w:val="16"/><w:szCs w:val="16"/>'
    return (para_style("ListText", "表格細字", ppr + '<w:jc w:val="left"/>', rp, based="TableText")
            + para_style("ListHead", "表格細字標題", ppr + '<w:jc w:val="center"/>', rp,
                         based="TableText"))


def styles_xml(extra=""):
    """The shared styles, plus extra (style XML of one template only)."""
    style = para_style

    def sz(pt):
        return f'<w:sz w:val="{pt * 2}"/><w:szCs w:val="{pt * 2}"/>'

    def line(pt):
        return f'<w:spacing w:before="0" w:after="0" w:line="{pt * PT}" w:lineRule="exact"/>'

    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {W_NS}>'
        '<w:docDefaults><w:rPrDefault><w:rPr>'
        f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{KAI}" w:cs="{LATIN}"/>'
        '<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-TW" w:bidi="ar-SA"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
        '<w:widowControl/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        '</w:pPr></w:pPrDefault></w:docDefaults>'
        + style("Normal", "Normal", line(24) + '<w:jc w:val="both"/>', sz(16), based=None,
                default=True)
        + style("DocTitle", "公文標題", '<w:spacing w:before="0" w:after="120" w:line="600" '
                'w:lineRule="exact"/><w:jc w:val="center"/>', sz(20))
        + style("DocMeta", "公文檔號", line(15) + '<w:ind w:left="6804"/><w:jc w:val="left"/>',
                sz(12))
        + style("Sender", "公文發文機關資訊", line(17) + '<w:ind w:left="4536"/><w:jc w:val="left"/>',
                sz(12))
        + style("Recipient", "公文受文者", '<w:spacing w:before="240" w:after="40" w:line="440" '
                'w:lineRule="exact"/><w:ind w:left="1440" w:hanging="1440"/>', sz(16))
        + style("HeadField", "公文發文欄位", line(18) + '<w:ind w:left="1440" w:hanging="1440"/>',
                sz(12))
        + style("Subject", "公文主旨", '<w:spacing w:before="200" w:after="0" w:line="440" '
                f'w:lineRule="exact"/><w:ind w:left="{3 * BODY * PT}" w:hanging="{3 * BODY * PT}"/>',
                sz(BODY))
        + style("Heading", "公文段名", '<w:keepNext/>' + line(22), sz(BODY))
        + style("Item", "公文說明項", line(21), sz(BODY))
        + style("CopyTo", "公文正副本", "<w:keepNext/>" + line(18) + '<w:ind w:left="720" w:hanging="720"/>', sz(12))
        + style("Signature", "公文署名", '<w:spacing w:before="200" w:after="0" w:line="480" '
                'w:lineRule="exact"/><w:ind w:left="4536"/><w:jc w:val="left"/>', sz(20))
        + style("Footer", "footer", line(14) + '<w:jc w:val="center"/>', sz(10))
        + style("FormTitle", "表單標題", '<w:spacing w:before="0" w:after="60" w:line="400" '
                'w:lineRule="exact"/><w:jc w:val="center"/>', "<w:b/><w:bCs/>" + sz(16))
        + style("FormSub", "表單副標題", line(18) + '<w:jc w:val="center"/>', sz(12))
        + style("TableText", "表格文字", line(14) + '<w:jc w:val="left"/>', sz(11))
        + style("TableHead", "表格標題", line(14) + '<w:jc w:val="center"/>', sz(11),
                based="TableText")
        + style("SmallText", "表格小字", line(12) + '<w:jc w:val="left"/>', sz(9),
                based="TableText")
        + style("SmallHead", "表格小字標題", line(12) + '<w:jc w:val="center"/>', sz(9),
                based="TableText")
        + style("FormNote", "表單附註", line(16), sz(11))
        + extra
        + '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '</w:styles>')


def numbering_xml():
    """numId 1: 說明 items 一、 (一) 1、 (1), hanging under their labels.
    The parentheses are half-width as docs/documents.md writes them and as the bureau's
    own process document numbers its items ("(1) 第 1 頁…"): (一) takes two
    characters, 1、 one.
    Indents are in characters of the text size BODY."""
    C = BODY * PT
    lv = [  # (format, text, label start, text start)
        ("taiwaneseCountingThousand", "%1、", 0, 2 * C),
        ("taiwaneseCountingThousand", "(%2)", 2 * C, 4 * C),
        ("decimal", "%3、", 4 * C, 5 * C),
        ("decimal", "(%4)", 5 * C, 6 * C + C // 2),
    ]
    levels = ""
    for i, (fmt, text, start, left) in enumerate(lv):
        levels += (f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:suff w:val="nothing"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                   f'<w:pPr><w:ind w:left="{left}" w:hanging="{left - start}"/></w:pPr>'
                   f'<w:rPr><w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{KAI}"/></w:rPr>'
                   '</w:lvl>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {W_NS}>'
            f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{levels}'
            '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def settings_xml():
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {W_NS}>'
            '<w:zoom w:percent="100"/><w:defaultTabStop w:val="480"/>'
            '<w:characterSpacingControl w:val="compressPunctuation"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-TW"/></w:settings>')


def font_table_xml():
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {W_NS}>'
            f'<w:font w:name="{LATIN}"><w:panose1 w:val="02020603050405020304"/>'
            '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
            f'<w:font w:name="{KAI}"><w:altName w:val="DFKai-SB"/>'
            '<w:panose1 w:val="03000509000000000000"/><w:charset w:val="88"/>'
            '<w:family w:val="script"/><w:pitch w:val="fixed"/></w:font></w:fonts>')


def footer_xml(paras=None):
    """The footer part: paras (paragraph XML), by default the letters'
    「第X頁，共Y頁」."""
    if paras is None:
        paras = p([r("第", sz=10), field("PAGE", sz=10), r("頁，共", sz=10), field("NUMPAGES", sz=10),
                   r("頁", sz=10)], style="Footer")
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {W_NS}>'
            + paras + "</w:ftr>")


def document_xml(body, margins, footer=True):
    top, side, bottom = margins
    if body.endswith("</w:tbl>"):
        # Word wants the body to end with a paragraph, not a table.
        body += p("", style="FormNote", line=2)
    ref = '<w:footerReference w:type="default" r:id="rId10"/>' if footer else ""
    sect = (f'<w:sectPr>{ref}<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
            f'<w:pgMar w:top="{top}" w:right="{side}" w:bottom="{bottom}" w:left="{side}" '
            f'w:header="567" w:footer="454" w:gutter="0"/><w:cols w:space="425"/></w:sectPr>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W_NS}>'
            f"<w:body>{body}{sect}</w:body></w:document>")


def write_docx(path, title, body, margins=(1418, 1134, 1134), footer=True, styles=""):
    """footer: True (the letters' page numbers), False (none) or the
    footer's paragraph XML; styles: extra style XML for this template."""
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
          '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
          '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
          '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
          + ('<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>' if footer else "")
          + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
          '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            '</Relationships>')
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{R}styles" Target="styles.xml"/>'
                f'<Relationship Id="rId2" Type="{R}numbering" Target="numbering.xml"/>'
                f'<Relationship Id="rId3" Type="{R}settings" Target="settings.xml"/>'
                f'<Relationship Id="rId4" Type="{R}fontTable" Target="fontTable.xml"/>'
                + (f'<Relationship Id="rId10" Type="{R}footer" Target="footer1.xml"/>' if footer else "")
                + '</Relationships>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{esc(title)}</dc:title><dc:creator>gongwen</dc:creator>'
            '<dc:language>zh-TW</dc:language>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{STAMP}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{STAMP}</dcterms:modified>'
            '</cp:coreProperties>')
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>gongwen make_templates.py</Application><DocSecurity>0</DocSecurity>'
           '</Properties>')
    parts = [("[Content_Types].xml", ct), ("_rels/.rels", rels),
             ("word/_rels/document.xml.rels", doc_rels),
             ("word/document.xml", document_xml(body, margins, footer)),
             ("word/styles.xml", styles_xml(styles)), ("word/numbering.xml", numbering_xml()),
             ("word/settings.xml", settings_xml()), ("word/fontTable.xml", font_table_xml()),
             ("docProps/core.xml", core), ("docProps/app.xml", app)]
    if footer:
        parts.append(("word/footer1.xml", footer_xml(footer if isinstance(footer, str) else None)))
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, ZIPTIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8"))
    os.replace(tmp, path)


# ==== The 函 (letters) ========================================================
def item(text, lvl=0):
    return p(text, style="Item", num=(1, lvl))


def loop_mark(tag):
    """A paragraph holding only a section tag: removed by the merge."""
    return p(tag, style="Item")


def letter(sender, head, subject, items, copies, signature):
    """sender: dict of the 函's header; items: list of paragraph XML (說明)."""
    b = ""
    b += p("檔　　號：", style="DocMeta")
    b += p("保存年限：", style="DocMeta")
    b += p(sender["title"], style="DocTitle")
    # (label, value) or (label, value, tag): a line printed only when tag is
    # set (a paragraph section, removed with its marks otherwise)
    for label, value, *cond in sender["block"]:
        if cond:
            b += loop_mark("{#%s}" % cond[0])
        b += p(f"{label}：{value}", style="Sender")
        if cond:
            b += loop_mark("{/%s}" % cond[0])
    b += p(f"受文者：{head['to']}", style="Recipient")
    b += p(f"發文日期：{head['date']}", style="HeadField")
    b += p(f"發文字號：{head['doc_no']}", style="HeadField")
    b += p(f"速別：{head['urgency']}", style="HeadField")
    b += p(f"密等及解密條件或保密期限：{head.get('secret', '')}", style="HeadField")
    b += p(f"附件：{head['attachments']}", style="HeadField")
    b += p(f"主旨：{subject}", style="Subject")
    b += p("說明：", style="Heading", before=0)
    b += "".join(items)
    b += p("", style="Item", line=8)
    b += p(f"正本：{copies[0]}", style="CopyTo")
    b += p(f"副本：{copies[1]}", style="CopyTo")
    b += p(signature, style="Signature")
    return b


AGENCY_SENDER = {
    "title": "{agency.name}　函",
    "block": [("地址", "{agency.address}"),
              ("承辦人", "{applicant.title}　{applicant.name}"),
              ("電話", "{applicant.phone} 分機 {applicant.ext}"),
              ("傳真", "{applicant.fax | default:\"無\"}"),
              ("電子信箱", "{applicant.email}")],
}

BUREAU_SENDER = {
    "title": "{bureau.name}　函",
    "block": [("地址", "{bureau.address}"),
              ("承辦人", "{contact.person}"),
              ("電話", "{bureau.phone} 分機 {contact.ext}"),
              ("傳真", "{bureau.fax}"),
              ("電子信箱", "{bureau.email}", "bureau.email")],
}


def bureau_letter(attachments, outcome, items):
    """The bureau's 函 to the agency (return, approval): the same sender,
    head, 主旨 opening, copies and signature; attachments and the 主旨's
    outcome differ."""
    return letter(
        BUREAU_SENDER,
        {"to": "{agency.name}", "date": "{reply.date | roc_date}", "doc_no": "{reply.doc_no}",
         "urgency": "普通件", "attachments": attachments},
        "貴局申請「{move.system_name}」主機設備{move.kind}本府資訊機房一案，" + outcome,
        items,
        ("{agency.name}", "本局{bureau.unit}"),
        "{bureau.head_title}　{bureau.head_name}")


def make_request():
    # 說明二 is the list of enclosures: letter.attachments usually reads 「如說明二」.
    items = [
        item("依據{bureau.name}「臺中市政府資訊機房實體設備移(攜)出入申請流程」辦理。"),
        item("檢送下列申請文件："),
        item("資訊機房設備／系統移（攜）出入申請單正本1份（含第2頁軟硬體資產資料）。", 1),
        # Only when a device needs the reports (R8 exempts storage, network…).
        loop_mark("{#report_count}"),
        item("資訊系統上線作業紀錄表及資訊安全檢測報告共{report_count}份。", 1),
        loop_mark("{/report_count}"),
        loop_mark("{#needs_ip}"),
        item("臺中市政府主機設備網路連線申請單及臺中市政府SSLVPN網路連線維護申請單各1份。", 1),
        loop_mark("{/needs_ip}"),
        item("本局「{move.system_name}」因{move.reason}，擬將主機設備{device_count}項"
             "{move.kind}本府資訊機房，預定於{move.planned_date | roc_date}{move.planned_time}，"
             "由{move.vendor.name}派員施作。"),
    ]
    body = letter(
        AGENCY_SENDER,
        {"to": "{bureau.name}", "date": "{letter.date | roc_date}", "doc_no": "{letter.doc_no}",
         "urgency": "{letter.urgency | default:\"普通件\"}",
         "attachments": "{letter.attachments | default:\"如說明二\"}"},
        "檢送本局「{move.system_name}」主機設備{move.kind}本府資訊機房申請文件，"
        "請查照。",
        items,
        ("{bureau.name}", "本局{agency.unit}"),
        "{agency.head_title}　{agency.head_name}")
    return body


def make_return():
    items = [
        item("復貴局{letter.date | roc_date_short}{letter.doc_no}函。"),
        # Several reasons are numbered (一)(二)…; a single one takes no number.
        loop_mark("{#many_failures}"),
        item("經查旨揭申請文件有下列不符事項："),
        loop_mark("{#failures}"),
        item("{message}。", 1),
        loop_mark("{/failures}"),
        loop_mark("{/many_failures}"),
        loop_mark("{^many_failures}"),
        item("經查旨揭申請文件有不符事項：{first_failure}。"),
        loop_mark("{/many_failures}"),
        item("請於文件齊備後，再重新提出申請。"),
    ]
    return bureau_letter("原申請文件1份", "因申請文件不齊備，檢還原申請文件，請查照。", items)


def make_approval():
    items = [
        item("復貴局{letter.date | roc_date_short}{letter.doc_no}函。"),
        item("旨揭設備共{device_count}項，經本局審核文件齊備，資產編號為{bureau.asset_no}；"
             "配合事項：{bureau.coordination | default:\"無\"}。"),
        item("請貴局於預定日期{move.planned_date | roc_date}{move.planned_time}，"
             "由{move.vendor.name}{move.vendor.engineer}攜帶本函影本{#kind.inbound}及設備{/kind.inbound}"
             "到場，會同本局資訊機房管理人員完成設備{move.kind}"
             "{#kind.inbound}及上架作業；設備之機櫃位置及IP位址由本局填入軟硬體資產資料後送貴局存查"
             "{/kind.inbound}{#kind.outbound}及下架作業{/kind.outbound}。"),
        item("本案審查窗口如下："),
        loop_mark("{#contacts}"),
        item("{title}：{person}（分機{ext}），{checks}。", 1),
        loop_mark("{/contacts}"),
    ]
    return bureau_letter("無", "業經本局審核同意，請查照。", items)


# ==== The forms ==============================================================
FORM_MARGINS = (851, 851, 680)  # top 1.5 cm, sides 1.5 cm, bottom 1.2 cm
FORM_W = PAGE_W - 2 * 851       # 10204 twips of table width


def H(text, w, span=1, **kw):
    """A heading cell (shaded label)."""
    kw.setdefault("shade", "F2F2F2")
    return tc(text, w, span=span, style="TableHead", **kw)


def V(text, w, span=1, **kw):
    return tc(text, w, span=span, **kw)


def stamp_table(labels, h=1300):
    n = len(labels)
    w = FORM_W // n
    grid = [w] * (n - 1) + [FORM_W - w * (n - 1)]
    return tbl(grid, [tr([H(l, grid[i]) for i, l in enumerate(labels)], h=360),
                      tr([V("", grid[i]) for i in range(n)], h=h, rule="exact")])


def grid_of(*layouts):
    """The table grid holding rows of different column widths: the union of
    the column boundaries of every layout (a list of cell widths summing to
    FORM_W).  cells() then gives each cell its gridSpan."""
    cuts = set()
    for ws in layouts:
        assert sum(ws) == FORM_W, (sum(ws), ws)
        x = 0
        for w in ws:
            x += w
            cuts.add(x)
    grid, prev = [], 0
    for c in sorted(cuts):
        grid.append(c - prev)
        prev = c
    return grid


def spans(grid, widths):
    """The gridSpan of each cell of widths laid on grid."""
    out, i = [], 0
    for w in widths:
        n, acc = 0, 0
        while acc < w:
            acc += grid[i + n]
            n += 1
        assert acc == w, (w, acc)
        out.append(n)
        i += n
    return out


def form_footer():
    """The form's footer: its number and the page count, so that the sheets
    of a form whose back runs on (many devices) stay together.  9 pt on an
    11 pt line: 454 + 220 twips stays inside the 680 twips bottom margin."""
    sz = 9
    return p([r("申請單號：{id}　第", sz=sz), field("PAGE", sz=sz), r("頁，共", sz=sz),
              field("NUMPAGES", sz=sz), r("頁", sz=sz)], style="Footer", jc="right", line=11, sz=sz)


def make_form():
    # ---- page 1 (front) ----
    # An information row is label | value | label | value (INFO2) or label |
    # value (INFO1); the equipment list has its own columns (LIST).  Page 1
    # must stay one sheet: the list shows devices_front (at most
    # GW_DOCS_FRONT_DEVICES rows, each at most two lines of the longest
    # realistic values) and one row for the rest (devices_more) or
    # 「以下空白」.
    INFO2 = [1700, 3856, 1474, 3174]
    INFO1 = [1700, 8504]
    # 設備種類 holds 「Server(WEB AP)」 on one line at 9 pt; 序號 a 13-character
    # serial; 型號 「PowerEdge R760」.
    LIST = [500, 1440, 2650, 1320, 1440, 1600, 1254]
    MORE = [500, 9704]
    g = grid_of(INFO2, INFO1, LIST, MORE)

    def row(widths, makers, **kw):
        """makers: one function(width, span) per cell."""
        return tr([m(w, n) for m, w, n in zip(makers, widths, spans(g, widths))], **kw)

    def hd(t, **kw):
        return lambda w, n: H(t, w, span=n, **kw)

    def vl(t, **kw):
        return lambda w, n: V(t, w, span=n, **kw)

    def info(l1, v1, l2=None, v2=None, h=340):
        if l2 is None:
            return row(INFO1, [hd(l1), vl(v1)], h=h)
        return row(INFO2, [hd(l1), vl(v1), hd(l2), vl(v2)], h=h)

    def full(cell, h):
        return tr([cell(FORM_W, len(g))], h=h)

    def lh(t):
        return lambda w, n: tc(t, w, span=n, style="SmallHead", shade="F2F2F2")

    def lv(t, **kw):
        return lambda w, n: tc(t, w, span=n, style="SmallText", **kw)

    b = p("臺中市政府資訊機房設備／系統移（攜）出入申請單", style="FormTitle")
    b += p("（第1頁，正面；本單須交付正本）　申請單號：{id}", style="FormSub")
    rows = [
        info("申請機關", "{agency.name}", "申請單位", "{agency.unit}"),
        info("申請人", "{applicant.title}　{applicant.name}", "申請日期", "{letter.date | roc_date}"),
        info("聯絡電話", "{applicant.phone} 分機 {applicant.ext}", "傳真", "{applicant.fax}"),
        info("電子信箱", "{applicant.email}"),
        info("申請類別", "{kind.move_in | checkbox}移入　　{kind.move_out | checkbox}移出　　"
             "{kind.carry_in | checkbox}攜入　　{kind.carry_out | checkbox}攜出"),
        info("系統名稱", "{move.system_name}"),
        info("移（攜）出入\n原因", "{move.reason}", h=600),
        info("預定日期", "{move.planned_date | roc_date}", "預定時間", "{move.planned_time}"),
        info("廠商名稱", "{move.vendor.name}", "統一編號", "{move.vendor.tax_id}"),
        info("廠商工程師", "{move.vendor.engineer}", "聯絡電話", "{move.vendor.phone}"),
        full(hd("設備清單（共{device_count}項；詳細資料見第2頁軟硬體資產資料）", shade="D9D9D9"),
             h=340),
        row(LIST, [lh("項次"), lh("設備種類"), lh("設備名稱"), lh("廠牌"), lh("型號"), lh("序號"),
                   lh("數量／高度")], h=300),
        row(LIST, [lv("{#devices_front}{seq}", jc="center"), lv("{type}"), lv("{name}"),
                   lv("{brand}"), lv("{model}"), lv("{serial}"),
                   lv("{qty}台／{rack_units}U{/devices_front}", jc="center")], h=400),
        # More devices than the front holds: one row says how many more and
        # where they are; otherwise the list is closed with 「以下空白」.
        row(MORE, [lv("{#devices_more}", jc="center"),
                   lv("其餘{devices_more}項詳如背面軟硬體資產資料{/devices_more}", jc="center",
                      b=True)],
            h=340),
        row(MORE, [lv("{^devices_more}", jc="center"), lv("以下空白{/devices_more}", jc="center")],
            h=340),
        full(hd("以下欄位由數位發展局填寫", shade="D9D9D9"), h=340),
        info("資產編號", "", "虛擬主機位置", "", h=420),
        info("配合事項", "", h=520),
        info("管理帳號／密碼", "", h=420),
    ]
    b += tbl(g, rows)
    b += p("申請機關核章", style="FormNote", before=80, after=40)
    b += stamp_table(["承辦人", "單位主管", "機關首長（或授權人）"], h=900)
    b += p("數位發展局審核", style="FormNote", before=80, after=40)
    b += stamp_table(["資訊機房管理人員\n（分機22311）", "資通安全專職人員\n（分機22302）",
                      "網路連線管理人員\n（分機22304）", "網路資安科主管"], h=900)
    # The seed's words (流程 二、2.(1)), one line.
    b += p("註：除資產編號、配合事項、虛擬主機位置及管理帳號／密碼外，其他空格均須填寫；"
           "且申請機關須核章完畢。", style="FormNote", sz=10, before=60)

    # ---- page 2 (back): 軟硬體資產資料 ----
    # One row per device, every applicant field, 8 pt: about six lines a
    # device with long values.  The two header rows repeat on continuation
    # pages (w:tblHeader) when the devices do not fit one page.
    b += p("臺中市政府資訊機房設備／系統移（攜）出入申請單", style="FormTitle", page_break=True)
    b += p("（第2頁，背面）a.軟硬體資產資料　申請單號：{id}", style="FormSub")
    gg = [220, 1200, 1020, 1020, 1340, 740, 860, 960, 760, 1024, 420, 640]
    assert sum(gg) == FORM_W, sum(gg)

    def S(t, w, **kw):
        return tc(t, w, style="ListText", **kw)

    def SH(t, w, span=1, **kw):
        kw.setdefault("shade", "F2F2F2")
        return tc(t, w, span=span, style="ListHead", **kw)

    heads = ["項次", "設備種類\n設備名稱", "用途", "主機名稱", "廠牌\n型號\n序號",
             "數量\n高度\n電源", "作業系統\n版本", "資料庫\n應用軟體", "IP需求\n資安軟體",
             "維護廠商\n保固期限"]
    rows = [
        tr([SH(t, gg[i], vmerge="restart") for i, t in enumerate(heads)]
           + [SH("數位發展局\n填寫", gg[10] + gg[11], span=2)], h=240, header=True),
        tr([SH("", gg[i], vmerge="continue") for i in range(len(heads))]
           + [SH("機櫃\n位置", gg[10]), SH("IP位址", gg[11])], h=240, header=True),
        tr([S("{#devices}{seq}", gg[0], jc="center"),
            S("{type}\n{name}", gg[1]),
            S("{purpose}", gg[2]),
            S("{hostname}", gg[3]),
            S("{brand}\n{model}\n{serial}", gg[4]),
            S("{qty}台／{rack_units}U\n{power}", gg[5]),
            S("{os}\n{os_version}", gg[6]),
            S("{database}\n{software}", gg[7]),
            S("{ip.internal | checkbox}內部IP\n{ip.external | checkbox}外部IP\n"
              "{sw.antivirus | checkbox}防毒\n{sw.mdr | checkbox}MDR\n"
              "{sw.vans | checkbox}VANS", gg[8]),
            S("{maintainer}\n{warranty_until | roc_date_dot}", gg[9]),
            S("", gg[10]), S("{/devices}", gg[11])], h=560),
    ]
    b += tbl(gg, rows, side=24)
    # The back's end (b. virtual hosts, the notes, the signatures) moves to
    # the next page as one block rather than leaving the notes or the
    # signature line alone on a page: its heading keeps with a borderless
    # one-cell table whose row cannot split.  (The heading also keeps the
    # two tables apart: adjacent tables would merge into one.)
    vg = [2551, 2551, 2551, 2551]
    b += p("b.虛擬主機（免填寫）", style="FormNote", before=120, after=40, keep=True)
    tail = [
        tbl(vg, [tr([SH("虛擬主機名稱", vg[0]), SH("虛擬主機位置", vg[1]),
                     SH("作業系統", vg[2]), SH("IP位址", vg[3])], h=260),
                 tr([S("", w) for w in vg], h=360)]),
        p("註：1.除註明「數位發展局填寫」欄位外，其他欄位申請人均須填妥；如欄位無資料可填，"
          "也需填「無」，以示負責。2.設備需要內部／外部IP位址者，請同時填妥「主機設備網路連線申請單」"
          "及「臺中市政府SSLVPN網路連線維護申請單」。3.虛擬主機欄位免填寫。",
          style="FormNote", before=60),
        p("申請人：　　　　　　　　　　　　單位主管：", style="FormNote", before=240),
    ]
    b += tbl([FORM_W], [tr([tc(tail, FORM_W, valign="top")])], border=0, side=0)
    return b


def make_network():
    # 設備名稱 holds 8 characters at 11 pt (「空品資料庫伺服器」); the bureau's IP
    # address columns keep theirs; the host name and the two check boxes give.
    g = [1601, 1951, 1701, 1059, 1059, 1417, 1416]
    assert sum(g) == FORM_W, sum(g)
    W = lambda a, b_: sum(g[a:b_])
    b = p("臺中市政府主機設備網路連線申請單", style="FormTitle")
    b += p("申請單號：{id}", style="FormSub")
    rows = [
        tr([H("申請機關", g[0]), V("{agency.name}", W(1, 4), 3), H("申請單位", W(4, 5)),
            V("{agency.unit}", W(5, 7), 2)], h=420),
        tr([H("申請人", g[0]), V("{applicant.title}　{applicant.name}", W(1, 4), 3),
            H("申請日期", g[4]), V("{letter.date | roc_date}", W(5, 7), 2)], h=420),
        tr([H("聯絡電話", g[0]), V("{applicant.phone} 分機 {applicant.ext}", W(1, 4), 3),
            H("電子信箱", g[4]), V("{applicant.email}", W(5, 7), 2)], h=420),
        tr([H("系統名稱", g[0]), V("{move.system_name}", W(1, 7), 6)], h=420),
        tr([H("連線期間", g[0]),
            V("自{network.period.from | roc_date}起{#network.period.to_is_date}至{network.period.to_text}止{/network.period.to_is_date}{^network.period.to_is_date}{#network.period.to_text}（{network.period.to_text}）{/network.period.to_text}{/network.period.to_is_date}", W(1, 7), 6)],
           h=420),
        tr([H("一、主機設備及IP需求（IP位址欄由數位發展局填寫）", W(0, 7), 7, shade="D9D9D9")], h=360),
        tr([H("主機名稱", g[0]), H("設備名稱", g[1]), H("設備種類", g[2]), H("內部IP", g[3]),
            H("外部IP", g[4]), H("內部IP位址", g[5]), H("外部IP位址", g[6])], h=360),
        tr([V("{#ip_devices}{hostname}", g[0]), V("{name}", g[1]), V("{type}", g[2]),
            V("{ip.internal | checkbox}需要", g[3], jc="center"),
            V("{ip.external | checkbox}需要", g[4], jc="center"),
            V("", g[5]), V("{/ip_devices}", g[6])], h=420),
        tr([H("二、連線規則", W(0, 7), 7, shade="D9D9D9")], h=360),
        tr([H("來源", g[0]), H("目的", g[1]), H("埠號", g[2]), H("協定", g[3]),
            H("用途", W(4, 7), 3)], h=360),
        tr([V("{#network.rules}{source}", g[0]), V("{destination}", g[1]),
            V("{port}", g[2], jc="center"), V("{protocol}", g[3], jc="center"),
            V("{purpose}{/network.rules}", W(4, 7), 3)], h=420),
    ]
    b += tbl(g, rows)
    b += p("註：設備需要內部／外部IP位址者，請於提出主機進駐資訊機房申請時同時填妥本申請單及"
           "「臺中市政府SSLVPN網路連線維護申請單」，以利IP管理者填寫軟硬體資產資料之IP位置欄位。"
           "如有問題請洽網路連線管理人員徐設計師（分機22304）。", style="FormNote", before=80)
    b += p("申請機關核章", style="FormNote", before=160, after=40)
    b += stamp_table(["申請人", "單位主管"], h=1100)
    b += p("數位發展局審核", style="FormNote", before=160, after=40)
    b += stamp_table(["網路連線管理人員\n（分機22304）", "資通安全專職人員\n（分機22302）",
                      "網路資安科主管"], h=1100)
    return b


def make_vpn():
    g = [1701, 1701, 1588, 1531, 1531, 2152]
    assert sum(g) == FORM_W, sum(g)
    W = lambda a, b_: sum(g[a:b_])

    def info(l1, v1, l2=None, v2=None, h=420):
        if l2 is None:
            return tr([H(l1, g[0]), V(v1, W(1, 6), 5)], h=h)
        return tr([H(l1, g[0]), V(v1, W(1, 3), 2), H(l2, g[3]), V(v2, W(4, 6), 2)], h=h)

    b = p("臺中市政府SSLVPN網路連線維護申請單", style="FormTitle")
    b += p("申請單號：{id}", style="FormSub")
    rows = [
        info("申請機關", "{agency.name}", "申請單位", "{agency.unit}"),
        info("申請人", "{applicant.title}　{applicant.name}", "申請日期", "{letter.date | roc_date}"),
        info("聯絡電話", "{applicant.phone} 分機 {applicant.ext}", "電子信箱", "{applicant.email}"),
        info("系統名稱", "{move.system_name}"),
        info("使用期間", "自{vpn.period.from | roc_date}起{#vpn.period.to_is_date}至{vpn.period.to_text}止{/vpn.period.to_is_date}{^vpn.period.to_is_date}{#vpn.period.to_text}（{vpn.period.to_text}）{/vpn.period.to_text}{/vpn.period.to_is_date}"),
        info("申請原因", "{vpn.reason}", h=560),
        tr([H("一、SSLVPN帳號使用人", FORM_W, 6, shade="D9D9D9")], h=360),
        tr([H("姓名", g[0]), H("公司／單位", g[1]), H("電子信箱", W(2, 4), 2), H("行動電話", g[4]),
            H("帳號（數位發展局填寫）", g[5])], h=360),
        tr([V("{#vpn.accounts}{name}", g[0]), V("{company}", g[1]), V("{email}", W(2, 4), 2),
            V("{mobile}", g[4]), V("{/vpn.accounts}", g[5])], h=420),
        tr([H("二、連線目標主機", FORM_W, 6, shade="D9D9D9")], h=360),
        tr([H("主機名稱", W(0, 2), 2), H("埠號", g[2]), H("協定", g[3]),
            H("IP位址（數位發展局填寫）", W(4, 6), 2)], h=360),
        tr([V("{#vpn.targets}{host}", W(0, 2), 2), V("{port}", g[2], jc="center"),
            V("{protocol}", g[3], jc="center"), V("{/vpn.targets}", W(4, 6), 2)], h=420),
    ]
    b += tbl(g, rows)
    b += p("保密切結", style="FormNote", before=120, after=40, b=True)
    b += p("帳號使用人及申請機關同意遵守臺中市政府資通安全管理規定：SSLVPN帳號僅供上列目標主機之"
           "維護作業使用，不得轉借他人或移作他用；因維護作業所知悉之資料均負保密義務，不得洩漏；"
           "使用期間屆滿或維護作業結束即停止使用。如有違反，願負相關法律責任。", style="FormNote")
    b += p("立切結人（帳號使用人）簽章：", style="FormNote", before=160)
    b += p("申請機關核章", style="FormNote", before=160, after=40)
    b += stamp_table(["申請人", "單位主管"], h=1000)
    b += p("數位發展局審核", style="FormNote", before=160, after=40)
    b += stamp_table(["網路連線管理人員\n（分機22304）", "資通安全專職人員\n（分機22302）",
                      "網路資安科主管"], h=1000)
    return b


TEMPLATES = {
    "request": ("申請函", make_request, None),
    "form": ("資訊機房設備／系統移（攜）出入申請單", make_form, FORM_MARGINS),
    "network": ("臺中市政府主機設備網路連線申請單", make_network, FORM_MARGINS),
    "vpn": ("臺中市政府SSLVPN網路連線維護申請單", make_vpn, FORM_MARGINS),
    "return": ("檢還函", make_return, None),
    "approval": ("核准函", make_approval, None),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(here)
    os.makedirs(out, exist_ok=True)
    # The blank page render puts after a document with an odd number of
    # pages in packet.pdf, so that every document starts on a front side.
    write_docx(os.path.join(out, "blank.docx"), "空白頁", p(""), footer=False)
    print(os.path.join(out, "blank.docx"))
    for name, (title, make, margins) in TEMPLATES.items():
        path = os.path.join(out, name + ".docx")
        if margins:
            form = name == "form"
            write_docx(path, title, make(), margins, footer=form_footer() if form else False,
                       styles=list_styles() if form else "")
        else:
            write_docx(path, title, make())
        print(path)


if __name__ == "__main__":
    main()
