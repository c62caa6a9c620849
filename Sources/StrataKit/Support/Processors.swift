#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many processors are online, for sizing parallel parsing. Asked of the system directly:
/// `ProcessInfo` would load Foundation's URL and file-reading code into the lint binary to read
/// cgroup files for the same number.
package enum Processors {
    package static let available: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
