"""The whole product as a user runs it: `banshi serve` (API + the Rasa server it supervises),
in isolated folders, on free ports. Integration, end-to-end and browser tests share one.

Trained models are kept in var/test-rasa/models (keyed by the training data's hash, so a
stale one is never used): a second local run starts in a minute instead of retraining. On a
fresh clone the model is trained once per run, in the background while the unit tests run
(`PRETRAINING`, started by tests/conftest.py); the product and Rasa's evaluation wait for it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from banshi.config import PROJECT_ROOT, RateLimitConfig
from bot.rasa_project import RasaError, ensure_model, prepare
from knowledge.schema import Catalog

MODEL_CACHE = PROJECT_ROOT / "var" / "test-rasa"
READY_TIMEOUT = 2400.0  # a first training on a 2-core machine takes a few minutes


class Pretraining:
    """The bot's model, trained in a background thread: Rasa's training (minutes, mostly one
    core) overlaps the unit tests instead of preceding the first test that needs the bot."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self.error: str | None = None

    def start(self, catalog: Catalog) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._train, args=(catalog,), name="rasa-pretraining", daemon=True)
            self._thread.start()

    def wait(self) -> None:
        """Until the model is trained (or failed: then the product trains and reports itself)."""
        if self._thread is not None:
            self._thread.join()

    def _train(self, catalog: Catalog) -> None:
        project = prepare(catalog, MODEL_CACHE, "pretrain")
        try:
            ensure_model(project, RASA, READY_TIMEOUT, MODEL_CACHE / "pretrain.log")
        except RasaError as exc:
            self.error = str(exc)


RASA = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
PRETRAINING = Pretraining()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


STAFF_PASSWORD = "Correct-Horse-7-Battery"


class Product:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "BANSHI_DATABASE__URL": f"sqlite:///{folder / 'banshi.db'}",
            "BANSHI_SEARCH__INDEX_DIR": str(folder / "index"),
            "BANSHI_API__PORT": str(self.port),
            "BANSHI_BOT__ENABLED": "true",
            "BANSHI_BOT__PORT": str(free_port()),
            "BANSHI_BOT__WORK_DIR": str(MODEL_CACHE),
            "BANSHI_BOT__TRACKER_STORE": f"sqlite:///{folder / 'tracker.db'}",
            # The browser test's portal page embeds the widget from another port of this host, as a
            # city's portal would from its own origin (listed by the operator in frame_ancestors).
            "BANSHI_API__FRAME_ANCESTORS": json.dumps(["'self'", "http://127.0.0.1:*"]),
            # Tests and benchmarks talk from one address far faster than any citizen: no rate limits.
            **{f"BANSHI_API__RATE_LIMITS__{key.upper()}": "0" for key in RateLimitConfig.model_fields},
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "serve.log"
        self._capabilities: dict[str, str] = {}
        self._staff: dict[tuple[str, ...], str] = {}

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "banshi.cli", "serve"], env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"banshi serve exited ({self.process.returncode}):\n{self.tail()}")
            try:
                bot = httpx.get(f"{self.url}/healthz", timeout=2).json()["bot"]
            except (httpx.HTTPError, ValueError, KeyError):
                bot = {"status": "starting"}
            if bot["status"] == "ready":
                return
            if bot["status"] == "failed":
                raise RuntimeError(f"the bot failed to start (its error is in the log):\n{self.tail()}")
            time.sleep(1)
        raise RuntimeError(f"the product was not ready within {READY_TIMEOUT:.0f} s\n{self.tail()}")

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would: no clean shutdown. Rasa dies with it."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        _wait_port_free(int(self.env["BANSHI_BOT__PORT"]))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def capability(self, sender: str) -> str:
        """The conversation id the product issued for a test's conversation named `sender`."""
        if sender not in self._capabilities:
            response = httpx.post(f"{self.url}/api/v1/chat/conversations", timeout=10)
            assert response.status_code == 201, response.text
            self._capabilities[sender] = response.json()["sender"]
        return self._capabilities[sender]

    def conversation_id(self, sender: str) -> str:
        """The bare conversation id Rasa and the records know the conversation by."""
        return self.capability(sender).split(".")[0]

    def chat(self, sender: str, message: str) -> list[dict]:
        body = {"sender": self.capability(sender), "message": message}
        response = httpx.post(f"{self.url}/api/v1/chat", json=body, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()

    def staff_user(self, *roles: str) -> str:
        """A user with `roles` (password STAFF_PASSWORD), made once with `banshi user create` as an
        operator would; returns the user name."""
        if roles not in self._staff:
            name = f"{'-'.join(roles)}-{len(self._staff)}"
            command = [sys.executable, "-m", "banshi.cli", "user", "create", name, "--password-stdin"]
            command += [f"--role={role}" for role in roles]
            done = subprocess.run(command, input=STAFF_PASSWORD, env=self.env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            self._staff[roles] = name
        return self._staff[roles]

    def staff_headers(self, *roles: str) -> dict[str, str]:
        """A bearer token for the user with `roles`, through POST /api/v1/auth/token (a fresh one
        each call: they expire)."""
        body = {"username": self.staff_user(*roles), "password": STAFF_PASSWORD}
        response = httpx.post(f"{self.url}/api/v1/auth/token", json=body, timeout=10)
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _wait_port_free(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.3)
