import Testing
@testable import StrataPostgres

/// How the pg_stat_activity sampler joins its rows into executions: the extended protocol's
/// parse, bind and execute each restart `query_start` inside one implicit transaction.
struct ActivitySightingsTests {
    func seen(_ text: String, at start: Double, finishedAfter duration: Double? = nil, transaction: Double, backend: Int32 = 7) -> ObservedStatement {
        ObservedStatement(session: backend, text: text, start: start, duration: duration, transactionStart: transaction)
    }

    @Test func aParseAndItsExecuteAreOneStatementWithTheExecutionsDuration() {
        var sightings = Sightings()
        sightings.add(seen("SELECT * FROM comments WHERE post_id = $1", at: 100.0000, transaction: 100.0000))
        sightings.add(seen("SELECT * FROM comments WHERE post_id = $1", at: 100.0004, transaction: 100.0000))
        sightings.add(seen("SELECT * FROM comments WHERE post_id = $1", at: 100.0004, finishedAfter: 101.5, transaction: 100.0000))
        #expect(sightings.statements.count == 1)
        #expect(sightings.statements.first?.duration == 101.5)
    }

    @Test func aLoopOfTheSameTextInItsOwnTransactionsIsEveryExecution() {
        var sightings = Sightings()
        for step in 0..<4 {
            let start = 200 + Double(step) * 0.002
            sightings.add(seen("SELECT * FROM comments WHERE post_id = $1", at: start, transaction: start))
        }
        #expect(sightings.statements.count == 4)
    }

    @Test func aStatementSeenFinishedIsNotJoinedWithTheNextOne() {
        var sightings = Sightings()
        sightings.add(seen("UPDATE stock SET n = n - 1 WHERE id = $1", at: 300.000, finishedAfter: 0.4, transaction: 299.9))
        sightings.add(seen("UPDATE stock SET n = n - 1 WHERE id = $1", at: 300.001, transaction: 299.9))
        // Another backend's statement is its own, whatever its text and times.
        sightings.add(seen("UPDATE stock SET n = n - 1 WHERE id = $1", at: 300.0015, transaction: 299.9, backend: 8))
        #expect(sightings.statements.count == 3)
    }

    @Test func aRepeatLaterThanTheWindowInOneTransactionIsCountedAgain() {
        var sightings = Sightings()
        sightings.add(seen("SELECT 1", at: 400.0, transaction: 399.0))
        sightings.add(seen("SELECT 1", at: 400.0 + Sightings.sameStatementWindow * 2, transaction: 399.0))
        #expect(sightings.statements.count == 2)
    }
}
