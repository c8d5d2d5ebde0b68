"""What every request of one server process shares: settings, database engines and the
sign-in machinery. Made when the app starts, closed when it stops."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tamas.api.browser import CsrfTokens, SessionCookieReader
from tamas.api.security import Authenticator, BearerTokenReader, TokenIssuer, signing_key
from tamas.config import Settings
from tamas.store import SqlEventLog, open_async_engine, open_database


@dataclass
class ServerContext:
    settings: Settings
    issuer: TokenIssuer
    csrf: CsrfTokens
    session_cookie: SessionCookieReader
    authenticator: Authenticator
    engine: Engine
    """Synchronous: the event log reads whole frames for the KPI engine (in a thread)."""
    async_engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @property
    def event_log(self) -> SqlEventLog:
        return SqlEventLog(self.engine)

    @classmethod
    async def open(cls, settings: Settings, issuer: TokenIssuer) -> ServerContext:
        engine = await asyncio.to_thread(open_database, settings.database_url)
        async_engine = open_async_engine(settings.database_url)
        csrf = CsrfTokens(issuer.subkey("csrf"))
        cookie = SessionCookieReader(issuer, csrf)
        return cls(
            settings=settings,
            issuer=issuer,
            csrf=csrf,
            session_cookie=cookie,
            authenticator=Authenticator([BearerTokenReader(issuer), cookie]),
            engine=engine,
            async_engine=async_engine,
            sessions=async_sessionmaker(async_engine, expire_on_commit=False),
        )

    async def close(self) -> None:
        await self.async_engine.dispose()
        self.engine.dispose()


def token_issuer(settings: Settings) -> TokenIssuer:
    """Raises InputError when no usable signing key is configured."""
    return TokenIssuer(signing_key(settings), timedelta(minutes=settings.token_ttl_min))
