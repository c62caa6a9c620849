import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// `strata advise` on a generated workload whose right answer is known, on a real server with HypoPG.
@Suite(.serialized, Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct AdviseTests {
    static let data = """
        CREATE EXTENSION IF NOT EXISTS hypopg;
        CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, region text NOT NULL, deleted_at timestamptz);
        INSERT INTO customers SELECT g, 'User' || g || '@Example.com', (ARRAY['eu', 'us', 'apac'])[1 + g % 3], CASE WHEN g % 20 = 0 THEN now() END
        FROM generate_series(1, 50000) g;
        CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers, tenant_id integer NOT NULL,
                             status text NOT NULL, total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL, deleted_at timestamptz);
        INSERT INTO orders SELECT g, 1 + g % 50000, g % 200, (ARRAY['open', 'paid', 'void', 'refunded'])[1 + (g / 7) % 4], (g % 500)::numeric,
                                  timestamptz '2026-01-01' + g * interval '1 minute', CASE WHEN g % 10 = 0 THEN now() END
        FROM generate_series(1, 300000) g;
        CREATE INDEX orders_total_idx ON orders (total);
        CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);
        INSERT INTO countries VALUES ('de', 'Germany'), ('fr', 'France'), ('us', 'United States');
        ANALYZE
        """

    static let workload = """
        -- weight: 100
        SELECT id, total FROM orders WHERE tenant_id = $1 AND status = $2 ORDER BY created_at DESC LIMIT 20;
        -- weight: 50
        SELECT id FROM customers WHERE lower(email) = $1;
        -- weight: 20
        SELECT id, region FROM customers WHERE email = $1 AND deleted_at IS NULL;
        -- weight: 10
        SELECT o.id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.region = 'eu' AND o.created_at > $1;
        -- weight: 5
        SELECT name FROM countries WHERE code = $1;
        """

    func withData<T>(_ body: (DatabaseSession) async throws -> T) async throws -> T {
        try await SharedCluster.withFreshDatabase { session in
            for statement in Self.data.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                try await session.execute(statement)
            }
            return try await body(session)
        }
    }

    /// HypoPG sizes a B-tree at one tuple per row; the expected size counts deduplication, and is
    /// checked against the index really built.
    @Test func theExpectedSizeIsTheBuiltIndexs() async throws {
        try await withData { session in
            for keys in [["tenant_id"], ["status"], ["customer_id"], ["created_at"], ["tenant_id", "status"], ["total"]] {
                let candidate = IndexCandidate(table: QualifiedName(schema: "public", name: "orders"), keys: keys)
                try await session.execute("SELECT hypopg_reset()")
                let name = try #require(try await session.firstText("SELECT indexname::text FROM hypopg_create_index(\(quoteLiteral(candidate.hypotheticalSQL)))"))
                let hypothetical = Int64(try #require(try await session.firstText("SELECT hypopg_relation_size(indexrelid)::text FROM hypopg_list_indexes WHERE index_name = \(quoteLiteral(name))")))!
                try await session.execute("SELECT hypopg_reset()")
                let expected = try await IndexSizeEstimator.expectedBytes(of: candidate, hypotheticalBytes: hypothetical, on: session)
                try await session.execute("CREATE INDEX size_probe ON orders (\(keys.joined(separator: ", ")))")
                let built = Int64(try #require(try await session.firstText("SELECT pg_relation_size('size_probe')::text")))!
                try await session.execute("DROP INDEX size_probe")
                let line = "\(keys): HypoPG \(hypothetical), expected \(expected), built \(built)"
                // Within a sixth of the built index (HypoPG's estimate is off by up to six times here).
                #expect(abs(Double(expected - built)) / Double(built) < 0.17, "\(line)")
                #expect(abs(Double(expected - built)) <= abs(Double(hypothetical - built)), "\(line)")
                // Four statuses: posting lists make the index a fraction of one tuple per row.
                if keys == ["status"] { #expect(expected * 3 < hypothetical, "\(line)") }
            }
        }
    }

    /// A query reading a few columns of one table gets a covering candidate (INCLUDE), which
    /// answers it from the index alone.
    @Test func aCoveringCandidateAnswersFromTheIndexAlone() async throws {
        try await withData { session in
            // Index-only scans pay off on pages the visibility map marks all-visible.
            try await session.execute("VACUUM orders")
            let query = "SELECT id, total FROM orders WHERE customer_id = 42"
            let plain = IndexCandidate(table: QualifiedName(schema: "public", name: "orders"), keys: ["customer_id"])
            let covering = try #require(IndexAdvisor.covering([plain], query: query).first)
            #expect(covering.include == ["id", "total"])
            #expect(covering.sql().contains("INCLUDE (id, total)"), "\(covering.sql())")
            #expect(IndexAdvisor.isPrefix(plain, of: covering))
            #expect(IndexAdvisor.covering([plain], query: "SELECT * FROM orders WHERE customer_id = 42").isEmpty)
            let before = try await QueryExplainer.whatIf(plain, query: query, on: session)
            let after = try await QueryExplainer.whatIf(covering, query: query, on: session)
            #expect(after.used && after.costAfter < before.costAfter, "\(before.summary) / \(after.summary)")
        }
    }

    /// An append-only time column gets a BRIN candidate: under a budget too small for a B-tree,
    /// it is the advice.
    @Test func anAppendOnlyColumnGetsABlockRangeIndexUnderATightBudget() async throws {
        try await SharedCluster.withFreshDatabase { session in
            try await session.execute("CREATE EXTENSION IF NOT EXISTS hypopg")
            try await session.execute("CREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, payload text NOT NULL)")
            try await session.execute("INSERT INTO events SELECT g, timestamptz '2026-01-01' + g * interval '1 minute', repeat('x', 80) FROM generate_series(1, 300000) g")
            try await session.execute("ANALYZE events")
            let workload = try Workload.parse(path: "w.sql", text: "SELECT count(*) FROM events WHERE created_at >= '2026-03-01' AND created_at < '2026-03-02';")
            let advice = try await IndexAdvisor(budgetBytes: 256 * 1024).advise(workload, on: session)
            let chosen = try #require(advice.chosen.first, "\(advice.queries.map(\.verdict))")
            #expect(chosen.index.method == "brin", "\(chosen.index.sql())")
            #expect(chosen.index.sql() == "CREATE INDEX CONCURRENTLY IF NOT EXISTS events_created_at_brin_idx ON public.events USING brin (created_at);")
            #expect(advice.costAfter < advice.costBefore * 0.8, "\(advice.costBefore) -> \(advice.costAfter)")
        }
    }

    @Test func theWorkloadFileKeepsWeightsAndParameters() throws {
        let workload = try Workload.parse(path: "w.sql", text: Self.workload)
        #expect(workload.queries.map(\.weight) == [100, 50, 20, 10, 5])
        #expect(workload.queries[0].origin == "w.sql:2")
        #expect(throws: InputError.self) { try Workload.parse(path: "bad.sql", text: "-- weight: lots\nSELECT 1;") }
    }

    @Test func theAdviceIsTheKnownAnswer() async throws {
        try await withData { session in
            let workload = try Workload.parse(path: "w.sql", text: Self.workload)
            let advice = try await IndexAdvisor(maxIndexes: 5).advise(workload, on: session)
            let summary = advice.chosen.map { "\($0.index.sql()) -- \($0.estimatedBytes) bytes" }.joined(separator: "\n") + "\n" + advice.queries.map { "\($0.query.origin): \($0.verdict)" }.joined(separator: "\n")
            // The multi-column index in the right order: equality columns, then the sort.
            let first = try #require(advice.chosen.first { $0.index.table.name == "orders" && $0.index.keys.first == "tenant_id" }, "\(summary)")
            #expect(first.index.keys.contains("status") && first.index.keys.last == "created_at DESC", "\(summary)")
            // The expression index.
            #expect(advice.chosen.contains { $0.index.keys == ["lower(email)"] }, "\(summary)")
            // The soft-delete predicate as a partial index.
            #expect(advice.chosen.contains { $0.index.predicate == "deleted_at IS NULL" }, "\(summary)")
            // A three-row table needs nothing, and the answer says why.
            let countries = try #require(advice.queries.first { $0.query.text.contains("countries") })
            #expect(countries.verdict.contains("already fast"), "\(summary)")
            #expect(advice.queries[0].verdict.hasPrefix("uses "), "\(summary)")
            #expect(advice.costAfter < advice.costBefore / 2, "\(summary)")
            // orders_total_idx serves no query of the workload.
            #expect(advice.unused == ["public.orders_total_idx"], "\(advice.unused)")
            // Nothing was built.
            #expect(try await session.firstText("SELECT count(*)::text FROM pg_indexes WHERE schemaname = 'public'") == "4")
        }
    }

    @Test func theServersOwnWorkloadComesFromPgStatStatements() async throws {
        try await withData { session in
            try await session.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            try await session.execute("SELECT pg_stat_statements_reset()")
            for tenant in 1...5 {
                try await session.execute("SELECT id, total FROM orders WHERE tenant_id = \(tenant) AND status = 'open' ORDER BY created_at DESC LIMIT 20")
            }
            try await session.execute("SELECT id FROM customers WHERE lower(email) = 'user7@example.com'")
            let workload = try await WorkloadReader.pgStatStatements(on: session)
            // Normalized by the server ($1 for the constants) and weighted by their calls.
            let orders = try #require(workload.queries.first { $0.text.contains("FROM orders") }, "\(workload.queries.map(\.text))")
            #expect(orders.weight == 5)
            #expect(orders.text.contains("$1"))
            let advice = try await IndexAdvisor(maxIndexes: 3).advise(workload, on: session)
            #expect(advice.chosen.contains { $0.index.table.name == "orders" && $0.index.keys.first == "tenant_id" }, "\(advice.chosen.map { $0.index.sql() })")
        }
    }

    @Test func aTightBudgetKeepsTheBestIndex() async throws {
        try await withData { session in
            let workload = try Workload.parse(path: "w.sql", text: Self.workload)
            let generous = try await IndexAdvisor(maxIndexes: 5).advise(workload, on: session)
            // A budget a little under the generous advice's total: something cheaper must do.
            var tight = IndexAdvisor(maxIndexes: 5)
            let generousBytes = generous.chosen.reduce(0) { $0 + $1.estimatedBytes }
            tight.budgetBytes = generousBytes - 1
            let advice = try await tight.advise(workload, on: session)
            let summary = "budget \(tight.budgetBytes): \(advice.chosen.map { ($0.index.name, $0.estimatedBytes) }) vs \(generous.chosen.map { ($0.index.name, $0.estimatedBytes) })"
            #expect(generous.chosen.allSatisfy { $0.estimatedBytes > 0 }, "\(summary)")
            #expect(advice.chosen.reduce(0) { $0 + $1.estimatedBytes } <= tight.budgetBytes, "\(summary)")
            #expect(advice.costAfter >= generous.costAfter, "\(summary)")
            #expect(advice.costAfter < advice.costBefore, "\(summary)")
        }
    }

    @Test func theCommandWritesSQLAndALintCleanMigration() async throws {
        try await withData { session in
            let database = try #require(try await session.scalarText("current_database()"))
            let cluster = try #require(SharedCluster.cluster)
            let url = "postgres://\(cluster.user)@/\(database)?host=\(cluster.socketDirectory)&port=\(cluster.port)"
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strata-advise-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let workloadFile = folder.appendingPathComponent("workload.sql").path
            try Self.workload.write(toFile: workloadFile, atomically: true, encoding: .utf8)
            let sql = try CommandRun.run(["advise", "--database", url, "--workload", workloadFile, "--format", "sql"], unset: ["DATABASE_URL"])
            #expect(sql.status == 0, "\(sql.stderr)")
            #expect(sql.stdout.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS"), "\(sql.stdout)")
            #expect(sql.stdout.contains("-- unused by the workload: DROP INDEX CONCURRENTLY IF EXISTS public.orders_total_idx;"), "\(sql.stdout)")
            let migrations = folder.appendingPathComponent("migrations").path
            // The folder builds the tables the advice indexes (lint replays it).
            try FileManager.default.createDirectory(atPath: migrations, withIntermediateDirectories: true)
            let tables = Self.data.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { $0.hasPrefix("CREATE TABLE") || $0.hasPrefix("CREATE INDEX") }.joined(separator: ";\n") + ";\n"
            try tables.write(toFile: migrations + "/0001_schema.up.sql", atomically: true, encoding: .utf8)
            try "DROP TABLE countries, orders, customers;\n".write(toFile: migrations + "/0001_schema.down.sql", atomically: true, encoding: .utf8)
            let written = try CommandRun.run(["advise", "--database", url, "--workload", workloadFile, "--migration", "add_indexes", "--dir", migrations], unset: ["DATABASE_URL"])
            #expect(written.status == 0, "\(written.stderr)")
            let lint = try CommandRun.run(["lint", migrations, "--since", "0002"])
            #expect(lint.status == 0, "\(lint.stdout)")
            // The advice, applied, is used: the first query's real plan now scans an index.
            let up = try String(contentsOfFile: migrations + "/0002_add_indexes.up.sql", encoding: .utf8)
            for statement in up.split(separator: "\n") where statement.hasPrefix("CREATE INDEX") { try await session.execute(String(statement)) }
            let plan = try await QueryExplainer.explain("SELECT id, total FROM orders WHERE tenant_id = 7 AND status = 'paid' ORDER BY created_at DESC LIMIT 20", on: session, analyze: true)
            #expect(plan.nodes.contains { $0.node.indexName?.hasPrefix("orders_tenant_id") == true }, "\(PlanBreakdown(plan).text)")
        }
    }
}
