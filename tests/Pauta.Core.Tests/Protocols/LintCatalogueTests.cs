using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

/// <summary>
/// One break per rule, in one table: a new code without an entry here fails the first test, so no rule ships
/// without a test that makes it fire. The per-area test classes check paths, arguments and the quiet cases.
/// </summary>
public class LintCatalogueTests
{
    private static readonly Dictionary<string, Func<Protocol, Protocol>> Breaks = new()
    {
        [LintCodes.TitleMissing] = p => p with { Title = "" },
        [LintCodes.DepartmentMissing] = p => p with { Department = "" },
        [LintCodes.PurposeMissing] = p => p with { Purpose = "" },
        [LintCodes.ChannelMissing] = p => p with { Channels = Channels.None },
        [LintCodes.StageEmpty] = p => p with { Steps = p.Steps.Where(s => s.Stage != Stage.Analysis).ToList() },
        [LintCodes.LanguageUnknown] = p => p with { Language = "fr" },
        [LintCodes.AcronymUndefined] = p => p with { Purpose = "Subir el CSAT." },
        [LintCodes.PlaceholderUnknown] = p => p.WithStep("saludo", s => s with { Scripts = [s.Scripts[0] with { Text = "Hola {nombre}" }] }),
        [LintCodes.PlaceholderUnclosed] = p => p.WithStep("saludo", s => s with { Scripts = [s.Scripts[0] with { Text = "Hola {cliente" }] }),
        [LintCodes.PlaceholderEmpty] = p => p.WithStep("saludo", s => s with { Scripts = [s.Scripts[0] with { Text = "Hola {}" }] }),
        [LintCodes.BraceStray] = p => p.WithStep("saludo", s => s with { Scripts = [s.Scripts[0] with { Text = "Hola }" }] }),
        [LintCodes.InstructionTooLong] = p => p.WithStep("informar", s => s with { Instruction = string.Join(". ", Enumerable.Repeat("Sí", 61)) }),
        [LintCodes.InstructionHardToRead] = p => p.WithStep("informar", s => s with
        {
            Instruction = "Verifique minuciosamente la documentación acreditativa correspondiente, comprobando individualmente la autenticidad, " +
                "integridad y vigencia administrativa de cada justificante presentado por el reclamante.",
        }),
        [LintCodes.StepKeyInvalid] = p => p.WithStep("saludo", s => s with { Key = "Saludo" }),
        [LintCodes.StepKeyDuplicate] = p => p with { Steps = [.. p.Steps, p.Steps[^1]] },
        [LintCodes.NextStepUnknown] = p => p.WithStep("informar", s => s with { Next = "nadie" }),
        [LintCodes.StepUnreachable] = p => p.WithStep("informar", s => s with { Next = Step.End }).WithStep("devolucion", s => s with { Next = Step.End }),
        [LintCodes.PathEndsOutsideSolution] = p => p.WithStep("transferir", s => s with { Stage = Stage.Analysis }),
        [LintCodes.LoopWithoutExit] = p => p.WithStep("transferir", s => s with { Next = "saludo" }).WithStep("despedida", s => s with { Next = "saludo" }),
        [LintCodes.QuestionWithoutAnswers] = p => p.WithStep("motivo", s => s with { Answers = [] }),
        [LintCodes.QuestionTextMissing] = p => p.WithStep("motivo", s => s with { Question = null }),
        [LintCodes.NextIgnored] = p => p.WithStep("motivo", s => s with { Next = "informar" }),
        [LintCodes.PlanNameMissing] = p => p with { ContingencyPlans = [p.ContingencyPlans[0] with { Name = "" }] },
        [LintCodes.PlanEmpty] = p => p with { ContingencyPlans = [p.ContingencyPlans[0] with { Steps = [] }] },
        [LintCodes.PlanKeyDuplicate] = p => p with
        {
            ContingencyPlans = [.. p.ContingencyPlans, new ContingencyPlan { Key = p.ContingencyPlans[0].Key, Name = "Otro", Steps = [PlainStep("otro")] }],
        },
        [LintCodes.GreetingMissing] = p => p.WithStep("saludo", s => s with { Scripts = [] }),
        [LintCodes.ServiceLevelMissing] = p => p with { ServiceLevels = [] },
        [LintCodes.ServiceLevelDuplicate] = p => p with { ServiceLevels = [.. p.ServiceLevels, .. p.ServiceLevels] },
        [LintCodes.ServiceLevelNotPositive] = p => p with { ServiceLevels = [p.ServiceLevels[0] with { FirstResponseSeconds = 0 }] },
        [LintCodes.ResolutionBeforeFirstResponse] = p => p with { ServiceLevels = [p.ServiceLevels[0] with { FirstResponseSeconds = 3600 }] },
        [LintCodes.TargetDuplicate] = p => p.WithTargets(AnswerTarget, AnswerTarget),
        [LintCodes.TargetChannelMissing] = p => p.WithTargets(AnswerTarget with { Channel = Channels.None }),
        [LintCodes.TargetChannelUnused] = p => p.WithTargets(AnswerTarget with { Channel = Channels.Phone | Channels.Print }),
        [LintCodes.TargetAmountNotPositive] = p => p.WithTargets(AnswerTarget with { Amount = 0 }),
        [LintCodes.TargetAmountImplausible] = p => p.WithTargets(AnswerTarget with { Amount = 9000 }),
        [LintCodes.TargetCountingIgnored] = p => p.WithTargets(AnswerTarget with { Amount = 15, Unit = TargetUnit.BusinessDays, Counting = ServiceClock.Calendar }),
        [LintCodes.TargetSubChannelsOutsideElectronic] = p => p.WithTargets(AnswerTarget with { SubChannels = SubChannels.Chat }),
        [LintCodes.TargetExtensionNotPositive] = p => p.WithTargets(AnswerTarget with { ExtendableBy = 0 }),
        [LintCodes.TargetCalendarInvalid] = p => p.WithTargets(AnswerTarget with { Calendar = "Legal CO" }),
        [LintCodes.TargetCalendarUnknown] = p => p.WithTargets(AnswerTarget with { Calendar = "legal-mx" }),
        [LintCodes.TargetWarningShape] = p => p.WithTargets(AnswerTarget with { Warnings = [new TargetWarning()] }),
        [LintCodes.TargetWarningPercentOutOfRange] = p => p.WithTargets(AnswerTarget with { Warnings = [new TargetWarning { PercentUsed = 100 }] }),
        [LintCodes.TargetWarningLeftOutOfRange] = p => p.WithTargets(AnswerTarget with { Warnings = [new TargetWarning { Left = 2, LeftUnit = TargetUnit.Hours }] }),
        [LintCodes.StepFulfilsWithoutTarget] = p => p.WithStep("escuchar", s => s with { Fulfils = Pauta.Core.Contacts.ContactClock.Acknowledgement }),
        [LintCodes.HandoffUnknown] = p => p.WithStep("transferir", s => s with { Handoff = "Nadie" }),
        [LintCodes.HandoffToItself] = p => p.WithStep("transferir", s => s with { Handoff = p.Title }),
        [LintCodes.FieldKeyInvalid] = p => p with { Fields = [new ContactField { Key = "Cita", Label = "Cita" }] },
        [LintCodes.FieldKeyDuplicate] = p => p with { Fields = [new ContactField { Key = "cita", Label = "Cita" }, new ContactField { Key = "cita", Label = "Otra" }] },
        [LintCodes.FieldKeyReserved] = p => p with { Fields = [new ContactField { Key = "cliente", Label = "Cliente" }] },
        [LintCodes.FieldLabelMissing] = p => p with { Fields = [new ContactField { Key = "cita" }] },
        [LintCodes.FieldChoiceOptions] = p => p with { Fields = [new ContactField { Key = "tipo", Label = "Tipo", Type = ContactFieldType.Choice, Options = ["Sí"] }] },
        [LintCodes.FieldOptionsIgnored] = p => p with { Fields = [new ContactField { Key = "tipo", Label = "Tipo", Options = ["a", "b"] }] },
        [LintCodes.FieldCurrencyUnknown] = p => p with { Fields = [new ContactField { Key = "valor", Label = "Valor", Type = ContactFieldType.Amount, Currency = "EURO" }] },
        [LintCodes.SelectionPhraseEmpty] = p => p with { Selection = new SelectionRules { WinsWhen = [" "] } },
        [LintCodes.SelectionPhraseContradicts] = p => p with { Selection = new SelectionRules { WinsWhen = ["fraude"], NotFor = ["Fraude"] } },
        [LintCodes.SelectionChannelsOutside] = p => p with { Selection = new SelectionRules { WinsWhen = ["fraude"], WinsOnChannels = Channels.Print } },
        [LintCodes.ScopeExclusion] = p => p with { Scope = "Todas las llamadas. No se aplica a las reclamaciones formales." },
        [LintCodes.PlanChannelsOutside] = p => p with { ContingencyPlans = [p.ContingencyPlans[0] with { Channels = Channels.Print }] },
        [LintCodes.SharedSectionKeyInvalid] = p => p with { SharedSections = ["Saludo común"] },
        [LintCodes.SharedSectionDuplicate] = p => p with { SharedSections = ["cierre", "cierre"] },
        [LintCodes.SharedSectionNested] = p => p with { Kind = ProtocolKind.SharedSection, SharedSections = ["cierre"] },
        [LintCodes.EscalationCurrencyUnknown] = p => p with { EscalationRules = [p.EscalationRules[0], p.EscalationRules[1] with { Currency = "eur" }] },
        [LintCodes.EscalationTargetMissing] = p => p with { EscalationRules = [p.EscalationRules[0] with { Target = "" }] },
        [LintCodes.EscalationTargetUnknown] = p => p with { EscalationRules = [p.EscalationRules[0] with { Target = "Nadie" }] },
        [LintCodes.EscalationAmountMissing] = p => p with { EscalationRules = [p.EscalationRules[0], p.EscalationRules[1] with { Amount = null }] },
        [LintCodes.EscalationRuleKeyDuplicate] = p => p with { EscalationRules = [.. p.EscalationRules, p.EscalationRules[0]] },
        [LintCodes.EscalationRuleUnknown] = p => p with { EscalationRules = p.EscalationRules.Skip(1).ToList() },
        [LintCodes.PassMarkOutOfRange] = p => p with { Assessment = p.Assessment! with { PassMark = 0 } },
        [LintCodes.CorrectIndexOutOfRange] = p => p with { Assessment = p.Assessment! with { Questions = [p.Assessment.Questions[0] with { CorrectIndex = 9 }] } },
        [LintCodes.ReviewCadenceNotPositive] = p => p with { ReviewEveryDays = 0 },
    };

    public static TheoryData<string> Codes => new(LintCodes.All);

    [Fact]
    public void Every_rule_has_a_break_in_the_catalogue()
    {
        Breaks.Keys.ShouldBe(LintCodes.All, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_break_makes_its_rule_fire_with_the_rule_severity(string code)
    {
        var findings = Breaks[code](PhoneProtocol()).Lint().WithCode(code).ToList();

        findings.ShouldNotBeEmpty();
        findings.ShouldAllBe(f => f.Severity == LintCodes.SeverityOf(code));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void The_complete_protocol_keeps_each_rule_quiet(string code)
    {
        PhoneProtocol().ShouldNotFind(code);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Linting_never_throws_whatever_single_part_is_broken(string code)
    {
        // The editor lints on every keystroke: a broken draft must give findings, never an exception.
        Should.NotThrow(() => Breaks[code](PhoneProtocol() with { Language = "en" }).Lint(LintContext.Offline));
    }
}
