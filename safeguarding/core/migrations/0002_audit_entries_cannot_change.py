"""The database itself refuses to change audit entries.

Updates are refused on both databases. Deletes are refused on PostgreSQL; a whole-table
TRUNCATE (how a test database is emptied) is still allowed. SQLite empties test tables
with DELETE, so there the model and its queryset refuse deletes instead.
"""

from django.db import migrations

POSTGRESQL_FORWARD = """
CREATE OR REPLACE FUNCTION core_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Audit entries cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_change();
CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_change();
"""
POSTGRESQL_BACKWARD = """
DROP TRIGGER IF EXISTS core_auditentry_no_update ON core_auditentry;
DROP TRIGGER IF EXISTS core_auditentry_no_delete ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_refuse_change();
"""
SQLITE_FORWARD = """
CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry
BEGIN
    SELECT RAISE(ABORT, 'Audit entries cannot be changed or deleted');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS core_auditentry_no_update;"


def forward(apps, schema_editor):
    sql = {"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}.get(
        schema_editor.connection.vendor
    )
    if sql:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    sql = {"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(
        schema_editor.connection.vendor
    )
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
