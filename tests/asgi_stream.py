"""A request body streamed straight into the ASGI app, chunk by chunk and without Content-Length
(as a chunked upload arrives), counting how much of it the app pulled: the tests of the body
limits show how far a refused body was read. Also a multipart upload made lazily, so a "file" of
hundreds of megabytes costs nothing unless it is read."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Scope

CHUNK = 16 * 1024
BOUNDARY = "banshi-test-boundary"
MULTIPART = [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())]


def send_stream(
    app: ASGIApp, path: str, headers: list[tuple[bytes, bytes]], chunks: Iterable[bytes], query: str = ""
) -> tuple[int, dict[str, Any], int]:
    """POST the chunks to the app; (status, JSON answer, bytes of body the app took)."""
    stream = iter(chunks)
    upcoming = next(stream, None)  # one ahead, to say whether more follows
    consumed = 0
    answer: dict[str, Any] = {"status": 0, "body": b""}

    async def receive() -> Message:
        nonlocal upcoming, consumed
        if upcoming is None:
            return {"type": "http.disconnect"}
        chunk, upcoming = upcoming, next(stream, None)
        consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": upcoming is not None}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    scope: Scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
        "headers": [(b"host", b"testserver"), *headers], "client": ("127.0.0.1", 1234), "server": ("testserver", 80),
    }  # fmt: skip
    anyio.run(app, scope, receive, send)
    return answer["status"], json.loads(answer["body"]), consumed


def _part(name: str, filename: str | None = None) -> bytes:
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\nContent-Type: image/jpeg\r\n\r\n".encode()


def multipart(fields: dict[str, str], files: list[tuple[str, int]]) -> Iterator[bytes]:
    """A multipart/form-data body: the fields, then each file (name, size in bytes) as CHUNK
    pieces of filler, then the closing boundary — made only as far as it is read."""
    for name, value in fields.items():
        yield _part(name) + value.encode() + b"\r\n"
    for filename, size in files:
        yield _part("files", filename)
        left = size
        while left > 0:
            piece = min(CHUNK, left)
            yield b"x" * piece
            left -= piece
        yield b"\r\n"
    yield f"--{BOUNDARY}--\r\n".encode()
