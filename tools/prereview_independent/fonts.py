"""The CJK fonts the documents are drawn with, found on this machine.

Four roles: ``song`` (printed forms and certificates), ``hei`` (headings, ID cards, screens),
``kai`` (certificate titles, seals) and ``hand`` (a handwriting-like Kai for forms filled by
hand and signatures). Each role lists Debian font files in order of preference; a role with none
of its own falls back to any CJK font found. scripts/install-eval-fonts.sh installs them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

INSTALL_HINT = (
    "tools.prereview_independent needs at least one Chinese (CJK) font; run "
    "scripts/install-eval-fonts.sh (Debian: fonts-noto-cjk fonts-arphic-uming fonts-arphic-ukai "
    "fonts-wqy-microhei fonts-wqy-zenhei fonts-lxgw-wenkai)"
)


@dataclass(frozen=True)
class FontFile:
    name: str  # short name, recorded in the case notes
    path: str
    index: int  # face inside a .ttc collection
    truetype: bool  # TrueType outlines: reportlab can embed it in a typed PDF


CANDIDATES: dict[str, list[FontFile]] = {
    "song": [
        FontFile("noto-serif-sc", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2, False),
        FontFile("ar-pl-uming", "/usr/share/fonts/truetype/arphic/uming.ttc", 0, True),
    ],
    "hei": [
        FontFile("noto-sans-sc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, False),
        FontFile("wqy-microhei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, True),
        FontFile("wqy-zenhei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, True),
    ],
    "hei_bold": [
        FontFile("noto-sans-sc-bold", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2, False),
        FontFile("noto-serif-sc-bold", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2, False),
    ],
    "kai": [
        FontFile("ar-pl-ukai", "/usr/share/fonts/truetype/arphic/ukai.ttc", 0, True),
        FontFile("lxgw-wenkai", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0, True),
    ],
    "hand": [
        FontFile("lxgw-wenkai", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0, True),
        FontFile("lxgw-wenkai-light", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf", 0, True),
        FontFile("ar-pl-ukai", "/usr/share/fonts/truetype/arphic/ukai.ttc", 0, True),
    ],
    "mono": [
        FontFile("noto-sans-mono-sc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 7, False),
        FontFile("wqy-zenhei-mono", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1, True),
        FontFile("wqy-microhei-mono", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1, True),
    ],
}


class FontsMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def available() -> dict[str, list[FontFile]]:
    """Per role, the font files present; raises FontsMissing when there is no CJK font at all."""
    found = {role: [f for f in files if Path(f.path).is_file()] for role, files in CANDIDATES.items()}
    anything = [f for files in found.values() for f in files]
    if not anything:
        raise FontsMissing(INSTALL_HINT)
    for role, files in found.items():
        if not files:
            found[role] = sorted({f.path: f for f in anything}.values(), key=lambda f: f.name)
    return found


def report() -> str:
    """One line per role: the fonts used and the ones missing (for the command's output)."""
    lines = []
    found = available()
    for role, files in CANDIDATES.items():
        present = [f.name for f in files if Path(f.path).is_file()]
        missing = [f.name for f in files if not Path(f.path).is_file()]
        used = ", ".join(present) or "fallback: " + ", ".join(f.name for f in found[role])
        lines.append(f"  {role:8} {used}" + (f"  (missing: {', '.join(missing)})" if missing else ""))
    return "\n".join(lines)


@lru_cache(maxsize=512)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


def font(face: FontFile, size: int) -> ImageFont.FreeTypeFont:
    return _load(face.path, face.index, max(6, int(size)))


def pick(role: str, rng, truetype_only: bool = False) -> FontFile:
    files = available()[role]
    if truetype_only:
        files = [f for f in files if f.truetype] or [f for fs in available().values() for f in fs if f.truetype]
        if not files:
            raise FontsMissing("a TrueType CJK font is needed for typed PDFs; " + INSTALL_HINT)
    return files[rng.randrange(len(files))]


def first(role: str) -> FontFile:
    return available()[role][0]
