using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Insights;

/// <summary>A choice in one of the filter lists.</summary>
public sealed record InsightsOption(string Value, string Label);

/// <summary>
/// What every insights page shares: the filters as a GET query (bookmarkable; htmx-boosted), parsed by the one reader's
/// <see cref="InsightsFilter.Parse"/>, a supervisor held to their own team, the lists the filter form offers, and the
/// addresses of drill-downs and CSV files that keep every filter. Bad filters answer 400 with the problem on its field.
/// </summary>
[Authorize(Policy = nameof(Permission.ViewInsights))]
public abstract class InsightsPage(PautaDbContext db, CurrentMember me, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "department")] public string? Department { get; set; }
    [BindProperty(SupportsGet = true, Name = "channel")] public string? Channel { get; set; }
    [BindProperty(SupportsGet = true, Name = "protocol")] public string? Protocol { get; set; }
    [BindProperty(SupportsGet = true, Name = "version")] public string? Version { get; set; }
    [BindProperty(SupportsGet = true, Name = "team")] public string? Team { get; set; }
    [BindProperty(SupportsGet = true, Name = "agent")] public string? Agent { get; set; }
    [BindProperty(SupportsGet = true, Name = "format")] public string? Format { get; set; }

    protected IStringLocalizer L => l;
    protected PautaDbContext Db => db;

    /// <summary>The parsed filter; null when the query had problems (they are in the model state).</summary>
    public InsightsFilter? Filter { get; protected set; }

    /// <summary>A supervisor sees their own team only: the team filter is theirs whatever the query says.</summary>
    public bool HeldToTeam => me.Role == Role.Supervisor;

    public DateOnly Today => DateOnly.FromDateTime(me.ToLocal(time.GetUtcNow().UtcDateTime));

    public IReadOnlyList<InsightsOption> Departments { get; private set; } = [];
    public IReadOnlyList<InsightsOption> Protocols { get; private set; } = [];
    public IReadOnlyList<InsightsOption> Versions { get; private set; } = [];
    public IReadOnlyList<InsightsOption> Teams { get; private set; } = [];
    public IReadOnlyList<InsightsOption> Agents { get; private set; } = [];
    public IReadOnlyList<InsightsOption> ChannelOptions { get; private set; } = [];

    /// <summary>The protocol the filter names, when it is one of this organisation's.</summary>
    public ProtocolRecord? ChosenProtocol { get; private set; }

    /// <summary>The page's own address (the filter form's action).</summary>
    public abstract string Path { get; }

    /// <summary>Query values of the page itself (not filters) that the filter form keeps as hidden fields.</summary>
    public virtual IEnumerable<(string Key, string Value)> ExtraFields() => [];

    /// <summary>Parses the query and loads the form's lists; false (with status 400 set) when the query is bad.</summary>
    protected async Task<bool> PrepareAsync(CancellationToken ct, IReadOnlyList<Problem>? more = null)
    {
        ModelState.Clear();
        if (HeldToTeam) Team = me.UserId.ToString();
        var parsed = InsightsFilter.Parse(new InsightsQuery(From, To, Department, Channel, Protocol, Version, Team, Agent), Today);
        var problems = parsed.Problems.Concat(more ?? []).ToList();
        if (Format is { Length: > 0 } && !string.Equals(Format, "csv", StringComparison.OrdinalIgnoreCase) && !string.Equals(Format, "html", StringComparison.OrdinalIgnoreCase))
            problems.Add(new Problem("Format", "Insights.BadChoice", Format, "html, csv"));
        await LoadOptionsAsync(parsed.Value?.ProtocolId, ct);
        if (problems.Count > 0)
        {
            foreach (var p in problems)
                ModelState.AddModelError(p.Field.Length == 0 ? "" : OutcomeExtensions.CamelCase(p.Field), p.Message(l));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return false;
        }
        Filter = parsed.Value;
        return true;
    }

    public bool WantsCsv => string.Equals(Format, "csv", StringComparison.OrdinalIgnoreCase);

    private async Task LoadOptionsAsync(Guid? protocolId, CancellationToken ct)
    {
        // Ids are turned into text here, not in SQL: SQLite would write them in upper case, and links and selections compare them as text.
        Departments = Options(await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct), d => d.Id, d => d.Name);
        Protocols = await ProtocolOptionsAsync(db, ct);
        ChosenProtocol = protocolId is { } id ? await db.Protocols.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct) : null;
        Versions = ChosenProtocol is { } chosen
            ? Enumerable.Range(1, chosen.PublishedVersion).Reverse().Select(v => new InsightsOption(Number(v), "v" + Number(v))).ToList()
            : [];
        Teams = Options(await db.Members.AsNoTracking().Where(m => m.Role == Role.Supervisor).OrderBy(m => m.User.DisplayName)
            .Select(m => new { m.UserId, m.User.DisplayName }).ToListAsync(ct), m => m.UserId, m => m.DisplayName);
        Agents = Options(await db.Members.AsNoTracking().OrderBy(m => m.User.DisplayName)
            .Select(m => new { m.UserId, m.User.DisplayName }).ToListAsync(ct), m => m.UserId, m => m.DisplayName);
        ChannelOptions = ChannelList.Each.Select(c => new InsightsOption(c.ToString(), l["Channel." + c])).ToList();
    }

    private static List<InsightsOption> Options<T>(IEnumerable<T> rows, Func<T, Guid> id, Func<T, string> label) =>
        rows.Select(r => new InsightsOption(id(r).ToString(), label(r))).ToList();

    /// <summary>The organisation's published protocols, for the filter and the alert rule forms.</summary>
    public static async Task<IReadOnlyList<InsightsOption>> ProtocolOptionsAsync(PautaDbContext db, CancellationToken ct) =>
        Options(await db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0).OrderBy(p => p.Title).Select(p => new { p.Id, p.Title }).ToListAsync(ct),
            p => p.Id, p => p.Title);

    /// <summary>The filters of this request as query values, with <paramref name="changes"/> laid over them (null removes).</summary>
    public Dictionary<string, string?> FilterValues(params (string Key, string? Value)[] changes)
    {
        var q = new Dictionary<string, string?>
        {
            ["from"] = From, ["to"] = To, ["department"] = Department, ["channel"] = Channel, ["protocol"] = Protocol,
            ["version"] = Version, ["team"] = HeldToTeam ? null : Team, ["agent"] = Agent,
        };
        // A parsed filter fills in the default range, so links keep the exact days shown.
        if (Filter is { } f)
        {
            q["from"] = Day(f.From);
            q["to"] = Day(f.To);
        }
        foreach (var (key, value) in changes) q[key] = value;
        return q;
    }

    public static string Link(string path, IEnumerable<KeyValuePair<string, string?>> values) =>
        QueryHelpers.AddQueryString(path, values.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));

    /// <summary>This page with other filter values.</summary>
    public string Here(params (string Key, string? Value)[] changes) => Link(Path, FilterValues(changes));

    /// <summary>This page's table as CSV.</summary>
    public string CsvUrl(string table, params (string Key, string? Value)[] extra) =>
        Link(Path, FilterValues([.. extra, ("format", "csv"), ("table", table)]));

    /// <summary>The contacts behind one number, with the filters of this page (and any narrowing in <paramref name="changes"/>).</summary>
    public string Drill(InsightMetric metric, string? step = null, string? reason = null, string? plan = null, int? answer = null,
        int? score = null, DateOnly? day = null, params (string Key, string? Value)[] changes) =>
        Link("/insights/contacts", FilterValues([.. changes, ("metric", metric.ToString()), ("step", step), ("reason", reason), ("plan", plan),
            ("answer", answer is { } a ? Number(a) : null), ("score", score is { } s ? Number(s) : null), ("day", day is { } d ? Day(d) : null)]));

    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var e) && e.Errors.Count > 0 ? string.Join(" ", e.Errors.Select(x => x.ErrorMessage)) : null;

    /// <summary>The date presets: the last 7, 30 and 90 days and this month, all ending today (organisation-local).</summary>
    public IEnumerable<(string Label, string Url)> Presets()
    {
        var today = Today;
        yield return (l["Insights.Dash.Last7"], Here(("from", Day(today.AddDays(-6))), ("to", Day(today))));
        yield return (l["Insights.Dash.Last30"], Here(("from", Day(today.AddDays(-29))), ("to", Day(today))));
        yield return (l["Insights.Dash.Last90"], Here(("from", Day(today.AddDays(-89))), ("to", Day(today))));
        yield return (l["Insights.Dash.ThisMonth"], Here(("from", Day(new DateOnly(today.Year, today.Month, 1))), ("to", Day(today))));
    }

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A share as people read it ("87 %"), or a dash when there is nothing to divide.</summary>
    public static string Percent(double? rate) => rate is { } r ? (r * 100).ToString("0", CultureInfo.CurrentCulture) + " %" : "–";

    /// <summary>A share with one decimal, for the CSV (invariant, no sign).</summary>
    public static string CsvRate(double? rate) => rate is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) : "";

    public static string CsvNumber(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "";

    public static string CsvSeconds(TimeSpan? span) => span is { } s ? ((long)s.TotalSeconds).ToString(CultureInfo.InvariantCulture) : "";

    public string Duration(TimeSpan? span) => span is { } s ? Contacts.RunView.Duration(s, l) : "–";

    /// <summary>"4.2 (3.9–4.5) · n = 31", or the sample size alone when there is no mean.</summary>
    public string MeanText(MeanWithInterval m) =>
        m.Mean is not { } mean ? l["Insights.Dash.NoAnswers"]
        : m.Low is { } low && m.High is { } high
            ? l["Insights.Dash.MeanWithInterval", mean.ToString("0.0", CultureInfo.CurrentCulture), low.ToString("0.0", CultureInfo.CurrentCulture), high.ToString("0.0", CultureInfo.CurrentCulture)]
            : mean.ToString("0.0", CultureInfo.CurrentCulture);

    /// <summary>The CSV download for one table.</summary>
    protected FileContentResult CsvFile(string table, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows) =>
        File(Csv.Write(header, rows), "text/csv; charset=utf-8",
            $"pauta-insights-{table}-{Day(Filter!.From)}-{Day(Filter.To)}.csv");

    /// <summary>An unknown table name in a CSV request.</summary>
    protected IActionResult UnknownTable(string? table, IEnumerable<string> known)
    {
        ModelState.AddModelError("table", l["Insights.BadChoice", table ?? "", string.Join(", ", known)]);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Filter = null;
        return Page();
    }
}
