import Dispatch
import Synchronization

// The canonical JSON of the schema model: `strata schema --format json`, the parity tests and
// `ModelDifferences` all read it. Objects sorted by name, keys in byte order, no source positions,
// nil values left out. Tables sort their constraints, triggers and policies by name, so the order
// in which they were declared does not make two equal schemas print differently.

extension DatabaseSchema {
    /// The model as canonical JSON, ending in a newline.
    package var canonicalJSON: String {
        CanonicalJSONWriter.document { write(to: &$0) }
    }

    func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("domains", domains.values.sorted { $0.name < $1.name })
            writer.field("enums", enums.values.sorted { $0.name < $1.name })
            writer.field("extensions", extensions.values.sorted { $0.name < $1.name })
            writer.field("functions", functions.values.sorted { $0.signature < $1.signature })
            writer.field("indexes", indexes.values.sorted { $0.name < $1.name })
            writer.field("schemas", schemas.sorted())
            writer.field("sequences", sequences.values.sorted { $0.name < $1.name })
            writer.key("tables")
            writer.array(preWritten: Self.writtenInParallel(sortedTables, depth: 2))
            writer.field("views", views.values.sorted { $0.name < $1.name })
        }
    }

    /// Tables are most of a large document and independent of each other: written on every core,
    /// in order, as parts of the array (each at `depth`, the array's element depth).
    static func writtenInParallel(_ tables: [TableInfo], depth: Int) -> [[UInt8]] {
        @Sendable func part(_ slice: ArraySlice<TableInfo>) -> [UInt8] {
            var writer = CanonicalJSONWriter(depth: depth, capacity: slice.count * 4096)
            for table in slice {
                writer.startElement()
                table.write(to: &writer)
            }
            return writer.bytes
        }
        guard tables.count >= 256 else { return [part(tables[...])] }
        let chunkCount = min(64, tables.count / 128)
        let chunkSize = (tables.count + chunkCount - 1) / chunkCount
        let parts = Mutex<[[UInt8]]>(Array(repeating: [], count: chunkCount))
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let bytes = part(tables[(chunk * chunkSize)..<min(tables.count, (chunk + 1) * chunkSize)])
            parts.withLock { $0[chunk] = bytes }
        }
        return parts.withLock { $0 }
    }
}

extension QualifiedName: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) { writer.string("\(schema).\(name)") }
}

extension SQLExpression: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) { writer.string(text) }
}

extension Identity: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) { writer.string(rawValue) }
}

extension ForeignKeyAction: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) { writer.string(rawValue) }
}

extension Persistence: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) { writer.string(rawValue) }
}

extension ColumnInfo: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("arrayDimensions", arrayDimensions)
            writer.field("collation", collation)
            writer.field("comment", comment)
            writer.field("default", defaultExpression)
            writer.field("generated", generated)
            writer.field("identity", identity)
            writer.field("name", name)
            writer.field("notNull", isNotNull)
            writer.field("type", type)
        }
    }
}

extension PrimaryKey: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("columns", columns)
            writer.field("include", include)
            writer.field("name", name)
        }
    }
}

extension ForeignKey: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("columns", columns)
            writer.field("deferrable", deferrable)
            writer.field("initiallyDeferred", initiallyDeferred)
            writer.field("matchFull", matchFull)
            writer.field("name", name)
            writer.field("onDelete", onDelete)
            writer.field("onUpdate", onUpdate)
            writer.field("referencedColumns", referencedColumns)
            writer.field("referencedTable", referencedTable)
            writer.field("valid", isValid)
        }
    }
}

extension UniqueConstraint: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("columns", columns)
            writer.field("deferrable", deferrable)
            writer.field("include", include)
            writer.field("initiallyDeferred", initiallyDeferred)
            writer.field("name", name)
            writer.field("nullsNotDistinct", nullsNotDistinct)
        }
    }
}

extension CheckConstraint: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("expression", expression)
            writer.field("name", name)
            writer.field("valid", isValid)
        }
    }
}

extension ExclusionConstraint: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("elements", elements)
            writer.field("method", method.name)
            writer.field("name", name)
            writer.field("predicate", predicate)
        }
    }
}

extension Trigger: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("arguments", arguments)
            writer.field("events", events.map(\.rawValue))
            writer.field("forEachRow", forEachRow)
            writer.field("function", function)
            writer.field("name", name)
            writer.field("timing", timing.rawValue)
            writer.field("updateColumns", updateColumns)
            writer.field("when", when?.text)
        }
    }
}

extension Policy: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("command", command.rawValue)
            writer.field("name", name)
            writer.field("permissive", permissive)
            writer.field("roles", roles)
            writer.field("using", using)
            writer.field("withCheck", withCheck)
        }
    }
}

extension TableInfo: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("checkConstraints", checkConstraints.sorted { $0.name < $1.name })
            writer.field("columns", columns)
            writer.field("comment", comment)
            writer.field("exclusionConstraints", exclusionConstraints.sorted { $0.name < $1.name })
            writer.field("forceRowLevelSecurity", forceRowLevelSecurity)
            writer.field("foreignKeys", foreignKeys.sorted { $0.name < $1.name })
            writer.field("inherits", inherits)
            writer.field("name", name)
            writer.field("partitionBound", partitionBound)
            writer.field("partitionKey", partitionKey)
            writer.field("partitionOf", partitionOf)
            writer.field("persistence", persistence)
            writer.field("policies", policies.sorted { $0.name < $1.name })
            writer.field("primaryKey", primaryKey)
            writer.field("rowLevelSecurity", rowLevelSecurity)
            if !storage.isEmpty { writer.field("storage", storage) }
            writer.field("triggers", triggers.sorted { $0.name < $1.name })
            writer.field("uniqueConstraints", uniqueConstraints.sorted { $0.name < $1.name })
        }
    }
}

extension IndexKey: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("collation", collation)
            writer.field("column", column)
            writer.field("descending", descending)
            writer.field("expression", expression)
            writer.field("nullsFirst", nullsFirst)
            writer.field("opclass", opclass)
        }
    }
}

extension IndexInfo: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("comment", comment)
            writer.field("include", include)
            writer.field("keys", keys)
            writer.field("method", method.name)
            writer.field("name", name)
            writer.field("nullsNotDistinct", nullsNotDistinct)
            writer.field("predicate", predicate)
            if !storage.isEmpty { writer.field("storage", storage) }
            writer.field("table", table)
            writer.field("unique", isUnique)
            writer.field("valid", isValid)
        }
    }
}

extension EnumType: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("comment", comment)
            writer.field("name", name)
            writer.field("values", values)
        }
    }
}

extension Domain: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("baseType", baseType)
            writer.field("checks", checks)
            writer.field("default", defaultExpression)
            writer.field("name", name)
            writer.field("notNull", isNotNull)
        }
    }
}

extension SequenceInfo: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            if let cache { writer.field("cache", Int(cache)) }
            writer.field("cycle", cycle)
            writer.field("dataType", dataType)
            if let increment { writer.field("increment", Int(increment)) }
            if let maxValue { writer.field("maxValue", Int(maxValue)) }
            if let minValue { writer.field("minValue", Int(minValue)) }
            writer.field("name", name)
            writer.field("ownedByColumn", ownedByColumn)
            writer.field("ownedByTable", ownedByTable)
            if let start { writer.field("start", Int(start)) }
        }
    }
}

extension ViewInfo: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("comment", comment)
            writer.field("definition", definition)
            writer.field("materialized", isMaterialized)
            writer.field("name", name)
            if !storage.isEmpty { writer.field("storage", storage) }
        }
    }
}

extension FunctionInfo: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("argumentTypes", argumentTypes)
            writer.field("comment", comment)
            // The catalog's own definition when read from a server: names, defaults, options and body.
            writer.field("definition", definition)
            writer.field("language", language)
            writer.field("name", name)
            writer.field("parameters", traits.parameters.map { parameter in
                [parameter.mode.rawValue, parameter.name ?? "", parameter.type, parameter.defaultExpression?.text ?? ""].joined(separator: " ")
            })
            writer.field("procedure", isProcedure)
            writer.field("returnType", returnType)
            writer.field("volatility", volatility.rawValue)
        }
    }
}

extension Extension: CanonicalJSONWritable {
    package func write(to writer: inout CanonicalJSONWriter) {
        writer.object { writer in
            writer.field("name", name)
            writer.field("schema", schema)
        }
    }
}
