using System.Globalization;

namespace Pauta.Web.Features.Insights;

/// <summary>
/// One protocol in the insights (<c>/insights/protocol?protocol=…&amp;version=…</c>): adherence per step of a version
/// (reached, completed, skipped with reasons, close-gate overrides, time on step), and version <c>a</c> against version
/// <c>b</c> side by side with the difference. Numbers from <see cref="InsightsReader"/>; every one drills down.
/// </summary>
public sealed class ProtocolModel(InsightsReader reader, PautaDbContext db, CurrentMember me, TimeProvider time, IStringLocalizer<SharedResource> l)
    : InsightsPage(db, me, time, l)
{
    public static readonly string[] Tables = ["steps", "compare"];

    [BindProperty(SupportsGet = true, Name = "a")] public string? A { get; set; }
    [BindProperty(SupportsGet = true, Name = "b")] public string? B { get; set; }
    [BindProperty(SupportsGet = true, Name = "table")] public string? Table { get; set; }

    public override string Path => "/insights/protocol";

    public override IEnumerable<(string Key, string Value)> ExtraFields()
    {
        if (!string.IsNullOrWhiteSpace(A)) yield return ("a", A);
        if (!string.IsNullOrWhiteSpace(B)) yield return ("b", B);
    }

    /// <summary>The version whose steps are shown: the filter's, else the latest published.</summary>
    public int? ShownVersion { get; private set; }
    public VersionAdherence? Adherence { get; private set; }
    public VersionComparison? Comparison { get; private set; }
    /// <summary>The step with the highest skip rate (the one a manager looks at first).</summary>
    public StepAdherence? Worst { get; private set; }
    public int? VersionA { get; private set; }
    public int? VersionB { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var problems = new List<Problem>();
        var a = ParseVersion(A, "A", problems);
        var b = ParseVersion(B, "B", problems);
        if (!await PrepareAsync(ct, problems)) return Page();
        if (WantsCsv && !Tables.Contains(Table)) return UnknownTable(Table, Tables);
        var f = Filter!;
        if (f.ProtocolId is null) return Page();
        if (ChosenProtocol is null || ChosenProtocol.PublishedVersion == 0)
        {
            // Another organisation's protocol (or none): nothing about it is shown.
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var latest = ChosenProtocol.PublishedVersion;
        ShownVersion = f.Version ?? latest;
        Adherence = await reader.AdherenceAsync(f, f.ProtocolId.Value, ShownVersion.Value, ct);
        Worst = Adherence?.Steps.Where(s => s.SkipRate is not null).OrderByDescending(s => s.SkipRate).ThenBy(s => s.Order).FirstOrDefault();

        VersionB = b ?? ShownVersion;
        VersionA = a ?? (VersionB > 1 ? VersionB - 1 : null);
        if (VersionA is { } va && VersionB is { } vb && va != vb)
            Comparison = await reader.CompareAsync(f, f.ProtocolId.Value, va, vb, ct);

        if (!WantsCsv) return Page();
        return Table switch
        {
            "steps" => CsvFile("steps", ["order", "step", "title", "plan", "required", "reached", "completed", "skipped", "skip_rate_percent",
                    "overridden", "time_p50_seconds", "time_p90_seconds", "skip_reasons"],
                (Adherence?.Steps ?? []).Select(s => (IReadOnlyList<string>)[Number(s.Order), s.Step, s.Title, s.PlanKey ?? "", s.Required ? "yes" : "no",
                    Number(s.Reached), Number(s.Completed), Number(s.Skipped), CsvRate(s.SkipRate), Number(s.Overridden), CsvSeconds(s.TimeP50),
                    CsvSeconds(s.TimeP90), string.Join("; ", s.SkipReasons.Select(r => $"{r.Reason} ({Number(r.Contacts)})"))])),
            _ => CsvFile("compare", ["measure", "version_a", "value_a", "version_b", "value_b", "difference"], CompareRows().Select(r =>
                (IReadOnlyList<string>)[r.Key, Number(Comparison!.A.Version), r.CsvA, Number(Comparison.B.Version), r.CsvB, r.CsvDifference])),
        };
    }

    private static int? ParseVersion(string? text, string field, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= 1) return v;
        problems.Add(new Problem(field, "Insights.BadNumber", text, 1, int.MaxValue));
        return null;
    }

    /// <summary>One line of the comparison: a measure for A and B and B − A, in points for shares.</summary>
    public sealed record CompareRow(string Key, string Label, string TextA, string TextB, string Difference, string CsvA, string CsvB, string CsvDifference,
        string DrillA, string DrillB, bool BetterWhenHigher, double? Delta);

    public IReadOnlyList<CompareRow> CompareRows()
    {
        if (Comparison is not { } c) return [];
        CompareRow Share(string key, string label, double? ra, double? rb, InsightMetric metric, bool higherIsBetter)
        {
            double? delta = ra is { } x && rb is { } y ? (y - x) * 100 : null;
            return new CompareRow(key, label, Percent(ra), Percent(rb), Points(delta), CsvRate(ra), CsvRate(rb),
                delta is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) : "",
                Drill(metric, changes: ("version", Number(c.A.Version))), Drill(metric, changes: ("version", Number(c.B.Version))), higherIsBetter, delta);
        }
        var sa = c.A.Satisfaction;
        var sb = c.B.Satisfaction;
        double? satDelta = sa.Mean is { } ma && sb.Mean is { } mb ? mb - ma : null;
        return
        [
            new CompareRow("contacts", L["Insights.Dash.Contacts"], Number(c.A.Contacts), Number(c.B.Contacts), Signed(c.B.Contacts - c.A.Contacts),
                Number(c.A.Contacts), Number(c.B.Contacts), Number(c.B.Contacts - c.A.Contacts),
                Drill(InsightMetric.Contacts, changes: ("version", Number(c.A.Version))), Drill(InsightMetric.Contacts, changes: ("version", Number(c.B.Version))), true, null),
            Share("first_response_attainment_percent", L["Insights.Dash.FirstResponse"], c.A.FirstResponse.Attainment.Rate, c.B.FirstResponse.Attainment.Rate, InsightMetric.FirstResponseMet, true),
            Share("resolution_attainment_percent", L["Insights.Dash.Resolution"], c.A.Resolution.Attainment.Rate, c.B.Resolution.Attainment.Rate, InsightMetric.ResolutionMet, true),
            Share("escalation_rate_percent", L["Insights.Dash.Escalations"], c.A.EscalationRate, c.B.EscalationRate, InsightMetric.Escalated, false),
            Share("override_rate_percent", L["Insights.Dash.Overrides"], c.A.OverrideRate, c.B.OverrideRate, InsightMetric.CloseOverridden, false),
            new CompareRow("satisfaction_mean", L["Insights.Dash.Satisfaction"], MeanText(sa) + " · n = " + Number(sa.N), MeanText(sb) + " · n = " + Number(sb.N),
                satDelta is { } sd ? (sd >= 0 ? "+" : "") + sd.ToString("0.0", CultureInfo.CurrentCulture) : "–",
                CsvNumber(sa.Mean), CsvNumber(sb.Mean), CsvNumber(satDelta),
                Drill(InsightMetric.SurveyAnswered, changes: ("version", Number(c.A.Version))), Drill(InsightMetric.SurveyAnswered, changes: ("version", Number(c.B.Version))), true, satDelta),
        ];
    }

    private string Points(double? delta) => delta is { } d ? L["Insights.Protocol.Points", (d >= 0 ? "+" : "") + d.ToString("0.0", CultureInfo.CurrentCulture)] : "–";

    private static string Signed(int n) => (n >= 0 ? "+" : "") + n.ToString(CultureInfo.CurrentCulture);

    /// <summary>Whether the difference is an improvement, a worsening or neither, for its mark (never colour alone).</summary>
    public static string Trend(CompareRow r) => r.Delta is not { } d || Math.Abs(d) < 0.05 ? "same" : (d > 0) == r.BetterWhenHigher ? "better" : "worse";

    public string StepDrill(InsightMetric metric, StepAdherence s, string? reason = null) =>
        Drill(metric, step: s.Step, reason: reason, changes: ("version", Number(ShownVersion!.Value)));

    /// <summary>The skip-rate chart: one bar per step, in percent.</summary>
    public string SkipChart() => IndexModel.BarChart(L["Insights.Protocol.SkipRate"],
        (Adherence?.Steps ?? []).Select(s => (s.Title, s.SkipRate * 100)));
}
