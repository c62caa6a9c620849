/// PL/pgSQL beyond triggers is logic that escapes review, tests and deploys.
struct BusinessLogicInFunctionRule: SchemaRule {
    static let description = RuleDescription(
        id: "business-logic-in-function", severity: .info, activation: .optIn,
        summary: "PL/pgSQL function that is not a trigger function (opt-in: `[rules] enable`)",
        rationale: "Business rules in stored procedures are versioned with the schema rather than the application, are hard to test and debug, and hide work from the code that calls them. Keep the database to integrity (constraints, triggers) unless there is a measured reason.",
        triggeringExamples: [RuleExample("↓CREATE FUNCTION apply_discount(order_id bigint) RETURNS void LANGUAGE plpgsql AS $$ BEGIN UPDATE orders SET total = total * 0.9 WHERE id = order_id; END $$;",
                                         configuration: .enabling("business-logic-in-function"))],
        nonTriggeringExamples: [
            RuleExample("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;",
                        configuration: .enabling("business-logic-in-function")),
            RuleExample("CREATE FUNCTION full_name(first text, last text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT first || ' ' || last $$;",
                        configuration: .enabling("business-logic-in-function")),
            // Off unless enabled: queueing and replication extensions are PL/pgSQL by design.
            "CREATE FUNCTION apply_discount(order_id bigint) RETURNS void LANGUAGE plpgsql AS $$ BEGIN UPDATE orders SET total = total * 0.9 WHERE id = order_id; END $$;",
        ])

    func check(_ context: ReviewContext) -> [Finding] {
        context.schema.functions.values.sorted { $0.signature < $1.signature }
            .filter { $0.language == "plpgsql" && !$0.returnsTrigger }
            .map { function in
                Self.description.finding(
                    "\(function.isProcedure ? "procedure" : "function") \(function.signature) holds PL/pgSQL logic outside a trigger; keep business rules in application code unless measured otherwise",
                    at: function.location, object: function.signature)
            }
    }
}
