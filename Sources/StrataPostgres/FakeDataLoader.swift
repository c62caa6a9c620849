import Foundation
import NIOCore
import PostgresNIO
import StrataKit

/// `strata fake`: fills a database's tables with rows that satisfy its constraints, loaded with
/// COPY, parents before children, deterministic for a seed.
///
/// ```swift
/// let report = try await DatabaseConnection.with(.postgres(url: url)) { session in
///     try await FakeDataLoader.fill(session, counts: ["public.orders": 5_000_000], defaultCount: 1000, seed: 7)
/// }
/// ```
package enum FakeDataLoader {
    package struct TableReport: Sendable {
        package var table: String
        package var rows: Int
        /// Rows given up because no unique combination was left (a small key space).
        package var skipped: Int
        package var seconds: Double
        /// Why the table was left empty (a CHECK not understood that the server refused, a
        /// required parent left empty), nil when filled.
        package var refused: String?
    }

    package struct Report: Sendable {
        package var tables: [TableReport]
        /// CHECKs Strata does not understand: named, since rows may fail them.
        package var unsupportedChecks: [String]
        package var totalRows: Int { tables.reduce(0) { $0 + $1.rows } }
    }

    /// A COPY the server refused: the table and the server's reason (the constraint it names).
    package struct LoadFailure: StrataError {
        package var code: StrataErrorCode { .serverError }
        package var table: String
        package var message: String
        package var description: String { "error: rows for \(table) were refused: \(message)" }
    }

    /// `counts` by table name (`orders` or `app.orders`); other tables get `defaultCount`.
    package static func fill(_ session: DatabaseSession, counts: [String: Int], defaultCount: Int, seed: UInt64,
                            progress: @Sendable (TableReport) -> Void = { _ in }) async throws -> Report {
        let schema = try await CatalogReader(session: session).readSchema()
        var resolved: [QualifiedName: Int] = [:]
        for (name, count) in counts {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            let qualified = parts.count == 2 ? QualifiedName(schema: parts[0], name: parts[1]) : QualifiedName(schema: "public", name: name)
            guard schema.tables[qualified] != nil else { throw FakeDataPlan.PlanError(message: "--table \(name): no such table in the database") }
            resolved[qualified] = count
        }
        let plan = try FakeDataPlan.plan(schema: schema, counts: resolved, defaultCount: defaultCount)
        // One transaction, as pg_restore loads: foreign keys and plain indexes are dropped, the
        // rows copied, then the indexes built and the keys added back, which checks every row
        // against its parent in one pass instead of one trigger call a row. A key that does not
        // hold fails the whole fill and leaves the database as it was.
        try await session.execute("BEGIN")
        do {
            let result = try await fill(session, plan: plan, seed: seed, progress: progress)
            try await session.execute("COMMIT")
            return result
        } catch {
            try? await session.execute("ROLLBACK")
            throw error
        }
    }

    static func fill(_ session: DatabaseSession, plan: FakeDataPlan, seed: UInt64,
                     progress: @Sendable (TableReport) -> Void) async throws -> Report {
        var foreignKeys: [(table: String, name: String, definition: String)] = []
        try await session.forEachRow("""
            SELECT conrelid::regclass::text, quote_ident(conname)::text, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND conparentid = 0 AND connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
            ORDER BY 1, 2
            """) { row in
            let (table, name, definition) = try row.decode((String, String, String).self)
            foreignKeys.append((table, name, definition))
        }
        for key in foreignKeys { try await session.execute("ALTER TABLE \(key.table) DROP CONSTRAINT \(key.name)") }
        // Indexes that enforce nothing are built after the rows, as pg_restore does: one sorted
        // build instead of a random insert a row. Unique keys and indexes stay, so that a table
        // whose rows a unique index refuses is refused alone (see the savepoint below).
        var deferredIndexes: [(name: String, definition: String)] = []
        try await session.forEachRow("""
            SELECT quote_ident(n.nspname) || '.' || quote_ident(i.relname), pg_get_indexdef(x.indexrelid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
            WHERE NOT x.indisunique AND NOT x.indisprimary AND NOT x.indisexclusion
              AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = x.indexrelid)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
              AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
            ORDER BY 1
            """) { row in
            let (name, definition) = try row.decode((String, String).self)
            deferredIndexes.append((name, definition))
        }
        for index in deferredIndexes { try await session.execute("DROP INDEX \(index.name)") }
        var reports: [TableReport] = []
        var keyCache: [String: [[String]]] = [:]
        for table in plan.tables where table.count > 0 {
            let start = ContinuousClock.now
            var parents: [String: [[String]]] = [:]
            for key in table.foreignKeys {
                let target = FakeRowWriter.target(of: key)
                if keyCache[target] == nil { keyCache[target] = try await keys(of: key, session: session) }
                parents[target] = keyCache[target]
            }
            if table.hasNoPartition {
                let report = TableReport(table: table.table.name.description, rows: 0, skipped: table.count, seconds: 0,
                                         refused: "partitioned, with no partition to hold a row")
                progress(report)
                reports.append(report)
                continue
            }
            if let empty = table.foreignKeys.first(where: { key in
                parents[FakeRowWriter.target(of: key)]?.isEmpty != false && key.columns.contains { table.table.column(named: $0)?.isNotNull == true }
            }) {
                let report = TableReport(table: table.table.name.description, rows: 0, skipped: table.count, seconds: 0,
                                         refused: "\(empty.referencedTable) has no rows for \(empty.name) to reference")
                progress(report)
                reports.append(report)
                continue
            }
            var writer = FakeRowWriter(plan: table, parentKeys: parents, seed: seed)
            // PostgresNIO writes `COPY "<table>"("<column>", ...)`: names go in with their quotes
            // doubled, and the schema joins the table name across a closing and opening quote.
            func inner(_ name: String) -> String { name.replacingOccurrences(of: "\"", with: "\"\"") }
            let columns = table.columns.map { inner($0.name) }
            let qualifiedTable = inner(table.table.name.schema) + "\".\"" + inner(table.table.name.name)
            let batch = 20_000
            var written = 0
            try await session.execute("SAVEPOINT strata_fake_table")
            do {
                try await session.connection.copyFrom(table: qualifiedTable, columns: columns, logger: session.logger) { copy in
                    // The next batch is generated while the last one is sent and inserted: the
                    // generator and the server work at once instead of taking turns.
                    var rows = 0..<min(table.count, batch)
                    var bytes = try writer.copyText(rows: rows)
                    while true {
                        let buffer = ByteBuffer(bytes: bytes)
                        async let sent: Void = copy.write(buffer)
                        written += rows.count
                        let next = rows.upperBound..<min(table.count, rows.upperBound + batch)
                        let following = next.isEmpty ? nil : try writer.copyText(rows: next)
                        try await sent
                        guard let following else { break }
                        rows = next
                        bytes = following
                    }
                }
            } catch let error as FakeDataPlan.PlanError {
                throw error
            } catch {
                let failure = DatabaseError(error, settings: session.settings, connecting: false)
                // The server refused the rows (a CHECK Strata does not understand, keys that a
                // partition cannot hold): that table stays empty, named with the server's reason,
                // and the rest is filled. A lost connection stops everything.
                guard failure.kind == .server else { throw LoadFailure(table: table.table.name.description, message: Self.reason(failure)) }
                try await session.execute("ROLLBACK TO SAVEPOINT strata_fake_table")
                let reason = Self.reason(failure)
                let report = TableReport(table: table.table.name.description, rows: 0, skipped: table.count, seconds: 0, refused: reason)
                progress(report)
                reports.append(report)
                continue
            }
            let elapsed = ContinuousClock.now - start
            let report = TableReport(table: table.table.name.description, rows: written - writer.skipped, skipped: writer.skipped,
                                     seconds: Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
            progress(report)
            reports.append(report)
        }
        // Keys left NULL to break a cycle or a self-reference: pointed at existing rows now.
        for table in plan.tables {
            for key in table.deferred where key.columns.count == 1 && key.referencedColumns.count == 1 {
                let child = table.table.name.sql, column = quoteIdentifierIfNeeded(key.columns[0])
                let parent = key.referencedTable.sql, referenced = quoteIdentifierIfNeeded(key.referencedColumns[0])
                do {
                    try await session.execute("""
                        UPDATE \(child) AS c SET \(column) = p.k
                        FROM (SELECT k, (row_number() OVER (ORDER BY k)) - 1 AS n FROM (SELECT DISTINCT \(referenced) AS k FROM \(parent)) s) p,
                             (SELECT count(DISTINCT \(referenced)) AS total FROM \(parent)) t
                        WHERE t.total > 0 AND p.n = abs(hashtext(c.ctid::text)) % t.total AND abs(hashtext(c.ctid::text)) % 3 <> 0
                        """)
                } catch {
                    throw LoadFailure(table: table.table.name.description, message: Self.reason(error))
                }
            }
        }
        try await session.execute("SET LOCAL maintenance_work_mem = '256MB'")
        // pg_get_indexdef writes a partitioned table's index `ON ONLY` the parent: built without
        // ONLY, it is built on every partition too, as it was.
        for index in deferredIndexes { try await session.execute(index.definition.replacingOccurrences(of: " ON ONLY ", with: " ON ")) }
        for key in foreignKeys {
            do {
                try await session.execute("ALTER TABLE \(key.table) ADD CONSTRAINT \(key.name) \(key.definition)")
            } catch {
                throw LoadFailure(table: key.table, message: "foreign key \(key.name) does not hold for the generated rows: \(Self.reason(error))")
            }
        }
        try await session.execute("ANALYZE")
        return Report(tables: reports, unsupportedChecks: plan.unsupportedChecks)
    }

    static func reason(_ error: DatabaseError) -> String {
        error.message + (error.constraint.map { " (constraint \($0))" } ?? "")
    }

    /// The referenced columns of every row of the parent, as text.
    static func keys(of key: ForeignKey, session: DatabaseSession) async throws -> [[String]] {
        let columns = key.referencedColumns.map { "\(quoteIdentifierIfNeeded($0))::text" }.joined(separator: " || chr(31) || ")
        var result: [[String]] = []
        try await session.forEachRow(PostgresQuery(unsafeSQL: "SELECT \(columns) FROM \(key.referencedTable.sql) LIMIT 2000000")) { row in
            if let text = try row.decode(String?.self, context: .default) {
                result.append(text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init))
            }
        }
        return result
    }
}
