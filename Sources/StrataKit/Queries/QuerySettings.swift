/// `strata queries`' thresholds, from `[queries]` in strata.toml. The defaults are the
/// architect's standards: point lookups under 10 ms, p95 under 200 ms, N+1 from 5 repeats (as
/// Sentry's detector counts them).
package struct QuerySettings: Sendable, Equatable {
    /// `n-plus-one-min`: consecutive executions of one SELECT that make an N+1 loop.
    package var nPlusOneMinimumRun = 5
    /// `point-lookup-ms`: the p95 a lookup by a unique key must stay under.
    package var pointLookupMilliseconds = 10.0
    /// `slow-query-ms`: the p95 any statement must stay under.
    package var slowQueryMilliseconds = 200.0
    /// `repeated-min`: executions of one SELECT with the same constants in one session.
    package var repeatedMinimum = 10
    /// `write-window-ms`: how close two autocommit writes must be to count as one change.
    package var writeWindowMilliseconds = 500.0
    /// `bounded-tables`: tables that cannot grow (lookup tables), where a SELECT needs no LIMIT.
    package var boundedTables: Set<String> = []
    /// `top`: fingerprints listed by total time.
    package var top = 10

    package init() {}
}
