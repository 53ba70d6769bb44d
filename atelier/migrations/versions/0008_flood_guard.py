"""the per-workshop flood guard

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 18:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('flood_guard_since', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('flood_guard_reason', sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('flood_guard_reason')
        batch_op.drop_column('flood_guard_since')
