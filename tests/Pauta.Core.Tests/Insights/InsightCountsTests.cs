using Pauta.Core.Contacts;
using Pauta.Core.Insights;
using Pauta.Core.Organisations;

namespace Pauta.Core.Tests.Insights;

public class InsightCountsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static ContactFact Fact(int? score = null, params string[] reasons) => new(
        Start, new DateOnly(2026, 3, 2), Channels.Phone, Guid.Empty, 5, true, Start.AddMinutes(5), ContactOutcome.Resolved,
        new ClockFact(ClockResult.Met, TimeSpan.FromSeconds(12)), new ClockFact(ClockResult.Missed, TimeSpan.FromMinutes(20)),
        reasons, ["cliente-molesto"], false, 0, new CustomerFeedback(score, null, null),
        [new StepFact("saludo", true, StepResolution.Skipped, "  no  hubo  tiempo ", null, false, TimeSpan.FromSeconds(30))]);

    [Fact]
    public void Adding_and_subtracting_a_contribution_leaves_nothing()
    {
        var row = InsightCounts.EmptyContact();
        row.Add(InsightCounts.OfContact(Fact(4, "manual")));
        row.IsZero.ShouldBeFalse();
        row[InsightCounts.Contact.SurveySum].ShouldBe(4);
        row[InsightCounts.ContactKeyed.EscalationReasons].ShouldBe(new Dictionary<string, long> { ["manual"] = 1 });
        row.Add(InsightCounts.OfContact(Fact(4, "manual")), -1);
        row.IsZero.ShouldBeTrue();
        row.ToText().ShouldBe(InsightCounts.EmptyContact().ToText());
    }

    [Fact]
    public void The_text_form_round_trips_with_odd_reasons_and_is_canonical()
    {
        var a = InsightCounts.EmptyStep();
        a.Add(InsightCounts.OfStep(Fact().Steps[0] with { SkipReason = "a:b|c,d%e ñ" }, 3));
        a.Add(InsightCounts.OfStep(Fact().Steps[0] with { SkipReason = null }, null));
        a.Add(InsightCounts.OfStep(new StepFact("motivo", true, StepResolution.Answered, null, 2, false, TimeSpan.Zero), 5));
        var text = a.ToText();
        var back = InsightCounts.ParseStep(text);
        back.ToText().ShouldBe(text);
        back[InsightCounts.StepKeyed.SkipReasons].ShouldBe(new Dictionary<string, long> { [""] = 1, ["a:b|c,d%e ñ"] = 1 });
        back[InsightCounts.StepHistogram.AnswerScoreSum].ShouldBe(new Dictionary<int, long> { [2] = 5 });
        back[InsightCounts.Step.Skipped].ShouldBe(2);
        back[InsightCounts.Step.Completed].ShouldBe(1);
    }

    [Fact]
    public void Skip_reasons_group_by_their_words()
    {
        InsightCounts.SkipReasonKey("  no  hubo\ttiempo ").ShouldBe("no hubo tiempo");
        InsightCounts.SkipReasonKey("   ").ShouldBe("");
        InsightCounts.SkipReasonKey(null).ShouldBe("");
    }
}
