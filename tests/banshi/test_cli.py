"""The `banshi` command as a user runs it: real processes, a private database and index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.knowledge.factories import item, write_kb


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("cli")
    return {
        **os.environ,
        "BANSHI_DATABASE__URL": f"sqlite:///{tmp / 'banshi.db'}",
        "BANSHI_SEARCH__INDEX_DIR": str(tmp / "index"),
        "BANSHI_LOGGING__LEVEL": "WARNING",
    }


def banshi(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "banshi.cli", *args], env=env, input=stdin, capture_output=True, text=True, timeout=600
    )


def test_index_build_then_ask_json(env: dict[str, str]) -> None:
    built = banshi(env, "index", "build")
    assert built.returncode == 0, built.stderr
    assert "index built" in built.stdout
    done = banshi(env, "ask", "港澳通行證簽注怎麼辦", "--json")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["results"][0]["name"] == "往来港澳通行证及签注签发"
    assert body["answer"]["source"]["code"] == body["results"][0]["code"]


def test_ask_batch_prints_json_lines(env: dict[str, str], tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text("办护照要多少钱\n\n股票明天会涨吗\n公积金怎么取\n", encoding="utf-8")
    done = banshi(env, "ask", "--json", "--batch", str(questions))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["办护照要多少钱", "股票明天会涨吗", "公积金怎么取"]
    assert lines[0]["aspect"] == "fee" and lines[1]["out_of_scope"] is True
    from_stdin = banshi(env, "ask", "--json", "--batch", "-", stdin="办护照要多少钱\n")
    assert json.loads(from_stdin.stdout)["results"] == lines[0]["results"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask"], "give either a question or --batch FILE"),
        (["ask", "  "], "the question is empty"),
        (["ask", "--batch", "/nonexistent/q.txt"], "cannot read /nonexistent/q.txt"),
        (["kb", "template", "out.csv"], "ending in .xlsx"),
    ],
)
def test_usage_errors_are_one_line_not_a_traceback(env: dict[str, str], args: list[str], message: str) -> None:
    done = banshi(env, *args)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_invalid_config_is_reported(env: dict[str, str]) -> None:
    done = banshi({**env, "BANSHI_SEARCH__TOP_K": "zero"}, "ask", "护照")
    assert done.returncode == 2
    assert "search.top_k" in done.stderr and "Traceback" not in done.stderr


def test_import_merges_and_refuses_broken_input(env: dict[str, str], tmp_path: Path) -> None:
    broken = write_kb(tmp_path / "broken", [item(materials=[{"material": "M-NOPE"}])])
    done = banshi(env, "kb", "import", str(broken))
    assert done.returncode == 1
    assert "unknown material 'M-NOPE'" in done.stderr and "nothing was imported" in done.stderr
    good = write_kb(tmp_path / "good")
    done = banshi(env, "kb", "import", str(good))
    assert done.returncode == 0, done.stderr
    exported = tmp_path / "export.json"
    assert banshi(env, "kb", "export", str(exported)).returncode == 0
    names = {i["name"] for i in json.loads(exported.read_text(encoding="utf-8"))["items"]}
    assert {"测试证件补领", "居民身份证申领换领补领"} <= names


def _walk_checklist(env: dict[str, str], target: str, answers: dict[str, str], *extra: str) -> dict:
    """Run `banshi checklist` answering each question it asks (given answer, else the first option)."""
    answers = dict(answers)
    for _ in range(40):
        args = ["checklist", target, "--json", *extra] + [a for q, o in answers.items() for a in ("--answer", f"{q}={o}")]
        done = banshi(env, *args)
        assert done.returncode == 0, done.stderr
        body = json.loads(done.stdout)
        if "checklist" in body:
            return body["checklist"]
        question = body["next_question"]
        answers[question["id"]] = answers.get(question["id"]) or question["options"][0]["id"]
    raise AssertionError("the questions never ended")


def test_checklist_for_a_bundle_json_and_pdf(env: dict[str, str], tmp_path: Path) -> None:
    pdf = tmp_path / "告知单.pdf"
    checklist = _walk_checklist(env, "开办理发店一件事", {"premises": "village"}, "--pdf", str(pdf))
    codes = [m["code"] for m in checklist["materials"]]
    assert "M-PREMISES-VILLAGE-PROOF" in codes and len(codes) == len(set(codes))
    assert checklist["id"] and pdf.read_bytes().startswith(b"%PDF")


def test_checklist_text_shows_the_next_question_then_the_list(env: dict[str, str]) -> None:
    first = banshi(env, "checklist", "出生登记")
    assert first.returncode == 0 and "--answer situations=none" in first.stdout
    assert "可多选：--answer situations=nonmarital,ethnic" in first.stdout  # a tick list takes several
    ticked = banshi(env, "checklist", "出生登记", "--answer", "situations=nonmarital,ethnic")
    assert ticked.returncode == 0 and "--answer follow=father" in ticked.stdout  # 非婚生: 随父 or 随母
    done = banshi(
        env, "checklist", "出生登记", *[a for pair in ("marital=married", "parent_hukou=both_local", "ethnicity=same",
        "address=parent", "timing=within", "applicant=parent") for a in ("--answer", pair)],
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "一次性告知：出生登记" in done.stdout and "出生医学证明" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["checklist", "开办理发店一件事", "--answer", "premises=shop"], "租赁他人的商铺或场地"),
        (["checklist", "开办理发店一件事", "--answer", "floor=1"], "可以回答的问题"),
        (["checklist", "开办理发店一件事", "--answer", "premises"], "is not QUESTION=OPTION"),
        (["checklist", "开办宇宙飞船一件事"], "no item or bundle matches"),
    ],
    ids=["not an option", "no such question", "no equals sign", "unknown target"],
)
def test_checklist_errors_say_what_is_valid(env: dict[str, str], args: list[str], message: str) -> None:
    done = banshi(env, *args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_prereview_json_reports_each_bad_file(env: dict[str, str], tmp_path: Path) -> None:
    from tests.prereview import hostile

    exe = tmp_path / "身份证.jpg"
    exe.write_bytes(hostile.renamed_executable())
    pdf = tmp_path / "合同.pdf"
    pdf.write_bytes(hostile.truncated_pdf())
    done = banshi(env, "prereview", "--item", "个体工商户设立登记", f"{exe}=身份证", str(pdf), "--json")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert set(body) >= {"verdict", "defects", "materials", "notice"}
    assert body["verdict"] == "fail"
    assert {(d["code"], d["file"]) for d in body["defects"] if d["file"]} == {("wrong_file_type", "身份证.jpg"), ("file_unreadable", "合同.pdf")}
    assert {m["material"] for m in body["materials"]} >= {"居民身份证", "个体工商户登记（备案）申请书"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prereview", "--item", "个体工商户设立登记", "missing.jpg"], "no such file"),
        (["prereview", "--item", "开办宇宙飞船一件事", "{file}"], "no item or bundle matches"),
        (["prereview", "--item", "个体工商户设立登记", "--answer", "premises=castle", "{file}"], "premises"),
    ],
    ids=["missing file", "unknown item", "bad answer"],
)
def test_prereview_errors_say_what_to_do(env: dict[str, str], tmp_path: Path, args: list[str], message: str) -> None:
    file = tmp_path / "a.png"
    file.write_bytes(b"\x89PNG\r\n\x1a\n")
    done = banshi(env, *[a.replace("{file}", str(file)) for a in args])
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_data_purge_prints_the_count_of_each_store(env: dict[str, str], tmp_path: Path) -> None:
    private = {
        **env,
        "BANSHI_BOT__TRACKER_STORE": f"sqlite:///{tmp_path / 'tracker.db'}",
        "BANSHI_PREREVIEW__UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    done = banshi(private, "data", "purge")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "conversations: 0 deleted" in lines and "uploads: 0 deleted" in lines and "checklists: 0 deleted" in lines


def test_checklist_stats_prints_every_item_and_bundle(env: dict[str, str]) -> None:
    done = banshi(env, "checklist", "stats", "--json")
    assert done.returncode == 0, done.stderr
    rows = {r["name"]: r for r in json.loads(done.stdout)}
    assert {"出生一件事", "出生登记"} <= set(rows)
    assert rows["出生一件事"]["kind"] == "bundle" and rows["出生登记"]["exhaustive"] is True
    assert rows["出生登记"]["longest"] >= rows["出生登记"]["mean"] > 0
