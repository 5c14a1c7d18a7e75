"""Which items a message names outright (on the sample catalogue)."""

from __future__ import annotations

import pytest

from bot.naming import ItemNames


@pytest.mark.parametrize(
    ("message", "names"),
    [
        ("老年人优待证怎么弄", {"老年人优待证办理"}),  # the name without its 办理
        ("那残疾证呢", {"残疾人证办理"}),  # an alias without its 办
        ("結婚登記需要什麼", {"结婚登记"}),  # traditional characters
        ("那护照呢", {"普通护照签发"}),  # a short form several of its names give
        ("医保的事", set()),  # a short form one name gives (买医保): too general
        ("公司要换法人，去哪办", {"公司设立登记", "市场主体变更登记", "企业简易注销登记", "企业开办一件事"}),
        ("退休的事想咨询下", {"职工退休申请", "退休一件事"}),  # shared: neither alone
        ("要带什么材料", set()),
        ("游艇驾照要去哪里考", set()),  # a short form (驾照) inside another thing's name
        ("办个护照要多久", {"普通护照签发"}),
    ],
)
def test_the_items_a_message_names(sample_catalog, message: str, names: set[str]) -> None:
    by_code = {i.code: i.name for i in sample_catalog.items} | {b.code: b.name for b in sample_catalog.bundles}
    assert {by_code[c] for c in ItemNames(sample_catalog).named(message)} == names
