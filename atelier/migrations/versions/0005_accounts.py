"""accounts: users, managers' teams, co-facilitators, site settings, workshop owners

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 14:00:00

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _team_key(team):
    # Same rule as atelier.domain.accounts.team_key, frozen here as of this revision.
    return " ".join(unicodedata.normalize("NFC", team or "").split()).casefold()


def upgrade():
    op.create_table(
        'users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('session_nonce', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
        sa.UniqueConstraint('email', name=op.f('uq_users_email')),
        sqlite_autoincrement=True,
    )
    op.create_table(
        'managed_teams',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('team', sa.String(length=120), nullable=False),
        sa.Column('team_key', sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_managed_teams_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_managed_teams')),
        sa.UniqueConstraint('user_id', 'team_key', name=op.f('uq_managed_teams_user_id')),
    )
    op.create_index(op.f('ix_managed_teams_user_id'), 'managed_teams', ['user_id'])
    op.create_index(op.f('ix_managed_teams_team_key'), 'managed_teams', ['team_key'])
    op.create_table(
        'co_facilitators',
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_co_facilitators_workshop_id_workshops'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_co_facilitators_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('workshop_id', 'user_id', name=op.f('pk_co_facilitators')),
    )
    op.create_index(op.f('ix_co_facilitators_user_id'), 'co_facilitators', ['user_id'])
    op.create_table(
        'site_settings',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('value', sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_site_settings')),
    )
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_key', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_workshops_team_key'), ['team_key'])
        batch_op.create_index(batch_op.f('ix_workshops_owner_id'), ['owner_id'])
        batch_op.create_foreign_key(batch_op.f('fk_workshops_owner_id_users'), 'users', ['owner_id'], ['id'], ondelete='SET NULL')

    workshops = sa.table('workshops', sa.column('id', sa.Integer), sa.column('team', sa.String), sa.column('team_key', sa.String))
    connection = op.get_bind()
    for row in connection.execute(sa.select(workshops.c.id, workshops.c.team)).all():
        connection.execute(workshops.update().where(workshops.c.id == row.id).values(team_key=_team_key(row.team)))


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_workshops_owner_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_workshops_owner_id'))
        batch_op.drop_index(batch_op.f('ix_workshops_team_key'))
        batch_op.drop_column('owner_id')
        batch_op.drop_column('team_key')
    op.drop_table('site_settings')
    op.drop_index(op.f('ix_co_facilitators_user_id'), table_name='co_facilitators')
    op.drop_table('co_facilitators')
    op.drop_index(op.f('ix_managed_teams_team_key'), table_name='managed_teams')
    op.drop_index(op.f('ix_managed_teams_user_id'), table_name='managed_teams')
    op.drop_table('managed_teams')
    op.drop_table('users')
