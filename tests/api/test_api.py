"""The HTTP API through the real FastAPI app (TestClient), on a fresh SQLite database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.app import create_app
from tests.conftest import settings_for
from tests.staff import staff_headers


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = settings_for(tmp_path_factory.mktemp("api"))
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def test_healthz_tells_the_public_the_status_only(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "bot": {"status": "disabled"}}


@pytest.mark.parametrize(("roles", "status"), [((), 401), (("agent",), 403), (("editor", "reviewer"), 403)])
def test_healthz_details_are_for_administrators(client: TestClient, roles: tuple[str, ...], status: int) -> None:
    headers = staff_headers(client, *roles) if roles else {}
    response = client.get("/healthz?details=1", headers=headers)
    assert response.status_code == status and "items" not in response.json()
    assert ("需要工作人员登录" if status == 401 else "admin") in response.json()["message"]


def test_healthz_details_show_an_administrator_what_is_loaded(client: TestClient) -> None:
    body = client.get("/healthz?details=1", headers=staff_headers(client, "admin")).json()
    assert body["status"] == "ok" and body["items"] >= 41 and body["bundles"] >= 7 and body["bot"]["url"]


def test_search_shape(client: TestClient) -> None:
    body = client.post("/api/v1/search", json={"query": "身份證遺失了怎麼補辦", "top_k": 3}).json()
    assert set(body) >= {"query", "normalized", "out_of_scope", "results", "aspect", "answer"}
    assert body["normalized"] == "身份证遗失了怎么补办"
    assert body["out_of_scope"] is False
    assert body["results"][0]["code"] == "000105001000"
    assert len(body["results"]) <= 3
    assert set(body["results"][0]) == {"code", "name", "kind", "score"}
    assert body["answer"]["source"]["code"] == "000105001000"


def test_search_out_of_scope(client: TestClient) -> None:
    body = client.post("/api/v1/search", json={"query": "明天桐江会下雨吗"}).json()
    assert body["out_of_scope"] is True
    assert body["results"] == [] and body["answer"] is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "query"),
        ({"query": ""}, "query"),
        ({"query": "护照", "top_k": 0}, "top_k"),
        ({"query": "护照", "top_k": "many"}, "top_k"),
        ({"query": "护照", "extra": 1}, "extra"),
        ({"query": ["护照"]}, "query"),
        ({"query": "护" * 1001}, "query"),
    ],
)
def test_malformed_search_is_4xx_with_message(client: TestClient, payload: dict, field: str) -> None:
    response = client.post("/api/v1/search", json=payload)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_request"
    assert any(e["field"] == field for e in body["errors"]), body
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    "raw", [b"{not json", b"", "护照".encode(), b"[1,2]", b"\xff\xfe"],
)
def test_unparseable_body_is_4xx(client: TestClient, raw: bytes) -> None:
    response = client.post("/api/v1/search", content=raw, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
    assert response.json()["message"]


def test_item_by_code(client: TestClient) -> None:
    body = client.get("/api/v1/items/000105001000").json()
    assert body["kind"] == "item" and body["name"] == "居民身份证申领换领补领"
    assert all("material_name" in m for m in body["materials"])


def test_bundle_by_code(client: TestClient) -> None:
    body = client.get("/api/v1/items/YJS-003").json()
    assert body["kind"] == "bundle" and body["name"] == "开办理发店一件事"
    assert all(m["name"] for m in body["items"])


def test_unknown_item_is_404_with_hint(client: TestClient) -> None:
    response = client.get("/api/v1/items/000000000000")
    assert response.status_code == 404
    assert "/api/v1/search" in response.json()["message"]


def test_openapi_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/v1/search", "/api/v1/items/{code}", "/healthz"} <= set(schema["paths"])
    assert client.get("/docs").status_code == 200


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(st.sampled_from(["query", "top_k", "q", "extra"]), json_values, max_size=3))
def test_no_request_body_causes_a_server_error(client: TestClient, body: dict) -> None:
    response = client.post("/api/v1/search", json=body)
    assert response.status_code < 500, (body, response.text)
    assert response.status_code == 200 or response.json()["message"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(min_size=1, max_size=200))
def test_any_question_text_gets_an_answer_shape(client: TestClient, query: str) -> None:
    response = client.post("/api/v1/search", json={"query": query})
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        body = response.json()
        assert body["out_of_scope"] or body["results"]
