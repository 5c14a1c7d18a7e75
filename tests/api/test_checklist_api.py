"""POST /api/v1/checklist and the saved checklist's JSON, PDF and printable page, through the app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.conftest import settings_for


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = settings_for(tmp_path_factory.mktemp("checklist-api"), api={"public_url": "https://banshi.example/"})
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def answer_all(client: TestClient, target: str, answers: dict[str, str]) -> dict:
    """Answer each question the API asks with its first option until the checklist comes."""
    answers = dict(answers)
    for _ in range(60):
        body = client.post("/api/v1/checklist", json={"target": target, "answers": answers}).json()
        if "checklist" in body:
            return body
        question = body["next_question"]
        answers[question["id"]] = question["options"][0]["id"]
    raise AssertionError("the questions never ended")


def test_the_first_step_is_a_question_with_options(client: TestClient) -> None:
    body = client.post("/api/v1/checklist", json={"target": "开办理发店一件事"}).json()
    question = body["next_question"]
    assert question["id"] == "operator"  # eligibility first: a 公务员 is told at once, not after ten questions
    assert {o["id"] for o in question["options"]} == {"none", "restricted", "minor"}
    assert body["target"] == {"code": "YJS-003", "name": "开办理发店一件事", "kind": "bundle"}


def test_the_checklist_comes_with_its_links(client: TestClient) -> None:
    body = answer_all(client, "开办理发店一件事", {"premises": "market_stall"})
    checklist = body["checklist"]
    assert set(checklist) >= {"target", "items", "materials", "visits", "time_limit", "fees", "places", "online", "id", "pdf_url"}
    material = checklist["materials"][0]
    assert set(material) >= {"name", "required", "copies", "form", "source", "exempt", "lenient", "promise", "reason", "for_items"}
    assert "M-PREMISES-MARKET-PROOF" in {m["code"] for m in checklist["materials"]}
    assert checklist["url"] == f"https://banshi.example/checklist/{checklist['id']}"
    saved = client.get(f"/api/v1/checklist/{checklist['id']}").json()["checklist"]
    assert saved["materials"] == checklist["materials"]


def test_each_citizen_gets_an_unguessable_id_even_for_the_same_situation(client: TestClient) -> None:
    """The id is a capability: the same answers must not lead to another citizen's checklist."""
    first = answer_all(client, "出生登记", {"marital": "nonmarital"})["checklist"]
    second = answer_all(client, "000105002000", {"marital": "nonmarital"})["checklist"]
    assert first["id"] != second["id"] and min(len(first["id"]), len(second["id"])) >= 22
    assert first["materials"] == second["materials"]
    for key in (first["id"], second["id"]):
        assert client.get(f"/api/v1/checklist/{key}").status_code == 200


def test_the_pdf_of_a_saved_checklist(client: TestClient) -> None:
    checklist = answer_all(client, "出生登记", {"address": "grandparents"})["checklist"]
    response = client.get(f"/api/v1/checklist/{checklist['id']}.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_printable_page_of_a_saved_checklist(client: TestClient) -> None:
    checklist = answer_all(client, "出生登记", {"ethnicity": "different"})["checklist"]
    page = client.get(f"/checklist/{checklist['id']}")
    assert page.status_code == 200
    assert "民族成分确认申请书" in page.text and checklist["pdf_url"] in page.text


@pytest.mark.parametrize(
    ("payload", "status", "message_part"),
    [
        ({"target": "开办理发店一件事", "answers": {"premises": "shop"}}, 422, "租赁他人的商铺或场地"),
        ({"target": "开办理发店一件事", "answers": {"floor": "1"}}, 422, "可以回答的问题"),
        ({"target": "开办宇宙飞船一件事"}, 404, "/api/v1/search"),
        ({"target": ""}, 422, "target"),
        ({"answers": {}}, 422, "target"),
    ],
    ids=["not an option", "no such question", "unknown target", "empty target", "no target"],
)
def test_bad_requests_say_what_is_valid(client: TestClient, payload: dict, status: int, message_part: str) -> None:
    response = client.post("/api/v1/checklist", json=payload)
    assert response.status_code == status
    assert message_part in response.json()["message"]


def test_an_invalid_answer_lists_the_choices(client: TestClient) -> None:
    body = client.post("/api/v1/checklist", json={"target": "开办理发店一件事", "answers": {"premises": "shop"}}).json()
    assert body["question"] == "premises"
    assert len(body["choices"]) == 8


@pytest.mark.parametrize("path", ["/api/v1/checklist/nope", "/api/v1/checklist/nope.pdf", "/checklist/nope"])
def test_an_unknown_checklist_id_is_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "POST /api/v1/checklist" in response.json()["message"]
