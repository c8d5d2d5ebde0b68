"""`/healthz`: whether this process can reach its database (for load balancers)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tamas.api.deps import Server

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    responses={503: {"description": "The database cannot be reached"}},
    summary="Liveness and database check",
)
async def healthz(context: Server) -> JSONResponse:
    try:
        async with context.async_engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return JSONResponse({"status": "error", "database": reason}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
