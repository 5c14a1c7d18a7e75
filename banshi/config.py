"""The operator configuration: `config.yml`, validated into one typed tree at start-up.

Environment variables override the file (``BANSHI_DATABASE__URL=...``); unknown keys are
rejected with the list of valid ones, so a typo never silently falls back to a default.
Relative paths are resolved against the project root (the folder holding config.yml).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, IPvAnyNetwork, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from knowledge.scope import ScopeThresholds

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_ENV = "BANSHI_CONFIG"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _scope_threshold(name: str) -> Any:
    return Field(default=getattr(ScopeThresholds(), name), ge=0.0, le=1.0)


class DatabaseConfig(_Section):
    url: str = "sqlite:///var/banshi.db"

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql")):
            raise ValueError("database.url must start with sqlite:/// or postgresql+psycopg://")
        return value


class KnowledgeConfig(_Section):
    seed_path: str = "knowledge/sample"
    seed_on_empty: bool = True
    # The largest catalogue file an editor may submit for review (POST /api/v1/knowledge/changes);
    # a larger upload is refused with 413 while it arrives (api.limits).
    max_upload_mb: int = Field(default=10, ge=1, le=200)

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


class SearchConfig(_Section):
    index_dir: str = "var/index"
    encoder: str = "builtin"
    top_k: int = Field(default=5, ge=1, le=50)
    # The out-of-scope decision: defaults chosen on the development sets, explained in
    # knowledge.scope.ScopeThresholds (the one place their values are written).
    oos_threshold: float = _scope_threshold("oos_threshold")
    weak_evidence: float = _scope_threshold("weak_evidence")
    weak_domain_threshold: float = _scope_threshold("weak_domain_threshold")
    domain_threshold: float = _scope_threshold("domain_threshold")
    evidence_only_threshold: float = _scope_threshold("evidence_only_threshold")
    rebuild_on_start: Literal["stale", "always", "never"] = "stale"


class RateLimitConfig(_Section):
    """Requests allowed per client address (IP) or per conversation; 0 turns a limit off."""

    chat_per_ip_per_minute: int = Field(default=30, ge=0)
    chat_per_conversation_per_minute: int = Field(default=12, ge=0)
    conversations_per_ip_per_hour: int = Field(default=60, ge=0)
    prereview_per_ip_per_hour: int = Field(default=20, ge=0)
    # Staff logins (the login page and POST /api/v1/auth/token), against guessing across accounts.
    logins_per_ip_per_minute: int = Field(default=10, ge=0)


class ApiConfig(_Section):
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    cors_origins: list[str] = []
    # The address citizens reach the service at, for links and QR codes on printed checklists
    # (default: http://<host>:<port>).
    public_url: str | None = None
    # The server's secret: signs the conversation ids the chat issues and gives the secret Rasa
    # sends to the action endpoint (banshi.keys). null: a random one made on first start and kept
    # in secret_key_file (readable by its owner only), shared by every API worker on the machine;
    # set it (BANSHI_API__SECRET_KEY) when several machines serve the API. Never logged.
    secret_key: str | None = Field(default=None, min_length=32, repr=False)
    secret_key_file: str = "var/secret-key"
    # Request bodies are refused past these sizes before they are read (api.limits): JSON
    # bodies; Rasa's action calls, which carry the whole conversation. The pre-review upload's
    # limit follows from prereview.max_file_mb × max_files.
    max_json_kb: int = Field(default=64, ge=1, le=10240)
    max_action_kb: int = Field(default=2048, ge=64, le=102400)
    rate_limits: RateLimitConfig = RateLimitConfig()
    # Reverse proxies (addresses or networks) whose X-Forwarded-For is believed; from anyone
    # else the header is ignored and the socket peer is the client (the default: no proxy).
    trusted_proxies: list[IPvAnyNetwork] = []
    # Who may show our pages in a frame (CSP frame-ancestors): "'self'", plus the origin of
    # each portal that embeds the chat widget, e.g. https://www.example.gov.cn.
    frame_ancestors: list[str] = ["'self'"]

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")


class ChecklistConfig(_Section):
    # Material codes this city can fetch as 电子证照, so the citizen need not bring them (免提交).
    # null: the materials the knowledge base marks e_license.
    e_licenses: list[str] | None = None


class PrereviewConfig(_Section):
    """Pre-review of uploads (智能预审): limits, retention of the files, 容缺 deadline."""

    # Uploaded files and their reports live here until the purge deletes them.
    upload_dir: str = "var/uploads"
    retention_days: int = Field(default=7, ge=0)
    max_file_mb: int = Field(default=20, ge=1, le=500)
    max_files: int = Field(default=20, ge=1, le=200)
    max_pages: int = Field(default=20, ge=1, le=500)
    max_megapixels: int = Field(default=40, ge=1, le=400)
    # Working days a 容缺 material may follow after acceptance (the 承诺时限 told in the notice).
    lenient_days: int = Field(default=5, ge=1, le=60)
    # Reviews running at once in the API process (OCR uses both cores; more only queue).
    workers: int = Field(default=1, ge=1, le=16)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    @property
    def max_pixels(self) -> int:
        return self.max_megapixels * 1_000_000


class BotConfig(_Section):
    """The Rasa server the chat runs on: started, trained when needed and stopped by `banshi serve`."""

    enabled: bool = True
    # The `rasa` command in its own virtual environment (made by `make`: bot/rasa-requirements.lock).
    rasa: str = ".venv-rasa/bin/rasa"
    host: str = "127.0.0.1"
    port: int = Field(default=5005, ge=1, le=65535)
    # Generated project, trained models (one per training-data hash) and logs.
    work_dir: str = "var/rasa"
    # Rasa's SQL tracker store (the conversations): sqlite:///FILE or postgresql://USER:PW@HOST:PORT/DB
    tracker_store: str = "sqlite:///var/rasa/tracker.db"
    # Seconds to wait for training and start-up, and for one reply.
    start_timeout: float = Field(default=1800, gt=0)
    reply_timeout: float = Field(default=15, gt=0)

    @field_validator("tracker_store")
    @classmethod
    def _known_store(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql://")):
            raise ValueError("bot.tracker_store must start with sqlite:/// or postgresql://")
        return value


class RetentionConfig(_Section):
    """Days each store of personal data is kept before the purge deletes it (banshi.retention).

    Uploads keep their own key, `prereview.retention_days`. A rating outlives its conversation
    (it tells editors which answers fail) but only as the rating, its reason and the item and
    field rated: the question text, which may say anything about the citizen, goes with the
    conversation (PIPL minimisation).
    """

    # Rasa's tracker events (counted from a conversation's last event) and the conversation's
    # own records: answers given, script preference.
    conversations_days: int = Field(default=30, ge=1)
    # Handoffs with their transcripts, counted from the last change.
    handoffs_days: int = Field(default=180, ge=1)
    # 好评/差评 with their reasons.
    ratings_days: int = Field(default=365, ge=1)
    # Saved checklists (their answers describe the citizen's 情形), counted from the last save.
    checklists_days: int = Field(default=180, ge=1)


class AccountsConfig(_Section):
    """Staff accounts (banshi.accounts) and their credentials (banshi.credentials)."""

    password_min_length: int = Field(default=10, ge=8, le=128)
    # Failed logins in a row before the account is locked: 1 minute, doubling with each further
    # failure, never longer than lockout_max_minutes. A successful login resets the count.
    lockout_after: int = Field(default=5, ge=1, le=100)
    lockout_max_minutes: int = Field(default=15, ge=1, le=1440)
    # A page login (session cookie) ends after this many hours, or at logout.
    session_hours: int = Field(default=8, ge=1, le=168)
    # Bearer tokens from POST /api/v1/auth/token last this many minutes.
    token_minutes: int = Field(default=15, ge=1, le=1440)
    # The session cookie's Secure flag: auto = when the request came over HTTPS or public_url is
    # https (a plain-HTTP development server on 127.0.0.1 still lets staff log in).
    cookie_secure: Literal["auto", "always", "never"] = "auto"


class LoggingConfig(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class _YamlSource(PydanticBaseSettingsSource):
    """Reads config.yml (or $BANSHI_CONFIG); lower priority than the environment."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path) -> None:
        super().__init__(settings_cls)
        self.path = path

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            data = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ConfigError(f"{self.path} is not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise ConfigError(f"{self.path}: expected a mapping of sections at the top level")
        return data


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BANSHI_", env_nested_delimiter="__", extra="forbid")

    database: DatabaseConfig = DatabaseConfig()
    knowledge: KnowledgeConfig = KnowledgeConfig()
    search: SearchConfig = SearchConfig()
    api: ApiConfig = ApiConfig()
    checklist: ChecklistConfig = ChecklistConfig()
    prereview: PrereviewConfig = PrereviewConfig()
    bot: BotConfig = BotConfig()
    retention: RetentionConfig = RetentionConfig()
    accounts: AccountsConfig = AccountsConfig()
    logging: LoggingConfig = LoggingConfig()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, _YamlSource(settings_cls, config_path())

    def path(self, value: str) -> Path:
        """A configured path, relative to the project root unless absolute."""
        p = Path(value)
        return p if p.is_absolute() else PROJECT_ROOT / p

    @property
    def database_url(self) -> str:
        """The URL with a relative SQLite path anchored at the project root (folder created)."""
        url = self.database.url
        prefix = "sqlite:///"
        if url.startswith(prefix) and url != "sqlite:///:memory:":
            file = self.path(url[len(prefix) :])  # "sqlite:////abs" keeps its leading slash
            file.parent.mkdir(parents=True, exist_ok=True)
            return prefix + str(file)
        return url


class ConfigError(Exception):
    """The configuration is invalid; the message says which key and what is allowed."""


def config_path() -> Path:
    return Path(os.environ.get(CONFIG_ENV) or PROJECT_ROOT / "config.yml")


def _explain(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            section = err["loc"][0] if len(err["loc"]) > 1 else None
            model = (
                Settings.model_fields[str(section)].annotation
                if section in Settings.model_fields
                else Settings
            )
            valid = ", ".join(getattr(model, "model_fields", {}))
            lines.append(f"  {key}: unknown key (valid here: {valid})")
        else:
            lines.append(f"  {key}: {err['msg']}")
    return f"invalid configuration in {config_path()} or BANSHI_* environment:\n" + "\n".join(lines)


def load_settings(**overrides: Any) -> Settings:
    """Load and validate the configuration; raises ConfigError with a readable message."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_explain(exc)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
