"""The staff pages' HTML: one layout, escaped values, forms that carry the CSRF token.

Server-rendered and script-free (the page policy allows no inline script), keyboard-usable;
the look is api/web/staff.css. Every value that came from a user or the database goes through
`escape`; builders take plain strings and return markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from banshi.credentials import Principal


def page(
    title: str, body: str, principal: Principal | None = None, *, notice: str = "", error: str = ""
) -> str:
    """A whole staff page: header with who is logged in and a logout button, then `body`."""
    who = ""
    if principal is not None:
        roles = ", ".join(r.value for r in principal.roles)
        who = (
            f'<div class="who">{escape(principal.name)} <span class="roles">({escape(roles)})</span>'
            f'<form method="post" action="/logout">{csrf_field(principal)}<button type="submit">退出登录</button></form></div>'
        )
    flash = ""
    if notice:
        flash += f'<p class="notice" role="status">{escape(notice)}</p>'
    if error:
        flash += f'<p class="error" role="alert">{escape(error)}</p>'
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(title)} · 办事通工作台</title><link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
        '<link rel="stylesheet" href="/static/staff.css"></head>'
        f'<body><header><a class="brand" href="/admin">办事通 · 工作台</a>{who}</header>'
        f"<main><h1>{escape(title)}</h1>{flash}{body}</main></body></html>"
    )


def csrf_field(principal: Principal) -> str:
    return f'<input type="hidden" name="csrf" value="{escape(principal.csrf)}">'


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, caption: str = "") -> str:
    """A table; each cell is markup already (escape values with `escape` first)."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def button_form(action: str, label: str, principal: Principal) -> str:
    """A one-button form (POST with the CSRF token), for row actions such as 停用."""
    return (
        f'<form class="inline" method="post" action="{escape(action)}">{csrf_field(principal)}'
        f'<button type="submit">{escape(label)}</button></form>'
    )


__all__ = ["button_form", "csrf_field", "escape", "page", "table"]
