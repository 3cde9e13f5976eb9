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
    public void Only_length_readability_and_an_ignored_next_are_warnings()
    {
        LintCodes.Warnings.ShouldBe([LintCodes.InstructionTooLong, LintCodes.InstructionHardToRead, LintCodes.NextIgnored], ignoreOrder: true);
        LintCodes.All.Where(c => !LintCodes.Warnings.Contains(c)).ShouldAllBe(c => LintCodes.SeverityOf(c) == Severity.Error);
    }

    [Fact]
    public void A_finding_becomes_a_problem_with_the_same_path_code_and_arguments()
    {
        var problem = new LintFinding(Severity.Error, LintCodes.AcronymUndefined, "steps[3].instruction", "ERP").ToProblem();

        problem.Field.ShouldBe("steps[3].instruction");
        problem.Code.ShouldBe(LintCodes.AcronymUndefined);
        problem.Args.ShouldBe(["ERP"]);
    }
}
