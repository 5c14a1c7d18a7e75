"""Staff credentials for tests: a user with the given roles and a bearer token for them.

Made through the product's own account code (argon2 hash, hashed token), not a back door in
the product; the login endpoints themselves are tested in tests/api/test_auth_api.py.
"""

from __future__ import annotations

import secrets

from fastapi.testclient import TestClient

from banshi.accounts import Accounts, parse_roles
from banshi.credentials import Credentials

PASSWORD = "Correct-Horse-7-Battery"


def staff_user(client: TestClient, *roles: str, username: str | None = None) -> str:
    """Create a user with `roles` in the app's database; returns the user name."""
    accounts: Accounts = client.app.state.accounts  # type: ignore[attr-defined]
    name = username or f"{'-'.join(roles)}-{secrets.token_hex(3)}"
    accounts.create(name, PASSWORD, parse_roles(list(roles)))
    return name


def staff_headers(client: TestClient, *roles: str, username: str | None = None) -> dict[str, str]:
    """`Authorization: Bearer …` for a new user with `roles`."""
    accounts: Accounts = client.app.state.accounts  # type: ignore[attr-defined]
    credentials: Credentials = client.app.state.credentials  # type: ignore[attr-defined]
    user = accounts.get(staff_user(client, *roles, username=username))
    return {"Authorization": f"Bearer {credentials.issue_token(user, 15).secret}"}
