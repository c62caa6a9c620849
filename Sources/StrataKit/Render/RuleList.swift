import Foundation

/// `strata rules`: the catalog for people, programs and the docs folder.
package enum RuleList {
    package static func text() -> String {
        let rules = RuleCatalog.allDescriptions
        let width = rules.map(\.id.count).max() ?? 0
        return rules.map { rule in
            let id = rule.id + String(repeating: " ", count: max(0, width - rule.id.count))
            let severity = rule.severity.rawValue + String(repeating: " ", count: max(0, 7 - rule.severity.rawValue.count))
            return id + "  " + severity + "  " + rule.summary
        }.joined(separator: "\n") + "\n"
    }

    struct Entry: Encodable {
        var id: String
        var severity: Severity
        var category: String
        var summary: String
        var rationale: String
    }

    package static func json() -> String {
        JSONOutput.string(RuleCatalog.allDescriptions.map {
            Entry(id: $0.id, severity: $0.severity, category: $0.category.rawValue, summary: $0.summary, rationale: $0.rationale)
        })
    }

    /// The documentation page of a rule, with the fix Strata proposes for its first bad example.
    package static func documentation(for rule: RuleDescription) -> String {
        var fix: String?
        if rule.category == .live {
            fix = nil
        } else if let example = rule.triggeringExamples.first,
           let type = RuleCatalog.schemaRules.first(where: { candidate in candidate.description.id == rule.id }) {
            let sql = example.sql.replacing(String(RuleExample.marker), with: "")
            let loaded = SchemaLoader.load(sources: [("example.sql", sql)])
            fix = Reviewer(configuration: example.configuration).review(loaded, rules: [type]).findings
                .first { $0.rule == rule.id }?.fix
        } else if let example = rule.triggeringExamples.first, rule.category == .migration {
            let strip = { (text: String) in text.replacing(String(RuleExample.marker), with: "") }
            let file = MigrationFile(version: 2, upPath: "0002_change.up.sql", downPath: example.down == nil ? nil : "0002_change.down.sql", inFolder: true)
            fix = MigrationLinter(configuration: example.configuration)
                .lint([(file, strip(example.sql), example.down.map { strip($0) })], setup: example.setup)
                .findings.first { $0.rule == rule.id }?.fix
        }
        return RuleDocumentation.markdown(for: rule, fixExample: fix)
    }

    package static func writeDocumentation(to folder: String) throws(InputError) -> Int {
        do { try FileSystem.createDirectories(folder) } catch {
            throw InputError(path: folder, message: "cannot create the folder: \(error)")
        }
        for rule in RuleCatalog.allDescriptions {
            let path = folder.appendingPathComponent("\(rule.id).md")
            do { try FileSystem.writeText(documentation(for: rule), to: path) } catch {
                throw InputError(path: path, message: "cannot write the file: \(error)")
            }
        }
        return RuleCatalog.allDescriptions.count
    }
}
