"""The checklist as plain text: for the command line, and for WeChat, where one text reply may
carry at most 2048 bytes — a long list is split into several messages, between lines."""

from __future__ import annotations

from knowledge.checklist.model import Checklist, ChecklistMaterial

HOTLINE_LINE = "如有疑问请拨打12345政务服务便民热线。"
WECHAT_LIMIT = 2048


# How the answers the citizen was not asked are shown: set by the bundle, or implied by another.
PRESET_NOTE = "（由本一件事确定）"
DERIVED_NOTE = "（由您的回答推定）"


def answer_text(row: dict) -> str:
    """One row of the checklist's answers: question：options, marked when not the citizen's own."""
    note = PRESET_NOTE if row.get("preset") else DERIVED_NOTE if row.get("derived") else ""
    return f"{row['question_text']}：{'、'.join(row['option_texts'])}{note}"


def lines(checklist: Checklist, link: str | None = None) -> list[str]:
    """The checklist, one printable line each, in reading order."""
    out = [f"一次性告知：{checklist.target['name']}"]
    if checklist.answers:
        out.append("【您的情形】")
        out += [f"· {answer_text(a)}" for a in checklist.answers]
    if not checklist.eligible:
        out.append("【暂不能办理】")
        out += [f"· {reason}" for reason in checklist.ineligible_reasons]
        out.append(HOTLINE_LINE)
        return out
    if checklist.target["kind"] == "bundle":
        out.append("【需要办理的事项】")
        out += [f"· {i['name']}" for i in checklist.items]
        out += [f"· 不需办理：{s['name']}（{s['reason']}）" for s in checklist.skipped_items]
    out.append(f"【需要准备的材料】共{len(checklist.materials)}项")
    out += [f"{n}. {material_line(m)}" for n, m in enumerate(checklist.materials, 1)]
    if checklist.notes:
        out.append("【提示】")
        out += [f"· {note.text}" for note in checklist.notes]
    out.append("【办理信息】")
    out.append(f"跑动次数：最多{checklist.visits}次")
    out += [f"办理地点：{p['name']}，{p['address']}（{p['hours']}）" for p in checklist.places]
    out.append(f"承诺时限：{time_limit_text(checklist)}")
    out.append(f"收费：{fees_text(checklist)}")
    out.append(f"网上办理：{online_text(checklist)}")
    if link:
        out.append(f"清单链接：{link}")
    out.append(HOTLINE_LINE)
    return out


def material_flags(m: ChecklistMaterial) -> list[str]:
    """The short marks a window clerk and a citizen look for."""
    marks = [
        (not m.required, "非必要"),
        (m.exempt, "免提交"),
        (m.lenient, "可容缺"),
        (m.promise, "可告知承诺"),
        (m.signature != "无", f"需{m.signature}"),
    ]
    return [label for on, label in marks if on]


def material_line(m: ChecklistMaterial) -> str:
    return "，".join([m.name, f"{m.original_or_copy}{m.copies}份", m.form]) + "".join(f"【{f}】" for f in material_flags(m))


def time_limit_text(checklist: Checklist) -> str:
    limit = checklist.time_limit
    if not limit:
        return "—"
    text = "当场办结" if limit["days"] == 0 else f"{limit['days']}个{limit['unit']}"
    longest = limit.get("longest_item")
    if longest and longest["item"] != limit["item"]:
        slowest = "当场办结" if longest["days"] == 0 else f"{longest['days']}个{longest['unit']}"
        text += f"（最长的单项：{longest['item_name']} {slowest}）"
    return text


def fees_text(checklist: Checklist) -> str:
    if not checklist.fees["charged"]:
        return "不收费"
    return "；".join(f"{f['item_name']}：{f['name']} {f['standard']}" for f in checklist.fees["items"])


def online_text(checklist: Checklist) -> str:
    online = checklist.online
    if online["all_online"]:
        return "全部可全程网办"
    parts = [f"{r['name']}（{'全程网办' if r['depth'] == 4 else '可网上申请'}）" for r in online["items"] if r["available"]]
    return "、".join(parts) if parts else "需到现场办理"


def plain_text(checklist: Checklist, link: str | None = None) -> str:
    return "\n".join(lines(checklist, link))


def wechat_messages(checklist: Checklist, link: str | None = None, limit: int = WECHAT_LIMIT) -> list[str]:
    """The plain text split into messages of at most `limit` UTF-8 bytes, between lines (a
    single longer line is cut between characters)."""
    messages: list[str] = []
    current = ""
    for line in lines(checklist, link):
        for piece in _pieces(line, limit):
            joined = f"{current}\n{piece}" if current else piece
            if len(joined.encode()) <= limit:
                current = joined
            else:
                messages.append(current)
                current = piece
    if current:
        messages.append(current)
    return messages


def _pieces(line: str, limit: int) -> list[str]:
    """A line cut into parts of at most `limit` bytes, between characters."""
    pieces, current = [], ""
    for char in line:
        if len((current + char).encode()) > limit:
            pieces.append(current)
            current = ""
        current += char
    return pieces + [current]
