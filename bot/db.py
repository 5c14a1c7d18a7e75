"""Tables of the conversations' own records: answers given, their ratings, and handoffs.

They live in the same database as the knowledge base (one Alembic history, in
banshi/migrations); the conversations themselves are in Rasa's SQL tracker store.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from banshi.db import Base


class ConversationRow(Base):
    """Per conversation: the script the citizen writes in, so replies stay in it."""

    __tablename__ = "bot_conversations"
    sender: Mapped[str] = mapped_column(String(128), primary_key=True)
    script: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now())


class AnswerRow(Base):
    """One answer the bot gave from the knowledge base: what was asked and which field answered."""

    __tablename__ = "bot_answers"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sender: Mapped[str] = mapped_column(String(128), index=True)
    question: Mapped[str] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(64), index=True)
    field: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RatingRow(Base):
    """好评/差评 of one answer, with the citizen's optional reason; the latest rating counts."""

    __tablename__ = "bot_ratings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    answer_id: Mapped[str] = mapped_column(ForeignKey("bot_answers.id", ondelete="CASCADE"), index=True)
    sender: Mapped[str] = mapped_column(String(128))
    rating: Mapped[str] = mapped_column(String(8))  # good | bad
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class HandoffRow(Base):
    """A conversation handed over to a person, with the whole transcript an agent picks up."""

    __tablename__ = "bot_handoffs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender: Mapped[str] = mapped_column(String(128), index=True)
    reason: Mapped[str] = mapped_column(String(32))  # requested | failed_turns
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | claimed | closed
    agent: Mapped[str] = mapped_column(String(128), default="")
    item: Mapped[str] = mapped_column(String(64), default="")
    transcript: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now())
