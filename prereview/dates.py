"""Dates and validity periods as printed on Chinese documents.

Cards print 2015.03.07-2035.03.07 or 2015.03.07-长期; licences 长期 or 至2030年5月1日;
contracts 自2024年1月1日起至2026年12月31日止. "长期" means valid without end (居民身份证法 第5条).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年|[.\-/．。·])\s*(?P<m>\d{1,2})\s*(?:月|[.\-/．。·])\s*(?P<d>\d{1,2})\s*日?"
    r"|(?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?!\d)"
)
_OPEN_ENDED = ("长期", "永久", "无固定期限")


def find_dates(text: str) -> list[date]:
    """Every valid calendar date in the text, in order (impossible ones skipped)."""
    found = []
    for m in _DATE.finditer(_fold(text)):
        y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (m.group("y2"), m.group("m2"), m.group("d2"))
        try:
            found.append(date(int(y), int(mo), int(d)))
        except ValueError:
            continue
    return found


def parse_date(text: str) -> date | None:
    """The first date in the text, or None."""
    dates = find_dates(text)
    return dates[0] if dates else None


@dataclass(frozen=True)
class Period:
    """A validity period; `end` None with `open_ended` True means 长期."""

    start: date | None
    end: date | None
    open_ended: bool = False

    def expired(self, today: date) -> bool:
        return not self.open_ended and self.end is not None and self.end < today


def parse_period(text: str) -> Period | None:
    """A validity period from its printed form, or None when it has no end date or 长期."""
    folded = _fold(text)
    dates = find_dates(folded)
    open_ended = any(word in folded for word in _OPEN_ENDED)
    if open_ended:
        return Period(dates[0] if dates else None, None, True)
    if not dates:
        return None
    if len(dates) == 1:
        # "至2030年5月1日" is an end; a single bare date is the end too (营业期限 2030年5月1日).
        return Period(None, dates[0])
    return Period(dates[0], dates[-1])


def resolve_relative(value: str, today: date) -> date:
    """A check's date value: ISO date, `today`, `today+30d`, `today-1y`, `today+6m`."""
    value = value.strip()
    m = re.fullmatch(r"today(?:([+-])(\d+)([dmy]))?", value)
    if not m:
        return date.fromisoformat(value)
    if not m.group(1):
        return today
    amount = int(m.group(2)) * (1 if m.group(1) == "+" else -1)
    unit = m.group(3)
    if unit == "d":
        return today + timedelta(days=amount)
    months = amount * (12 if unit == "y" else 1)
    y, mo = divmod(today.month - 1 + months, 12)
    year, month = today.year + y, mo + 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(value)  # pragma: no cover - day 28 always exists


def _fold(text: str) -> str:
    # Full-width digits and the OCR habit of reading 0 as O inside dates.
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return re.sub(r"(?<=[\d.年月\-])[Oo](?=\d)|(?<=\d)[Oo](?=[\d.年月日\-])", "0", text)
