using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

public class LintCodesTests
{
    [Fact]
    public void Every_code_is_unique_and_namespaced()
    {
        LintCodes.All.ShouldBeUnique();
        LintCodes.All.ShouldAllBe(code => code.StartsWith("Lint."));
    }

    [Fact]
    public void Every_constant_is_listed_in_all()
    {
        var constants = typeof(LintCodes).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

        LintCodes.All.ShouldBe(constants, ignoreOrder: true);
    }

    [Fact]
    public void Only_advice_that_cannot_mislead_a_contact_is_a_warning()
    {
        LintCodes.Warnings.ShouldBe(
        [
            LintCodes.InstructionTooLong, LintCodes.InstructionHardToRead, LintCodes.NextIgnored,
            LintCodes.TargetCalendarUnknown, LintCodes.TargetChannelUnused, LintCodes.TargetAmountImplausible, LintCodes.TargetCountingIgnored,
            LintCodes.FieldOptionsIgnored, LintCodes.FieldLabelMissing, LintCodes.ScopeExclusion,
        ], ignoreOrder: true);
        LintCodes.All.Where(c => !LintCodes.Warnings.Contains(c)).ShouldAllBe(c => LintCodes.SeverityOf(c) == Severity.Error);
    }

    [Fact]
    public void The_checks_needing_the_organisation_are_escalation_targets_calendars_hand_offs_and_its_own_placeholders() =>
        LintCodes.NeedOrganisation.ShouldBe(
            [LintCodes.EscalationTargetUnknown, LintCodes.TargetCalendarUnknown, LintCodes.HandoffUnknown, LintCodes.PlaceholderUnknown], ignoreOrder: true);

    [Fact]
    public void A_finding_becomes_a_problem_with_the_same_path_code_and_arguments()
    {
        var problem = new LintFinding(Severity.Error, LintCodes.AcronymUndefined, "steps[3].instruction", "ERP").ToProblem();

        problem.Field.ShouldBe("steps[3].instruction");
        problem.Code.ShouldBe(LintCodes.AcronymUndefined);
        problem.Args.ShouldBe(["ERP"]);
    }
}
