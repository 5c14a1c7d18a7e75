"""Request body limits, enforced before the body is read.

A pure ASGI middleware (BaseHTTPMiddleware would buffer the body first): a Content-Length over
the route's limit is refused with 413 at once, without reading a byte; a body without one
(chunked) is counted as it arrives and refused as soon as it passes the limit, so nothing past
the limit reaches memory or the upload spool. The counting is Starlette's
RequestBodyLimitResponder; this module picks the limit per route from the configuration.

The pre-review upload is also watched part by part (UploadParts): one file over
`prereview.max_file_bytes`, or more files than `prereview.max_files`, is refused (413 naming the
file or the count) as soon as the body shows it — the chunk that passes the limit never reaches
the route's form parser, so at most the limit of that file was spooled. These are the only checks
of the two limits: the route trusts them. A catalogue file submitted for review
(`knowledge.max_upload_mb`) is one file: the body's limit is the file's.
"""

from __future__ import annotations

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.datastructures import Headers
from starlette.middleware.body_limit import RequestBodyLimitResponder
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import TooLarge, too_large
from banshi.config import PrereviewConfig, Settings

PREREVIEW_PATH = "/api/v1/prereview"
KNOWLEDGE_CHANGES_PATH = "/api/v1/knowledge/changes"
ACTIONS_PATH = "/api/v1/rasa/actions"
# Multipart headers of one file part (boundary, Content-Disposition with the file name, type).
PART_OVERHEAD = 4096
NAME_SHOWN = 80  # characters of a file's name the 413 repeats


def upload_limit(settings: Settings) -> int:
    """The pre-review upload: every file at its largest, plus the form's other fields."""
    cfg = settings.prereview
    return cfg.max_files * (cfg.max_file_bytes + PART_OVERHEAD) + settings.api.max_json_kb * 1024


class UploadParts:
    """A multipart body's file parts, counted as the body arrives (a second, counting-only parse
    with the parser Starlette's form parsing uses, and its rule: a part whose Content-Disposition
    has a filename is a file). feed() raises TooLarge before the chunk that passes a limit is
    handed on. A body the parser cannot read is left to the route's form parsing to refuse."""

    def __init__(self, content_type: str, cfg: PrereviewConfig) -> None:
        self.cfg = cfg
        self.files = 0
        self.name: str | None = None  # the file part being read, if any
        self.size = 0
        self._field = self._value = self._disposition = b""
        kind, params = parse_options_header(content_type)
        boundary = params.get(b"boundary")
        self.parser: MultipartParser | None = None
        if kind == b"multipart/form-data" and boundary:
            self.parser = MultipartParser(
                boundary,
                {
                    "on_part_begin": self._part_begin,
                    "on_header_field": self._header_field,
                    "on_header_value": self._header_value,
                    "on_header_end": self._header_end,
                    "on_headers_finished": self._headers_finished,
                    "on_part_data": self._part_data,
                    "on_part_end": self._part_end,
                },
            )

    def watch(self, receive: Receive) -> Receive:
        async def receive_counted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                self.feed(message.get("body", b""))
            return message

        return receive_counted

    def feed(self, chunk: bytes) -> None:
        if self.parser is None or not chunk:
            return
        try:
            self.parser.write(chunk)
        except FormParserError:
            self.parser = None  # malformed: the form parsing refuses it with its own 400

    def _part_begin(self) -> None:
        self.name, self.size, self._disposition = None, 0, b""

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        if self._field.lower() == b"content-disposition":
            self._disposition = self._value
        self._field = self._value = b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"filename" not in options:
            return
        self.files += 1
        if self.files > self.cfg.max_files:
            n = self.cfg.max_files
            raise TooLarge(f"一次最多上传 {n} 个文件，请分次提交 (too many files, limit {n})")
        self.name = options[b"filename"].decode("utf-8", errors="replace")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self.name is None:
            return
        self.size += end - start
        if self.size > self.cfg.max_file_bytes:
            name, mb = self.name[:NAME_SHOWN], self.cfg.max_file_mb
            raise TooLarge(
                f"文件“{name}”超过 {mb} MB 的上限，请压缩或分页后再上传 (file too large, limit {mb} MB)"
            )

    def _part_end(self) -> None:
        self.name = None


class BodyLimits:
    """Refuses request bodies over the route's limit (413 in the usual JSON error shape)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.json_limit = settings.api.max_json_kb * 1024
        self.prereview = settings.prereview
        self.routes = {
            ("POST", PREREVIEW_PATH): upload_limit(settings),
            ("POST", ACTIONS_PATH): settings.api.max_action_kb * 1024,
            # One catalogue file submitted for review, and its part's headers.
            ("POST", KNOWLEDGE_CHANGES_PATH): settings.knowledge.max_upload_bytes + PART_OVERHEAD,
        }

    def route(self, scope: Scope) -> tuple[str, str]:
        return scope["method"], scope["path"].rstrip("/")

    def limit_for(self, scope: Scope) -> int:
        return self.routes.get(self.route(scope), self.json_limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        headers = Headers(scope=scope)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await too_large(limit)(scope, receive, send)
            return
        if self.route(scope) == ("POST", PREREVIEW_PATH):
            receive = UploadParts(headers.get("content-type", ""), self.prereview).watch(receive)
        await RequestBodyLimitResponder(self.app, limit)(scope, receive, send)
