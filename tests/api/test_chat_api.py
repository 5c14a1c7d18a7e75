"""Chat-related HTTP API without a Rasa server: the action endpoint Rasa calls (real executor,
real knowledge base), handoffs, ratings, the page, and chat's answer while Rasa is off."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from bot.rasa_server import ACTION_TOKEN_HEADER
from tests.conftest import settings_for
from tests.staff import staff_headers
from tests.tracker_store import tracker_senders, write_events

ID_CARD = "000105001000"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = settings_for(Path(tmp_path_factory.mktemp("chat-api")))
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def _call(action: str, text: str, intent: str, *, slots: dict | None = None, entities: list | None = None) -> dict:
    """The JSON Rasa posts to its action endpoint."""
    now = time.time()
    return {
        "next_action": action,
        "sender_id": "test-sender",
        "version": "3.6.21",
        "domain": {},
        "tracker": {
            "sender_id": "test-sender",
            "slots": {"item": None, "topic": None, "failures": 0, "last_answer_id": None, **(slots or {})},
            "latest_message": {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []},
            "events": [
                {"event": "user", "timestamp": now, "text": text, "metadata": {"original": text}},
                {"event": "bot", "timestamp": now, "text": "您好", "data": {}},
            ],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


def _act(client: TestClient, call: dict) -> Any:
    """A call of the action endpoint as Rasa makes it: with the action secret in its header."""
    return client.post("/api/v1/rasa/actions", json=call, headers={ACTION_TOKEN_HEADER: client.app.state.action_token})


def _slots(result: dict) -> dict:
    return {e["name"]: e["value"] for e in result["events"] if e["event"] == "slot"}


def test_action_answer_answers_with_a_card_and_remembers_the_item(client: TestClient) -> None:
    result = _act(client, _call("action_answer", "身份证丢了要带什么", "ask_materials")).json()
    (response,) = result["responses"]
    card = response["custom"]
    assert card["payload"]["kind"] == "answer" and card["payload"]["item"]["code"] == ID_CARD
    assert card["payload"]["field"] == "materials" and card["payload"]["answer_id"]
    slots = _slots(result)
    assert slots["item"] == ID_CARD and slots["last_answer_id"] == card["payload"]["answer_id"]


def test_follow_up_uses_the_item_slot(client: TestClient) -> None:
    call = _call("action_answer", "那要多久", "ask_time", slots={"item": ID_CARD, "topic": "身份证丢了"})
    card = _act(client, call).json()["responses"][0]["custom"]
    assert card["payload"]["item"]["code"] == ID_CARD and card["payload"]["field"] == "promised_time_limit"


def test_rating_then_listing(client: TestClient) -> None:
    answered = _act(client, _call("action_answer", "护照多少钱", "ask_fee")).json()
    answer_id = _slots(answered)["last_answer_id"]
    entities = [{"entity": "answer_id", "value": answer_id}, {"entity": "reason", "value": "没说加急费"}]
    call = _call("action_rate", f'/rate_bad{{"answer_id":"{answer_id}"}}', "rate_bad", entities=entities)
    assert "感谢反馈" in _act(client, call).json()["responses"][0]["custom"]["text"]
    ratings = client.get("/api/v1/ratings", headers=staff_headers(client, "editor")).json()
    assert ratings[0]["answer_id"] == answer_id and ratings[0]["rating"] == "bad"
    assert ratings[0]["reason"] == "没说加急费" and ratings[0]["field"] == "fee"


def test_handoff_creates_a_record_with_the_transcript(client: TestClient) -> None:
    result = _act(client, _call("action_handoff", "转人工", "handoff")).json()
    handoff_id = result["responses"][0]["custom"]["payload"]["handoff_id"]
    first, second = staff_headers(client, "agent"), staff_headers(client, "agent")
    record = client.get(f"/api/v1/handoffs/{handoff_id}", headers=first).json()
    assert record["status"] == "open" and record["reason"] == "requested"
    assert [line["role"] for line in record["transcript"]] == ["citizen", "bot"]
    queue = client.get("/api/v1/handoffs", params={"status": "open"}, headers=first).json()
    assert handoff_id in [h["id"] for h in queue]
    claimed = client.post(f"/api/v1/handoffs/{handoff_id}/claim", headers=first).json()
    assert claimed["status"] == "claimed" and claimed["agent"].startswith("agent-")  # the logged-in agent
    conflict = client.post(f"/api/v1/handoffs/{handoff_id}/claim", headers=second)
    assert conflict.status_code == 409 and "claimed" in conflict.json()["message"]


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("get", "/api/v1/handoffs/424242", None, 404),
        ("post", "/api/v1/handoffs/424242/claim", None, 404),
        ("get", "/api/v1/handoffs/first", None, 422),
        ("get", "/api/v1/handoffs?status=lost", None, 422),
        ("post", "/api/v1/chat", {"sender": "s"}, 422),
        ("post", "/api/v1/chat", {"sender": "", "message": "你好"}, 422),
        ("post", "/api/v1/chat", {"sender": "s", "message": "x" * 2001}, 422),
    ],
)
def test_bad_requests_get_a_message(client: TestClient, method: str, path: str, body: dict | None, status: int) -> None:
    headers = staff_headers(client, "agent") if "handoffs" in path else {}
    response = client.request(method.upper(), path, json=body, headers=headers)
    assert response.status_code == status
    assert response.json()["message"]


def test_unknown_action_is_404_for_rasa(client: TestClient) -> None:
    response = _act(client, _call("action_nope", "你好", "greet"))
    assert response.status_code == 404 and response.json()["action_name"] == "action_nope"


def test_a_conversation_id_is_issued_and_nothing_else_is_taken(client: TestClient) -> None:
    issued = client.post("/api/v1/chat/conversations")
    assert issued.status_code == 201
    sender = issued.json()["sender"]
    assert client.post("/api/v1/chat/conversations").json()["sender"] != sender
    for forged in ("s", sender.split(".")[0], sender[:-1] + ("A" if sender[-1] != "A" else "B")):
        response = client.post("/api/v1/chat", json={"sender": forged, "message": "你好"})
        assert response.status_code == 403 and "刷新页面" in response.json()["message"], forged


def test_a_citizen_deletes_their_conversation_and_only_theirs(client: TestClient) -> None:
    mine, theirs = (client.post("/api/v1/chat/conversations").json()["sender"] for _ in range(2))
    ids = {capability: client.app.state.conversations.open(capability) for capability in (mine, theirs)}
    settings = client.app.state.settings
    now = datetime.now(UTC)
    write_events(settings, [(ids[mine], now), (ids[mine], now), (ids[theirs], now)])
    records = client.app.state.records
    for capability in (mine, theirs):
        answer = records.add_answer(ids[capability], "我的身份证号丢了", ID_CARD, "materials")
        records.rate(answer, ids[capability], "bad", "不清楚")
        records.open_handoff(ids[capability], "requested", [{"role": "citizen", "text": "转人工"}], ID_CARD)

    assert client.delete(f"/api/v1/chat/conversations/{mine}").status_code == 204

    assert tracker_senders(settings) == [ids[theirs]]
    handoffs = {h.sender: h for h in records.handoffs()}
    # An open handoff of a deleted conversation leaves the queue, without its transcript.
    assert (handoffs[ids[mine]].status, handoffs[ids[mine]].transcript) == ("closed", [])
    assert handoffs[ids[theirs]].status == "open" and handoffs[ids[theirs]].transcript
    rated = [r["question"] for r in records.ratings()]
    assert rated.count("我的身份证号丢了") == 1  # theirs only
    assert client.delete(f"/api/v1/chat/conversations/{mine}").status_code == 204  # already gone: still done


def test_only_the_holder_of_a_conversation_deletes_it(client: TestClient) -> None:
    sender = client.post("/api/v1/chat/conversations").json()["sender"]
    for forged in ("s", sender.split(".")[0], sender[:-1] + ("A" if sender[-1] != "A" else "B")):
        response = client.delete(f"/api/v1/chat/conversations/{forged}")
        assert response.status_code == 403 and "刷新页面" in response.json()["message"], forged


def test_chat_without_rasa_says_so(client: TestClient) -> None:
    sender = client.post("/api/v1/chat/conversations").json()["sender"]
    response = client.post("/api/v1/chat", json={"sender": sender, "message": "你好"})
    assert response.status_code == 503
    assert "12345" in response.json()["message"]
    assert client.get("/healthz").json()["bot"]["status"] == "disabled"


def test_the_chat_page_and_widget_are_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "办事通" in page.text
    assert client.get("/static/widget.js").status_code == 200
    assert client.get("/static/chat.js").status_code == 200


def test_the_chat_page_modules_are_served_as_javascript_and_all_preloaded(client: TestClient) -> None:
    """chat.js and the ES modules it imports, followed import by import: each is served, as JavaScript
    (a browser refuses a module script served as anything else: the page would do nothing), and the
    page preloads each one."""
    imports = re.compile(r"""^import\s[^'"]*?['"](\.{1,2}/[^'"]+)['"]""", re.MULTILINE)
    found, todo = set(), ["/static/chat.js"]
    while todo:
        url = todo.pop()
        if url in found:
            continue
        found.add(url)
        script = client.get(url)
        assert script.status_code == 200, url
        assert script.headers["content-type"].startswith("text/javascript"), (url, script.headers["content-type"])
        todo += [urljoin(url, path) for path in imports.findall(script.text)]
    preloaded = set(re.findall(r'<link rel="modulepreload" href="([^"]+)">', client.get("/").text))
    assert "/static/chat/cards/upload.js" in found
    assert preloaded == found - {"/static/chat.js"}


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 403), ({ACTION_TOKEN_HEADER: "guessed"}, 403), ({ACTION_TOKEN_HEADER: ""}, 403)],
)
def test_a_forged_action_call_is_refused(client: TestClient, headers: dict, status: int) -> None:
    """Without Rasa's secret, nobody runs an action on a conversation they made up."""
    call = _call("action_handoff", "转人工", "handoff")
    response = client.post("/api/v1/rasa/actions", json=call, headers=headers)
    assert response.status_code == status
    assert "handoff" not in response.text


@pytest.mark.parametrize(("body", "message"), [(b"{", "not valid JSON"), (b"[1, 2]", "must be a JSON object")])
def test_a_malformed_action_call_is_a_clear_400(client: TestClient, body: bytes, message: str) -> None:
    response = client.post(
        "/api/v1/rasa/actions", content=body, headers={ACTION_TOKEN_HEADER: client.app.state.action_token}
    )
    assert response.status_code == 400 and message in response.text
