"""Body size limits: refused before the body is read; normal requests unaffected."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import upload_limit
from tests.conftest import settings_for

CHUNK = 16 * 1024


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    folder = tmp_path_factory.mktemp("limits")
    return create_app(settings_for(folder, api={"max_json_kb": 64}, prereview={"max_file_mb": 1, "max_files": 2}))


def post(
    app: FastAPI, path: str, headers: list[tuple[bytes, bytes]], chunks: int, head: bytes = b""
) -> tuple[int, dict[str, Any], int]:
    """POST a body of `chunks` × 16 KB straight to the ASGI app; (status, JSON answer, bytes the app took)."""
    consumed = 0
    sent = 0
    answer: dict[str, Any] = {"status": 0, "body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal consumed, sent
        if sent >= chunks:
            return {"type": "http.disconnect"}
        sent += 1
        consumed += CHUNK
        body = (head if sent == 1 else b"") + b"x" * CHUNK
        return {"type": "http.request", "body": body, "more_body": sent < chunks}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), *headers], "client": ("127.0.0.1", 1234), "server": ("testserver", 80)}
    anyio.run(app, scope, receive, send)
    return answer["status"], json.loads(answer["body"]), consumed


def test_a_large_content_length_is_refused_without_reading_the_body(app: FastAPI) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(50 * 1024 * 1024).encode())]
    status, body, consumed = post(app, "/api/v1/search", headers, chunks=3200)
    assert status == 413 and consumed == 0
    assert body["error"] == "too_large" and "64 KB" in body["message"] and "请求内容过大" in body["message"]


def test_a_streamed_body_is_cut_off_at_the_limit(app: FastAPI) -> None:
    status, body, consumed = post(app, "/api/v1/search", [(b"content-type", b"application/json")], chunks=3200)
    assert status == 413 and body["error"] == "too_large"
    assert consumed <= 64 * 1024 + CHUNK


def test_a_streamed_upload_is_cut_off_at_the_limit(app: FastAPI) -> None:
    headers = [(b"content-type", b"multipart/form-data; boundary=xyz")]
    head = b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
    status, body, consumed = post(app, "/api/v1/prereview", headers, chunks=6400, head=head)
    assert status == 413 and "MB" in body["message"]
    assert consumed <= upload_limit(app.state.settings) + CHUNK


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_an_upload_over_the_limit_is_413(client: TestClient, tmp_path: Path) -> None:
    files = [("files", ("big.jpg", b"\xff\xd8" + b"0" * (3 * 1024 * 1024), "image/jpeg"))]
    response = client.post("/api/v1/prereview", data={"item": "个体工商户设立登记"}, files=files)
    assert response.status_code == 413 and response.json()["error"] == "too_large"


def test_normal_requests_are_unaffected(client: TestClient) -> None:
    assert client.post("/api/v1/search", json={"query": "身份证丢了怎么补办"}).status_code == 200
    files = [("files", ("small.txt", b"hello", "text/plain"))]
    response = client.post("/api/v1/prereview", data={"item": "不存在的事项名称"}, files=files)
    assert response.status_code == 404  # reached the route: the body was within the limit
