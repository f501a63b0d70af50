#!/usr/bin/env python3
"""Benchmark inputs: a one-page letter (函) with a table loop, N records of
data for it, and a table-loop template with data of R rows.  Only plain tags
and sections, so docxtemplater (default parser, paragraphLoop) and gongwen
read the same template and the same data.

usage: mkletter.py DIR N  → DIR/letter.docx DIR/letters.json DIR/table.docx DIR/rows-R.json (10 documents of R rows)
"""
import json, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "data"))
from mktpl import docx, p, r, tbl, tr, tc  # noqa: E402

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
BOLD = "<w:rPr><w:b/><w:sz w:val=\"40\"/></w:rPr>"
body = (
    p("檔　　號：{file_no}") + p("保存年限：{keep}") +
    p(r("{agency}　函", BOLD)) +
    p("地址：{address}") + p("承辦人：{officer}") + p("電話：{phone}") + p("電子信箱：{email}") +
    p("受文者：{recipient}") + p("發文日期：{date}") + p("發文字號：{doc_no}") +
    p("速別：{speed}") + p("密等及解密條件或保密期限：") + p("附件：{attach}") +
    p("主旨：{subject}") + p("說明：") +
    p("{#items}") + p("{n}、{text}") + p("{/items}") +
    tbl(tr("設備名稱", "類型", "IP 位址"),
        tr(tc("{#devices}{name}"), tc("{type}"), tc("{ip}{/devices}"))) +
    p("正本：{recipient}") + p("副本：{cc}") + p("局長　{head}")
)
docx(os.path.join(out, "letter.docx"), body)
recs = []
for i in range(n):
    recs.append({
        "id": f"APP-{i:05d}", "file_no": f"115/0{i % 9}", "keep": "10年",
        "agency": "臺中市政府環境保護局", "address": "臺中市西屯區臺灣大道三段99號",
        "officer": "王小明", "phone": "04-22289111 分機 66301", "email": "clerk@example.gov.tw",
        "recipient": "臺中市政府數位發展局", "date": "中華民國115年11月20日",
        "doc_no": f"中市環資字第115{i:07d}號", "speed": "普通件", "attach": "如說明二",
        "subject": "本局申請主機設備進駐本府資訊機房一案，請查照。",
        "items": [{"n": "一", "text": "依據本府資訊機房管理規定辦理。"},
                  {"n": "二", "text": "檢送設備移入申請單、網路連線申請單及資安檢測報告各1份。"},
                  {"n": "三", "text": f"聯絡人：王小明，電話 04-22289111 分機 {66300 + i % 100}。"}],
        "devices": [{"name": f"srv{i}-{k}", "type": "Server(AP)", "ip": f"10.1.{i % 250}.{k}"} for k in range(5)],
        "cc": "本局資訊室", "head": "陳大明",
    })
json.dump(recs, open(os.path.join(out, "letters.json"), "w"), ensure_ascii=False)
docx(os.path.join(out, "table.docx"),
     p("設備清冊") + tbl(tr("序", "名稱", "序號"), tr(tc("{#rows}{n}"), tc("{name}"), tc("{serial}{/rows}"))))
# 10 documents per size, so the time per document is the merge's, not start-up's.
for rows in (500, 1000, 2000, 4000):
    table = [{"n": k + 1, "name": f"設備{k}", "serial": f"SN-{k:06d}"} for k in range(rows)]
    json.dump([{"id": f"T{rows}-{d}", "rows": table} for d in range(10)],
              open(os.path.join(out, f"rows-{rows}.json"), "w"), ensure_ascii=False)
