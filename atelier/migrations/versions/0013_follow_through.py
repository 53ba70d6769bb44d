"""follow-through: team members, teams kept apart, the library switch,
workshops started from another, ideas carried over, share links

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 09:00:00

Managers' free-text teams become memberships of team rows (made when no
workshop named them yet), and every account that owns a workshop of a
team leads that team, so that nobody loses sight of a workshop they had.
The workshops' ``team_key`` column goes: ``team_id`` replaces it.
"""
import unicodedata

from alembic import op
import sqlalchemy as sa

from atelier.domain.teams import match_key


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'team_members',
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('added_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['team_id'], ['teams.id'], name=op.f('fk_team_members_team_id_teams'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_team_members_user_id_users'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('team_id', 'user_id', name=op.f('pk_team_members')),
    )
    op.create_index(op.f('ix_team_members_user_id'), 'team_members', ['user_id'])
    op.create_table(
        'teams_kept_apart',
        sa.Column('first_id', sa.Integer(), nullable=False),
        sa.Column('second_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['first_id'], ['teams.id'], name=op.f('fk_teams_kept_apart_first_id_teams'),
            ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['second_id'], ['teams.id'], name=op.f('fk_teams_kept_apart_second_id_teams'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('first_id', 'second_id', name=op.f('pk_teams_kept_apart')),
    )
    op.create_table(
        'share_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['workshop_id'], ['workshops.id'], name=op.f('fk_share_links_workshop_id_workshops'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_share_links')),
        sa.UniqueConstraint('digest', name=op.f('uq_share_links_digest')),
    )
    op.create_index(op.f('ix_share_links_workshop_id'), 'share_links', ['workshop_id'])
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('in_library', sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column('source_workshop_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_workshops_source_workshop_id_workshops'), 'workshops',
            ['source_workshop_id'], ['id'], ondelete='SET NULL',
        )
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin_idea_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_ideas_origin_idea_id_ideas'), 'ideas', ['origin_idea_id'], ['id'],
            ondelete='SET NULL',
        )
    _memberships_from_managed_teams()
    op.drop_table('managed_teams')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_index('ix_workshops_team_key')
        batch_op.drop_column('team_key')


def _memberships_from_managed_teams():
    connection = op.get_bind()
    teams = sa.table(
        'teams', sa.column('id'), sa.column('name'), sa.column('key'), sa.column('created_at')
    )
    members = sa.table(
        'team_members', sa.column('team_id'), sa.column('user_id'), sa.column('added_at')
    )
    managed = sa.table('managed_teams', sa.column('user_id'), sa.column('team'))
    workshops = sa.table('workshops', sa.column('team_id'), sa.column('owner_id'))
    wanted = set()
    for user_id, name in connection.execute(sa.select(managed.c.user_id, managed.c.team)).all():
        key = match_key(name)
        if not key:
            continue
        team_id = connection.execute(sa.select(teams.c.id).where(teams.c.key == key)).scalar()
        if team_id is None:
            connection.execute(
                teams.insert().values(
                    name=' '.join(name.split()), key=key, created_at=sa.func.current_timestamp()
                )
            )
            team_id = connection.execute(
                sa.select(teams.c.id).where(teams.c.key == key)
            ).scalar_one()
        wanted.add((team_id, user_id))
    owners = sa.select(workshops.c.team_id, workshops.c.owner_id).where(
        workshops.c.team_id.is_not(None), workshops.c.owner_id.is_not(None)
    )
    wanted.update(tuple(row) for row in connection.execute(owners).all())
    for team_id, user_id in sorted(wanted):
        connection.execute(
            members.insert().values(
                team_id=team_id, user_id=user_id, added_at=sa.func.current_timestamp()
            )
        )


def _key_0012(team):
    """0012's team key (its domain/accounts.team_key), frozen here."""
    text = unicodedata.normalize('NFC', team or '')
    return ' '.join(text.split()).casefold()


def _managed_teams_from_memberships():
    """Back to 0012: workshops get their team key again, and each manager is
    given every spelling their teams' workshops use, so nobody loses sight."""
    connection = op.get_bind()
    workshops = sa.table(
        'workshops', sa.column('id'), sa.column('team'), sa.column('team_id'),
        sa.column('team_key'),
    )
    teams = sa.table('teams', sa.column('id'), sa.column('name'))
    members = sa.table('team_members', sa.column('team_id'), sa.column('user_id'))
    users = sa.table('users', sa.column('id'), sa.column('role'))
    managed = sa.table(
        'managed_teams', sa.column('user_id'), sa.column('team'), sa.column('team_key')
    )
    spellings = {}
    for wid, team, team_id in connection.execute(
        sa.select(workshops.c.id, workshops.c.team, workshops.c.team_id)
    ).all():
        key = _key_0012(team)[:120]
        connection.execute(
            workshops.update().where(workshops.c.id == wid).values(team_key=key)
        )
        if team_id is not None and key:
            spellings.setdefault(team_id, {}).setdefault(key, team)
    for team_id, name in connection.execute(sa.select(teams.c.id, teams.c.name)).all():
        key = _key_0012(name)[:120]
        if key:
            spellings.setdefault(team_id, {}).setdefault(key, name)
    given = connection.execute(
        sa.select(members.c.team_id, members.c.user_id)
        .join(users, users.c.id == members.c.user_id)
        .where(users.c.role == 'manager')
        .order_by(members.c.user_id, members.c.team_id)
    ).all()
    done = set()
    for team_id, user_id in given:
        for key, team in sorted(spellings.get(team_id, {}).items()):
            if (user_id, key) not in done:
                done.add((user_id, key))
                connection.execute(
                    managed.insert().values(user_id=user_id, team=team[:120], team_key=key)
                )


def downgrade():
    op.create_table(
        'managed_teams',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('team', sa.String(length=120), nullable=False),
        sa.Column('team_key', sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['users.id'], name=op.f('fk_managed_teams_user_id_users'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_managed_teams')),
        sa.UniqueConstraint('user_id', 'team_key', name=op.f('uq_managed_teams_user_id')),
    )
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('team_key', sa.String(length=120), server_default='', nullable=False)
        )
        batch_op.create_index('ix_workshops_team_key', ['team_key'])
        batch_op.drop_constraint(
            batch_op.f('fk_workshops_source_workshop_id_workshops'), type_='foreignkey'
        )
        batch_op.drop_column('source_workshop_id')
        batch_op.drop_column('in_library')
    _managed_teams_from_memberships()
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ideas_origin_idea_id_ideas'), type_='foreignkey')
        batch_op.drop_column('origin_idea_id')
    op.drop_index(op.f('ix_share_links_workshop_id'), table_name='share_links')
    op.drop_table('share_links')
    op.drop_table('teams_kept_apart')
    op.drop_index(op.f('ix_team_members_user_id'), table_name='team_members')
    op.drop_table('team_members')
