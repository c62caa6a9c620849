import Foundation
import StrataKit

/// The PostgreSQL server programs a throwaway cluster needs, found on PATH or under
/// `/usr/lib/postgresql/<version>/bin` (Debian's layout), newest version first.
package struct PostgresBinaries: Sendable, Equatable {
    package var initdb: String
    package var pgCtl: String
    package var psql: String
    package var directory: String

    /// Why no server could be found, and where Strata looked.
    package struct NotFound: StrataError {
        package var code: StrataErrorCode { .clusterFailed }
        package var searched: [String]
        package var description: String {
            "no PostgreSQL server programs (initdb, pg_ctl) found; looked on PATH and in \(searched.joined(separator: ", ")). Install Debian's `postgresql` package (make deps does)."
        }
    }

    package static func locate(
        path: String? = ProcessInfo.processInfo.environment["PATH"],
        roots: [String] = ["/usr/lib/postgresql"]
    ) throws(NotFound) -> PostgresBinaries {
        var candidates: [String] = (path ?? "").split(separator: ":").map(String.init)
        for root in roots {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            let sorted = versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
            candidates += sorted.map { "\(root)/\($0)/bin" }
        }
        func executable(_ name: String, preferring directory: String) -> String? {
            ([directory] + candidates).map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        for directory in candidates {
            let initdb = "\(directory)/initdb", pgCtl = "\(directory)/pg_ctl"
            if FileManager.default.isExecutableFile(atPath: initdb), FileManager.default.isExecutableFile(atPath: pgCtl) {
                // psql may live elsewhere (Debian's wrapper in /usr/bin): any candidate will do.
                return PostgresBinaries(initdb: initdb, pgCtl: pgCtl, psql: executable("psql", preferring: directory) ?? "psql", directory: directory)
            }
        }
        throw NotFound(searched: ["PATH"] + roots.map { "\($0)/*/bin" })
    }
}
