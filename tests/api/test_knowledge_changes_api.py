"""A reviewed catalogue change over HTTP: an editor uploads the exported workbook with one fee
changed, only a reviewer other than the author publishes it into the store, every step is in the
audit log; broken files are refused with each problem located and store nothing."""

from __future__ import annotations

import io
import json
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from api.app import create_app
from knowledge.excel import write_workbook
from knowledge.files import write_yaml
from knowledge.schema import Catalog
from knowledge.store import KnowledgeStore
from tests.conftest import settings_for
from tests.staff import staff_headers

CHANGES = "/api/v1/knowledge/changes"
PASSPORT = "000105005000"  # 普通护照签发: fee 普通护照（首次申请、换发、补发）|120元/本
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = settings_for(tmp_path_factory.mktemp("changes"), knowledge={"max_upload_mb": 1})
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def exported(client: TestClient, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The stored catalogue as `banshi kb export catalogue.xlsx` writes it."""
    path = tmp_path_factory.mktemp("export") / "catalogue.xlsx"
    write_workbook(store(client).load(), path)
    return path.read_bytes()


def store(client: TestClient) -> KnowledgeStore:
    return client.app.state.knowledge.store  # type: ignore[attr-defined]


def person(client: TestClient, *roles: str) -> tuple[str, dict[str, str]]:
    """A new staff member with `roles`: their user name and bearer header."""
    name = f"{'-'.join(roles)}-{secrets.token_hex(3)}"
    return name, staff_headers(client, *roles, username=name)


def edited(workbook: bytes, sheet: str, code: str, key: str, value: object) -> tuple[bytes, str]:
    """The workbook with the cell of column `key` on the row of `code` set; and that cell's name."""
    wb = load_workbook(io.BytesIO(workbook))
    ws = wb[sheet]
    column = next(c.column for c in ws[1] if str(c.value).endswith(f"({key})"))
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == code)
    ws.cell(row, column).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), f"{get_column_letter(column)}{row}"


def fee_changed(workbook: bytes, standard: str) -> bytes:
    return edited(workbook, "事项", PASSPORT, "fee.items", f"普通护照（首次申请、换发、补发）|{standard}")[0]


def submit(client: TestClient, headers: dict[str, str], content: bytes, name: str = "护照收费调整.xlsx", mime: str = XLSX):  # type: ignore[no-untyped-def]
    return client.post(CHANGES, files={"file": (name, content, mime)}, headers=headers)


def one_item_file(client: TestClient, folder: Path, name: str, **changes: object) -> bytes:
    """A .yml holding one stored item with `changes`: what an editor merges like `banshi kb import`."""
    item = store(client).load().item("000105001000")
    assert item is not None
    write_yaml(Catalog(items=[item.model_copy(update=changes)]), folder / name)
    return (folder / name).read_bytes()


def a_changed_item(client: TestClient, folder: Path) -> bytes:
    """One stored item with new 受理条件, different each time (a change the store does not have)."""
    return one_item_file(client, folder, "身份证.yml", conditions=f"本市户籍居民（修改 {secrets.token_hex(4)}）。")


def passport_fee(client: TestClient) -> str:
    item = store(client).load().item(PASSPORT)
    assert item is not None
    return item.fee.items[0].standard


def trail(client: TestClient, change_id: int) -> list[dict]:
    admin = staff_headers(client, "admin")
    found = client.get("/api/v1/admin/audit", params={"record": f"knowledge_change:{change_id}"}, headers=admin)
    return found.json()


def change_count(client: TestClient) -> int:
    return len(client.app.state.knowledge_changes.list(limit=1000))  # type: ignore[attr-defined]


def test_an_editor_submits_and_a_different_reviewer_publishes(client: TestClient, exported: bytes) -> None:
    admin = staff_headers(client, "admin")
    health = client.get("/healthz?details=1", headers=admin).json()["knowledge"]
    assert health == {"loaded_revision": 1, "stored_revision": 1, "restart_needed": False}
    author, as_author = person(client, "editor", "reviewer")  # may review others' changes, not their own
    made = submit(client, as_author, fee_changed(exported, "140元/本"))
    assert made.status_code == 201, made.text
    change = made.json()
    assert change["status"] == "submitted" and change["author"] == author and change["filename"] == "护照收费调整.xlsx"
    items = change["summary"]["items"]
    assert items["added"] == [] and items["changed"] == [PASSPORT] and items["changed_fields"] == {PASSPORT: ["fee"]}
    assert items["unchanged"] == len(store(client).load().items) - 1 and "catalog" not in change

    _, as_editor = person(client, "editor")
    refused = client.post(f"{CHANGES}/{change['id']}/publish", headers=as_editor)
    assert refused.status_code == 403 and "reviewer" in refused.json()["message"]
    own = client.post(f"{CHANGES}/{change['id']}/publish", headers=as_author)
    assert own.status_code == 403 and "a different reviewer must publish it" in own.json()["message"]
    assert passport_fee(client) == "120元/本"

    listed = client.get(CHANGES, params={"status": "submitted"}, headers=as_editor).json()
    assert [c["id"] for c in listed] == [change["id"]] and "catalog" not in listed[0]
    shown = client.get(f"{CHANGES}/{change['id']}", headers=as_editor).json()
    assert next(i for i in shown["catalog"]["items"] if i["code"] == PASSPORT)["fee"]["items"][0]["standard"] == "140元/本"

    reviewer, as_reviewer = person(client, "reviewer")
    published = client.post(f"{CHANGES}/{change['id']}/publish", headers=as_reviewer)
    assert published.status_code == 200, published.text
    body = published.json()
    assert body["status"] == "published" and body["reviewer"] == reviewer and body["published_revision"] == 2
    assert body["served_revision"] == 1 and body["restart_needed"] is True
    assert "banshi index build" in body["message"] and "restart" in body["message"]
    assert passport_fee(client) == "140元/本" and store(client).load().item("000105001000") is not None
    health = client.get("/healthz?details=1", headers=admin).json()["knowledge"]
    assert health == {"loaded_revision": 1, "stored_revision": 2, "restart_needed": True}

    again = client.post(f"{CHANGES}/{change['id']}/publish", headers=as_reviewer)
    assert again.status_code == 409 and "only a submitted change can be published" in again.json()["message"]
    entries = trail(client, change["id"])
    assert [(e["action"], e["actor"]) for e in entries] == [("knowledge.publish", reviewer), ("knowledge.submit", author)]
    assert entries[0]["roles"] == ["reviewer"] and entries[0]["detail"]["revision"] == 2
    assert entries[1]["detail"]["filename"] == "护照收费调整.xlsx" and entries[1]["detail"]["changed"] == {"items": 1}


@pytest.mark.parametrize(
    ("note", "status"),
    [("", 422), ("   ", 422), ("驳" * 501, 422), ("收费标准的依据文件号未更新，请补充后重新提交。", 200)],
)
def test_a_reviewer_rejects_with_a_note(client: TestClient, tmp_path: Path, note: str, status: int) -> None:
    author, as_author = person(client, "editor")
    change = submit(client, as_author, a_changed_item(client, tmp_path), "身份证.yml").json()
    before = store(client).revision()
    reviewer, as_reviewer = person(client, "reviewer")
    answer = client.post(f"{CHANGES}/{change['id']}/reject", json={"note": note}, headers=as_reviewer)
    assert answer.status_code == status, answer.text
    if status != 200:
        assert client.get(f"{CHANGES}/{change['id']}", headers=as_author).json()["status"] == "submitted"
        return
    assert answer.json()["status"] == "rejected" and answer.json()["note"] == note
    assert client.post(f"{CHANGES}/{change['id']}/reject", json={"note": note}, headers=as_reviewer).status_code == 409
    assert client.post(f"{CHANGES}/{change['id']}/publish", headers=as_reviewer).status_code == 409
    assert store(client).revision() == before
    entries = trail(client, change["id"])
    assert [(e["action"], e["actor"]) for e in entries] == [("knowledge.reject", reviewer), ("knowledge.submit", author)]


def test_the_author_cannot_reject_their_own_change(client: TestClient, tmp_path: Path) -> None:
    _, as_author = person(client, "editor", "reviewer")
    change = submit(client, as_author, a_changed_item(client, tmp_path), "身份证.yml").json()
    own = client.post(f"{CHANGES}/{change['id']}/reject", json={"note": "撤回"}, headers=as_author)
    assert own.status_code == 403 and "a different reviewer must reject it" in own.json()["message"]


@pytest.mark.parametrize(
    ("sheet", "code", "key", "value", "message"),
    [
        ("事项", PASSPORT, "visits", "很多次", "is not a whole number"),
        ("事项", PASSPORT, "fee.charged", "也许", "is not a yes/no value"),
        ("事项材料", PASSPORT, "copies", "两份", "is not a whole number"),
    ],
)
def test_an_invalid_workbook_is_refused_naming_sheet_row_and_column(
    client: TestClient, exported: bytes, sheet: str, code: str, key: str, value: str, message: str
) -> None:
    workbook, cell = edited(exported, sheet, code, key, value)
    before = change_count(client)
    answer = submit(client, person(client, "editor")[1], workbook, "有错的表.xlsx")
    assert answer.status_code == 422 and answer.json()["error"] == "invalid_catalogue"
    assert "nothing was submitted" in answer.json()["message"]
    row = int("".join(ch for ch in cell if ch.isdigit()))
    problem = next(p for p in answer.json()["problems"] if p.get("key") == key)
    assert (problem["sheet"], problem["row"], problem["column"]) == (sheet, row, cell.rstrip("0123456789"))
    assert problem["file"] == "有错的表.xlsx" and message in problem["message"]
    assert change_count(client) == before


@pytest.mark.parametrize(
    ("name", "content", "where", "message"),
    [
        (
            "新事项.json",
            json.dumps({"items": [{"code": "000199001000", "name": "测试新事项"}]}, ensure_ascii=False),
            {"file": "新事项.json", "entity": "item 000199001000", "field": "conditions"},
            "Field required",
        ),
        (
            "材料.yml",
            "items:\n  - code: '000105005000'\n    name: 普通护照签发\n    materials: [{material: M-ID, copies: 两份}]\n",
            {"file": "材料.yml", "entity": "item 000105005000", "field": "materials[0].copies"},
            "valid integer",
        ),
        ("坏的.json", "{不是 JSON", {"file": "坏的.json", "entity": "", "field": ""}, "not valid JSON"),
    ],
    ids=["missing-field", "schema-errors", "not-json"],
)
def test_an_invalid_catalogue_file_is_refused_naming_file_entity_and_field(
    client: TestClient, name: str, content: str, where: dict[str, str], message: str
) -> None:
    before = change_count(client)
    answer = submit(client, person(client, "editor")[1], content.encode(), name, "application/octet-stream")
    assert answer.status_code == 422 and answer.json()["error"] == "invalid_catalogue"
    problems = answer.json()["problems"]
    assert any(where.items() <= p.items() and message in p["message"] for p in problems), problems
    assert all("sheet" not in p for p in problems) and change_count(client) == before


@pytest.mark.parametrize("name", ["办事指南.pdf", "catalogue.csv", "没有扩展名", "../../etc/passwd"])
def test_other_file_types_are_refused(client: TestClient, name: str) -> None:
    answer = submit(client, person(client, "editor")[1], b"%PDF-1.4", name, "application/pdf")
    assert answer.status_code == 422 and "不支持的文件类型" in answer.json()["message"]


def test_a_file_over_knowledge_max_upload_mb_is_413(client: TestClient) -> None:
    before = change_count(client)
    answer = submit(client, person(client, "editor")[1], b"x" * (1024 * 1024 + 8192))
    assert answer.status_code == 413 and "1 MB" in answer.json()["message"]
    assert change_count(client) == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", CHANGES),
        ("GET", CHANGES),
        ("GET", f"{CHANGES}/1"),
        ("POST", f"{CHANGES}/1/publish"),
        ("POST", f"{CHANGES}/1/reject"),
    ],
)
def test_the_anonymous_get_401(client: TestClient, method: str, path: str) -> None:
    answer = client.request(method, path)
    assert answer.status_code == 401 and answer.headers["www-authenticate"] == "Bearer"


def test_an_unknown_change_is_404(client: TestClient) -> None:
    as_reviewer = person(client, "reviewer")[1]
    for method, path in (("GET", f"{CHANGES}/999999"), ("POST", f"{CHANGES}/999999/publish")):
        answer = client.request(method, path, headers=as_reviewer)
        assert answer.status_code == 404 and "no knowledge change 999999" in answer.json()["message"]


def test_a_yaml_file_with_one_changed_item_is_accepted(client: TestClient, tmp_path: Path) -> None:
    content = one_item_file(client, tmp_path, "身份证.yml", conditions="本市户籍居民（测试修改）。")
    answer = submit(client, person(client, "editor")[1], content, "身份证.yml", "text/yaml")
    assert answer.status_code == 201, answer.text
    assert answer.json()["summary"]["items"]["changed_fields"] == {"000105001000": ["conditions"]}


def test_a_reference_to_nothing_is_refused_naming_the_entity_and_field(client: TestClient, tmp_path: Path) -> None:
    item = store(client).load().item("000105001000")
    assert item is not None
    wrong = [item.materials[0].model_copy(update={"material": "M-不存在"}), *item.materials[1:]]
    content = one_item_file(client, tmp_path, "身份证.yml", materials=wrong)
    before = change_count(client)
    answer = submit(client, person(client, "editor")[1], content, "身份证.yml", "text/yaml")
    assert answer.status_code == 422
    problem = next(p for p in answer.json()["problems"] if "M-不存在" in p["message"])
    assert problem["file"] == "身份证.yml" and problem["entity"] == "item 000105001000"
    assert problem["field"] == "materials[0].material" and change_count(client) == before
