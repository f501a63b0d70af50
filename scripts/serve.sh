#!/bin/sh
# make serve: the web service on the demo database.  Builds data/demo.db as
# `make demo` does (scripts/demo.sh; its output goes to out/demo.log), adds
# one demo account per role — a clerk for each example agency, the window,
# the six reviewers, the section chief, a manager — with random passwords,
# prints them once, and serves on 127.0.0.1:${PORT:-8080} until Ctrl-C.
set -e
cd "$(dirname "$0")/.."
DB=data/demo.db
LISTEN=127.0.0.1:${PORT:-8080}
mkdir -p out
echo "gongwen serve: building the demo database ($DB; log in out/demo.log)"
sh scripts/demo.sh >out/demo.log 2>&1 || { tail -n 20 out/demo.log; exit 1; }
pw() { LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 16; }
add() { # NAME ROLE DISPLAY [AGENCY]
	p=$(pw)
	if [ -n "$4" ]; then
		printf '%s\n' "$p" | ./gongwen --db "$DB" user add "$1" --role "$2" --display "$3" --agency "$4" >/dev/null
	else
		printf '%s\n' "$p" | ./gongwen --db "$DB" user add "$1" --role "$2" --display "$3" >/dev/null
	fi
	printf '  %-16s %-20s %-10s %s\n' "$1" "$p" "$2" "$3${4:+（$4）}"
}
echo
echo "Demo accounts (passwords are random and shown only now):"
printf '  %-16s %-20s %-10s %s\n' 帳號 密碼 role 說明
add epa-clerk clerk 環保局承辦人 臺中市政府環境保護局
add traf-clerk clerk 交通局承辦人 臺中市政府交通局
add window window 收件窗口
add admin admin 資訊機房管理人員
add security security 資通安全專職人員
add network network 網路連線管理人員
add antivirus antivirus 防毒軟體業務承辦人
add mdr mdr MDR/EDR業務承辦人
add vans vans VANS業務承辦人
add chief chief 網路資安科主管
add manager manager 系統管理者
echo
echo "Open http://$LISTEN/ — Ctrl-C stops the service."
exec ./gongwen --db "$DB" serve --listen "$LISTEN"
