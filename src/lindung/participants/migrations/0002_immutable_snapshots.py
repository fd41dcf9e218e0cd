"""Make loaded snapshots immutable in the database itself, not only in the ORM.

Participant rows and snapshot counts are never updated; they are deleted only by the test
suite's flushes (PostgreSQL flushes with TRUNCATE, which row triggers do not see; SQLite
deletes rows, and its guard is lifted only while ``lindung_audit_maintenance`` holds an
enabled row, the table created for the audit trail). A snapshot row may change while it is
loading and never once it is loaded.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION lindung_snapshot_rows_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows of a participant snapshot cannot change (% refused)',
        TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION lindung_snapshot_loaded_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'loaded' THEN
        RAISE EXCEPTION 'a loaded participant snapshot cannot change (% refused)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER participants_participant_frozen
    BEFORE UPDATE OR DELETE ON participants_participant
    FOR EACH ROW EXECUTE FUNCTION lindung_snapshot_rows_frozen();
CREATE TRIGGER participants_snapshotstat_frozen
    BEFORE UPDATE OR DELETE ON participants_snapshotstat
    FOR EACH ROW EXECUTE FUNCTION lindung_snapshot_rows_frozen();
CREATE TRIGGER participants_snapshot_frozen
    BEFORE UPDATE OR DELETE ON participants_snapshot
    FOR EACH ROW EXECUTE FUNCTION lindung_snapshot_loaded_frozen();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS participants_participant_frozen ON participants_participant;
DROP TRIGGER IF EXISTS participants_snapshotstat_frozen ON participants_snapshotstat;
DROP TRIGGER IF EXISTS participants_snapshot_frozen ON participants_snapshot;
DROP FUNCTION IF EXISTS lindung_snapshot_rows_frozen();
DROP FUNCTION IF EXISTS lindung_snapshot_loaded_frozen();
"""

_MAINTENANCE = "NOT EXISTS (SELECT 1 FROM lindung_audit_maintenance WHERE enabled = 1)"
SQLITE_FORWARD = [
    *(
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} rows cannot change (UPDATE refused)'); END
        """
        for table in ("participants_participant", "participants_snapshotstat")
    ),
    *(
        f"""
        CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
        WHEN {_MAINTENANCE}
        BEGIN SELECT RAISE(ABORT, '{table} rows cannot change (DELETE refused)'); END
        """
        for table in ("participants_participant", "participants_snapshotstat")
    ),
    """
    CREATE TRIGGER IF NOT EXISTS participants_snapshot_no_update
    BEFORE UPDATE ON participants_snapshot WHEN OLD.status = 'loaded'
    BEGIN SELECT RAISE(ABORT, 'a loaded participant snapshot cannot change (UPDATE refused)'); END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS participants_snapshot_no_delete
    BEFORE DELETE ON participants_snapshot WHEN OLD.status = 'loaded' AND {_MAINTENANCE}
    BEGIN SELECT RAISE(ABORT, 'a loaded participant snapshot cannot change (DELETE refused)'); END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS participants_participant_no_update",
    "DROP TRIGGER IF EXISTS participants_snapshotstat_no_update",
    "DROP TRIGGER IF EXISTS participants_participant_no_delete",
    "DROP TRIGGER IF EXISTS participants_snapshotstat_no_delete",
    "DROP TRIGGER IF EXISTS participants_snapshot_no_update",
    "DROP TRIGGER IF EXISTS participants_snapshot_no_delete",
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
    dependencies = [
        ("participants", "0001_initial"),
        ("accounts", "0002_audit_append_only"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
