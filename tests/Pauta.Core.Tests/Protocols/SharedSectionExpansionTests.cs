using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

public class SharedSectionExpansionTests
{
    private static Step S(string key, Stage stage) => new() { Key = key, Stage = stage, Title = key };

    private static readonly Protocol Greeting = new()
    {
        Title = "Saludo común", Kind = ProtocolKind.SharedSection,
        Steps = [S("saludo", Stage.Opening), S("identificar", Stage.Analysis), S("despedida", Stage.Solution)],
        ContingencyPlans = [new ContingencyPlan { Key = "cliente-molesto", Name = "Cliente molesto", Steps = [S("calmar", Stage.Analysis)] }],
    };

    private static readonly Protocol Returns = new()
    {
        Title = "Devoluciones", SharedSections = ["saludo-comun"],
        Steps = [S("ticket", Stage.Opening), S("revisar", Stage.Analysis), S("reembolso", Stage.Solution)],
        ContingencyPlans = [new ContingencyPlan { Key = "caida", Name = "Caída del sistema", Steps = [S("manual", Stage.Analysis)] }],
    };

    private static Dictionary<string, Protocol> Sections => new() { ["saludo-comun"] = Greeting };

    [Fact]
    public void A_shared_section_key_is_its_title_folded_to_a_slug()
    {
        SharedSectionExpansion.KeyOf("Saludo común").ShouldBe("saludo-comun");
        SharedSectionExpansion.KeyOf("  Cierre: ¡gracias!  ").ShouldBe("cierre-gracias");
    }

    [Fact]
    public void Opening_steps_go_first_analysis_and_solution_steps_after_the_protocols_own_and_plans_at_the_end()
    {
        var result = SharedSectionExpansion.Expand(Returns, Sections);

        result.Succeeded.ShouldBeTrue();
        result.Protocol.Steps.Select(s => s.Key).ShouldBe(["saludo", "ticket", "revisar", "identificar", "reembolso", "despedida"]);
        result.Protocol.Steps.Select(s => s.SharedFrom).ShouldBe(["saludo-comun", null, null, "saludo-comun", null, "saludo-comun"]);
        result.Protocol.ContingencyPlans.Select(p => (p.Key, p.SharedFrom)).ShouldBe([("caida", (string?)null), ("cliente-molesto", "saludo-comun")]);
        result.Protocol.ContingencyPlans[1].Steps.Single().SharedFrom.ShouldBe("saludo-comun");
    }

    [Fact]
    public void Expanding_again_replaces_the_previous_copy_instead_of_adding_a_second_one()
    {
        var once = SharedSectionExpansion.Expand(Returns, Sections).Protocol;
        var changed = Greeting with { Steps = [S("bienvenida", Stage.Opening)], ContingencyPlans = [] };

        var twice = SharedSectionExpansion.Expand(once, new Dictionary<string, Protocol> { ["saludo-comun"] = changed });

        twice.Protocol.Steps.Select(s => s.Key).ShouldBe(["bienvenida", "ticket", "revisar", "reembolso"]);
        twice.Protocol.ContingencyPlans.Select(p => p.Key).ShouldBe(["caida"]);
    }

    [Fact]
    public void A_step_key_the_protocol_already_uses_is_refused_naming_the_section_and_the_owner()
    {
        var clash = Returns with { Steps = [.. Returns.Steps, S("despedida", Stage.Solution)] };

        var result = SharedSectionExpansion.Expand(clash, Sections);

        result.Succeeded.ShouldBeFalse();
        result.Problems.ShouldBe([new ExpansionProblem(ExpansionProblem.StepKeyTaken, "saludo-comun", "despedida", null)]);
        result.Protocol.Steps.Count.ShouldBe(4);
    }

    [Fact]
    public void A_key_two_sections_share_is_refused_naming_both_sections()
    {
        var closing = new Protocol { Title = "Cierre", Kind = ProtocolKind.SharedSection, Steps = [S("despedida", Stage.Solution)] };
        var both = Returns with { SharedSections = ["saludo-comun", "cierre"] };

        var result = SharedSectionExpansion.Expand(both, new Dictionary<string, Protocol> { ["saludo-comun"] = Greeting, ["cierre"] = closing });

        result.Problems.ShouldBe([new ExpansionProblem(ExpansionProblem.StepKeyTaken, "cierre", "despedida", "saludo-comun")]);
    }

    [Fact]
    public void A_section_that_is_not_published_or_is_not_a_shared_section_is_refused()
    {
        var result = SharedSectionExpansion.Expand(Returns with { SharedSections = ["saludo-comun", "nada"] }, Sections);
        result.Problems.Single().ShouldBe(new ExpansionProblem(ExpansionProblem.UnknownSection, "nada", null, null));

        var notShared = SharedSectionExpansion.Expand(Returns, new Dictionary<string, Protocol> { ["saludo-comun"] = Greeting with { Kind = ProtocolKind.Protocol } });
        notShared.Problems.Single().Code.ShouldBe(ExpansionProblem.UnknownSection);
    }
}

public class ProtocolMigrationRoundTripTests
{
    private static readonly Protocol Format1 = new()
    {
        Title = "Atención",
        ServiceLevels =
        [
            new ServiceLevel(Channels.Phone, 20, 14_400, ServiceClock.Business),
            new ServiceLevel(Channels.Electronic | Channels.Print, -1, 86_400, ServiceClock.Calendar),
        ],
    };

    [Fact]
    public void Format_1_levels_become_targets_in_the_largest_unit_that_divides_them_never_in_days()
    {
        var migrated = ProtocolMigration.ToFormat2(Format1);

        migrated.ServiceLevels.ShouldBeEmpty();
        migrated.ServiceTargets.Select(t => (t.Clock, t.Channel, t.Amount, t.Unit, t.Counting)).ShouldBe(
        [
            (ContactClock.FirstResponse, Channels.Phone, 20, TargetUnit.Seconds, ServiceClock.Business),
            (ContactClock.Resolution, Channels.Phone, 4, TargetUnit.Hours, ServiceClock.Business),
            (ContactClock.Resolution, Channels.Electronic | Channels.Print, 24, TargetUnit.Hours, ServiceClock.Calendar),
        ]);
    }

    [Fact]
    public void Plain_targets_go_back_to_the_same_format_1_levels()
    {
        ProtocolMigration.ToFormat1WherePlain(ProtocolMigration.ToFormat2(Format1)).ShouldBe(Format1, new ProtocolLevelsComparer());
    }

    [Fact]
    public void A_target_a_level_cannot_say_keeps_every_target()
    {
        var targets = ProtocolMigration.ToFormat2(Format1);
        var legal = targets with
        {
            ServiceTargets = [.. targets.ServiceTargets, new ServiceTarget { Clock = ContactClock.Answer, Channel = Channels.Print, Amount = 15, Unit = TargetUnit.BusinessDays, Calendar = CalendarRefs.Legal }],
        };

        ProtocolMigration.ToFormat1WherePlain(legal).ShouldBeSameAs(legal);
    }

    [Theory]
    [InlineData("serviceLevels[0].firstResponseSeconds", "serviceTargets[0].amount")]
    [InlineData("serviceLevels[0].resolutionSeconds", "serviceTargets[1].amount")]
    [InlineData("serviceLevels[1].resolutionSeconds", "serviceTargets[2].amount")]
    [InlineData("serviceLevels[1].clock", "serviceTargets[2].counting")]
    [InlineData("serviceLevels", "serviceTargets")]
    [InlineData("steps[0].title", "steps[0].title")]
    public void A_finding_about_a_level_points_at_the_target_row_it_became(string levelPath, string targetPath)
    {
        ProtocolMigration.TargetPathOf(levelPath, Format1).ShouldBe(targetPath);
    }

    private sealed class ProtocolLevelsComparer : IEqualityComparer<Protocol>
    {
        public bool Equals(Protocol? x, Protocol? y) => x!.ServiceLevels.SequenceEqual(y!.ServiceLevels) && x.ServiceTargets.Count == y.ServiceTargets.Count;
        public int GetHashCode(Protocol obj) => 0;
    }
}
