"""Item and material names in a message replaced by one mark per lookup table.

What a citizen asks (materials, time, fee, a complaint) is told by the words around the name,
not by the name: "出生医学证明要带什么" and "营业执照要带什么" ask the same thing. Character
n-grams of the raw message are mostly the name's; of the masked message ("Ⓜ要带什么") they are
the question's, and a name the training examples never used costs nothing.

Runs inside the Rasa server's process (Rasa puts the project folder on its import path).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# one private-use character per table, in the tables' sorted order: never typed by a citizen
FIRST_MARK = 0xE000


class LookupMasker:
    """Replaces lookup entries by their table's mark, longest entry first, left to right."""

    def __init__(self, tables: Mapping[str, Iterable[str]], min_length: int = 2) -> None:
        self.marks: dict[str, str] = {}
        for number, name in enumerate(sorted(tables)):
            for entry in tables[name]:
                if len(entry) >= min_length:
                    # an entry in two tables keeps the first table's mark
                    self.marks.setdefault(entry, chr(FIRST_MARK + number))
        self._lengths = sorted({len(entry) for entry in self.marks}, reverse=True)

    @classmethod
    def from_training_data(cls, lookup_tables: list[dict]) -> LookupMasker:
        """From Rasa's TrainingData.lookup_tables ({"name", "elements"}; elements inline)."""
        tables: dict[str, list[str]] = {}
        for table in lookup_tables:
            elements = table.get("elements")
            if isinstance(elements, list):
                tables.setdefault(table["name"], []).extend(str(e) for e in elements)
        return cls(tables)

    def mask(self, text: str) -> str:
        out: list[str] = []
        i = 0
        while i < len(text):
            for length in self._lengths:
                mark = self.marks.get(text[i : i + length]) if i + length <= len(text) else None
                if mark:
                    out.append(mark)
                    i += length
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)
