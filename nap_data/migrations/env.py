"""Alembic environment: runs on the engine handed over by nap_data.store.upgrade."""

from alembic import context

from nap_data.models import Base

config = context.config


def run_migrations_online() -> None:
    engine = config.attributes.get("engine")
    if engine is None:
        from nap_data.store import make_engine

        engine = make_engine()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # A batch rebuild of a parent table fails with foreign keys on; and
            # the PRAGMA must be committed or Alembic's transaction never is.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=sqlite
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            bad = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if bad:
                raise RuntimeError(f"foreign key violations after migration: {bad[:5]}")


run_migrations_online()
