"""Each queue's wallboard targets (service level, longest wait, abandon rate, ASA, AHT).

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "queue_targets",
        sa.Column("queue_id", sa.Integer(), nullable=False),
        sa.Column("service_level", sa.Double(), nullable=False),
        sa.Column("sl_threshold_s", sa.Integer(), nullable=False),
        sa.Column("max_wait_s", sa.Integer(), nullable=False),
        sa.Column("abandon_rate", sa.Double(), nullable=False),
        sa.Column("asa_s", sa.Integer(), nullable=False),
        sa.Column("aht_s", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("queue_id", name="pk_queue_targets"),
        sa.ForeignKeyConstraint(
            ["queue_id"],
            ["queues.id"],
            name="fk_queue_targets_queue_id_queues",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("queue_targets")
