/// A Prisma schema file as written: its blocks, fields and attributes, with where each sits.
///
/// The syntax is the Prisma Schema Language (PSL) as Prisma's reference documents it
/// (prisma.io/docs/orm/reference/prisma-schema-reference). Meaning (types, names, relations) is
/// given to it by ``PrismaSchema``.
package struct PrismaFile: Sendable {
    package var path: String
    package var blocks: [PrismaBlock]
}

/// `model`, `view`, `enum`, `type`, `datasource` or `generator`.
package struct PrismaBlock: Sendable {
    package enum Kind: String, Sendable { case model, view, enumeration = "enum", type, datasource, generator }
    package var kind: Kind
    package var name: String
    package var location: SourceLocation
    /// Fields of a model, view or type.
    package var fields: [PrismaField] = []
    /// `@@map`, `@@id`, `@@unique`, `@@index`, `@@schema`, `@@ignore`.
    package var attributes: [PrismaAttribute] = []
    /// `provider = "postgresql"` in a datasource or generator.
    package var properties: [PrismaProperty] = []
    /// Values of an enum.
    package var values: [PrismaEnumValue] = []
    /// `///` lines before the block.
    package var documentation: [String] = []

    package func attribute(_ name: String) -> PrismaAttribute? { attributes.first { $0.name == name } }
    package func property(_ key: String) -> PrismaProperty? { properties.first { $0.key == key } }
}

/// `provider = "postgresql"`.
package struct PrismaProperty: Sendable {
    package var key: String
    package var value: PrismaValue
    package var location: SourceLocation
}

/// `email String? @unique @db.VarChar(320)`.
package struct PrismaField: Sendable {
    package var name: String
    /// The type name: a scalar (`String`), an enum, a model, or `Unsupported`.
    package var type: String
    /// `Unsupported("tsvector")`: the database type Prisma has no scalar for.
    package var unsupportedType: String?
    package var isOptional = false
    package var isList = false
    package var attributes: [PrismaAttribute] = []
    package var location: SourceLocation
    package var documentation: [String] = []

    package func attribute(_ name: String) -> PrismaAttribute? { attributes.first { $0.name == name } }
}

/// `ACTIVE @map("active")`.
package struct PrismaEnumValue: Sendable {
    package var name: String
    package var attributes: [PrismaAttribute] = []
    package var location: SourceLocation
}

/// `@relation(fields: [authorId], references: [id])`, `@@index([a, b])`, `@db.VarChar(255)`.
package struct PrismaAttribute: Sendable {
    /// Without the `@` or `@@`: `relation`, `index`, `db.VarChar`.
    package var name: String
    package var arguments: [PrismaArgument] = []
    package var location: SourceLocation

    /// The argument called `name`, or else the unnamed one at `position`.
    package func argument(_ name: String, position: Int? = nil) -> PrismaValue? {
        if let named = arguments.first(where: { $0.name == name }) { return named.value }
        guard let position else { return nil }
        let unnamed = arguments.filter { $0.name == nil }
        return position < unnamed.count ? unnamed[position].value : nil
    }
}

/// `fields: [a, b]`, or an unnamed `"x"`.
package struct PrismaArgument: Sendable {
    package var name: String?
    package var value: PrismaValue
}

/// A value in an attribute or a property.
package indirect enum PrismaValue: Sendable {
    case string(String)
    case number(String)
    /// `true`, `Cascade`, `Desc`, a field name, an enum value.
    case constant(String)
    /// `now()`, `dbgenerated("...")`, `env("DATABASE_URL")`, `title(sort: Desc)`.
    case function(String, [PrismaArgument])
    case array([PrismaValue])

    package var stringValue: String? { if case .string(let text) = self { text } else { nil } }
    package var constantValue: String? { if case .constant(let text) = self { text } else { nil } }
    package var arrayValue: [PrismaValue]? { if case .array(let values) = self { values } else { nil } }

    /// `[a, b]` or `[a(sort: Desc)]` as the names they list.
    package var names: [String] {
        switch self {
        case .array(let values): values.compactMap { $0.reference }
        default: reference.map { [$0] } ?? []
        }
    }

    /// `a` in `a` or `a(sort: Desc)`.
    package var reference: String? {
        switch self {
        case .constant(let name), .function(let name, _): name
        default: nil
        }
    }
}

/// A `.prisma` file that does not follow the Prisma Schema Language, or a schema Prisma would
/// reject: where and why.
package struct PrismaSchemaError: LocatedError {
    package var code: StrataErrorCode { .unreadableInput }
    package var location: SourceLocation
    package var message: String
}
