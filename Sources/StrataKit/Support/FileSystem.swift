#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file operations StrataKit needs, on POSIX calls: errors carry the system's own reason
/// ("No such file or directory", "Permission denied"), and the library stays free of Foundation,
/// which the `strata` binary that lints does not load (see `Launcher` in StrataCLI).
package enum FileSystem {
    /// Why a file operation failed, as the system says it (`strerror`).
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package var reason: String
        package var description: String { reason }

        static func fromErrno() -> Failure {
            let code = errno
            return Failure(reason: strerror(code).map { String(cString: $0) } ?? "error \(code)")
        }
    }

    /// The whole file as UTF-8 text (invalid bytes become U+FFFD).
    package static func readText(_ path: String) throws(Failure) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .fromErrno() }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .fromErrno() }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw Failure(reason: "is a folder, not a file") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .fromErrno()
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `text` to a new file; an existing one is replaced.
    package static func writeText(_ text: String, to path: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .fromErrno() }
        defer { close(descriptor) }
        try write(text, toDescriptor: descriptor)
    }

    /// Writes all of `text` to an open descriptor (a file, standard output), however many
    /// `write` calls that takes.
    package static func write(_ text: String, toDescriptor descriptor: Int32) throws(Failure) {
        var text = text
        let failure: Failure? = text.withUTF8 { bytes in
            guard var next = bytes.baseAddress else { return nil }
            var left = bytes.count
            while left > 0 {
                let written = systemWrite(descriptor, next, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    return .fromErrno()
                }
                next += written
                left -= written
            }
            return nil
        }
        if let failure { throw failure }
    }

    /// `true` for a folder, `false` for anything else that exists, `nil` when nothing is there.
    package static func isDirectory(_ path: String) -> Bool? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a folder (not `.` and `..`), in no particular order.
    package static func contentsOfDirectory(_ path: String) throws(Failure) -> [String] {
        guard let directory = opendir(path) else { throw .fromErrno() }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Creates the folder and any missing parents (like `mkdir -p`).
    package static func createDirectories(_ path: String) throws(Failure) {
        if isDirectory(path) == true { return }
        let parent = path.deletingLastPathComponent
        if !parent.isEmpty, parent != path { try createDirectories(parent) }
        if mkdir(path, 0o755) != 0, errno != EEXIST { throw .fromErrno() }
    }

    /// The working directory, absolute.
    package static var currentDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
