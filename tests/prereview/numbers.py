"""Fictitious ID numbers and 统一社会信用代码 for tests, with valid or deliberately wrong check characters."""

from __future__ import annotations

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number(region: str = "360402", birth: str = "19900307", sequence: str = "123", valid: bool = True) -> str:
    """An 18-character 公民身份号码 (GB 11643); valid=False gives a wrong check character."""
    body = region + birth + sequence
    check = _CHECK[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]
    if not valid:
        check = _CHECK[(_CHECK.index(check) + 3) % 11]
    return body + check


def uscc(body: str = "92360402MA35XK7Q1", valid: bool = True) -> str:
    """An 18-character 统一社会信用代码 (GB 32100); valid=False gives a wrong check character."""
    from stdnum.cn import uscc as stdnum_uscc

    check = stdnum_uscc.calc_check_digit(body)
    if not valid:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        check = alphabet[(alphabet.index(check) + 5) % len(alphabet)]
    return body + check
