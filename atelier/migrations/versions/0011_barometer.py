"""the client/colleague barometer: a workshop setting, its rounds, the answer sets

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 10:00:00

Every workshop has the barometer on (domain/barometer.py), those made
before this revision included. One already past the lobby has no day-0
round, so day 15 does not open by itself at its review (there is nothing
to compare with); one still in the lobby offers "Open the barometer" on
the facilitator's page.
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('barometer', sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_table(
        'barometer_rounds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('round', sa.String(length=10), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=True),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_barometer_rounds_workshop_id_workshops'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_barometer_rounds')),
        sa.UniqueConstraint('workshop_id', 'round', name=op.f('uq_barometer_rounds_workshop_id')),
    )
    op.create_table(
        'barometer_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('round', sa.String(length=10), nullable=False),
        sa.Column('answers', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_barometer_answers_workshop_id_workshops'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_barometer_answers_participant_id_participants'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_barometer_answers')),
        sa.UniqueConstraint('participant_id', 'round', name=op.f('uq_barometer_answers_participant_id')),
    )
    op.create_index(op.f('ix_barometer_answers_workshop_id'), 'barometer_answers', ['workshop_id'])


def downgrade():
    op.drop_index(op.f('ix_barometer_answers_workshop_id'), table_name='barometer_answers')
    op.drop_table('barometer_answers')
    op.drop_table('barometer_rounds')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('barometer')
