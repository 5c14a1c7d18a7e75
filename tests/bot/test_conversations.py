"""The conversation suite (tests/bot/conversations.yml) through POST /api/v1/chat on the real
Rasa server: turns right / turns, the README's figure."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation_suite import load_suite, run_suite
from tests.product import Product

pytestmark = [pytest.mark.integration, pytest.mark.slow]
SUITE = Path(__file__).parent / "conversations.yml"
# A little under the measured score (README: "Conversations"); raise it as the bot improves.
FLOOR = 0.87  # measured 0.888 (318 / 358)


def test_the_conversation_suite_through_the_chat_api(product: Product, sample_catalog) -> None:
    report = run_suite(load_suite(SUITE, sample_catalog), product.chat, sample_catalog)
    print(report.table())
    assert report.turns >= 300
    assert report.score >= FLOOR, report.table()
