"""Homophone typo repair: 身分证 → 身份证, 公基金 → 公积金, 结昏证 → 结婚证.

Most typos of Chinese typed with a pinyin IME are same-sound characters. A window of the
question that is not a known word but sounds like one (toneless pinyin, with the common
z/zh c/ch s/sh n/ng confusions folded) is taken to mean that word. Only vocabulary words are
ever proposed, so the repair cannot invent a topic the knowledge base does not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from pypinyin import Style, pinyin

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_FOLD = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("ng", "n"))


@lru_cache(maxsize=65536)
def char_sound(ch: str) -> str:
    """Toneless, fuzzy-folded pinyin of one character (its most common reading)."""
    sound = pinyin(ch, style=Style.NORMAL, heteronym=False, errors="default")[0][0]
    for a, b in _FOLD:
        sound = sound.replace(a, b)
    return sound


def sound_key(word: str) -> str:
    return " ".join(char_sound(ch) for ch in word)


class HomophoneCorrector:
    """Proposes vocabulary words that sound like unknown windows of a question."""

    def __init__(self, vocabulary: Iterable[str], min_len: int = 2, max_len: int = 6) -> None:
        self.min_len, self.max_len = min_len, max_len
        self.vocabulary = {w for w in vocabulary if min_len <= len(w) <= max_len and _CJK_RUN.fullmatch(w)}
        self._by_sound: dict[str, set[str]] = {}
        for word in self.vocabulary:
            self._by_sound.setdefault(sound_key(word), set()).add(word)

    def correction_pairs(self, text: str, solid: Sequence[tuple[int, int]] = ()) -> list[tuple[str, str]]:
        """(window as typed, vocabulary word it sounds like) for windows spelt differently.

        `solid` are spans of real words found by segmentation: a window may contain one whole
        but never cut one, so 证遗失 is not read as 争议 + 失 (身份证 | 遗失 are both words).
        """
        out: list[tuple[str, str]] = []
        for match in _CJK_RUN.finditer(text):
            run, offset = match.group(0), match.start()
            sounds = [char_sound(ch) for ch in run]
            for length in range(min(self.max_len, len(run)), self.min_len - 1, -1):
                for start in range(len(run) - length + 1):
                    window = run[start : start + length]
                    if window in self.vocabulary:
                        continue
                    begin, end = offset + start, offset + start + length
                    if any(s < end and begin < e and not (begin <= s and e <= end) for s, e in solid):
                        continue
                    for word in sorted(self._by_sound.get(" ".join(sounds[start : start + length]), ())):
                        if word not in text and (window, word) not in out:
                            out.append((window, word))
        return out

    def corrections(self, text: str) -> list[str]:
        """Vocabulary words meant by windows of `text` that are spelt differently."""
        return list(dict.fromkeys(word for _window, word in self.correction_pairs(text)))
