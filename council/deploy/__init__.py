"""Running Council on real machines: `flask council check-deploy`, and backups.

    checks.py   what a production configuration needs, each finding with what to do about it
    backup.py   backup, restore and the restore drill (SQLite's online backup; pg_dump/pg_restore)
    cli.py      the commands
"""
