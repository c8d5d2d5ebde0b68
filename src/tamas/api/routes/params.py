"""Path and query parameters several routes share."""

from typing import Annotated

from fastapi import Path, Query

from tamas.api.schemas.types import MAX_ID

RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
Limit = Annotated[int, Query(ge=1, le=500, description="At most this many rows.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Skip this many rows first.")]
