/// The one list of rules. Adding a rule: one file, one line here, one docs/rules page.
package enum RuleCatalog {
    package static let schemaRules: [any SchemaRule.Type] = [
        MissingPrimaryKey.self,
        ForeignKeyMissingIndex.self,
        MissingForeignKey.self,
        ForeignKeyTypeMismatch.self,
        MissingTimestamps.self,
        UpdatedAtWithoutTrigger.self,
        SoftDeleteWithoutPartialIndex.self,
        SoftDeleteUniqueNotPartial.self,
        UUIDAsText.self,
        PreferIdentity.self,
        PreferTimestamptz.self,
        PreferBigintKey.self,
        MoneyAsFloat.self,
        PreferJSONB.self,
        BanCharType.self,
        IdentifierNotSnakeCase.self,
        ReservedWordIdentifier.self,
        DuplicateIndex.self,
        RedundantIndex.self,
        LowSelectivityIndex.self,
        NaturalKeyNotUnique.self,
        EnumLikeTextWithoutCheck.self,
        RepeatingColumnGroup.self,
        DenormalizedCopy.self,
        UnboundedAppendTable.self,
        SelectStarInView.self,
        BusinessLogicInFunction.self,
        CreatedAtWithoutDefault.self,
        TenantColumnMissing.self,
        TenantUniqueNotScoped.self,
        TenantRLSDisabled.self,
        // Live database only (statistics):
        UnusedIndex.self,
        InvalidIndex.self,
        SequenceNearExhaustion.self,
        TableSeqScanHeavy.self,
    ]

    package static let migrationRules: [any MigrationRule.Type] = [
        RequireConcurrentIndex.self,
        RequireConcurrentIndexDrop.self,
        ConcurrentIndexInTransaction.self,
        AddColumnNotNullWithoutDefault.self,
        AddColumnVolatileDefault.self,
        AlterColumnType.self,
        SetNotNull.self,
        AddForeignKeyValidated.self,
        AddCheckValidated.self,
        AddUniqueConstraint.self,
        AddPrimaryKey.self,
        RenameColumn.self,
        RenameTable.self,
        DropColumn.self,
        DropTable.self,
        TruncateTable.self,
        MissingLockTimeout.self,
        BlockingMaintenance.self,
        TransactionInMigration.self,
        PreferRobustStatements.self,
        MixedDDLAndDML.self,
        UnbatchedUpdate.self,
        MigrationTooLarge.self,
        MissingDownMigration.self,
        DownDoesNotRevert.self,
        BanDropDatabase.self,
        BanDropNotNull.self,
        BanAlterDomainWithAddConstraint.self,
    ]

    /// Every rule description: schema rules, migration rules, then the engine's own findings.
    package static var allDescriptions: [RuleDescription] {
        schemaRules.map { rule in rule.description } + migrationRules.map { rule in rule.description } + EngineRules.all
    }

    package static var allIDs: Set<String> { Set(allDescriptions.map { $0.id }) }

    package static func description(of id: String) -> RuleDescription? {
        allDescriptions.first { $0.id == id }
    }
}
