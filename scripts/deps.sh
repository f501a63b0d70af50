#!/bin/sh
# Install the Debian packages gongwen needs to build, run and test.
# Idempotent and quiet: does nothing when every package is present.
set -e
PKGS="build-essential pkg-config libsqlite3-dev sqlite3 libjansson-dev libzip-dev libxml2-dev \
libhpdf-dev libharfbuzz-dev libdeflate-dev nettle-dev libicu-dev libmicrohttpd-dev libargon2-dev libqpdf-dev fonts-cns11643-kai fonts-cns11643-sung fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea \
icc-profiles-free poppler-utils qpdf zip unzip python3 python3-docx"
[ -n "$GW_EXTRA_PKGS" ] && PKGS="$PKGS $GW_EXTRA_PKGS"
# npm for the test-only tools (docxtemplater, axe-core, pdf.js): Debian's npm
# unless the machine already has one (a nodejs that bundles npm).
case " $GW_EXTRA_PKGS " in *" nodejs "*) command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm" ;; esac
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" = 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	SUDO=sudo
else
	echo "deps: missing Debian packages:$missing; install them as root with: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
