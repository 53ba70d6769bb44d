"""who the team serves: the word the workshop uses for the people it serves

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 06:00:00

Every workshop so far spoke of customers: that stays their choice.
"""
from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('serves', sa.String(length=20), server_default='customers', nullable=False)
        )
        batch_op.add_column(
            sa.Column('serves_singular', sa.String(length=40), server_default='', nullable=False)
        )
        batch_op.add_column(
            sa.Column('serves_plural', sa.String(length=40), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('serves_plural')
        batch_op.drop_column('serves_singular')
        batch_op.drop_column('serves')
