"""Named fields of a document from its text rows: labels found with spaCy, values by layout.

Labels (姓名, 公民身份号码, 有效期限, a form's own field names…) are matched with a spaCy
PhraseMatcher over character tokens, longest label first (新生儿姓名 before 姓名). A label's
value is the text after it on the same row up to the next label; an empty value looks at the
next row (stacked layouts); an address continues on the rows below that carry no label.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prereview.identifiers import canonical_number, find_id_numbers, find_usccs
from prereview.layout import CELL_GAP, Row
from prereview.model import Box

# Fields whose value may wrap onto the following rows.
_WRAPPING = {"住址", "住所", "经营场所", "房屋坐落", "坐落", "经营范围", "出生地点", "户籍地址", "地址"}
# Characters between a label and its value that are not part of the value.
_SEPARATORS = " \t:：" + CELL_GAP
# Printed hints after a label: 申请人（签字）, 日期（年月日）.
_HINT = re.compile(r"^[（(][^）)]{0,8}[）)]")


@dataclass(frozen=True)
class FieldValue:
    """A field read from a page: its label, value text, page and the box it came from."""

    name: str
    text: str
    page: int
    box: Box
    label_box: Box

    @property
    def empty(self) -> bool:
        return not self.text.strip(_SEPARATORS + "_＿—-/ ")


class LabelMatcher:
    """Finds a set of field labels (and their aliases) in text, longest match first."""

    def __init__(self, labels: dict[str, str]) -> None:
        """labels: printed label or alias → canonical field name."""
        from spacy.matcher import PhraseMatcher

        self.labels = labels
        self._nlp = _blank_zh()
        self._matcher = PhraseMatcher(self._nlp.vocab)
        for printed, canonical in labels.items():
            self._matcher.add(canonical, [self._nlp.make_doc(printed)])
        for printed, canonical in labels.items():  # a long label wrapped in its cell: 户主或与户主关|系
            for cut in _wrapped(printed):
                if cut not in labels:
                    self._matcher.add(canonical, [self._nlp.make_doc(cut)])

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(canonical name, start char, end char) of the labels in text, left to right."""
        from spacy.tokens import Span
        from spacy.util import filter_spans

        doc = self._nlp.make_doc(text)
        spans = [Span(doc, start, end, label=match_id) for match_id, start, end in self._matcher(doc)]
        return [(span.label_, span.start_char, span.end_char) for span in sorted(filter_spans(spans), key=lambda s: s.start)]


# A label this long may wrap inside a narrow table cell; its first line still names it when it
# keeps all but the last WRAP_CUT characters (and at least WRAP_KEEP).
_WRAP_LONG, _WRAP_CUT, _WRAP_KEEP = 6, 2, 5


def _wrapped(label: str) -> list[str]:
    """The first lines a wrapped label leaves on its row (户主或与户主关系 → 户主或与户主关)."""
    if len(label) < _WRAP_LONG:
        return []
    return [label[:n] for n in range(max(_WRAP_KEEP, len(label) - _WRAP_CUT), len(label))]


_NLP: Any = None
_NLP_LOCK = threading.Lock()


def _blank_zh() -> Any:
    """spaCy's blank Chinese pipeline, character segmenter (no model download needed)."""
    global _NLP
    with _NLP_LOCK:
        if _NLP is None:
            import spacy

            _NLP = spacy.blank("zh")
        return _NLP


_MATCHERS: dict[frozenset[tuple[str, str]], LabelMatcher] = {}


def matcher_for(labels: dict[str, str]) -> LabelMatcher:
    """A cached matcher per label set (document types reuse theirs across requests)."""
    key = frozenset(labels.items())
    with _NLP_LOCK:
        found = _MATCHERS.get(key)
    if found is None:
        found = LabelMatcher(labels)
        with _NLP_LOCK:
            _MATCHERS[key] = found
    return found


def read_fields(rows: Sequence[Row], page: int, labels: dict[str, str]) -> dict[str, FieldValue]:
    """The value of every label found on the page (the first occurrence of a label wins)."""
    found: dict[str, FieldValue] = {}
    for field in read_occurrences(rows, page, labels):
        found.setdefault(field.name, field)
    return found


def read_occurrences(rows: Sequence[Row], page: int, labels: dict[str, str]) -> list[FieldValue]:
    """Every labelled value on the page in reading order, repeats included (a 结婚证 names two
    people with the same labels; a contract two parties)."""
    matcher = matcher_for(labels)
    found: list[FieldValue] = []
    matches = [matcher.find(row.text) for row in rows]
    consumed: set[int] = set()
    for index, row in enumerate(rows):
        if index in consumed:
            continue
        spans = matches[index]
        for position, (name, start, end) in enumerate(spans):
            stop = spans[position + 1][1] if position + 1 < len(spans) else len(row.text)
            raw = row.text[end:stop]
            label_box = row.box_of(start, end)
            parties = _parties(row, end, stop)
            if parties:  # 男方 | 女方 side by side: one value per party, each in its own cell
                found += [FieldValue(name, text, page, box, label_box) for text, box in parties]
                continue
            value, offset = _clean(raw)
            if value:
                box = row.box_of(end + offset, end + offset + len(value))
                # A value glued to its label (姓名张小明) shares the label's box: keep that.
                field = FieldValue(name, value, page, box, label_box)
            else:
                # Labels side by side over their values (材质 | 照明方式): each takes its column.
                column = None
                apart = len({row.box_of(s_start, s_end) for _n, s_start, s_end in spans}) == len(spans)
                if len(spans) > 1 and apart:  # each label in its own box (cell), not one line of print
                    right = row.box_of(stop, stop + 1).x0 if position + 1 < len(spans) else float("inf")
                    left = label_box.x0 - label_box.height if position else float("-inf")
                    column = (left, right)
                field = _value_below(name, rows, matches, index, page, label_box, consumed, column)
            if name in _WRAPPING and not field.empty:
                field = _continued(field, rows, matches, index, consumed)
            found.append(field)
    return found


def _parties(row: Row, start: int, stop: int) -> list[tuple[str, Box]]:
    """The cells after a label when they hold one person's value each — several cells, every one
    an ID number, or every one a name (2–4 characters, or with ·) — else [] (one value, perhaps
    spread over cells: an address is longer than a name)."""
    cells = _cells(row, start, stop)
    if len(cells) < 2:
        return []
    numbers = all(len(find_id_numbers(text)) == 1 for text, _ in cells)
    names = all(_NAME.fullmatch(text) and text not in _NOT_NAMES and (len(text) <= 4 or "·" in text) for text, _ in cells)
    return cells if numbers or names else []


def read_party_table(rows: Sequence[Row], page: int, fields: Sequence[str]) -> list[FieldValue]:
    """A form's table with one column per party: a header row of parties (权利人 | 义务人, 男方 |
    女方), then rows of a particular and each party's value (姓名 | 林某 | 魏某). Each value is
    the form's field party + particular (义务人姓名), by position when every party has a value,
    else by the party's column each value stands under (none when that is unclear). A value wrapped in
    its cell continues on the row below, whose cells all sit under the values' columns (a long
    address; the X of an ID number)."""
    found: list[FieldValue] = []
    header: list[tuple[str, Box]] = []
    current: list[FieldValue] = []
    for row in rows:
        cells = _cells(row)
        if is_party_header(row, fields):
            header, current = cells, []
            continue
        if current and _continues(cells, current):
            for text, box in cells:
                index = next(i for i, value in enumerate(current) if _columns_overlap(value.box, box))
                value = current[index]
                joined = FieldValue(value.name, value.text + text, value.page, value.box.union(box), value.label_box)
                found[found.index(value)] = current[index] = joined
            continue
        current = []
        if not header or len(cells) < 2:
            continue
        particular, values = cells[0][0], cells[1:]
        if len(values) == len(header):
            owned = list(zip(header, values, strict=True))
        else:  # some values missing or on a row of their own: each under its party's column
            owned = [(column[0], value) for value in values
                     if len(column := [h for h in header if _columns_overlap(h[1], value[1])]) == 1]
            if len(owned) != len(values):
                continue
        for (party, _header_box), (text, box) in owned:
            name = next((f for f in fields if f.startswith(party) and f[len(party):].endswith(particular)), None)
            if name is not None:
                current.append(FieldValue(name, text, page, box, cells[0][1]))
        found += current
    return found


def is_party_header(row: Row, fields: Sequence[str]) -> bool:
    """A row of parties only (权利人 | 义务人, 男方 | 女方): column heads, no field of its own."""
    cells = _cells(row)
    return len(cells) >= 2 and all(any(f.startswith(text) and f != text for f in fields) for text, _box in cells)


def _continues(cells: list[tuple[str, Box]], values: list[FieldValue]) -> bool:
    """The row's cells are the rest of the values above: each right under one of them, the
    particulars' column empty, close below (a line of text, not the next row of the table), and
    no label：value of its own (声明日期：… under the table)."""
    if not cells or any(":" in text or "：" in text for text, _box in cells):
        return False
    bottom = max(v.box.y1 for v in values)
    height = max(max(v.box.height for v in values), 1.0)
    return all(
        box.y0 - bottom < height and sum(_columns_overlap(v.box, box) for v in values) == 1 for _text, box in cells
    )


def _cells(row: Row, start: int = 0, stop: int | None = None) -> list[tuple[str, Box]]:
    """The non-empty table cells of the row's text between start and stop, each with its box."""
    cells = []
    position = start
    for part in row.text[start:stop].split(CELL_GAP):
        text = part.strip(_SEPARATORS + "_＿")
        if text:
            at = position + part.find(text)
            cells.append((text, row.box_of(at, at + len(text))))
        position += len(part) + len(CELL_GAP)
    return cells


def pair_people(occurrences: Sequence[FieldValue], name_fields: set[str], id_fields: set[str]) -> list[tuple[FieldValue, FieldValue | None]]:
    """Names with the ID number that belongs to each, in reading order: with several names still
    waiting (two parties side by side: 姓名 甲 乙 then 号码 a b) the number goes to the one in
    its column whose cell starts nearest; else to the last name before it (one person after
    another)."""
    people: list[list[FieldValue | None]] = []
    for field in occurrences:
        if field.name in name_fields and not field.empty:
            people.append([field, None])
        elif field.name in id_fields and not field.empty:
            waiting = [p for p in people if p[1] is None and p[0] is not None]
            party = _party(field.name)
            same_party = [p for p in waiting if party and _party(p[0].name) == party]  # type: ignore[union-attr]
            if same_party:  # 男方身份证件号码 is 男方姓名's, wherever the cells are
                same_party[-1][1] = field
                continue
            same_column = [p for p in waiting if _columns_overlap(p[0].box, field.box)]  # type: ignore[union-attr]
            if len(waiting) > 1 and same_column:
                # Equally near (one column of values): the latest name, as one person follows another.
                tolerance = max(field.box.height, 1.0)
                order = {id(p): i for i, p in enumerate(same_column)}
                closest = min(
                    same_column,
                    key=lambda p: (round(abs(p[0].box.x0 - field.box.x0) / tolerance), -order[id(p)]),  # type: ignore[union-attr]
                )
                closest[1] = field
            elif people and people[-1][1] is None:
                people[-1][1] = field
    return [(name, number) for name, number in people if name is not None]


# What a field's name says after whose it is: 男方|姓名, 权利人|身份证件号码.
_PARTICULAR = re.compile(r"(姓名|名称|(公民)?(有效)?身份证?(件)?(号码|号|编号)|证件号码)$")


def _party(field_name: str) -> str:
    """Whose field it is (男方, 权利人…), '' for a field of no named party (姓名)."""
    return _PARTICULAR.sub("", field_name)


def _columns_overlap(a: Box, b: Box) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.3 * min(a.width, b.width)


def _clean(raw: str) -> tuple[str, int]:
    """Strip separators and printed hints before the value; return it and its offset in raw."""
    offset = len(raw) - len(raw.lstrip(_SEPARATORS))
    rest = raw[offset:]
    hint = _HINT.match(rest)
    if hint:
        offset += hint.end()
        rest = rest[hint.end() :]
        stripped = rest.lstrip(_SEPARATORS)
        offset += len(rest) - len(stripped)
        rest = stripped
    value = rest.rstrip(_SEPARATORS).replace(CELL_GAP, " ")
    return value.strip("_＿ "), offset


def _value_below(
    name: str, rows: Sequence[Row], matches: list, index: int, page: int, label_box: Box, consumed: set[int],
    column: tuple[float, float] | None = None,
) -> FieldValue:
    """A label alone at the end of its row: the value is the next row if that row has no label
    (within the label's column, when labels stand side by side over their values)."""
    below = index + 1
    if below < len(rows) and not matches[below]:
        row = rows[below]
        gap = row.box.y0 - label_box.y1
        if (gap < 1.5 * max(label_box.height, 1.0) and row.box.x1 > label_box.x0 and not _statement(row.text)
                and not _another_label(row.text) and (_dated(row.text) or not _DATE_FIELD.search(name))):
            consumed.add(below)
            if column is not None:
                cells = [(text, box) for text, box in _cells(row) if column[0] <= (box.x0 + box.x1) / 2 < column[1]]
                if not cells:
                    return FieldValue(name, "", page, label_box, label_box)
                box = cells[0][1]
                for _text, other in cells[1:]:
                    box = box.union(other)
                return FieldValue(name, " ".join(text for text, _box in cells), page, box, label_box)
            value, _ = _clean(row.text)
            return FieldValue(name, value, page, row.box, label_box)
    return FieldValue(name, "", page, label_box, label_box)


# A row that starts with a label of its own (申请人（签字/盖章）：, 备注:) is no value for the
# label above, even when that label is not one of the form's fields.
_OWN_LABEL = re.compile(r"^\s*[\u4e00-\u9fff（）()/]{2,12}[：:]")
# A date's field (申请日期, 声明日期) holds a date: a sentence below a blank one is not it.
_DATE_FIELD = re.compile(r"(日期|时间)$")


def _another_label(text: str) -> bool:
    return bool(_OWN_LABEL.match(text))


def _dated(text: str) -> bool:
    return bool(re.search(r"\d|[年月日]", text))


def _statement(text: str) -> bool:
    """A printed sentence (申请人对所填内容的真实性负责。): the form's own text, never a value."""
    return "。" in text


def _continued(field: FieldValue, rows: Sequence[Row], matches: list, index: int, consumed: set[int]) -> FieldValue:
    """Append the label-less rows right below a wrapping value (a long 住址)."""
    text, box = field.text, field.box
    below = index + 1
    while below < len(rows) and below not in consumed and not matches[below]:
        row = rows[below]
        height = max(box.height, 1.0)
        if row.box.y0 - box.y1 > 0.9 * height or row.box.x0 < box.x0 - 1.5 * height or _statement(row.text):
            break
        consumed.add(below)
        text += row.text.replace(CELL_GAP, "")
        box = box.union(row.box)
        below += 1
    return FieldValue(field.name, text, field.page, box, field.label_box)


def id_number_in(field: FieldValue | None) -> str | None:
    """The ID number in a field's value, folded from OCR look-alikes; None when there is none."""
    if field is None or field.empty:
        return None
    numbers = find_id_numbers(field.text)
    return numbers[0] if numbers else canonical_number(field.text)


USCC_FIELD = "统一社会信用代码"


def bare_usccs(rows: Sequence[Row], page: int) -> list[FieldValue]:
    """A row that is one 统一社会信用代码 and nothing else, its label not read (a small label in
    a grid cell's corner that OCR missed): the number is the code's. Only a run that no ID number
    fits (a letter among its characters) is taken: an 18-digit run may be a person's."""
    found = []
    for row in rows:
        text = re.sub(r"\s", "", row.text)
        codes = find_usccs(text)
        if len(codes) == 1 and len(codes[0]) == len(text) and not find_id_numbers(text):
            found.append(FieldValue(USCC_FIELD, codes[0], page, row.box, row.box))
    return found


def uscc_in(field: FieldValue | None) -> str | None:
    """The 统一社会信用代码 in a field's value (or its canonical text when it has no clean run)."""
    if field is None or field.empty:
        return None
    codes = find_usccs(field.text)
    return codes[0] if codes else re.sub(r"\s", "", field.text).upper()


_NAME = re.compile(r"[\u4e00-\u9fff]{2,}(?:·[\u4e00-\u9fff]{1,})*")
# Words in a name's place that are no one's name: a 户口簿's 与户主关系 beside the name
# (姓名 顾某玉 户主), a role.
_NOT_NAMES = frozenset({"户主", "本人", "配偶", "妻子", "丈夫", "儿子", "女儿", "长子", "长女", "次子", "次女", "之子", "之女",
                        "父亲", "母亲", "孙子", "孙女", "兄弟", "姐妹", "申请人", "经办人", "代理人", "签字", "签名"})


def name_of(field: FieldValue | None) -> str | None:
    """A person's name as written: the first word of the value (spaces OCR put between the
    characters of a short name removed; 某乙 年龄 35 → 某乙)."""
    if field is None or field.empty:
        return None
    text = field.text.strip()
    if re.fullmatch(r"(?:[\u4e00-\u9fff]\s){1,4}[\u4e00-\u9fff]", text):  # 某 晓 明
        return text.replace(" ", "")
    first = re.split(r"[\s:：,，;；/（(]", text, maxsplit=1)[0]
    # A tick box read with the name (☑某甲) is not part of it; what is left must look like a
    # name — two or more Chinese characters (· between the parts of a minority name) — else
    # OCR read something else there (a number, half a name) and there is no name to compare.
    name = re.sub(r"[·•]", "·", first).lstrip("☑☐□■√✓✔")
    return name if _NAME.fullmatch(name) and name not in _NOT_NAMES else None
