"""Personal and company numbers: finding them in OCR text, checking them, masking them.

居民身份证号 (GB 11643, ISO 7064 MOD 11-2) and 统一社会信用代码 (GB 32100) are checked with
python-stdnum; the messages say what exactly is wrong so the citizen can compare with the card.
Numbers are masked (nlu.personal.mask_id_numbers: 3604**********0071) wherever they leave the
review: notice, logs, reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

# OCR reads 0/O, 1/l/I and X/x/× interchangeably inside numbers; fold them before matching.
_OCR_DIGIT_FIXES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "x": "X", "×": "X", "Ｘ": "X"})
_ID_RUN = re.compile(r"(?<![0-9A-Z])[0-9]{17}[0-9X](?![0-9A-Z])")
_USCC_RUN = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Z])")
_SPACES = re.compile(r"[\s\-—_·.:：]")


# Digits in other forms that OCR returns now and then: full width (３６０１), superscript and
# subscript (360122197304¹13571).
_SUPERSCRIPT = {0x2070: 0, 0x00B9: 1, 0x00B2: 2, 0x00B3: 3} | {0x2070 + d: d for d in range(4, 10)}
_FULL_WIDTH = ({0xFF10 + d: ord("0") + d for d in range(10)} | {0xFF38: ord("X"), 0xFF58: ord("x")}
               | {code: ord("0") + d for code, d in _SUPERSCRIPT.items()} | {0x2080 + d: ord("0") + d for d in range(10)})


def canonical_number(text: str) -> str:
    """The number as printed, without spaces and with OCR look-alikes folded to digits."""
    return _SPACES.sub("", text.translate(_FULL_WIDTH)).translate(_OCR_DIGIT_FIXES).upper()


def find_id_numbers(text: str) -> list[str]:
    """18-character ID numbers in a line of text (after folding OCR look-alikes)."""
    return _ID_RUN.findall(_number_view(text))


def find_usccs(text: str) -> list[str]:
    """18-character 统一社会信用代码 in a line of text (an ID number also fits: ask by label)."""
    return _USCC_RUN.findall(_number_view(text))




def _number_view(text: str) -> str:
    # Full-width digits (３６０１) are digits; fold look-alikes only between digits, so words
    # around a number are left alone.
    text = text.translate(_FULL_WIDTH)
    squeezed = re.sub(r"(?<=[0-9A-Za-z])\s+(?=[0-9A-Za-z])", "", text)
    return re.sub(r"[0-9OolI|xX×Ｘ]{17,19}", lambda m: m.group(0).translate(_OCR_DIGIT_FIXES).upper(), squeezed)


@dataclass(frozen=True)
class NumberCheck:
    """The outcome of checking one number: valid, or why not in plain words."""

    number: str
    valid: bool
    problem: str = ""
    birth_date: date | None = None


def id_check_char(body: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) of an ID number's first 17 digits."""
    if len(body) != 17 or not body.isdigit():
        raise ValueError(f"an ID number body is 17 digits, got {body!r}")
    return ric.calc_check_digit(body + "?")  # stdnum drops the last character itself


def check_id_number(number: str) -> NumberCheck:
    """Check an 18-digit 公民身份号码: format, birth date and check digit."""
    n = canonical_number(number)
    if not re.fullmatch(r"[0-9]{17}[0-9X]", n):
        return NumberCheck(n, False, f"公民身份号码应为18位（末位可为X），读到的是{len(n)}位")
    try:
        birth = ric.get_birth_date(n)
    except (stdnum_errors.ValidationError, ValueError):
        return NumberCheck(n, False, f"公民身份号码中的出生日期 {n[6:14]} 不是有效日期")
    if birth > date.today():
        return NumberCheck(n, False, f"公民身份号码中的出生日期 {birth.isoformat()} 晚于今天", birth)
    expected = id_check_char(n[:17])
    if expected != n[17]:
        return NumberCheck(n, False, f"公民身份号码校验位不正确（末位应为{expected}，读到{n[17]}），请核对号码", birth)
    return NumberCheck(n, True, birth_date=birth)


# 统一社会信用代码 uses digits and capital letters except I, O, S, V, Z: those are OCR slips for
# the digits they look like. (D, B, G are real letters here, unlike in an ID number.)
_USCC_FIXES = str.maketrans({"O": "0", "I": "1", "S": "5", "Z": "2", "V": "U"})


def check_uscc(number: str) -> NumberCheck:
    """Check an 18-character 统一社会信用代码: character set and check character."""
    n = _SPACES.sub("", number).upper().translate(_USCC_FIXES)
    if len(n) != 18:
        return NumberCheck(n, False, f"统一社会信用代码应为18位，读到的是{len(n)}位")
    try:
        uscc.validate(n)
    except stdnum_errors.InvalidChecksum:
        expected = uscc.calc_check_digit(n[:17])
        return NumberCheck(n, False, f"统一社会信用代码校验位不正确（末位应为{expected}，读到{n[17]}），请核对")
    except stdnum_errors.ValidationError:
        return NumberCheck(n, False, "统一社会信用代码含有不允许的字符或结构不正确，请核对")
    return NumberCheck(n, True)
