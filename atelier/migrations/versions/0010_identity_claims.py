"""coming back without one's link: identity claims, and when a participant was last seen

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 10:00:00

A participant who lost their personal link asks, from a phone, to be
themselves again; a facilitator confirms (domain/claims.py). ``seen_at``
tells who is back at the review.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seen_at', sa.DateTime(), nullable=True))
    op.create_table(
        'identity_claims',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.String(length=64), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_identity_claims_workshop_id_workshops'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_identity_claims_participant_id_participants'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_claims')),
        sa.UniqueConstraint('workshop_id', 'client_id', name=op.f('uq_identity_claims_workshop_id')),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f('ix_identity_claims_workshop_id'), 'identity_claims', ['workshop_id'])
    op.create_index(op.f('ix_identity_claims_participant_id'), 'identity_claims', ['participant_id'])


def downgrade():
    op.drop_index(op.f('ix_identity_claims_participant_id'), table_name='identity_claims')
    op.drop_index(op.f('ix_identity_claims_workshop_id'), table_name='identity_claims')
    op.drop_table('identity_claims')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('seen_at')
