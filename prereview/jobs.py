"""Pre-review jobs: uploaded files kept for a while, reviewed in the background, then purged.

A job's id is random and unguessable: whoever holds it (the citizen's browser, the chat) can
read the report and delete the files. Files live under `prereview.upload_dir/<id>/` and the
report in the database; both go when the retention period ends (`purge`) or on request.
Reviews run on a small thread pool so OCR never blocks the API's event loop, and a bad file
only ever fails its own job.
"""

from __future__ import annotations

import logging
import re
import secrets
import shutil
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, String, Text, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from banshi.db import Base
from nlu.personal import mask_id_numbers
from prereview.model import Upload
from prereview.review import Application, PreReview

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


class PrereviewJobRow(Base):
    __tablename__ = "prereview_jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    target: Mapped[str] = mapped_column(String(200))
    answers: Mapped[dict] = mapped_column(JSON)
    files: Mapped[list] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)
    report: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


def _now() -> datetime:
    return datetime.now(UTC)


def _safe_name(name: str, index: int) -> str:
    """A file name safe to store (no paths, no control characters), unique within the job."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", base)[:80] or "file"
    return f"{index:02d}-{base}"


class PrereviewJobs:
    """Create, run, read, delete and purge pre-review jobs."""

    def __init__(self, engine: Engine, upload_dir: Path, review: PreReview, retention_days: int = 7, workers: int = 1) -> None:
        self.engine = engine
        self.upload_dir = upload_dir
        self.review = review
        self.retention = timedelta(days=retention_days)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="prereview")
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()

    def submit(self, target: str, answers: Mapping[str, str | Sequence[str]], uploads: Sequence[Upload]) -> str:
        """Store the files, record the job and queue it; returns the job id."""
        job_id = secrets.token_urlsafe(16)
        folder = self.upload_dir / job_id
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for index, upload in enumerate(uploads):
            stored = _safe_name(upload.filename, index)
            (folder / stored).write_bytes(upload.data)
            files.append({"name": upload.filename, "label": upload.label, "stored": stored, "size": len(upload.data)})
        now = _now()
        with Session(self.engine) as session, session.begin():
            session.add(PrereviewJobRow(
                id=job_id, target=target, answers=dict(answers), files=files, status=QUEUED,
                created_at=now, expires_at=now + self.retention,
            ))
        with self._lock:
            self._futures[job_id] = self._pool.submit(self._run, job_id)
        return job_id

    def wait(self, job_id: str, timeout: float) -> None:
        """Wait up to `timeout` seconds for a job this process runs."""
        with self._lock:
            future = self._futures.get(job_id)
        if future is None:
            return
        try:
            future.result(timeout=timeout)
        except TimeoutError:
            return

    def get(self, job_id: str) -> dict[str, Any] | None:
        """The job's status and, when done, its report; None when unknown or purged."""
        with Session(self.engine) as session:
            row = session.get(PrereviewJobRow, job_id)
            if row is None:
                return None
            return {
                "id": row.id,
                "status": row.status,
                "target": row.target,
                "files": [{"name": f["name"], "label": f["label"], "size": f["size"]} for f in row.files],
                "created_at": row.created_at.isoformat(),
                "expires_at": row.expires_at.isoformat(),
                "report": row.report,
                "error": row.error,
            }

    def delete(self, job_id: str) -> bool:
        """Delete a job's files and report (the citizen's right to remove theirs)."""
        with Session(self.engine) as session, session.begin():
            row = session.get(PrereviewJobRow, job_id)
            if row is None:
                return False
            session.delete(row)
        shutil.rmtree(self.upload_dir / job_id, ignore_errors=True)
        return True

    def purge(self, now: datetime | None = None) -> int:
        """Delete every job past its retention period; returns how many went."""
        now = now or _now()
        with Session(self.engine) as session:
            expired = list(session.scalars(select(PrereviewJobRow.id).where(PrereviewJobRow.expires_at < now)))
        for job_id in expired:
            self.delete(job_id)
        # Folders left behind by a crash between writing files and recording the job.
        if self.upload_dir.exists():
            cutoff = (now - self.retention).timestamp()
            for folder in self.upload_dir.iterdir():
                if folder.is_dir() and folder.stat().st_mtime < cutoff and self.get(folder.name) is None:
                    shutil.rmtree(folder, ignore_errors=True)
        if expired:
            log.info("purged %d pre-review jobs past retention", len(expired))
        return len(expired)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, job_id: str) -> None:
        with Session(self.engine) as session, session.begin():
            row = session.get(PrereviewJobRow, job_id)
            if row is None:
                return
            row.status = RUNNING
            target, answers, files = row.target, dict(row.answers), list(row.files)
        uploads = [Upload(f["name"], (self.upload_dir / job_id / f["stored"]).read_bytes(), f["label"]) for f in files]
        report: dict | None = None
        error: str | None = None
        try:
            report = self.review.run(Application(target, uploads, answers)).as_dict()
        except Exception as exc:  # a failed job says so; the service goes on
            log.exception("pre-review job %s failed", job_id)
            error = mask_id_numbers(f"预审未能完成：{exc}")
        with Session(self.engine) as session, session.begin():
            row = session.get(PrereviewJobRow, job_id)
            if row is None:  # deleted while running
                return
            row.status = DONE if report is not None else FAILED
            row.report = report
            row.error = error
            row.finished_at = _now()


class PurgeTimer:
    """Runs `purge` every `interval` seconds in a daemon thread while the API is up
    (the API gives it banshi.retention's purge of every store, uploads included)."""

    def __init__(self, purge: Callable[[], object], interval: float = 3600.0) -> None:
        self._purge = purge
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="retention-purge", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _loop(self) -> None:
        while True:
            try:
                self._purge()
            except Exception:  # never let the timer die; the next round tries again
                log.exception("retention purge failed")
            if self._stop.wait(self._interval):
                return
