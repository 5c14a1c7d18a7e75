"""Page layout from text boxes: rows read left to right, top to bottom.

OCR returns boxes in no guaranteed order, and a label and its value may be one box (姓名张小明),
two boxes on one row (a table cell), or the value on the row below. Rows are the unit the
extractor works on; each keeps its boxes so evidence can point at the exact place.
"""

from __future__ import annotations

from dataclasses import dataclass

from prereview.model import Box, TextLine

# Boxes whose vertical centres differ by less than this share of the smaller height are on
# one row (tolerates slight skew and mixed font sizes).
_SAME_ROW = 0.55
# A box this many times wider than high gives its line's slant reliably.
_LONG = 4
# Between two boxes of one row the joined text carries this marker, so a value never runs
# across a table-cell border unnoticed.
CELL_GAP = "\u2003"


@dataclass(frozen=True)
class Row:
    """One visual row: its boxes left to right and their text joined with CELL_GAP."""

    lines: tuple[TextLine, ...]

    @property
    def text(self) -> str:
        return CELL_GAP.join(line.text for line in self.lines)

    @property
    def box(self) -> Box:
        return Box(
            min(line.box.x0 for line in self.lines),
            min(line.box.y0 for line in self.lines),
            max(line.box.x1 for line in self.lines),
            max(line.box.y1 for line in self.lines),
        )

    def box_of(self, start: int, end: int) -> Box:
        """The box of the characters [start, end) of `text` (whole boxes they touch)."""
        touched = []
        pos = 0
        for line in self.lines:
            line_end = pos + len(line.text)
            if pos < end and start < line_end:
                touched.append(line.box)
            pos = line_end + len(CELL_GAP)
        if not touched:
            return self.box
        return Box(min(b.x0 for b in touched), min(b.y0 for b in touched), max(b.x1 for b in touched), max(b.y1 for b in touched))


def rows(lines: list[TextLine]) -> list[Row]:
    """Group text lines into rows, top to bottom, each row left to right. On a slanted photo a
    row's boxes step up or down across the page: they are compared at the page's slant."""
    slope = page_slope(lines)

    def level(line: TextLine) -> float:
        return line.box.center_y - slope * (line.box.x0 + line.box.x1) / 2

    ordered = sorted(lines, key=lambda line: (level(line), line.box.x0))
    groups: list[list[TextLine]] = []
    for line in ordered:
        if groups:
            last = groups[-1]
            ref = sum(level(item) for item in last) / len(last)
            height = min(min(_upright_height(item, slope) for item in last), _upright_height(line, slope)) or 1.0
            if abs(level(line) - ref) < _SAME_ROW * height:
                last.append(line)
                continue
        groups.append([line])
    return [Row(tuple(sorted(group, key=lambda line: line.box.x0))) for group in groups]


def page_slope(lines: list[TextLine]) -> float:
    """The page's slant: the median slope of its long lines (short boxes give no reliable angle)."""
    slopes = sorted(line.slope for line in lines if line.box.width >= _LONG * max(line.box.height, 1.0))
    return slopes[len(slopes) // 2] if slopes else 0.0


def _upright_height(line: TextLine, slope: float) -> float:
    """A slanted line's own height: its upright box is taller by the slant over its width."""
    return max(line.box.height - abs(slope) * line.box.width, 0.3 * line.box.height)


def page_text(lines: list[TextLine]) -> str:
    """The page's text in reading order, one row per line (for classification and search)."""
    return "\n".join(row.text.replace(CELL_GAP, " ") for row in rows(lines))
