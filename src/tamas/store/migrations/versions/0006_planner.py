"""The planner's special days and shift templates with their break rules.

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

KINDS = ("launch", "campaign", "holiday", "closed")


def upgrade() -> None:
    op.create_table(
        "special_days",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.Enum(*KINDS, native_enum=False, length=16), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("lift", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_special_days"),
    )
    op.create_table(
        "shift_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("earliest_start", sa.Integer(), nullable=False),
        sa.Column("latest_start", sa.Integer(), nullable=False),
        sa.Column("start_step", sa.Integer()),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("days", sa.String(32), nullable=False),
        sa.Column("max_consecutive_work", sa.Integer()),
        sa.Column("breaks", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_shift_templates"),
        sa.UniqueConstraint("name", name="uq_shift_templates_name"),
    )


def downgrade() -> None:
    op.drop_table("shift_templates")
    op.drop_table("special_days")
