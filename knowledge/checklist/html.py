"""The checklist as a printable web page (the page the PDF's QR code opens)."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from knowledge.checklist.model import Checklist, ChecklistMaterial
from knowledge.checklist.text import answer_text, fees_text, material_flags, online_text, time_limit_text


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("knowledge.checklist", "templates"), autoescape=select_autoescape(["html"]))


def render_html(checklist: Checklist, link: str | None = None, pdf_url: str | None = None) -> str:
    names = {i["code"]: i["name"] for i in checklist.items}

    def item_names(m: ChecklistMaterial) -> str:
        return "、".join(names.get(code, code) for code in m.for_items)

    return _environment().get_template("checklist.html").render(
        c=checklist,
        link=link,
        pdf_url=pdf_url,
        flags=material_flags,
        answer_text=answer_text,
        item_names=item_names,
        time_limit=time_limit_text(checklist),
        fees=fees_text(checklist),
        online=online_text(checklist),
    )
