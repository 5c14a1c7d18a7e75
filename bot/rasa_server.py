"""The Rasa server as a child process of the API: configured, started, watched and stopped.

Rasa runs in its own virtual environment (its pins clash with the rest of the stack), exactly
as it is deployed in production: a `rasa run` process with the REST channel, the SQL tracker
store (conversations survive restarts) and the action endpoint pointing back at the API.
The child dies with its parent (PR_SET_PDEATHSIG), so a killed `banshi serve` leaves no orphan.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import signal
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import yaml

from banshi.config import Settings
from banshi.keys import derived_key
from bot.rasa_project import RasaError, rasa_env, require_installed

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1
RASA_MAIN = Path(__file__).with_name("rasa_main.py")
ACTION_TOKEN_HEADER = "X-Banshi-Action-Token"


def sqlite_store_path(url: str, settings: Settings) -> Path | None:
    """The file of a sqlite:///FILE tracker store (relative to the project root); None for another URL."""
    return settings.path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def tracker_store(url: str, settings: Settings) -> dict[str, str | int]:
    """Rasa's SQL tracker-store settings from one URL (sqlite:///FILE or postgresql://…)."""
    path = sqlite_store_path(url, settings)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_ahead(path)
        return {"type": "SQL", "dialect": "sqlite", "db": str(path)}
    parts = urlsplit(url)
    store: dict[str, str | int] = {"type": "SQL", "dialect": "postgresql", "url": parts.hostname or "localhost", "db": parts.path.lstrip("/")}
    if parts.port:
        store["port"] = parts.port
    if parts.username:
        store["username"] = parts.username
    if parts.password:
        store["password"] = parts.password
    return store


def write_ahead(path: Path) -> None:
    """Put a SQLite tracker store in write-ahead-log mode before Rasa opens it. The mode is kept
    in the file, so Rasa's own connections use it: one sync per saved turn instead of three, and
    one conversation's read never waits for another's write."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")


def action_token(settings: Settings) -> str:
    """The secret Rasa sends with every action call (derived from the server's secret)."""
    return derived_key(settings, "rasa-actions")


def write_endpoints(settings: Settings, folder: Path) -> Path:
    """Rasa's endpoints.yml: actions back to the API with the secret in a header (a header, not
    Rasa's `token` query parameter, which access logs would print), the tracker store."""
    action_url = f"http://{settings.api.host}:{settings.api.port}/api/v1/rasa/actions"
    endpoints = {
        "action_endpoint": {"url": action_url, "headers": {ACTION_TOKEN_HEADER: action_token(settings)}},
        "tracker_store": tracker_store(settings.bot.tracker_store, settings),
    }
    path = folder / "endpoints.yml"
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text(yaml.safe_dump(endpoints, allow_unicode=True), encoding="utf-8")
    return path


def server_command(rasa: Path) -> list[str]:
    """The server runs as `rasa` through bot/rasa_main.py (Rasa's check of action replies compiled
    once) with the interpreter of Rasa's environment; a `rasa` without an interpreter beside it
    runs as it is."""
    python = rasa.with_name("python")
    return [str(python), str(RASA_MAIN)] if python.exists() else [str(rasa)]


def _die_with_parent() -> None:
    """In the child: ask Linux to SIGTERM it when the parent process dies."""
    with contextlib.suppress(OSError):  # not Linux: the parent still stops it on a clean shutdown
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class RasaServer:
    def __init__(self, settings: Settings, project_folder: Path, model: Path) -> None:
        self.settings = settings
        self.folder = project_folder
        self.model = model
        self.url = f"http://{settings.bot.host}:{settings.bot.port}"
        self.log_file = settings.path(settings.bot.work_dir) / "rasa-server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        if _answers(self.url):
            raise RasaError(
                f"something already listens on {self.url}: stop it, or set bot.port in config.yml to a free port"
            )
        endpoints = write_endpoints(self.settings, self.folder)
        rasa = self.settings.path(self.settings.bot.rasa)
        require_installed(rasa)
        command = [
            *server_command(rasa), "run",
            "--model", str(self.model), "--endpoints", str(endpoints), "--credentials", "credentials.yml",
            "--interface", self.settings.bot.host, "--port", str(self.settings.bot.port),
        ]  # fmt: skip
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        out = self.log_file.open("ab")
        log.info("starting Rasa at %s (log: %s)", self.url, self.log_file)
        self.process = subprocess.Popen(
            command, cwd=self.folder, stdout=out, stderr=subprocess.STDOUT, env=rasa_env(), preexec_fn=_die_with_parent
        )
        out.close()

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RasaError(f"Rasa exited with code {self.process.returncode}; see {self.log_file}")
            if _answers(self.url):
                log.info("Rasa is ready at %s", self.url)
                return
            time.sleep(0.5)
        raise RasaError(f"Rasa did not answer at {self.url} within {timeout:.0f} s; see {self.log_file}")

    def wait(self) -> int:
        """Block until the Rasa process exits; its exit code."""
        assert self.process is not None
        return self.process.wait()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False
