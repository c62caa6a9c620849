import Foundation
import Dispatch
import Synchronization
internal import CPgQuery

/// A statement PostgreSQL's parser rejected, with its position in the file.
package struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package var location: SourceLocation

    package var description: String { "\(location): syntax error: \(message)" }
}

/// Errors of the parser's one-shot helpers (`fingerprint`, `normalize`).
package enum ParseError: Error, Sendable, Equatable {
    case syntax(message: String, characterOffset: Int)
}

/// A SQL file after psql pre-processing, splitting and parsing, statement by statement.
package struct ParsedFile: Sendable {
    package var source: SourceText
    package var statements: [ParsedStatement]
    package var syntaxErrors: [SyntaxError]
    package var metaCommands: [PsqlScript.MetaCommand]
    package var comments: [PsqlScript.Comment]
    /// CPU time spent in libpg_query and in decoding its tree, summed over threads.
    package var timings = ParseTimings()
    /// The bytes the parser saw (`PsqlScript.serverBytes`): the statements' ranges index them.
    package var serverBytes: [UInt8] = []
}

/// Timing of the three phases of reading SQL, for `--timings` and the benchmarks.
package struct ParseTimings: Sendable {
    package var parsing: Duration = .zero
    package var decoding: Duration = .zero
    /// Statements taken from a `StatementReuse` instead of parsed.
    package var reused = 0
}

/// The entry point to libpg_query: split, parse, decode; fingerprint, normalize and scan.
package enum PostgresParser {
    /// Reads one file: one bad statement never hides the rest. A statement whose text `reuse`
    /// already holds is taken from it, moved to its place here, instead of parsed again.
    package static func parse(path: String, text: String, reusing reuse: StatementReuse? = nil) -> ParsedFile {
        let source = SourceText(path: path, text: text)
        let script = PsqlScript(source)
        var statements: [ParsedStatement] = []
        var errors: [SyntaxError] = []
        var timings = ParseTimings()
        let ranges = statementRanges(script, source: source, errors: &errors)

        // Statements parse independently: spread them over the cores in contiguous chunks, several
        // a core, so that a core that finishes early takes the next chunk instead of waiting.
        let chunkCount = ranges.count >= 256 ? max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, 32)) : 1
        let chunkSize = (ranges.count + chunkCount - 1) / max(chunkCount, 1)
        let results = Mutex<[Int: ChunkResult]>([:])
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let lower = chunk * chunkSize
            let upper = min(ranges.count, lower + chunkSize)
            guard lower < upper else { return }
            let result = parseChunk(Array(ranges[lower..<upper]), script: script, source: source, reuse: reuse)
            results.withLock { $0[chunk] = result }
        }
        let chunks = results.withLock { $0 }
        for chunk in 0..<chunkCount {
            guard let result = chunks[chunk] else { continue }
            statements += result.statements
            errors += result.errors
            timings.parsing += result.timings.parsing
            timings.decoding += result.timings.decoding
            timings.reused += result.timings.reused
        }
        return ParsedFile(source: source, statements: statements, syntaxErrors: errors,
                          metaCommands: script.metaCommands, comments: script.comments, timings: timings,
                          serverBytes: script.serverBytes)
    }

    struct ChunkResult: Sendable {
        var statements: [ParsedStatement] = []
        var errors: [SyntaxError] = []
        var timings = ParseTimings()
    }

    /// Parses and decodes consecutive statements; runs on any thread (libpg_query keeps its state per thread).
    static func parseChunk(_ ranges: [Range<Int>], script: PsqlScript, source: SourceText, reuse: StatementReuse?) -> ChunkResult {
        var statements: [ParsedStatement] = []
        var errors: [SyntaxError] = []
        var localTimings = ParseTimings()
        let clock = ContinuousClock()
        for range in ranges {
            let start = firstTokenOffset(in: script.serverBytes, range: range)
            guard start < range.upperBound else { continue }
            let statementRange = start..<range.upperBound
            var statementBytes = Array(script.serverBytes[statementRange])
            if let reuse, let known = reuse.statement(statementBytes, at: statementRange, in: source) {
                statements.append(known)
                localTimings.reused += 1
                continue
            }
            statementBytes.append(0)
            let parseStart = clock.now
            /// Calls libpg_query with the statement as a C string.
            func parse<Result>(_ call: (UnsafePointer<CChar>) -> Result) -> Result {
                statementBytes.withUnsafeBufferPointer { pointer in
                    pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) { call($0) }
                }
            }
            /// A statement PostgreSQL's parser rejects: its message at its position.
            func reject(_ error: UnsafeMutablePointer<PgQueryError>) {
                errors.append(syntaxError(error, in: script.serverBytes, statement: statementRange, source: source))
                localTimings.parsing += clock.now - parseStart
            }
            func whole(_ kind: Statement) -> ParsedStatement {
                ParsedStatement(kind: kind, range: statementRange, location: source.location(at: start),
                                endLine: source.line(at: max(start, range.upperBound - 1)))
            }
            if let kind = queryOnlyKind(script.serverBytes, at: start) {
                // Queries change nothing modeled: only their syntax is checked, by the parser alone
                // (libpg_query's parser-based split writes no tree out).
                let checked = parse { pg_query_split_with_parser($0) }
                defer { pg_query_free_split_result(checked) }
                if let error = checked.error { reject(error); continue }
                statements.append(whole(kind))
                localTimings.parsing += clock.now - parseStart
                continue
            }
            if startsDataChange(script.serverBytes, at: start) {
                // INSERT, UPDATE, DELETE: three facts read from the JSON tree (see DataChangeReader).
                let parsed = parse { pg_query_parse($0) }
                defer { pg_query_free_parse_result(parsed) }
                if let error = parsed.error { reject(error); continue }
                if let tree = parsed.parse_tree, let change = DataChangeReader.dataChange(inJSON: tree) {
                    statements.append(whole(.dataChange(change)))
                    localTimings.parsing += clock.now - parseStart
                    continue
                }
                // Not one plain data change (several statements in the range): the general way.
            }
            let result = parse { pg_query_parse_protobuf($0) }
            defer { pg_query_free_protobuf_parse_result(result) }
            if let error = result.error { reject(error); continue }
            let tree = result.parse_tree.data.withMemoryRebound(to: UInt8.self, capacity: result.parse_tree.len) {
                pg_query__parse_result__unpack(nil, result.parse_tree.len, $0)
            }
            let decodeStart = clock.now
            localTimings.parsing += decodeStart - parseStart
            guard let tree else { continue }
            defer { pg_query__parse_result__free_unpacked(tree, nil) }
            let decoder = TreeDecoder(source: source, base: start)
            for index in 0..<tree.pointee.n_stmts {
                guard let raw = tree.pointee.stmts[index], let node = raw.pointee.stmt else { continue }
                let rawStart = start + Int(raw.pointee.stmt_location)
                let rawEnd = raw.pointee.stmt_len == 0 ? range.upperBound : rawStart + Int(raw.pointee.stmt_len)
                let first = firstTokenOffset(in: script.serverBytes, range: rawStart..<rawEnd)
                statements.append(ParsedStatement(
                    kind: decoder.statement(node),
                    range: first..<rawEnd,
                    location: source.location(at: first),
                    endLine: source.line(at: max(first, rawEnd - 1))
                ))
            }
            localTimings.decoding += clock.now - decodeStart
        }
        return ChunkResult(statements: statements, errors: errors, timings: localTimings)
    }

    /// INSERT, UPDATE or DELETE by the first keyword (WITH ... is left to the general decoder).
    static func startsDataChange(_ bytes: [UInt8], at offset: Int) -> Bool {
        SQLBytes.matchesWord("insert", in: bytes, at: offset, end: bytes.count)
            || SQLBytes.matchesWord("update", in: bytes, at: offset, end: bytes.count)
            || SQLBytes.matchesWord("delete", in: bytes, at: offset, end: bytes.count)
    }

    /// Statements that read or explain and change nothing Strata models, by their first keyword.
    static func queryOnlyKind(_ bytes: [UInt8], at offset: Int) -> Statement? {
        func starts(with word: StaticString) -> Bool { SQLBytes.matchesWord(word, in: bytes, at: offset, end: bytes.count) }
        if starts(with: "select") || starts(with: "values") { return .select }
        if starts(with: "explain") { return .other("ExplainStmt") }
        if starts(with: "show") { return .other("VariableShowStmt") }
        return nil
    }

    /// Splits with PostgreSQL's scanner. The scanner gives up at unbalanced parentheses and drops
    /// the rest of the input; then the broken statement is cut at the next `;` (outside quotes and
    /// comments) so that it is reported alone and splitting resumes after it.
    static func statementRanges(_ script: PsqlScript, source: SourceText, errors: inout [SyntaxError]) -> [Range<Int>] {
        let bytes = script.serverBytes
        // `BEGIN ATOMIC ... END` bodies hold semicolons only the parser understands; such files
        // are split by the parser when they parse as a whole.
        if SQLBytes.firstMatch("atomic", in: bytes, range: 0..<bytes.count) != nil, let ranges = parserSplit(bytes) { return ranges }
        var ranges: [Range<Int>] = []
        var cursor = 0
        while cursor < bytes.count {
            var chunk = Array(bytes[cursor...])
            chunk.append(0)
            var failed = false
            let found: [Range<Int>] = chunk.withUnsafeBufferPointer { pointer in
                pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) { cString in
                    let result = pg_query_split_with_scanner(cString)
                    defer { pg_query_free_split_result(result) }
                    if let error = result.error {
                        errors.append(syntaxError(error, in: bytes, statement: cursor..<bytes.count, source: source))
                        failed = true
                        return []
                    }
                    return (0..<Int(result.n_stmts)).map { index in
                        let statement = result.stmts[index]!.pointee
                        return (cursor + Int(statement.stmt_location))..<(cursor + Int(statement.stmt_location + statement.stmt_len))
                    }
                }
            }
            if failed { break }
            ranges += found
            var covered = found.last?.upperBound ?? cursor
            if covered < bytes.count, bytes[covered] == UInt8(ascii: ";") { covered += 1 }
            let rest = firstTokenOffset(in: bytes, range: covered..<bytes.count)
            if rest >= bytes.count { break }
            let cut = script.semicolons.first { $0 >= rest } ?? bytes.count
            ranges.append(rest..<cut)
            cursor = cut + 1
        }
        return ranges
    }

    static func parserSplit(_ bytes: [UInt8]) -> [Range<Int>]? {
        var buffer = bytes
        buffer.append(0)
        return buffer.withUnsafeBufferPointer { pointer in
            pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) { cString -> [Range<Int>]? in
                let result = pg_query_split_with_parser(cString)
                defer { pg_query_free_split_result(result) }
                guard result.error == nil else { return nil }
                return (0..<Int(result.n_stmts)).map { index in
                    let statement = result.stmts[index]!.pointee
                    return Int(statement.stmt_location)..<Int(statement.stmt_location + statement.stmt_len)
                }
            }
        }
    }

    /// A libpg_query error in the statement occupying `statement` of `bytes`, at its file position.
    static func syntaxError(_ error: UnsafeMutablePointer<PgQueryError>, in bytes: [UInt8], statement: Range<Int>,
                            source: SourceText) -> SyntaxError {
        let offset = statement.lowerBound + byteOffset(ofCharacter: Int(error.pointee.cursorpos), in: bytes[statement])
        return SyntaxError(message: syntaxMessage(error, bytes: bytes, offset: offset), location: source.location(at: offset))
    }

    /// PostgreSQL's message, plus a hint when the culprit is psql variable interpolation (`:name`).
    static func syntaxMessage(_ error: UnsafeMutablePointer<PgQueryError>, bytes: [UInt8], offset: Int) -> String {
        var message = String(cString: error.pointee.message)
        if offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: ":"),
           bytes[offset + 1] == UInt8(ascii: "'") || bytes[offset + 1] == UInt8(ascii: "\"") || bytes[offset + 1] == UInt8(ascii: "_")
            || (bytes[offset + 1] | 0x20 >= UInt8(ascii: "a") && bytes[offset + 1] | 0x20 <= UInt8(ascii: "z")) {
            message += " (psql variable interpolation: psql expands :name before the server sees the statement)"
        }
        return message
    }

    /// The statement ranges of `sql`, split by PostgreSQL's scanner (comments and quoting respected).
    package static func split(_ sql: String) throws(ParseError) -> [Range<String.Index>] {
        let bytes = Array(sql.utf8)
        let result = pg_query_split_with_scanner(sql)
        defer { pg_query_free_split_result(result) }
        if let error = result.error {
            throw .syntax(message: String(cString: error.pointee.message), characterOffset: Int(error.pointee.cursorpos))
        }
        let utf8 = sql.utf8
        return (0..<Int(result.n_stmts)).map { index in
            let statement = result.stmts[index]!.pointee
            let first = firstTokenOffset(in: bytes, range: Int(statement.stmt_location)..<Int(statement.stmt_location + statement.stmt_len))
            let lower = utf8.index(utf8.startIndex, offsetBy: first)
            let upper = utf8.index(utf8.startIndex, offsetBy: Int(statement.stmt_location + statement.stmt_len))
            return lower..<upper
        }
    }

    /// Expressions in `sql` whose canonical text prints differently once parsed again (for tests).
    package static func canonicalRoundTripMismatches(_ sql: String) -> [String] {
        var mismatches: [String] = []
        for range in (try? split(sql)) ?? [] {
            let statement = String(sql[range])
            withTree(statement) { tree, decoder in
                for index in 0..<tree.pointee.n_stmts {
                    if let node = tree.pointee.stmts[index]?.pointee.stmt { mismatches += decoder.canonicalRoundTripMismatches(node) }
                }
            }
        }
        return mismatches
    }

    /// Parses one statement's protobuf tree and hands it to `body` with a decoder; nothing on a syntax error.
    static func withTree(_ sql: String, _ body: (UnsafeMutablePointer<PgQuery__ParseResult>, TreeDecoder) -> Void) {
        let result = pg_query_parse_protobuf(sql)
        defer { pg_query_free_protobuf_parse_result(result) }
        guard result.error == nil else { return }
        let tree = result.parse_tree.data.withMemoryRebound(to: UInt8.self, capacity: result.parse_tree.len) {
            pg_query__parse_result__unpack(nil, result.parse_tree.len, $0)
        }
        guard let tree else { return }
        defer { pg_query__parse_result__free_unpacked(tree, nil) }
        body(tree, TreeDecoder(source: SourceText(path: "", text: sql), base: 0))
    }

    /// The conjuncts of a boolean expression (a plan's Filter, a WHERE clause). nil when it does
    /// not parse.
    package static func predicates(_ text: String) -> [SQLPredicate]? {
        var result: [SQLPredicate]?
        withTree("SELECT 1 WHERE \(text)\n") { tree, decoder in
            guard tree.pointee.n_stmts == 1, let statement = tree.pointee.stmts[0]?.pointee.stmt,
                  statement.pointee.node_case == PG_QUERY__NODE__NODE_SELECT_STMT,
                  let clause = statement.pointee.select_stmt.pointee.where_clause else { return }
            result = decoder.predicates(clause)
        }
        return result
    }

    /// Whether a query selects `*`, sorts, limits: what its text says beyond its plan.
    package static func queryShape(_ text: String) -> QueryShape? {
        var result: QueryShape?
        withTree(text) { tree, decoder in
            guard tree.pointee.n_stmts == 1, let statement = tree.pointee.stmts[0]?.pointee.stmt else { return }
            guard statement.pointee.node_case == PG_QUERY__NODE__NODE_SELECT_STMT else {
                result = QueryShape(selectsStar: false, orders: false, limits: false, isSelect: false)
                return
            }
            let select = statement.pointee.select_stmt.pointee
            result = QueryShape(selectsStar: decoder.selectsStar(statement), orders: select.n_sort_clause > 0,
                                limits: select.limit_count != nil, isSelect: true)
        }
        return result
    }

    /// Expressions as PostgreSQL prints them (`pg_get_expr`, `pg_get_indexdef`), in the model's
    /// canonical form with the same analysis as expressions read from files. nil for text that
    /// does not parse as an expression. Equal texts are parsed once; many in parallel.
    package static func expressions(_ texts: [String]) -> [SQLExpression?] {
        let distinct = Array(Set(texts))
        let chunkSize = 256
        let chunkCount = (distinct.count + chunkSize - 1) / chunkSize
        let parsed = Mutex<[String: SQLExpression]>([:])
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let slice = distinct[(chunk * chunkSize)..<min(distinct.count, (chunk + 1) * chunkSize)]
            var local: [String: SQLExpression] = [:]
            // One parse for the chunk; if any text fails, each on its own.
            let script = slice.map { "SELECT \($0)\n;" }.joined(separator: "\n")
            var decoded = false
            withTree(script) { tree, decoder in
                guard tree.pointee.n_stmts == slice.count else { return }
                for (index, text) in slice.enumerated() {
                    if let value = decoder.selectedExpression(tree.pointee.stmts[index]?.pointee.stmt) { local[text] = value }
                }
                decoded = true
            }
            if !decoded {
                for text in slice {
                    withTree("SELECT \(text)\n") { tree, decoder in
                        if tree.pointee.n_stmts == 1, let value = decoder.selectedExpression(tree.pointee.stmts[0]?.pointee.stmt) { local[text] = value }
                    }
                }
            }
            parsed.withLock { $0.merge(local) { first, _ in first } }
        }
        let table = parsed.withLock { $0 }
        return texts.map { table[$0] }
    }

    /// The facts the query rules judge, of the first statement in `sql`; nil when it does not parse.
    package static func analyzeQuery(_ sql: String) -> QueryAnalysis? {
        var result: QueryAnalysis?
        withTree(sql) { tree, decoder in
            guard tree.pointee.n_stmts >= 1, let statement = tree.pointee.stmts[0]?.pointee.stmt else { return }
            result = decoder.queryAnalysis(statement, statementCount: tree.pointee.n_stmts)
        }
        return result
    }

    /// A query (a view's definition as `pg_get_viewdef` prints it) in the deparser's form, as
    /// view definitions read from files are kept.
    package static func canonicalQuery(_ sql: String) -> String? {
        var text: String?
        withTree(sql) { tree, decoder in
            guard tree.pointee.n_stmts == 1 else { return }
            text = decoder.deparse(statement: tree.pointee.stmts[0]?.pointee.stmt)
        }
        return text
    }

    /// libpg_query's fingerprint: equal for queries that differ only in constants and formatting.
    package static func fingerprint(_ sql: String) throws(ParseError) -> String {
        let result = pg_query_fingerprint(sql)
        defer { pg_query_free_fingerprint_result(result) }
        if let error = result.error {
            throw .syntax(message: String(cString: error.pointee.message), characterOffset: Int(error.pointee.cursorpos))
        }
        return String(cString: result.fingerprint_str)
    }

    /// The query with its constants replaced by `$1`, `$2`, ...
    package static func normalize(_ sql: String) throws(ParseError) -> String {
        let result = pg_query_normalize(sql)
        defer { pg_query_free_normalize_result(result) }
        if let error = result.error {
            throw .syntax(message: String(cString: error.pointee.message), characterOffset: Int(error.pointee.cursorpos))
        }
        return String(cString: result.normalized_query)
    }

    /// A token of PostgreSQL's scanner.
    package struct Token: Sendable, Equatable {
        package var range: Range<Int>
        package var isComment: Bool
        package var isKeyword: Bool
    }

    /// The tokens of `sql` (byte ranges), comments included.
    package static func scan(_ sql: String) throws(ParseError) -> [Token] {
        let result = pg_query_scan(sql)
        defer { pg_query_free_scan_result(result) }
        if let error = result.error {
            throw .syntax(message: String(cString: error.pointee.message), characterOffset: Int(error.pointee.cursorpos))
        }
        let unpacked = result.pbuf.data.withMemoryRebound(to: UInt8.self, capacity: result.pbuf.len) {
            pg_query__scan_result__unpack(nil, result.pbuf.len, $0)
        }
        guard let unpacked else { return [] }
        defer { pg_query__scan_result__free_unpacked(unpacked, nil) }
        return (0..<unpacked.pointee.n_tokens).map { index in
            let token = unpacked.pointee.tokens[index]!.pointee
            return Token(
                range: Int(token.start)..<Int(token.end),
                isComment: token.token == PG_QUERY__TOKEN__SQL_COMMENT || token.token == PG_QUERY__TOKEN__C_COMMENT,
                isKeyword: token.keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD
            )
        }
    }

    /// The names a fragment of SQL mentions, as the scanner reads them: unquoted identifiers and
    /// non-reserved keywords folded to lower case, quoted ones as written (`""` undoubled). What a view,
    /// a default or a column type refers to, for ordering the creation of objects; text that does not
    /// scan names nothing.
    package static func mentionedNames(in sql: String) -> Set<String> {
        let result = pg_query_scan(sql)
        defer { pg_query_free_scan_result(result) }
        guard result.error == nil else { return [] }
        let unpacked = result.pbuf.data.withMemoryRebound(to: UInt8.self, capacity: result.pbuf.len) {
            pg_query__scan_result__unpack(nil, result.pbuf.len, $0)
        }
        guard let unpacked else { return [] }
        defer { pg_query__scan_result__free_unpacked(unpacked, nil) }
        let bytes = Array(sql.utf8)
        var names: Set<String> = []
        for index in 0..<unpacked.pointee.n_tokens {
            let token = unpacked.pointee.tokens[index]!.pointee
            let isName = token.token == PG_QUERY__TOKEN__IDENT
                || (token.keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD && token.keyword_kind != PG_QUERY__KEYWORD_KIND__RESERVED_KEYWORD)
            guard isName, token.start >= 0, Int(token.end) <= bytes.count, token.start < token.end else { continue }
            let text = String(decoding: bytes[Int(token.start)..<Int(token.end)], as: UTF8.self)
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
                names.insert(String(text.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\""))
            } else if text.hasPrefix("U&") || text.hasPrefix("u&") {
                continue
            } else {
                names.insert(String(text.unicodeScalars.map { ("A"..."Z").contains($0) ? Character(Unicode.Scalar($0.value + 32)!) : Character($0) }))
            }
        }
        return names
    }

    /// PostgreSQL reports error positions as 1-based character counts; turn one into a byte offset.
    package static func byteOffset(ofCharacter position: Int, in bytes: ArraySlice<UInt8>) -> Int {
        guard position > 1 else { return 0 }
        var characters = 0
        var offset = 0
        for byte in bytes {
            if byte & 0xC0 != 0x80 {
                characters += 1
                if characters == position { return offset }
            }
            offset += 1
        }
        return offset
    }

    /// Skips white space and comments at the start of `range`.
    static func firstTokenOffset(in bytes: [UInt8], range: Range<Int>) -> Int {
        var index = range.lowerBound
        let end = min(range.upperBound, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                index += 1
            } else if byte == UInt8(ascii: "-"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "-") {
                while index < end, bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "*") {
                index = SQLBytes.endOfBlockComment(in: bytes, from: index, end: end)
            } else {
                return index
            }
        }
        return end
    }
}
