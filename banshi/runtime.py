"""Assembling the running product from the configuration: database, catalog, index, searcher.

Shared by the CLI and the API so both start the same way: migrate the database, seed it with
the configured catalogue when it is empty, then load the search index — or (re)build it when
it is missing or stale, as `search.rebuild_on_start` allows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from banshi.config import Settings
from banshi.schema import migrate
from knowledge.files import read_catalog
from knowledge.index import IndexMissing, SearchIndex, is_current
from knowledge.schema import Catalog
from knowledge.scope import ScopeThresholds
from knowledge.search import Searcher, SearchTuning
from knowledge.store import KnowledgeStore

if TYPE_CHECKING:
    from prereview.jobs import PrereviewJobs
    from prereview.review import PreReview

log = logging.getLogger(__name__)


@dataclass
class Knowledge:
    """The loaded knowledge base and its searcher."""

    store: KnowledgeStore
    catalog: Catalog
    searcher: Searcher
    # The stored revision `catalog` was loaded at: the store's is newer once a change is
    # published, until the API restarts (GET /healthz?details=1 shows both).
    revision: int | None = None


def open_store(settings: Settings, *, seed: bool = True) -> KnowledgeStore:
    store = KnowledgeStore(settings.database_url)
    migrate(store.engine)
    if seed and settings.knowledge.seed_on_empty and store.is_empty():
        path = settings.path(settings.knowledge.seed_path)
        log.info("empty knowledge base: importing %s", path)
        store.save(read_catalog(path).catalog)
    return store


def index_folder(settings: Settings) -> Path:
    return settings.path(settings.search.index_dir)


def build_index(settings: Settings, catalog: Catalog) -> SearchIndex:
    folder = index_folder(settings)
    index = SearchIndex.build(catalog, settings.search.encoder, work_dir=folder.parent)
    index.save(folder)
    return index


def load_index(settings: Settings, catalog: Catalog, *, policy: str | None = None) -> SearchIndex:
    """The index for `catalog`: loaded when current, otherwise built (unless policy is never)."""
    policy = policy or settings.search.rebuild_on_start
    folder = index_folder(settings)
    current = is_current(folder, catalog, settings.search.encoder)
    if policy == "always" or (policy == "stale" and not current):
        log.info("building the search index in %s", folder)
        return build_index(settings, catalog)
    try:
        return SearchIndex.load(folder, settings.search.encoder)
    except IndexMissing:
        if policy == "never":
            raise
        return build_index(settings, catalog)


def open_knowledge(settings: Settings, *, policy: str | None = None) -> Knowledge:
    store = open_store(settings)
    revision = store.revision()  # read first: a later write only makes it look older, never newer
    catalog = store.load()
    index = load_index(settings, catalog, policy=policy)
    scope = ScopeThresholds(**{name: getattr(settings.search, name) for name in ScopeThresholds.names()})
    tuning = SearchTuning(scope=scope)
    return Knowledge(store, catalog, Searcher(index, catalog, tuning), revision)


def open_prereview(settings: Settings, knowledge: Knowledge) -> PreReview:
    """The pre-review component configured from `prereview:` (OCR loads on first use)."""
    from knowledge.checklist import resolve_target
    from prereview.intake import Limits
    from prereview.review import PreReview

    return PreReview(
        knowledge.catalog,
        limits=Limits.from_config(settings.prereview),
        e_licenses=settings.checklist.e_licenses,
        lenient_days=settings.prereview.lenient_days,
        resolve=lambda text: resolve_target(knowledge.catalog, text, knowledge.searcher.best_code),
    )


def open_prereview_jobs(settings: Settings, review: PreReview | None = None) -> PrereviewJobs:
    """The job store over the configured database and upload folder."""
    from prereview.jobs import PrereviewJobs

    store = open_store(settings, seed=False)
    if review is None:
        # Purging needs no reviewer; a catalogue-less one refuses to run jobs.
        from prereview.review import PreReview

        review = PreReview(store.load())
    cfg = settings.prereview
    return PrereviewJobs(store.engine, settings.path(cfg.upload_dir), review, cfg.retention_days, cfg.workers)
