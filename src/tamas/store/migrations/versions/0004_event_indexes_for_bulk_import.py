"""Event indexes an import can rebuild: the event id's uniqueness as a unique index (not a
table constraint), and the caller index only over the events that carry a caller.

An import into an empty log drops the indexes of `events`, stores the rows and builds the
indexes again by sorting (store/event_log.py), several times cheaper than inserting a
million random keys one by one. SQLite cannot drop the index behind a table's UNIQUE
constraint, so the constraint becomes an index of the same name; the table is rebuilt
for it on SQLite, its rows and their `seq` unchanged. About a third of the events carry
a caller (a contact entering a queue); the others no longer have entries in its index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_HAS_CALLER = sa.text("caller IS NOT NULL")


def upgrade() -> None:
    op.drop_index("ix_events_caller", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_constraint("uq_events_event_id", type_="unique")
    op.create_index("uq_events_event_id", "events", ["event_id"], unique=True)
    op.create_index(
        "ix_events_caller",
        "events",
        ["caller"],
        sqlite_where=_HAS_CALLER,
        postgresql_where=_HAS_CALLER,
    )


def downgrade() -> None:
    op.drop_index("ix_events_caller", table_name="events")
    op.drop_index("uq_events_event_id", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.create_unique_constraint("uq_events_event_id", ["event_id"])
    op.create_index("ix_events_caller", "events", ["caller"])
