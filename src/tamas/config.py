"""One settings object for the whole product: environment variables `TAMAS_*`, then an
optional TOML file (`TAMAS_CONFIG`, default ./tamas.toml), then defaults.

Only the edges (CLI, server) read it; the core receives plain values.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr
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
    language: str = "fa"
    """The web screens' language (fa or en) for people who have not chosen one and whose
    browser asks for neither."""
    phone_region: str = "IR"
    """Phone numbers written without a country code are read as numbers of this country."""
    secret_key: SecretStr | None = None
    """Signs sign-in tokens (at least 32 characters). The server refuses to start without
    it, except in demo mode; keep it secret, and change it to sign everyone out."""
    demo: bool = False
    """Demo mode: not for production. Without a secret key, one is made and kept in
    `secret_key_file` so that sign-ins outlive a restart."""
    secret_key_file: Path = Path("tamas-secret.key")
    token_ttl_min: int = 480
    """How long a sign-in token is valid, in minutes (default: one 8-hour shift)."""
    bus_url: str | None = None
    """The event bus between server processes: `nats://host:4222` (NATS JetStream); none:
    in-process, for a single server process."""
    bus_prefix: str = Field("tamas", pattern=r"^[a-z][a-z0-9_-]{0,31}$")
    """Names the bus's subjects and stream, so several centers can share one NATS."""
    pause_reasons: list[str] = ["break", "lunch", "prayer", "training", "coaching", "meeting"]
    """The reasons an agent may give for a pause (written in the event log)."""
    demo_password: SecretStr = SecretStr("demo")
    """The password of the users `tamas serve --demo` makes."""
    demo_traffic: bool = False
    """Simulated contacts and agents keep the demo center busy (`tamas serve --demo`)."""

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
