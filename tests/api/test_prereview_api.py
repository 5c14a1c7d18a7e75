"""POST /api/v1/prereview through the app: 4xx for bad requests, defects for bad files, job lifecycle."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from tempfile import SpooledTemporaryFile
from typing import Any

import pytest
import starlette.formparsers
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.app import create_app
from prereview.jobs import PrereviewJobRow
from tests.asgi_stream import CHUNK, MULTIPART, multipart, send_stream
from tests.conftest import settings_for
from tests.prereview import hostile
from tests.prereview.numbers import id_number

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
ITEM = "个体工商户设立登记"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = settings_for(tmp_path_factory.mktemp("prereview-api"), bot={"enabled": False})
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def card(rows: list[tuple[int, int, str]], fmt: str) -> bytes:
    """An ID-card-sized image with the given text rows (x, y, text)."""
    try:
        font = ImageFont.truetype(FONT, 34)
    except OSError:
        pytest.skip("no CJK font (apt-get install fonts-wqy-zenhei)")
    image = Image.new("RGB", (1011, 638), (238, 241, 246))
    draw = ImageDraw.Draw(image)
    for x, y, text in rows:
        draw.text((x, y), text, font=font, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return buffer.getvalue()


def id_back(valid_until: str) -> bytes:
    return card([(330, 120, "中华人民共和国"), (360, 200, "居民身份证"), (160, 420, "签发机关  某市公安局某分局"),
                 (160, 500, f"有效期限  2010.05.01-{valid_until}")], "JPEG")


def post(client: TestClient, files: list[tuple[str, bytes, str]], item: str = ITEM, wait: float = 30, **data: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/prereview?wait={wait}",
        data={"item": item, "labels": [label for _, _, label in files], **data},
        files=[("files", (name, content, "application/octet-stream")) for name, content, _ in files],
    )


def test_unknown_item_is_404(client: TestClient) -> None:
    response = post(client, [("a.jpg", b"x", "")], item="不存在的事项ABC")
    assert response.status_code == 404
    assert "没有找到" in response.json()["message"]


def test_an_unknown_label_never_refuses_the_review_the_file_is_read_by_content(client: TestClient) -> None:
    """A citizen's label that names no material loses nothing: the card is reviewed as what it is."""
    response = post(client, [("back.jpg", id_back("2020.05.01"), "驾驶证")])
    assert response.status_code == 200, response.text
    report = response.json()
    assert "document_expired" in [d["code"] for d in report["defects"]]
    assert any("驾驶证" in note and "按文件内容识别" in note for note in report["notes"])
    assert "驾驶证" in report["notice"]


def test_bad_answers_are_422(client: TestClient) -> None:
    response = post(client, [("a.jpg", b"x", "")], answers='{"premises": "castle"}')
    assert response.status_code == 422 and "premises" in response.json()["message"]
    assert post(client, [("a.jpg", b"x", "")], answers="not json").status_code == 422


def test_hostile_files_each_get_a_defect_and_the_rest_is_reviewed(client: TestClient) -> None:
    response = post(client, [
        ("身份证.jpg", hostile.renamed_executable(), "身份证"),
        ("申请书.docx", hostile.zip_bomb_docx(60), "申请书"),
        ("房产证.png", hostile.huge_png(), "不动产权证书"),
        ("合同.pdf", hostile.truncated_pdf(), ""),
    ])
    assert response.status_code == 200, response.text
    report = response.json()
    by_file = {d["file"]: d["code"] for d in report["defects"] if d["file"]}
    assert by_file == {"身份证.jpg": "wrong_file_type", "申请书.docx": "file_unreadable", "房产证.png": "file_unreadable", "合同.pdf": "file_unreadable"}
    assert report["verdict"] == "fail"
    assert "一次性告知" in report["notice"]


class Spool(SpooledTemporaryFile):
    """The form parser's spool for one uploaded file, recording how much was written to it."""

    made: list[Spool] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.written = 0
        Spool.made.append(self)

    def write(self, data: Any) -> int:
        self.written += len(data)
        return super().write(data)


@pytest.fixture
def spools(monkeypatch: pytest.MonkeyPatch) -> list[Spool]:
    """Every spool file Starlette's form parser opens during the test."""
    Spool.made = []
    monkeypatch.setattr(starlette.formparsers, "SpooledTemporaryFile", Spool)
    return Spool.made


def _jobs(client: TestClient) -> tuple[int, set[str]]:
    """How many jobs are recorded, and the upload folders on disk."""
    jobs = client.app.state.prereview_jobs  # type: ignore[attr-defined]
    with Session(jobs.engine) as session:
        rows = session.scalar(select(func.count()).select_from(PrereviewJobRow)) or 0
    folders = {p.name for p in jobs.upload_dir.iterdir()} if jobs.upload_dir.exists() else set()
    return rows, folders


def test_a_streamed_oversize_file_is_refused_before_it_is_spooled(
    client: TestClient, spools: list[Spool]
) -> None:
    """Chunked (no Content-Length), a 200 MB "scan" after a small photo: refused once the scan
    passes max_file_bytes, naming it; the spool held no more than the limit, every spool is closed,
    and no job or upload folder was made."""
    limit = client.app.state.settings.prereview.max_file_bytes  # type: ignore[attr-defined]
    before = _jobs(client)
    files = [("照片.jpg", 50_000), ("营业执照扫描件.pdf", 200 * 1024 * 1024)]
    body_stream = multipart({"item": ITEM}, files)
    status, body, consumed = send_stream(client.app, "/api/v1/prereview", MULTIPART, body_stream, "wait=0")
    assert status == 413 and body["error"] == "too_large"
    assert "营业执照扫描件.pdf" in body["message"] and "20 MB" in body["message"], body["message"]
    assert consumed <= 50_000 + limit + 2 * CHUNK  # of the 200 MB, the app read the limit and a chunk
    assert spools[0].written == 50_000 and spools[1].written <= limit  # the scan: not a byte past the limit
    assert all(spool.closed for spool in spools)
    assert _jobs(client) == before


def test_a_streamed_upload_within_the_limits_is_reviewed(client: TestClient, spools: list[Spool]) -> None:
    """Chunked too, each file under the limit: parsed whole, stored and reviewed."""
    before_rows, _ = _jobs(client)
    files = [("身份证.jpg", 3 * 1024 * 1024), ("申请书.pdf", 10_000)]
    body_stream = multipart({"item": ITEM}, files)
    status, body, _ = send_stream(client.app, "/api/v1/prereview", MULTIPART, body_stream, "wait=30")
    assert status == 200, body
    reviewed = [d["file"] for d in body["defects"] if d["code"] == "wrong_file_type"]  # filler is no material
    assert reviewed == ["身份证.jpg", "申请书.pdf"]
    assert _jobs(client)[0] == before_rows + 1
    assert [spool.written for spool in spools] == [3 * 1024 * 1024, 10_000]


def test_an_expired_card_and_the_job_lifecycle(client: TestClient) -> None:
    response = post(client, [("back.jpg", id_back("2020.05.01"), "身份证")])
    assert response.status_code == 200, response.text
    report = response.json()
    assert "document_expired" in [d["code"] for d in report["defects"]]
    assert report["status"] == "done"
    status = client.get(report["status_url"])
    assert status.status_code == 200 and status.json()["verdict"] == report["verdict"]
    assert client.delete(report["status_url"]).json() == {"id": report["id"], "deleted": True}
    assert client.get(report["status_url"]).status_code == 404


def test_a_long_job_answers_202_and_the_service_keeps_answering(client: TestClient) -> None:
    pending = post(client, [(f"back{i}.jpg", id_back("2040.05.01"), "身份证") for i in range(3)], wait=0)
    assert pending.status_code == 202
    job = pending.json()
    assert job["status"] in ("queued", "running")
    started = time.perf_counter()
    assert client.get("/healthz").status_code == 200
    assert time.perf_counter() - started < 2  # OCR runs off the event loop
    for _ in range(120):
        done = client.get(job["status_url"])
        if done.status_code == 200:
            break
        time.sleep(0.5)
    assert done.status_code == 200 and done.json()["status"] == "done"


def test_expired_jobs_are_purged(client: TestClient) -> None:
    from datetime import UTC, datetime, timedelta

    report = post(client, [("x.jpg", hostile.renamed_executable(), "")]).json()
    jobs = client.app.state.prereview_jobs  # type: ignore[attr-defined]
    assert jobs.purge(datetime.now(UTC) + timedelta(days=8)) >= 1
    assert client.get(report["status_url"]).status_code == 404
    assert not (jobs.upload_dir / report["id"]).exists()


def test_concurrent_requests_do_not_interfere(client: TestClient) -> None:
    results: list[int] = []

    def one() -> None:
        results.append(post(client, [("x.jpg", hostile.renamed_executable(), "")]).status_code)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 4


def id_front(number: str, name: str = "某晓明") -> bytes:
    rows = [f"姓名  {name}", "性别  男    民族  汉", "出生  1990年3月7日", "住址  某省某市某区幸福路88号"]
    return card([(50, 50 + i * 100, text) for i, text in enumerate(rows)] + [(50, 520, f"公民身份号码  {number}")], "PNG")


def test_an_invalid_number_is_reported_masked(client: TestClient) -> None:
    number = id_number(valid=False)
    report = post(client, [("front.png", id_front(number), "身份证")]).json()
    [defect] = [d for d in report["defects"] if d["code"] == "id_number_invalid"]
    assert "校验位" in defect["message"]
    assert defect["evidence"][0]["text"] == number[:4] + "*" * 10 + number[-4:]
    assert defect["evidence"][0]["box"]
    assert number not in str(report)


def test_an_unlabelled_portrait_is_the_photo(client: TestClient) -> None:
    """A portrait has no text to read: it serves the item's 照片 by its look."""
    from tests.prereview.test_portrait import portrait

    def jpeg(image: Image.Image) -> bytes:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=90)
        return buffer.getvalue()

    response = post(client, [("合影.jpg", jpeg(portrait((200, 30, 40), people=2)), "")], item="结婚登记")
    assert response.status_code == 200, response.text
    report = response.json()
    photo = next(m for m in report["materials"] if m["code"] == "M-PHOTO")
    assert photo["files"] == ["合影.jpg"]
    assert [d["code"] for d in report["defects"] if d["file"] == "合影.jpg"] == []


def page_image(rows_of_text: list[str]) -> bytes:
    """An A4-ish scan with lines of text."""
    font = ImageFont.truetype(FONT, 30)
    image = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(image)
    for index, text in enumerate(rows_of_text):
        draw.text((100, 120 + 70 * index), text, font=font, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_a_contracts_page_two_uploaded_alone_and_unlabelled_continues_the_contract(client: TestClient) -> None:
    """The signature page of a lease, photographed as its own file without a label, is the
    lease's page 2: not an "unrecognised document"."""
    page_one = page_image(["房屋租赁合同", "出租方（甲方）：某可岚", "承租方（乙方）：某采薇",
                           "第一条 房屋坐落：桐江市北塘区紫薇街340号7栋3单元203室",
                           "第二条 租赁期限：自2025年07月19日起至2028年07月18日止", "第1页"])
    page_two = page_image(["（以下无正文，为签署页）", "甲方（签字）：某可岚    乙方（签字）：某采薇",
                           "签订日期：2025年07月19日", "第2页"])
    response = post(client, [("合同1.png", page_one, "租赁合同"), ("合同2.png", page_two, "")])
    assert response.status_code == 200, response.text
    report = response.json()
    assert "合同2.png" not in [d["file"] for d in report["defects"] if d["code"] == "unrecognized_document"]
    lease = next(m for m in report["materials"] if "合同1.png" in m["files"])
    assert lease["files"] == ["合同1.png", "合同2.png"]


def test_an_unlabelled_id_card_of_someone_other_than_the_applicant_is_the_agents(client: TestClient) -> None:
    """The form names the applicant by number; an unlabelled card with another number is the
    受托人's (its defects are told under the agent's material, not the applicant's)."""
    applicant, agent = id_number(sequence="321"), id_number(sequence="654", valid=False)
    form = page_image(["个体工商户登记（备案）申请书", "经营者姓名：某晓明", f"公民身份号码：{applicant}",
                       "联系电话：0123-86495154", "经营场所：桐江市北塘区紫薇街340号", "经营范围：日用百货零售", "组成形式：个人经营"])
    response = post(client, [("申请书.png", form, "申请书"), ("卡2.png", id_front(agent, "某大海"), ""), ("卡1.png", id_front(applicant), "")],
                    answers='{"applicant": "agent"}')
    assert response.status_code == 200, response.text
    report = response.json()
    files = {m["code"]: m["files"] for m in report["materials"]}
    assert "卡2.png" in files["M-AGENT-ID"] and "卡1.png" in files["M-ID-CARD"]
    assert ("id_number_invalid", "M-AGENT-ID") in {(d["code"], d["material_code"]) for d in report["defects"]}


def test_an_unlabelled_card_with_the_applicants_name_but_another_number_is_the_applicants(client: TestClient) -> None:
    """The form gives 某晓明 a mistyped number; the card of 某晓明 is still the applicant's own
    (not the agent's), and the form's number is told as a mismatch."""
    typed, real = id_number(sequence="321"), id_number(sequence="987")
    form = page_image(["个体工商户登记（备案）申请书", "经营者姓名：某晓明", f"公民身份号码：{typed}",
                       "联系电话：0123-86495154", "经营场所：桐江市北塘区紫薇街340号", "经营范围：日用百货零售", "组成形式：个人经营"])
    response = post(client, [("申请书.png", form, "申请书"), ("卡.png", id_front(real), "")])
    assert response.status_code == 200, response.text
    report = response.json()
    files = {m["code"]: m["files"] for m in report["materials"]}
    assert "卡.png" in files["M-ID-CARD"] and "卡.png" not in files.get("M-AGENT-ID", [])
    assert ("id_number_mismatch", "M-SCJG-GTH-APP") in {(d["code"], d["material_code"]) for d in report["defects"]}


def test_unlabelled_card_backs_go_where_a_front_waits_for_its_back(client: TestClient) -> None:
    """Two people's cards, unlabelled, backs uploaded first: each material ends with a front and
    a back (no "缺少人像面" for a back that landed where no front is)."""
    applicant, agent = id_number(sequence="321"), id_number(sequence="654")
    form = page_image(["个体工商户登记（备案）申请书", "经营者姓名：某晓明", f"公民身份号码：{applicant}",
                       "联系电话：0123-86495154", "经营场所：桐江市北塘区紫薇街340号", "经营范围：日用百货零售", "组成形式：个人经营"])
    response = post(client, [("申请书.png", form, "申请书"), ("背1.jpg", id_back("2036.05.01"), ""), ("背2.jpg", id_back("2036.05.01"), ""),
                             ("正1.png", id_front(applicant), ""), ("正2.png", id_front(agent, "某大海"), "")], answers='{"applicant": "agent"}')
    assert response.status_code == 200, response.text
    report = response.json()
    files = {m["code"]: sorted(m["files"]) for m in report["materials"]}
    assert files["M-ID-CARD"] == ["正1.png", "背1.jpg"] and files["M-AGENT-ID"] == ["正2.png", "背2.jpg"]
    assert not [d for d in report["defects"] if d["code"] == "missing_material" and d["material_code"] in ("M-ID-CARD", "M-AGENT-ID")]


def test_a_document_under_a_swapped_label_is_an_extra_when_the_label_s_material_is_served(client: TestClient) -> None:
    """A lease (unlabelled) and a business licence labelled 租赁合同: the lease serves the label's
    material; the licence is listed as not needed here, not as "a wrong lease"."""
    lease = page_image(["房屋租赁合同", "出租方（甲方）：某可岚", "承租方（乙方）：某采薇",
                        "第一条 房屋坐落：桐江市北塘区紫薇街340号7栋3单元203室",
                        "第二条 租赁期限：自2025年07月19日起至2028年07月18日止", "出租方（签字）：某可岚  承租方（签字）：某采薇"])
    licence = page_image(["营业执照", "统一社会信用代码 92360103MA7XK3QD3J", "名称 桐江市某某小吃店", "类型 个体工商户",
                          "经营者 某采薇", "组成形式 个人经营", "注册日期 2020年05月01日", "经营场所 桐江市北塘区紫薇街340号",
                          "登记机关 桐江市北塘区市场监督管理局"])
    response = post(client, [("执照.png", licence, "租赁合同"), ("合同.png", lease, "")])
    assert response.status_code == 200, response.text
    report = response.json()
    assert not [d for d in report["defects"] if d["file"] == "执照.png"]
    assert {"file": "执照.png", "document": "营业执照"} in report["not_needed"]
