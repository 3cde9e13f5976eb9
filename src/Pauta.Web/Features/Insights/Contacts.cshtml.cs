using System.Globalization;

namespace Pauta.Web.Features.Insights;

/// <summary>
/// The contacts behind one number (<c>/insights/contacts?…&amp;metric=…</c>): the dashboard's filters plus the metric and
/// what narrows it (step, reason, plan, answer, score, day), newest first, 50 a page, each linking to the contact's
/// timeline; <c>format=csv</c> downloads every page. Read by <see cref="InsightsReader.DrillAsync"/>.
/// </summary>
public sealed class ContactsModel(InsightsReader reader, PautaDbContext db, CurrentMember me, TimeProvider time, IStringLocalizer<SharedResource> l)
    : InsightsPage(db, me, time, l)
{
    /// <summary>The most rows one CSV holds, so a download stays bounded.</summary>
    public const int MaxCsvRows = 10_000;

    [BindProperty(SupportsGet = true, Name = "metric")] public string? Metric { get; set; }
    [BindProperty(SupportsGet = true, Name = "step")] public string? Step { get; set; }
    [BindProperty(SupportsGet = true, Name = "reason")] public string? Reason { get; set; }
    [BindProperty(SupportsGet = true, Name = "plan")] public string? Plan { get; set; }
    [BindProperty(SupportsGet = true, Name = "answer")] public string? Answer { get; set; }
    [BindProperty(SupportsGet = true, Name = "score")] public string? Score { get; set; }
    [BindProperty(SupportsGet = true, Name = "day")] public string? DayText { get; set; }
    /// <summary>"newest" (the default) or "oldest": the list is sorted by the contact's start.</summary>
    [BindProperty(SupportsGet = true, Name = "sort")] public string? Sort { get; set; }

    public bool OldestFirst => string.Equals(Sort, "oldest", StringComparison.OrdinalIgnoreCase);
    /// <summary>Read from the query by hand: Razor Pages keep the route value "page" for the page's own name.</summary>
    public string? PageNumber => Request.Query.TryGetValue("page", out var page) ? page.ToString() : null;

    public override string Path => "/insights/contacts";

    public InsightsDrill? Drilled { get; private set; }
    public DrillPage? Result { get; private set; }

    public override IEnumerable<(string Key, string Value)> ExtraFields()
    {
        foreach (var (key, value) in DrillValues())
            if (!string.IsNullOrWhiteSpace(value)) yield return (key, value);
    }

    private IEnumerable<(string Key, string? Value)> DrillValues() =>
        [("metric", Metric), ("step", Step), ("reason", Reason), ("plan", Plan), ("answer", Answer), ("score", Score), ("day", DayText), ("sort", Sort)];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var problems = new List<Problem>();
        var drill = ParseDrill(problems);
        var page = 1;
        if (!string.IsNullOrWhiteSpace(PageNumber) &&
            (!int.TryParse(PageNumber.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1 || page > 100_000))
            problems.Add(new Problem("Page", "Insights.BadNumber", PageNumber, 1, 100_000));
        if (Sort is { Length: > 0 } && !OldestFirst && !string.Equals(Sort, "newest", StringComparison.OrdinalIgnoreCase))
            problems.Add(new Problem("Sort", "Insights.BadChoice", Sort, "newest, oldest"));
        if (!await PrepareAsync(ct, problems)) return Page();
        var f = Filter!;
        var metric = drill!.Metric;
        if (metric is InsightMetric.StepReached or InsightMetric.StepCompleted or InsightMetric.StepSkipped or InsightMetric.StepOverridden
            or InsightMetric.BranchTaken && (f.ProtocolId is null || f.Version is null || string.IsNullOrWhiteSpace(drill.Step)))
        {
            ModelState.AddModelError("step", L["Insights.Drill.StepNeedsVersion"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Filter = null;
            return Page();
        }
        Drilled = drill;
        if (WantsCsv)
        {
            var rows = new List<DrillRow>();
            for (var p = 1; rows.Count < MaxCsvRows; p++)
            {
                var chunk = await reader.DrillAsync(f, drill, p, OldestFirst, ct);
                rows.AddRange(chunk.Items);
                if (p >= chunk.Pages || chunk.Items.Count == 0) break;
            }
            return CsvFile("contacts-" + metric.ToString().ToLowerInvariant(), ["contact", "started_at", "channel", "agent", "protocol", "version", "status", "outcome", "score"],
                rows.Select(r => (IReadOnlyList<string>)[r.ContactId.ToString(), DateTime.SpecifyKind(r.StartedAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    r.Channel.ToString(), r.Agent, r.Protocol, Number(r.ProtocolVersion), r.IsClosed ? "closed" : "open", r.Outcome?.ToString() ?? "",
                    r.Score is { } s ? Number(s) : ""]));
        }
        Result = await reader.DrillAsync(f, drill, page, OldestFirst, ct);
        return Page();
    }

    private InsightsDrill? ParseDrill(List<Problem> problems)
    {
        InsightMetric? metric = null;
        if (string.IsNullOrWhiteSpace(Metric)) problems.Add(new Problem("Metric", "Insights.Drill.MetricMissing"));
        else if (Enum.TryParse<InsightMetric>(Metric.Trim(), ignoreCase: true, out var m) && Enum.IsDefined(m) && !int.TryParse(Metric, out _)) metric = m;
        else problems.Add(new Problem("Metric", "Insights.BadChoice", Metric, string.Join(", ", Enum.GetNames<InsightMetric>())));
        var answer = Int(Answer, "Answer", 0, 1000, problems);
        var score = Int(Score, "Score", 1, 5, problems);
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(DayText))
        {
            if (DateOnly.TryParseExact(DayText.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) day = d;
            else problems.Add(new Problem("Day", "Insights.BadDate", DayText));
        }
        foreach (var (key, value) in new[] { ("Step", Step), ("Reason", Reason), ("Plan", Plan) })
            if (value is { Length: > 300 }) problems.Add(new Problem(key, "Insights.Drill.TooLong", 300));
        return metric is { } found ? new InsightsDrill(found, Blank(Step), Blank(Reason), Blank(Plan), answer, score, day) : null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static int? Int(string? text, string field, int min, int max, List<Problem> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        problems.Add(new Problem(field, "Insights.BadNumber", text, min, max));
        return null;
    }

    /// <summary>This list with another page, every filter and the drill kept.</summary>
    public string PageUrl(int page) => Here([.. DrillValues(), ("page", Number(page))]);

    /// <summary>This list sorted the other way by date, from its first page.</summary>
    public string SortUrl() => Here([.. DrillValues().Where(kv => kv.Key != "sort"), ("sort", OldestFirst ? "newest" : "oldest")]);

    public string ContactsCsvUrl() => Here([.. DrillValues(), ("format", "csv")]);

    /// <summary>What the list shows, in words: the metric's name and its narrowing.</summary>
    public string Describe()
    {
        if (Drilled is not { } d) return "";
        var parts = new List<string> { L["Insights.Metric." + d.Metric] };
        if (d.Step is { } step) parts.Add(L["Insights.Drill.Step", step]);
        if (d.Reason is { } reason) parts.Add(L["Insights.Drill.Reason", reason]);
        if (d.Plan is { } plan) parts.Add(L["Insights.Drill.Plan", plan]);
        if (d.Answer is { } answer) parts.Add(L["Insights.Drill.Answer", answer + 1]);
        if (d.Score is { } score) parts.Add(L["Insights.Drill.Score", score]);
        if (d.Day is { } day) parts.Add(day.ToString("D", CultureInfo.CurrentCulture));
        return string.Join(" · ", parts);
    }
}
