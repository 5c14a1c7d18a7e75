"""`banshi` — the command line for operators, staff and scripts.

Errors are one readable message on stderr and a non-zero exit code, never a traceback:
a wrong path, a broken catalogue file or an invalid config.yml says what to fix.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer

from banshi.config import ConfigError, Settings, load_settings
from knowledge.problems import CatalogError

if TYPE_CHECKING:
    from banshi.administration import Actor, Administration
    from banshi.runtime import Knowledge
    from knowledge.schema import Catalog

T = TypeVar("T")

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Banshi (办事通) command line.")
kb_app = typer.Typer(no_args_is_help=True, help="Knowledge base: validate, import, export, Excel template.")
index_app = typer.Typer(no_args_is_help=True, help="Search index.")
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
app.add_typer(kb_app, name="kb")
app.add_typer(index_app, name="index")
bot_app = typer.Typer(no_args_is_help=True, help="The Rasa bot: training data and model.")
app.add_typer(db_app, name="db")
app.add_typer(bot_app, name="bot")
uploads_app = typer.Typer(no_args_is_help=True, help="Uploaded pre-review files: retention.")
app.add_typer(uploads_app, name="uploads")
data_app = typer.Typer(no_args_is_help=True, help="Personal data: retention.")
app.add_typer(data_app, name="data")
user_app = typer.Typer(no_args_is_help=True, help="Staff accounts: create, passwd, roles, disable, enable, list.")
app.add_typer(user_app, name="user")
apikey_app = typer.Typer(no_args_is_help=True, help="API keys for integrations: create, list, revoke.")
app.add_typer(apikey_app, name="apikey")


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _settings() -> Settings:
    try:
        settings = load_settings()
    except ConfigError as exc:
        _fail(str(exc))
    logging.basicConfig(level=settings.logging.level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for noisy in ("alembic", "sentence_transformers", "httpx", "jieba"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    return settings


def _answers(pairs: list[str]) -> dict[str, str]:
    """--answer QUESTION=OPTION pairs as a dict; a malformed pair is a usage error."""
    raw: dict[str, str] = {}
    for pair in pairs:
        question, sep, option = pair.partition("=")
        if not sep or not question.strip() or not option.strip():
            _fail(f"--answer {pair!r} is not QUESTION=OPTION, e.g. --answer premises=lease")
        raw[question.strip()] = option.strip()
    return raw


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False))


# -- knowledge base ---------------------------------------------------------------------
@kb_app.command("validate")
def kb_validate(
    path: Path = typer.Argument(
        None, help="YAML folder, .yml/.json file or .xlsx workbook (default: knowledge.seed_path of config.yml)"
    ),
    as_json: bool = typer.Option(False, "--json", help="print problems as JSON"),
) -> None:
    """Report every problem in a knowledge base, with file, entity and field."""
    from knowledge.files import read_catalog
    from knowledge.validate import validate, validate_warnings

    if path is None:
        settings = _settings()
        path = settings.path(settings.knowledge.seed_path)

    warnings = []
    try:
        loaded = read_catalog(path)
        problems = validate(loaded)
        warnings = validate_warnings(loaded)
    except CatalogError as exc:
        problems = exc.problems
    if as_json:
        typer.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            typer.echo(str(problem))
        # Advice that does not block an import (e.g. a form without fields for pre-review).
        for warning in warnings:
            typer.echo(f"warning: {warning}")
        typer.echo(f"{len(problems)} problem(s)" if problems else "ok: no problems found")
    raise typer.Exit(1 if problems else 0)


@kb_app.command("import")
def kb_import(
    path: Path = typer.Argument(..., help="YAML folder, .yml/.json file or .xlsx workbook"),
    replace: bool = typer.Option(
        False, "--replace", help="replace the whole catalogue (default: merge — same codes are updated, others kept)"
    ),
) -> None:
    """Import a catalogue into the database (validated first; nothing is written on error)."""
    from banshi.runtime import open_store
    from knowledge.files import read_catalog

    settings = _settings()
    store = open_store(settings, seed=False)
    try:
        result = store.save(read_catalog(path).catalog, replace=replace)
    except CatalogError as exc:
        _fail(f"{exc}\nnothing was imported; fix the problems and run the import again", 1)
    typer.echo(
        f"imported: {len(result.items)} items, {len(result.bundles)} bundles, {len(result.materials)} materials "
        f"(revision {store.meta().get('revision')}); run `banshi index build` or restart the API to reindex"
    )


@kb_app.command("export")
def kb_export(
    out: Path = typer.Argument(..., help="folder (YAML), or a .yml, .json or .xlsx file"),
) -> None:
    """Export the stored catalogue as YAML, JSON or Excel (by the output's suffix)."""
    from banshi.runtime import open_store
    from knowledge.files import write_json, write_yaml

    catalog = open_store(_settings()).load()
    suffix = out.suffix.lower()
    if suffix == ".json":
        write_json(catalog, out)
    elif suffix == ".xlsx":
        from knowledge.excel import write_workbook

        write_workbook(catalog, out)
    elif suffix in {".yml", ".yaml", ""}:
        write_yaml(catalog, out)
    else:
        _fail(f"cannot export to {suffix!r}: use a folder, .yml, .json or .xlsx")
    typer.echo(f"exported {len(catalog.items)} items and {len(catalog.bundles)} bundles to {out}")


@kb_app.command("template")
def kb_template(out: Path = typer.Argument(Path("banshi-template.xlsx"), help="the .xlsx file to write")) -> None:
    """Write an empty Excel workbook (with instructions) that staff fill in and import."""
    from knowledge.excel import write_template

    if out.suffix.lower() != ".xlsx":
        _fail("the template is an Excel workbook: give a file name ending in .xlsx")
    write_template(out)
    typer.echo(f"wrote {out}: fill in the sheets, check with `banshi kb validate {out}`, then `banshi kb import {out}`")


# -- database and index -----------------------------------------------------------------
@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (also done automatically at start-up)."""
    from banshi.runtime import open_store

    open_store(_settings(), seed=False)
    typer.echo("database schema is up to date")


@index_app.command("build")
def index_build() -> None:
    """(Re)build the search index from the stored catalogue."""
    from banshi.runtime import build_index, open_store

    settings = _settings()
    catalog = open_store(settings).load()
    index = build_index(settings, catalog)
    m = index.manifest
    typer.echo(f"index built: {m.targets} targets, {m.passages} passages, encoder {m.encoder}, {m.build_seconds:.1f}s")


@bot_app.command("generate")
def bot_generate(
    path: Path = typer.Argument(None, help="catalogue to generate from (default: knowledge.seed_path)"),
    check: bool = typer.Option(False, "--check", help="only report files that differ (exit 1)"),
) -> None:
    """Write bot/project's generated training data (the committed, golden-tested files)."""
    from bot import training_data

    settings = _settings()
    from knowledge.files import read_catalog

    try:
        catalog = read_catalog(path or settings.path(settings.knowledge.seed_path)).catalog
    except CatalogError as exc:
        _fail(f"{exc}\nfix the catalogue first (`banshi kb validate`)", 1)
    if check:
        stale = training_data.drift(catalog)
        for file in stale:
            typer.echo(f"out of date: {file} — run `banshi bot generate`", err=True)
        raise typer.Exit(1 if stale else 0)
    for file in training_data.write(catalog):
        typer.echo(f"wrote {file}")


@bot_app.command("train")
def bot_train() -> None:
    """Train the Rasa model for the stored catalogue, unless the cached one is current."""
    from banshi.runtime import open_store
    from bot.rasa_project import RasaError, ensure_model, prepare

    settings = _settings()
    work_dir = settings.path(settings.bot.work_dir)
    project = prepare(open_store(settings).load(), work_dir)
    try:
        model = ensure_model(project, settings.path(settings.bot.rasa), settings.bot.start_timeout, work_dir / "train.log")
    except RasaError as exc:
        _fail(str(exc))
    typer.echo(f"model: {model}")


# -- questions --------------------------------------------------------------------------
def _open_searcher() -> Knowledge:
    from banshi.runtime import open_knowledge

    return open_knowledge(_settings())


@app.command("ask")
def ask(
    text: str = typer.Argument(None, help="the citizen's question"),
    as_json: bool = typer.Option(False, "--json", help="print the JSON response"),
    batch: str = typer.Option(None, "--batch", help="file with one question per line ('-' = stdin); JSON Lines out"),
    top_k: int = typer.Option(5, "--top-k", min=1, max=50),
) -> None:
    """Search the knowledge base for a question."""
    if (text is None) == (batch is None):
        _fail('give either a question or --batch FILE, e.g. banshi ask "身份证丢了怎么办" --json')
    if batch is not None:
        if batch == "-":
            lines = sys.stdin.read().splitlines()
        else:
            try:
                lines = Path(batch).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                _fail(f"cannot read {batch}: {exc}")
        searcher = _open_searcher().searcher
        for line in lines:
            if line.strip():
                _print_json(searcher.search(line.strip(), top_k).as_dict())
        return
    if not text.strip():
        _fail("the question is empty")
    response = _open_searcher().searcher.search(text, top_k)
    if as_json:
        _print_json(response.as_dict())
        return
    if response.out_of_scope:
        typer.echo("这个问题不在办事指南范围内。可拨打 12345 政务服务便民热线咨询。")
        for s in response.suggestions:
            typer.echo(f"  相近事项：{s.name}（{s.code}）")
        return
    for r in response.results:
        typer.echo(f"{r.score:.4f}  {r.code}  {r.name}  [{r.kind}]")
    if response.answer:
        typer.echo(f"\n[{response.aspect}] {response.answer.text}\n—— 来源：{response.answer.source.code} {response.answer.source.field}")


@app.command("checklist")
def checklist_command(
    target: str = typer.Argument(..., help="item or bundle: code, name, alias, or the citizen's words"),
    answer: list[str] = typer.Option([], "--answer", "-a", help="QUESTION=OPTION (multiple choice: QUESTION=A,B); repeatable"),
    as_json: bool = typer.Option(False, "--json", help="print the JSON response"),
    pdf: Path = typer.Option(None, "--pdf", help="also write the 一次性告知单 PDF here (saves the checklist for its QR link)"),
) -> None:
    """The next 情形 question for these answers, or the personalised checklist.

    `banshi checklist stats` instead prints, for every item and bundle, how many questions a
    citizen answers (longest and mean path) and how many different checklists they lead to.
    """
    from banshi.runtime import open_store
    from knowledge.checklist import AnswerError, TargetNotFound, resolve_target, step

    raw = _answers(answer)
    settings = _settings()
    store = open_store(settings)
    catalog = store.load()
    if target == "stats":
        _print_path_stats(catalog, as_json)
        return

    try:
        found = resolve_target(catalog, target, lambda text: _open_searcher().searcher.best_code(text))
        result = step(catalog, found, raw, settings.checklist.e_licenses)
    except TargetNotFound:
        _fail(f"no item or bundle matches {target!r}: give its code or name (banshi ask \"{target}\" lists candidates)")
    except AnswerError as exc:
        _fail(str(exc))
    data = result.as_dict()
    if result.checklist is not None and pdf is not None:
        from knowledge.checklist.pdf import FontMissing, render_pdf
        from knowledge.checklist.saved import SavedChecklists

        key = SavedChecklists(store.engine).save(result.checklist)
        link = f"{settings.api.base_url}/checklist/{key}"
        try:
            pdf.write_bytes(render_pdf(result.checklist, link))
        except FontMissing as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(f"cannot write {pdf}: {exc}")
        data["checklist"]["id"] = key
    if as_json:
        _print_json(data)
    elif result.next_question is not None:
        q = result.next_question
        typer.echo(f"{q.text}  ({q.id})")
        for choice in q.question.options:
            typer.echo(f"  --answer {q.id}={choice.id}    {choice.text}")
        if q.question.multiple and len(q.question.options) > 1:
            first, second = (o.id for o in q.question.options[:2])
            typer.echo(f"  (可多选：--answer {q.id}={first},{second})")
    else:
        from knowledge.checklist.text import plain_text

        assert result.checklist is not None
        typer.echo(plain_text(result.checklist))


def _print_path_stats(catalog: Catalog, as_json: bool) -> None:
    from knowledge.checklist.situation import Target
    from knowledge.checklist.stats import path_stats

    targets = [Target.of_bundle(b, catalog) for b in catalog.bundles] + [Target.of_item(i) for i in catalog.items]
    rows = [path_stats(catalog, t) for t in targets]
    if as_json:
        _print_json([dataclasses.asdict(r) for r in rows])
        return
    typer.echo("code\tname\tkind\tlongest\tmean\tchecklists\tpaths")
    for row in rows:
        typer.echo(row.row())


@app.command("prereview")
def prereview_command(
    files: list[str] = typer.Argument(..., help="FILE or FILE=MATERIAL (材料名称或别名, e.g. 身份证); repeatable"),
    item: str = typer.Option(..., "--item", "-i", help="item or bundle: code, name, alias or the citizen's words"),
    answer: list[str] = typer.Option([], "--answer", "-a", help="情形 answer QUESTION=OPTION; unanswered ones are read from the documents or asked in the notice"),
    as_json: bool = typer.Option(False, "--json", help="print the JSON report"),
) -> None:
    """Pre-review uploaded materials for an item and print every defect at once (一次性告知)."""
    from banshi.runtime import open_prereview
    from knowledge.checklist import AnswerError, TargetNotFound
    from prereview.model import Upload
    from prereview.review import Application

    raw = _answers(answer)
    uploads = []
    for spec in files:
        path_text, sep, label = spec.partition("=")
        path = Path(path_text)
        if not path.is_file():
            _fail(f"{path_text}: no such file (give FILE or FILE=MATERIAL, e.g. id.jpg=身份证)")
        uploads.append(Upload(path.name, path.read_bytes(), label.strip() or None if sep else None))
    settings = _settings()
    review = open_prereview(settings, _open_searcher())
    try:
        review.check_request(item, raw)
        report = review.run(Application(item, uploads, raw))
    except TargetNotFound:
        _fail(f"no item or bundle matches {item!r}: give its code or name (banshi ask \"{item}\" lists candidates)")
    except AnswerError as exc:
        _fail(str(exc))
    if as_json:
        _print_json(report.as_dict())
    else:
        typer.echo(report.notice())


@uploads_app.command("purge")
def uploads_purge() -> None:
    """Delete pre-review uploads and reports past `prereview.retention_days` (the API does it hourly)."""
    from banshi.runtime import open_prereview_jobs

    jobs = open_prereview_jobs(_settings())
    typer.echo(f"deleted {jobs.purge()} pre-review job(s) past retention")
    jobs.close()


@data_app.command("purge")
def data_purge() -> None:
    """Delete personal data past its period in `retention:` (and uploads past `prereview.retention_days`);
    the API does it hourly."""
    from banshi.retention import purge

    for store, count in purge(_settings()).items():
        typer.echo(f"{store}: {count} deleted")


# -- staff accounts and API keys ----------------------------------------------------------
ROLES_HELP = "agent, editor, reviewer or admin; repeat for several"


def _administration() -> tuple[Administration, Actor]:
    """The accounts of the configured database, and the operating-system user as the audit log's actor."""
    import getpass

    from banshi.administration import Actor, Administration
    from banshi.runtime import open_store

    settings = _settings()
    engine = open_store(settings, seed=False).engine
    return Administration(engine, settings.accounts), Actor(f"cli:{getpass.getuser()}")


def _new_password(password_stdin: bool) -> str:
    """From standard input (one line, for scripts), else asked twice without echo."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    else:
        _fail("no terminal to ask the password on: pass --password-stdin and write it to standard input")
    if not password:
        _fail("the password is empty")
    return password


def _account_change(change: Callable[[Administration, Actor], T]) -> T:
    """Run one account change; its refusal (AccountError) is one line on stderr and exit 2."""
    from banshi.accounts import AccountError

    administration, actor = _administration()
    try:
        return change(administration, actor)
    except AccountError as exc:
        _fail(str(exc))


PASSWORD_STDIN = typer.Option(False, "--password-stdin", help="read the password from standard input")


@user_app.command("create")
def user_create(
    username: str = typer.Argument(..., help="the login name"),
    role: list[str] = typer.Option(..., "--role", "-r", help=ROLES_HELP),
    display_name: str = typer.Option("", "--name", help="the person's name, shown to colleagues"),
    password_stdin: bool = PASSWORD_STDIN,
) -> None:
    """Create a staff account (the first administrator is made this way)."""
    from banshi.accounts import parse_roles

    _account_change(lambda *_: parse_roles(role))  # a wrong role is told before the password is asked
    password = _new_password(password_stdin)
    user = _account_change(lambda admin, actor: admin.create_user(actor, username, password, role, display_name))
    typer.echo(f"created {user.username} ({', '.join(r.value for r in user.roles)})")


@user_app.command("passwd")
def user_passwd(username: str = typer.Argument(...), password_stdin: bool = PASSWORD_STDIN) -> None:
    """Set a new password (also lifts a lock, and ends the user's sessions and tokens)."""
    password = _new_password(password_stdin)
    _account_change(lambda admin, actor: admin.change_user(actor, username, password=password))
    typer.echo(f"password of {username} changed; their sessions and tokens are ended")


@user_app.command("roles")
def user_roles(
    username: str = typer.Argument(...),
    role: list[str] = typer.Option(..., "--role", "-r", help=ROLES_HELP),
) -> None:
    """Replace a user's roles."""
    user = _account_change(lambda admin, actor: admin.change_user(actor, username, roles=role))
    typer.echo(f"{username}: {', '.join(r.value for r in user.roles)}")


@user_app.command("disable")
def user_disable(username: str = typer.Argument(...)) -> None:
    """Disable an account at once (its sessions and tokens stop working)."""
    _account_change(lambda admin, actor: admin.change_user(actor, username, disabled=True))
    typer.echo(f"{username} disabled: their sessions and tokens are ended")


@user_app.command("enable")
def user_enable(username: str = typer.Argument(...)) -> None:
    """Enable a disabled account again (also lifts a lock)."""
    _account_change(lambda admin, actor: admin.change_user(actor, username, disabled=False))
    typer.echo(f"{username} enabled")


@user_app.command("list")
def user_list(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every account with its roles and state."""
    users = [u.as_dict() for u in _administration()[0].accounts.list()]
    if as_json:
        _print_json(users)
        return
    for u in users:
        state = "disabled" if u["disabled"] else ("locked" if u["locked_until"] else "active")
        typer.echo(f"{u['username']}\t{','.join(u['roles'])}\t{state}\t{u['display_name']}")  # type: ignore[arg-type]


@apikey_app.command("create")
def apikey_create(
    name: str = typer.Argument(..., help="the integration it is for, e.g. 12345-platform"),
    role: list[str] = typer.Option(..., "--role", "-r", help=ROLES_HELP),
) -> None:
    """Create an API key; it is printed once (only its hash is kept)."""
    issued = _account_change(lambda admin, actor: admin.create_api_key(actor, name, role))
    typer.echo(issued.secret)
    typer.echo(f"(API key {issued.id} for {name}: shown this once; send it as Authorization: Bearer <key>)", err=True)


@apikey_app.command("list")
def apikey_list(as_json: bool = typer.Option(False, "--json")) -> None:
    keys = _administration()[0].credentials.api_keys()
    if as_json:
        _print_json(keys)
        return
    for k in keys:
        typer.echo(f"{k['id']}\t{k['name']}\t{','.join(k['roles'])}\t{'revoked' if k['revoked_at'] else 'active'}")  # type: ignore[arg-type]


@apikey_app.command("revoke")
def apikey_revoke(key_id: int = typer.Argument(..., help="the id `banshi apikey list` shows")) -> None:
    name = _account_change(lambda admin, actor: admin.revoke_api_key(actor, key_id))
    typer.echo(f"revoked API key {key_id} ({name})")


@app.command("eval")
def eval_command(
    questions: Path = typer.Option(Path("tests/eval/questions.jsonl"), "--set", help="JSON Lines question set"),
    as_json: bool = typer.Option(False, "--json"),
    misses: bool = typer.Option(False, "--misses", help="list the questions answered wrongly"),
) -> None:
    """Print hit@1, hit@3, MRR, out-of-scope precision/recall and aspect accuracy."""
    from knowledge.evaluation import check_labels, evaluate, load_questions

    try:
        qs = load_questions(questions)
    except (OSError, ValueError) as exc:
        _fail(str(exc))
    knowledge = _open_searcher()
    unknown = check_labels(qs, knowledge.catalog)
    if unknown:
        _fail(f"{questions} names items that are not in the catalogue: {', '.join(unknown)}")
    report = evaluate(knowledge.searcher, qs)
    if as_json:
        _print_json(report.as_dict())
    else:
        typer.echo(report.table())
    if misses:
        for miss in report.misses:
            q = miss.question
            flag = "OOS " if miss.out_of_scope else ""
            typer.echo(f"MISS [{q.style}] {q.q}  want={list(q.items) or 'OOS'}  got={flag}{miss.got}  conf={miss.confidence:.2f}")


@app.command("serve")
def serve(
    host: str = typer.Option(None, help="default: api.host from config.yml"),
    port: int = typer.Option(None, help="default: api.port from config.yml"),
) -> None:
    """Start the HTTP API, the chat page and (bot.enabled) the Rasa server it runs on."""
    import uvicorn

    # Through the environment, so that the app (and the action URL Rasa is given) sees them too.
    if host:
        os.environ["BANSHI_API__HOST"] = host
    if port:
        os.environ["BANSHI_API__PORT"] = str(port)
    settings = _settings()
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=settings.api.host,
        port=settings.api.port,
        log_level=settings.logging.level.lower(),
        ws="none",  # no WebSocket routes; rasa-sdk pins a websockets release uvicorn cannot use
    )


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
