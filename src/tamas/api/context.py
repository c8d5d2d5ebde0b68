"""What every request of one server process shares: settings, database engines, the
sign-in machinery, the event bus and the live center (the router). Made when the app
starts, closed when it stops."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from tamas.acd import AcdListener
from tamas.api.browser import CsrfTokens, SessionCookieReader
from tamas.api.security import Authenticator, BearerTokenReader, TokenIssuer, signing_key
from tamas.config import Settings
from tamas.desk.center import LiveCenter
from tamas.live import EventBus, open_bus
from tamas.store import SqlEventLog, open_async_engine, open_database
from tamas.wallboard import WallboardFeed, build_snapshot


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
    bus: EventBus
    center: LiveCenter
    wallboard: WallboardFeed
    """The wallboard's snapshot, shared by every wallboard screen of this process."""

    @property
    def event_log(self) -> SqlEventLog:
        return SqlEventLog(self.engine)

    @classmethod
    async def open(
        cls, settings: Settings, issuer: TokenIssuer, listener: AcdListener | None = None
    ) -> ServerContext:
        """`listener` hears the router's offers (the demo's simulated agents)."""
        engine = await asyncio.to_thread(open_database, settings.database_url)
        async_engine = open_async_engine(settings.database_url)
        csrf = CsrfTokens(issuer.subkey("csrf"))
        cookie = SessionCookieReader(issuer, csrf)
        sessions = async_sessionmaker(async_engine, expire_on_commit=False)
        bus = open_bus(settings.bus_url, settings.bus_prefix)
        await bus.start()
        center = await LiveCenter.start(
            SqlEventLog(engine), bus, sessions, settings.pause_reasons, listener
        )
        log = SqlEventLog(engine)
        wallboard = WallboardFeed(
            lambda: build_snapshot(center, log, sessions, settings.tz), center.subscribe
        )
        return cls(
            settings=settings,
            issuer=issuer,
            csrf=csrf,
            session_cookie=cookie,
            authenticator=Authenticator([BearerTokenReader(issuer), cookie]),
            engine=engine,
            async_engine=async_engine,
            sessions=sessions,
            bus=bus,
            center=center,
            wallboard=wallboard,
        )

    async def close(self) -> None:
        await self.wallboard.close()
        await self.center.stop()
        await self.bus.close()
        await self.async_engine.dispose()
        self.engine.dispose()


def token_issuer(settings: Settings) -> TokenIssuer:
    """Raises InputError when no usable signing key is configured."""
    return TokenIssuer(signing_key(settings), timedelta(minutes=settings.token_ttl_min))
