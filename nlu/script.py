"""Which script the citizen writes in, and replies in that script.

The knowledge base stays simplified; a citizen who writes traditional characters (Hong Kong,
Macao, Taiwan, overseas) gets the answer converted with OpenCC s2t. A message that reads the
same in both scripts (a number, a button's payload, "要多久") says nothing, so the caller keeps
the conversation's earlier choice.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import opencc

from nlu.normalize import to_simplified

Script = Literal["simplified", "traditional"]


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


def detect_script(text: str) -> Script | None:
    """traditional / simplified when the text shows it, None when it reads the same in both."""
    if text.startswith("/"):  # a button payload, not the citizen's writing
        return None
    if to_simplified(text) != text:
        return "traditional"
    if to_traditional(text) != text:
        return "simplified"
    return None
