"""Customer pages: search (a phone in any format, a name, a case number), the customer's
identities and merged timeline, and the forms an agent uses most: add a note, open a case
for a department, schedule a follow-up or a callback.

Everything goes through the `tamas.crm` services, which write the audit entries; a form
with mistakes comes back with each message next to its field, in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData

from tamas.api.deps import Server, Session
from tamas.crm import cases, followups, notes
from tamas.crm.customers import search_customers
from tamas.crm.identities import normalize_phone
from tamas.crm.models import Case, Customer, FollowUpKind, Priority
from tamas.crm.timeline import timeline
from tamas.errors import InputError, NotFoundError
from tamas.org.models import Department, User
from tamas.web.formatting import latin_digits
from tamas.web.navigation import CUSTOMERS
from tamas.web.pages import CheckedForm, PageError, Viewer, page_for, render, see_other
from tamas.web.timeline_view import Names, timeline_entries

router = APIRouter()
CustomerViewer = Annotated[Viewer, Depends(page_for(CUSTOMERS))]
RESULTS = 50
MAX_QUERY = 200
MAX_TITLE = 200
MAX_TEXT = 5000
DONE = {"note", "case", "follow_up"}


@router.get(CUSTOMERS.path, include_in_schema=False)
async def search_page(
    request: Request, viewer: CustomerViewer, context: Server, db: Session, q: str = ""
) -> Response:
    """Search only when asked: every search is audited with what it found."""
    text = latin_digits(q.strip())[:MAX_QUERY]
    results = None
    if text:
        results = await search_customers(
            db, viewer.signed_in, text, RESULTS, 0, context.settings.phone_region
        )
        await db.commit()
    return render(request, viewer, "customers/search.html", q=q, results=results, limit=RESULTS)


@dataclass
class FormState:
    """A form that came back: which one, what was typed, what was wrong."""

    name: str = ""
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


async def _page(
    request: Request,
    viewer: Viewer,
    db: AsyncSession,
    customer_id: int,
    state: FormState | None = None,
) -> Response:
    try:
        items = await timeline(db, viewer.signed_in, customer_id)
    except NotFoundError:
        raise PageError(viewer, 404, viewer.gettext("There is no such customer.")) from None
    customer = await db.get(Customer, customer_id)
    departments = list(await db.scalars(select(Department).order_by(Department.name)))
    own_cases = list(await db.scalars(cases.cases_query(customer_id=customer_id)))
    users = list(await db.scalars(select(User)))
    names = Names(
        departments={d.id: d.title or d.name for d in departments},
        people={user.id: user.full_name or user.username for user in users},
        usernames={user.username: user.full_name or user.username for user in users},
        agents={u.agent_name: u.full_name or u.username for u in users if u.agent_name},
    )
    await db.commit()
    state = state or FormState()
    now = datetime.now(UTC)
    done = request.query_params.get("done")
    return render(
        request,
        viewer,
        "customers/customer.html",
        422 if state.errors else 200,
        page=f"{CUSTOMERS.path}/{customer_id}",
        customer=customer,
        entries=timeline_entries(items, viewer, names),
        departments=departments,
        cases=own_cases,
        priorities=list(Priority),
        follow_up_kinds=list(FollowUpKind),
        state=state,
        done=done if done in DONE else None,
        default_due=viewer.fmt.date_input(viewer.fmt.today(now + timedelta(days=1))),
    )


@router.get(CUSTOMERS.path + "/{customer_id}", include_in_schema=False)
async def customer_page(
    request: Request, customer_id: int, viewer: CustomerViewer, db: Session
) -> Response:
    return await _page(request, viewer, db, customer_id)


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


class Checker:
    """Reads a posted form field by field, collecting messages for the reader."""

    def __init__(self, viewer: Viewer, form_name: str, form: FormData) -> None:
        self._ = viewer.gettext
        self.viewer = viewer
        self.state = FormState(form_name, {key: _text(form, key) for key in form})

    def text(self, name: str, limit: int, required: bool) -> str:
        value = self.state.values.get(name, "")
        if required and not value:
            self.state.errors[name] = self._("Fill this in.")
        elif len(value) > limit:
            self.state.errors[name] = self._(
                "Write at most %(count)s characters.", count=self.viewer.fmt.number(limit)
            )
        return value

    def choice(self, name: str, options: dict[str, Any], required: bool) -> Any:
        value = self.state.values.get(name, "")
        if not value and not required:
            return None
        if value not in options:
            self.state.errors[name] = self._("Choose one of the options.")
            return None
        return options[value]

    def refused(self, error: InputError, default_field: str) -> None:
        """A mistake only the service could see, next to the field it names."""
        name = error.field if error.field in self.state.values else default_field
        self.state.errors[name] = self._("Not accepted: %(reason)s", reason=str(error))


async def _case_choices(db: AsyncSession, customer_id: int) -> dict[str, int]:
    own = await db.scalars(select(Case.id).where(Case.customer_id == customer_id))
    return {str(case_id): case_id for case_id in own}


async def _save(
    request: Request,
    viewer: Viewer,
    db: AsyncSession,
    customer_id: int,
    checker: Checker,
    change: Any,
    default_field: str,
) -> Response:
    """Run the service call `change` if the form had no mistakes; show what went wrong,
    or go to the customer's page with the change on the timeline."""
    if not checker.state.errors:
        try:
            await change()
            await db.commit()
            path = f"{CUSTOMERS.path}/{customer_id}?done={checker.state.name}#timeline"
            return see_other(path)
        except NotFoundError:
            raise PageError(viewer, 404, viewer.gettext("There is no such customer.")) from None
        except InputError as error:
            await db.rollback()
            checker.refused(error, default_field)
    return await _page(request, viewer, db, customer_id, checker.state)


@router.post(CUSTOMERS.path + "/{customer_id}/notes", include_in_schema=False)
async def add_note(
    request: Request, customer_id: int, form: CheckedForm, viewer: CustomerViewer, db: Session
) -> Response:
    checker = Checker(viewer, "note", form)
    body = checker.text("body", MAX_TEXT, required=True)
    case_id = checker.choice("case_id", await _case_choices(db, customer_id), required=False)

    async def change() -> None:
        await notes.add_note(
            db, viewer.signed_in, customer_id, body, datetime.now(UTC), case_id=case_id
        )

    return await _save(request, viewer, db, customer_id, checker, change, "body")


@router.post(CUSTOMERS.path + "/{customer_id}/cases", include_in_schema=False)
async def open_case(
    request: Request, customer_id: int, form: CheckedForm, viewer: CustomerViewer, db: Session
) -> Response:
    checker = Checker(viewer, "case", form)
    departments = {str(d.id): d.id for d in await db.scalars(select(Department))}
    fields = {
        "customer_id": customer_id,
        "title": checker.text("title", MAX_TITLE, required=True),
        "department_id": checker.choice("department_id", departments, required=True),
        "priority": checker.choice("priority", {p.value: p for p in Priority}, required=True),
        "description": checker.text("description", MAX_TEXT, required=False),
        "owner_id": viewer.signed_in.id,
    }

    async def change() -> None:
        await cases.open_case(db, viewer.signed_in, fields, datetime.now(UTC))

    return await _save(request, viewer, db, customer_id, checker, change, "title")


@router.post(CUSTOMERS.path + "/{customer_id}/follow-ups", include_in_schema=False)
async def schedule_follow_up(
    request: Request,
    customer_id: int,
    form: CheckedForm,
    viewer: CustomerViewer,
    context: Server,
    db: Session,
) -> Response:
    checker = Checker(viewer, "follow_up", form)
    _ = viewer.gettext
    kind = checker.choice("kind", {k.value: k for k in FollowUpKind}, required=True)
    day = checker.text("due_date", 20, required=True)
    clock = checker.text("due_time", 10, required=True)
    due_at = None
    if day and clock:
        try:
            due_at = viewer.fmt.read_date_time(day, clock)
        except ValueError:
            checker.state.errors["due_date"] = _(
                "Write the date as %(example)s and the time as 09:30.",
                example=viewer.fmt.date_input(viewer.fmt.today(datetime.now(UTC))),
            )
        else:
            if due_at < datetime.now(UTC):
                checker.state.errors["due_date"] = _("Choose a time that has not passed yet.")
    phone = latin_digits(checker.text("phone", 40, required=False)) or None
    if phone:
        try:
            phone = normalize_phone(phone, context.settings.phone_region)
        except InputError:
            checker.state.errors["phone"] = _("Write a phone number, such as 0912 345 6789.")
    fields = {
        "customer_id": customer_id,
        "kind": kind,
        "due_at": due_at,
        "owner_id": viewer.signed_in.id,
        "note": checker.text("note", MAX_TEXT, required=False),
        "case_id": checker.choice("case_id", await _case_choices(db, customer_id), required=False),
        "phone": phone,
    }

    async def change() -> None:
        await followups.schedule(db, viewer.signed_in, fields, context.settings.phone_region)

    return await _save(request, viewer, db, customer_id, checker, change, "note")
