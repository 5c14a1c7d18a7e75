"""Path statistics (`banshi checklist stats`): questions per path and distinct checklists."""

from __future__ import annotations

from knowledge.checklist import find_target
from knowledge.checklist.scenarios import paths
from knowledge.checklist.stats import path_stats
from knowledge.files import read_catalog
from tests.conftest import SAMPLE

CATALOG = read_catalog(SAMPLE).catalog


def test_an_item_is_walked_whole_and_its_figures_follow_from_its_paths() -> None:
    target = find_target(CATALOG, "出生登记")
    every = list(paths(target, 10_000))
    stats = path_stats(CATALOG, target)
    assert stats.exhaustive and stats.paths == len(every)
    assert stats.longest == max(len(a) for a in every)
    assert min(len(a) for a in every) <= stats.mean <= stats.longest
    assert 1 < stats.checklists <= len(every)


def test_a_bundle_beyond_the_limit_is_sampled_reproducibly() -> None:
    target = find_target(CATALOG, "出生一件事")
    first = path_stats(CATALOG, target, limit=50, samples=200, seed=3)
    assert not first.exhaustive and first.paths <= 200
    assert first == path_stats(CATALOG, target, limit=50, samples=200, seed=3)
    assert first.longest >= first.mean > 0
