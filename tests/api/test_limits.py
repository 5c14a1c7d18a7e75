"""Body size limits: refused before the body is read; normal requests unaffected."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import upload_limit
from tests.asgi_stream import CHUNK, MULTIPART, multipart, send_stream
from tests.conftest import settings_for

MB = 1024 * 1024
ITEM = "个体工商户设立登记"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    folder = tmp_path_factory.mktemp("limits")
    return create_app(settings_for(folder, api={"max_json_kb": 64}, prereview={"max_file_mb": 1, "max_files": 2}))


def post(app: FastAPI, path: str, headers: list[tuple[bytes, bytes]], chunks: int) -> tuple[int, dict, int]:
    """POST `chunks` × 16 KB of filler, streamed: (status, JSON answer, bytes the app took)."""
    return send_stream(app, path, headers, (b"x" * CHUNK for _ in range(chunks)))


def test_a_large_content_length_is_refused_without_reading_the_body(app: FastAPI) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(50 * 1024 * 1024).encode())]
    status, body, consumed = post(app, "/api/v1/search", headers, chunks=3200)
    assert status == 413 and consumed == 0
    assert body["error"] == "too_large" and "64 KB" in body["message"] and "请求内容过大" in body["message"]


def test_a_streamed_body_is_cut_off_at_the_limit(app: FastAPI) -> None:
    status, body, consumed = post(app, "/api/v1/search", [(b"content-type", b"application/json")], chunks=3200)
    assert status == 413 and body["error"] == "too_large"
    assert consumed <= 64 * 1024 + CHUNK


def test_an_upload_declaring_a_length_over_the_limit_is_refused_without_reading_it(app: FastAPI) -> None:
    limit = upload_limit(app.state.settings)
    headers = [*MULTIPART, (b"content-length", str(limit + 1).encode())]
    body_stream = multipart({"item": ITEM}, [("a.jpg", 2 * MB)])
    status, body, consumed = send_stream(app, "/api/v1/prereview", headers, body_stream)
    assert status == 413 and consumed == 0
    assert "请求内容过大" in body["message"] and "2 MB" in body["message"]


# Streamed uploads (no Content-Length) that pass a per-file limit (max_file_mb 1, max_files 2 here):
# the file each sends is far bigger than the limit, and far bigger than the whole body may be
# (upload_limit, about 2 MB here), so how much the app took shows which limit stopped it, and when.
@pytest.mark.parametrize(
    ("files", "said", "most"),
    [
        (
            [("扫描件.pdf", 256 * MB)],
            ["文件“扫描件.pdf”超过 1 MB 的上限", "(file too large, limit 1 MB)"],
            MB + 2 * CHUNK,
        ),
        ([("a.jpg", 10_000), ("b.jpg", 256 * MB)], ["文件“b.jpg”超过 1 MB 的上限"], 10_000 + MB + 2 * CHUNK),
        (
            [("a.jpg", MB), ("b.jpg", MB), ("c.jpg", 256 * MB)],
            ["一次最多上传 2 个文件", "(too many files, limit 2)"],
            2 * MB + 2 * CHUNK,
        ),
    ],
    ids=["one file over", "the second file over", "a file too many"],
)
def test_a_streamed_upload_stops_at_the_file_that_passes_a_limit(
    app: FastAPI, files: list[tuple[str, int]], said: list[str], most: int
) -> None:
    body_stream = multipart({"item": ITEM}, files)
    status, body, consumed = send_stream(app, "/api/v1/prereview", MULTIPART, body_stream)
    assert status == 413 and body["error"] == "too_large"
    assert all(part in body["message"] for part in said), body["message"]
    assert consumed <= most < upload_limit(app.state.settings)


@pytest.mark.parametrize(
    ("size", "status"), [(MB, 404), (MB + 1, 413)], ids=["at the limit", "one byte over"]
)
def test_the_file_limit_is_exact(client: TestClient, size: int, status: int) -> None:
    """Two files of exactly max_file_bytes are taken (the route answers: no such item); a byte more is not."""
    files = [("a.jpg", size), ("b.jpg", size)]
    body_stream = multipart({"item": "不存在的事项名称"}, files)
    answer, body, _ = send_stream(client.app, "/api/v1/prereview", MULTIPART, body_stream)
    assert answer == status, body
    assert ("没有找到" if status == 404 else "文件“a.jpg”超过 1 MB") in body["message"]


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
