using System.Text.Json;

namespace Pauta.Web.Features.Insights;

/// <summary>One satisfaction table of the dashboard, for the _Satisfaction partial.</summary>
public sealed record SatisfactionTable(IndexModel Page, SatisfactionBy By, IReadOnlyList<SatisfactionGroup> Groups, string Title, string Table);

/// <summary>
/// The insights dashboard (<c>/insights</c>): summary tiles, the daily series, escalation reasons, plans, satisfaction
/// per version, branch and agent, recoveries, training completion and the suggestions pipeline, every number a link to
/// the contacts behind it and every table a CSV (<c>?format=csv&amp;table=…</c>). All numbers come from
/// <see cref="InsightsReader"/>.
/// </summary>
public sealed class IndexModel(InsightsReader reader, PautaDbContext db, CurrentMember me, TimeProvider time, IStringLocalizer<SharedResource> l)
    : InsightsPage(db, me, time, l)
{
    public static readonly string[] Tables = ["summary", "daily", "reasons", "plans", "satisfaction-version", "satisfaction-branch", "satisfaction-agent", "training", "suggestions"];

    [BindProperty(SupportsGet = true, Name = "table")] public string? Table { get; set; }

    public override string Path => "/insights";

    public InsightsSummary? Summary { get; private set; }
    public IReadOnlyList<DailyPoint> Daily { get; private set; } = [];
    public IReadOnlyList<SatisfactionGroup> ByVersion { get; private set; } = [];
    public IReadOnlyList<SatisfactionGroup> ByBranch { get; private set; } = [];
    public IReadOnlyList<SatisfactionGroup> ByAgent { get; private set; } = [];
    public IReadOnlyList<TrainingCompletion> Training { get; private set; } = [];
    public SuggestionCounts? Suggestions { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await PrepareAsync(ct)) return Page();
        if (WantsCsv && !Tables.Contains(Table)) return UnknownTable(Table, Tables);
        var f = Filter!;
        Summary = await reader.SummaryAsync(f, ct);
        Daily = await reader.DailyAsync(f, ct);
        if (f.ProtocolId is not null) ByVersion = await reader.SatisfactionAsync(f, SatisfactionBy.Version, ct);
        if (f.ProtocolId is not null && f.Version is not null) ByBranch = await reader.SatisfactionAsync(f, SatisfactionBy.Branch, ct);
        ByAgent = await reader.SatisfactionAsync(f, SatisfactionBy.Agent, ct);
        Training = await reader.TrainingAsync(f, ct);
        Suggestions = await reader.SuggestionsAsync(f, ct);
        return WantsCsv ? Csv(Table!) : Page();
    }

    private FileContentResult Csv(string table)
    {
        var s = Summary!;
        return table switch
        {
            "summary" => CsvFile(table, ["measure", "value", "of", "rate_percent"],
            [
                ["contacts", Number(s.Contacts), "", ""],
                ["open", Number(s.Open), "", ""],
                ["closed", Number(s.Closed), "", ""],
                ["first_response_met", Number(s.FirstResponse.Attainment.Met), Number(s.FirstResponse.Attainment.Of), CsvRate(s.FirstResponse.Attainment.Rate)],
                ["first_response_p50_seconds", CsvSeconds(s.FirstResponse.P50), "", ""],
                ["first_response_p90_seconds", CsvSeconds(s.FirstResponse.P90), "", ""],
                ["resolution_met", Number(s.Resolution.Attainment.Met), Number(s.Resolution.Attainment.Of), CsvRate(s.Resolution.Attainment.Rate)],
                ["resolution_p50_seconds", CsvSeconds(s.Resolution.P50), "", ""],
                ["resolution_p90_seconds", CsvSeconds(s.Resolution.P90), "", ""],
                ["escalated", Number(s.Escalated), Number(s.Contacts), CsvRate(s.EscalationRate)],
                ["contingency_entered", Number(s.ContingencyEntered), Number(s.Contacts), ""],
                ["close_overridden", Number(s.CloseOverridden), Number(s.Contacts), ""],
                ["satisfaction_mean", CsvNumber(s.Satisfaction.Mean), Number(s.Satisfaction.N), ""],
                ["satisfaction_low_95", CsvNumber(s.Satisfaction.Low), "", ""],
                ["satisfaction_high_95", CsvNumber(s.Satisfaction.High), "", ""],
                ["recoveries_opened", Number(s.RecoveriesOpened), "", ""],
                ["recoveries_on_time", Number(s.RecoveriesOnTime.Met), Number(s.RecoveriesOnTime.Of), CsvRate(s.RecoveriesOnTime.Rate)],
            ]),
            "daily" => CsvFile(table, ["day", "contacts", "first_response_met", "first_response_of", "resolution_met", "resolution_of", "escalated",
                    "close_overridden", "survey_answers", "satisfaction_mean"],
                Daily.Select(d => (IReadOnlyList<string>)[Day(d.Day), Number(d.Contacts), Number(d.FirstResponse.Met), Number(d.FirstResponse.Of),
                    Number(d.Resolution.Met), Number(d.Resolution.Of), Number(d.Escalated), Number(d.CloseOverridden), Number(d.SurveyAnswers),
                    CsvNumber(d.SatisfactionMean)])),
            "reasons" => CsvFile(table, ["reason", "contacts"], s.EscalationReasons.Select(r => (IReadOnlyList<string>)[r.Reason, Number(r.Contacts)])),
            "plans" => CsvFile(table, ["plan", "contacts"], s.ContingencyPlans.Select(r => (IReadOnlyList<string>)[r.Reason, Number(r.Contacts)])),
            "satisfaction-version" => SatisfactionCsv(table, ByVersion),
            "satisfaction-branch" => SatisfactionCsv(table, ByBranch),
            "satisfaction-agent" => SatisfactionCsv(table, ByAgent),
            "training" => CsvFile(table, ["protocol", "version", "people", "trained", "rate_percent"],
                Training.Select(t => (IReadOnlyList<string>)[t.Title, Number(t.CurrentVersion), Number(t.People), Number(t.Trained), CsvRate(t.Rate)])),
            _ => CsvFile(table, ["opened", "accepted", "declined", "still_open"],
                [[Number(Suggestions!.Opened), Number(Suggestions.Accepted), Number(Suggestions.Declined), Number(Suggestions.StillOpen)]]),
        };
    }

    private FileContentResult SatisfactionCsv(string table, IReadOnlyList<SatisfactionGroup> groups) =>
        CsvFile(table, ["key", "label", "n", "mean", "low_95", "high_95"],
            groups.Select(g => (IReadOnlyList<string>)[g.Key, g.Label, Number(g.Satisfaction.N), CsvNumber(g.Satisfaction.Mean),
                CsvNumber(g.Satisfaction.Low), CsvNumber(g.Satisfaction.High)]));

    /// <summary>The daily chart's numbers for <c>insights-charts.js</c>: contacts per day and the two attainments in percent.</summary>
    public string DailyChart() => JsonSerializer.Serialize(new
    {
        type = "line",
        labels = Daily.Select(d => Day(d.Day)).ToArray(),
        datasets = new object[]
        {
            new { label = L["Insights.Dash.Contacts"].Value, data = Daily.Select(d => (double?)d.Contacts).ToArray() },
            new { label = L["Insights.Dash.FirstResponsePercent"].Value, data = Daily.Select(d => d.FirstResponse.Rate * 100).ToArray() },
            new { label = L["Insights.Dash.ResolutionPercent"].Value, data = Daily.Select(d => d.Resolution.Rate * 100).ToArray() },
        },
    });

    /// <summary>A bar chart of counts by label.</summary>
    public static string BarChart(string label, IEnumerable<(string Label, double? Value)> bars)
    {
        var list = bars.ToList();
        return JsonSerializer.Serialize(new
        {
            type = "bar",
            labels = list.Select(b => b.Label).ToArray(),
            datasets = new object[] { new { label, data = list.Select(b => b.Value).ToArray() } },
        });
    }

    public SatisfactionTable SatisfactionTable(SatisfactionBy by) => by switch
    {
        SatisfactionBy.Version => new(this, by, ByVersion, L["Insights.Dash.SatisfactionByVersion"], "satisfaction-version"),
        SatisfactionBy.Branch => new(this, by, ByBranch, L["Insights.Dash.SatisfactionByBranch"], "satisfaction-branch"),
        SatisfactionBy.Agent => new(this, by, ByAgent, L["Insights.Dash.SatisfactionByAgent"], "satisfaction-agent"),
    };

    /// <summary>The satisfaction group's own filter for its drill-down: a version, or an agent.</summary>
    public string DrillSatisfaction(SatisfactionBy by, SatisfactionGroup g) => by switch
    {
        SatisfactionBy.Version => Drill(InsightMetric.SurveyAnswered, changes: ("version", g.Key)),
        SatisfactionBy.Agent => Drill(InsightMetric.SurveyAnswered, changes: ("agent", g.Key)),
        SatisfactionBy.Branch => BranchDrill(g.Key),
    };

    private string BranchDrill(string key)
    {
        var hash = key.LastIndexOf('#');
        return hash > 0 && int.TryParse(key[(hash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var answer)
            ? Drill(InsightMetric.BranchTaken, step: key[..hash], answer: answer)
            : Drill(InsightMetric.SurveyAnswered);
    }
}
