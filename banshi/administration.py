"""Managing staff accounts and API keys: each change with what must go with it, and its audit entry.

One place for the rules the admin pages, the admin API and the `banshi user`/`banshi apikey`
commands share: a disabled user or a new password ends the user's sessions and tokens at once;
administrators cannot disable themselves nor take their own admin role (someone must be left
to undo a mistake); every change is written to the audit log with who made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from banshi.accounts import AccountError, Accounts, Role, User, parse_roles
from banshi.audit import AuditLog
from banshi.config import AccountsConfig
from banshi.credentials import Credentials, Issued


@dataclass(frozen=True)
class Actor:
    """Who makes a change, for the audit log: a logged-in user (with `user_id`) or the command line."""

    name: str
    roles: tuple[str, ...] = ()
    address: str = ""
    user_id: int | None = None


class Administration:
    def __init__(self, engine: Engine, config: AccountsConfig) -> None:
        self.accounts = Accounts(engine, config)
        self.credentials = Credentials(engine)
        self.audit = AuditLog(engine)

    def record(self, actor: Actor, action: str, record: str, **detail: object) -> None:
        self.audit.record(actor.name, actor.roles, action, record, address=actor.address, detail=detail)

    def create_user(self, actor: Actor, username: str, password: str, roles: list[str], display_name: str = "") -> User:
        user = self.accounts.create(username, password, parse_roles(roles), display_name)
        self.record(actor, "user.create", f"user:{user.username}", roles=[r.value for r in user.roles])
        return user

    def change_user(
        self,
        actor: Actor,
        username: str,
        *,
        roles: list[str] | None = None,
        disabled: bool | None = None,
        password: str | None = None,
    ) -> User:
        user = self.accounts.get(username)
        own = actor.user_id is not None and user.id == actor.user_id
        if own and disabled:
            raise AccountError("you cannot disable your own account (ask another administrator)")
        if own and roles is not None and Role.admin not in parse_roles(roles):
            raise AccountError("you cannot take the admin role from yourself (ask another administrator)")
        if roles is not None:
            user = self.accounts.set_roles(username, parse_roles(roles))
            self.record(actor, "user.roles", f"user:{username}", roles=[r.value for r in user.roles])
        if password is not None:
            user = self.accounts.set_password(username, password)
            self.credentials.revoke_user(user.id)
            self.record(actor, "user.password", f"user:{username}")
        if disabled is not None:
            user = self.accounts.set_disabled(username, disabled)
            if disabled:
                self.credentials.revoke_user(user.id)
            self.record(actor, "user.disable" if disabled else "user.enable", f"user:{username}")
        return user

    def create_api_key(self, actor: Actor, name: str, roles: list[str]) -> Issued:
        issued = self.credentials.create_api_key(name, parse_roles(roles))
        self.record(actor, "apikey.create", f"apikey:{issued.id}", name=name, roles=roles)
        return issued

    def revoke_api_key(self, actor: Actor, key_id: int) -> str:
        name = self.credentials.revoke_api_key(key_id)
        self.record(actor, "apikey.revoke", f"apikey:{key_id}", name=name)
        return name
