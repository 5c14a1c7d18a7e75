#!/usr/bin/env bash
# Installs what the browser tests of the web chat need: Debian's chromium, chromium-driver
# and a Chinese font (fonts-wqy-zenhei), so screenshots show 汉字 rather than boxes.
#   scripts/install-chromium.sh
# Idempotent and non-interactive: does nothing when /usr/bin/chromium and /usr/bin/chromedriver
# are both there; otherwise runs apt-get update + apt-get install (through sudo when not root).
set -euo pipefail

PACKAGES=(chromium chromium-driver fonts-wqy-zenhei)
export DEBIAN_FRONTEND=noninteractive

fail() {
  echo "install-chromium: $*" >&2
  exit 1
}

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  echo "install-chromium: /usr/bin/chromium and /usr/bin/chromedriver already installed — nothing to do"
  exit 0
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(/usr/bin/chromium)
[ -x /usr/bin/chromedriver ] || missing+=(/usr/bin/chromedriver)
echo "install-chromium: missing ${missing[*]}; installing ${PACKAGES[*]} with apt-get"

command -v apt-get >/dev/null 2>&1 \
  || fail "apt-get not found: install Chromium and chromedriver by hand (this script supports Debian/Ubuntu only)"

SUDO=()
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null 2>&1 \
    || fail "not root and sudo is not available: run as root, or install ${PACKAGES[*]} by hand"
  SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
fi

echo "install-chromium: apt-get update"
"${SUDO[@]}" apt-get update -qq \
  || fail "apt-get update failed (no network to the Debian mirror, or no permission)"

echo "install-chromium: apt-get install -y ${PACKAGES[*]}"
"${SUDO[@]}" apt-get install -y -qq "${PACKAGES[@]}" \
  || fail "apt-get install ${PACKAGES[*]} failed"

[ -x /usr/bin/chromium ] || fail "apt-get finished but /usr/bin/chromium is still missing"
[ -x /usr/bin/chromedriver ] || fail "apt-get finished but /usr/bin/chromedriver is still missing"

echo "install-chromium: installed — $(/usr/bin/chromium --version 2>/dev/null || echo chromium), $(/usr/bin/chromedriver --version 2>/dev/null | head -n 1 || echo chromedriver)"
