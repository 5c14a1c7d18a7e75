"""Staff login over HTTP: the login page and its cookie, CSRF, bearer tokens, back-off, the
admin APIs and pages, and the audit trail they leave."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import SESSION_COOKIE
from tests.conftest import settings_for
from tests.staff import PASSWORD, staff_headers, staff_user


def _client(tmp: Path, base_url: str = "http://testserver", **sections: dict) -> TestClient:
    app = create_app(settings_for(tmp, **sections))
    return TestClient(app, base_url=base_url, raise_server_exceptions=False, follow_redirects=False)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    # Logins' rate limit off: this module logs in far more often than anyone would (it has its own test).
    no_limit = {"rate_limits": {"logins_per_ip_per_minute": 0}}
    with _client(tmp_path_factory.mktemp("auth"), accounts={"lockout_after": 3}, api=no_limit) as c:
        yield c


def login(client: TestClient, username: str, password: str = PASSWORD, next_path: str = "/admin"):  # type: ignore[no-untyped-def]
    """Fill in and post the login form as a browser would (its CSRF cookie and field)."""
    form = client.get(f"/login?next={next_path}")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert form.status_code == 200 and csrf
    return client.post("/login", data={"username": username, "password": password, "csrf": csrf.group(1), "next": next_path})


def test_login_sets_a_strict_httponly_session_cookie_and_goes_where_asked(client: TestClient) -> None:
    name = staff_user(client, "admin")
    response = login(client, name, next_path="/admin/users")
    assert response.status_code == 303 and response.headers["location"] == "/admin/users"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP here (accounts.cookie_secure: auto)
    page = client.get("/admin/users")
    assert page.status_code == 200 and name in page.text
    client.cookies.clear()


def test_the_cookie_is_secure_when_configured(tmp_path: Path) -> None:
    with _client(tmp_path, "https://testserver", accounts={"cookie_secure": "always"}) as secure:
        response = login(secure, staff_user(secure, "agent"))
        cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE))
        assert "Secure" in cookie


@pytest.mark.parametrize("next_path", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_login_never_redirects_off_site(client: TestClient, next_path: str) -> None:
    response = login(client, staff_user(client, "agent"), next_path=next_path)
    assert response.status_code == 303 and response.headers["location"] == "/admin"
    client.cookies.clear()


def test_a_login_form_without_its_csrf_token_is_refused(client: TestClient) -> None:
    name = staff_user(client, "admin")
    response = client.post("/login", data={"username": name, "password": PASSWORD, "csrf": "forged"})
    assert response.status_code == 403 and "表单已过期" in response.text
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_a_cookie_post_without_the_session_csrf_token_is_refused(client: TestClient) -> None:
    login(client, staff_user(client, "admin"))
    form = {"username": "made-by-forgery", "password": PASSWORD, "roles": "admin"}
    forged = client.post("/admin/users", data=form)  # what a cross-site form would send
    assert forged.status_code == 403 and "CSRF" in forged.json()["message"]
    page = client.get("/admin/users")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    made = client.post("/admin/users", data={**form, "username": "made-by-admin", "csrf": token.group(1)})
    assert made.status_code == 200 and "已创建用户 made-by-admin" in made.text
    users = [u.username for u in client.app.state.accounts.list()]  # type: ignore[attr-defined]
    assert "made-by-admin" in users and "made-by-forgery" not in users
    client.cookies.clear()


def test_a_wrong_password_says_so_and_repeated_failures_lock_the_account(client: TestClient) -> None:
    name = staff_user(client, "agent")
    first = login(client, name, "wrong password")
    assert first.status_code == 401 and "用户名或密码错误" in first.text
    for _ in range(2):
        login(client, name, "wrong password")
    locked = login(client, name)  # the right password, after lockout_after (3) failures
    assert locked.status_code == 429 and "登录失败次数过多" in locked.text and int(locked.headers["retry-after"]) > 0
    api = client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD})
    assert api.status_code == 429 and api.headers["retry-after"]


def test_logout_ends_the_session(client: TestClient) -> None:
    login(client, staff_user(client, "admin"))
    page = client.get("/admin")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert page.status_code == 200 and token
    secret = client.cookies[SESSION_COOKIE]
    assert client.post("/logout", data={"csrf": token.group(1)}).status_code == 303
    client.cookies.set(SESSION_COOKIE, secret)  # the old cookie, replayed
    assert client.get("/admin").status_code == 303
    client.cookies.clear()


def test_a_bearer_token_works_until_revoked(client: TestClient) -> None:
    name = staff_user(client, "agent", "editor")
    issued = client.post("/api/v1/auth/token", json={"username": name, "password": PASSWORD})
    assert issued.status_code == 200 and issued.json()["expires_in"] == 15 * 60
    headers = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    assert client.get("/api/v1/auth/me", headers=headers).json() == {"name": name, "roles": ["agent", "editor"], "kind": "token"}
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    gone = client.get("/api/v1/auth/me", headers=headers)
    assert gone.status_code == 401 and gone.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Basic YWRtaW46YWRtaW4=", "Bearer", "Bearer bst_not-a-token", "Bearer bss_session-as-bearer"])
def test_a_malformed_or_unknown_credential_is_401(client: TestClient, header: str) -> None:
    response = client.get("/api/v1/handoffs", headers={"Authorization": header})
    assert response.status_code == 401 and response.json()["message"]


def test_disabling_a_user_ends_their_token_at_once_and_is_audited(client: TestClient) -> None:
    admin = staff_headers(client, "admin")
    agent_name = staff_user(client, "agent")
    token = client.post("/api/v1/auth/token", json={"username": agent_name, "password": PASSWORD}).json()["access_token"]
    agent = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/handoffs", headers=agent).status_code == 200
    changed = client.patch(f"/api/v1/admin/users/{agent_name}", json={"disabled": True}, headers=admin)
    assert changed.status_code == 200 and changed.json()["disabled"] is True
    assert client.get("/api/v1/handoffs", headers=agent).status_code == 401
    trail = client.get("/api/v1/admin/audit", params={"record": f"user:{agent_name}"}, headers=admin).json()
    assert [e["action"] for e in trail] == ["user.disable", "token.issue"]
    assert trail[0]["actor"].startswith("admin-") and trail[0]["roles"] == ["admin"] and trail[0]["address"]


def test_an_admin_cannot_lock_themselves_out(client: TestClient) -> None:
    name = staff_user(client, "admin")
    me = staff_headers(client, "admin", username=f"{name}-2")
    refused = client.patch(f"/api/v1/admin/users/{name}-2", json={"disabled": True}, headers=me)
    assert refused.status_code == 422 and "your own account" in refused.json()["message"]
    demoted = client.patch(f"/api/v1/admin/users/{name}-2", json={"roles": ["agent"]}, headers=me)
    assert demoted.status_code == 422 and "admin role from yourself" in demoted.json()["message"]


def test_an_api_key_is_shown_once_and_works_with_its_roles_only(client: TestClient) -> None:
    admin = staff_headers(client, "admin")
    made = client.post("/api/v1/admin/api-keys", json={"name": "hotline-crm", "roles": ["agent"]}, headers=admin)
    assert made.status_code == 201 and made.json()["key"].startswith("bsk_")
    key = {"Authorization": f"Bearer {made.json()['key']}"}
    assert client.get("/api/v1/handoffs", headers=key).status_code == 200
    assert client.get("/api/v1/admin/users", headers=key).status_code == 403
    listed = client.get("/api/v1/admin/api-keys", headers=admin).json()
    assert all("key" not in k for k in listed) and any(k["name"] == "hotline-crm" for k in listed)
    assert client.delete(f"/api/v1/admin/api-keys/{made.json()['id']}", headers=admin).status_code == 204
    assert client.get("/api/v1/handoffs", headers=key).status_code == 401


def test_every_failed_and_successful_login_is_in_the_audit_log(client: TestClient) -> None:
    name = staff_user(client, "reviewer")
    login(client, name, "wrong password")
    login(client, name)
    client.cookies.clear()
    trail = client.get("/api/v1/admin/audit", params={"record": f"user:{name}"}, headers=staff_headers(client, "admin")).json()
    assert [(e["action"], e["actor"]) for e in trail] == [("login", name), ("login.failed", name)]


def test_the_audit_page_filters(client: TestClient) -> None:
    admin_name = staff_user(client, "admin")
    client.get("/api/v1/ratings", headers=staff_headers(client, "editor"))
    login(client, admin_name)
    page = client.get("/admin/audit", params={"action": "rating.list"})
    assert page.status_code == 200 and "rating.list" in page.text and "login" not in page.text.split("<table>")[1]
    client.cookies.clear()


def test_logins_are_rate_limited_per_address(tmp_path: Path) -> None:
    with _client(tmp_path, api={"rate_limits": {"logins_per_ip_per_minute": 2}}) as limited:
        body = {"username": "nobody", "password": "whatever-it-is"}
        statuses = [limited.post("/api/v1/auth/token", json=body).status_code for _ in range(3)]
        assert statuses == [401, 401, 429]
