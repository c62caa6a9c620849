import Foundation
import StrataKit

/// `strata migrate diff`: the next migrations of a folder, from what the folder builds to what
/// the desired schema says. What must not share a transaction goes in consecutive migrations
/// (the concurrent index build, each validation), each with the down that undoes exactly it.
/// Every pair is proven on a throwaway server before anything is written.
package enum MigrationDiffWriter {
    /// A migration to write: its file stem's name part, and its up and down texts.
    package struct Pair: Sendable {
        package var name: String
        package var up: String
        package var down: String
    }

    package struct Outcome: Sendable {
        /// Paths written, in version order (empty when the folder already builds the schema).
        package var written: [String]
        package var proof: [String]
        /// The round trip's report (nil when nothing needed writing).
        package var report: RoundTripReport?
        package var up: MigrationPlan
    }

    /// Plans, proves and writes. Nothing is written when the plan is refused or its proof fails.
    package static func write(name: String, directory: String, schema paths: [String], options: DiffOptions = DiffOptions()) async throws -> Outcome {
        let existing = try MigrationSet.load(directory: directory)
        let source = try await SchemaDiffService.load(.files(existing.migrations.isEmpty ? [] : [directory]))
        let target = try await SchemaDiffService.load(.files(paths))
        var options = options
        if options.renames.isEmpty, let sources = target.sources, let model = target.fileModel {
            options.renames = RenameHints.read(sources: sources, schema: model)
        }
        let up = try SchemaDiffer(from: source.schema, to: target.schema, options: options).plan()
        guard !up.isEmpty else { return Outcome(written: [], proof: ["the migrations already build the schema: nothing written"], report: nil, up: up) }
        let pairs = try split(up, from: source.schema, name: name, options: options)

        let report = try await ThrowawayServer.with { server in
            try await prove(pairs, existing: existing, directory: directory, target: target, schema: paths, server: server)
        }
        if let problem = report.problem { throw ProofFailure(message: problem) }
        let proof = ["\(pairs.count) migration\(pairs.count == 1 ? "" : "s"): up gives the schema, down gives the folder's schema back, up again the schema (proven on a throwaway server)"]

        var written: [String] = []
        for pair in pairs {
            let created = try MigrationSet.create(name: pair.name, in: directory)
            try FileSystem.writeText(pair.up, to: created.up)
            try FileSystem.writeText(pair.down, to: created.down)
            written += [created.up, created.down]
        }
        return Outcome(written: written, proof: proof, report: report, up: up)
    }

    /// One migration per transaction group of the plan; each down is planned from the model after
    /// its up back to the model before it.
    static func split(_ plan: MigrationPlan, from source: DatabaseSchema, name: String, options: DiffOptions) throws -> [Pair] {
        var pairs: [Pair] = []
        var before = source
        var downOptions = options
        downOptions.allowDataLoss = true
        downOptions.renames = options.renames.inverted
        for (index, group) in plan.groups.enumerated() {
            let upText = plan.migrations[index]
            var interpreter = SchemaInterpreter(schema: before)
            for statement in PostgresParser.parse(path: "up.sql", text: upText).statements { interpreter.apply(statement) }
            let after = interpreter.schema.withoutSourceLocations
            let down = try SchemaDiffer(from: after, to: before, options: downOptions).plan()
            let suffix: String
            switch group.transaction {
            case .none: suffix = group.steps.contains { $0.sql.contains("CONCURRENTLY") } ? "_concurrently" : "_outside_transaction"
            case .own:
                // `ALTER TABLE t VALIDATE CONSTRAINT name;` names the migration after its constraint.
                let constraint = group.steps.first?.sql.split(separator: " ").last.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ";\"")) }
                suffix = "_validate" + (constraint.map { "_" + $0 } ?? "")
            case .shared:
                if index == 0 { suffix = "" }
                else if group.steps.contains(where: { $0.sql.contains(" NOT VALID") || $0.sql.contains(" USING INDEX ") }) { suffix = "_constraints" }
                else { suffix = "_finish" }
            }
            pairs.append(Pair(name: name + suffix, up: upText, down: down.isEmpty ? "-- nothing to undo\n" : down.singleMigration))
            before = after
        }
        return pairs
    }

    /// The existing migrations, then every new up: the target; every new down in reverse: the
    /// folder's schema again; the ups once more: the target.
    static func prove(_ pairs: [Pair], existing: MigrationSet, directory: String, target: SchemaDiffService.Loaded, schema paths: [String],
                      server: ThrowawayServer) async throws -> RoundTripReport {
        let database = try await server.createDatabase()
        if !existing.migrations.isEmpty {
            try await server.session(database) { session in _ = try await ScriptRunner.run(paths: [directory], on: session) }
        }
        let (_, wanted) = try await server.load(.files(paths), model: DatabaseSchema(), parsed: target.parsed)
        return try await server.proveRoundTrip(on: database, target: wanted, names: ("the schema", "what the folder built"),
                                               ups: pairs.map { ("up of \($0.name)", $0.up) },
                                               downs: pairs.reversed().map { ("down of \($0.name)", $0.down) })
    }
}
