/// `(x_type, x_id)`: a reference whose table is named by data, which no foreign key can hold.
struct PolymorphicReferenceRule: SchemaRule {
    static let description = RuleDescription(
        id: "polymorphic-reference", severity: .warning,
        summary: "A (type, id) column pair points at a table chosen by data",
        rationale: "`commentable_type = 'Post', commentable_id = 7` (Rails' polymorphic associations, Django's generic relations) names its parent table in a value: no foreign key can check it, so deleting a post leaves its comments pointing at nothing, and a typo in the type column is accepted. Not flagged when the `_id` column already has a foreign key, or when a table named like the pair's stem exists (then it is an ordinary reference that missing-foreign-key judges).",
        howToFix: "One nullable foreign-key column per parent table, with `CHECK (num_nonnulls(post_id, photo_id) = 1)`; or a supertype table that every parent and the child reference.",
        triggeringExamples: [
            "CREATE TABLE comments (id bigint PRIMARY KEY, ↓commentable_type text NOT NULL, commentable_id bigint NOT NULL, body text);",
            "CREATE TABLE audit (id bigint PRIMARY KEY, ↓object_type varchar(40), object_id bigint);",
        ],
        nonTriggeringExamples: [
            "CREATE TABLE comments (id bigint PRIMARY KEY, post_id bigint REFERENCES posts_x, body text); CREATE TABLE posts_x (id bigint PRIMARY KEY);",
            "CREATE TABLE owners (id bigint PRIMARY KEY); CREATE TABLE pets (id bigint PRIMARY KEY, owner_type text, owner_id bigint REFERENCES owners);",
            // A type code beside an unrelated id: the stems differ.
            "CREATE TABLE payments (id bigint PRIMARY KEY, payment_type text, customer_id bigint);",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.tables.flatMap { table -> [Finding] in
            table.columns.compactMap { column -> Finding? in
                let name = column.name.lowercased()
                guard SchemaFacts.isTextual(column) || column.type.hasPrefix("character"), name.hasSuffix("_type") || name.hasSuffix("_kind"),
                      name.count > 5 else { return nil }
                let stem = String(name.dropLast(5))
                guard let id = table.column(named: stem + "_id"), !table.foreignKeys.contains(where: { $0.columns.contains(id.name) }),
                      !MissingForeignKeyRule.tableNames(for: stem).contains(where: { context.schema.tables[QualifiedName(schema: table.name.schema, name: $0)] != nil })
                else { return nil }
                return Self.description.finding(
                    "\(table.name).(\(column.name), \(id.name)) is a polymorphic reference: the parent's table is chosen by \(column.name), so no foreign key checks \(id.name) and deleted parents leave orphans",
                    at: column.location, object: context.object(table, column.name))
            }
        }
    }
}
