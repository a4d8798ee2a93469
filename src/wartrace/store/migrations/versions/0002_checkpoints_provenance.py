"""signed checkpoints, import provenance, append-only custody on PostgreSQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 11:50:00

- `checkpoints`: each signed checkpoint of the custody chain (docs/EVIDENCE.md has the format).
- `provenance` on documents, incidents and reviews: "unverified import" when the row came from
  an export whose chain and signature could not be checked against a trusted key.
- PostgreSQL only: a trigger rejects UPDATE, DELETE and TRUNCATE on `custody` and
  `checkpoints`, so the application role can only append (SQLite has no roles to hold to it).
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

APPEND_ONLY = ("custody", "checkpoints")


def upgrade() -> None:
    op.create_table('checkpoints',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('head', sa.String(length=64), nullable=False),
    sa.Column('created', sa.String(length=40), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=False),
    sa.Column('signature', sa.String(length=128), nullable=False),
    sa.Column('timestamp_token', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('checkpoints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkpoints_seq'), ['seq'], unique=False)
    for table in ("documents", "incidents", "reviews"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('provenance', sa.String(length=40), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        _append_only_triggers()


def _append_only_triggers() -> None:
    op.execute("""CREATE OR REPLACE FUNCTION wartrace_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION 'wartrace: % is append-only (% refused)', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END; $$ LANGUAGE plpgsql""")
    for table in APPEND_ONLY:
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION wartrace_append_only()")
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION wartrace_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS wartrace_append_only()")
    for table in ("documents", "incidents", "reviews"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('provenance')
    with op.batch_alter_table('checkpoints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkpoints_seq'))
    op.drop_table('checkpoints')
