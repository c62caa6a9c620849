import Foundation
import StrataKit
import Synchronization

/// A throwaway PostgreSQL cluster: `initdb` into a temporary folder, a server that listens only
/// on a unix socket inside that folder, always stopped and deleted afterwards (by `stop()`, when
/// the value is released, at exit, and by ``stopAll()`` from a signal handler). The engine behind `--database ephemeral`,
/// `migrate verify` and `migrate trace`.
///
/// ```swift
/// let cluster = try EphemeralCluster.start()
/// defer { cluster.stop() }
/// let url = cluster.connectionURL   // postgres://strata@/postgres?host=/tmp/strata-pg-…&port=5432
/// ```
package final class EphemeralCluster: Sendable {
    /// The temporary folder holding the data directory, the server log and the socket.
    package let directory: String
    package let socketDirectory: String
    package let port: Int
    package let user = "strata"
    package let database = "postgres"
    let binaries: PostgresBinaries
    private let running = Mutex(true)

    /// Something went wrong creating or starting the cluster; the temporary folder is already removed.
    package struct Failure: StrataError {
        package var code: StrataErrorCode { .clusterFailed }
        package var step: String
        package var output: String
        package var description: String {
            "could not \(step) a throwaway PostgreSQL cluster:\n" + output.split(separator: "\n").suffix(15).joined(separator: "\n")
        }
    }

    /// What the server writes to stderr (with `logging_collector` off, the default).
    package var serverLogPath: String { "\(directory)/server.log" }
    /// The data directory; with `logging_collector` on, logs go to its `log` folder.
    package var dataDirectory: String { "\(directory)/data" }

    /// `postgres://strata@/postgres?host=<socket dir>&port=5432`: libpq-style, no password (trust on a private socket).
    package var connectionURL: String { url(database: database) }

    /// The URL of another database of this cluster.
    package func url(database: String) -> String { "postgres://\(user)@/\(database)?host=\(socketDirectory)&port=\(port)" }

    package var isRunning: Bool { running.withLock { $0 } }

    private init(directory: String, port: Int, binaries: PostgresBinaries) {
        self.directory = directory
        self.socketDirectory = directory
        self.port = port
        self.binaries = binaries
    }

    /// Also listening on 127.0.0.1, where a password is required (SCRAM) and TLS is on when a
    /// certificate is given: for tests of the TCP, authentication and TLS paths.
    package struct Loopback: Sendable {
        package var port: Int
        package var password: String
        /// PEM files of a certificate and its key.
        package var certificate: (certificate: String, key: String)?

        package init(port: Int, password: String, certificate: (certificate: String, key: String)? = nil) {
            self.port = port
            self.password = password
            self.certificate = certificate
        }
    }

    /// - Parameter settings: server settings for the start (`log_min_duration_statement`,
    ///   `logging_collector`, ...), e.g. for tests that read the server's log.
    package static func start(binaries: PostgresBinaries? = nil, port: Int = 5432, loopback: Loopback? = nil,
                             settings: [String: String] = [:]) throws -> EphemeralCluster {
        let binaries = try binaries ?? PostgresBinaries.locate()
        Self.registerCleanupAtExit()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let cluster = EphemeralCluster(directory: directory, port: loopback?.port ?? port, binaries: binaries)
        // Registered before anything starts, so that Ctrl-C during initdb or start-up cleans up too.
        Self.live.withLock { $0[directory] = binaries.pgCtl }
        do {
            if Self.runsAsRoot {
                // initdb refuses to run as root: the cluster belongs to the postgres system user.
                try FileManager.default.setAttributes([.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"], ofItemAtPath: directory)
            }
            let data = cluster.dataDirectory
            var initArguments = ["-D", data, "-U", cluster.user, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]
            var options = "-k \(directory) -c listen_addresses='' -p \(port) -F -c fsync=off -c full_page_writes=off -c max_connections=200 -c shared_preload_libraries=pg_stat_statements"
            if let loopback {
                let passwordFile = "\(directory)/password"
                try Self.writeOwned(loopback.password + "\n", to: passwordFile, mode: 0o600)
                initArguments = ["-D", data, "-U", cluster.user, "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=\(passwordFile)",
                                 "-E", "UTF8", "--locale=C", "--no-sync"]
                options = "-k \(directory) -c listen_addresses=127.0.0.1 -p \(loopback.port) -F -c fsync=off -c full_page_writes=off -c max_connections=200 -c shared_preload_libraries=pg_stat_statements"
                if let certificate = loopback.certificate {
                    try Self.writeOwned(String(contentsOfFile: certificate.certificate, encoding: .utf8), to: "\(directory)/server.crt", mode: 0o644)
                    try Self.writeOwned(String(contentsOfFile: certificate.key, encoding: .utf8), to: "\(directory)/server.key", mode: 0o600)
                    options += " -c ssl=on -c ssl_cert_file=\(directory)/server.crt -c ssl_key_file=\(directory)/server.key"
                }
            }
            for (name, value) in settings.sortedByKey() {
                // pg_ctl hands the options to a shell: a value is single-quoted, so it must not hold a quote.
                guard !value.contains("'"), name.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "." }) else {
                    throw Failure(step: "start", output: "setting \(name) cannot be passed on the command line")
                }
                options += " -c \(name)='\(value)'"
            }
            let initdb = try Self.run(binaries.initdb, initArguments)
            guard initdb.status == 0 else { throw Failure(step: "create (initdb)", output: initdb.output) }
            let start = try Self.run(binaries.pgCtl, ["-D", data, "-l", cluster.serverLogPath, "-w", "-t", "60", "-o", options, "start"])
            guard start.status == 0 else {
                let log = (try? String(contentsOfFile: cluster.serverLogPath, encoding: .utf8)) ?? ""
                throw Failure(step: "start", output: start.output + "\n" + log)
            }
        } catch {
            Self.live.withLock { $0[directory] = nil }
            Self.shutDown(directory: directory, pgCtl: binaries.pgCtl)
            cluster.running.withLock { $0 = false }
            throw error
        }
        return cluster
    }

    /// Stops the server (immediately: the data is throwaway) and deletes everything. Safe to call twice.
    package func stop() {
        let wasRunning = running.withLock { value in
            defer { value = false }
            return value
        }
        guard wasRunning else { return }
        Self.live.withLock { $0[directory] = nil }
        Self.shutDown(directory: directory, pgCtl: binaries.pgCtl)
    }

    static func shutDown(directory: String, pgCtl: String) {
        _ = try? run(pgCtl, ["-D", "\(directory)/data", "-m", "immediate", "-w", "-t", "30", "stop"])
        // A server interrupted while starting may still write a file or two as it dies: try again briefly.
        for _ in 0..<20 where FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.removeItem(atPath: directory)
            if FileManager.default.fileExists(atPath: directory) { usleep(50_000) }
        }
    }

    deinit { stop() }

    // MARK: - Processes

    static var runsAsRoot: Bool { geteuid() == 0 }

    /// A file the server (the postgres user when Strata runs as root) can read, and only it.
    static func writeOwned(_ text: String, to path: String, mode: Int) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        var attributes: [FileAttributeKey: Any] = [.posixPermissions: mode]
        if runsAsRoot { attributes[.ownerAccountName] = "postgres"; attributes[.groupOwnerAccountName] = "postgres" }
        try FileManager.default.setAttributes(attributes, ofItemAtPath: path)
    }

    /// Runs a PostgreSQL program, as the postgres system user when Strata runs as root.
    ///
    /// Not Foundation's `Process`: it learns that a child exited through a descriptor the child
    /// inherits, and `pg_ctl start` hands everything it inherited to the server it leaves running,
    /// so `waitUntilExit` would wait for the server. Here the child gets only stdin, stdout and
    /// stderr (output to a file), and the parent reaps it with `waitpid`.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let argv = runsAsRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("strata-pg-output-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: capture) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        // Signals Strata ignores (it handles SIGINT itself) must not stay ignored in the server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
        guard spawned == 0 else {
            throw Failure(step: "run \((executable as NSString).lastPathComponent) for", output: String(cString: strerror(spawned)))
        }
        inFlight.withLock { _ = $0.insert(pid) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        inFlight.withLock { _ = $0.remove(pid) }
        let output = FileManager.default.contents(atPath: capture) ?? Data()
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        let exitCode: Int32 = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitCode, String(decoding: output, as: UTF8.self))
    }

    /// This process's open file descriptors, from /proc/self/fd.
    static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    // MARK: - Cleanup

    /// Running clusters' folders and their pg_ctl: what cleanup needs, without keeping the clusters alive.
    private static let live = Mutex<[String: String]>([:])
    private static let cleanupAtExit = Mutex(false)

    /// initdb or pg_ctl processes Strata is waiting for: ``stopAll()`` ends them too, not only the servers.
    private static let inFlight = Mutex<Set<pid_t>>([])

    /// Stops and deletes every cluster still running, and ends the initdb or pg_ctl in flight.
    /// For the executable's signal handler (Ctrl-C, SIGTERM); the library installs none. Safe
    /// from any thread, and safe to call twice.
    package static func stopAll() {
        // A pg_ctl start in flight would otherwise go on waiting for a server we are about to stop.
        for pid in inFlight.withLock({ $0 }) { kill(pid, SIGTERM) }
        let clusters = live.withLock { value in
            defer { value = [:] }
            return value
        }
        for (directory, pgCtl) in clusters { shutDown(directory: directory, pgCtl: pgCtl) }
    }

    /// When the process exits normally with a cluster still running (one held in a static, a
    /// command that calls `exit`), the cluster is stopped and deleted.
    static func registerCleanupAtExit() {
        cleanupAtExit.withLock { registered in
            guard !registered else { return }
            registered = true
            atexit { EphemeralCluster.stopAll() }
        }
    }
}
