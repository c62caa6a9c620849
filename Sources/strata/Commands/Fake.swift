import ArgumentParser
import Foundation
import StrataKit
import StrataPostgres

/// `strata fake`: rows that satisfy every constraint, for any schema.
struct Fake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fill a database's tables with rows that satisfy its keys, foreign keys, CHECKs and enums (loaded with COPY).",
        discussion: """
            Parents are filled before their children; foreign keys point at existing rows, some parents with many children. \
            Values look like their column names (email, name, phone, created_at in the past and before updated_at). \
            The same --seed gives the same rows. A CHECK Strata cannot satisfy is named on stderr, never silently violated: \
            the server refuses such rows and the error names the constraint. Exit codes: 0 filled, 2 errors.
            """
    )

    @Option(help: "postgres://... or ephemeral (default: DATABASE_URL and the PG* variables).")
    var database: String?

    @Option(parsing: .upToNextOption, help: "With --database ephemeral: SQL files (the schema) to load into the throwaway cluster first.")
    var load: [String] = []

    @Option(help: "Rows for every table not named by --table.")
    var rows: String = "1000"

    @Option(name: .customLong("table"), help: "Rows of one table: --table orders=5000000 (repeatable; k and M suffixes).")
    var tables: [String] = []

    @Option(help: "The seed: the same seed gives the same rows.")
    var seed: UInt64 = 1

    static func count(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let last = trimmed.last, let factor = ["k": 1_000, "K": 1_000, "M": 1_000_000][String(last)], let value = Double(trimmed.dropLast()) { return Int(value * Double(factor)) }
        return Int(trimmed)
    }

    func validate() throws {
        guard Self.count(rows) != nil else { throw ValidationError("--rows takes a count: 1000, 50k, 2M") }
        for table in tables {
            let parts = table.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, Self.count(String(parts[1])) != nil else { throw ValidationError("--table takes name=count, e.g. orders=5000000") }
        }
    }

    func run() async throws {
        var counts: [String: Int] = [:]
        for table in tables {
            let parts = table.split(separator: "=", maxSplits: 1).map(String.init)
            counts[parts[0]] = Self.count(parts[1])
        }
        let target = DatabaseTarget(database)
        let report = try await DatabaseConnection.with(target) { session in
            try await EphemeralWorkspace.prepare(session, target: target, load: load)
            return try await FakeDataLoader.fill(session, counts: counts, defaultCount: Self.count(rows) ?? 1000, seed: seed) { table in
                if let refused = table.refused { Console.error("warning: \(table.table) left empty: \(refused)"); return }
                let rate = table.seconds > 0 ? Int(Double(table.rows) / table.seconds) : table.rows
                Console.write("\(table.table): \(table.rows) rows in \(table.seconds.fixed(decimals: 2)) s (\(rate) rows/s)\(table.skipped > 0 ? "; \(table.skipped) skipped: no unique combination left" : "")\n")
            }
        }
        for check in report.unsupportedChecks { Console.error("warning: not understood, rows may fail it: \(check)") }
        Console.write("\(report.totalRows) rows in \(report.tables.count) tables\n")
        let refused = report.tables.filter { $0.refused != nil }
        if !refused.isEmpty {
            Console.error("error: \(refused.count) tables left empty: \(refused.map(\.table).joined(separator: ", "))")
            throw ExitCode(2)
        }
    }
}
