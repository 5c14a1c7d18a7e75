"""Which items a message names outright, by an item's or bundle's name or alias.

Naming the item is enough: "老年人优待证怎么弄" is about 老年人优待证办理 whatever else the
search finds close, and a message that names no item is a follow-up on the one under
discussion. Matching is on normalised text (traditional characters, width, spaces), longest
name first, so 老年人优待证 is not also read as 优待证; a word that is an alias of several
items (退休) names all of them, and so none alone.
"""

from __future__ import annotations

import re

from knowledge.documents import is_live
from knowledge.schema import Bundle, Catalog, Item
from nlu.normalize import compact

# Names shorter than this are too easily part of other words (证, 户口 in 户口本…).
_SHORTEST = 2
# A shortened name shorter than this (买医保 → 医保) is too general to stand for one item …
_SHORTEST_DERIVED = 3
# … unless this many of the item's names shorten to it.
_SHORT_FORM_NAMES = 2
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Words that may stand right before a two-character name (那护照呢, 办个护照, 我的低保).
_LEAD_INS = set("那这个的了要想问我你他她把给和跟在去补换领开办申请还也就")
# How citizens shorten a name: the thing without the doing of it. 办残疾证 → 残疾证,
# 老年人优待证办理 → 老年人优待证, 公积金贷款 → 公积金 (also 取公积金's: so 公积金 alone names both).
_LEADING = re.compile(r"^(办理|申请|补办|办|开|领|换|交|买|注册|提取|取)")
_TRAILING = re.compile(r"(办理|申请|申领|签发|核发|开具|补办|换证|换领|补领|丢了|到期|过期|怎么办|登记|备案|参保|贷款|提取|注销|变更|办证|手续|一件事)$")


class ItemNames:
    def __init__(self, catalog: Catalog) -> None:
        self._codes: dict[str, set[str]] = {}
        shorts: dict[str, dict[str, int]] = {}  # two-character short form → item → how many names give it
        entities: list[Item | Bundle] = [*catalog.items, *catalog.bundles]
        for entity in entities:
            if not is_live(entity):
                continue
            for text in [entity.name, *entity.aliases]:
                name = compact(text)
                shortened = {_LEADING.sub("", name), _TRAILING.sub("", name), _TRAILING.sub("", _LEADING.sub("", name))} - {name}
                for form in shortened:
                    if _SHORTEST <= len(form) < _SHORTEST_DERIVED:
                        counts = shorts.setdefault(form, {})
                        counts[entity.code] = counts.get(entity.code, 0) + 1
                for form in {name} | {f for f in shortened if len(f) >= _SHORTEST_DERIVED}:
                    if len(form) >= _SHORTEST:
                        self._codes.setdefault(form, set()).add(entity.code)
        # 护照 (办护照, 申请护照, 换护照) and 低保 (办低保, 吃低保) stand for their item; 医保
        # from 买医保 alone does not (居民医保, 异地医保… are other things); and 公司 (开公司,
        # 注册公司) names every item that shortens to it (公司注销, 公司变更): so none alone.
        for form, counts in shorts.items():
            if max(counts.values()) >= _SHORT_FORM_NAMES:
                self._codes.setdefault(form, set()).update(counts)
        names = sorted(self._codes, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(n) for n in names)) if names else None

    def named(self, text: str) -> set[str]:
        """The codes of the items the text names (empty when it names none)."""
        if self._pattern is None:
            return set()
        found: set[str] = set()
        canonical = compact(text)
        for match in self._pattern.finditer(canonical):
            word = match.group(0)
            before = canonical[match.start() - 1] if match.start() else ""
            if len(word) < _SHORTEST_DERIVED and _HAN.match(before) and before not in _LEAD_INS:
                continue  # 游艇驾照: a short form inside a longer name is that other thing
            found |= self._codes[word]
        return found
