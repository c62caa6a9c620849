import Foundation
import Testing
import StrataTestSupport
@testable import StrataKit
@testable import StrataPostgres

/// `strata explain` on plans that really show each problem, on a real server with HypoPG.
@Suite(.serialized, Prerequisite.needs(ServerAvailability.binaries != nil, "needs PostgreSQL server programs (make deps installs them)"))
struct ExplainTests {
    /// 200,000 orders over 1,000 tenants, a tenth soft-deleted; analyzed.
    static let orders = """
        CREATE EXTENSION IF NOT EXISTS hypopg;
        CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id integer NOT NULL, status text NOT NULL, email text NOT NULL,
                             total numeric(12,2) NOT NULL, created_at timestamptz NOT NULL, deleted_at timestamptz);
        INSERT INTO orders SELECT g, g % 1000, (ARRAY['open', 'paid', 'void'])[1 + g % 3], 'user' || g || '@example.com',
                                  (g % 500)::numeric, timestamptz '2026-01-01' + g * interval '1 minute',
                                  CASE WHEN g % 10 = 0 THEN now() END
        FROM generate_series(1, 200000) g;
        ANALYZE orders;
        """

    func withOrders<T>(_ body: (DatabaseSession) async throws -> T) async throws -> T {
        try await SharedCluster.withFreshDatabase { session in
            for statement in Self.orders.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where !statement.isEmpty {
                try await session.execute(statement)
            }
            return try await body(session)
        }
    }

    @Test func aFilterThatThrowsAwayMostRowsGetsAProvenIndex() async throws {
        try await withOrders { session in
            let query = "SELECT id, created_at FROM orders WHERE tenant_id = 42 AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 20"
            let plan = try await QueryExplainer.explain(query, on: session, analyze: true)
            #expect(plan.isAnalyzed)
            let breakdown = PlanBreakdown(plan)
            let scan = try #require(breakdown.rows.first { $0.label.contains("Seq Scan on orders") })
            #expect((scan.removedRows ?? 0) > 100_000, "\(breakdown.text)")
            let tips = PlanTip.tips(for: plan, query: query)
            let tip = try #require(tips.first { $0.kind == .index }, "\(tips.map(\.title))")
            let candidate = try #require(tip.index)
            // Equality first, then the sort; the soft delete as the partial predicate.
            #expect(candidate.keys == ["tenant_id", "created_at DESC"], "\(candidate.keys)")
            #expect(candidate.predicate == "deleted_at IS NULL")
            #expect(tip.fix.hasPrefix("CREATE INDEX CONCURRENTLY"))
            #expect(try await QueryExplainer.hypothetical(on: session) == nil)
            let proof = try await QueryExplainer.whatIf(candidate, query: query, on: session)
            #expect(proof.used, "\(proof.summary)")
            #expect(proof.costAfter < proof.costBefore / 10, "\(proof.summary)")
            // The proof is a hypothesis only: nothing was built.
            #expect(try await session.firstText("SELECT count(*)::text FROM pg_indexes WHERE tablename = 'orders'") == "1")
        }
    }

    @Test func aSortThatSpillsGetsWorkMem() async throws {
        try await withOrders { session in
            try await session.execute("SET work_mem = '64kB'")
            let query = "SELECT id, email FROM orders ORDER BY email"
            let plan = try await QueryExplainer.explain(query, on: session, analyze: true)
            let tips = PlanTip.tips(for: plan, query: query)
            let tip = try #require(tips.first { $0.kind == .workMem }, "\(PlanBreakdown(plan).text)")
            #expect(tip.evidence.contains("to disk"))
            #expect(tip.fix.contains("SET work_mem"))
            #expect(tips.contains { $0.kind == .limit }, "a sorted result of 200k rows without LIMIT: \(tips.map(\.title))")
        }
    }

    @Test func aBadEstimateGetsAnalyze() async throws {
        try await SharedCluster.withFreshDatabase { session in
            try await session.execute("CREATE TABLE events (id bigint, kind integer) WITH (autovacuum_enabled = false)")
            try await session.execute("INSERT INTO events SELECT g, 1 FROM generate_series(1, 100000) g")
            try await session.execute("ANALYZE events")
            try await session.execute("INSERT INTO events SELECT g, 2 FROM generate_series(100001, 300000) g")
            let query = "SELECT count(*) FROM events WHERE kind = 2"
            let plan = try await QueryExplainer.explain(query, on: session, analyze: true)
            let tips = PlanTip.tips(for: plan, query: query)
            let tip = try #require(tips.first { $0.kind == .analyze }, "\(PlanBreakdown(plan).text)")
            #expect(tip.fix.hasPrefix("ANALYZE public.events"))
        }
    }

    @Test func dataChangesAreRolledBackAndParametersGiveAGenericPlan() async throws {
        try await withOrders { session in
            let plan = try await QueryExplainer.explain("DELETE FROM orders WHERE tenant_id = 7", on: session, analyze: true)
            #expect(plan.isAnalyzed)
            #expect(try await session.firstText("SELECT count(*)::text FROM orders WHERE tenant_id = 7") == "200")
            let generic = try await QueryExplainer.explain("SELECT * FROM orders WHERE tenant_id = $1 AND status = $2", on: session)
            #expect(generic.root.relationName == "orders" || generic.nodes.contains { $0.node.relationName == "orders" })
        }
    }

    @Test func aSavedPlanIsReadWithoutAServer() throws {
        let json = """
            [{"Plan": {"Node Type": "Gather", "Startup Cost": 0, "Total Cost": 100, "Plan Rows": 10, "Actual Total Time": 50, "Actual Rows": 10, "Actual Loops": 1,
              "Workers Planned": 2, "Workers Launched": 1,
              "Plans": [{"Node Type": "Seq Scan", "Parent Relationship": "Outer", "Relation Name": "orders", "Schema": "public", "Alias": "orders",
                         "Startup Cost": 0, "Total Cost": 90, "Plan Rows": 5, "Actual Total Time": 45, "Actual Rows": 5, "Actual Loops": 2,
                         "Filter": "(lower(email) = 'a@example.com'::text)", "Rows Removed by Filter": 100000}]},
              "Planning Time": 0.1, "Execution Time": 50.2}]
            """
        let plan = try QueryPlan.parse(json: json)
        let breakdown = PlanBreakdown(plan)
        // Two processes ran the scan (one worker and the leader): its time is divided between them.
        #expect(abs(breakdown.rows[1].inclusive - 45) < 0.01, "\(breakdown.text)")
        #expect(breakdown.rows[0].notes.contains("1 of 2 workers launched"))
        let tip = try #require(PlanTip.tips(for: plan).first { $0.kind == .index })
        #expect(tip.index?.keys == ["lower(email)"], "\(String(describing: tip.index))")
        #expect(throws: InputError.self) { try QueryPlan.parse(json: "{\"nope\": 1}") }
    }

    @Test func onAThrowawayClusterTheIndexIsBuiltAndTimed() throws {
        let run = try CommandRun.run(["explain", "SELECT id, created_at FROM orders WHERE tenant_id = 42 AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 20",
                                      "--database", "ephemeral", "--load", "examples/advise/shop.sql", "--analyze"], unset: ["DATABASE_URL"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("proven with HypoPG: the plan uses it"), "\(run.stdout)")
        let line = try #require(run.stdout.split(separator: "\n").first { $0.contains("built for real on the throwaway cluster") }, "\(run.stdout)")
        // "median of 5 runs 48.52 ms -> 0.08 ms": the last two numbers are before and after.
        let numbers = line.split(separator: " ").compactMap { Double($0) }.suffix(2)
        #expect(numbers.count == 2 && numbers.last! < numbers.first! / 10, "\(line)")
    }

    @Test func theCommandPrintsTheBreakdownAndProvenTips() async throws {
        try await withOrders { session in
            let database = try #require(try await session.scalarText("current_database()"))
            let cluster = try #require(SharedCluster.cluster)
            let url = "postgres://\(cluster.user)@/\(database)?host=\(cluster.socketDirectory)&port=\(cluster.port)"
            let run = try CommandRun.run(["explain", "SELECT id FROM orders WHERE tenant_id = 5 AND deleted_at IS NULL", "--database", url, "--analyze"],
                                         unset: ["DATABASE_URL"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("Seq Scan on orders"), "\(run.stdout)")
            #expect(run.stdout.contains("tip 1: index orders for this filter"), "\(run.stdout)")
            #expect(run.stdout.contains("proven with HypoPG: the plan uses it"), "\(run.stdout)")
        }
    }
}
