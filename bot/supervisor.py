"""Brings the bot up next to the API: generate the Rasa project, train if needed, start Rasa.

Runs in a background thread so the API (search, items, the chat page) answers at once; the
chat says "starting" until Rasa is ready. The status is on /healthz.
"""

from __future__ import annotations

import logging
import threading
from typing import Literal

from banshi.config import Settings
from bot.rasa_project import RasaError, ensure_model, prepare
from bot.rasa_server import RasaServer
from knowledge.schema import Catalog

log = logging.getLogger(__name__)
Status = Literal["disabled", "preparing", "training", "starting", "ready", "failed"]


class BotSupervisor:
    def __init__(self, settings: Settings, catalog: Catalog) -> None:
        self.settings = settings
        self.catalog = catalog
        self.status: Status = "disabled" if not settings.bot.enabled else "preparing"
        self.error = ""
        self.server: RasaServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def url(self) -> str:
        return f"http://{self.settings.bot.host}:{self.settings.bot.port}"

    def start(self) -> None:
        if not self.settings.bot.enabled:
            return
        self._thread = threading.Thread(target=self._run, name="rasa-supervisor", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        bot = self.settings.bot
        work_dir = self.settings.path(bot.work_dir)
        try:
            project = prepare(self.catalog, work_dir)
            self.status = "training" if not project.model.exists() else "starting"
            model = ensure_model(project, self.settings.path(bot.rasa), bot.start_timeout, work_dir / "train.log")
            if self._stopping.is_set():
                return
            self.status = "starting"
            self.server = RasaServer(self.settings, project.folder, model)
            self.server.start()
            self.server.wait_ready(bot.start_timeout)
            self.status = "ready"
            # Stay alive with the child: Linux sends PR_SET_PDEATHSIG when the *thread* that
            # started it ends. Watching also tells /healthz when Rasa dies.
            code = self.server.wait()
            if not self._stopping.is_set():
                raise RasaError(f"Rasa exited unexpectedly (code {code}); see {self.server.log_file}")
        except RasaError as exc:
            self.status, self.error = "failed", str(exc)
            log.error("the chat is unavailable: %s", exc)
        except Exception as exc:  # the API keeps serving search even when the bot cannot start
            self.status, self.error = "failed", f"{type(exc).__name__}: {exc}"
            log.exception("the chat is unavailable")

    def stop(self) -> None:
        self._stopping.set()
        if self.server is not None:
            self.server.stop()

    def as_dict(self) -> dict[str, str]:
        return {"status": self.status, "url": self.url, **({"error": self.error} if self.error else {})}
