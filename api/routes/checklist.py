"""The personalised checklist: POST /api/v1/checklist (stateless: target + answers → next question
or checklist), the saved checklist as JSON, PDF (一次性告知单) and a printable page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from api.deps import get_knowledge, get_settings
from banshi.config import Settings
from banshi.runtime import Knowledge
from knowledge.checklist import AnswerError, Checklist, TargetNotFound, resolve_target, step
from knowledge.checklist.html import render_html
from knowledge.checklist.pdf import FontMissing, render_pdf
from knowledge.checklist.saved import SavedChecklists

router = APIRouter(tags=["checklist"])


class ChecklistRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"target": "开办理发店一件事", "answers": {"entity": "individual", "premises": "lease"}}]},
    )

    target: str = Field(min_length=1, max_length=200, description="item or bundle: code, name, alias or the citizen's words")
    answers: dict[str, str | list[str]] = Field(default={}, description="question id → option id (a list for multiple choice)")


@router.post("/api/v1/checklist")
def checklist(
    request: ChecklistRequest,
    knowledge: Annotated[Knowledge, Depends(get_knowledge)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> dict[str, Any]:
    """The next 情形 question, or (all relevant questions answered) the checklist with its links."""
    try:
        target = resolve_target(knowledge.catalog, request.target, knowledge.searcher.best_code)
    except TargetNotFound:
        raise HTTPException(
            status_code=404,
            detail=f"没有找到与 {request.target!r} 对应的事项或“一件事” (no item or bundle matches); use POST /api/v1/search to find codes",
        ) from None
    try:
        result = step(knowledge.catalog, target, request.answers, settings.checklist.e_licenses)
    except AnswerError as exc:
        return JSONResponse(  # type: ignore[return-value]
            status_code=422,
            content={"error": "invalid_answer", "message": str(exc), "question": exc.question, "choices": exc.choices},
        )
    data = result.as_dict()
    if result.checklist is not None:
        key = SavedChecklists(knowledge.store.engine).save(result.checklist)
        data["checklist"].update(_links(settings, key))
    return data


def _links(settings: Settings, key: str) -> dict[str, str]:
    base = settings.api.base_url
    return {"id": key, "url": f"{base}/checklist/{key}", "pdf_url": f"{base}/api/v1/checklist/{key}.pdf"}


def _saved(knowledge: Knowledge, key: str) -> Checklist:
    data = SavedChecklists(knowledge.store.engine).get(key)
    if data is None:
        raise HTTPException(status_code=404, detail=f"没有编号为 {key!r} 的清单 (no saved checklist with this id); create one with POST /api/v1/checklist")
    return Checklist.from_dict(data)


@router.get("/api/v1/checklist/{key}.pdf", response_class=Response)
def checklist_pdf(
    key: str, knowledge: Annotated[Knowledge, Depends(get_knowledge)], settings: Annotated[Settings, Depends(get_settings)]
) -> Response:
    """The saved checklist as a printable PDF 一次性告知单 (Chinese font embedded, QR code back to it)."""
    saved = _saved(knowledge, key)
    try:
        body = render_pdf(saved, _links(settings, key)["url"])
    except FontMissing as exc:
        raise HTTPException(status_code=503, detail=f"PDF 暂不可用：{exc}") from None
    headers = {"Content-Disposition": f'inline; filename="checklist-{key}.pdf"'}
    return Response(body, media_type="application/pdf", headers=headers)


@router.get("/api/v1/checklist/{key}")
def checklist_saved(key: str, knowledge: Annotated[Knowledge, Depends(get_knowledge)], settings: Annotated[Settings, Depends(get_settings)]) -> dict[str, Any]:
    """A saved checklist as JSON (the same shape as POST's checklist)."""
    return {"checklist": {**_saved(knowledge, key).as_dict(), **_links(settings, key)}}


@router.get("/checklist/{key}", response_class=HTMLResponse, include_in_schema=False)
def checklist_page(key: str, knowledge: Annotated[Knowledge, Depends(get_knowledge)], settings: Annotated[Settings, Depends(get_settings)]) -> HTMLResponse:
    """The printable page the QR code on the PDF opens."""
    saved = _saved(knowledge, key)
    links = _links(settings, key)
    return HTMLResponse(render_html(saved, link=links["url"], pdf_url=links["pdf_url"]))
