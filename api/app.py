"""The FastAPI application: loads the knowledge base once, then serves the HTTP API.

`uvicorn api.app:create_app --factory` (what `banshi serve` runs). OpenAPI docs at /docs, the
citizen's chat page at /. With bot.enabled the app also trains (when needed) and starts the Rasa
server as its child process (bot.supervisor), and serves Rasa's custom actions in-process.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api.errors import install_error_handlers
from api.headers import SecurityHeaders
from api.limits import BodyLimits
from api.rate_limits import AddressLimits, RateLimits
from api.routes import (
    admin,
    auth,
    chat,
    checklist,
    handoffs,
    health,
    items,
    knowledge_changes,
    pages,
    prereview,
    rasa_actions,
    ratings,
    search,
)
from banshi.administration import Administration
from banshi.config import Settings, get_settings
from banshi.keys import derived_key
from banshi.retention import Retention
from banshi.runtime import open_knowledge, open_prereview, open_prereview_jobs
from bot.actions import build_executor
from bot.channel import ChatChannel
from bot.conversation_ids import ConversationIds
from bot.dialogue import Dialogue
from bot.guidance import Guidance
from bot.rasa_server import action_token
from bot.records import ConversationRecords
from bot.supervisor import BotSupervisor
from knowledge.changes import KnowledgeChanges
from knowledge.checklist.saved import SavedChecklists
from prereview.jobs import PurgeTimer

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        knowledge = open_knowledge(settings)
        app.state.knowledge = knowledge
        log.info("knowledge base loaded: %d items", len(knowledge.catalog.items))
        administration = Administration(knowledge.store.engine, settings.accounts)
        app.state.administration = administration
        app.state.accounts = administration.accounts
        app.state.credentials = administration.credentials
        app.state.audit = administration.audit
        app.state.knowledge_changes = KnowledgeChanges(knowledge.store.engine)
        records = ConversationRecords(knowledge.store.engine)
        app.state.records = records
        guidance = Guidance(
            knowledge.catalog,
            SavedChecklists(knowledge.store.engine),
            settings.api.base_url,
            settings.checklist.e_licenses,
            knowledge.searcher.best_code,
        )
        app.state.actions = build_executor(Dialogue(knowledge.searcher, knowledge.catalog), records, guidance)
        app.state.prereview = open_prereview(settings, knowledge)
        app.state.prereview_jobs = open_prereview_jobs(settings, app.state.prereview)
        app.state.retention = Retention(settings, app.state.prereview_jobs)
        purge = PurgeTimer(app.state.retention.purge)
        purge.start()
        app.state.bot = BotSupervisor(settings, knowledge.catalog)
        app.state.chat = ChatChannel(app.state.bot.url, records, settings.bot.reply_timeout)
        app.state.bot.start()
        try:
            yield
        finally:
            app.state.bot.stop()
            await app.state.chat.close()
            purge.stop()
            app.state.retention.close()
            app.state.prereview_jobs.close()

    app = FastAPI(
        title="Banshi 办事通 API",
        version="0.1.0",
        description="Government-service guide assistant: search the 办事指南 knowledge base and chat with the bot.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.action_token = action_token(settings)
    app.state.conversations = ConversationIds(derived_key(settings, "conversations"))
    app.state.rate_limits = RateLimits(settings.api)
    app.add_middleware(BodyLimits, settings=settings)
    app.add_middleware(AddressLimits, limits=app.state.rate_limits)  # outside: a limited client sends no body
    if settings.api.cors_origins:  # outside the limits, so a browser on the portal can read a 413
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.api.cors_origins, allow_methods=["GET", "POST", "DELETE"]
        )
    app.add_middleware(SecurityHeaders, config=settings.api)  # outermost: on 413 and 429 too
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(search.router)
    app.include_router(items.router)
    app.include_router(checklist.router)
    app.include_router(prereview.router)
    app.include_router(chat.router)
    app.include_router(handoffs.router)
    app.include_router(ratings.router)
    app.include_router(knowledge_changes.router)
    app.include_router(rasa_actions.router)
    app.include_router(auth.router)
    app.include_router(admin.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.WEB), name="static")

    return app
