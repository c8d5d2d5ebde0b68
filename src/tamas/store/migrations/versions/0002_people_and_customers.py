"""People and roles, customers and cases, the audit log; events found by caller.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ROLES = ("agent", "supervisor", "manager", "planner", "admin")
IDENTITY_KINDS = ("phone", "email", "national_id", "account_id")
PRIORITIES = ("low", "normal", "high", "urgent")
CASE_STATUSES = ("open", "pending", "escalated", "resolved", "closed")
FOLLOW_UP_KINDS = ("follow_up", "callback")


def _text_enum(*members: str) -> sa.Enum:
    """Stored as VARCHAR(16): a new member needs no migration (see tamas.store.orm)."""
    return sa.Enum(*members, native_enum=False, length=16)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def upgrade() -> None:
    op.create_index("ix_events_caller", "events", ["caller"])
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_departments"),
        sa.UniqueConstraint("name", name="uq_departments_name"),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("department_id", sa.Integer()),
        sa.PrimaryKeyConstraint("id", name="pk_teams"),
        sa.UniqueConstraint("name", name="uq_teams_name"),
        _fk("teams", "department_id", "departments", "SET NULL"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("role", _text_enum(*ROLES), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("team_id", sa.Integer()),
        sa.Column("agent_name", sa.String(128)),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.UniqueConstraint("agent_name", name="uq_users_agent_name"),
        _fk("users", "team_id", "teams", "SET NULL"),
    )
    op.create_table(
        "team_supervisors",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "user_id", name="pk_team_supervisors"),
        _fk("team_supervisors", "team_id", "teams", "CASCADE"),
        _fk("team_supervisors", "user_id", "users", "CASCADE"),
    )
    op.create_table(
        "skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_skills"),
        sa.UniqueConstraint("name", name="uq_skills_name"),
    )
    op.create_table(
        "user_skills",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "skill_id", name="pk_user_skills"),
        _fk("user_skills", "user_id", "users", "CASCADE"),
        _fk("user_skills", "skill_id", "skills", "CASCADE"),
    )
    op.create_table(
        "queues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("department_id", sa.Integer()),
        sa.Column("wrap_up_s", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_queues"),
        sa.UniqueConstraint("name", name="uq_queues_name"),
        _fk("queues", "department_id", "departments", "SET NULL"),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.BigInteger(), nullable=False),
        sa.Column("locked_until", sa.BigInteger()),
        sa.PrimaryKeyConstraint("username", "client", name="pk_sign_in_failures"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.Integer()),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64)),
        sa.Column("detail", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        _fk("audit_log", "user_id", "users", "SET NULL"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    _create_crm_tables()


def _create_crm_tables() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_customers"),
    )
    op.create_index("ix_customers_name", "customers", ["name"])
    op.create_table(
        "customer_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", _text_enum(*IDENTITY_KINDS), nullable=False),
        sa.Column("value", sa.String(254), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_customer_identities"),
        sa.UniqueConstraint("kind", "value", name="uq_customer_identities_kind_value"),
        _fk("customer_identities", "customer_id", "customers", "CASCADE"),
    )
    op.create_index("ix_customer_identities_customer_id", "customer_identities", ["customer_id"])
    op.create_index("ix_customer_identities_value", "customer_identities", ["value"])
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("department_id", sa.Integer()),
        sa.Column("priority", _text_enum(*PRIORITIES), nullable=False),
        sa.Column("status", _text_enum(*CASE_STATUSES), nullable=False),
        sa.Column("owner_id", sa.Integer()),
        sa.Column("sla_due_at", sa.BigInteger(), nullable=False),
        sa.Column("contact_id", sa.String(150)),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        _fk("cases", "customer_id", "customers", "CASCADE"),
        _fk("cases", "department_id", "departments", "SET NULL"),
        _fk("cases", "owner_id", "users", "SET NULL"),
    )
    op.create_index("ix_cases_customer_id", "cases", ["customer_id"])
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_table(
        "case_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_history"),
        _fk("case_history", "case_id", "cases", "CASCADE"),
    )
    op.create_index("ix_case_history_case_id", "case_history", ["case_id"])
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer()),
        sa.Column("contact_id", sa.String(150)),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notes"),
        _fk("notes", "customer_id", "customers", "CASCADE"),
        _fk("notes", "case_id", "cases", "CASCADE"),
    )
    op.create_index("ix_notes_customer_id", "notes", ["customer_id"])
    op.create_index("ix_notes_case_id", "notes", ["case_id"])
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer()),
        sa.Column("kind", _text_enum(*FOLLOW_UP_KINDS), nullable=False),
        sa.Column("owner_id", sa.Integer()),
        sa.Column("due_at", sa.BigInteger(), nullable=False),
        sa.Column("phone", sa.String(32)),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("done_at", sa.BigInteger()),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_follow_ups"),
        _fk("follow_ups", "customer_id", "customers", "CASCADE"),
        _fk("follow_ups", "case_id", "cases", "CASCADE"),
        _fk("follow_ups", "owner_id", "users", "SET NULL"),
    )
    op.create_index("ix_follow_ups_customer_id", "follow_ups", ["customer_id"])
    op.create_index("ix_follow_ups_owner_id", "follow_ups", ["owner_id"])
    op.create_index("ix_follow_ups_due_at", "follow_ups", ["due_at"])
    op.create_table(
        "dispositions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_dispositions"),
        sa.UniqueConstraint("queue_id", "code", name="uq_dispositions_queue_id_code"),
        _fk("dispositions", "queue_id", "queues", "CASCADE"),
    )


def downgrade() -> None:
    for table in (
        "dispositions",
        "follow_ups",
        "notes",
        "case_history",
        "cases",
        "customer_identities",
        "customers",
        "audit_log",
        "sign_in_failures",
        "queues",
        "user_skills",
        "skills",
        "team_supervisors",
        "users",
        "teams",
        "departments",
    ):
        op.drop_table(table)
    op.drop_index("ix_events_caller", table_name="events")
