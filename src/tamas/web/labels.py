"""The catalog texts for the values Tamas stores in English words (roles, case
statuses, priorities...), so that screens show them in the reader's language."""

from __future__ import annotations

from tamas.crm.models import CaseStatus, FollowUpKind, IdentityKind, Priority
from tamas.org.models import Role
from tamas.web.i18n import N_

ROLES = {
    Role.AGENT: N_("Agent"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.MANAGER: N_("Manager"),
    Role.PLANNER: N_("Planner"),
    Role.ADMIN: N_("Administrator"),
}
CASE_STATUSES = {
    CaseStatus.OPEN: N_("Open"),
    CaseStatus.PENDING: N_("Pending"),
    CaseStatus.ESCALATED: N_("Escalated"),
    CaseStatus.RESOLVED: N_("Resolved"),
    CaseStatus.CLOSED: N_("Closed"),
}
PRIORITIES = {
    Priority.LOW: N_("Low"),
    Priority.NORMAL: N_("Normal"),
    Priority.HIGH: N_("High"),
    Priority.URGENT: N_("Urgent"),
}
FOLLOW_UP_KINDS = {
    FollowUpKind.FOLLOW_UP: N_("Follow-up"),
    FollowUpKind.CALLBACK: N_("Callback"),
}
IDENTITY_KINDS = {
    IdentityKind.PHONE: N_("Phone"),
    IdentityKind.EMAIL: N_("E-mail"),
    IdentityKind.NATIONAL_ID: N_("National ID"),
    IdentityKind.ACCOUNT_ID: N_("Account ID"),
}
CHANNELS = {
    "voice": N_("Call"),
    "chat": N_("Chat"),
    "email": N_("E-mail"),
    "sms": N_("SMS"),
}
"""The event log's channels (docs/events.md); another is shown as written."""
OUTCOMES = {
    "answered": N_("answered"),
    "abandoned": N_("abandoned"),
    "transferred": N_("transferred"),
    "exited": N_("left the queue"),
    "waiting": N_("waiting"),
}
"""How a contact ended, as `tamas.crm.timeline` names it."""
CASE_FIELDS = {
    "title": N_("Title"),
    "description": N_("Description"),
    "department_id": N_("Department"),
    "priority": N_("Priority"),
    "status": N_("Status"),
    "owner_id": N_("Owner"),
    "sla_due_at": N_("Due"),
}
"""The fields a case's history records (`tamas.crm.cases.CHANGEABLE`)."""
PAUSE_REASONS = {
    "break": N_("Break"),
    "lunch": N_("Lunch"),
    "prayer": N_("Prayer"),
    "training": N_("Training"),
    "coaching": N_("Coaching"),
    "meeting": N_("Meeting"),
    "after_call_work": N_("After-call work"),
}
"""The reasons an agent can pause with, written to `agent.paused` as `reason`."""
