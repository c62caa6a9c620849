import Foundation

/// The file operations StrataKit needs, over `FileManager`, with errors that carry the system's
/// own reason ("No such file or directory", "Permission denied") for messages that name the file.
package enum FileSystem {
    /// Why a file operation failed, as the system says it.
    package struct Failure: Error, Sendable, CustomStringConvertible {
        package var reason: String
        package var description: String { reason }

        init(_ error: any Error) {
            let error = error as NSError
            // Foundation on Linux reports a missing or forbidden file by its own code, with no
            // POSIX error underneath: those two are spelled as the system spells them.
            let posix: Int32? = if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
                                   underlying.domain == NSPOSIXErrorDomain { Int32(underlying.code) }
                else if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileReadNoSuchFile.rawValue { ENOENT }
                else if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileReadNoPermission.rawValue { EACCES }
                else { nil }
            if let posix, let text = strerror(posix) {
                reason = String(cString: text)
            } else {
                reason = error.localizedDescription
            }
        }

        init(reason: String) { self.reason = reason }
    }

    /// The whole file as UTF-8 text (invalid bytes become U+FFFD).
    package static func readText(_ path: String) throws(Failure) -> String {
        if isDirectory(path) == true { throw Failure(reason: "is a folder, not a file") }
        do {
            return String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        } catch {
            throw Failure(error)
        }
    }

    /// Writes `text` to a new file; an existing one is replaced.
    package static func writeText(_ text: String, to path: String) throws(Failure) {
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch { throw Failure(error) }
    }

    /// `true` for a folder, `false` for anything else that exists, `nil` when nothing is there.
    package static func isDirectory(_ path: String) -> Bool? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        return isDirectory.boolValue
    }

    /// The names in a folder (not `.` and `..`), in no particular order.
    package static func contentsOfDirectory(_ path: String) throws(Failure) -> [String] {
        do { return try FileManager.default.contentsOfDirectory(atPath: path) } catch { throw Failure(error) }
    }

    /// Creates the folder and any missing parents (like `mkdir -p`).
    package static func createDirectories(_ path: String) throws(Failure) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch { throw Failure(error) }
    }
}
