"""Rate limits on chat and pre-review: token buckets per client address and per conversation.

The buckets live in this process's memory: several API workers each keep their own, so a
client may get up to workers × the configured rate. Scaling out to several machines needs a
shared store (Redis, with the same token-bucket arithmetic in a Lua script or INCR + EXPIRE
windows) — not built. Idle buckets are dropped, so memory stays bounded by active clients.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import ip_address

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.auth import LOGIN_PATH, TOKEN_PATH
from api.errors import error_response
from api.limits import PREREVIEW_PATH
from banshi.config import ApiConfig

Clock = Callable[[], float]
HOTLINE = "也可拨打12345"
CHAT_PATH = "/api/v1/chat"
CONVERSATIONS_PATH = "/api/v1/chat/conversations"


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucket:
    """`capacity` requests per `period` seconds per key, refilled continuously (bursts up to capacity)."""

    def __init__(
        self, capacity: int, period: float, clock: Clock = time.monotonic, max_keys: int = 100_000
    ) -> None:
        self.capacity = capacity
        self.rate = capacity / period
        self.clock = clock
        self.max_keys = max_keys
        self.buckets: dict[str, _Bucket] = {}

    def take(self, key: str) -> float:
        """0 when the request may go ahead (one token taken); else the seconds until it may."""
        if self.capacity <= 0:
            return 0.0
        now = self.clock()
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= self.max_keys:
                self._drop_idle(now)
            bucket = self.buckets[key] = _Bucket(float(self.capacity), now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate

    def _drop_idle(self, now: float) -> None:
        """Forget buckets that have refilled (their clients are idle); they would start full anyway."""
        full_after = self.capacity / self.rate
        self.buckets = {k: b for k, b in self.buckets.items() if now - b.updated < full_after}


class RateLimits:
    """The configured limits (api.rate_limits) and how the client's address is found."""

    def __init__(self, config: ApiConfig, clock: Clock = time.monotonic) -> None:
        limits = config.rate_limits
        self.buckets = {
            "chat_ip": TokenBucket(limits.chat_per_ip_per_minute, 60, clock),
            "chat_conversation": TokenBucket(limits.chat_per_conversation_per_minute, 60, clock),
            "conversations_ip": TokenBucket(limits.conversations_per_ip_per_hour, 3600, clock),
            "prereview_ip": TokenBucket(limits.prereview_per_ip_per_hour, 3600, clock),
            "login_ip": TokenBucket(limits.logins_per_ip_per_minute, 60, clock),
        }
        self.trusted_proxies = config.trusted_proxies

    def check(self, bucket: str, key: str) -> None:
        """Raises 429 with Retry-After when `key` has used up `bucket`."""
        wait = self.buckets[bucket].take(key)
        if wait > 0:
            seconds = math.ceil(wait)
            raise HTTPException(
                status_code=429,
                detail=f"您发送得太快了，请稍等{seconds}秒再试；{HOTLINE} (too many requests, retry in {seconds} s)",
                headers={"Retry-After": str(seconds)},
            )

    def client_address(self, request: Request) -> str:
        """The socket peer; behind a trusted proxy, the last address in X-Forwarded-For it did not add."""
        peer = request.client.host if request.client else "unknown"
        if not self._trusted(peer):
            return peer
        hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
        for hop in reversed(hops):
            if not self._trusted(hop):
                return hop
        return hops[0] if hops else peer

    def _trusted(self, address: str) -> bool:
        try:
            ip = ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted_proxies)


class AddressLimits:
    """Pure ASGI: the per-address limits, checked before the body is read (an upload over its
    limit is refused without being spooled)."""

    ROUTES = {
        ("POST", CHAT_PATH): "chat_ip",
        ("POST", CONVERSATIONS_PATH): "conversations_ip",
        ("POST", PREREVIEW_PATH): "prereview_ip",
        ("POST", LOGIN_PATH): "login_ip",
        ("POST", TOKEN_PATH): "login_ip",
    }

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        bucket = (
            self.ROUTES.get((scope["method"], scope["path"].rstrip("/"))) if scope["type"] == "http" else None
        )
        if bucket is not None:
            request = Request(scope)
            try:
                self.limits.check(bucket, self.limits.client_address(request))
            except HTTPException as exc:
                await error_response(429, "rate_limited", exc.detail, exc.headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)
