"""Personal numbers in free text — 居民身份证号, mobile and landline phone numbers, bank card
numbers — found and masked before a citizen's words are stored, logged or sent on (PIPL data
minimisation: the assistant never needs the number itself to answer).

Masks keep enough to recognise one's own number and no more: an ID or card number keeps its
first and last four characters (3604**********0071), a mobile number its first three and last
four (138****8000), a landline its area code and last four. Grouped spellings (138 0013 8000,
6222-0212-3456-7890) are found too; a run of digits that is none of these (a date, an item
code, 12345) is left alone.
"""

from __future__ import annotations

import re

_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_AFTER = r"(?![0-9A-Za-z])"
_SEP = r"[ \-]?"

# ID numbers: 18 characters (the last may be X), the old 15 digits, and anything between, which
# is an ID number misread or mistyped by a digit — masked all the same.
_ID = re.compile(_NOT_DIGIT_BEFORE + r"[0-9]{14,17}[0-9Xx]" + _NOT_DIGIT_AFTER)
# Bank cards: 16 to 19 digits, alone or in groups of four.
_CARD = re.compile(
    _NOT_DIGIT_BEFORE + r"(?:[0-9]{16,19}|[0-9]{4}(?:[ \-][0-9]{4}){3}(?:[ \-]?[0-9]{1,3})?)" + _NOT_DIGIT_AFTER
)
# Mobile numbers: 1[3-9]x, eleven digits, optionally 3-4-4 with spaces or hyphens, optionally +86.
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])(?:\+?86[ \-]?)?1[3-9][0-9]" + _SEP + r"[0-9]{4}" + _SEP + r"[0-9]{4}" + _NOT_DIGIT_AFTER
)
# Landlines with their area code: 0XX(X)-XXXXXXX(X).
_LANDLINE = re.compile(_NOT_DIGIT_BEFORE + r"0[1-9][0-9]{1,2}[\-－ ]?[2-9][0-9]{6,7}" + _NOT_DIGIT_AFTER)


def mask_number(number: str) -> str:
    """Keep the first and last four characters of a number: 3604**********0071."""
    n = number.strip()
    if len(n) <= 8:
        return n[:1] + "*" * max(len(n) - 1, 0)
    return n[:4] + "*" * (len(n) - 8) + n[-4:]


def _mask_mobile(match: re.Match[str]) -> str:
    digits = re.sub(r"[^0-9]", "", match.group(0))[-11:]
    return digits[:3] + "****" + digits[-4:]


def _mask_landline(match: re.Match[str]) -> str:
    number = match.group(0)
    area = re.match(r"0[1-9][0-9]{1,2}", number)
    assert area is not None
    local = re.sub(r"[^0-9]", "", number[area.end() :])
    return area.group(0) + "-" + "*" * (len(local) - 4) + local[-4:]


def mask_id_numbers(text: str) -> str:
    """Mask every ID-like number (18 characters, or the old 15 digits)."""
    return _ID.sub(lambda m: mask_number(m.group(0)), text)


def mask_personal(text: str) -> str:
    """Mask every ID, bank card and phone number in a message."""
    text = mask_id_numbers(text)
    text = _CARD.sub(lambda m: mask_number(re.sub(r"[ \-]", "", m.group(0))), text)
    text = _MOBILE.sub(_mask_mobile, text)
    return _LANDLINE.sub(_mask_landline, text)
