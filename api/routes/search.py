"""POST /api/v1/search — the same shape as `banshi ask --json`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from api.deps import get_knowledge
from banshi.runtime import Knowledge

router = APIRouter(prefix="/api/v1", tags=["search"])


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"query": "身份证丢了怎么补办", "top_k": 5}]})

    query: str = Field(min_length=1, max_length=1000, description="the citizen's question, as typed")
    top_k: int = Field(default=5, ge=1, le=50)


class SourceOut(BaseModel):
    code: str
    field: str


class AnswerOut(BaseModel):
    text: str
    source: SourceOut


class ResultOut(BaseModel):
    code: str
    name: str
    kind: str
    score: float


class SearchResponseOut(BaseModel):
    query: str
    normalized: str
    out_of_scope: bool
    results: list[ResultOut]
    aspect: str | None
    answer: AnswerOut | None
    confidence: float
    suggestions: list[ResultOut]


@router.post("/search", response_model=SearchResponseOut)
def search(request: SearchRequest, knowledge: Annotated[Knowledge, Depends(get_knowledge)]) -> dict[str, Any]:
    """Find the service items that answer a question; out_of_scope when none does."""
    return knowledge.searcher.search(request.query, request.top_k).as_dict()
