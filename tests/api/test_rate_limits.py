"""Rate limits: token buckets on a fake clock, the client's address behind proxies, 429 through the app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from api.app import create_app
from api.rate_limits import RateLimits, TokenBucket
from banshi.config import ApiConfig
from tests.conftest import settings_for


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_capacity_then_says_how_long_to_wait() -> None:
    clock = FakeClock()
    bucket = TokenBucket(3, 60, clock)
    assert [bucket.take("a") for _ in range(3)] == [0, 0, 0]
    assert bucket.take("a") == pytest.approx(20)
    assert bucket.take("b") == 0  # another key has its own bucket
    clock.now += 20
    assert bucket.take("a") == 0 and bucket.take("a") > 0


def test_a_zero_limit_is_off() -> None:
    bucket = TokenBucket(0, 60, FakeClock())
    assert all(bucket.take("a") == 0 for _ in range(100))


def test_idle_buckets_are_forgotten() -> None:
    clock = FakeClock()
    bucket = TokenBucket(2, 60, clock, max_keys=2)
    bucket.take("a")
    bucket.take("b")
    clock.now += 61
    bucket.take("c")
    assert set(bucket.buckets) == {"c"}


def request_from(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return Request({"type": "http", "headers": headers, "client": (peer, 4321)})


@pytest.mark.parametrize(
    ("proxies", "peer", "forwarded", "client"),
    [
        ([], "203.0.113.9", "1.2.3.4", "203.0.113.9"),  # no proxy configured: the header is ignored
        (["10.0.0.0/8"], "203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not from the proxy: ignored
        (["10.0.0.0/8"], "10.0.0.5", "1.2.3.4", "1.2.3.4"),
        (["10.0.0.0/8"], "10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.7", "1.2.3.4"),  # a forged first hop is not believed
        (["10.0.0.5"], "10.0.0.5", None, "10.0.0.5"),
    ],
)
def test_the_client_address(proxies: list[str], peer: str, forwarded: str | None, client: str) -> None:
    limits = RateLimits(ApiConfig(trusted_proxies=proxies))  # type: ignore[arg-type]
    assert limits.client_address(request_from(peer, forwarded)) == client


LIMITS = {"chat_per_ip_per_minute": 3, "chat_per_conversation_per_minute": 1, "prereview_per_ip_per_hour": 1}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(tmp_path_factory: pytest.TempPathFactory, clock: FakeClock) -> Iterator[TestClient]:
    app = create_app(settings_for(tmp_path_factory.mktemp("rate"), api={"rate_limits": LIMITS}))
    for bucket in app.state.rate_limits.buckets.values():
        bucket.clock = clock
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_chat_is_limited_per_conversation_and_per_address(client: TestClient, clock: FakeClock) -> None:
    first, second = (client.post("/api/v1/chat/conversations").json()["sender"] for _ in range(2))
    assert client.post("/api/v1/chat", json={"sender": first, "message": "你好"}).status_code == 503  # no bot: passed
    limited = client.post("/api/v1/chat", json={"sender": first, "message": "你好"})
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"
    assert limited.json() == {"error": "rate_limited", "message": limited.json()["message"]}
    assert "您发送得太快了，请稍等60秒再试；也可拨打12345" in limited.json()["message"]
    assert client.post("/api/v1/chat", json={"sender": second, "message": "你好"}).status_code == 503
    by_address = client.post("/api/v1/chat", json={"sender": second, "message": "你好"})
    assert by_address.status_code == 429 and by_address.headers["Retry-After"] == "20"  # 3 a minute: one per 20 s
    clock.now += 60
    assert client.post("/api/v1/chat", json={"sender": first, "message": "你好"}).status_code == 503


def test_prereview_is_limited_per_address(client: TestClient) -> None:
    files = [("files", ("a.txt", b"hello", "text/plain"))]
    assert client.post("/api/v1/prereview", data={"item": "不存在的事项名称"}, files=files).status_code == 404
    limited = client.post("/api/v1/prereview", data={"item": "不存在的事项名称"}, files=files)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) == 3600
