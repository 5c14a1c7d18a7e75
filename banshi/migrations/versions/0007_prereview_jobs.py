"""pre-review jobs: uploaded files' metadata, status and report until the retention ends

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "prereview_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_prereview_jobs_status", "prereview_jobs", ["status"])
    op.create_index("ix_prereview_jobs_expires_at", "prereview_jobs", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_prereview_jobs_expires_at", table_name="prereview_jobs")
    op.drop_index("ix_prereview_jobs_status", table_name="prereview_jobs")
    op.drop_table("prereview_jobs")
