"""pre-review fields of materials: document types, form fields, staff checks

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("materials") as batch:
        batch.add_column(sa.Column("documents", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("fields", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("item_materials") as batch:
        batch.add_column(sa.Column("checks", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("item_materials") as batch:
        batch.drop_column("checks")
    with op.batch_alter_table("materials") as batch:
        batch.drop_column("fields")
        batch.drop_column("documents")
