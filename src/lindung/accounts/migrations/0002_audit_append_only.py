"""Make the audit trail append-only in the database itself, not only in the ORM.

PostgreSQL refuses UPDATE and DELETE of audit rows with a row trigger (Django's ``flush``
uses TRUNCATE there, which row triggers do not see). SQLite has no TRUNCATE, so its
``flush`` deletes rows: the SQLite DELETE guard is lifted only while the maintenance table
``lindung_audit_maintenance`` holds an enabled row, which only the test suite sets around
its flushes. Nothing in the application writes that table.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION lindung_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'accounts_auditevent is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_auditevent_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION lindung_audit_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent;
DROP FUNCTION IF EXISTS lindung_audit_append_only();
"""

SQLITE_FORWARD = [
    "CREATE TABLE IF NOT EXISTS lindung_audit_maintenance (enabled INTEGER NOT NULL)",
    """
    CREATE TRIGGER IF NOT EXISTS accounts_auditevent_no_update
    BEFORE UPDATE ON accounts_auditevent
    BEGIN SELECT RAISE(ABORT, 'accounts_auditevent is append-only (UPDATE refused)'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS accounts_auditevent_no_delete
    BEFORE DELETE ON accounts_auditevent
    WHEN NOT EXISTS (SELECT 1 FROM lindung_audit_maintenance WHERE enabled = 1)
    BEGIN SELECT RAISE(ABORT, 'accounts_auditevent is append-only (DELETE refused)'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_update",
    "DROP TRIGGER IF EXISTS accounts_auditevent_no_delete",
    "DROP TABLE IF EXISTS lindung_audit_maintenance",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
