"""teams as rows: every workshop's free-text team becomes a team

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 10:00:00

Workshops whose team names differ only in case, accents or spacing end up in
one team, named by the spelling most of them used (domain/teams.py
plan_merge); names that are only close stay apart, for an administrator to
settle. Every workshop keeps its typed ``team`` as it was.
"""
from alembic import op
import sqlalchemy as sa

from atelier.domain.teams import match_key, plan_merge


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'teams',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('key', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
        sa.UniqueConstraint('key', name=op.f('uq_teams_key')),
    )
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_workshops_team_id'), ['team_id'])
        batch_op.create_foreign_key(
            batch_op.f('fk_workshops_team_id_teams'), 'teams', ['team_id'], ['id'],
            ondelete='SET NULL',
        )
    _teams_from_free_text()


def _teams_from_free_text():
    connection = op.get_bind()
    workshops = sa.table('workshops', sa.column('id'), sa.column('team'), sa.column('team_id'))
    teams = sa.table(
        'teams', sa.column('id'), sa.column('name'), sa.column('key'), sa.column('created_at')
    )
    rows = connection.execute(sa.select(workshops.c.id, workshops.c.team)).all()
    plan = plan_merge(team for _, team in rows)
    for group in plan.groups:
        key = match_key(group.name)
        connection.execute(
            teams.insert().values(name=group.name, key=key, created_at=sa.func.current_timestamp())
        )
        team_id = connection.execute(sa.select(teams.c.id).where(teams.c.key == key)).scalar_one()
        ids = [wid for wid, team in rows if team and match_key(team) == key]
        connection.execute(
            workshops.update().where(workshops.c.id.in_(ids)).values(team_id=team_id)
        )


def downgrade():
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_workshops_team_id_teams'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_workshops_team_id'))
        batch_op.drop_column('team_id')
    op.drop_table('teams')
