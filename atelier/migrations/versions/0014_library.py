"""the library: a full-text index over ideas, the dimension an idea serves,
the screen's inspiration switch

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08 09:00:00

The index is the engine's own (models/search.py): an FTS5 table with its
triggers on SQLite, a GIN index over French and English tsvectors on
PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa

from atelier.models import search


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dimension', sa.String(length=20), nullable=True))
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('inspiration', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # After the batch above: rebuilding `ideas` would drop the triggers.
    search.create(op.get_bind())


def downgrade():
    search.drop(op.get_bind())
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('inspiration')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_column('dimension')
