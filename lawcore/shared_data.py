"""Locate the public data sets kept beside the project (``../shared/data``), never inside it.

Tests and benchmarks that need them call :func:`shared_data_path`; tests skip with a message that
names the missing folder when it returns ``None``. ``CAMKET_SHARED_DATA`` overrides the location.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shared_data_root() -> Path:
    """Where the shared data sets are expected: ``$CAMKET_SHARED_DATA`` or ``../shared/data``."""
    override = os.environ.get("CAMKET_SHARED_DATA")
    return Path(override) if override else PROJECT_ROOT.parent / "shared" / "data"


def shared_data_path(*parts: str) -> Path | None:
    """Return ``shared_data_root()/parts`` when it exists, else ``None``."""
    path = shared_data_root().joinpath(*parts)
    return path if path.exists() else None


def skip_reason(*parts: str) -> str:
    """The message a test gives when it skips for want of a shared data set."""
    return f"shared data set {shared_data_root().joinpath(*parts)} is absent"
