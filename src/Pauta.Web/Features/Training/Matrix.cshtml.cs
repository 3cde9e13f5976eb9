using Pauta.Core.Training;

namespace Pauta.Web.Features.Training;

/// <summary>
/// The people × protocols training matrix (<c>/training/matrix</c>), 50 people a page, filters in the query string so a
/// filtered view can be bookmarked; <c>?format=csv</c> downloads every page in long format. The rules live in
/// <see cref="TrainingMatrix"/>, which the API's GET /api/v1/training/matrix shares.
/// </summary>
[Authorize(Policy = nameof(Permission.ViewTrainingRecords))]
public sealed class MatrixModel(TrainingMatrix matrix, IStringLocalizer<SharedResource> l, TimeProvider time, Audit.AuditTrail trail,
    CurrentMember me) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "departmentId")] public string? DepartmentId { get; set; }
    [BindProperty(SupportsGet = true, Name = "positionId")] public string? PositionId { get; set; }
    [BindProperty(SupportsGet = true, Name = "person")] public string? Person { get; set; }
    [BindProperty(SupportsGet = true, Name = "protocolId")] public string? ProtocolId { get; set; }
    [BindProperty(SupportsGet = true, Name = "state")] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "format")] public string? Format { get; set; }
    /// <summary>Read from the query by hand: Razor Pages keep the route value "page" for the page's own name.</summary>
    public string? PageNumber => Request.Query.TryGetValue("page", out var page) ? page.ToString() : null;

    public TrainingMatrixPage? Result { get; private set; }
    public IReadOnlyList<MatrixOption> Departments { get; private set; } = [];
    public IReadOnlyList<MatrixOption> Positions { get; private set; } = [];
    public IReadOnlyList<MatrixOption> Protocols { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (string.Equals(Format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            var all = await matrix.AllAsync(Query(), ct);
            if (all.Succeeded)
            {
                var day = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
                await trail.RecordAsync("export.training-matrix", "Organisation", me.OrganisationId, $"{all.Value.Cells.Count} rows", ct);
                return File(MatrixCsv.Write(all.Value.Protocols, all.Value.Cells), "text/csv; charset=utf-8", $"pauta-training-{day}.csv");
            }
            return await ShowAsync(all.Problems, ct);
        }
        else if (Format is { Length: > 0 } && !string.Equals(Format, "html", StringComparison.OrdinalIgnoreCase))
            return await ShowAsync([new Problem("format", "History.BadChoice", Format, "html, csv")], ct);

        var outcome = await matrix.PageAsync(Query(), ct);
        if (!outcome.Succeeded) return await ShowAsync(outcome.Problems, ct);
        Result = outcome.Value;
        await LoadOptionsAsync(ct);
        return Page();
    }

    private async Task<IActionResult> ShowAsync(IReadOnlyList<Problem> problems, CancellationToken ct)
    {
        // Problems name the query's fields (DepartmentId, State…): put them beside the inputs, which use the query names.
        foreach (var p in problems)
            ModelState.AddModelError(p.Field.Length == 0 ? "" : OutcomeExtensions.CamelCase(p.Field), p.Message(l));
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await LoadOptionsAsync(ct);
        return Page();
    }

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        Departments = await matrix.DepartmentsAsync(ct);
        Positions = await matrix.PositionsAsync(ct);
        Protocols = await matrix.ProtocolOptionsAsync(ct);
    }

    private TrainingMatrixQuery Query() => new(DepartmentId, PositionId, Person, ProtocolId, State, PageNumber);

    /// <summary>This matrix's address with another page number or format, every filter kept.</summary>
    public string MatrixUrl(int? page = null, string? format = null)
    {
        var q = new Dictionary<string, string?>
        {
            ["departmentId"] = DepartmentId, ["positionId"] = PositionId, ["person"] = Person, ["protocolId"] = ProtocolId, ["state"] = State,
            ["page"] = page?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["format"] = format,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/training/matrix", q.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));
    }

    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var e) && e.Errors.Count > 0 ? string.Join(" ", e.Errors.Select(x => x.ErrorMessage)) : null;

    /// <summary>The state's name, in the person's language.</summary>
    public string StateLabel(TrainingCellState state) => state switch
    {
        TrainingCellState.NotAssigned => l["Training.Records.NotAssigned"],
        TrainingCellState.Assigned => l["Training.Records.Assigned"],
        TrainingCellState.InProgress => l["Training.Records.InProgress"],
        TrainingCellState.Passed => l["Training.Records.Passed"],
        TrainingCellState.Acknowledged => l["Training.Records.Acknowledged"],
        TrainingCellState.AcknowledgedOlder => l["Training.Records.AcknowledgedOlder"],
        TrainingCellState.Overdue => l["Training.Records.Overdue"],
        TrainingCellState.RefresherDue => l["Training.Records.RefresherDue"],
    };

    /// <summary>The state's icon: each state has its own shape, so the matrix never relies on colour alone.</summary>
    public static string Icon(TrainingCellState state) => state switch
    {
        TrainingCellState.NotAssigned => "·",
        TrainingCellState.Assigned => "○",
        TrainingCellState.InProgress => "◐",
        TrainingCellState.Passed => "☑",
        TrainingCellState.Acknowledged => "✔",
        TrainingCellState.AcknowledgedOlder => "↺",
        TrainingCellState.Overdue => "⚠",
        TrainingCellState.RefresherDue => "⟳",
    };

    /// <summary>The short text beside the icon: the version, score or date that matters for the state.</summary>
    public string Detail(MatrixCell cell, MatrixProtocol protocol, CurrentMember me) => cell.State switch
    {
        TrainingCellState.NotAssigned => "",
        TrainingCellState.Assigned or TrainingCellState.Overdue => cell.DueAt is { } due ? me.ToLocal(due).ToString("d MMM", System.Globalization.CultureInfo.CurrentCulture) : "",
        TrainingCellState.InProgress => "",
        TrainingCellState.Passed => cell.Score is { } s ? $"{s} %" : "",
        TrainingCellState.Acknowledged or TrainingCellState.RefresherDue or TrainingCellState.AcknowledgedOlder => $"v{cell.Acknowledged}",
    };

    /// <summary>A column's header text: short titles stay whole, long ones are cut (the full title is in the header's abbr).</summary>
    public static string Short(string title) => title.Length <= 22 ? title : title[..20].TrimEnd() + "…";
}
