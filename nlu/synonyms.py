"""Colloquial and variant terms → canonical terms (社保 → 社会保险, 小卖部 → 便利店 …).

The table lives in the knowledge base (synonyms.yml), so staff extend it without code. The
same expansion runs on guide texts at index time and on questions at query time: whichever
side uses the colloquial word, both meet on the canonical one.
"""

from __future__ import annotations

from collections.abc import Iterable


class SynonymTable:
    """Finds every known term inside a text (substring match, longest first)."""

    def __init__(self, pairs: Iterable[tuple[str, list[str]]] = ()) -> None:
        self._canonical: dict[str, list[str]] = {}
        for term, canonical in pairs:
            if term:
                self._canonical.setdefault(term, [])
                self._canonical[term] += [c for c in canonical if c not in self._canonical[term]]
        self._max_len = max((len(t) for t in self._canonical), default=0)

    def __len__(self) -> int:
        return len(self._canonical)

    @property
    def terms(self) -> list[str]:
        return list(self._canonical)

    def matches(self, text: str) -> list[tuple[str, list[str]]]:
        """(term, canonical terms) for each term found, left to right, longest at each position."""
        found: list[tuple[str, list[str]]] = []
        i = 0
        while i < len(text):
            for length in range(min(self._max_len, len(text) - i), 0, -1):
                term = text[i : i + length]
                if term in self._canonical:
                    found.append((term, self._canonical[term]))
                    i += length - 1
                    break
            i += 1
        return found

    def expand(self, text: str) -> list[str]:
        """Canonical terms for the known terms in `text` (those not already in it)."""
        out: list[str] = []
        for _term, canonical in self.matches(text):
            out += [c for c in canonical if c not in text and c not in out]
        return out
