"""`banshi serve` as a real process: starts, answers over HTTP, shuts down cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_process_answers(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "BANSHI_DATABASE__URL": f"sqlite:///{tmp_path / 'banshi.db'}",
        "BANSHI_SEARCH__INDEX_DIR": str(tmp_path / "index"),
        "BANSHI_API__PORT": str(port),
        "BANSHI_BOT__ENABLED": "false",  # the chat's own process tests are in tests/bot
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "banshi.cli", "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else "server exited"
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        else:
            pytest.fail("the server did not become healthy within 300 s")
        body = httpx.post(f"{base}/api/v1/search", json={"query": "结婚证怎么领"}, timeout=10).json()
        assert body["results"][0]["name"] == "结婚登记"
        assert httpx.post(f"{base}/api/v1/search", content=b"{", timeout=10).status_code == 422
        assert httpx.get(f"{base}/", timeout=10, follow_redirects=True).status_code == 200
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
