/// The one list of rules. Adding a rule: one file, one line here, one docs/rules page.
package enum RuleCatalog {
    package static let schemaRules: [any SchemaRule.Type] = [
        MissingPrimaryKeyRule.self,
        ForeignKeyMissingIndexRule.self,
        MissingForeignKeyRule.self,
        PolymorphicReferenceRule.self,
        ForeignKeyTypeMismatchRule.self,
        MissingTimestampsRule.self,
        UpdatedAtWithoutTriggerRule.self,
        SoftDeleteWithoutPartialIndexRule.self,
        SoftDeleteUniqueNotPartialRule.self,
        UUIDAsTextRule.self,
        PreferIdentityRule.self,
        PreferTimestamptzRule.self,
        PreferBigintKeyRule.self,
        MoneyAsFloatRule.self,
        PreferJSONBRule.self,
        JSONAsTextRule.self,
        IntegerBooleanRule.self,
        EpochIntegerTimestampRule.self,
        ForeignSequenceDefaultRule.self,
        ListInTextRule.self,
        BanCharTypeRule.self,
        IdentifierNotSnakeCaseRule.self,
        ReservedWordIdentifierRule.self,
        DuplicateIndexRule.self,
        RedundantIndexRule.self,
        RedundantUniqueRule.self,
        IndexLedByUniqueKeyRule.self,
        NullableUniqueRule.self,
        TooManyIndexesRule.self,
        IPAddressAsTextRule.self,
        MisdeclaredImmutableFunctionRule.self,
        LowSelectivityIndexRule.self,
        NaturalKeyNotUniqueRule.self,
        EnumLikeTextWithoutCheckRule.self,
        RepeatingColumnGroupRule.self,
        DenormalizedCopyRule.self,
        UnboundedAppendTableRule.self,
        SelectStarInViewRule.self,
        BusinessLogicInFunctionRule.self,
        CreatedAtWithoutDefaultRule.self,
        TenantColumnMissingRule.self,
        TenantUniqueNotScopedRule.self,
        TenantRLSDisabledRule.self,
        // Live database only (statistics):
        UnusedIndexRule.self,
        InvalidIndexRule.self,
        SequenceNearExhaustionRule.self,
        TableSeqScanHeavyRule.self,
    ]

    package static let migrationRules: [any MigrationRule.Type] = [
        RequireConcurrentIndexRule.self,
        RequireConcurrentIndexDropRule.self,
        ConcurrentIndexInTransactionRule.self,
        AddColumnNotNullWithoutDefaultRule.self,
        AddColumnVolatileDefaultRule.self,
        AlterColumnTypeRule.self,
        SetNotNullRule.self,
        AddForeignKeyValidatedRule.self,
        AddCheckValidatedRule.self,
        AddUniqueConstraintRule.self,
        AddPrimaryKeyRule.self,
        RenameColumnRule.self,
        RenameTableRule.self,
        DropColumnRule.self,
        DropTableRule.self,
        TruncateTableRule.self,
        MissingLockTimeoutRule.self,
        BlockingMaintenanceRule.self,
        TransactionInMigrationRule.self,
        PreferRobustStatementsRule.self,
        MixedDDLAndDMLRule.self,
        UnbatchedUpdateRule.self,
        MigrationTooLargeRule.self,
        MissingDownMigrationRule.self,
        DownDoesNotRevertRule.self,
        BanDropDatabaseRule.self,
        BanDropNotNullRule.self,
        BanAlterDomainWithAddConstraintRule.self,
    ]

    package static let queryRules: [any QueryRule.Type] = [
        NPlusOneRule.self,
        SelectStarRule.self,
        UnboundedSelectRule.self,
        SlowPointLookupRule.self,
        SlowQueryRule.self,
        WritesOutsideTransactionRule.self,
        RepeatedIdenticalQueryRule.self,
    ]

    /// Every rule description: schema rules, migration rules, query rules, then the engine's own findings.
    package static var allDescriptions: [RuleDescription] {
        schemaRules.map { rule in rule.description } + migrationRules.map { rule in rule.description }
            + queryRules.map { rule in rule.description } + EngineRules.all
    }

    package static var allIDs: Set<String> { Set(allDescriptions.map { $0.id }) }

    package static func description(of id: String) -> RuleDescription? {
        allDescriptions.first { $0.id == id }
    }
}
