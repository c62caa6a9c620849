import Foundation

/// What the design was checked against: the review, the migration's round trip, and (with
/// `--prove`) each access pattern run on generated data.
package struct DesignEvidence: Sendable {
    /// Findings of `strata review schema.sql` (none at warning or above, or nothing is written).
    package var reviewFindings: [Finding] = []
    /// `strata migrate verify` of the init migration: nil when not run, else the problem or "".
    package var verifyProblem: String?
    package var proofs: [PatternProof] = []
    /// Rows generated for `--prove`, all tables together.
    package var fakeRows: Int?
    package var unsupportedChecks: [String] = []

    package init() {}
}

/// One access pattern run with EXPLAIN ANALYZE on generated data.
package struct PatternProof: Sendable {
    package var pattern: String
    package var intendedIndex: String?
    /// Indexes the plan read.
    package var usedIndexes: [String]
    package var medianMilliseconds: Double
    /// When the plan did not use the intended index: whether it does once scans are off (the
    /// planner preferred a scan of a small generated table), nil when not asked.
    package var usableWhenScansAreOff: Bool?
    package var usesIntendedIndex: Bool { intendedIndex.map { usedIndexes.contains($0) } ?? true }

    package init(pattern: String, intendedIndex: String?, usedIndexes: [String], medianMilliseconds: Double) {
        self.pattern = pattern
        self.intendedIndex = intendedIndex
        self.usedIndexes = usedIndexes
        self.medianMilliseconds = medianMilliseconds
    }
}

/// The files of a design, written from the design, its model and its evidence.
package struct DesignDocuments: Sendable {
    package var design: DatabaseDesign
    package var schema: DatabaseSchema
    package var evidence: DesignEvidence

    package init(design: DatabaseDesign, schema: DatabaseSchema, evidence: DesignEvidence) {
        self.design = design
        self.schema = schema
        self.evidence = evidence
    }

    /// Every file by its path relative to the output folder.
    package func files(down: String) -> [(path: String, text: String)] {
        var files: [(String, String)] = [
            ("schema.sql", design.sql),
            ("migrations/0001_init.up.sql", design.sql),
            ("migrations/0001_init.down.sql", down),
            ("index-strategy.md", indexStrategy()),
            ("transactions.md", transactions()),
            ("operations.md", operations()),
            ("schema.prisma", prisma()),
            ("erd.md", "# Entity-relationship diagram\n\n```mermaid\n" + ERDRenderer(format: .mermaid).render(schema) + "```\n"),
            ("position-card.yml", positionCard()),
        ]
        for table in schema.sortedTables where table.partitionOf == nil { files.append(("docs/\(table.name.name).md", tableDoc(table))) }
        return files
    }

    // MARK: index-strategy.md

    package func indexStrategy() -> String {
        var text = "# Index strategy\n\nEvery index below serves a named access pattern or a foreign key; none is speculative.\n\n"
        for index in design.indexes {
            text += "## \(index.name)\n\n```sql\n\(index.definition)\n```\n\n"
            text += "Serves: \(index.serves.joined(separator: "; ")).\n\n"
            if !index.reasons.isEmpty { text += index.reasons.map { "- \($0)" }.joined(separator: "\n") + "\n\n" }
        }
        text += "## Access patterns\n\n| pattern | per second | query | served by |\n|---|---|---|---|\n"
        for plan in design.patterns {
            let query = plan.sql.map { "`\($0)`" } ?? (plan.pattern.writes.isEmpty ? "-" : "writes \(plan.pattern.writes.joined(separator: ", "))")
            text += "| \(plan.pattern.name) | \(SchemaDesigner.count(plan.pattern.perSecond)) | \(query) | \(plan.index ?? (plan.pattern.writes.isEmpty ? "no index (a scan): see risks" : "primary keys")) |\n"
        }
        if !evidence.proofs.isEmpty {
            text += "\n## Measured (`strata design --prove`, \(evidence.fakeRows.map { SchemaDesigner.count(Double($0)) } ?? "?") generated rows)\n\n| pattern | intended index | used | median |\n|---|---|---|---|\n"
            for proof in evidence.proofs {
                text += "| \(proof.pattern) | \(proof.intendedIndex ?? "-") | \(proof.usedIndexes.isEmpty ? "sequential scan" : proof.usedIndexes.joined(separator: ", ")) | \(proof.medianMilliseconds.fixed(decimals: 3)) ms |\n"
            }
        }
        return text
    }

    // MARK: transactions.md

    package func transactions() -> String {
        var text = """
            # Transactions

            Default isolation: READ COMMITTED. Every multi-statement write runs in one transaction
            (`BEGIN ... COMMIT`); a serialization failure (40001) or deadlock (40P01) is retried by
            `DatabaseSession.withTransaction(retrying:)` (StrataPostgres): up to 5 attempts, pauses
            growing from 20 ms to at most 2 s with full jitter. The body must be safe to repeat.


            """
        let writes = design.patterns.filter { !$0.pattern.writes.isEmpty }
        if writes.isEmpty { text += "The spec names no write path (`writes:` in an access pattern); the rules above apply to every write.\n" }
        for plan in writes {
            let tables = plan.pattern.writes.map(Naming.table)
            text += "## \(plan.pattern.name) (\(SchemaDesigner.count(plan.pattern.perSecond)) per second)\n\n"
            text += "Changes \(tables.joined(separator: ", ")) together: one transaction, READ COMMITTED.\n\n"
            var steps: [String] = []
            if let exclusion = design.spec.rules.first(where: { rule in
                if case .noOverlap = rule.kind { return plan.pattern.writes.contains(rule.entity) }
                return false
            }), case .noOverlap(_, _, let per) = exclusion.kind {
                steps.append("INSERT the \(exclusion.entity); the exclusion constraint \(Naming.table(exclusion.entity))_no_overlap refuses an overlapping one (SQLSTATE 23P01): report it to the user as taken, do not retry. No lock on the \(per) is needed.")
            }
            let quantities = tables.compactMap { table in schema.tables.values.first { $0.name.name == table }?.columns.first { $0.name == "quantity" || $0.name == "stock" }.map { (table, $0.name) } }
            for (table, column) in quantities {
                steps.append("Decrement stock with a conditional update, never read-then-write: `UPDATE \(table) SET \(column) = \(column) - $2 WHERE id = $1 AND \(column) >= $2` (0 rows updated: out of stock, roll back).")
            }
            if tables.count > 1 {
                steps.append("Lock parent rows before children, always in the same order (\(tables.joined(separator: " -> "))), with `SELECT ... FOR UPDATE` where a row is read and then changed; rows of one table in key order. The same order everywhere leaves no deadlock to retry.")
            }
            steps.append("Retry the whole transaction on 40001/40P01 (withTransaction(retrying:)); a unique or check violation (23xxx) is an answer, not a retry.")
            text += steps.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n") + "\n\n"
        }
        return text
    }

    // MARK: operations.md

    /// Mean query time the pool is sized with: the measured medians weighted by rate, else 2 ms.
    var meanQueryMilliseconds: (value: Double, measured: Bool) {
        let measured = evidence.proofs.compactMap { proof -> (Double, Double)? in
            guard let plan = design.patterns.first(where: { $0.pattern.name == proof.pattern }) else { return nil }
            return (proof.medianMilliseconds, plan.pattern.perSecond)
        }
        let weight = measured.reduce(0) { $0 + $1.1 }
        guard weight > 0 else { return (2, false) }
        // A connection is busy for the execution plus planning and the round trip: 1 ms allowed for those.
        return (measured.reduce(0) { $0 + $1.0 * $1.1 } / weight + 1, true)
    }

    var poolSize: Int {
        let qps = design.spec.qps ?? design.patterns.reduce(0) { $0 + $1.pattern.perSecond }
        return max(4, Int((qps * meanQueryMilliseconds.value / 1000 * 2).rounded(.up)))
    }

    package func operations() -> String {
        let spec = design.spec
        let qps = spec.qps ?? design.patterns.reduce(0) { $0 + $1.pattern.perSecond }
        let mean = meanQueryMilliseconds
        var text = "# Operations\n\n## Connection pool\n\n"
        text += """
            Busy connections = queries per second x mean query time (Little's law), doubled for bursts:
            \(SchemaDesigner.count(qps)) q/s x \(mean.value.fixed(decimals: 3)) ms\(mean.measured ? " (execution measured by --prove, weighted by each pattern's rate, plus 1 ms for planning and the round trip)" : " (assumed: run --prove to measure)") x 2
            = **\(poolSize) connections** in the application's pool (PgBouncer in transaction mode in front
            when several services share the server). Keep max_connections at least 1.5 x the sum of all pools.


            """
        let rpo = spec.rpoMinutes ?? 24 * 60, rto = spec.rtoMinutes ?? 4 * 60
        text += "## Backups and restore (RPO \(Int(rpo)) min, RTO \(Int(rto)) min)\n\n"
        if rpo <= 60 {
            text += "Continuous WAL archiving (pgBackRest or WAL-G, archive_timeout = \(max(1, Int(rpo / 2)))min) with a full base backup each week and differentials daily: at most \(Int(rpo)) minutes of writes can be lost.\n"
        } else {
            text += "A nightly base backup (pg_basebackup or pgBackRest full), kept 14 days: at most a day of writes can be lost.\n"
        }
        text += rto <= 60
            ? "An RTO of \(Int(rto)) minutes needs a hot standby (streaming replication) to promote; restoring from backup is the second line.\n\n"
            : "Restore from backup must finish within \(Int(rto)) minutes: time the drill below and keep it under that.\n\n"
        text += """
            Restore drill, monthly: restore the latest backup to a scratch server, replay WAL to a chosen
            time, run `strata diff --from postgres://scratch --to schema.sql --exit-code` (no drift) and
            `SELECT count(*)` of the largest tables against production's; record the time it took.


            """
        text += "## Partitions and retention\n\n"
        var retention = false
        for table in design.tables where table.partitioned {
            retention = true
            let keep = spec.retentionDays[table.entity].map(SchemaDesigner.days) ?? "as long as needed"
            text += """
                \(table.name) is partitioned by month on created_at (kept \(keep)). A monthly job creates the next
                three months ahead and drops what is past retention:

                ```sql
                CREATE TABLE IF NOT EXISTS \(table.name)_2027_01 PARTITION OF \(table.name) FOR VALUES FROM ('2027-01-01') TO ('2027-02-01');
                ALTER TABLE \(table.name) DETACH PARTITION \(table.name)_2026_01 CONCURRENTLY;
                DROP TABLE \(table.name)_2026_01;
                ```

                Rows of a month with no partition land in \(table.name)_default; keep it empty (monitor its size).


                """
        }
        for (entity, days) in spec.retentionDays.sorted(by: { $0.key < $1.key }) where !design.tables.contains(where: { $0.entity == entity && $0.partitioned }) {
            retention = true
            let table = Naming.table(entity)
            text += """
                \(table) keeps \(SchemaDesigner.days(days)); it is not partitioned, so old rows leave in small batches, nightly:

                ```sql
                DELETE FROM \(table) WHERE id IN (SELECT id FROM \(table) WHERE created_at < now() - interval '\(Int(days)) days' ORDER BY id LIMIT 10000);
                ```


                """
        }
        if !retention { text += "The spec sets no retention: nothing is deleted on a schedule.\n\n" }
        text += """
            ## Monitoring

            | what | threshold |
            |---|---|
            | point lookups (primary or unique key), p95 | under 10 ms (`strata queries`: slow-point-lookup) |
            | any query, p95 | under 200 ms (`strata queries`: slow-query) |
            | N+1 patterns, SELECT *, unbounded selects | none (`strata queries`) |
            | connections in use | under 80% of the pool (\(poolSize)) |
            | transactions open longer than 5 minutes | none (pg_stat_activity) |
            | replication lag | under the RPO (\(Int(rpo)) min) |
            | dead tuples per table | under 20% (autovacuum keeping up) |
            | disk | under 70% full, growth per month tracked |


            """
        if spec.compliance.contains("gdpr-erasure") || spec.compliance.contains("pii") {
            text += "## Personal data\n\nColumns holding personal data: \(design.personalData.isEmpty ? "none found by name" : design.personalData.joined(separator: ", ")).\n\n"
            if spec.compliance.contains("gdpr-erasure") {
                text += "Erasure of one person (one transaction), keeping the rows other records reference:\n\n```sql\nBEGIN;\n"
                let byTable = Dictionary(grouping: design.personalData, by: { String($0.split(separator: ".")[0]) })
                for (table, columns) in byTable.sorted(by: { $0.key < $1.key }) {
                    let sets = columns.map { column -> String in
                        let name = String(column.split(separator: ".")[1])
                        let nullable = schema.tables[QualifiedName(schema: "public", name: table)]?.column(named: name)?.isNotNull == false
                        return nullable ? "\(name) = NULL" : "\(name) = 'erased-' || id"
                    }
                    text += "UPDATE \(table) SET \(sets.joined(separator: ", ")) WHERE id = $1;\n"
                }
                if spec.compliance.contains("audit") { text += "DELETE FROM audit_log WHERE table_name IN (\(byTable.keys.sorted().map(quoteLiteral).joined(separator: ", "))) AND row_id = $1::text;\n" }
                text += "COMMIT;\n```\n\nBackups keep the old values until they expire: keep backups no longer than the erasure deadline allows.\n"
            }
        }
        return text
    }

    // MARK: schema.prisma

    package func prisma() -> String {
        let written = PrismaWriter(schema: schema).write()
        let notes = written.warnings.map { "// strata: \($0)" }.joined(separator: "\n")
        return (notes.isEmpty ? "" : notes + "\n\n") + written.text
    }

    // MARK: docs/<table>.md

    package func tableDoc(_ table: TableInfo) -> String {
        let purpose = design.tables.first { $0.name == table.name.name }?.purpose ?? ""
        var text = "# \(table.name.name)\n\n\(purpose)\n\n| column | type | null | default |\n|---|---|---|---|\n"
        for column in table.columns {
            text += "| \(column.name) | \(column.fullType) | \(column.isNotNull ? "not null" : "null") | \(column.identity.map { "identity \($0.rawValue.lowercased())" } ?? column.defaultExpression?.text ?? "") |\n"
        }
        text += "\n## Constraints\n\n"
        if let key = table.primaryKey { text += "- primary key \(key.name) (\(key.columns.joined(separator: ", ")))\n" }
        for unique in table.uniqueConstraints { text += "- unique \(unique.name) (\(unique.columns.joined(separator: ", ")))\n" }
        for check in table.checkConstraints { text += "- check \(check.name): `\(check.expression.text)`\n" }
        for exclusion in table.exclusionConstraints { text += "- exclusion \(exclusion.name) using \(exclusion.method) (\(exclusion.elements.joined(separator: ", ")))\n" }
        text += "\n## Relations\n\n"
        for key in table.foreignKeys { text += "- \(key.columns.joined(separator: ", ")) -> \(key.referencedTable.name) (\(key.referencedColumns.joined(separator: ", "))), on delete \(key.onDelete.rawValue.lowercased())\n" }
        for (other, key) in schema.foreignKeys(referencing: table.name) where other.name != table.name { text += "- referenced by \(other.name.name).\(key.columns.joined(separator: ", "))\n" }
        text += "\n## Indexes\n\n"
        for index in design.indexes where index.table == table.name.name { text += "- \(index.name): \(index.serves.joined(separator: "; "))\n" }
        return text
    }

    // MARK: position-card.yml

    struct Claim { var claim: String; var evidence: String; var proven: Bool }

    var claims: [Claim] {
        var claims: [Claim] = []
        let warnings = evidence.reviewFindings.filter { $0.severity > .info }.count
        let infos = evidence.reviewFindings.filter { $0.severity == .info }.count
        claims.append(Claim(claim: "The schema passes Strata's review: 3NF, keys, foreign keys indexed, timestamps, soft deletes with partial indexes",
                            evidence: "strata review schema.sql: \(warnings) warnings or errors, \(infos) info", proven: warnings == 0))
        let tables = schema.tables.values
        let keys = tables.filter { $0.primaryKey != nil }.count, foreign = tables.reduce(0) { $0 + $1.foreignKeys.count }
        let checks = tables.reduce(0) { $0 + $1.checkConstraints.count }
        claims.append(Claim(claim: "Integrity is in the database: \(keys) primary keys, \(foreign) foreign keys, \(checks) CHECK constraints",
                            evidence: "schema.sql, loaded on a PostgreSQL 15 server", proven: evidence.verifyProblem == ""))
        claims.append(Claim(claim: "The init migration applies, rolls back to an empty database, and applies again",
                            evidence: evidence.verifyProblem.map { $0.isEmpty ? "strata migrate verify: passed" : "strata migrate verify: \($0)" } ?? "not verified",
                            proven: evidence.verifyProblem == ""))
        for plan in design.patterns where plan.sql != nil {
            if let proof = evidence.proofs.first(where: { $0.pattern == plan.pattern.name }) {
                let forced = proof.usableWhenScansAreOff == true ? "; with sequential scans off the plan uses \(plan.index ?? "it") (the planner prefers a scan at this size)" : ""
                claims.append(Claim(claim: "\(plan.pattern.name) is served by \(plan.index ?? "a scan")",
                                    evidence: "EXPLAIN ANALYZE on \(evidence.fakeRows.map { SchemaDesigner.count(Double($0)) } ?? "?") generated rows: \(proof.usedIndexes.isEmpty ? "sequential scan" : proof.usedIndexes.joined(separator: ", ")), median \(proof.medianMilliseconds.fixed(decimals: 3)) ms\(forced)",
                                    proven: proof.usesIntendedIndex || proof.usableWhenScansAreOff == true))
            } else {
                claims.append(Claim(claim: "\(plan.pattern.name) is served by \(plan.index ?? "a scan")", evidence: "index-strategy.md (run --prove to measure)", proven: false))
            }
        }
        claims.append(Claim(claim: "A pool of \(poolSize) connections serves the target load",
                            evidence: "operations.md: Little's law on \(meanQueryMilliseconds.measured ? "measured" : "assumed") query times", proven: meanQueryMilliseconds.measured))
        return claims
    }

    package var confidence: Double {
        let all = claims
        return all.isEmpty ? 0 : Double(all.filter(\.proven).count) / Double(all.count)
    }

    package func positionCard() -> String {
        func quoted(_ text: String) -> String { "\"" + text.escaping(["\"": "\\\"", "\\": "\\\\", "\n": " "]) + "\"" }
        var lines = ["role: database architect (strata design)", "spec: \(quoted(design.spec.path))", "claims:"]
        for claim in claims {
            lines.append("  - claim: \(quoted(claim.claim))")
            lines.append("    evidence: \(quoted(claim.evidence))")
            lines.append("    proven: \(claim.proven)")
        }
        lines.append("plan:")
        for step in ["strata migrate up --dir migrations (applies 0001_init in one transaction)",
                     "wire the pool at \(poolSize) connections and the monitoring of operations.md",
                     "run strata queries on the first week's logs against the thresholds of operations.md"] {
            lines.append("  - \(quoted(step))")
        }
        lines.append("evidence:")
        lines.append("  review: \(quoted("\(evidence.reviewFindings.count) findings, none at warning or above"))")
        lines.append("  migrate_verify: \(quoted(evidence.verifyProblem.map { $0.isEmpty ? "passed" : $0 } ?? "not run"))")
        lines.append("  proofs: \(evidence.proofs.count)")
        if let rows = evidence.fakeRows { lines.append("  generated_rows: \(rows)") }
        lines.append("risks:")
        var risks = design.decisions.filter { $0.contains("not partitioned") }
        risks += evidence.reviewFindings.filter { $0.severity == .info }.map { "\($0.rule): \($0.message)" }
        risks += evidence.proofs.filter { !$0.usesIntendedIndex && $0.usableWhenScansAreOff != true }.map { "\($0.pattern) did not use \($0.intendedIndex ?? "its index") on generated data (used \($0.usedIndexes.isEmpty ? "a sequential scan" : $0.usedIndexes.joined(separator: ", "))); check it at production size" }
        risks += design.patterns.filter { $0.sql != nil && $0.index == nil }.map { "\($0.pattern.name): no index designed for it" }
        risks += evidence.unsupportedChecks.map { "generated data cannot satisfy \($0)" }
        if risks.isEmpty { risks = ["none found"] }
        lines += risks.map { "  - \(quoted($0))" }
        lines.append("confidence: \(confidence.fixed(decimals: 2))  # proven claims / claims")
        lines.append("cost: \(quoted(costEstimate()))")
        lines.append("reversibility: \(quoted("migrations/0001_init.down.sql drops everything the up creates" + (evidence.verifyProblem == "" ? " (verified: up, down, up)" : "") + "; later changes go through strata diff, online"))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Storage at the spec's row counts: row widths from the column types plus tuple overhead,
    /// indexes at 40% of their tables (a rough rule, labelled as such).
    func costEstimate() -> String {
        var bytes = 0.0
        for table in schema.tables.values {
            let entity = design.tables.first { $0.name == table.name.name }?.entity ?? ""
            guard let rows = design.spec.rows[entity] else { continue }
            let width = table.columns.reduce(24.0) { total, column in
                switch column.type {
                case "bigint", "timestamp with time zone", "double precision": total + 8
                case "integer", "date", "real": total + 4
                case "boolean": total + 1
                case "uuid": total + 16
                case "jsonb": total + 120
                default: total + (column.type.hasPrefix("numeric") ? 10 : 24)
                }
            }
            bytes += rows * width * 1.4
        }
        guard bytes > 0 else { return "no row counts in the spec: storage not estimated" }
        return "about \((bytes / 1e9).fixed(decimals: 1)) GB at the spec's row counts (row widths from the types, indexes at 40% of tables: an estimate)"
    }
}
