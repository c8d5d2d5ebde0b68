"""The migrations build exactly the schema the models describe, and can be undone."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

import tamas.audit
import tamas.crm.models
import tamas.org.models
import tamas.planning.records
import tamas.wallboard.targets  # noqa: F401  (the models add their tables to the one metadata)
from tamas.store.schema import metadata


def test_the_migrated_schema_is_the_models_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_every_table_of_the_models_is_created(engine: Engine) -> None:
    assert set(inspect(engine).get_table_names()) >= set(metadata.tables)
