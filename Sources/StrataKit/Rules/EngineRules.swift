/// Findings that come from reading files rather than from a rule over the model.
package enum EngineRules {
    package static let syntaxError = RuleDescription(
        id: "syntax-error", severity: .error, category: .engine,
        summary: "PostgreSQL's parser rejects the statement",
        rationale: "The statement would fail on the server. Strata reports the parser's own message at its position and still reads the rest of the file.",
        howToFix: "Correct the statement at the reported position; the message is PostgreSQL's own.")

    package static let psqlMetaCommand = RuleDescription(
        id: "psql-meta-command", severity: .info, category: .engine,
        summary: "A psql meta-command was skipped",
        rationale: "Backslash commands (`\\set`, `\\connect`, `\\i`) are read by psql and never reach the server, so they change nothing in the schema.",
        howToFix: "Nothing to fix if the file is meant for psql. Move meta-commands out of files that other tools apply.")

    package static let unresolvedReference = RuleDescription(
        id: "unresolved-reference", severity: .warning, category: .engine,
        summary: "A statement refers to an object that does not exist at that point, or clashes with one",
        rationale: "PostgreSQL would reject the statement (unknown table, duplicate name, dependent objects without CASCADE), so the schema Strata models may differ from what you expect.",
        howToFix: "Create the referenced object first (check the file order), qualify the name with its schema, or add CASCADE where dependent objects should go too.")

    package static let unknownSuppression = RuleDescription(
        id: "unknown-suppression", severity: .warning, category: .engine,
        summary: "A `strata:ignore` comment names a rule that does not exist",
        rationale: "A misspelt rule id suppresses nothing, and the finding it was meant to silence still fires; or worse, a later rule with that name is silenced by accident.",
        howToFix: "Correct the rule id (`strata rules` lists them) or remove the comment.")

    package static let doBlockNotUnderstood = RuleDescription(
        id: "do-block-not-understood", severity: .info, category: .engine,
        summary: "A DO block runs statements Strata cannot follow",
        rationale: "Strata reads the DDL inside DO blocks when it is written out (plain statements, IF ... THEN wrappers, nested blocks with exception handlers, EXECUTE of a string literal). A loop, an EXECUTE of a computed string or another language may create or change objects that the model then lacks, so findings about those objects (a missing key, a missing foreign key) may be wrong.",
        howToFix: "Write the DDL out (CREATE ... IF NOT EXISTS, or a plain statement in its own migration), or review the database itself (`--database`).")

    package static let all = [syntaxError, psqlMetaCommand, unresolvedReference, unknownSuppression, doBlockNotUnderstood]
}
