"""The benchmark's synthetic knowledge base and its percentile helper (fast: small catalogs)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root, for `bench`

from bench.stats import latency_summary, percentile  # noqa: E402
from bench.synthetic import synthetic_catalog, synthetic_queries, synthetic_query_pairs  # noqa: E402
from knowledge.schema import Catalog  # noqa: E402
from knowledge.validate import validate  # noqa: E402

N = 200


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return synthetic_catalog(N, faqs_per_item=5, seed=0)


def test_catalog_is_valid(catalog: Catalog) -> None:
    assert Catalog.model_validate(catalog.model_dump()) == catalog
    assert validate(catalog) == []


def test_sizes_and_unique_names(catalog: Catalog) -> None:
    assert len(catalog.items) == N
    assert sum(len(item.faqs) for item in catalog.items) == 5 * N
    assert all(len(item.faqs) == 5 for item in catalog.items)
    assert len({item.name for item in catalog.items}) == N
    assert len({item.code for item in catalog.items}) == N
    assert 250 <= len(catalog.materials) <= 350
    assert all(item.aliases for item in catalog.items)


def test_requested_faq_count() -> None:
    small = synthetic_catalog(30, faqs_per_item=3, seed=4)
    assert sum(len(item.faqs) for item in small.items) == 90
    assert validate(small) == []
    with pytest.raises(ValueError):
        synthetic_catalog(10, faqs_per_item=0)


def test_deterministic_for_a_seed(catalog: Catalog) -> None:
    assert synthetic_catalog(N, faqs_per_item=5, seed=0).model_dump() == catalog.model_dump()
    other = synthetic_catalog(N, faqs_per_item=5, seed=1)
    assert [i.name for i in other.items] != [i.name for i in catalog.items]


def test_materials_are_canonical(catalog: Catalog) -> None:
    known = {m.code for m in catalog.materials}
    used = {r.material for item in catalog.items for r in item.materials}
    assert used <= known
    assert len({m.name for m in catalog.materials}) == len(catalog.materials)


def test_queries_are_deterministic_and_about_items(catalog: Catalog) -> None:
    pairs = synthetic_query_pairs(catalog, 300, seed=3)
    assert pairs == synthetic_query_pairs(catalog, 300, seed=3)
    assert synthetic_queries(catalog, 300, seed=3) == [q for q, _ in pairs]
    codes = {item.code for item in catalog.items}
    assert all(q.strip() and code in codes for q, code in pairs)
    names = {item.name for item in catalog.items}
    assert any(q not in names for q, _ in pairs)  # rewritten, not just the names


def test_percentile_known_values() -> None:
    values = list(range(1, 101))  # 1..100
    assert percentile(values, 0) == 1
    assert percentile(values, 100) == 100
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile([15, 20, 35, 40, 50], 40) == pytest.approx(29.0)
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0  # unsorted input
    assert percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_latency_summary_in_milliseconds() -> None:
    summary = latency_summary([0.001] * 99 + [0.011])
    assert summary["p50_ms"] == pytest.approx(1.0)
    assert summary["max_ms"] == pytest.approx(11.0)
    assert summary["p99_ms"] == pytest.approx(1.1)  # rank 98.01: 1 ms + 0.01 × 10 ms
    assert summary["mean_ms"] == pytest.approx(1.1)
