namespace Pauta.Core.Protocols;

/// <summary>
/// The linter's finding codes. They are stored in files, shown by the CLI and used as UI text keys, so a code
/// never changes meaning once shipped; add a new one instead. Warnings are listed in <see cref="Warnings"/>.
/// </summary>
public static class LintCodes
{
    // Required parts.
    public const string TitleMissing = "Lint.TitleMissing";
    public const string DepartmentMissing = "Lint.DepartmentMissing";
    public const string PurposeMissing = "Lint.PurposeMissing";
    public const string ChannelMissing = "Lint.ChannelMissing";
    public const string StageEmpty = "Lint.StageEmpty";
    public const string LanguageUnknown = "Lint.LanguageUnknown";

    // Text.
    public const string AcronymUndefined = "Lint.AcronymUndefined";
    public const string PlaceholderUnknown = "Lint.PlaceholderUnknown";
    public const string PlaceholderUnclosed = "Lint.PlaceholderUnclosed";
    public const string PlaceholderEmpty = "Lint.PlaceholderEmpty";
    public const string BraceStray = "Lint.BraceStray";
    public const string InstructionTooLong = "Lint.InstructionTooLong";
    public const string InstructionHardToRead = "Lint.InstructionHardToRead";

    // Steps and flow.
    public const string StepKeyInvalid = "Lint.StepKeyInvalid";
    public const string StepKeyDuplicate = "Lint.StepKeyDuplicate";
    public const string NextStepUnknown = "Lint.NextStepUnknown";
    public const string StepUnreachable = "Lint.StepUnreachable";
    public const string PathEndsOutsideSolution = "Lint.PathEndsOutsideSolution";
    public const string LoopWithoutExit = "Lint.LoopWithoutExit";
    public const string QuestionWithoutAnswers = "Lint.QuestionWithoutAnswers";
    public const string QuestionTextMissing = "Lint.QuestionTextMissing";
    public const string NextIgnored = "Lint.NextIgnored";

    // Contingency plans.
    public const string PlanNameMissing = "Lint.PlanNameMissing";
    public const string PlanEmpty = "Lint.PlanEmpty";
    public const string PlanKeyDuplicate = "Lint.PlanKeyDuplicate";

    // Channels and service levels.
    public const string GreetingMissing = "Lint.GreetingMissing";
    public const string ServiceLevelMissing = "Lint.ServiceLevelMissing";
    public const string ServiceLevelDuplicate = "Lint.ServiceLevelDuplicate";
    public const string ServiceLevelNotPositive = "Lint.ServiceLevelNotPositive";
    public const string ResolutionBeforeFirstResponse = "Lint.ResolutionBeforeFirstResponse";

    // Service-level targets (format 2).
    public const string TargetDuplicate = "Lint.TargetDuplicate";
    public const string TargetChannelMissing = "Lint.TargetChannelMissing";
    public const string TargetChannelUnused = "Lint.TargetChannelUnused";
    public const string TargetAmountNotPositive = "Lint.TargetAmountNotPositive";
    public const string TargetAmountImplausible = "Lint.TargetAmountImplausible";
    public const string TargetCountingIgnored = "Lint.TargetCountingIgnored";
    public const string TargetSubChannelsOutsideElectronic = "Lint.TargetSubChannelsOutsideElectronic";
    public const string TargetExtensionNotPositive = "Lint.TargetExtensionNotPositive";
    public const string TargetCalendarInvalid = "Lint.TargetCalendarInvalid";
    public const string TargetCalendarUnknown = "Lint.TargetCalendarUnknown";
    public const string TargetWarningShape = "Lint.TargetWarningShape";
    public const string TargetWarningPercentOutOfRange = "Lint.TargetWarningPercentOutOfRange";
    public const string TargetWarningLeftOutOfRange = "Lint.TargetWarningLeftOutOfRange";
    public const string StepFulfilsWithoutTarget = "Lint.StepFulfilsWithoutTarget";

    // Hand-offs, contact fields, selection rules, shared sections (format 2).
    public const string HandoffUnknown = "Lint.HandoffUnknown";
    public const string HandoffToItself = "Lint.HandoffToItself";
    public const string FieldKeyInvalid = "Lint.FieldKeyInvalid";
    public const string FieldKeyDuplicate = "Lint.FieldKeyDuplicate";
    public const string FieldKeyReserved = "Lint.FieldKeyReserved";
    public const string FieldLabelMissing = "Lint.FieldLabelMissing";
    public const string FieldChoiceOptions = "Lint.FieldChoiceOptions";
    public const string FieldOptionsIgnored = "Lint.FieldOptionsIgnored";
    public const string FieldCurrencyUnknown = "Lint.FieldCurrencyUnknown";
    public const string SelectionPhraseEmpty = "Lint.SelectionPhraseEmpty";
    public const string SelectionPhraseContradicts = "Lint.SelectionPhraseContradicts";
    public const string SelectionChannelsOutside = "Lint.SelectionChannelsOutside";
    public const string ScopeExclusion = "Lint.ScopeExclusion";
    public const string PlanChannelsOutside = "Lint.PlanChannelsOutside";
    public const string SharedSectionKeyInvalid = "Lint.SharedSectionKeyInvalid";
    public const string SharedSectionDuplicate = "Lint.SharedSectionDuplicate";
    public const string SharedSectionNested = "Lint.SharedSectionNested";

    // Escalation.
    public const string EscalationTargetMissing = "Lint.EscalationTargetMissing";
    public const string EscalationTargetUnknown = "Lint.EscalationTargetUnknown";
    public const string EscalationAmountMissing = "Lint.EscalationAmountMissing";
    public const string EscalationRuleKeyDuplicate = "Lint.EscalationRuleKeyDuplicate";
    public const string EscalationRuleUnknown = "Lint.EscalationRuleUnknown";
    public const string EscalationCurrencyUnknown = "Lint.EscalationCurrencyUnknown";

    // Assessment and review.
    public const string PassMarkOutOfRange = "Lint.PassMarkOutOfRange";
    public const string CorrectIndexOutOfRange = "Lint.CorrectIndexOutOfRange";
    public const string ReviewCadenceNotPositive = "Lint.ReviewCadenceNotPositive";

    /// <summary>Every code, so the UI text files can be checked for a message per code.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        TitleMissing, DepartmentMissing, PurposeMissing, ChannelMissing, StageEmpty, LanguageUnknown,
        AcronymUndefined, PlaceholderUnknown, PlaceholderUnclosed, PlaceholderEmpty, BraceStray,
        InstructionTooLong, InstructionHardToRead,
        StepKeyInvalid, StepKeyDuplicate, NextStepUnknown, StepUnreachable, PathEndsOutsideSolution, LoopWithoutExit,
        QuestionWithoutAnswers, QuestionTextMissing, NextIgnored,
        PlanNameMissing, PlanEmpty, PlanKeyDuplicate,
        GreetingMissing, ServiceLevelMissing, ServiceLevelDuplicate, ServiceLevelNotPositive, ResolutionBeforeFirstResponse,
        TargetDuplicate, TargetChannelMissing, TargetChannelUnused, TargetAmountNotPositive, TargetAmountImplausible, TargetCountingIgnored,
        TargetSubChannelsOutsideElectronic, TargetExtensionNotPositive, TargetCalendarInvalid, TargetCalendarUnknown,
        TargetWarningShape, TargetWarningPercentOutOfRange, TargetWarningLeftOutOfRange, StepFulfilsWithoutTarget,
        HandoffUnknown, HandoffToItself, FieldKeyInvalid, FieldKeyDuplicate, FieldKeyReserved, FieldLabelMissing, FieldChoiceOptions,
        FieldOptionsIgnored, FieldCurrencyUnknown, SelectionPhraseEmpty, SelectionPhraseContradicts, SelectionChannelsOutside,
        ScopeExclusion, PlanChannelsOutside, SharedSectionKeyInvalid, SharedSectionDuplicate, SharedSectionNested,
        EscalationTargetMissing, EscalationTargetUnknown, EscalationAmountMissing, EscalationRuleKeyDuplicate, EscalationRuleUnknown,
        EscalationCurrencyUnknown,
        PassMarkOutOfRange, CorrectIndexOutOfRange, ReviewCadenceNotPositive,
    ];

    /// <summary>
    /// The codes whose check needs the organisation (its people, or its own placeholder names): offline, as in
    /// <c>pauta lint</c>, they are not run, and <see cref="ProtocolLinter.NotRunOffline"/> says where they would be.
    /// </summary>
    public static readonly IReadOnlySet<string> NeedOrganisation = new HashSet<string> { EscalationTargetUnknown, TargetCalendarUnknown, HandoffUnknown, PlaceholderUnknown };

    /// <summary>The codes that are advice and do not block publishing.</summary>
    public static readonly IReadOnlySet<string> Warnings = new HashSet<string>
    {
        InstructionTooLong, InstructionHardToRead, NextIgnored,
        // A term that outlives its calendar counts on the site's hours (ADR-011), so an unknown key is advice, not a block.
        TargetCalendarUnknown, TargetChannelUnused, TargetAmountImplausible, TargetCountingIgnored, FieldOptionsIgnored, FieldLabelMissing,
        ScopeExclusion,
    };

    public static Severity SeverityOf(string code) => Warnings.Contains(code) ? Severity.Warning : Severity.Error;
}
