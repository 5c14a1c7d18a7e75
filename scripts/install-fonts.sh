#!/usr/bin/env bash
# Installs a Chinese font for the PDF 一次性告知单 (knowledge/checklist/pdf.py embeds it):
# Debian's fonts-wqy-zenhei. Idempotent and non-interactive: does nothing when a known CJK font
# is already there or BANSHI_CJK_FONT names one; otherwise apt-get (through sudo when not root).
# Without a font everything but the PDF works, and the PDF endpoint says how to fix it.
set -euo pipefail

FONTS=(
  /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
  /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
  /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
  /usr/share/fonts/truetype/arphic/uming.ttc
)
if [ -n "${BANSHI_CJK_FONT:-}" ] && [ -f "$BANSHI_CJK_FONT" ]; then
  exit 0
fi
for font in "${FONTS[@]}"; do
  [ -f "$font" ] && exit 0
done

echo "install-fonts: no Chinese font found; installing fonts-wqy-zenhei with apt-get"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-fonts: apt-get not found — install a CJK TrueType font and set BANSHI_CJK_FONT to it" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" != "0" ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-fonts: not root and no sudo — run: apt-get install fonts-wqy-zenhei" >&2
    exit 1
  fi
  SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq fonts-wqy-zenhei \
  || { echo "install-fonts: apt-get install fonts-wqy-zenhei failed" >&2; exit 1; }
