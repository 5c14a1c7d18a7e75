"""The FastAPI application: loads the knowledge base once, then serves the HTTP API.

`uvicorn api.app:create_app --factory` (what `banshi serve` runs). OpenAPI docs at /docs.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import RedirectResponse

from api.errors import install_error_handlers
from api.routes import health, items, search
from banshi.config import Settings, get_settings
from banshi.runtime import open_knowledge

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.knowledge = open_knowledge(settings)
        log.info("knowledge base loaded: %d items", len(app.state.knowledge.catalog.items))
        yield

    app = FastAPI(
        title="Banshi 办事通 API",
        version="0.1.0",
        description="Government-service guide assistant: search the 办事指南 knowledge base.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    if settings.api.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.api.cors_origins, allow_methods=["GET", "POST"])
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(search.router)
    app.include_router(items.router)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/docs")

    return app
