"""Fictitious ID numbers and 统一社会信用代码 for tests, with valid or deliberately wrong check characters."""

from __future__ import annotations

from stdnum.cn import uscc as stdnum_uscc

from prereview.identifiers import id_check_char
from tools.prereview_synthetic.identities import ID_CHECK_CHARS, USCC_ALPHABET


def id_number(region: str = "360402", birth: str = "19900307", sequence: str = "123", valid: bool = True) -> str:
    """An 18-character 公民身份号码 (GB 11643); valid=False gives a wrong check character."""
    body = region + birth + sequence
    check = id_check_char(body)
    if not valid:
        check = ID_CHECK_CHARS[(ID_CHECK_CHARS.index(check) + 3) % 11]
    return body + check


def uscc(body: str = "92360402MA35XK7Q1", valid: bool = True) -> str:
    """An 18-character 统一社会信用代码 (GB 32100); valid=False gives a wrong check character."""
    check = stdnum_uscc.calc_check_digit(body)
    if not valid:
        check = USCC_ALPHABET[(USCC_ALPHABET.index(check) + 5) % len(USCC_ALPHABET)]
    return body + check
