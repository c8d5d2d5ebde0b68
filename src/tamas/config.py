"""One settings object for the whole product: environment variables `TAMAS_*`, then an
optional TOML file (`TAMAS_CONFIG`, default ./tamas.toml), then defaults.

Only the edges (CLI, server) read it; the core receives plain values.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TAMAS_", extra="ignore")

    database_url: str = "sqlite:///tamas.sqlite"
    """Where the system of record lives: a SQLAlchemy URL or a plain SQLite file path."""
    tz: str = "Asia/Tehran"
    """The center's time zone: intervals are aligned to its local midnight."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("TAMAS_CONFIG", "tamas.toml"))
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_file),
        )
