"""Multi-turn conversations through POST /api/v1/chat, on the real Rasa server the product runs."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import httpx
import pytest

from tests.product import MODEL_CACHE, Product

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ID_CARD = "000105001000"


def _sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


def _card(messages: list[dict]) -> dict:
    cards = [m["payload"] for m in messages if (m.get("payload") or {}).get("kind") == "answer"]
    assert cards, messages
    return cards[-1]


def test_greeting_offers_quick_replies(product: Product) -> None:
    (message,) = product.chat(_sender(), "你好呀")
    assert "办事通" in message["text"]
    assert [b["title"] for b in message["buttons"]][-1] == "转人工"


def test_follow_ups_answer_for_the_item_under_discussion(product: Product) -> None:
    sender = _sender()
    first = _card(product.chat(sender, "身份证丢了，补办要带什么材料"))
    assert first["item"]["code"] == ID_CARD and first["field"] == "materials"
    for message, field in [("那要多久？", "promised_time_limit"), ("在哪办？", "places"), ("要钱吗", "fee")]:
        card = _card(product.chat(sender, message))
        assert (card["item"]["code"], card["field"]) == (ID_CARD, field), message


def test_traditional_characters_get_a_traditional_answer(product: Product) -> None:
    sender = _sender()
    messages = product.chat(sender, "辦理護照需要什麼材料")
    card = _card(messages)
    assert card["item"]["name"] == "普通護照簽發"
    assert "護照" in messages[-1]["text"] and "护照" not in messages[-1]["text"]
    # a button payload says nothing about the script: the conversation's choice holds
    (thanks,) = product.chat(sender, f'/rate_good{{"answer_id": "{card["answer_id"]}"}}')
    assert "感謝" in thanks["text"]


def test_ambiguity_asks_back_and_a_button_answers(product: Product) -> None:
    sender = _sender()
    (question,) = product.chat(sender, "执照")
    assert question["payload"] == {"kind": "choices"} and len(question["buttons"]) >= 2
    choice = question["buttons"][0]
    card = _card(product.chat(sender, choice["payload"]))
    assert card["item"]["name"] == choice["title"]


def test_asking_for_a_person_creates_a_handoff_with_the_conversation(product: Product) -> None:
    sender = _sender()
    product.chat(sender, "办护照要多少钱")
    (reply,) = product.chat(sender, "转人工")
    handoff_id = reply["payload"]["handoff_id"]
    record = httpx.get(f"{product.url}/api/v1/handoffs/{handoff_id}", headers=product.staff_headers("agent"), timeout=10).json()
    texts = [line["text"] for line in record["transcript"]]
    assert record["sender"] == product.conversation_id(sender) and record["reason"] == "requested"
    assert texts[0] == "办护照要多少钱" and "转人工" in texts


def test_two_failed_turns_hand_over(product: Product) -> None:
    """Service questions the catalogue cannot answer (not small talk, which is no failure)."""
    sender = _sender()
    first = product.chat(sender, "船员证考试需要带啥材料")
    assert (first[-1]["payload"] or {}).get("kind") == "fallback" and "12345" in first[-1]["text"], first
    second = product.chat(sender, "游艇驾照要去哪里考")
    assert (second[-1]["payload"] or {}).get("kind") == "handoff", second


def test_a_bad_rating_with_a_reason_is_stored(product: Product) -> None:
    sender = _sender()
    card = _card(product.chat(sender, "结婚登记要带什么"))
    product.chat(sender, f'/rate_bad{{"answer_id": "{card["answer_id"]}", "reason": "没写户口本要原件"}}')
    ratings = httpx.get(f"{product.url}/api/v1/ratings", headers=product.staff_headers("editor"), timeout=10).json()
    mine = [r for r in ratings if r["answer_id"] == card["answer_id"]]
    assert mine and mine[0]["rating"] == "bad" and mine[0]["reason"] == "没写户口本要原件"


@pytest.mark.parametrize("message", ["我要投诉窗口的工作人员态度差", "我要举报有人在大厅门口倒号"])
def test_complaints_and_reports_point_to_12345(product: Product, message: str) -> None:
    replies = product.chat(_sender(), message)
    assert "12345" in replies[-1]["text"]


def test_a_complaint_phone_asked_about_an_item_is_the_guides_own(product: Product) -> None:
    """投诉电话 after an answer asks for that item's complaint phone, not how to complain."""
    sender = _sender()
    assert _card(product.chat(sender, "结婚登记要带什么"))["item"]["code"] == "000106001000"
    card = _card(product.chat(sender, "投诉电话"))
    assert card["item"]["code"] == "000106001000" and card["field"] == "phones"


def test_the_conversation_survives_a_restart_of_both_processes(product: Product) -> None:
    sender = _sender()
    assert _card(product.chat(sender, "社保卡怎么办"))["item"]["code"] == "000107001000"
    product.kill()  # API and Rasa, without a clean shutdown
    product.start()
    card = _card(product.chat(sender, "那要多长时间"))
    assert card["item"]["code"] == "000107001000" and card["field"] == "promised_time_limit"


def _kind(messages: list[dict], kind: str) -> dict | None:
    return next((m for m in reversed(messages) if (m.get("payload") or {}).get("kind") == kind), None)


def test_a_bundle_in_chat_gives_the_same_checklist_as_the_command_line(product: Product) -> None:
    """我要开理发店 → the bundle's questions as buttons → the card with its PDF, same list as the CLI."""
    sender = _sender()
    messages = product.chat(sender, "我要开理发店，帮我列个材料清单")
    answers: dict[str, str] = {}
    for _ in range(40):
        question = _kind(messages, "question")
        if _kind(messages, "checklist") is not None or question is None:
            break
        asked = question["payload"]["question"]
        wanted = {"premises": "lease", "area": "large"}.get(asked["id"], asked["options"][0]["id"])
        button = next(b for b in question["buttons"] if f"{asked['id']}={wanted}" in b["payload"])
        answers[asked["id"]] = wanted
        messages = product.chat(sender, button["payload"])
    card = _kind(messages, "checklist")
    assert card is not None, messages
    chat_list = [m["code"] for m in card["payload"]["checklist"]["materials"]]
    assert "M-LEASE" in chat_list

    command = [sys.executable, "-m", "banshi.cli", "checklist", "开办理发店一件事", "--json"]
    command += [arg for q, o in answers.items() for arg in ("--answer", f"{q}={o}")]
    done = subprocess.run(command, capture_output=True, text=True, env=product.env, timeout=600, check=True)
    cli_list = [m["code"] for m in json.loads(done.stdout)["checklist"]["materials"]]
    assert chat_list == cli_list

    pdf = httpx.get(card["payload"]["pdf_url"], timeout=60)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_typed_answer_and_changing_an_answer(product: Product) -> None:
    sender = _sender()
    messages = product.chat(sender, "出生登记的材料清单")
    question = _kind(messages, "question")
    assert question is not None and question["payload"]["question"]["id"] == "situations"  # the tick list
    messages = product.chat(sender, "非婚生")
    question = _kind(messages, "question")
    assert question is not None and question["payload"]["question"]["id"] == "follow"
    messages = product.chat(sender, "随父落户")
    while (card := _kind(messages, "checklist")) is None:
        question = _kind(messages, "question")
        assert question is not None, messages
        messages = product.chat(sender, question["buttons"][0]["payload"])
    codes = {m["code"] for m in card["payload"]["checklist"]["materials"]}
    assert "M-WJ-PATERNITY-TEST" in codes and "M-MARRIAGE-CERT" not in codes
    assert not [b for b in card["buttons"] if "marital=?" in b["payload"]]  # derived from the tick list
    change = next(b for b in card["buttons"] if "situations=?" in b["payload"])
    messages = product.chat(sender, change["payload"])
    question = _kind(messages, "question")
    assert question is not None and question["payload"]["question"]["id"] == "situations"
    messages = product.chat(sender, "以上都没有")
    card = _kind(messages, "checklist")
    assert card is not None, messages
    codes = {m["code"] for m in card["payload"]["checklist"]["materials"]}
    assert "M-MARRIAGE-CERT" in codes and "M-WJ-PATERNITY-TEST" not in codes


def test_personal_numbers_are_stored_and_logged_masked_only(product: Product) -> None:
    """PIPL data minimisation: the numbers are masked in the channel, before Rasa, its tracker
    store, the transcripts, the ratings or any log sees them."""
    id_number, phone, card = "11010519491231002X", "13800138000", "6222021234567890123"
    sender = _sender()
    product.chat(sender, f"我的身份证号是{id_number}，手机{phone}")
    answer = _card(product.chat(sender, "结婚登记要带什么"))
    product.chat(sender, f'/rate_bad{{"answer_id": "{answer["answer_id"]}", "reason": "银行卡{card}扣了钱"}}')
    (reply,) = product.chat(sender, "转人工")
    record = httpx.get(
        f"{product.url}/api/v1/handoffs/{reply['payload']['handoff_id']}", headers=product.staff_headers("agent"), timeout=10
    ).json()
    assert record["transcript"][0]["text"] == "我的身份证号是1101**********002X，手机138****8000"
    # every file the product and its Rasa server write: databases (with their write-ahead logs),
    # the tracker store, the index folder and the logs
    files = [p for p in product.folder.rglob("*") if p.is_file()]
    files += list(MODEL_CACHE.glob("*.log"))  # the Rasa server's log and its training log
    assert any(p.name.startswith("tracker.db") for p in files) and any(p.name == "serve.log" for p in files)
    stored = b"".join(p.read_bytes() for p in files)
    assert b"1101**********002X" in stored  # the masked message was stored…
    for number in (id_number, phone, card):
        assert number.encode() not in stored, number  # …the number itself nowhere


def test_a_conversation_is_reached_only_with_the_id_the_server_issued(product: Product) -> None:
    """Knowing a conversation's bare id (staff see it on a handoff) or guessing one opens nothing."""
    sender = _sender()
    product.chat(sender, "办护照要多少钱")
    for forged in (product.conversation_id(sender), product.conversation_id(sender) + ".AAAAAAAAAAAAAAAAAAAAAA", sender):
        response = httpx.post(f"{product.url}/api/v1/chat", json={"sender": forged, "message": "转人工"}, timeout=60)
        assert response.status_code == 403, forged
        assert "刷新页面" in response.json()["message"]
    open_handoffs = httpx.get(f"{product.url}/api/v1/handoffs", headers=product.staff_headers("agent"), timeout=10).json()
    assert all(h["sender"] != product.conversation_id(sender) for h in open_handoffs)
