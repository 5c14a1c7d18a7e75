from datetime import date

import pytest

from prereview.dates import find_dates, parse_period, resolve_relative

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("text", "start", "end", "open_ended"),
    [
        ("2015.03.07-2035.03.07", date(2015, 3, 7), date(2035, 3, 7), False),
        ("2015.03.07-长期", date(2015, 3, 7), None, True),
        ("20150307-20250307", date(2015, 3, 7), date(2025, 3, 7), False),
        ("自2024年1月1日起至2026年12月31日止", date(2024, 1, 1), date(2026, 12, 31), False),
        ("长期", None, None, True),
        ("至2030年5月1日", None, date(2030, 5, 1), False),
        ("2O15.O3.07-2035.03.07", date(2015, 3, 7), date(2035, 3, 7), False),
    ],
)
def test_periods(text: str, start: date | None, end: date | None, open_ended: bool) -> None:
    period = parse_period(text)
    assert period is not None
    assert (period.start, period.end, period.open_ended) == (start, end, open_ended)


@pytest.mark.parametrize(
    ("text", "expired"),
    [("2010.01.01-2020.01.01", True), ("2016.05.01-长期", False), ("2020.01.01-2040.01.01", False), ("2016.12.05-2026.12.03", True)],
)
def test_expiry(text: str, expired: bool) -> None:
    period = parse_period(text)
    assert period is not None and period.expired(TODAY) is expired


def test_impossible_dates_are_skipped() -> None:
    assert find_dates("1990年13月40日 2001年2月3日") == [date(2001, 2, 3)]
    assert parse_period("无") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("today", TODAY), ("today+30d", date(2027, 1, 3)), ("today-1y", date(2025, 12, 4)), ("today+6m", date(2027, 6, 4)), ("2027-01-01", date(2027, 1, 1))],
)
def test_relative_dates(value: str, expected: date) -> None:
    assert resolve_relative(value, TODAY) == expected
