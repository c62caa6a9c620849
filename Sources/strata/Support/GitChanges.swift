import ArgumentParser
import Foundation

/// The files git says changed since a revision (committed, staged or not), plus untracked ones:
/// what a branch adds to a migrations folder.
enum GitChanges {
    static func files(since revision: String, under paths: [String]) throws -> [String] {
        let root = try git(["rev-parse", "--show-toplevel"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let changed = try git(["diff", "--name-only", "--diff-filter=ACMR", revision, "--"] + paths)
        let untracked = try git(["ls-files", "--others", "--exclude-standard", "--"] + paths)
        return Set((changed + "\n" + untracked).split(separator: "\n").map(String.init).filter { !$0.isEmpty })
            .map { (root as NSString).appendingPathComponent($0) }.sorted()
    }

    static func git(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw ValidationError("--changed-since needs git: \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("git \(arguments.joined(separator: " ")): \(String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
