"""Deduplicating one material that several items (or rules) ask for: the strictest wins.

One 身份证 once, with the highest copy count and the strictest form; it stays 免提交 / 容缺 /
告知承诺 only if every item that needs it allows that.
"""

from __future__ import annotations

from knowledge.schema import MaterialForm, OriginalOrCopy, SignatureRule

_FORM_RANK = {MaterialForm.EITHER.value: 0, MaterialForm.ELECTRONIC.value: 1, MaterialForm.PAPER.value: 2}


def original_or_copy(a: str, b: str) -> str:
    """原件 and 复印件 asked by different items: bring both."""
    if a == b:
        return a
    return OriginalOrCopy.BOTH.value


def form(a: str, b: str) -> str:
    """纸质 over 电子 over 纸质或电子: the form that satisfies the stricter item."""
    return a if _FORM_RANK.get(a, 0) >= _FORM_RANK.get(b, 0) else b


def signature(a: str, b: str) -> str:
    """签字 and 盖章 asked by different items: both."""
    if a == b or b == SignatureRule.NONE.value:
        return a
    if a == SignatureRule.NONE.value:
        return b
    return SignatureRule.SIGN_AND_SEAL.value


def texts(a: str | None, b: str | None) -> str | None:
    """Two standards or notes: both, once each."""
    if not a or a == b:
        return b or a
    if not b or b in a:
        return a
    return f"{a}\n{b}"
