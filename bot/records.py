"""Conversation records kept by the product (not by Rasa): answers, ratings and handoffs.

Every answer gets an id the citizen's 好评/差评 refers to; a handoff stores the whole
conversation so an agent (or the agent console, later) can pick it up without asking again.
All of it is personal data: `purge` ends it after its retention period, `forget` on the
citizen's request (banshi.retention).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import delete, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from banshi.db import rows_changed
from bot.db import AnswerRow, ConversationRow, HandoffRow, RatingRow
from nlu.script import Script

Rating = Literal["good", "bad"]
HandoffStatus = Literal["open", "claimed", "closed"]


class RecordError(ValueError):
    """A request about a record that cannot be honoured in the record's present state."""


class UnknownRecord(RecordError):
    """No record with that id."""


@dataclass(frozen=True)
class Handoff:
    id: int
    sender: str
    reason: str
    status: str
    agent: str
    item: str
    transcript: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sender": self.sender,
            "reason": self.reason,
            "status": self.status,
            "agent": self.agent,
            "item": self.item or None,
            "transcript": self.transcript,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


def _handoff(row: HandoffRow) -> Handoff:
    return Handoff(
        row.id, row.sender, row.reason, row.status, row.agent, row.item, list(row.transcript), row.created_at, row.updated_at
    )


class ConversationRecords:
    """Answers, ratings and handoffs in the product's database (migrated by banshi.schema)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- the conversation's script ---------------------------------------------------------
    def script(self, sender: str, seen: Script | None) -> Script:
        """The script to reply in: what this message shows (remembered), else what was seen before."""
        with Session(self.engine) as session, session.begin():
            row = session.get(ConversationRow, sender)
            if row is not None:
                row.updated_at = datetime.now(UTC)  # last seen: retention counts from here
            if seen is None:
                return "traditional" if row is not None and row.script == "traditional" else "simplified"
            if row is None:
                session.add(ConversationRow(sender=sender, script=seen))
            elif row.script != seen:
                row.script = seen
            return seen

    # -- answers and ratings ---------------------------------------------------------------
    def add_answer(self, sender: str, question: str, code: str, field: str) -> str:
        answer_id = uuid.uuid4().hex[:16]
        with Session(self.engine) as session, session.begin():
            session.add(AnswerRow(id=answer_id, sender=sender, question=question, code=code, field=field))
        return answer_id

    def rate(self, answer_id: str, sender: str, rating: Rating, reason: str = "") -> dict[str, Any]:
        with Session(self.engine) as session, session.begin():
            answer = session.get(AnswerRow, answer_id)
            if answer is None:
                raise UnknownRecord(f"没有编号为 {answer_id} 的回答，无法评价 (unknown answer id)")
            session.add(RatingRow(answer_id=answer_id, sender=sender, rating=rating, reason=reason.strip()[:500]))
            return {"answer_id": answer_id, "code": answer.code, "field": answer.field, "rating": rating}

    def ratings(self, limit: int = 100) -> list[dict[str, Any]]:
        with Session(self.engine) as session:
            rows = session.execute(
                select(RatingRow, AnswerRow).join(AnswerRow).order_by(RatingRow.id.desc()).limit(limit)
            ).all()
            return [
                {
                    "answer_id": r.answer_id,
                    "rating": r.rating,
                    "reason": r.reason,
                    "question": a.question,
                    "code": a.code,
                    "field": a.field,
                    "created_at": r.created_at.isoformat(),
                }
                for r, a in rows
            ]

    # -- handoffs --------------------------------------------------------------------------
    def open_handoff(self, sender: str, reason: str, transcript: list[dict[str, Any]], item: str = "") -> Handoff:
        """A new open handoff, or the sender's open one brought up to date (no duplicates)."""
        with Session(self.engine) as session, session.begin():
            row = session.scalars(
                select(HandoffRow).where(HandoffRow.sender == sender, HandoffRow.status != "closed")
            ).first()
            if row is None:
                row = HandoffRow(sender=sender, reason=reason, status="open", agent="", item=item, transcript=transcript)
                session.add(row)
            else:
                row.transcript = transcript
                row.item = item or row.item
            session.flush()
            session.refresh(row)
            return _handoff(row)

    def handoffs(self, status: str | None = None, limit: int = 100) -> list[Handoff]:
        with Session(self.engine) as session:
            query = select(HandoffRow).order_by(HandoffRow.id.desc()).limit(limit)
            if status:
                query = query.where(HandoffRow.status == status)
            return [_handoff(r) for r in session.scalars(query)]

    def handoff(self, handoff_id: int) -> Handoff:
        with Session(self.engine) as session:
            row = session.get(HandoffRow, handoff_id)
            if row is None:
                raise UnknownRecord(f"没有编号为 {handoff_id} 的转人工记录 (unknown handoff id)")
            return _handoff(row)

    def claim(self, handoff_id: int, agent: str) -> Handoff:
        return self._move(handoff_id, "open", "claimed", agent)

    def close(self, handoff_id: int, agent: str) -> Handoff:
        return self._move(handoff_id, "claimed", "closed", agent)

    def _move(self, handoff_id: int, source: str, target: str, agent: str) -> Handoff:
        with Session(self.engine) as session, session.begin():
            row = session.get(HandoffRow, handoff_id)
            if row is None:
                raise UnknownRecord(f"没有编号为 {handoff_id} 的转人工记录 (unknown handoff id)")
            if row.status != source:
                raise RecordError(f"转人工记录 {handoff_id} 的状态是 {row.status}，不能改为 {target}")
            if target == "closed" and row.agent and row.agent != agent:
                raise RecordError(f"转人工记录 {handoff_id} 由 {row.agent} 接手，只有该坐席可以结束")
            row.status, row.agent = target, agent
            session.flush()
            session.refresh(row)
            return _handoff(row)

    # -- retention -------------------------------------------------------------------------
    def purge(self, conversations: datetime, handoffs: datetime, ratings: datetime) -> dict[str, int]:
        """Delete records older than their cutoff. A rating outlives its conversation: past the
        conversation's cutoff its answer keeps only the item and field (question text and
        conversation id dropped); past the ratings cutoff both go."""
        conversations, handoffs, ratings = (t.astimezone(UTC) for t in (conversations, handoffs, ratings))
        with Session(self.engine) as session, session.begin():
            counts = {"ratings": rows_changed(session, delete(RatingRow).where(RatingRow.created_at < ratings))}
            old = AnswerRow.created_at < conversations
            rated = select(RatingRow.answer_id)
            counts["answers"] = rows_changed(session, delete(AnswerRow).where(old, AnswerRow.id.not_in(rated)))
            session.execute(update(AnswerRow).where(old, or_(AnswerRow.question != "", AnswerRow.sender != "")).values(question="", sender=""))
            session.execute(update(RatingRow).where(RatingRow.created_at < conversations, RatingRow.sender != "").values(sender=""))
            counts["conversation_settings"] = rows_changed(
                session, delete(ConversationRow).where(ConversationRow.updated_at < conversations)
            )
            counts["handoffs"] = rows_changed(session, delete(HandoffRow).where(HandoffRow.updated_at < handoffs))
        return counts

    def forget(self, sender: str) -> dict[str, int]:
        """Remove one conversation's records at the citizen's request. Its handoffs stay as closed,
        empty rows (staff see that one happened, not what was said); an open one leaves the queue."""
        with Session(self.engine) as session, session.begin():
            answers = select(AnswerRow.id).where(AnswerRow.sender == sender)
            ratings = delete(RatingRow).where(or_(RatingRow.sender == sender, RatingRow.answer_id.in_(answers)))
            counts = {"ratings": rows_changed(session, ratings)}
            counts["answers"] = rows_changed(session, delete(AnswerRow).where(AnswerRow.sender == sender))
            session.execute(delete(ConversationRow).where(ConversationRow.sender == sender))
            counts["handoffs"] = rows_changed(
                session, update(HandoffRow).where(HandoffRow.sender == sender).values(status="closed", transcript=[], item="")
            )
        return counts
