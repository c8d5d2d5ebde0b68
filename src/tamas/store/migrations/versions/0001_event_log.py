"""The event log and the record of imports.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.String(32), nullable=False),
        sa.Column("ts_us", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("source", sa.String(60), nullable=False),
        sa.Column("contact_id", sa.String(150)),
        sa.Column("queue", sa.String(128)),
        sa.Column("agent", sa.String(128)),
        sa.Column("caller", sa.String(80)),
        sa.Column("wait_s", sa.Double()),
        sa.Column("talk_s", sa.Double()),
        sa.Column("ring_s", sa.Double()),
        sa.Column("position", sa.Integer()),
        sa.Column("original_position", sa.Integer()),
        sa.Column("reason", sa.String(255)),
        sa.Column("target", sa.String(255)),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("attrs", sa.Text()),
        sa.Column("version", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_events"),
        sa.UniqueConstraint("event_id", name="uq_events_event_id"),
    )
    op.create_index("ix_events_ts_us", "events", ["ts_us"])
    op.create_index("ix_events_contact_id", "events", ["contact_id"])
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("started_us", sa.BigInteger(), nullable=False),
        sa.Column("finished_us", sa.BigInteger(), nullable=False),
        sa.Column("lines_read", sa.Integer(), nullable=False),
        sa.Column("events_stored", sa.Integer(), nullable=False),
        sa.Column("duplicates", sa.Integer(), nullable=False),
        sa.Column("bad_lines", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_imports"),
    )


def downgrade() -> None:
    op.drop_table("imports")
    op.drop_index("ix_events_contact_id", table_name="events")
    op.drop_index("ix_events_ts_us", table_name="events")
    op.drop_table("events")
