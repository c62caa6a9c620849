/// Renames and drops break the application code that is still running during a deploy.
struct RenameColumn: MigrationRule {
    static let description = RuleDescription(
        id: "rename-column", severity: .warning, category: .migration,
        summary: "RENAME COLUMN on an existing table",
        rationale: "During a deploy the old application version is still running and still uses the old name: every query that names it fails until the new version is everywhere. Add the new column, write both, backfill, switch reads, then drop the old one.",
        triggeringExamples: [RuleExample("↓ALTER TABLE users RENAME COLUMN name TO full_name;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, name text);")],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY, name text);\nALTER TABLE users RENAME COLUMN name TO full_name;"])

    func check(_ context: MigrationStatement) -> [Finding] {
        guard case .rename(let rename) = context.statement.kind, case .column(let tableName, let from) = rename.target,
              let table = context.existingTable(tableName) else { return [] }
        let lock = LockAnalysis.Lock(table: table.name, fact: LockFacts.renameColumn)
        return [Self.description.finding(
            "renaming \(table.name).\(from) to \(rename.newName) breaks code still using \(from); it \(MigrationWording.lockSentence(lock))",
            at: context.location, object: "\(table.name.schema).\(table.name.name).\(from)",
            fix: "ALTER TABLE \(table.name.sql) ADD COLUMN \(quoteIdentifierIfNeeded(rename.newName)) \(table.column(named: from)?.fullType ?? "text");\n-- write both, backfill, move reads, then drop \(quoteIdentifierIfNeeded(from)) in a later release")]
    }
}

struct RenameTable: MigrationRule {
    static let description = RuleDescription(
        id: "rename-table", severity: .warning, category: .migration,
        summary: "RENAME of an existing table",
        rationale: "Code that is still deployed queries the old name and fails the moment the rename commits. Rename behind a view, or create the new table and migrate in steps.",
        triggeringExamples: [RuleExample("↓ALTER TABLE users RENAME TO accounts;", setup: "CREATE TABLE users (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY);\nALTER TABLE users RENAME TO accounts;"])

    func check(_ context: MigrationStatement) -> [Finding] {
        guard case .rename(let rename) = context.statement.kind, case .table(let name) = rename.target,
              let table = context.existingTable(name) else { return [] }
        let lock = LockAnalysis.Lock(table: table.name, fact: LockFacts.renameTable)
        return [Self.description.finding(
            "renaming \(table.name) to \(rename.newName) breaks code still using the old name; it \(MigrationWording.lockSentence(lock))",
            at: context.location, object: "\(table.name.schema).\(table.name.name)",
            fix: "ALTER TABLE \(table.name.sql) RENAME TO \(quoteIdentifierIfNeeded(rename.newName));\nCREATE VIEW \(table.name.sql) AS SELECT * FROM \(QualifiedName(schema: table.name.schema, name: rename.newName).sql);  -- until every reader moved")]
    }
}

struct DropColumn: MigrationRule {
    static let description = RuleDescription(
        id: "drop-column", severity: .warning, category: .migration,
        summary: "DROP COLUMN on an existing table",
        rationale: "The data is gone for good, and code still deployed that reads or writes the column fails. Stop using the column in a release first; drop it in a later one.",
        triggeringExamples: [RuleExample("ALTER TABLE users ↓DROP COLUMN legacy_code;", setup: "CREATE TABLE users (id bigint PRIMARY KEY, legacy_code text);")],
        nonTriggeringExamples: ["CREATE TABLE users (id bigint PRIMARY KEY, legacy_code text);\nALTER TABLE users DROP COLUMN legacy_code;"])

    func check(_ context: MigrationStatement) -> [Finding] {
        guard let (table, commands) = context.alterCommandsOnExistingTable else { return [] }
        return commands.compactMap { command -> Finding? in
            guard case .dropColumn(let name, _, _) = command, table.columns.isEmpty || table.column(named: name) != nil else { return nil }
            return Self.description.finding(
                "dropping \(table.name).\(name) deletes its data and breaks code still using it; make sure no deployed release reads it",
                at: context.location(ofFirst: "drop"), object: "\(table.name.schema).\(table.name.name).\(name)")
        }
    }
}

struct DropTable: MigrationRule {
    static let description = RuleDescription(
        id: "drop-table", severity: .warning, category: .migration,
        summary: "DROP TABLE of an existing table",
        rationale: "Dropping a table deletes its data irreversibly (the down migration cannot bring rows back) and takes ACCESS EXCLUSIVE. Confirm nothing reads it and that a backup exists.",
        triggeringExamples: [RuleExample("↓DROP TABLE sessions;", setup: "CREATE TABLE sessions (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: ["CREATE TABLE scratch (id bigint PRIMARY KEY);\nDROP TABLE scratch;"])

    func check(_ context: MigrationStatement) -> [Finding] {
        guard case .drop(let drop) = context.statement.kind, drop.objectKind == .table else { return [] }
        return context.locks.map { lock in
            Self.description.finding("dropping \(lock.table) deletes its data for good; it \(MigrationWording.lockSentence(lock))",
                                     at: context.location, object: lock.table.description)
        }
    }
}

struct TruncateTable: MigrationRule {
    static let description = RuleDescription(
        id: "truncate-table", severity: .warning, category: .migration,
        summary: "TRUNCATE of an existing table",
        rationale: "TRUNCATE deletes every row, takes ACCESS EXCLUSIVE and, with CASCADE, empties every referencing table too. It does not belong in a schema migration.",
        triggeringExamples: [RuleExample("↓TRUNCATE sessions;", setup: "CREATE TABLE sessions (id bigint PRIMARY KEY);")],
        nonTriggeringExamples: ["CREATE TABLE scratch (id bigint PRIMARY KEY);\nTRUNCATE scratch;"])

    func check(_ context: MigrationStatement) -> [Finding] {
        guard case .truncate = context.statement.kind else { return [] }
        return context.locks.map { lock in
            Self.description.finding("TRUNCATE deletes every row of \(lock.table); it \(MigrationWording.lockSentence(lock))",
                                     at: context.location, object: lock.table.description)
        }
    }
}
