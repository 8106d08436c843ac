"""Alembic environment for the teller store, run by ``teller.store.migrate`` (never by the
``alembic`` command: there is no alembic.ini; the connection comes in ``config.attributes``)."""

from alembic import context

from teller.store.migrate import autogenerate_includes, record_version
from teller.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("teller's migrations run on a live connection through teller.store.migrate "
                       "(`teller db upgrade`), not through the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,  # for `teller db revision --autogenerate`
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table instead
    compare_type=True,
    include_object=autogenerate_includes,
    on_version_apply=record_version,
)
with context.begin_transaction():
    context.run_migrations()
