"""Settings from the environment and `.env`: the only place newsbot reads either."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.answering.nlp import DEFAULT_PIPELINE
from ingest.netpolicy import parse_allowed_hosts
from vectorstore.embeddings import BUNDLED_MODEL

__all__ = ["Settings", "default_model_cache"]


def default_model_cache() -> Path:
    """The user's cache directory for converted models, shared by every data directory.

    `$XDG_CACHE_HOME/newsbot/models` (default `~/.cache/...`) on Linux, `~/Library/Caches` on
    macOS, `%LOCALAPPDATA%` on Windows: where a user expects regenerable files.
    """
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "newsbot" / "models"


class Settings(BaseSettings):
    """Every key is listed, with a comment, in `.env.example`; CLI flags override these."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Path("./newsbot-data")
    chroma_host: str | None = None
    chroma_port: int | None = Field(default=None, ge=1, le=65535)
    chroma_ssl: bool = False
    chroma_ca_file: Path | None = None
    chroma_token: SecretStr | None = None
    chroma_token_header: Literal["Authorization", "X-Chroma-Token"] = "Authorization"
    chroma_headers: Annotated[dict[str, str], NoDecode] = Field(default_factory=dict)
    collection: str = Field(default="news", min_length=3, max_length=512)
    embedding_model: str = BUNDLED_MODEL
    # int8 on ONNX Runtime: ~3x torch fp32, same retrieval quality (docs/performance.md).
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = "onnx-int8"
    model_cache: Path = Field(default_factory=default_model_cache)
    nlp_pipeline: str = DEFAULT_PIPELINE
    top_k: int = Field(default=5, ge=1, le=100)
    chunk_max_chars: int = Field(default=800, ge=100, le=10_000)
    chunk_overlap_chars: int = Field(default=200, ge=0, le=5_000)
    ingest_batch: int = Field(default=1024, ge=1, le=10_000)
    # Encode the sentences an answer may quote at ingestion, so that answers need not.
    ingest_sentence_vectors: bool = True
    # Articles published more than this many days ago are dropped at each ingestion.
    retention_days: int | None = Field(default=None, ge=1, le=365_000)
    index_sync_seconds: float = Field(default=30.0, ge=0, le=86_400)
    fetch_timeout: float = Field(default=20.0, gt=0, le=300)
    fetch_source_budget: float = Field(default=120.0, gt=0, le=3600)
    fetch_max_feed_entries: int = Field(default=200, ge=1, le=10_000)
    fetch_allowed_hosts: Annotated[tuple[str, ...], NoDecode] = ()

    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(default=60.0, gt=0, le=600)

    telegram_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "NEWSBOT_TELEGRAM_BOT_TOKEN"),
    )
    telegram_allowed_users: Annotated[frozenset[int], NoDecode] = frozenset()
    telegram_admins: Annotated[frozenset[int], NoDecode] = frozenset()
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_rate_limit: int = Field(default=10, ge=1, le=1000)
    follow_poll: float = Field(default=30.0, gt=0, le=3600)
    follow_max_per_hour: int = Field(default=10, ge=1, le=1000)
    # Telegram echoes it in every webhook request; unset, `newsbot telegram --webhook-url`
    # makes up one per run. 1-256 characters: letters, digits, _ and -.
    telegram_webhook_secret: SecretStr | None = None

    @field_validator("telegram_allowed_users", "telegram_admins", mode="before")
    @classmethod
    def _user_ids(cls, value: Any) -> Any:
        """`123, 456` or `123 456` in the environment; a list from code."""
        if isinstance(value, str):
            parts = [p for p in value.replace(",", " ").split() if p]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                message = "expected Telegram user ids (numbers) separated by commas"
                raise ValueError(message) from None
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram's own rule for secret_token, checked here rather than by a 400 at start."""
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("expected 1-256 characters: letters, digits, _ and -")
        return value

    @field_validator("chroma_headers", mode="before")
    @classmethod
    def _headers(cls, value: Any) -> Any:
        """`{"K": "V"}` (JSON) or `K=V,K2=V2` in the environment; a dict from code."""
        if not isinstance(value, str):
            return value
        text = value.strip()
        if text.startswith("{"):
            try:
                return json.loads(text)
            except json.JSONDecodeError:
                raise ValueError("expected a JSON object of header names and values") from None
        headers = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            name, sep, header_value = item.partition("=")
            if not sep or not name.strip():
                raise ValueError("expected headers as NAME=VALUE separated by commas, or JSON")
            headers[name.strip()] = header_value.strip()
        return headers

    @property
    def chroma_request_headers(self) -> dict[str, str]:
        """What every request to the Chroma server carries: custom headers, then the token."""
        headers = dict(self.chroma_headers)
        if self.chroma_token and self.chroma_token.get_secret_value().strip():
            token = self.chroma_token.get_secret_value().strip()
            if self.chroma_token_header == "Authorization":
                headers["Authorization"] = f"Bearer {token}"
            else:
                headers["X-Chroma-Token"] = token
        return headers

    def secret_values(self) -> list[str]:
        """Every secret in these settings, for `bot.redact` to keep out of logs and errors."""
        secrets = [
            self.telegram_bot_token,
            self.llm_api_key,
            self.chroma_token,
            self.telegram_webhook_secret,
        ]
        values = [s.get_secret_value().strip() for s in secrets if s is not None]
        return [v for v in values if v]

    @field_validator("fetch_allowed_hosts", mode="before")
    @classmethod
    def _hosts(cls, value: Any) -> Any:
        """`intranet.example, 10.0.0.0/8` in the environment; a list from code."""
        return parse_allowed_hosts(value) if isinstance(value, str | list | tuple) else value

    @property
    def telegram_file_url(self) -> str:
        """Bot API file downloads live beside the method URL: .../bot -> .../file/bot."""
        base = self.telegram_api_url.rstrip("/")
        head, sep, tail = base.rpartition("/")
        return f"{head}/file/{tail}" if sep else f"{base}/file"
