import Foundation

/// The bytes of one log: a file, standard input (`-`), or a gzip file read through `gzip -dc`
/// (compressed logs are usually rotated ones; gzip is on every machine PostgreSQL runs on).
package final class LogByteSource {
    package let path: String
    private var descriptor: Int32
    private var decompressor: Process?
    /// gzip's output, kept open while it is read.
    private var pipe: Pipe?
    /// Bytes read ahead to sniff the format, handed out first.
    private var pending: [UInt8] = []

    package init(path: String) throws(QueryInputError) {
        self.path = path
        if path == "-" {
            descriptor = 0
            return
        }
        guard FileSystem.isDirectory(path) == false else {
            throw QueryInputError(path: path, message: FileSystem.isDirectory(path) == true ? "is a folder; give the log files in it" : "no such file")
        }
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else { throw QueryInputError(path: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        var magic = [UInt8](repeating: 0, count: 2)
        let count = Foundation.read(opened, &magic, 2)
        guard count == 2, magic == [0x1f, 0x8b] else {
            descriptor = opened
            pending = Array(magic.prefix(max(0, count)))
            return
        }
        Foundation.close(opened)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", "--", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw QueryInputError(path: path, message: "is gzip-compressed and gzip could not be started: \(error.localizedDescription)")
        }
        decompressor = process
        descriptor = pipe.fileHandleForReading.fileDescriptor
        self.pipe = pipe
    }

    /// A log held in memory.
    package init(path: String, bytes: [UInt8]) {
        self.path = path
        descriptor = -1
        pending = bytes
    }

    /// Appends up to `maximum` bytes to `buffer`; 0 at the end.
    package func read(into buffer: inout [UInt8], maximum: Int) throws(QueryInputError) -> Int {
        if !pending.isEmpty {
            buffer.append(contentsOf: pending)
            defer { pending = [] }
            return pending.count
        }
        guard descriptor >= 0 else { return 0 }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: maximum))
        var filled = 0
        let result = buffer.withUnsafeMutableBytes { raw -> Int in
            while filled < maximum {
                let count = Foundation.read(descriptor, raw.baseAddress! + start + filled, maximum - filled)
                if count < 0, errno == EINTR { continue }
                if count < 0 { return -1 }
                if count == 0 { break }
                filled += count
            }
            return filled
        }
        buffer.removeLast(maximum - max(result, 0))
        if result < 0 { throw QueryInputError(path: path, message: "read failed: \(String(cString: strerror(errno)))") }
        if result == 0, let decompressor {
            decompressor.waitUntilExit()
            if decompressor.terminationStatus != 0 { throw QueryInputError(path: path, message: "gzip could not decompress it (status \(decompressor.terminationStatus))") }
        }
        return result
    }

    deinit {
        if decompressor == nil, descriptor > 0 { Foundation.close(descriptor) }
        if let decompressor, decompressor.isRunning { decompressor.terminate() }
    }
}
