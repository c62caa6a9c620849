#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `strata` is two binaries. `strata` itself runs the commands that read only files and run on
/// every commit (`lint`, `rules`): it links neither Foundation nor the database drivers (SwiftNIO,
/// PostgresNIO, GRDB) and carries its Swift runtime inside, so it starts small, about a third of
/// the memory of the full binary doing nothing. For every other command it becomes (exec, same
/// process id, same arguments) `strata-full`, installed beside it, which has every command.
package enum Launcher {
    /// The commands the `strata` binary runs itself.
    package static let ownCommands: Set<String> = ["lint", "rules"]
    package static let fullBinaryName = "strata-full"

    /// Whether these arguments (as `CommandLine.arguments`) name one of `ownCommands`. The root
    /// command takes no options, so the first argument that is not an option is the subcommand.
    package static func runsHere(_ arguments: [String]) -> Bool {
        guard let command = arguments.dropFirst().first(where: { !$0.hasPrefix("-") }) else { return false }
        return ownCommands.contains(command)
    }

    /// glibc gives each thread that allocates a heap of its own and keeps freed memory for later;
    /// for a command that parses on every core and exits within seconds, one heap that returns
    /// large blocks at once holds about 4 MB less at its peak, at no measurable cost in time.
    package static func useCompactHeap() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module leaves out; the numbers are
        // glibc's M_ARENA_MAX (-8), M_TRIM_THRESHOLD (-1) and M_MMAP_THRESHOLD (-3).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-8, 1)
        _ = mallopt(-1, 128 * 1024)
        _ = mallopt(-3, 128 * 1024)
        #endif
    }

    /// Replaces this process with `strata-full` from the same folder, with the same arguments.
    package static func becomeFullBinary(_ arguments: [String]) -> Never {
        let path = executableFolder().appendingPathComponent(fullBinaryName)
        var cArguments = arguments.map { strdup($0) } + [nil]
        execv(path, &cArguments)
        let reason = strerror(errno).map { String(cString: $0) } ?? "error \(errno)"
        Console.error("strata: cannot run \(path) (\(reason)); install it beside strata: every command but lint and rules is there")
        exit(2)
    }

    /// The folder of the running binary (symbolic links resolved, so a link in ~/bin still finds
    /// its sibling in the build folder).
    static func executableFolder() -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        let length = buffer.withUnsafeMutableBufferPointer { readlink("/proc/self/exe", $0.baseAddress!, $0.count) }
        if length > 0 { return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self).deletingLastPathComponent }
        #endif
        return (CommandLine.arguments.first ?? "").deletingLastPathComponent
    }
}
