/// The review of a Prisma schema in its own terms: fixes as Prisma attributes, and the rules
/// reconsidered for what a Prisma project can and cannot change.
///
/// The rules themselves run unchanged on the model (the same DDL Prisma Migrate writes); this pass
/// adds a ``Finding/prismaFix`` where the schema can say the fix, folds findings that are Prisma's
/// naming convention rather than a defect into one, and adds what only the `.prisma` file shows
/// (a `String` id filled with `uuid()` by the client).
package enum PrismaFindings {
    package static func translate(_ findings: inout [Finding], prisma: PrismaSchema, schema: DatabaseSchema) {
        var result: [Finding] = []
        var quotedNames: [Finding] = []
        for var finding in findings {
            guard let object = finding.object, let (table, member) = split(object, schema: schema),
                  let model = prisma.models[table.name] else {
                if finding.rule == "identifier-not-snake-case" { quotedNames.append(finding); continue }
                result.append(finding)
                continue
            }
            let field = member.flatMap { model.field(column: $0) }
            switch finding.rule {
            case "fk-missing-index":
                if let foreignKey = table.foreignKeys.first(where: { $0.name == member }) {
                    let fields = foreignKey.columns.map { model.fields[$0] ?? $0 }
                    finding.prismaFix = "@@index([\(fields.joined(separator: ", "))]) in model \(model.model)"
                }
            case "prefer-timestamptz":
                if let field { finding.prismaFix = "\(field.name) DateTime\(field.isOptional ? "?" : "") @db.Timestamptz(3) in model \(model.model)" }
            case "uuid-as-text":
                if let field { finding.prismaFix = "\(field.name) String\(field.isOptional ? "?" : "") @db.Uuid in model \(model.model)" }
            case "created-at-without-default":
                if let field { finding.prismaFix = "\(field.name) DateTime @default(now()) in model \(model.model)" }
            case "prefer-bigint-key":
                if let field { finding.prismaFix = "\(field.name) BigInt @id @default(autoincrement()) in model \(model.model), and BigInt on the fields that reference it" }
            case "missing-timestamps":
                // Columns named as the model already names them: mapped to snake_case only where its fields are.
                let mapsFields = model.block.fields.contains { $0.attribute("map") != nil }
                var lines: [String] = []
                if finding.message.contains("created_at") { lines.append("createdAt DateTime @default(now()) @db.Timestamptz(3)" + (mapsFields ? " @map(\"created_at\")" : "")) }
                if finding.message.contains("updated_at") { lines.append("updatedAt DateTime @updatedAt @db.Timestamptz(3)" + (mapsFields ? " @map(\"updated_at\")" : "")) }
                if !lines.isEmpty { finding.prismaFix = lines.joined(separator: "\n") + "\nin model \(model.model)" }
            case "updated-at-without-trigger":
                if let field, field.attribute("updatedAt") != nil {
                    // Prisma Client sets @updatedAt on every update it makes: only writes from
                    // elsewhere (raw SQL, other services) leave it stale.
                    finding.severity = .info
                    finding.message += " (Prisma Client sets @updatedAt; writes that bypass it do not)"
                } else if let field {
                    finding.prismaFix = "\(field.name) DateTime @updatedAt in model \(model.model)"
                }
            case "soft-delete-without-partial-index":
                finding.prismaFix = "Prisma cannot say a partial index: add it to a migration by hand (prisma migrate dev --create-only), as the SQL below"
            case "prefer-identity":
                // Prisma writes every autoincrement() as serial and cannot say an identity column:
                // not a change a Prisma project can make in its schema.
                continue
            case "reserved-word-identifier":
                // A name with capitals is quoted in every statement anyway (Prisma quotes all of
                // them); the naming finding below covers it.
                if let name = member ?? Optional(table.name.name), name != name.lowercased() { continue }
            case "identifier-not-snake-case":
                quotedNames.append(finding)
                continue
            default:
                break
            }
            result.append(finding)
        }
        if let naming = namingConvention(quotedNames, prisma: prisma) { result.append(naming) }
        result += clientSideUUIDs(prisma)
        findings = result
    }

    /// Prisma's default names (PascalCase models, camelCase fields) need double quotes in every
    /// SQL statement: one finding for the schema, not one per name, naming the Prisma way out.
    static func namingConvention(_ findings: [Finding], prisma: PrismaSchema) -> Finding? {
        guard let first = findings.min(by: { ($0.location?.line ?? 0) < ($1.location?.line ?? 0) }) else { return nil }
        let tables = findings.filter { $0.message.hasPrefix("table name") }.count
        let columns = findings.filter { $0.message.hasPrefix("column name") }.count
        var finding = first
        finding.severity = .info
        finding.object = nil
        finding.fix = nil
        finding.message = "\(tables) table and \(columns) column names are not snake_case: every SQL query, view and report must double-quote them; map models and fields to snake_case names"
        finding.prismaFix = "@@map(\"order_items\") on each model, @map(\"created_at\") on each field (strata schema --format prisma writes them)"
        return finding
    }

    /// `String @id @default(uuid())` (or any String filled by `uuid()`) stored as text: 36 bytes
    /// of text where a 16-byte `uuid` belongs, compared as text.
    static func clientSideUUIDs(_ prisma: PrismaSchema) -> [Finding] {
        var findings: [Finding] = []
        for names in prisma.models.values.sorted(by: { $0.location.file < $1.location.file || ($0.location.file == $1.location.file && $0.location.line < $1.location.line) }) {
            for field in names.block.fields where field.type == "String" && !field.attributes.contains(where: { $0.name.hasPrefix("db.") }) {
                guard case .function("uuid", _)? = field.attribute("default")?.argument("value", position: 0) else { continue }
                var finding = RuleCatalog.description(of: "uuid-as-text")?.finding(
                    "\(names.model).\(field.name) holds uuid() values as text: store them as uuid (16 bytes, compared as numbers)",
                    at: field.location, object: nil) ?? Finding(rule: "uuid-as-text", severity: .warning, message: "", location: field.location)
                finding.prismaFix = "\(field.name) String\(field.isOptional ? "?" : "") @default(uuid()) @db.Uuid in model \(names.model)"
                findings.append(finding)
            }
        }
        return findings
    }

    /// `public.orders.user_id` -> the table and `user_id`.
    static func split(_ object: String, schema: DatabaseSchema) -> (TableInfo, String?)? {
        let parts = object.split(separator: ".", maxSplits: 2).map(String.init)
        guard parts.count >= 2, let table = schema.tables[QualifiedName(schema: parts[0], name: parts[1])] else { return nil }
        return (table, parts.count == 3 ? parts[2] : nil)
    }
}
