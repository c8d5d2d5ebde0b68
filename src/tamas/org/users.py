"""Users: accounts with a role, a team, an agent name in the event log and skills.

Who sees whom: admins, managers and planners everyone; a supervisor the members of the
teams it leads (and itself); an agent itself.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from tamas.audit import Actor
from tamas.errors import InputError
from tamas.org import directory
from tamas.org.models import Role, Skill, Team, TeamSupervisor, User, UserSkill
from tamas.org.passwords import MIN_LENGTH, hash_password

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
"""Lower-case letters, digits, dot, dash and underscore; 1 to 64 characters."""
MIN_SKILL_LEVEL, MAX_SKILL_LEVEL = 1, 10
SEES_EVERYONE = frozenset({Role.ADMIN, Role.MANAGER, Role.PLANNER})


def check_username(username: str) -> str:
    if not USERNAME.fullmatch(username):
        raise InputError(
            f"username: expected 1 to 64 lower-case letters, digits, '.', '-' or '_' "
            f"(starting with a letter or digit), got {username!r}",
            field="username",
        )
    return username


def check_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise InputError(f"password: expected at least {MIN_LENGTH} characters", field="password")
    return password


async def _skill_rows(session: AsyncSession, levels: dict[str, int]) -> list[UserSkill]:
    rows = []
    for name, level in sorted(levels.items()):
        skill = await session.scalar(select(Skill).where(Skill.name == name))
        if skill is None:
            raise InputError(f"skills: no skill named {name!r}", field="skills")
        if not MIN_SKILL_LEVEL <= level <= MAX_SKILL_LEVEL:
            raise InputError(
                f"skills: level of {name!r} must be {MIN_SKILL_LEVEL}..{MAX_SKILL_LEVEL}, "
                f"got {level}",
                field="skills",
            )
        rows.append(UserSkill(skill=skill, level=level))
    return rows


async def _stored_fields(session: AsyncSession, fields: dict[str, Any]) -> dict[str, Any]:
    """The columns to store from what a person gave: the password hashed (off the event
    loop: Argon2 is deliberately slow), skill names resolved."""
    stored = dict(fields)
    if stored.get("username") is not None:
        check_username(stored["username"])
    if "password" in stored:
        password = check_password(stored.pop("password") or "")
        stored["password_hash"] = await asyncio.to_thread(hash_password, password)
    if "skills" in stored:
        stored["skills"] = await _skill_rows(session, stored["skills"] or {})
    return stored


async def create_user(session: AsyncSession, actor: Actor, fields: dict[str, Any]) -> User:
    """A new user; `fields` has username, password and role, and may have full_name,
    team_id, agent_name (default: the username, for agents), active and skills."""
    stored = await _stored_fields(session, fields)
    if stored.get("agent_name") is None and stored["role"] is Role.AGENT:
        stored["agent_name"] = stored["username"]
    return await directory.create(session, actor, User, stored)


async def update_user(
    session: AsyncSession, actor: Actor, user: User, fields: dict[str, Any]
) -> User:
    stored = await _stored_fields(session, fields)
    if "skills" in stored:
        user.skills.clear()
        await session.flush()
    return await directory.update(session, actor, user, stored)


def visible_users(viewer: User) -> Select[tuple[User]]:
    """The users `viewer` may see, as a query."""
    query = select(User).order_by(User.id)
    if viewer.role in SEES_EVERYONE:
        return query
    if viewer.role is Role.SUPERVISOR:
        led = select(TeamSupervisor.team_id).where(TeamSupervisor.user_id == viewer.id)
        return query.where((User.team_id.in_(led)) | (User.id == viewer.id))
    return query.where(User.id == viewer.id)


def visible_teams(viewer: User) -> Select[tuple[Team]]:
    """The teams `viewer` may see, as a query: a supervisor those it leads."""
    query = select(Team).order_by(Team.id)
    if viewer.role in SEES_EVERYONE:
        return query
    led = select(TeamSupervisor.team_id).where(TeamSupervisor.user_id == viewer.id)
    return query.where(Team.id.in_(led))


async def visible_agent_names(session: AsyncSession, viewer: User) -> set[str] | None:
    """The agent names (as in the event log) whose figures `viewer` may see; None: all."""
    if viewer.role in SEES_EVERYONE:
        return None
    users = await session.scalars(visible_users(viewer))
    return {user.agent_name for user in users if user.agent_name}


async def team_supervisors(session: AsyncSession, user_ids: list[int]) -> list[User]:
    """The users to lead a team, each checked to be a supervisor."""
    supervisors = []
    for user_id in dict.fromkeys(user_ids):
        user = await session.get(User, user_id)
        if user is None:
            raise InputError(f"supervisor_ids: no user with id {user_id}", field="supervisor_ids")
        if user.role is not Role.SUPERVISOR:
            raise InputError(
                f"supervisor_ids: user {user_id} is a {user.role.value}, not a supervisor",
                field="supervisor_ids",
            )
        supervisors.append(user)
    return supervisors
