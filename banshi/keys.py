"""The server's secret and the keys derived from it, one per purpose.

One secret to configure (`api.secret_key`) or, by default, one random secret made on first
start and kept on disk readable by its owner only — so every API worker on the machine agrees
on it without configuration, and it survives restarts (conversation ids stay valid). Each use
gets its own key derived with HMAC, so a key that leaks (the action secret is written into
Rasa's endpoints.yml) tells nothing about the others.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets

from banshi.config import Settings


def secret_key(settings: Settings) -> bytes:
    """The configured secret, else this machine's (created once, atomically, mode 0600)."""
    if settings.api.secret_key:
        return settings.api.secret_key.encode()
    path = settings.path(settings.api.secret_key_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    key = secrets.token_urlsafe(48).encode()
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    return key


def derived_key(settings: Settings, purpose: str) -> str:
    """A key for one purpose (e.g. "rasa-actions"), URL-safe text."""
    digest = hmac.new(secret_key(settings), purpose.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
