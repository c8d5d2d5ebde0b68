"""The places of the web app, who may go to each, and where each role lands after
signing in. The navigation shows a person exactly the places their role may open, and
each page is guarded by the same table, so the two cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

from tamas.org.models import Role
from tamas.web.i18n import N_


@dataclass(frozen=True)
class Place:
    path: str
    label: str
    """A catalog text (translated when shown)."""
    roles: frozenset[Role]


CUSTOMER_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})
"""Who works with customers (as `tamas.api.deps.CUSTOMER_DATA`: not planners)."""

DESKTOP = Place("/desktop", N_("Desktop"), frozenset({Role.AGENT}))
WALLBOARD = Place(
    "/wallboard", N_("Wallboard"), frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ADMIN})
)
REPORTS = Place("/reports", N_("Reports"), frozenset({Role.SUPERVISOR, Role.MANAGER, Role.ADMIN}))
PLANNER = Place("/planner", N_("Planner"), frozenset({Role.PLANNER, Role.MANAGER, Role.ADMIN}))
CUSTOMERS = Place("/customers", N_("Customers"), CUSTOMER_ROLES)
USERS = Place("/users", N_("Users"), frozenset({Role.ADMIN}))
PREFERENCES = Place("/preferences", N_("Preferences"), frozenset(Role))

PLACES = (DESKTOP, WALLBOARD, REPORTS, PLANNER, CUSTOMERS, USERS)
"""In the order the navigation lists them."""

LANDING = {
    Role.AGENT: DESKTOP,
    Role.SUPERVISOR: WALLBOARD,
    Role.MANAGER: REPORTS,
    Role.PLANNER: PLANNER,
    Role.ADMIN: USERS,
}


def places_of(role: Role) -> list[Place]:
    return [place for place in PLACES if role in place.roles]


def safe_next(path: str | None) -> str | None:
    """A path to go back to after signing in, if it stays on this site."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return None
    return path
