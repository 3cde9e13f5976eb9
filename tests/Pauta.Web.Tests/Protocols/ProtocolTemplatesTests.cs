using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data.Protocols;
using Pauta.Web.Features.Protocols;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// The templates shipped with Pauta are protocols a manager can start from and publish once they have chosen their
/// department: they parse, are in canonical form, and the linter finds nothing else to fix.
/// </summary>
public sealed class ProtocolTemplatesTests
{
    /// <summary>The organisation the brief promises templates work for: one with supervisors and managers.</summary>
    private static readonly LintContext Organisation = new(["Agent", "Supervisor", "Manager"], []);

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var t in ProtocolTemplates.All) data.Add(t.Id);
        return data;
    }

    [Fact]
    public void There_are_six_templates_in_spanish_and_the_same_six_in_english()
    {
        ProtocolTemplates.In("es").Select(t => t.Protocol.Title).ShouldBe([
            "Atención presencial", "Atención telefónica", "Canal electrónico (chat, e-mail, redes)",
            "Canal impreso (cartas, facturas)", "Cliente molesto (método L.A.S.T.)", "Queja o reclamo"]);
        ProtocolTemplates.In("en").Select(t => t.Protocol.Title).ShouldBe([
            "In-person service", "Phone service", "Electronic channels (chat, e-mail, social media)",
            "Print channel (letters, invoices)", "Upset customer (L.A.S.T. method)", "Complaint"]);
        // Each English template is the Spanish one's counterpart: same channels and the same shape of flow.
        foreach (var (es, en) in ProtocolTemplates.In("es").Zip(ProtocolTemplates.In("en")))
        {
            en.Protocol.Channels.ShouldBe(es.Protocol.Channels, en.Id);
            en.Protocol.Steps.Select(s => (s.Stage, s.IsQuestion)).ShouldBe(es.Protocol.Steps.Select(s => (s.Stage, s.IsQuestion)), en.Id);
            en.Protocol.ServiceLevels.ShouldBe(es.Protocol.ServiceLevels, en.Id);
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_template_parses_is_canonical_and_lints_without_errors_once_its_department_is_chosen(string id)
    {
        var template = ProtocolTemplates.Find(id)!;
        var parsed = ProtocolFile.Parse(id, template.Text);
        parsed.Problems.ShouldBeEmpty();
        ProtocolFile.Write(parsed.Protocol!).ShouldBe(template.Text, $"{id} is not in canonical form");
        template.Protocol.Language.ShouldBe(id[..2]);

        // Left empty on purpose: the New page asks which of the organisation's departments it belongs to.
        template.Protocol.Department.ShouldBeEmpty();
        ProtocolLinter.Lint(template.Protocol, Organisation).Where(f => f.IsError).Select(f => f.Code).ShouldBe([LintCodes.DepartmentMissing]);

        var chosen = template.Protocol with { Department = "Atención al cliente" };
        ProtocolLinter.Lint(chosen, Organisation).Where(f => f.IsError).Select(f => f.ToString()).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_template_goes_through_the_three_stages_greets_with_placeholders_branches_and_escalates_to_roles(string id)
    {
        var p = ProtocolTemplates.Find(id)!.Protocol;
        p.Steps.Select(s => s.Stage).Distinct().ShouldBe(Stages.InOrder);
        p.Steps.Select(s => (int)s.Stage).ShouldBeInOrder(SortDirection.Ascending);

        var greetings = p.Steps.Where(s => s.Stage == Stage.Opening).SelectMany(s => s.Scripts).Where(s => s.IsGreeting).ToList();
        greetings.ShouldNotBeEmpty();
        greetings.ShouldAllBe(g => ScriptTemplate.Parse(g.Text).UsedPlaceholders.Any(ph => ph.Placeholder != null));
        var all = p.Steps.Concat(p.ContingencyPlans.SelectMany(c => c.Steps)).SelectMany(s => s.Scripts).ToList();
        all.ShouldAllBe(s => ScriptTemplate.Parse(s.Text).IsValid);
        // The customer's name always has a fallback, since the agent may not know it yet.
        all.SelectMany(s => ScriptTemplate.Parse(s.Text).UsedPlaceholders).Where(ph => ph.Placeholder == Placeholder.Customer)
            .ShouldAllBe(ph => ph.Fallback != null);

        var question = p.Steps.Single(s => s.IsQuestion);
        question.Answers.Count.ShouldBeGreaterThanOrEqualTo(2);
        question.Answers.Select(a => a.Next).Distinct().Count().ShouldBeGreaterThan(1, "a question whose answers all go the same way is no branch");
        question.Answers.ShouldContain(a => a.EscalationRuleKey != null);

        foreach (var channel in ChannelList.Each.Where(c => (p.Channels & c) == c))
            p.ServiceLevels.ShouldContain(l => (l.Channel & channel) == channel, $"{id}: {channel}");
        p.EscalationRules.ShouldNotBeEmpty();
        p.EscalationRules.Select(r => r.Target).ShouldAllBe(t => t == "Supervisor" || t == "Manager");
        p.ReviewEveryDays.ShouldNotBeNull();
        p.Purpose.ShouldNotBeEmpty();
    }

    [Fact]
    public void Templates_that_fit_one_have_a_contingency_plan()
    {
        ProtocolTemplates.All.Where(t => t.Protocol.ContingencyPlans.Count == 0).Select(t => t.Id).ShouldBeEmpty();
    }
}
