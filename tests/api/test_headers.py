"""Security headers: on pages, API answers and errors; frame-ancestors from the configuration."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.headers import PRINT_HANDLER, frame_options, policy_for
from banshi.config import PROJECT_ROOT
from tests.conftest import settings_for

PORTAL = "https://www.example.gov.cn"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = settings_for(tmp_path_factory.mktemp("headers"), api={"frame_ancestors": ["'self'", PORTAL]})
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/", 200), ("GET", "/static/chat.js", 200), ("POST", "/api/v1/search", 422), ("GET", "/nowhere", 404)],
)
def test_every_response_carries_the_headers(client: TestClient, method: str, path: str, status: int) -> None:
    response = client.request(method, path, json={} if method == "POST" else None)
    assert response.status_code == status
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = response.headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {PORTAL}" in policy
    assert "X-Frame-Options" not in response.headers  # it cannot name the portal: left to frame-ancestors


def test_the_chat_page_policy_allows_nothing_inline(client: TestClient) -> None:
    policy = client.get("/?embed=1").headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy and "unsafe" not in policy


def test_the_chat_page_needs_nothing_inline() -> None:
    """What the tight policy relies on: no inline script, style element, style attribute or handler."""
    html = (PROJECT_ROOT / "api" / "web" / "chat.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", html)
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))


def test_the_checklist_policy_allows_its_print_button_by_hash() -> None:
    template = (PROJECT_ROOT / "knowledge" / "checklist" / "templates" / "checklist.html").read_text(encoding="utf-8")
    assert f'onclick="{PRINT_HANDLER}"' in template
    digest = base64.b64encode(hashlib.sha256(PRINT_HANDLER.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy_for("/checklist/abc", ["'self'"])


@pytest.mark.parametrize(
    ("ancestors", "header"), [(["'self'"], "SAMEORIGIN"), (["'none'"], "DENY"), (["'self'", PORTAL], None)]
)
def test_x_frame_options_only_when_it_agrees(ancestors: list[str], header: str | None) -> None:
    assert frame_options(ancestors) == header


def test_the_default_is_same_origin_framing(tmp_path_factory: pytest.TempPathFactory) -> None:
    app = create_app(settings_for(tmp_path_factory.mktemp("headers-default")))
    with TestClient(app) as c:
        response = c.get("/static/chat.css")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'self'")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/login", 200), ("GET", "/admin", 303), ("GET", "/api/v1/handoffs", 401), ("GET", "/api/v1/admin/audit", 401)],
)
def test_staff_pages_and_apis_are_never_framed_nor_cached(client: TestClient, method: str, path: str, status: int) -> None:
    """Even where portals may frame the chat (PORTAL here), nobody frames a staff page."""
    response = client.request(method, path, follow_redirects=False)
    assert response.status_code == status
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert response.headers["X-Frame-Options"] == "DENY" and response.headers["Cache-Control"] == "no-store"
