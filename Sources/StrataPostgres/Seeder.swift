import Foundation
import PostgresNIO
import StrataKit

/// `strata seed`: an environment's reference rows applied as upserts, in foreign-key order, in
/// one transaction under an advisory lock (two deploys at once apply once), each row written only
/// when it differs, so that a second run writes nothing. Any error (a value the column refuses, a
/// missing parent, a row `--prune` cannot delete) rolls everything back and names the seed file's
/// line and column.
///
/// ```swift
/// let files = try Seeder.files(folder: "seeds", environment: "production")
/// let report = try await Seeder.seed(files, on: session)
/// ```
package enum Seeder {
    /// A `.sql` seed file: run as written, once per checksum (again only when it changes), after
    /// the tables' rows, like a repeatable migration.
    package struct Script: Sendable {
        package var path: String
        package var text: String
        package var checksum: String

        package init(path: String, text: String) {
            self.path = path
            self.text = text
            self.checksum = MigrationChecksum.of(text)
        }
    }

    /// The `.sql` files of `<folder>/common/` then `<folder>/<environment>/`, in name order.
    package static func scripts(folder: String, environment: String) throws -> [Script] {
        var scripts: [Script] = []
        for part in ["common", environment] {
            let directory = folder.appendingPathComponent(part)
            guard FileSystem.isDirectory(directory) == true else { continue }
            for name in try FileSystem.contentsOfDirectory(directory).sorted() where name.hasSuffix(".sql") {
                let path = directory.appendingPathComponent(name)
                scripts.append(Script(path: path, text: try SchemaLoader.read(path)))
            }
        }
        return scripts
    }

    /// Where the files are: `<folder>/common/` then `<folder>/<environment>/`.
    package static func files(folder: String, environment: String) throws -> [SeedFile] {
        var files: [SeedFile] = []
        var found = false
        for part in ["common", environment] {
            let directory = folder.appendingPathComponent(part)
            guard FileSystem.isDirectory(directory) == true else { continue }
            found = true
            let names = try FileSystem.contentsOfDirectory(directory).sorted()
            for name in names where [".csv", ".yml", ".yaml"].contains(where: { name.hasSuffix($0) }) {
                let path = directory.appendingPathComponent(name)
                files.append(try SeedFile.read(path: path, text: try SchemaLoader.read(path)))
            }
        }
        guard found else {
            throw InputError(path: folder, message: "no seed folders here: expected \(folder)/common/ or \(folder)/\(environment)/", code: .missingMigrationsFolder)
        }
        return files
    }

    /// A row as a check reports it.
    package struct Change: Sendable, Equatable {
        package enum Kind: String, Sendable { case added, changed, unlisted }
        package var kind: Kind
        /// `code=pro`
        package var key: String
        /// Changed columns: (column, old, new), as JSON text of each value.
        package var columns: [Column]

        package struct Column: Sendable, Equatable {
            package var name: String
            package var old: String
            package var new: String
        }
    }

    package struct TableOutcome: Sendable {
        package var table: QualifiedName
        package var inserted = 0
        package var updated = 0
        package var unchanged = 0
        /// Rows of the table the seeds do not list.
        package var unlisted = 0
        package var pruned = 0
        /// With `check`: what applying would change.
        package var changes: [Change] = []
    }

    package struct Report: Sendable {
        package var tables: [TableOutcome] = []
        /// SQL seed files run (with `check`: that would run) because they are new or changed.
        package var scripts: [String] = []
        /// Nothing was written: a check.
        package var checked = false
        package var drift: Bool { tables.contains { !$0.changes.isEmpty } || !scripts.isEmpty }
    }

    /// Rows written per statement.
    static let batch = 500
    /// `pg_advisory_xact_lock` key of seeding: one seeding at a time per database.
    static let lockKey: Int64 = 0x5354_5241_5441_5345   // "STRATASE"
    package static let historyTable = "strata_seeds"

    /// Plans `files` against the database's own schema and applies them (or, with `check`,
    /// reports what applying would change and leaves everything as it was).
    package static func seed(_ files: [SeedFile], scripts: [Script] = [], on session: DatabaseSession, check: Bool = false,
                             prune: Bool = false) async throws -> Report {
        let schema = try await CatalogReader(session: session).readSchema()
        let plan = try SeedPlan.plan(files: files, schema: schema)
        try await session.execute("BEGIN")
        do {
            try await session.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
            var report = Report(checked: check)
            for (number, step) in plan.steps.enumerated() {
                report.tables.append(try await apply(step, number: number, on: session, check: check, prune: prune))
            }
            try await session.execute(createHistory)
            for script in scripts {
                let applied = try await session.firstText("SELECT checksum FROM \(history) WHERE file = \(quoteLiteral(script.path))")
                guard applied != script.checksum else { continue }
                report.scripts.append(script.path)
                if check { continue }
                _ = try await ScriptRunner.run(PostgresParser.parse(path: script.path, text: script.text), on: session, insideTransaction: true)
                try await record(path: script.path, checksum: script.checksum, on: session)
            }
            if check {
                try await session.execute("ROLLBACK")
            } else {
                try await recordHistory(plan, on: session)
                try await session.execute("COMMIT")
            }
            return report
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
    }

    static func apply(_ step: SeedPlan.Step, number: Int, on session: DatabaseSession, check: Bool, prune: Bool) async throws -> TableOutcome {
        var outcome = TableOutcome(table: step.table.name)
        let before = quoteIdentifier("strata_seed_before_\(number)")
        if check {
            try await session.execute("CREATE TEMP TABLE \(before) ON COMMIT DROP AS SELECT * FROM \(step.table.name.sql)")
        }
        // References by natural key become the parents' ids, read once (the parents were written
        // earlier in this transaction); one that names no parent row is an error at its value.
        var resolved: [String: [String: String]] = [:]
        for column in step.columns {
            guard let reference = column.reference else { continue }
            if reference.isSelf {
                if let sql = step.missingParents(column), let found = try await session.firstText(sql), let position = Int(found) {
                    let value = step.rows[position].values[column.fileName]!
                    throw SeedError(location: value.location, message: "no \(reference.table) row has \(reference.key) = \(quoteLiteral(value.text ?? ""))")
                }
                continue
            }
            var ids: [String: String] = [:]
            try await session.forEachRow(PostgresQuery(unsafeSQL: "SELECT \(quoteIdentifier(reference.key))::text, \(quoteIdentifier(reference.target))::text FROM \(reference.table.sql) WHERE \(quoteIdentifier(reference.key)) IS NOT NULL")) { row in
                let (key, id) = try row.decode((String, String).self, context: .default)
                ids[key] = id
            }
            for row in step.rows {
                guard let value = row.values[column.fileName], let text = value.text, ids[text] == nil else { continue }
                throw SeedError(location: value.location, message: "no \(reference.table) row has \(reference.key) = \(quoteLiteral(text))")
            }
            resolved[column.name] = ids
        }
        // Only the rows that differ are written: a second run is one read a table. The rows go as
        // one text array a column (bound, not parsed as SQL), and the same join counts the rows
        // the seeds do not list.
        var differing: Set<Int> = []
        var unlistedCount: Int?
        do {
            try await session.execute("SAVEPOINT strata_seed_batch")
            if let query = comparison(step, resolved: resolved) {
                try await session.forEachRow(query) { row in
                    let position = try row.decode(Int32?.self, context: .default)
                    if let position { differing.insert(Int(position)) } else { unlistedCount = (unlistedCount ?? 0) + 1 }
                }
                unlistedCount = unlistedCount ?? 0
            } else {
                try await session.forEachRow(PostgresQuery(unsafeSQL: step.differing(resolved: resolved))) { row in
                    if let position = Int(try row.decode(String.self, context: .default)) { differing.insert(position) }
                }
            }
            try await session.execute("RELEASE SAVEPOINT strata_seed_batch")
        } catch {
            // A value the column refuses fails the comparison already: found row by row below.
            try await session.execute("ROLLBACK TO SAVEPOINT strata_seed_batch")
            differing = Set(step.rows.indices)
        }
        for rows in step.batches(of: batch, only: differing) {
            // A savepoint per statement: a failing one is undone alone, to find its row.
            try await session.execute("SAVEPOINT strata_seed_batch")
            do {
                try await session.forEachRow(PostgresQuery(unsafeSQL: step.upsert(rows, resolved: resolved) + "\nRETURNING (xmax = 0)")) { row in
                    if try row.decode(Bool.self, context: .default) { outcome.inserted += 1 } else { outcome.updated += 1 }
                }
            } catch {
                try await session.execute("ROLLBACK TO SAVEPOINT strata_seed_batch")
                throw try await locate(error, in: rows, of: step, resolved: resolved, on: session)
            }
            try await session.execute("RELEASE SAVEPOINT strata_seed_batch")
        }
        outcome.unchanged = step.rows.count - outcome.inserted - outcome.updated
        let unlisted = "FROM \(step.table.name.sql) AS existing WHERE \(step.unlistedCondition(resolved: resolved))"
        // Rows the upserts added are listed, so the count before them stands.
        if let unlistedCount {
            outcome.unlisted = unlistedCount
        } else {
            outcome.unlisted = Int(try await session.firstText("SELECT count(*)::text \(unlisted)") ?? "0") ?? 0
        }
        if prune, outcome.unlisted > 0 {
            do {
                try await session.execute("DELETE \(unlisted)")
                outcome.pruned = outcome.unlisted
                outcome.unlisted = 0
            } catch {
                throw SeedError(location: SourceLocation(file: step.files.last!.path, line: 1, column: 1),
                                message: "--prune cannot delete the rows of \(step.table.name) the seeds no longer list: \(error.message)")
            }
        }
        if check { outcome.changes = try await changes(step, before: before, resolved: resolved, on: session) }
        return outcome
    }

    /// The rows that differ from the table (by position) and, as NULL positions, the table's rows
    /// the seeds do not list: a full join of the table with the rows bound as text arrays. Nil
    /// for a self-referencing table, whose references are resolved row by row.
    static func comparison(_ step: SeedPlan.Step, resolved: [String: [String: String]]) -> PostgresQuery? {
        guard !step.columns.contains(where: { $0.reference?.isSelf == true }) else { return nil }
        var binds = PostgresBindings()
        binds.append(Array(Int32(0)..<Int32(step.rows.count)))
        // PostgresNIO binds no array of optionals: each column is its texts and a NULL flag array.
        for column in step.columns {
            let values: [String?] = step.rows.map { row in
                guard let text = row.values[column.fileName]?.text else { return nil }
                return column.reference == nil ? text : resolved[column.name]?[text]
            }
            binds.append(values.map { $0 ?? "" })
            binds.append(values.map { $0 == nil })
        }
        let arrays = (["$1::int4[]"] + step.columns.indices.flatMap { ["$\(2 * $0 + 2)::text[]", "$\(2 * $0 + 3)::bool[]"] }).joined(separator: ", ")
        let names = (["position"] + step.columns.indices.flatMap { ["c\($0)", "n\($0)"] }).joined(separator: ", ")
        let typed = (["raw.position"] + step.columns.enumerated().map {
            "CASE WHEN raw.n\($0.offset) THEN NULL ELSE raw.c\($0.offset)::\($0.element.type) END AS c\($0.offset)"
        }).joined(separator: ", ")
        let keyMatch = step.key.map { name -> String in
            "existing.\(quoteIdentifier(name)) = listed.c\(step.columns.firstIndex { $0.name == name }!)"
        }.joined(separator: " AND ")
        let compared = step.columns.indices.filter { !step.key.contains(step.columns[$0].name) }
        var sql = """
            SELECT listed.position FROM (SELECT \(typed) FROM unnest(\(arrays)) AS raw(\(names))) AS listed
            FULL JOIN \(step.table.name.sql) AS existing ON \(keyMatch)
            WHERE listed.position IS NULL OR existing.\(quoteIdentifier(step.key[0])) IS NULL
            """
        if !compared.isEmpty {
            sql += "\n  OR (" + compared.map { "existing.\(quoteIdentifier(step.columns[$0].name))" }.joined(separator: ", ") + ") IS DISTINCT FROM ("
                + compared.map { "listed.c\($0)" }.joined(separator: ", ") + ")"
        }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// The batch's failing row and column: each row alone (under a savepoint), then each of its
    /// values cast alone.
    static func locate(_ error: DatabaseError, in rows: ArraySlice<SeedFile.Row>, of step: SeedPlan.Step, resolved: [String: [String: String]],
                       on session: DatabaseSession) async throws -> Error {
        try await session.execute("SAVEPOINT strata_seed_probe")
        for row in rows {
            do {
                try await session.execute(step.upsert([row][...], resolved: resolved))
                try await session.execute("ROLLBACK TO SAVEPOINT strata_seed_probe")
            } catch {
                try await session.execute("ROLLBACK TO SAVEPOINT strata_seed_probe")
                for column in step.columns where column.reference == nil {
                    guard let value = row.values[column.fileName], value.text != nil else { continue }
                    do {
                        try await session.execute("SELECT \(step.value(column, in: row))")
                    } catch {
                        try await session.execute("ROLLBACK TO SAVEPOINT strata_seed_probe")
                        return SeedError(location: value.location, message: "\(column.name) (\(column.type)): \(error.message)")
                    }
                }
                return SeedError(location: row.location, message: "\(step.table.name): \(error.message)")
            }
        }
        return SeedError(location: rows.first?.location ?? SourceLocation(file: step.files[0].path, line: 1, column: 1), message: "\(step.table.name): \(error.message)")
    }

    /// What the upserts changed, row by row: added, changed (old and new per column), and rows
    /// the seeds do not list.
    static func changes(_ step: SeedPlan.Step, before: String, resolved: [String: [String: String]], on session: DatabaseSession) async throws -> [Change] {
        let join = step.key.map { "b.\(quoteIdentifier($0)) = a.\(quoteIdentifier($0))" }.joined(separator: " AND ")
        let sql = """
            SELECT coalesce(to_jsonb(b)::text, ''), coalesce(to_jsonb(a)::text, '')
            FROM \(before) AS b FULL JOIN \(step.table.name.sql) AS a ON \(join)
            WHERE to_jsonb(b) IS DISTINCT FROM to_jsonb(a)
            ORDER BY 2, 1
            """
        var pairs: [(String, String)] = []
        try await session.forEachRow(PostgresQuery(unsafeSQL: sql)) { row in
            pairs.append(try row.decode((String, String).self, context: .default))
        }
        var result: [Change] = []
        for (old, new) in pairs {
            let oldRow = object(old), newRow = object(new)
            let keyed = newRow ?? oldRow ?? [:]
            let key = step.key.map { "\($0)=\(keyed[$0].map(text) ?? "NULL")" }.joined(separator: ", ")
            guard let oldRow else { result.append(Change(kind: .added, key: key, columns: [])); continue }
            guard let newRow else { result.append(Change(kind: .unlisted, key: key, columns: [])); continue }
            let names = Set(oldRow.keys).union(newRow.keys).sorted()
            let columns = names.compactMap { name -> Change.Column? in
                let left = oldRow[name].map(text) ?? "null", right = newRow[name].map(text) ?? "null"
                return left == right ? nil : Change.Column(name: name, old: left, new: right)
            }
            result.append(Change(kind: .changed, key: key, columns: columns))
        }
        // Rows the seeds do not list are in both snapshots, unchanged: list them too.
        let unlisted = "SELECT to_jsonb(existing)::text FROM \(step.table.name.sql) AS existing WHERE \(step.unlistedCondition(resolved: resolved)) ORDER BY 1 LIMIT 50"
        try await session.forEachRow(PostgresQuery(unsafeSQL: unlisted)) { row in
            let json = object(try row.decode(String.self, context: .default)) ?? [:]
            result.append(Change(kind: .unlisted, key: step.key.map { "\($0)=\(json[$0].map(text) ?? "NULL")" }.joined(separator: ", "), columns: []))
        }
        return result
    }

    static func object(_ json: String) -> [String: Any]? {
        guard !json.isEmpty else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }

    static func text(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if let string = value as? String { return string }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }

    static var history: String { "public.\(quoteIdentifier(historyTable))" }
    static var createHistory: String {
        "CREATE TABLE IF NOT EXISTS \(history) (file text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
    }

    /// Each file's checksum and when it was applied.
    static func recordHistory(_ plan: SeedPlan, on session: DatabaseSession) async throws {
        for step in plan.steps {
            for file in step.files { try await record(path: file.path, checksum: file.checksum, on: session) }
        }
    }

    static func record(path: String, checksum: String, on session: DatabaseSession) async throws {
        try await session.execute("""
            INSERT INTO \(history) AS existing (file, checksum) VALUES (\(quoteLiteral(path)), \(quoteLiteral(checksum)))
            ON CONFLICT (file) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now() WHERE existing.checksum IS DISTINCT FROM EXCLUDED.checksum
            """)
    }
}
