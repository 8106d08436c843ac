"""The store's Alembic environment and revisions (applied by ``teller.store.migrate``)."""
