"""Pre-review of uploaded materials: POST /api/v1/prereview (multipart), then the job's status.

The request is checked before anything is stored (unknown item, unknown material label, bad
answers → 4xx saying what to fix; too many or too large files → 413 from api.limits, while the
body is still arriving); the review then runs in the background. The response is the report when
it finishes within `wait` seconds, otherwise 202 with the job id and its status URL. The citizen
can delete their files and report at any time.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from knowledge.checklist import AnswerError, TargetNotFound
from prereview.jobs import DONE, FAILED, PrereviewJobs
from prereview.model import Upload
from prereview.review import PreReview

router = APIRouter(tags=["prereview"])


def get_jobs(request: Request) -> PrereviewJobs:
    return request.app.state.prereview_jobs


def get_review(request: Request) -> PreReview:
    return request.app.state.prereview


@router.post("/api/v1/prereview", responses={202: {"description": "still running: poll status_url"}})
async def prereview(
    request: Request,
    jobs: Annotated[PrereviewJobs, Depends(get_jobs)],
    review: Annotated[PreReview, Depends(get_review)],
    item: Annotated[str, Form(min_length=1, max_length=200, description="item or bundle: code, name or alias")],
    files: Annotated[list[UploadFile], File(description="photos, scans, PDFs or docx of the materials")],
    labels: Annotated[list[str], Form(description="material label per file, in order (empty: classify)")] = [],  # noqa: B006
    answers: Annotated[str, Form(description='情形 answers as JSON: {"premises": "lease"}')] = "{}",
    wait: Annotated[float, Query(ge=0, le=60, description="seconds to wait for the report before answering 202")] = 20,
) -> Any:
    """Pre-review the files for the item; the report (verdict, defects, materials, notice) or a job id."""
    if labels and len(labels) != len(files):
        raise HTTPException(status_code=422, detail=f"labels 的个数（{len(labels)}）应与文件个数（{len(files)}）一致；不标注的文件请传空字符串")
    try:
        parsed = json.loads(answers or "{}")
    except json.JSONDecodeError:
        raise HTTPException(status_code=422, detail='answers 不是合法的 JSON，例如 {"premises": "lease"}') from None
    if not isinstance(parsed, dict):
        raise HTTPException(status_code=422, detail='answers 应为 JSON 对象，例如 {"premises": "lease"}')
    given = [label.strip() or None for label in labels] or [None] * len(files)
    try:
        await run_in_threadpool(review.check_request, item, parsed)
    except TargetNotFound:
        raise HTTPException(status_code=404, detail=f"没有找到与 {item!r} 对应的事项 (no item matches); use POST /api/v1/search to find codes") from None
    except AnswerError as exc:
        return JSONResponse(status_code=422, content={"error": "invalid_answer", "message": str(exc), "question": exc.question, "choices": exc.choices})
    # api.limits has refused the request if one file was over prereview.max_file_bytes or there
    # were more than prereview.max_files: each file is within its limit here.
    uploads = [
        Upload(upload.filename or "upload", await upload.read(), label)
        for upload, label in zip(files, given, strict=True)
    ]
    job_id = await run_in_threadpool(jobs.submit, item, parsed, uploads)
    await run_in_threadpool(jobs.wait, job_id, wait)
    return _response(request, jobs, job_id)


@router.get("/api/v1/prereview/{job_id}")
async def prereview_status(request: Request, job_id: str, jobs: Annotated[PrereviewJobs, Depends(get_jobs)]) -> Any:
    """The job's status; its report once done (files and reports are kept for the retention period)."""
    return _response(request, jobs, job_id)


@router.delete("/api/v1/prereview/{job_id}")
async def prereview_delete(job_id: str, jobs: Annotated[PrereviewJobs, Depends(get_jobs)]) -> dict[str, Any]:
    """Delete the uploaded files and the report now."""
    if not await run_in_threadpool(jobs.delete, job_id):
        raise HTTPException(status_code=404, detail=f"没有编号为 {job_id!r} 的预审（可能已删除或已过保存期限）")
    return {"id": job_id, "deleted": True}


def _response(request: Request, jobs: PrereviewJobs, job_id: str) -> Any:
    job = jobs.get(job_id)
    if job is None:
        raise HTTPException(status_code=404, detail=f"没有编号为 {job_id!r} 的预审（可能已删除或已过保存期限）")
    status_url = str(request.url_for("prereview_status", job_id=job_id))
    if job["status"] == DONE:
        return {**job["report"], "id": job_id, "status": DONE, "status_url": status_url, "expires_at": job["expires_at"]}
    if job["status"] == FAILED:
        return JSONResponse(status_code=500, content={"error": "prereview_failed", "id": job_id, "status": FAILED,
                                                      "message": job["error"] or "预审未能完成，请稍后重试"})
    return JSONResponse(status_code=202, content={"id": job_id, "status": job["status"], "status_url": status_url})
