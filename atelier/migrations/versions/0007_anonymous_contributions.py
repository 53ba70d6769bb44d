"""anonymity fixed when written: idea authorships, commitments and reports

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 17:00:00

Rows written before this revision get the anonymity the workshop gives them
now: in a workshop that hides names they become anonymous for good (the
careful choice: nobody can tell when they were written).
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

TABLES = ('idea_authors', 'votes', 'reports')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('anonymous', sa.Boolean(), nullable=False, server_default=sa.false())
            )

    workshops = sa.table('workshops', sa.column('id', sa.Integer), sa.column('show_names', sa.Boolean))
    ideas = sa.table('ideas', sa.column('id', sa.Integer), sa.column('workshop_id', sa.Integer))
    hiding = sa.select(workshops.c.id).where(workshops.c.show_names == sa.false())
    hidden_ideas = sa.select(ideas.c.id).where(ideas.c.workshop_id.in_(hiding))
    authors = sa.table('idea_authors', sa.column('idea_id', sa.Integer), sa.column('anonymous', sa.Boolean))
    op.execute(authors.update().where(authors.c.idea_id.in_(hidden_ideas)).values(anonymous=True))
    for table in ('votes', 'reports'):
        rows = sa.table(table, sa.column('workshop_id', sa.Integer), sa.column('anonymous', sa.Boolean))
        op.execute(rows.update().where(rows.c.workshop_id.in_(hiding)).values(anonymous=True))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('anonymous')
