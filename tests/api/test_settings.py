"""The signing key: required, long enough, or made and kept for a demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from tamas.api.security import signing_key
from tamas.config import Settings
from tamas.errors import InputError


def test_a_demo_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings(demo=True, secret_key_file=tmp_path / "key")
    first = signing_key(settings)
    assert len(first) >= 32
    assert signing_key(settings) == first
    assert (tmp_path / "key").stat().st_mode & 0o777 == 0o600


def test_a_configured_key_is_used_and_must_be_long(tmp_path: Path) -> None:
    key = "k" * 32
    assert signing_key(Settings(secret_key=SecretStr(key), demo=True)) == key
    with pytest.raises(InputError, match="at least 32"):
        signing_key(Settings(secret_key=SecretStr("short")))
    with pytest.raises(InputError, match="TAMAS_SECRET_KEY is not set"):
        signing_key(Settings(secret_key_file=tmp_path / "key"))
    assert not (tmp_path / "key").exists()
