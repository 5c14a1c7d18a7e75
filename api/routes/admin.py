"""Administration: users and roles, integrations' API keys, the audit log — as pages and as APIs.

Administrators only, except the staff home page (/admin), which any logged-in staff member
sees with the tools of their roles. The changes themselves, with their rules and audit entries,
are banshi.administration's, shared with the command line. Passwords and keys are never shown again after they
are set (a new API key is shown once, on the page that created it).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from api.auth import actor_of, require, require_page
from api.staff_html import button_form, csrf_field, escape, page, table
from banshi.accounts import AccountError, Role
from banshi.administration import Administration
from banshi.audit import AuditFilter, AuditLog
from banshi.credentials import Principal

router = APIRouter(tags=["admin"])
Admin = Annotated[Principal, Depends(require(Role.admin))]
AdminPage = Annotated[Principal, Depends(require_page(Role.admin))]
StaffPage = Annotated[Principal, Depends(require_page(*Role))]

# What each role finds on the staff home page.
TOOLS: dict[Role, list[tuple[str, str]]] = {
    Role.agent: [("/api/v1/handoffs?status=open", "转人工队列 (JSON)")],
    Role.editor: [
        ("/api/v1/ratings", "好评/差评 (JSON)"),
        ("/api/v1/knowledge/changes", "知识库变更 (JSON)"),
    ],
    Role.reviewer: [
        ("/api/v1/ratings", "好评/差评 (JSON)"),
        ("/api/v1/knowledge/changes?status=submitted", "待审核的知识库变更 (JSON)"),
    ],
    Role.admin: [
        ("/admin/users", "用户与角色、API 密钥"),
        ("/admin/audit", "审计日志"),
        ("/healthz?details=1", "运行状态"),
    ],
}


def _refused(exc: AccountError) -> HTTPException:
    return HTTPException(status_code=422, detail=str(exc))


def _administration(request: Request) -> Administration:
    return request.app.state.administration


# -- APIs --------------------------------------------------------------------------------------
class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
    roles: list[str] = Field(min_length=1)
    display_name: str = Field(default="", max_length=128)


class UserChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    roles: list[str] | None = None
    disabled: bool | None = None
    password: str | None = Field(default=None, max_length=1024)


class NewApiKey(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=128, description="the integration it is for")
    roles: list[str] = Field(min_length=1)


@router.get("/api/v1/admin/users")
def list_users(request: Request, admin: Admin) -> list[dict[str, object]]:
    return [u.as_dict() for u in _administration(request).accounts.list()]


@router.post("/api/v1/admin/users", status_code=201)
def add_user(request: Request, admin: Admin, body: NewUser) -> dict[str, object]:
    try:
        return _administration(request).create_user(
            actor_of(request, admin), body.username, body.password, body.roles, body.display_name
        ).as_dict()
    except AccountError as exc:
        raise _refused(exc) from None


@router.patch("/api/v1/admin/users/{username}")
def update_user(request: Request, admin: Admin, username: str, body: UserChange) -> dict[str, object]:
    try:
        return _administration(request).change_user(
            actor_of(request, admin), username, roles=body.roles, disabled=body.disabled, password=body.password
        ).as_dict()
    except AccountError as exc:
        raise _refused(exc) from None


@router.get("/api/v1/admin/api-keys")
def list_api_keys(request: Request, admin: Admin) -> list[dict[str, object]]:
    return _administration(request).credentials.api_keys()


@router.post("/api/v1/admin/api-keys", status_code=201)
def add_api_key(request: Request, admin: Admin, body: NewApiKey) -> dict[str, object]:
    """The key is in this answer only: store it in the integration's configuration now."""
    try:
        issued = _administration(request).create_api_key(actor_of(request, admin), body.name, body.roles)
    except AccountError as exc:
        raise _refused(exc) from None
    return {"id": issued.id, "name": body.name, "key": issued.secret}


@router.delete("/api/v1/admin/api-keys/{key_id}", status_code=204, response_class=Response)
def delete_api_key(request: Request, admin: Admin, key_id: int) -> Response:
    try:
        _administration(request).revoke_api_key(actor_of(request, admin), key_id)
    except AccountError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return Response(status_code=204)


def audit_filter(
    actor: Annotated[str | None, Query(max_length=160)] = None,
    action: Annotated[
        str | None, Query(max_length=64, description="exact, or a prefix ending in '.' (user.)")
    ] = None,
    record: Annotated[str | None, Query(max_length=160, description="e.g. handoff:12, user:alice")] = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> AuditFilter:
    return AuditFilter(actor or None, action or None, record or None, since, until, limit)


@router.get("/api/v1/admin/audit")
def audit_entries(
    request: Request, admin: Admin, wanted: Annotated[AuditFilter, Depends(audit_filter)]
) -> list[dict[str, Any]]:
    """The audit log, newest first, narrowed by who, what, which record and when."""
    log: AuditLog = request.app.state.audit
    return log.entries(wanted)


# -- pages ---------------------------------------------------------------------------------------
@router.get("/admin", response_class=HTMLResponse, include_in_schema=False)
def home_page(principal: StaffPage) -> HTMLResponse:
    links = {href: label for role in principal.roles for href, label in TOOLS[role]}
    items = "".join(f'<li><a href="{escape(href)}">{escape(label)}</a></li>' for href, label in links.items())
    return HTMLResponse(page("工作台", f"<ul class='tools'>{items}</ul>", principal))


def _users_page(
    request: Request, admin: Principal, *, notice: str = "", error: str = "", status: int = 200
) -> HTMLResponse:
    users = table(
        ["用户名", "姓名", "角色", "状态", ""],
        (
            [
                escape(u.username),
                escape(u.display_name),
                escape(", ".join(r.value for r in u.roles)),
                "已停用"
                if u.disabled
                else (
                    "已锁定"
                    if u.locked_until and u.locked_until > datetime.now(u.locked_until.tzinfo)
                    else "正常"
                ),
                button_form(
                    f"/admin/users/{u.username}/{'enable' if u.disabled else 'disable'}",
                    "启用" if u.disabled else "停用",
                    admin,
                ),
            ]
            for u in _administration(request).accounts.list()
        ),
        caption="用户",
    )
    role_boxes = "".join(
        f'<label><input type="checkbox" name="roles" value="{r.value}"> {r.value}</label>' for r in Role
    )
    new_user = (
        f'<form method="post" action="/admin/users" class="stacked"><h2>新建用户</h2>{csrf_field(admin)}'
        '<label>用户名 <input name="username" required maxlength="64"></label>'
        '<label>姓名 <input name="display_name" maxlength="128"></label>'
        '<label>初始密码 <input name="password" type="password" required autocomplete="new-password"></label>'
        f'<fieldset><legend>角色</legend>{role_boxes}</fieldset><button type="submit">创建</button></form>'
    )
    keys = table(
        ["编号", "名称", "角色", "最近使用", "状态", ""],
        (
            [
                str(k["id"]),
                escape(str(k["name"])),
                escape(", ".join(k["roles"])),  # type: ignore[arg-type]
                escape(str(k["last_used_at"] or "—")),
                "已吊销" if k["revoked_at"] else "有效",
                "" if k["revoked_at"] else button_form(f"/admin/api-keys/{k['id']}/revoke", "吊销", admin),
            ]
            for k in _administration(request).credentials.api_keys()
        ),
        caption="API 密钥（对接系统）",
    )
    new_key = (
        f'<form method="post" action="/admin/api-keys" class="stacked"><h2>新建 API 密钥</h2>{csrf_field(admin)}'
        '<label>对接系统名称 <input name="name" required maxlength="128"></label>'
        f'<fieldset><legend>角色</legend>{role_boxes}</fieldset><button type="submit">创建</button></form>'
    )
    body = users + new_user + keys + new_key
    return HTMLResponse(page("用户与角色", body, admin, notice=notice, error=error), status_code=status)


@router.get("/admin/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, admin: AdminPage) -> HTMLResponse:
    return _users_page(request, admin)


@router.post("/admin/users", response_class=HTMLResponse, include_in_schema=False)
def users_form(
    request: Request,
    admin: AdminPage,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    display_name: Annotated[str, Form(max_length=128)] = "",
    roles: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    try:
        user = _administration(request).create_user(actor_of(request, admin), username, password, roles or [], display_name)
    except AccountError as exc:
        return _users_page(request, admin, error=f"未创建：{exc}", status=422)
    return _users_page(request, admin, notice=f"已创建用户 {user.username}")


@router.post("/admin/users/{username}/{change}", include_in_schema=False)
def user_toggle(request: Request, admin: AdminPage, username: str, change: str) -> Response:
    if change not in ("disable", "enable"):
        raise HTTPException(status_code=404, detail="unknown change; use disable or enable")
    try:
        _administration(request).change_user(actor_of(request, admin), username, disabled=change == "disable")
    except AccountError as exc:
        return _users_page(request, admin, error=f"未更改：{exc}", status=422)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/api-keys", response_class=HTMLResponse, include_in_schema=False)
def api_key_form(
    request: Request,
    admin: AdminPage,
    name: Annotated[str, Form(max_length=128)] = "",
    roles: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    try:
        issued = _administration(request).create_api_key(actor_of(request, admin), name, roles or [])
    except AccountError as exc:
        return _users_page(request, admin, error=f"未创建：{exc}", status=422)
    return _users_page(request, admin, notice=f"API 密钥（只显示这一次，请立即保存）：{issued.secret}")


@router.post("/admin/api-keys/{key_id}/revoke", include_in_schema=False)
def api_key_revoke(request: Request, admin: AdminPage, key_id: int) -> Response:
    try:
        _administration(request).revoke_api_key(actor_of(request, admin), key_id)
    except AccountError as exc:
        return _users_page(request, admin, error=str(exc), status=404)
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(
    request: Request, admin: AdminPage, wanted: Annotated[AuditFilter, Depends(audit_filter)]
) -> HTMLResponse:
    log: AuditLog = request.app.state.audit
    entries = log.entries(wanted)
    fields = "".join(
        f'<label>{label} <input name="{name}" value="{escape(str(getattr(wanted, name) or ""))}"></label>'
        for name, label in (("actor", "操作人"), ("action", "操作"), ("record", "对象"))
    )
    filters = f'<form method="get" action="/admin/audit" class="filters">{fields}<button type="submit">筛选</button></form>'
    rows = (
        [
            escape(e["at"][:19].replace("T", " ")),
            escape(e["actor"]),
            escape(", ".join(e["roles"])),
            escape(e["address"]),
            escape(e["action"]),
            escape(e["record"]),
            escape(str(e["detail"]) if e["detail"] else ""),
        ]
        for e in entries
    )
    body = filters + table(
        ["时间 (UTC)", "操作人", "角色", "地址", "操作", "对象", "详情"],
        rows,
        caption=f"最近 {len(entries)} 条",
    )
    return HTMLResponse(page("审计日志", body, admin))
