"""co-facilitators become invitations by e-mail address

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 10:00:00

Inviting an account by its id told the owner which addresses had accounts.
An invitation now names an address: the account with that address
facilitates while it can, whenever it was created. Each co-facilitator
becomes an invitation of their account's e-mail (already stored lower-case);
they had been named on the bilan's cover, so they count as having opened
the workshop.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    invitations = op.create_table(
        'invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_invitations_workshop_id_workshops'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
        sa.UniqueConstraint('workshop_id', 'email', name=op.f('uq_invitations_workshop_id')),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f('ix_invitations_email'), 'invitations', ['email'])

    co = sa.table('co_facilitators', sa.column('workshop_id', sa.Integer), sa.column('user_id', sa.Integer), sa.column('added_at', sa.DateTime))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('email', sa.String))
    rows = (
        sa.select(co.c.workshop_id, users.c.email, co.c.added_at, co.c.added_at.label('opened_at'))
        .select_from(co.join(users, users.c.id == co.c.user_id))
        .order_by(co.c.workshop_id, co.c.added_at, users.c.email)
    )
    op.execute(invitations.insert().from_select(['workshop_id', 'email', 'added_at', 'opened_at'], rows))

    op.drop_index(op.f('ix_co_facilitators_user_id'), table_name='co_facilitators')
    op.drop_table('co_facilitators')


def downgrade():
    co = op.create_table(
        'co_facilitators',
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_co_facilitators_workshop_id_workshops'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_co_facilitators_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('workshop_id', 'user_id', name=op.f('pk_co_facilitators')),
    )
    op.create_index(op.f('ix_co_facilitators_user_id'), 'co_facilitators', ['user_id'])

    # Only the invitations of addresses that have an account can go back.
    invitations = sa.table('invitations', sa.column('workshop_id', sa.Integer), sa.column('email', sa.String), sa.column('added_at', sa.DateTime))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('email', sa.String))
    rows = sa.select(invitations.c.workshop_id, users.c.id, invitations.c.added_at).select_from(
        invitations.join(users, users.c.email == invitations.c.email)
    )
    op.execute(co.insert().from_select(['workshop_id', 'user_id', 'added_at'], rows))

    op.drop_index(op.f('ix_invitations_email'), table_name='invitations')
    op.drop_table('invitations')
