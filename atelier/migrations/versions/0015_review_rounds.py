"""review rounds: a longer experiment reviews its extended ideas again

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 00:00:00

Every report and decision so far belongs to round 1 (the first review);
a report is unique per person, idea and round, a decision per idea and round.
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'review_rounds',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('previous_review_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['workshop_id'], ['workshops.id'], name=op.f('fk_review_rounds_workshop_id_workshops'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_review_rounds')),
        sa.UniqueConstraint('workshop_id', 'number', name=op.f('uq_review_rounds_workshop_id')),
    )
    op.create_index(op.f('ix_review_rounds_workshop_id'), 'review_rounds', ['workshop_id'])
    op.create_table(
        'round_ideas',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('round', sa.Integer(), nullable=False),
        sa.Column('idea_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['workshop_id'], ['workshops.id'], name=op.f('fk_round_ideas_workshop_id_workshops'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['idea_id'], ['ideas.id'], name=op.f('fk_round_ideas_idea_id_ideas'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_round_ideas')),
        sa.UniqueConstraint(
            'workshop_id', 'round', 'idea_id', name=op.f('uq_round_ideas_workshop_id')
        ),
    )
    op.create_index(op.f('ix_round_ideas_idea_id'), 'round_ideas', ['idea_id'])
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('review_round', sa.Integer(), server_default='1', nullable=False)
        )
        batch_op.add_column(
            sa.Column('calendar_sequence', sa.Integer(), server_default='0', nullable=False)
        )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round', sa.Integer(), server_default='1', nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_reports_participant_id'), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_reports_participant_id'), ['participant_id', 'idea_id', 'round']
        )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round', sa.Integer(), server_default='1', nullable=False))
        batch_op.drop_constraint(batch_op.f('uq_decisions_idea_id'), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_decisions_idea_id'), ['idea_id', 'round']
        )


def downgrade():
    # Later rounds have no place in the older schema: only round 1 stays.
    op.execute("DELETE FROM decisions WHERE round <> 1")
    op.execute("DELETE FROM reports WHERE round <> 1")
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_decisions_idea_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_decisions_idea_id'), ['idea_id'])
        batch_op.drop_column('round')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_reports_participant_id'), type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_reports_participant_id'), ['participant_id', 'idea_id']
        )
        batch_op.drop_column('round')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('calendar_sequence')
        batch_op.drop_column('review_round')
    op.drop_index(op.f('ix_round_ideas_idea_id'), table_name='round_ideas')
    op.drop_table('round_ideas')
    op.drop_index(op.f('ix_review_rounds_workshop_id'), table_name='review_rounds')
    op.drop_table('review_rounds')
