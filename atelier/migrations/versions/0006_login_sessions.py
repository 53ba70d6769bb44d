"""login sessions kept server-side: signing out ends a session for every copy of its cookie

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 17:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'login_sessions',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_sessions_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_login_sessions')),
    )
    op.create_index(op.f('ix_login_sessions_user_id'), 'login_sessions', ['user_id'])
    # Sessions were a per-account nonce: every browser signs in again once.
    with op.batch_alter_table('users') as batch:
        batch.drop_column('session_nonce')


def downgrade():
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('session_nonce', sa.String(length=32), nullable=False, server_default=''))
    op.drop_index(op.f('ix_login_sessions_user_id'), table_name='login_sessions')
    op.drop_table('login_sessions')
