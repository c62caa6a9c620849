import ArgumentParser
import Foundation

/// Graphviz's `dot` (Debian's `graphviz`), run once a diagram: DOT on standard input, SVG out.
enum Graphviz {
    static func svg(_ dot: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["dot", "-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw ValidationError("--svg needs Graphviz's dot (Debian: apt-get install graphviz): \(error)") }
        // Written from a thread: a large diagram must not block reading the SVG.
        let writer = Thread {
            input.fileHandleForWriting.write(Data(dot.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ValidationError("--svg: dot failed (\(process.terminationStatus)): \(text.isEmpty ? "is Graphviz installed? (Debian: apt-get install graphviz)" : text)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
