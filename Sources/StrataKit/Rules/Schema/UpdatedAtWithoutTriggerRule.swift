/// An `updated_at` column nobody maintains lies.
struct UpdatedAtWithoutTriggerRule: SchemaRule {
    static let description = RuleDescription(
        id: "updated-at-without-trigger", severity: .warning,
        summary: "updated_at has no BEFORE UPDATE trigger maintaining it",
        rationale: "Application code forgets to set updated_at (bulk UPDATEs, psql fixes, other services), and then the column silently lies. A row-level BEFORE UPDATE trigger keeps it true for every writer.",
        triggeringExamples: [
            "CREATE TABLE notes (id bigint PRIMARY KEY, ↓updated_at timestamptz NOT NULL DEFAULT now());",
            // A trigger that runs on update but never sets the column maintains nothing.
            """
            CREATE TABLE notes (id bigint PRIMARY KEY, ↓updated_at timestamptz NOT NULL DEFAULT now(), body text);
            CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'changed'; RETURN NEW; END $$;
            CREATE TRIGGER notes_audit BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION audit();
            """,
        ],
        nonTriggeringExamples: ["""
            CREATE TABLE notes (id bigint PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now());
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
            CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION touch();
            """])

    func check(_ context: ReviewContext) -> [Finding] {
        let name = context.configuration.updatedAtColumn
        return context.tables.compactMap { table -> Finding? in
            guard let column = table.column(named: name) else { return nil }
            let maintained = table.triggers.contains { trigger in
                guard trigger.timing == .before, trigger.events.contains(.update), trigger.forEachRow else { return false }
                // The function's body, when Strata has it, must name the column; one it cannot see
                // (built in, from an extension) is trusted.
                let function = context.schema.functions.values.first { $0.name == trigger.function && $0.returnsTrigger }
                guard let body = function?.body else { return true }
                return body.lowercased().contains(name.lowercased())
            }
            guard !maintained else { return nil }
            return Self.description.finding(
                "\(table.name).\(name) is not maintained by a BEFORE UPDATE trigger; writers that forget it leave it stale",
                at: column.location, object: context.object(table, name),
                fix: Self.triggerSQL(table: table.name, column: name))
        }
    }

    /// The function that sets the column to now() and the trigger that runs it on every update.
    static func triggerSQL(table: QualifiedName, column: String) -> String {
        let trigger = ImplicitNames.makeObjectName(table.name, "set", column)
        let function = QualifiedName(schema: table.schema, name: ImplicitNames.makeObjectName("set", column, nil)).sql
        let body = " BEGIN NEW.\(quoteIdentifierIfNeeded(column)) := now(); RETURN NEW; END "
        return """
        CREATE OR REPLACE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS \(dollarQuote(body));
        CREATE TRIGGER \(quoteIdentifierIfNeeded(trigger)) BEFORE UPDATE ON \(table.sql) FOR EACH ROW EXECUTE FUNCTION \(function)();
        """
    }
}
