using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public class LintEscalationTests
{
    private static Protocol WithRule(int index, Func<EscalationRule, EscalationRule> change)
    {
        var protocol = PhoneProtocol();
        return protocol with { EscalationRules = protocol.EscalationRules.Select((r, i) => i == index ? change(r) : r).ToList() };
    }

    [Fact]
    public void A_target_that_is_neither_a_role_nor_a_held_position_is_an_error_on_the_target()
    {
        WithRule(0, r => r with { Target = "Director general" })
            .ShouldFindOnly(LintCodes.EscalationTargetUnknown, "escalationRules[0].target", "Director general");
    }

    [Fact]
    public void A_position_nobody_holds_is_not_a_target()
    {
        var nobodyIsCoordinator = new LintContext(["Supervisor", "Manager"], ["Jefa de tienda"]);

        PhoneProtocol().ShouldFindOnly(nobodyIsCoordinator, LintCodes.EscalationTargetUnknown, "escalationRules[1].target", "Coordinadora de atención");
    }

    [Theory]
    [InlineData("Supervisor")]
    [InlineData("manager")]
    [InlineData("  SUPERVISOR ")]
    public void A_known_role_is_a_target_whatever_the_case_or_spaces(string target)
    {
        WithRule(0, r => r with { Target = target }).Lint().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Jefa de tienda")]
    [InlineData("jefa de tienda")]
    public void A_held_position_is_a_target(string target)
    {
        WithRule(0, r => r with { Target = target }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void Offline_linting_cannot_know_the_people_and_keeps_the_target_rule_quiet()
    {
        WithRule(0, r => r with { Target = "Director general" }).Lint(LintContext.Offline).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_rule_without_a_target_is_an_error_even_offline(string target)
    {
        var protocol = WithRule(0, r => r with { Target = target });

        protocol.ShouldFindOnly(LintCodes.EscalationTargetMissing, "escalationRules[0].target");
        protocol.ShouldFindOnly(LintContext.Offline, LintCodes.EscalationTargetMissing, "escalationRules[0].target");
    }

    [Fact]
    public void A_rule_with_a_target_keeps_the_missing_target_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.EscalationTargetMissing);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-50)]
    public void An_amount_rule_without_a_positive_amount_is_an_error_on_the_amount(int? amount)
    {
        WithRule(1, r => r with { Amount = amount })
            .ShouldFindOnly(LintCodes.EscalationAmountMissing, "escalationRules[1].amount");
    }

    [Fact]
    public void An_amount_rule_with_an_amount_and_other_rules_without_one_keep_the_amount_rule_quiet()
    {
        var protocol = PhoneProtocol();

        protocol.EscalationRules[0].Amount.ShouldBeNull();
        protocol.ShouldNotFind(LintCodes.EscalationAmountMissing);
    }

    [Fact]
    public void Two_rules_with_the_same_key_are_an_error_on_the_second()
    {
        WithRule(1, r => r with { Key = "pide-responsable" })
            .ShouldFindOnly(LintCodes.EscalationRuleKeyDuplicate, "escalationRules[1].key", "pide-responsable");
    }

    [Fact]
    public void Distinct_rule_keys_keep_the_duplicate_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.EscalationRuleKeyDuplicate);
    }

    [Fact]
    public void An_answer_naming_an_unknown_escalation_rule_is_an_error_on_that_answer()
    {
        PhoneProtocol()
            .WithStep("motivo", s => s with { Answers = [s.Answers[0], s.Answers[1], s.Answers[2] with { EscalationRuleKey = "pide-jefe" }] })
            .ShouldFindOnly(LintCodes.EscalationRuleUnknown, "steps[2].answers[2].escalationRuleKey", "pide-jefe");
    }

    [Fact]
    public void An_answer_naming_an_existing_rule_keeps_the_rule_reference_quiet()
    {
        PhoneProtocol().Steps[2].Answers[2].EscalationRuleKey.ShouldBe("pide-responsable");
        PhoneProtocol().ShouldNotFind(LintCodes.EscalationRuleUnknown);
    }

    [Fact]
    public void An_answer_in_a_plan_naming_an_unknown_rule_is_an_error_too()
    {
        var question = QuestionStep("molesto-sigue", Stage.Analysis, "molesto-agradecer") with
        {
            Answers = [new Answer("Sigue enfadado", "molesto-agradecer", EscalationRuleKey: "no-existe")],
        };
        var protocol = PhoneProtocol();
        var plan = protocol.ContingencyPlans[0];

        (protocol with { ContingencyPlans = [plan with { Steps = [.. plan.Steps.Take(3), question, .. plan.Steps.Skip(3)] }] })
            .ShouldFindOnly(LintCodes.EscalationRuleUnknown, "contingencyPlans[0].steps[3].answers[0].escalationRuleKey", "no-existe");
    }
}
