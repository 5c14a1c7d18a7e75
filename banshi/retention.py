"""Retention of personal data: every store has a period (config `retention:`), and the purge
deletes what is older than it; a citizen can also delete their own conversation at once.

The stores: Rasa's tracker store (the conversations), the product's conversation records
(answers, ratings, handoffs, script preference), saved checklists and pre-review uploads; and
staff sessions and tokens once expired (a day after, so a just-expired one still explains a
refusal). The audit log is kept: it is append-only.
The API purges hourly (prereview.jobs.PurgeTimer); `banshi data purge` does it by hand. The
clock is a parameter, so tests move time instead of waiting for it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from banshi.config import Settings
from banshi.credentials import Credentials
from banshi.runtime import open_prereview_jobs
from bot.records import ConversationRecords
from bot.tracker_events import TrackerEvents
from knowledge.checklist.saved import SavedChecklists
from prereview.jobs import PrereviewJobs

log = logging.getLogger(__name__)


class Retention:
    """Purges every store of personal data, or one conversation on request."""

    def __init__(self, settings: Settings, jobs: PrereviewJobs) -> None:
        self.settings = settings
        self.jobs = jobs
        self.records = ConversationRecords(jobs.engine)
        self.checklists = SavedChecklists(jobs.engine)
        self.credentials = Credentials(jobs.engine)
        self.tracker = TrackerEvents(settings)

    def purge(self, now: datetime | None = None) -> dict[str, int]:
        """Delete what is past its period at `now`; returns how many went, per store."""
        now = now or datetime.now(UTC)
        days = self.settings.retention

        def cutoff(period: int) -> datetime:
            return now - timedelta(days=period)

        counts = {"conversations": self.tracker.purge(cutoff(days.conversations_days))}
        counts.update(
            self.records.purge(cutoff(days.conversations_days), cutoff(days.handoffs_days), cutoff(days.ratings_days))
        )
        counts["checklists"] = self.checklists.purge(cutoff(days.checklists_days))
        counts["uploads"] = self.jobs.purge(now)
        counts["expired_logins"] = self.credentials.purge(now - timedelta(days=1))
        if any(counts.values()):
            log.info("retention purge: %s", counts)
        return counts

    def forget(self, sender: str) -> dict[str, int]:
        """Delete one conversation (the bare id) from Rasa's store and the product's records."""
        return {"events": self.tracker.forget(sender), **self.records.forget(sender)}

    def close(self) -> None:
        self.tracker.close()


def purge(settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """One purge of every store with the configured database (what `banshi data purge` runs)."""
    jobs = open_prereview_jobs(settings)
    retention = Retention(settings, jobs)
    try:
        return retention.purge(now)
    finally:
        retention.close()
        jobs.close()
