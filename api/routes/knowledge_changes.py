"""Reviewed catalogue changes over HTTP: an editor submits a catalogue file, a different reviewer
publishes (or rejects) it. The rules are knowledge.changes'; this module reads the upload and
answers.

The upload (.xlsx from `banshi kb template` or `banshi kb export`, or a .yml/.yaml/.json catalogue
file) is read like `banshi kb validate` reads a file, and merged by code like `banshi kb import`
without --replace: an invalid one is answered 422 with every problem, located (sheet, row and
column of a workbook; otherwise file, entity and field), and nothing is stored. Its size is capped
by `knowledge.max_upload_mb` while it arrives (api.limits).

Publishing writes the stored catalogue; the running API keeps serving the one it loaded at
start-up until the index is rebuilt and the API restarted (the answer says so, and GET
/healthz?details=1 shows both revisions). Every submission, publication and rejection goes to
the audit log as `knowledge_change:<id>`.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.auth import audit, require
from api.deps import get_knowledge
from banshi.accounts import Role
from banshi.credentials import Principal
from banshi.runtime import Knowledge
from knowledge.changes import (
    NOTE_MAX,
    Change,
    ChangeError,
    ChangeStatus,
    KnowledgeChanges,
    NoLongerValid,
    NotSubmitted,
    OwnChange,
    UnknownChange,
)
from knowledge.excel import cell_location
from knowledge.files import read_catalog
from knowledge.problems import CatalogError, Problem

router = APIRouter(prefix="/api/v1/knowledge", tags=["knowledge changes"])
FORMATS = (".xlsx", ".yml", ".yaml", ".json")
NAME_MAX = 255  # characters of the uploaded file's name that are kept


def get_changes(request: Request) -> KnowledgeChanges:
    return request.app.state.knowledge_changes


Editor = Annotated[Principal, Depends(require(Role.editor))]
Staff = Annotated[Principal, Depends(require(Role.editor, Role.reviewer))]
Reviewer = Annotated[Principal, Depends(require(Role.reviewer))]
Changes = Annotated[KnowledgeChanges, Depends(get_changes)]
Loaded = Annotated[Knowledge, Depends(get_knowledge)]


class Rejection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX)] = Field(
        description="why the change is rejected (for its author)"
    )


@router.post(
    "/changes",
    status_code=201,
    responses={
        413: {"description": "the file is over knowledge.max_upload_mb"},
        422: {"description": "unsupported file type, or the catalogue's problems, each located"},
    },
)
def submit_change(
    request: Request,
    editor: Editor,
    changes: Changes,
    knowledge: Loaded,
    file: Annotated[
        UploadFile, File(description="the catalogue: .xlsx (banshi kb template / export), .yml, .yaml or .json")
    ],
) -> Any:
    """Submit a catalogue file for review: its entities are merged by code into the stored catalogue
    when a reviewer other than you publishes it. The answer has the change's id and summary."""
    filename = _display_name(file.filename)
    suffix = Path(filename).suffix.lower()
    if suffix not in FORMATS:
        raise HTTPException(
            status_code=422,
            detail=f"不支持的文件类型“{suffix or filename}”：请上传 .xlsx（`banshi kb template` 模板）、.yml/.yaml 或 .json "
            "(unsupported file type: upload an .xlsx workbook, or a .yml, .yaml or .json catalogue file)",
        )
    with TemporaryDirectory(prefix="banshi-change-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            shutil.copyfileobj(file.file, out)
        try:
            change = changes.submit(editor.name, filename, read_catalog(path), knowledge.store.load())
        except CatalogError as exc:
            return _invalid(exc.problems, str(path), filename, workbook=suffix == ".xlsx")
    audit(
        request,
        editor,
        "knowledge.submit",
        _record(change.id),
        filename=filename,
        added={s: len(c["added"]) for s, c in change.summary.items() if c["added"]},
        changed={s: len(c["changed"]) for s, c in change.summary.items() if c["changed"]},
    )
    return change.as_dict()


@router.get("/changes")
def list_changes(
    staff: Staff,
    changes: Changes,
    status: ChangeStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    """Newest first, each with its summary (GET /changes/{id} also has its catalogue)."""
    return [c.as_dict() for c in changes.list(status, limit)]


@router.get("/changes/{change_id}")
def get_change(change_id: int, staff: Staff, changes: Changes) -> dict[str, Any]:
    """The change: its summary and the catalogue it would merge."""
    return _answer(lambda: changes.get(change_id)).as_dict()


@router.post("/changes/{change_id}/publish")
def publish_change(
    change_id: int, request: Request, reviewer: Reviewer, changes: Changes, knowledge: Loaded
) -> Any:
    """Merge the change into the stored catalogue (validated again). Not its author's to publish."""
    try:
        change = changes.publish(change_id, reviewer.name, knowledge.store)
    except NoLongerValid as exc:
        return JSONResponse(
            status_code=409,
            content={
                "error": "no_longer_valid",
                "message": str(exc),
                "problems": [p.as_dict() for p in exc.problems],
            },
        )
    except ChangeError as exc:
        raise _refused(exc) from None
    audit(
        request,
        reviewer,
        "knowledge.publish",
        _record(change.id),
        author=change.author,
        revision=change.published_revision,
    )
    return {
        **change.as_dict(),
        "served_revision": knowledge.revision,
        "restart_needed": True,
        "message": (
            f"已发布：知识库修订号 {change.published_revision} 已写入数据库。正在运行的服务仍按启动时载入的修订号 "
            f"{knowledge.revision} 答复，运行 `banshi index build` 重建检索索引并重启 API 后才生效（暂不支持在线更新索引）。"
            f" (Published: the stored catalogue is now revision {change.published_revision}. The running server "
            f"keeps answering from revision {knowledge.revision}, which it loaded at start-up, until the search "
            "index is rebuilt and the API restarted: `banshi index build`, then restart the API. Live re-indexing "
            "is not part of this version.)"
        ),
    }


@router.post("/changes/{change_id}/reject")
def reject_change(
    change_id: int, request: Request, reviewer: Reviewer, changes: Changes, body: Rejection
) -> dict[str, Any]:
    """Refuse the change, with a note for its author. Not its author's to reject."""
    change = _answer(lambda: changes.reject(change_id, reviewer.name, body.note))
    audit(request, reviewer, "knowledge.reject", _record(change.id), author=change.author, note=change.note)
    return change.as_dict()


def _record(change_id: int) -> str:
    return f"knowledge_change:{change_id}"


def _display_name(name: str | None) -> str:
    """The uploaded file's own name, without any folders the client sent (its suffix kept)."""
    base = re.split(r"[\\/]", name or "")[-1].strip()
    if len(base) > NAME_MAX:
        suffix = Path(base).suffix[:16]
        base = base[: NAME_MAX - len(suffix)] + suffix
    return base or "upload"


def _invalid(problems: list[Problem], temporary: str, filename: str, *, workbook: bool) -> JSONResponse:
    """422 with every problem: in the uploaded file's name, a workbook's with sheet, row and column."""
    shown = []
    for problem in problems:
        entry: dict[str, Any] = problem.as_dict()
        if entry["file"] == temporary:
            entry["file"] = filename
        cell = cell_location(problem.field) if workbook else None
        if cell is not None:
            entry.update(cell)
        shown.append(entry)
    n = len(shown)
    return JSONResponse(
        status_code=422,
        content={
            "error": "invalid_catalogue",
            "message": f"“{filename}”有 {n} 个问题，未提交；请改正后重新上传 "
            f"({n} problem(s) in {filename}; nothing was submitted — fix them and upload the file again)",
            "problems": shown,
        },
    )


# How a refusal is answered; any other ChangeError (a rejection without a note) is a 422.
REFUSALS: dict[type[ChangeError], int] = {UnknownChange: 404, OwnChange: 403, NotSubmitted: 409}


def _refused(exc: ChangeError) -> HTTPException:
    status = next((s for kind, s in REFUSALS.items() if isinstance(exc, kind)), 422)
    return HTTPException(status_code=status, detail=str(exc))


def _answer(operation: Callable[[], Change]) -> Change:
    try:
        return operation()
    except ChangeError as exc:
        raise _refused(exc) from None
