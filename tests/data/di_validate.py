#!/usr/bin/env python3
"""di_validate.py FILE.di... — check DI files (電子公文交換, 104 revision) as
issue 17 describes them, independently of gongwen's own reader (di.c):

  <?xml version="1.0" encoding="UTF-8"?> and <!DOCTYPE 函 SYSTEM
  "104_2_utf8.dtd" [...]> declaring an unparsed entity (NDATA) for the
  roster and each attachment; root 函 with, in this order: 發文機關 (全銜,
  機關代碼) · 函類別 (代碼="函") · 地址 · 聯絡方式 (one per line: 承辦人, 電話,
  傳真, 電子信箱) · 受文者 (全銜 + 機關代碼, or 交換表 naming the roster
  entity) · 發文日期 (年月日) · 發文字號 (字 + 文號 with 年度 and 流水號) · 速別
  (代碼 普通件/速件/最速件) · 密等及解密條件或保密期限 (optional) · 附件 (文字,
  and 附件檔名 whose 附件名 lists declared attachment entities) · 主旨 (文字,
  without 「主旨：」) · 段落 (段名="說明：", 文字 and nested 條列 with 序號) ·
  正本 · 副本 · 署名.

Prints "FILE: ok" or "FILE: problem; problem" per file; exit 1 if any has a
problem.  The file is parsed with expat through ElementTree, which reads no
external entity or DTD."""
import re
import sys
import xml.etree.ElementTree as ET

ORDER = [("發文機關", True), ("函類別", True), ("地址", True), ("聯絡方式", True),
         ("受文者", True), ("發文日期", True), ("發文字號", True), ("速別", True),
         ("密等及解密條件或保密期限", False), ("附件", False), ("主旨", True),
         ("段落", False), ("正本", True), ("副本", False), ("署名", True)]
REPEAT = {"聯絡方式"}
URGENCY = {"普通件", "速件", "最速件"}
CONTACT = ("承辦人：", "電話：", "傳真：", "電子信箱：")
ROC_DATE = re.compile(r"^中華民國\d{2,3}年\d{1,2}月\d{1,2}日$")


def check(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    bad = []
    if not text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n'):
        bad.append("not the UTF-8 XML declaration")
    m = re.search(r'<!DOCTYPE 函 SYSTEM "104_2_utf8\.dtd" \[(.*?)\]>', text, re.S)
    if not m:
        return ["no DOCTYPE 函 SYSTEM \"104_2_utf8.dtd\" with an internal subset"]
    subset = m.group(1)
    entities = dict(re.findall(r'<!ENTITY (\S+) SYSTEM "[^"]*" NDATA (\S+)>', subset))
    notations = set(re.findall(r'<!NOTATION (\S+) SYSTEM', subset))
    for name, nd in entities.items():
        if nd not in notations:
            bad.append(f"entity {name}: notation {nd} not declared")
    if re.search(r'<!ENTITY (?![^>]*NDATA)', subset):
        bad.append("a parsed (non-NDATA) entity is declared")
    root = ET.fromstring(raw)
    if root.tag != "函":
        return bad + [f"root <{root.tag}>"]
    kids = list(root)
    i = 0
    for tag, required in ORDER:
        n = 0
        while i < len(kids) and kids[i].tag == tag:
            n += 1
            i += 1
            if tag not in REPEAT:
                break
        if required and n == 0:
            bad.append(f"<{tag}> missing or out of order")
    if i < len(kids):
        bad.append(f"<{kids[i].tag}> out of order or unknown")
    get = {k.tag: k for k in kids}

    def need(parent, child):
        if parent is None or parent.find(child) is None:
            bad.append(f"<{child}> missing in <{parent.tag if parent is not None else '?'}>")
            return None
        return parent.find(child)

    org = get.get("發文機關")
    need(org, "全銜")
    need(org, "機關代碼")
    if get.get("函類別") is not None and get["函類別"].get("代碼") != "函":
        bad.append(f"函類別 代碼 {get['函類別'].get('代碼')!r}")
    for c in root.findall("聯絡方式"):
        if not (c.text or "").startswith(CONTACT):
            bad.append(f"聯絡方式 {c.text!r} is not 承辦人, 電話, 傳真 or 電子信箱")
    to = get.get("受文者")
    if to is not None:
        sw = to.find("交換表")
        if sw is not None:
            if entities.get(sw.get("交換表單")) is None:
                bad.append("交換表 names no declared entity")
        else:
            need(to, "全銜")
            need(to, "機關代碼")
    date = need(get.get("發文日期"), "年月日")
    if date is not None and date.text and not ROC_DATE.match(date.text):
        bad.append(f"年月日 {date.text!r}")
    no = get.get("發文字號")
    need(no, "字")
    num = need(no, "文號")
    if num is not None:
        year, serial = need(num, "年度"), need(num, "流水號")
        for e in (year, serial):
            if e is not None and e.text and not e.text.isdigit():
                bad.append(f"{e.tag} {e.text!r} is not a number")
    if get.get("速別") is not None and get["速別"].get("代碼") not in URGENCY:
        bad.append(f"速別 代碼 {get['速別'].get('代碼')!r}")
    att = get.get("附件")
    if att is not None:
        need(att, "文字")
        for f in att.findall("附件檔名"):
            for name in (f.get("附件名") or "").split():
                if name not in entities:
                    bad.append(f"附件名 {name} is not a declared entity")
    subj = need(get.get("主旨"), "文字")
    if subj is not None and (subj.text or "").startswith("主旨"):
        bad.append("主旨 keeps 「主旨：」")
    para = get.get("段落")
    if para is not None:
        if para.get("段名") != "說明：":
            bad.append(f"段落 段名 {para.get('段名')!r}")
        if len(para) == 0 or para[0].tag != "文字":
            bad.append("段落 does not start with 文字")

        def items(e):
            for c in e:
                if c.tag == "文字":
                    continue
                if c.tag != "條列":
                    bad.append(f"<{c.tag}> in 說明")
                    continue
                if not c.get("序號"):
                    bad.append("條列 without 序號")
                if len(c) == 0 or c[0].tag != "文字":
                    bad.append("條列 does not start with 文字")
                items(c)
        items(para)
    for k in ("正本", "副本"):
        if get.get(k) is not None and get[k].find("全銜") is None:
            bad.append(f"<{k}> without 全銜")
    return bad


rc = 0
for p in sys.argv[1:]:
    try:
        problems = check(p)
    except ET.ParseError as e:
        problems = [f"not well-formed: {e}"]
    print(f"{p}: " + ("; ".join(problems) if problems else "ok"))
    rc |= bool(problems)
sys.exit(rc)
