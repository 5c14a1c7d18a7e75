"""POST /api/v1/chat — the channel API the web page, the widget and other channels use.

Rate limits per client address apply before the body is read (api.rate_limits); the limit
per conversation applies here, once the id is known to be one the server issued.

A conversation is opened with POST /api/v1/chat/conversations, which issues its id (a
capability: bot.conversation_ids); a message with an id the server did not issue is refused,
so nobody can chat in someone else's conversation by choosing its id. The same capability
deletes the conversation (DELETE /api/v1/chat/conversations/{sender}: banshi.retention).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from bot.channel import ChatChannel, ChatUnavailable

router = APIRouter(prefix="/api/v1", tags=["chat"])
HOTLINE_HINT = "也可以直接拨打 12345 政务服务便民热线。"


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sender: str = Field(
        min_length=1, max_length=128, description="the conversation's id, as POST /api/v1/chat/conversations issued it"
    )
    message: str = Field(min_length=1, max_length=2000, description="the citizen's text, or a button's payload")


class Conversation(BaseModel):
    sender: str = Field(description="the new conversation's id: send it with every message of the conversation")


class ChatButton(BaseModel):
    title: str
    payload: str


class ChatMessage(BaseModel):
    text: str
    buttons: list[ChatButton] = []
    payload: dict[str, Any] | None = Field(
        default=None, description="structured card: kind answer | choices | fallback | handoff"
    )


def ready_channel(request: Request) -> ChatChannel:
    """The channel, once Rasa is up; otherwise 503 saying why (checked after the body is valid)."""
    supervisor = request.app.state.bot
    if supervisor.status != "ready":
        messages = {
            "disabled": "聊天功能未开启（config.yml 中 bot.enabled 为 false）。",
            "failed": "智能助手暂时无法启动，工作人员正在处理。",
        }
        detail = messages.get(supervisor.status, "智能助手正在启动，请稍等一两分钟再试。")
        raise HTTPException(status_code=503, detail=detail + HOTLINE_HINT)
    return request.app.state.chat


@router.post("/chat/conversations", response_model=Conversation, status_code=201)
def open_conversation(request: Request) -> dict[str, str]:
    """A new conversation: its id is the citizen's key to it (keep it, send it with each message)."""
    return {"sender": request.app.state.conversations.issue()}


NOT_ISSUED = "这个对话标识不是本服务发出的或已失效，请刷新页面开始新的对话。"


def _conversation(request: Request, sender: str) -> str:
    """The bare conversation id the capability opens; 403 when the server did not issue it."""
    conversation = request.app.state.conversations.open(sender)
    if conversation is None:
        raise HTTPException(status_code=403, detail=NOT_ISSUED)
    return conversation


@router.delete("/chat/conversations/{sender}", status_code=204, response_class=Response)
def delete_conversation(sender: str, request: Request) -> Response:
    """Delete the conversation: what was said (Rasa's store), the answers given and their ratings;
    its handoffs are closed and their transcripts emptied."""
    request.app.state.retention.forget(_conversation(request, sender))
    return Response(status_code=204)


@router.post("/chat", response_model=list[ChatMessage])
async def chat(body: ChatRequest, request: Request) -> list[dict[str, Any]]:
    """One citizen message in, the bot's messages out (answer cards carry their source)."""
    conversation = _conversation(request, body.sender)
    request.app.state.rate_limits.check("chat_conversation", conversation)  # only ids the server issued
    if not body.message.strip():
        raise HTTPException(status_code=422, detail="message 不能为空 (message is blank): 请输入您的问题")
    channel = ready_channel(request)
    try:
        return await channel.send(conversation, body.message.strip())
    except ChatUnavailable as exc:
        raise HTTPException(status_code=503, detail="智能助手暂时没有响应，请稍后再试。" + HOTLINE_HINT) from exc
