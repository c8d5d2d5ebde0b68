"""How errors reach a client: always a JSON body, a 4xx for anything a client can fix.

InputError becomes 422 in FastAPI's own shape (`detail` is a list of `{loc, msg, type}`),
with `loc` naming the field, so clients handle one shape for every validation error;
NotFoundError 404, ConflictError and unique-constraint races 409, throttled sign-ins 429.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from tamas.errors import ConflictError, InputError, NotFoundError
from tamas.org.signin import SignInLockedError

SECRET_FIELDS = frozenset({"password"})


def validation_error(error: InputError, location: str = "body") -> RequestValidationError:
    """The error as FastAPI reports invalid input, `loc` pointing at its field."""
    loc = (location, error.field) if error.field else (location,)
    return RequestValidationError([{"loc": loc, "msg": str(error), "type": "value_error"}])


async def _input_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InputError)
    return await _request_invalid(request, validation_error(error))


class _EscapedJSONResponse(JSONResponse):
    """JSON with non-ASCII escaped: a rejected input may hold what UTF-8 cannot encode
    (an unpaired surrogate), and must still be answered."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


async def _request_invalid(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's answer, less the rejected value of secret fields (a password typed wrong
    is not sent back, nor written wherever responses are logged)."""
    assert isinstance(error, RequestValidationError)
    detail = [
        {key: value for key, value in item.items() if key != "input"}
        if any(part in SECRET_FIELDS for part in item.get("loc", ()))
        else item
        for item in error.errors()
    ]
    return _EscapedJSONResponse(
        status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
        content={"detail": jsonable_encoder(detail)},
    )


async def _not_found(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse(status_code=status.HTTP_404_NOT_FOUND, content={"detail": str(error)})


async def _conflict(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse(status_code=status.HTTP_409_CONFLICT, content={"detail": str(error)})


async def _integrity(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse(
        status_code=status.HTTP_409_CONFLICT,
        content={"detail": "the change conflicts with data stored meanwhile; try again"},
    )


async def _locked(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, SignInLockedError)
    return JSONResponse(
        status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        content={"detail": str(error)},
        headers={"Retry-After": str(int(error.retry_after.total_seconds()) + 1)},
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(InputError, _input_error)
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(ConflictError, _conflict)
    app.add_exception_handler(IntegrityError, _integrity)
    app.add_exception_handler(SignInLockedError, _locked)
