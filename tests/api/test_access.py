"""Every route is classified in the README's table, and each staff route keeps out the anonymous
and the wrong roles (401 / redirect to login, then 403), while letting its own roles through.

The table is the one definition: this test parses it, walks the OpenAPI document and the pages
(routes outside the schema), and fails for any route that is not in the table or any row that
names a route that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import CSRF_HEADER, SESSION_COOKIE
from banshi.accounts import Role
from tests.conftest import settings_for
from tests.staff import staff_headers, staff_user

README = Path(__file__).resolve().parents[2] / "README.md"
ROUTE = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/[^`]*)`")
# Classes in the table → the roles that pass; None: not a staff route.
STAFF_CLASSES: dict[str, frozenset[Role] | None] = {
    "public": None,
    "citizen's own": None,
    "the rasa server": None,
    "staff": frozenset(Role),
    "agent": frozenset({Role.agent}),
    "editor": frozenset({Role.editor}),
    "editor, reviewer": frozenset({Role.editor, Role.reviewer}),
    "reviewer": frozenset({Role.reviewer}),
    "admin": frozenset({Role.admin}),
}
# Routes the framework adds (docs) or that are not in the OpenAPI document (pages, the Rasa hook).
NOT_IN_SCHEMA = {"/", "/static/…", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"}


def route_table() -> dict[tuple[str, str], str]:
    """(method, path) → class, from the README's "Security and privacy" table."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Security and privacy") :]
    table: dict[tuple[str, str], str] = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            if table:
                break
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        klass = cells[1].lower()
        assert klass in STAFF_CLASSES, f"unknown class {cells[1]!r} in README's route table"
        for method, path in ROUTE.findall(cells[0]):
            assert (method, path) not in table, f"{method} {path} is twice in the table"
            table[(method, path)] = klass
    return table


TABLE = route_table()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = settings_for(tmp_path_factory.mktemp("access"))
    with TestClient(create_app(settings), raise_server_exceptions=False, follow_redirects=False) as c:
        yield c


def served_routes(client: TestClient) -> set[tuple[str, str]]:
    """The OpenAPI document's operations, plus the routes it leaves out (pages, hooks, docs)."""
    spec = client.get("/openapi.json").json()
    routes = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    for route in client.app.routes:  # type: ignore[attr-defined]
        inner = getattr(route, "original_router", None)
        for r in inner.routes if inner is not None else [route]:
            if getattr(r, "include_in_schema", True) is False:
                routes |= {(m, r.path) for m in r.methods - {"HEAD"}}
    return routes | {("GET", path) for path in NOT_IN_SCHEMA}


def test_every_route_is_in_the_readme_table_and_every_row_is_a_route(client: TestClient) -> None:
    served = served_routes(client)
    assert served - set(TABLE) == set(), "routes missing from README's route table"
    assert set(TABLE) - served == set(), "README's route table names routes that do not exist"


STAFF_ROUTES = sorted((m, p, k) for (m, p), k in TABLE.items() if STAFF_CLASSES[k] is not None)


def concrete(path: str) -> str:
    """A path with its parameters filled in (ids that exist or not: the guard comes first)."""
    return re.sub(r"\{[^}]+\}", lambda m: "disable" if m.group(0) == "{change}" else "1", path)


def is_page(path: str) -> bool:
    return not path.startswith("/api/")


@pytest.mark.parametrize(("method", "path", "klass"), STAFF_ROUTES)
def test_a_staff_route_refuses_the_anonymous(client: TestClient, method: str, path: str, klass: str) -> None:
    response = client.request(method, concrete(path))
    if is_page(path):
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    else:
        assert response.status_code == 401, response.text
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.fixture(scope="module")
def sessions(client: TestClient) -> dict[Role, tuple[str, str]]:
    """A page login (session secret, CSRF token) for a user of each role."""
    credentials = client.app.state.credentials  # type: ignore[attr-defined]
    accounts = client.app.state.accounts  # type: ignore[attr-defined]
    found = {}
    for role in Role:
        issued = credentials.start_session(accounts.get(staff_user(client, role.value)), 1)
        found[role] = (issued.secret, issued.csrf)
    return found


@pytest.fixture
def tokens(client: TestClient) -> dict[Role, dict[str, str]]:
    """Fresh bearer tokens for each test (DELETE /api/v1/auth/token ends the one it is sent with)."""
    return {role: staff_headers(client, role.value) for role in Role}


def _as(client: TestClient, method: str, path: str, role: Role, sessions: dict, tokens: dict):  # type: ignore[no-untyped-def]
    if is_page(path):
        secret, csrf = sessions[role]
        client.cookies.set(SESSION_COOKIE, secret)
        try:
            return client.request(method, concrete(path), headers={CSRF_HEADER: csrf})
        finally:
            client.cookies.clear()
    return client.request(method, concrete(path), headers=tokens[role])


@pytest.mark.parametrize(("method", "path", "klass"), STAFF_ROUTES)
def test_a_staff_route_refuses_the_wrong_roles_and_admits_its_own(
    client: TestClient, method: str, path: str, klass: str, sessions: dict, tokens: dict
) -> None:
    allowed = STAFF_CLASSES[klass]
    assert allowed is not None
    for role in Role:
        response = _as(client, method, path, role, sessions, tokens)
        if role in allowed:
            assert response.status_code not in (401, 403), (role, response.text)
        else:
            assert response.status_code == 403, (role, response.status_code, response.text)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/checklist/{id}"),
        ("GET", "/api/v1/checklist/{id}.pdf"),
        ("GET", "/checklist/{id}"),
        ("GET", "/api/v1/prereview/{id}"),
        ("DELETE", "/api/v1/prereview/{id}"),
    ],
)
def test_a_guessed_capability_opens_nothing(client: TestClient, method: str, path: str) -> None:
    """Ids are 128 random bits (tests/api/test_checklist_api.py, tests/prereview): small numbers,
    zeros and the old 20-character hash form find nothing."""
    for guess in ("1", "2", "00000000000000000000", "AAAAAAAAAAAAAAAAAAAAAA"):
        assert client.request(method, path.replace("{id}", guess)).status_code == 404
