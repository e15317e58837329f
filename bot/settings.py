"""Settings from the environment and `.env`: the only place newsbot reads either."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from vectorstore.embeddings import BUNDLED_MODEL

__all__ = ["Settings"]


class Settings(BaseSettings):
    """Every key is listed, with a comment, in `.env.example`; CLI flags override these."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Path("./newsbot-data")
    chroma_host: str | None = None
    chroma_port: int | None = Field(default=None, ge=1, le=65535)
    collection: str = Field(default="news", min_length=3, max_length=512)
    embedding_model: str = BUNDLED_MODEL
    top_k: int = Field(default=5, ge=1, le=100)
    chunk_max_chars: int = Field(default=800, ge=100, le=10_000)
    chunk_overlap_chars: int = Field(default=200, ge=0, le=5_000)
