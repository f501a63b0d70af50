#!/usr/bin/env python3
"""many_devices.py -- an application with N devices, for the form's page tests.

    python3 tests/data/many_devices.py N [ID] < application-complete.json > out.json

Takes an application in the import format (docs/import.md) and replaces its
devices with N devices cycling through five kinds with the longest realistic
values in every field at once (24-character names, 40-character purposes,
fully qualified host names, long brand, model, power, software and maintainer
texts), each with its own 11-character serial SGH<last 4 digits of ID><seq>X;
it also makes the move's reason two lines long.  Every applicant field is
filled and each server carries the security test reports R7 asks for its type
(copied from the input's servers), so the result passes the rules when the
input did.
"""
import copy
import json
import sys

KINDS = [
    ("Server(WEB AP+DB)", "空氣品質監測資訊系統前台網站暨資料庫整合伺服器",
     "提供民眾即時查詢本市各測站空氣品質指標、歷史資料與健康建議之網站及資料庫服務",
     "epa-aqweb-prod%02d.epa.taichung.gov.tw", "Hewlett Packard Enterprise",
     "ProLiant DL380 Gen11 Plus 8SFF", "Linux", "Red Hat Enterprise Linux 9.4 (x86_64)",
     "PostgreSQL 16.2 叢集", "Apache httpd 2.4.62、Tomcat 10.1.28、Node.js 20 LTS"),
    ("Server(DB)", "空氣品質監測資料庫主要節點伺服器",
     "儲存各測站每小時監測資料、校正紀錄及統計報表之主要資料庫",
     "epa-aqdb-node%02d.epa.taichung.gov.tw", "Dell Technologies", "PowerEdge R760xs",
     "Windows", "Windows Server 2022 Datacenter Edition", "Microsoft SQL Server 2022 Enterprise",
     "SQL Server Management Studio 20"),
    ("Server(AP)", "監測資料介接與排程處理應用程式伺服器",
     "介接環境部及各測站監測資料，定時排程轉檔、校驗並產製對外開放資料",
     "epa-aqapi-batch%02d.epa.taichung.gov.tw", "Lenovo", "ThinkSystem SR650 V3",
     "Linux", "Ubuntu Server 22.04.4 LTS", "無", "OpenJDK 21、Apache Kafka 3.7、Airflow 2.9"),
    ("Disk Array", "監測影像及備份資料儲存陣列",
     "儲存各測站監視影像、資料庫每日備份及系統日誌，保存期限五年",
     "無", "Synology", "SA3400D 雙控制器機型", "無", "無", "無", "無"),
    ("Network", "機櫃核心交換器",
     "連接本系統各主機與市府資訊機房核心網路，提供VLAN分隔",
     "epa-aq-sw-core%02d", "Cisco Systems", "Catalyst 9300-48UXM-E",
     "無", "無", "無", "無"),
]


def main():
    n = int(sys.argv[1])
    app = json.load(sys.stdin)
    if len(sys.argv) > 2:
        app["id"] = sys.argv[2]
    base = app["devices"]
    num = "".join(c for c in app["id"] if c.isdigit())[-4:]
    # A server is built on the input's first server (security software,
    # go-live record), anything else on the input's last device.
    servers = [d for d in base if d.get("type", "").startswith("Server")]
    devices = []
    for i in range(n):
        kind, name, purpose, host, brand, model, os_, osv, db, sw = KINDS[i % len(KINDS)]
        d = copy.deepcopy(servers[0] if kind.startswith("Server") and servers else base[-1])
        d.update({
            "seq": i + 1, "type": kind, "name": f"{name}{i + 1:02d}", "purpose": purpose,
            "hostname": host if host == "無" else host % (i + 1),
            "brand": brand, "model": model, "serial": f"SGH{num}{i + 1:03d}X",
            "qty": 1, "rack_units": 2,
            "power": "雙電源備援 AC 110V/220V 1600W 白金級",
            "os": os_, "os_version": osv, "database": db, "software": sw,
            "maintainer": "大肚山資訊股份有限公司 系統整合部 李志豪 0912-345-678",
            "warranty_until": "2029-12-31",
        })
        if not kind.startswith("Server"):
            d["needs_ip"] = {"internal": kind == "Network", "external": False}
            d.pop("security_software", None)
            d["golive_record"] = False
            d["reports"] = []
            d["public_website"] = False
            d["large_public_site"] = False
        else:
            # Reports required by R7 for this type; the copied device may
            # have been a WEB AP (source code scan only for public sites).
            d["public_website"] = kind.startswith("Server(WEB")
            kinds = {"Server(WEB AP+DB)": ["source_code_scan", "web_vuln_scan"],
                     "Server(DB)": ["host_vuln_scan", "malware_scan", "patch_status"],
                     "Server(AP)": ["host_vuln_scan", "malware_scan", "patch_status"]}[kind]
            have = {r["kind"]: r for s in servers for r in s.get("reports", [])}
            d["reports"] = [copy.deepcopy(have[k]) for k in kinds if k in have]
        devices.append(d)
    app["devices"] = devices
    # Long free text on page 1 as well: two lines of reason.
    app["move"]["reason"] = ("原機房設備老舊且空調及電力備援不足，系統主機移入市府資訊機房集中管理，"
                             "以提升系統可用性與資通安全防護，並配合本局監測資料開放政策")
    app["move"]["system_name"] = "臺中市空氣品質監測暨開放資料整合資訊系統（第二期）"
    json.dump(app, sys.stdout, ensure_ascii=False, indent=1)


main()
