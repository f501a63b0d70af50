#!/usr/bin/python3
"""more_data.py APPLICATION.json OUTDIR — the example application filled with
more data than the examples, one import file per case, for `make fidelity`:
our own templates must paginate as LibreOffice does when the tables grow.

  vpn5      five SSLVPN accounts like the example's (one page in LibreOffice)
  vpn5x     five SSLVPN accounts with varied, longer companies and e-mail addresses
  net30     thirty network rules
  dev12     twelve devices with the longest realistic values
            (tests/data/many_devices.py)
  long      long names everywhere: agency, applicant, system, accounts
Deterministic: the same files every run.
"""
import copy
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def account(i):
    companies = ["大肚山資訊股份有限公司", "臺灣中部科技整合服務股份有限公司",
                 "中台灣雲端系統維運顧問有限公司", "大臺中智慧城市資通訊工程股份有限公司",
                 "台中港數位網路安全服務股份有限公司"]
    names = ["李志豪", "陳怡君", "王建民", "林美玲", "張家瑋"]
    mails = ["lee.ch", "chen.yichun.support", "wang.jm", "lin.meiling.sysadmin", "chang.cw"]
    return {"name": names[i % 5], "company": companies[i % 5],
            "email": "%s@%s.com.tw" % (mails[i % 5], ["dadushan", "twcentral-tech", "ctcloud",
                                                      "taichung-smartcity", "tcport-sec"][i % 5]),
            "mobile": "09%02d-%03d-%03d" % (12 + i, 345 + i, 678 - i)}


def rule(i, hosts):
    ports = [("443", "TCP", "民眾查詢網站"), ("1433", "TCP", "網站存取資料庫"),
             ("22", "TCP", "系統維護人員遠端管理"), ("53", "UDP", "名稱解析"),
             ("123", "UDP", "校時服務"), ("3389", "TCP", "遠端桌面維護"),
             ("8080-8090", "TCP", "應用程式介接服務（測站資料上傳）")]
    port, proto, purpose = ports[i % len(ports)]
    src = "Internet" if i % 3 == 0 else hosts[i % len(hosts)]
    return {"source": src, "destination": hosts[(i + 1) % len(hosts)], "port": port,
            "protocol": proto, "purpose": purpose}


def main():
    src, out = sys.argv[1], sys.argv[2]
    base = json.load(open(src, encoding="utf-8"))
    hosts = [d["hostname"] for d in base["devices"] if d.get("hostname") not in ("", "無")]
    cases = {}
    a = copy.deepcopy(base)
    first = a["vpn"]["accounts"][0]
    a["vpn"]["accounts"] = [dict(first, name=account(i)["name"]) for i in range(5)]
    cases["vpn5"] = a
    a = copy.deepcopy(base)
    a["vpn"]["accounts"] = [account(i) for i in range(5)]
    cases["vpn5x"] = a
    a = copy.deepcopy(base)
    a["network"]["rules"] = [rule(i, hosts) for i in range(30)]
    cases["net30"] = a
    a = copy.deepcopy(base)
    a["vpn"]["accounts"] = [account(i) for i in range(3)]
    a["network"]["rules"] = [rule(i, hosts) for i in range(8)]
    for acc in a["vpn"]["accounts"]:
        acc["company"] = "大臺中智慧城市暨雲端資通訊系統整合工程顧問股份有限公司"
    for k in ("system_name",):
        if k in a.get("move", {}):
            a["move"][k] = "臺中市空氣品質監測暨開放資料整合資訊系統（第二期擴充建置計畫）"
    cases["long"] = a
    for name, app in cases.items():
        app["id"] = base["id"] + "-" + name if isinstance(base.get("id"), str) else app.get("id")
        with open(os.path.join(out, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(app, f, ensure_ascii=False, indent=1)
    # twelve devices: the form's page tests' generator
    with open(src, "rb") as f:
        r = subprocess.run([sys.executable, os.path.join(HERE, "..", "data", "many_devices.py"),
                            "12", base["id"] + "-dev12"], stdin=f, capture_output=True, check=True)
    with open(os.path.join(out, "dev12.json"), "wb") as f:
        f.write(r.stdout)


main()
