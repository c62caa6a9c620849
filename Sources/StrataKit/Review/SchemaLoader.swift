import Foundation

/// An input file that could not be read.
public struct InputError: StrataError {
    /// What kind of failure: `.unreadableInput`, or a more precise code such as `.missingMigrationsFolder`.
    public internal(set) var code: StrataErrorCode = .unreadableInput
    /// The file or folder.
    public internal(set) var path: String
    /// What went wrong with it.
    public internal(set) var message: String

    package init(path: String, message: String, code: StrataErrorCode = .unreadableInput) {
        self.path = path
        self.message = message
        self.code = code
    }

    /// The file or folder.
    public var position: String? { path }
    /// What went wrong with it.
    public var reason: String { message }
    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

/// SQL files read, parsed and replayed into one model.
package struct LoadedSchema: Sendable {
    package var files: [ParsedFile]
    package var schema: DatabaseSchema
    package var notes: [InterpreterNote]
    /// DO blocks, or parts of them, whose statements Strata could not follow.
    package var unreadBlocks: [InterpreterNote] = []
    /// The Prisma schema read, when the sources were `.prisma` files.
    package var prisma: PrismaSchema?
    package var timings = ParseTimings()
    package var interpretDuration: Duration = .zero
}

package enum SchemaLoader {
    /// The files `paths` name, read: a migrations folder's up migrations in its layout's order
    /// (a single-file layout's up section only), a Prisma folder's `.prisma` files, files as they are.
    package static func inputSources(for paths: [String]) throws(InputError) -> [(path: String, text: String)] {
        var sources: [(path: String, text: String)] = []
        for path in paths {
            if FileSystem.isDirectory(path) == true, let prisma = prismaFiles(in: path) {
                for file in prisma { sources.append((file, try read(file))) }
            } else {
                for file in try MigrationFolder.discover([path]) { sources.append((file.upPath, try file.readUp())) }
            }
        }
        return sources
    }

    /// A path Strata reads as Prisma.
    package static func isPrisma(_ path: String) -> Bool { path.hasSuffix(".prisma") }

    /// The `.prisma` files under `folder` when it holds no `.sql` file of its own; nil otherwise.
    static func prismaFiles(in folder: String) -> [String]? {
        guard let names = try? FileSystem.contentsOfDirectory(folder), !names.contains(where: { $0.hasSuffix(".sql") }),
              let enumerator = FileManager.default.enumerator(atPath: folder) else { return nil }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if isPrisma(relative) { files.append(folder.appendingPathComponent(relative)) }
        }
        return files.isEmpty ? nil : files.sorted()
    }

    /// Migration file names sort by their numeric version prefix (`2_x` before `10_x`), then by name.
    package static func versionOrder(_ lhs: String, _ rhs: String) -> Bool {
        let left = versionNumber(lhs), right = versionNumber(rhs)
        if let left, let right, left != right { return left < right }
        return lhs < rhs
    }

    package static func versionNumber(_ name: String) -> UInt64? {
        let digits = name.prefix { $0.isNumber }
        return digits.isEmpty ? nil : UInt64(digits.prefix(19))
    }

    package static func read(_ path: String) throws(InputError) -> String {
        do { return try FileSystem.readText(path) } catch {
            throw InputError(path: path, message: "cannot read the file: \(error)")
        }
    }

    /// Parses and replays files in order. Syntax errors are kept per file; the rest still applies.
    package static func load(paths: [String]) throws(InputError) -> LoadedSchema {
        load(sources: try inputSources(for: paths))
    }

    /// Parses and replays `sources` in order; statements `reuse` holds are not parsed again.
    package static func load(sources: [(path: String, text: String)], reusing reuse: StatementReuse? = nil) -> LoadedSchema {
        interpret(parse(sources: sources, reusing: reuse))
    }

    /// Sources parsed, not yet replayed: the files' statements, and the Prisma schema read.
    package struct ParsedSources: Sendable {
        package var files: [ParsedFile]
        package var prisma: PrismaSchema?
    }

    /// Parses `sources`: `.prisma` files through the DDL Prisma Migrate would write, SQL files
    /// with libpg_query (statements `reuse` holds are taken from it).
    package static func parse(sources: [(path: String, text: String)], reusing reuse: StatementReuse? = nil) -> ParsedSources {
        let prismaSources = sources.filter { isPrisma($0.path) }
        var prisma: PrismaSchema?
        var parsed: [ParsedFile] = []
        if !prismaSources.isEmpty {
            // A Prisma schema becomes the DDL Prisma Migrate would write; its statements and the
            // model built from them point back at the `.prisma` lines.
            do {
                let schema = try PrismaSchema.read(prismaSources)
                parsed.append(schema.parsedDDL())
                prisma = schema
            } catch {
                let source = prismaSources.first { $0.path == error.location.file } ?? prismaSources[0]
                parsed.append(ParsedFile(source: SourceText(path: source.path, text: source.text), statements: [],
                                         syntaxErrors: [SyntaxError(message: error.message, location: error.location)],
                                         metaCommands: [], comments: []))
            }
        }
        parsed += sources.filter { !isPrisma($0.path) }.map { PostgresParser.parse(path: $0.path, text: $0.text, reusing: reuse) }
        return ParsedSources(files: parsed, prisma: prisma)
    }

    /// Applies the statements a DO block runs (``DoBlock``), each at the line it has in the
    /// file; returns what could not be followed.
    static func applyDoBlock(_ statement: ParsedStatement, of file: ParsedFile, to interpreter: inout SchemaInterpreter) -> [InterpreterNote] {
        let bytes = file.serverBytes.isEmpty ? file.source.bytes : file.serverBytes
        let range = statement.range.clamped(to: 0..<bytes.count)
        let block = DoBlock.extract(String(decoding: bytes[range], as: UTF8.self))
        let at = { (line: Int) in SourceLocation(file: statement.location.file, line: statement.location.line + max(0, line - 1), column: 1) }
        for inner in block.statements {
            let parsed = PostgresParser.parse(path: statement.location.file, text: inner.sql)
            guard parsed.syntaxErrors.isEmpty else { continue }
            for var nested in parsed.statements {
                nested.location = at(inner.line)
                interpreter.apply(nested)
            }
        }
        return block.notUnderstood.map { InterpreterNote(message: "DO block: \($0.reason); the statements it runs are not in the model", location: at($0.line)) }
    }

    /// Replays parsed sources in order into a model.
    package static func interpret(_ sources: ParsedSources) -> LoadedSchema {
        let parsed = sources.files, prisma = sources.prisma
        var timings = ParseTimings()
        for file in parsed {
            timings.parsing += file.timings.parsing
            timings.decoding += file.timings.decoding
            timings.reused += file.timings.reused
        }
        let clock = ContinuousClock()
        let start = clock.now
        var interpreter = SchemaInterpreter()
        var unreadBlocks: [InterpreterNote] = []
        for file in parsed {
            for statement in file.statements {
                guard case .other("DoStmt") = statement.kind else {
                    interpreter.apply(statement)
                    continue
                }
                unreadBlocks += applyDoBlock(statement, of: file, to: &interpreter)
            }
        }
        var schema = interpreter.schema
        if let prisma { schema = schema.mappingSourceLocations { prisma.map($0) } }
        var notes = interpreter.notes
        if let prisma {
            for index in notes.indices { notes[index].location = prisma.map(notes[index].location) ?? notes[index].location }
        }
        var loaded = LoadedSchema(files: parsed, schema: schema, notes: notes, unreadBlocks: unreadBlocks, prisma: prisma, timings: timings)
        loaded.interpretDuration = clock.now - start
        return loaded
    }
}
