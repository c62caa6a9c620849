-- SQLite cannot add NOT NULL to a column: rebuild the table (https://sqlite.org/lang_altertable.html).
-- Strata turns foreign keys off around the migration and runs PRAGMA foreign_key_check before COMMIT.
CREATE TABLE notes_new (
    id         INTEGER PRIMARY KEY,
    author_id  INTEGER NOT NULL REFERENCES authors (id),
    body       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO notes_new SELECT id, author_id, coalesce(body, ''), created_at, updated_at FROM notes;
DROP TABLE notes;
ALTER TABLE notes_new RENAME TO notes;
CREATE INDEX notes_author_id_idx ON notes (author_id);
