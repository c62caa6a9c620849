import Foundation

/// Writing and checking a folder of generated pages (`strata docs`): only the files whose text
/// changed are written, pages of tables that no longer exist are removed, and `differences`
/// names every file that is missing, stale or left over, with the first line that differs.
package enum DocumentationFolder {
    /// Writes `files` under `folder`; returns how many were created or changed.
    package static func write(_ files: [(path: String, text: String)], to folder: String) throws(InputError) -> Int {
        var changed = 0
        for file in files {
            let path = folder.appendingPathComponent(file.path)
            if (try? FileSystem.readText(path)) == file.text { continue }
            do {
                try FileSystem.createDirectories(path.deletingLastPathComponent)
                try FileSystem.writeText(file.text, to: path)
            } catch {
                throw InputError(path: path, message: "cannot write the file: \(error)")
            }
            changed += 1
        }
        for stale in try leftovers(files, in: folder) {
            do { try FileManager.default.removeItem(atPath: folder.appendingPathComponent(stale)) } catch {
                throw InputError(path: folder.appendingPathComponent(stale), message: "cannot remove the stale page: \(error)")
            }
            changed += 1
        }
        return changed
    }

    /// `path: missing`, `path:LINE: differs: expected ... found ...`, `path: no such table any more`.
    package static func differences(_ files: [(path: String, text: String)], in folder: String) throws(InputError) -> [String] {
        var differences: [String] = []
        for file in files {
            let path = folder.appendingPathComponent(file.path)
            guard let current = try? FileSystem.readText(path) else {
                differences.append("\(path): missing")
                continue
            }
            guard current != file.text else { continue }
            let expected = file.text.split(separator: "\n", omittingEmptySubsequences: false)
            let found = current.split(separator: "\n", omittingEmptySubsequences: false)
            let line = Array(zip(expected, found)).firstIndex { $0 != $1 } ?? min(expected.count, found.count)
            let want = line < expected.count ? String(expected[line]) : "(end of file)"
            let have = line < found.count ? String(found[line]) : "(end of file)"
            differences.append("\(path):\(line + 1): stale: the schema gives `\(want)`, the file has `\(have)`")
        }
        for stale in try leftovers(files, in: folder) {
            differences.append("\(folder.appendingPathComponent(stale)): \(stale.hasSuffix(".svg") ? "a diagram" : "a page of a table") the schema no longer has")
        }
        return differences
    }

    /// Pages under `tables/` and diagrams under `diagrams/` that nothing writes any more.
    static func leftovers(_ files: [(path: String, text: String)], in folder: String) throws(InputError) -> [String] {
        let expected = Set(files.map(\.path))
        var stale: [String] = []
        for (subfolder, suffix) in [("tables", ".md"), ("diagrams", ".svg")] {
            let directory = folder.appendingPathComponent(subfolder)
            guard FileSystem.isDirectory(directory) == true else { continue }
            let names: [String]
            do { names = try FileSystem.contentsOfDirectory(directory) } catch {
                throw InputError(path: directory, message: "cannot list the folder: \(error)")
            }
            stale += names.filter { $0.hasSuffix(suffix) }.map { "\(subfolder)/" + $0 }.filter { !expected.contains($0) }
        }
        return stale.sorted()
    }
}
