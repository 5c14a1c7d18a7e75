#!/usr/bin/env bash
# Installs the Chinese fonts tools/prereview_independent draws its documents with: a Song/Ming
# (printed forms, certificates), a Hei/Sans (headings, ID cards), Kai (certificates, seals) and a
# handwriting-like Kai (forms "filled by hand", signatures). Debian packages: fonts-noto-cjk,
# fonts-arphic-uming, fonts-arphic-ukai, fonts-wqy-microhei, fonts-wqy-zenhei, fonts-lxgw-wenkai.
# Idempotent and non-interactive: installs only the packages whose font file is missing, through
# sudo when not root. The generator works with fewer fonts (it says which it uses and which are
# missing) but needs at least one CJK font.
set -euo pipefail

declare -A FONT_OF=(
  [fonts-noto-cjk]=/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
  [fonts-arphic-uming]=/usr/share/fonts/truetype/arphic/uming.ttc
  [fonts-arphic-ukai]=/usr/share/fonts/truetype/arphic/ukai.ttc
  [fonts-wqy-microhei]=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
  [fonts-wqy-zenhei]=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
  [fonts-lxgw-wenkai]=/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf
)
missing=()
for package in "${!FONT_OF[@]}"; do
  [ -f "${FONT_OF[$package]}" ] || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "install-eval-fonts: installing ${missing[*]} with apt-get"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-eval-fonts: apt-get not found — install CJK fonts (Song, Hei, Kai) by hand" >&2
  exit 1
fi
SUDO=()
if [ "$(id -u)" != "0" ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-eval-fonts: not root and no sudo — run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  SUDO=(sudo -n env DEBIAN_FRONTEND=noninteractive)
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq && "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" \
  || { echo "install-eval-fonts: apt-get install ${missing[*]} failed" >&2; exit 1; }
