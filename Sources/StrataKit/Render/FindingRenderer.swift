import Foundation

/// Output formats for findings, following linter conventions.
package enum FindingFormat: String, Sendable, CaseIterable {
    case text, json, sarif, github
}

/// Renders findings for people (text), programs (JSON), code scanning (SARIF) and GitHub Actions.
package struct FindingRenderer: Sendable {
    package var format: FindingFormat
    /// ANSI colour in text output: only on a terminal and never with NO_COLOR.
    package var useColor: Bool
    package var toolVersion: String
    /// What was reviewed when it was not files, e.g. `database postgres://app:***@db/shop` (text summary).
    package var scope: String?

    package init(format: FindingFormat, useColor: Bool = false, toolVersion: String = StrataVersion.current, scope: String? = nil) {
        self.format = format
        self.useColor = useColor
        self.toolVersion = toolVersion
        self.scope = scope
    }

    package func render(_ findings: [Finding], fileCount: Int) -> String {
        var output = ""
        render(findings, fileCount: fileCount) { output += $0 }
        return output
    }

    /// Renders in pieces of about 64 kB, handed to `write` as they fill: text and GitHub output of
    /// thousands of findings is never one string in memory.
    package func render(_ findings: [Finding], fileCount: Int, write: (String) -> Void) {
        switch format {
        case .text, .github:
            var chunk = ""
            chunk.reserveCapacity(1 << 16)
            for finding in findings {
                if format == .text { text(finding, into: &chunk) } else { github(finding, into: &chunk) }
                if chunk.utf8.count >= 1 << 16 {
                    write(chunk)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if format == .text { chunk += summaryLine(findings, fileCount: fileCount) + "\n" }
            write(chunk)
        case .json: write(json(findings, fileCount: fileCount))
        case .sarif: write(sarif(findings))
        }
    }

    // MARK: text

    func colored(_ text: String, _ code: String) -> String { useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }

    func severityLabel(_ severity: Severity) -> String {
        switch severity {
        case .error: colored("error", "1;31")
        case .warning: colored("warning", "1;33")
        case .info: colored("info", "1;36")
        }
    }

    /// One finding in the text format, without the trailing newline.
    package func line(for finding: Finding) -> String {
        var output = ""
        text(finding, into: &output)
        return String(output.dropLast())
    }

    func text(_ finding: Finding, into output: inout String) {
        // Findings about a live database have an object, not a file position.
        let place = finding.location.map { "\($0.file):\($0.line):\($0.column): " } ?? finding.object.map { "\($0): " } ?? ""
        output += "\(colored(place, "1"))\(severityLabel(finding.severity))[\(finding.rule)] \(finding.message)\n"
        if let prismaFix = finding.prismaFix {
            let lines = prismaFix.split(separator: "\n", omittingEmptySubsequences: false)
            output += "    " + colored("prisma:", "2") + " " + lines.joined(separator: "\n            ") + "\n"
        }
        if let fix = finding.fix, !fix.isEmpty {
            let lines = fix.split(separator: "\n", omittingEmptySubsequences: false)
            output += "    " + colored("fix:", "2") + " " + lines.joined(separator: "\n         ") + "\n"
        }
    }

    func counts(_ findings: [Finding]) -> (errors: Int, warnings: Int, info: Int) {
        (findings.filter { $0.severity == .error }.count, findings.filter { $0.severity == .warning }.count,
         findings.filter { $0.severity == .info }.count)
    }

    func summaryLine(_ findings: [Finding], fileCount: Int) -> String {
        let (errors, warnings, info) = counts(findings)
        let files = scope ?? "\(fileCount) file\(fileCount == 1 ? "" : "s")"
        if findings.isEmpty { return "No findings in \(files)." }
        return "\(findings.count) finding\(findings.count == 1 ? "" : "s") (\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"), \(info) info) in \(files)."
    }

    // MARK: JSON

    struct JSONReport: Encodable {
        var findings: [Finding]
        var summary: Summary
        struct Summary: Encodable {
            var errors: Int
            var warnings: Int
            var info: Int
            var files: Int
        }
    }

    func json(_ findings: [Finding], fileCount: Int) -> String {
        let (errors, warnings, info) = counts(findings)
        let report = JSONReport(findings: findings, summary: .init(errors: errors, warnings: warnings, info: info, files: fileCount))
        return JSONOutput.string(report)
    }

    // MARK: SARIF 2.1.0

    func sarifLevel(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// The parts of a SARIF 2.1.0 log Strata writes (keys sorted when encoded, absent fields omitted).
    struct SARIFLog: Encodable {
        struct Run: Encodable { var tool: Tool; var results: [Result] }
        struct Tool: Encodable { var driver: Driver }
        struct Driver: Encodable { var name: String; var version: String; var informationUri: String; var rules: [Rule] }
        struct Text: Encodable { var text: String }
        struct Help: Encodable { var text: String; var markdown: String }
        struct Level: Encodable { var level: String }
        struct Rule: Encodable {
            var id: String
            var name: String
            var shortDescription: Text
            var fullDescription: Text
            var help: Help
            var defaultConfiguration: Level
        }
        struct Result: Encodable {
            var ruleId: String
            var level: String
            var message: Text
            var ruleIndex: Int?
            var locations: [Location]?
            var partialFingerprints: [String: String]?
        }
        struct Location: Encodable {
            var physicalLocation: PhysicalLocation?
            var logicalLocations: [LogicalLocation]?
        }
        struct PhysicalLocation: Encodable { var artifactLocation: ArtifactLocation; var region: Region }
        struct ArtifactLocation: Encodable { var uri: String }
        struct Region: Encodable { var startLine: Int; var startColumn: Int }
        struct LogicalLocation: Encodable { var fullyQualifiedName: String; var kind: String }

        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", version, runs
        }
    }

    func sarif(_ findings: [Finding]) -> String {
        let descriptions = RuleCatalog.allDescriptions
        let usedIDs = Set(findings.map(\.rule))
        let rules = descriptions.filter { usedIDs.contains($0.id) }
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let ruleObjects = rules.map { rule in
            SARIFLog.Rule(
                id: rule.id,
                name: rule.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
                shortDescription: .init(text: rule.summary),
                fullDescription: .init(text: rule.rationale),
                help: .init(text: rule.rationale, markdown: "See docs/rules/\(rule.id).md"),
                defaultConfiguration: .init(level: sarifLevel(rule.severity)))
        }
        let results = findings.map { finding in
            var result = SARIFLog.Result(
                ruleId: finding.rule, level: sarifLevel(finding.severity),
                message: .init(text: finding.message + (finding.prismaFix.map { "\nPrisma:\n\($0)" } ?? "") + (finding.fix.map { "\nFix:\n\($0)" } ?? "")),
                ruleIndex: ruleIndex[finding.rule])
            if let location = finding.location {
                result.locations = [.init(physicalLocation: .init(
                    artifactLocation: .init(uri: sarifURI(location.file)),
                    region: .init(startLine: location.line, startColumn: location.column)))]
            } else if let object = finding.object {
                // A live database's object: a logical location, the way SARIF names things without a file.
                result.locations = [.init(logicalLocations: [.init(fullyQualifiedName: object, kind: "object")])]
            }
            if let object = finding.object {
                result.partialFingerprints = ["strataObject/v1": "\(finding.rule):\(object)"]
            }
            return result
        }
        let log = SARIFLog(runs: [.init(
            tool: .init(driver: .init(name: "strata", version: toolVersion, informationUri: "https://github.com/strata-db/strata", rules: ruleObjects)),
            results: results)])
        return JSONOutput.string(log)
    }

    /// SARIF wants URIs: relative paths stay relative (GitHub resolves them against the checkout);
    /// bytes outside RFC 3986's path characters are percent-encoded.
    func sarifURI(_ path: String) -> String {
        let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        var uri = ""
        for byte in trimmed.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                uri.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where "-._~!$&'()*+,;=:@/".utf8.contains(byte):
                uri.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                uri += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return uri
    }

    // MARK: GitHub workflow commands

    func github(_ finding: Finding, into output: inout String) {
        let command: String = switch finding.severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
        var properties: [String] = []
        if let location = finding.location {
            properties.append("file=\(escapeProperty(location.file))")
            properties.append("line=\(location.line)")
            properties.append("col=\(location.column)")
        }
        properties.append("title=\(escapeProperty("strata " + finding.rule))")
        var message = finding.message
        if let prismaFix = finding.prismaFix { message += "\nPrisma:\n" + prismaFix }
        if let fix = finding.fix { message += "\nFix:\n" + fix }
        output += "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
    }

    func escapeData(_ text: String) -> String {
        text.escaping(["%": "%25", "\r": "%0D", "\n": "%0A"])
    }

    func escapeProperty(_ text: String) -> String {
        text.escaping(["%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"])
    }
}

/// Strata's version, as reported in SARIF and `--version`.
package enum StrataVersion {
    package static let current = "0.1.0"
}

/// Stable, readable JSON: sorted keys, two-space indentation, `[]` for empty arrays, the same
/// bytes on every platform (Foundation's own pretty printer differs between Linux and macOS).
package enum JSONOutput {
    /// Through `CanonicalJSONEncoder`, the one JSON layout of Strata's output.
    package static func string<Value: Encodable>(_ value: Value) -> String {
        do {
            return try CanonicalJSONEncoder.encode(value)
        } catch {
            // Only a custom `encode(to:)` that throws gets here; Strata's own types do not.
            preconditionFailure("JSON encoding failed: \(error)")
        }
    }
}
