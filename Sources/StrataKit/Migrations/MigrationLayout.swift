import Foundation

/// How a project keeps its migrations, detected from the files: which files are migrations, how
/// their versions order, where each down is, and which run outside a transaction. Every reader of
/// a folder (lint, review, diff, migrate) goes through ``read(folder:)``.
package enum MigrationLayout: String, Sendable, CaseIterable {
    /// `NNNN_name.up.sql` + `NNNN_name.down.sql`: Strata's own, golang-migrate's, sqlx's reversible.
    case upDownPairs = "up/down pairs"
    /// `2024-01-01-000000_name/up.sql` + `down.sql` (Rust's diesel).
    case diesel
    /// One file a migration, `-- migrate:up` and `-- migrate:down` sections.
    case dbmate
    /// One file a migration, `-- +goose Up` and `-- +goose Down` sections.
    case goose
    /// `V2__name.sql`, undo `U2__name.sql`, repeatable `R__name.sql`; dotted versions.
    case flyway
    /// gobuffalo/pop: 14- or 20-digit versions, a file per dialect (`.postgres.up.sql`).
    case pop
    /// Prisma Migrate: `20240101000000_name/migration.sql`, no downs.
    case prisma
    /// Atlas: versioned `.sql` files beside `atlas.sum`, no downs.
    case atlas
    /// Numbered `.sql` files with no down convention, or a folder of schema files.
    case plain

    /// Reads a folder's migrations in version order. A folder with nothing Strata can read as
    /// migrations or SQL is an error naming what it found, never an empty list.
    package static func read(folder: String) throws(InputError) -> (layout: MigrationLayout, files: [MigrationFile]) {
        let names: [String]
        do { names = try FileSystem.contentsOfDirectory(folder).sorted() } catch {
            throw InputError(path: folder, message: "cannot list the folder: \(error)")
        }
        let path = { (name: String) in folder.appendingPathComponent(name) }
        let subfolders = names.filter { FileSystem.isDirectory(path($0)) == true }
        if subfolders.contains(where: { FileSystem.isDirectory(path($0).appendingPathComponent("up.sql")) == false }) {
            return (.diesel, try ordered(subfolders.compactMap { name -> MigrationFile? in
                let up = path(name).appendingPathComponent("up.sql"), down = path(name).appendingPathComponent("down.sql")
                guard FileSystem.isDirectory(up) == false else { return nil }
                // `2017-06-19-140528_create_users`: the date and time are the version.
                let stamp = name.prefix { $0.isNumber || $0 == "-" }.filter(\.isNumber)
                return MigrationFile(sortVersion: MigrationVersion(Substring(stamp)), name: name, upPath: up,
                                     downPath: FileSystem.isDirectory(down) == false ? down : nil, inFolder: true, layout: .diesel)
            }))
        }
        if subfolders.contains(where: { FileSystem.isDirectory(path($0).appendingPathComponent("migration.sql")) == false }) {
            return (.prisma, try ordered(subfolders.compactMap { name -> MigrationFile? in
                let up = path(name).appendingPathComponent("migration.sql")
                guard FileSystem.isDirectory(up) == false else { return nil }
                return MigrationFile(sortVersion: MigrationVersion(name.prefix(while: \.isNumber)), name: name, upPath: up, downPath: nil,
                                     inFolder: false, layout: .prisma)
            }))
        }
        let sql = names.filter { $0.hasSuffix(".sql") && FileSystem.isDirectory(path($0)) == false }
        if sql.isEmpty {
            let fizz = names.filter { $0.hasSuffix(".fizz") }
            throw InputError(path: folder, message: fizz.isEmpty
                ? "no migrations here: no .sql files, and no diesel (NAME/up.sql) or Prisma (NAME/migration.sql) folders"
                : "\(fizz.count) pop migrations written in fizz, which is not SQL: generate SQL migrations (soda generate sql) to lint them")
        }
        if sql.contains(where: { $0.hasSuffix(".up.sql") }) { return try pairs(sql, in: folder) }
        if sql.allSatisfy({ flywayName($0) != nil }) { return try flyway(sql, in: folder) }
        var texts: [String: String] = [:]
        for name in sql { texts[name] = try SchemaLoader.read(path(name)) }
        // One file a migration, its up and down as marked sections.
        let sectioned: [(layout: MigrationLayout, isMarked: (String) -> Bool, sections: (String) -> FileSections)] = [
            (.dbmate, DbmateSections.isMarked, DbmateSections.sections),
            (.goose, GooseSections.isMarked, GooseSections.sections),
        ]
        for kind in sectioned where texts.values.contains(where: kind.isMarked) {
            return (kind.layout, try ordered(sql.map { name in
                let sections = kind.sections(texts[name]!)
                return MigrationFile(sortVersion: MigrationVersion(name.prefix(while: \.isNumber)), name: name, upPath: path(name),
                                     downPath: sections.down == nil ? nil : path(name), inFolder: true, layout: kind.layout,
                                     upText: sections.up, downText: sections.down)
            }))
        }
        let layout: MigrationLayout = names.contains("atlas.sum") ? .atlas : .plain
        return (layout, sql.sorted(by: SchemaLoader.versionOrder).map { name in
            MigrationFile(sortVersion: MigrationVersion(name.prefix(while: \.isNumber)), name: name, upPath: path(name), downPath: nil,
                          inFolder: false, layout: layout)
        })
    }

    /// In version order; two migrations with one version are refused (one would run twice or never).
    static func ordered(_ files: [MigrationFile]) throws(InputError) -> [MigrationFile] {
        let sorted = files.sorted { left, right in
            switch (left.sortVersion, right.sortVersion) {
            case let (l?, r?) where l != r: l < r
            default: left.upPath < right.upPath
            }
        }
        for (first, second) in zip(sorted, sorted.dropFirst()) where first.sortVersion != nil && first.sortVersion == second.sortVersion {
            throw InputError(path: second.upPath, message: "version \(second.sortVersion!) is also \(first.upPath); each version must be unique")
        }
        return sorted
    }

    /// The dialects pop writes a file for; the PostgreSQL one (or the dialect-free one) is read.
    static let popDialects = ["postgres", "mysql", "sqlite3", "sqlite", "cockroach", "mariadb"]

    /// `.up.sql` and `.down.sql` pairs; pop when a dialect suffix or a version beyond 64 bits shows.
    static func pairs(_ names: [String], in folder: String) throws(InputError) -> (layout: MigrationLayout, files: [MigrationFile]) {
        var layout = MigrationLayout.upDownPairs
        var chosen: [String: (up: String?, down: String?, dialect: String?)] = [:]
        for name in names {
            let direction: String
            if name.hasSuffix(".up.sql") { direction = "up" } else if name.hasSuffix(".down.sql") { direction = "down" } else {
                throw InputError(path: folder.appendingPathComponent(name), message: "not a migration file name: expected NNNN_name.up.sql and NNNN_name.down.sql")
            }
            var stem = String(name.dropLast(".\(direction).sql".count))
            var dialect: String?
            if let dot = stem.lastIndex(of: "."), popDialects.contains(String(stem[stem.index(after: dot)...])) {
                dialect = String(stem[stem.index(after: dot)...])
                stem = String(stem[..<dot])
                layout = .pop
            }
            // Only PostgreSQL's file, or the dialect-free one when there is none.
            guard dialect == nil || dialect == "postgres" else { continue }
            var entry = chosen[stem] ?? (nil, nil, nil)
            if entry.dialect == "postgres", dialect == nil { continue }
            if direction == "up" { entry.up = name } else { entry.down = name }
            if dialect != nil { entry.dialect = dialect }
            chosen[stem] = entry
        }
        var files: [MigrationFile] = []
        for (stem, entry) in chosen {
            guard let up = entry.up else {
                throw InputError(path: folder.appendingPathComponent(entry.down!), message: "a down migration without its up file")
            }
            let digits = stem.prefix(while: \.isNumber)
            guard !digits.isEmpty else {
                throw InputError(path: folder.appendingPathComponent(up), message: "a migration's name must start with its version number: NNNN_name.up.sql")
            }
            if digits.count > 19 { layout = .pop }
            files.append(MigrationFile(sortVersion: MigrationVersion(digits), name: stem, upPath: folder.appendingPathComponent(up),
                                       downPath: entry.down.map(folder.appendingPathComponent), inFolder: true, layout: layout))
        }
        return (layout, try ordered(files).map { var file = $0; file.layout = layout; return file })
    }

    /// `V1_2__add.sql` → (V, 1.2, add); nil for other names.
    static func flywayName(_ name: String) -> (kind: Character, version: MigrationVersion?, description: String)? {
        guard let kind = name.first, "VUR".contains(kind), name.hasSuffix(".sql"), let separator = name.range(of: "__") else { return nil }
        let versionText = name[name.index(after: name.startIndex)..<separator.lowerBound]
        let description = String(name[separator.upperBound...].dropLast(".sql".count))
        if kind == "R" { return versionText.isEmpty ? (kind, nil, description) : nil }
        guard let version = MigrationVersion(versionText.replacingOccurrences(of: "_", with: ".")[...]) else { return nil }
        return (kind, version, description)
    }

    /// Versioned migrations in semantic order with their undo files as downs, then the
    /// repeatable ones by description.
    static func flyway(_ names: [String], in folder: String) throws(InputError) -> (layout: MigrationLayout, files: [MigrationFile]) {
        let parsed = names.compactMap { name in flywayName(name).map { (name, $0) } }
        let undo = Dictionary(parsed.filter { $0.1.kind == "U" }.map { ($0.1.version!, $0.0) }, uniquingKeysWith: { first, _ in first })
        let versioned = try ordered(parsed.filter { $0.1.kind == "V" }.map { name, info in
            MigrationFile(sortVersion: info.version, name: info.description, upPath: folder.appendingPathComponent(name),
                          downPath: undo[info.version!].map(folder.appendingPathComponent), inFolder: true, layout: .flyway)
        })
        let repeatable = parsed.filter { $0.1.kind == "R" }.sorted { $0.1.description < $1.1.description }.map { name, info in
            MigrationFile(sortVersion: nil, name: info.description, upPath: folder.appendingPathComponent(name), downPath: nil, inFolder: false, layout: .flyway)
        }
        return (.flyway, versioned + repeatable)
    }
}

/// A migration version as its digits, compared as an arbitrary-length number (pop's 20 digits
/// included); Flyway's dotted versions compare part by part (`1.10` after `1.9`).
package struct MigrationVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Each dotted part without leading zeros ("0" for zero).
    package let parts: [String]

    /// Nil when `text` is not digits (and dots).
    package init?(_ text: Substring) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !text.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        self.parts = parts.map { part in
            let trimmed = part.drop { $0 == "0" }
            return trimmed.isEmpty ? "0" : String(trimmed)
        }
    }

    /// The version as a 64-bit integer, when it is one and fits.
    package var integer: UInt64? { parts.count == 1 ? UInt64(parts[0]) : nil }

    package var description: String { parts.joined(separator: ".") }

    package static func < (left: MigrationVersion, right: MigrationVersion) -> Bool {
        for (l, r) in zip(left.parts, right.parts) where l != r {
            return l.count != r.count ? l.count < r.count : l < r
        }
        return left.parts.count < right.parts.count
    }
}

/// A single-file migration's up and down sections, each as the whole file with the other
/// section's lines left blank: line and column numbers stay those of the file.
struct FileSections {
    var up: String
    var down: String?

    /// `opens`: the section a marker line opens (true for up). Lines before the first marker
    /// belong to no section. `noTransaction`: which sections run outside a transaction; their
    /// marker line becomes Strata's own directive so that every reader sees it.
    init(_ text: String, opens: (Substring) -> Bool?, noTransaction: (up: Bool, down: Bool)) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var upLines: [Substring] = [], downLines: [Substring] = []
        var section: Bool?
        var sawDown = false
        for line in lines {
            if let opened = opens(line) {
                section = opened
                if !opened { sawDown = true }
                let directive = "-- \(MigrationDirectives.noTransactionMarker)"
                upLines.append(opened && noTransaction.up ? directive[...] : "")
                downLines.append(!opened && noTransaction.down ? directive[...] : "")
                continue
            }
            upLines.append(section == true ? line : "")
            downLines.append(section == false ? line : "")
        }
        up = upLines.joined(separator: "\n")
        down = sawDown ? downLines.joined(separator: "\n") : nil
    }
}

/// dbmate: `-- migrate:up [transaction:false]` and `-- migrate:down`.
enum DbmateSections {
    static func marker(_ line: Substring) -> String? {
        let trimmed = line.trimmingWhitespace
        guard trimmed.hasPrefix("--") else { return nil }
        let rest = trimmed.dropFirst(2).trimmingWhitespace
        return rest.hasPrefix("migrate:") ? String(rest) : nil
    }

    static func isMarked(_ text: String) -> Bool { text.contains("-- migrate:up") || text.contains("--migrate:up") }

    static func sections(_ text: String) -> FileSections {
        let lines = text.split(separator: "\n")
        let outside = { (section: String) in
            lines.first { marker($0)?.hasPrefix(section) == true }.map { $0.contains("transaction:false") } ?? false
        }
        return FileSections(text, opens: { line in
            guard let marker = marker(line) else { return nil }
            if marker.hasPrefix("migrate:up") { return true }
            if marker.hasPrefix("migrate:down") { return false }
            return nil
        }, noTransaction: (up: outside("migrate:up"), down: outside("migrate:down")))
    }
}

/// goose: `-- +goose Up`, `-- +goose Down`, `-- +goose NO TRANSACTION`; `StatementBegin`/`End`
/// are comments to the parser and stay.
enum GooseSections {
    static func directive(_ line: Substring) -> String? {
        let trimmed = line.trimmingWhitespace
        guard trimmed.hasPrefix("--") else { return nil }
        let rest = trimmed.dropFirst(2).trimmingWhitespace
        return rest.lowercased().hasPrefix("+goose") ? rest.dropFirst("+goose".count).trimmingWhitespace.lowercased() : nil
    }

    static func isMarked(_ text: String) -> Bool { text.lowercased().contains("+goose up") }

    static func sections(_ text: String) -> FileSections {
        // goose's NO TRANSACTION is the file's: both directions run outside a transaction.
        let outside = text.split(separator: "\n").contains { directive($0) == "no transaction" }
        return FileSections(text, opens: { line in
            switch directive(line) {
            case "up": true
            case "down": false
            default: nil
            }
        }, noTransaction: (up: outside, down: outside))
    }
}
