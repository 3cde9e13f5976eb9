using Pauta.Core.Insights;

namespace Pauta.Web.Features.Insights;

/// <summary>
/// The alert rules (<c>/insights/alerts</c>): managers add and remove them; everyone who sees insights reads them and the
/// alerts raised now, and acknowledges one (which also clears it from the board and the home page).
/// </summary>
[Authorize(Policy = nameof(Permission.ViewInsights))]
public sealed class AlertsModel(InsightAlerts alerts, CurrentMember me, IStringLocalizer<SharedResource> l, PautaDbContext db) : PageModel
{
    [BindProperty] public AlertRuleForm Input { get; set; } = new(nameof(InsightAlertKind.AttainmentBelow), "80", null);

    public IReadOnlyList<AlertRuleView> Rules { get; private set; } = [];
    public IReadOnlyList<AlertView> Open { get; private set; } = [];
    public IReadOnlyList<InsightsOption> Protocols { get; private set; } = [];
    public bool Manages => me.Can(Permission.ManageInsightAlerts);

    public string Path => "/insights/alerts";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await alerts.AddRuleAsync(Input, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = l["Insights.Alerts.Added"].Value;
                return RedirectToPage();
            case Failure.Forbidden:
                return Forbid();
            default:
                outcome.Problems.AddTo(ModelState, l);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                await LoadAsync(ct);
                return Page();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var outcome = await alerts.DeleteRuleAsync(id, ct);
        return outcome.Failure switch
        {
            Failure.None => RedirectToPage(),
            Failure.Forbidden => Forbid(),
            _ => NotFound(),
        };
    }

    /// <summary>Acknowledges one alert and goes back where it was shown (the board, the home page or here).</summary>
    public async Task<IActionResult> OnPostAcknowledgeAsync(Guid id, string? returnUrl, CancellationToken ct)
    {
        var outcome = await alerts.AcknowledgeAsync(id, ct);
        if (outcome.Failure == Failure.Forbidden) return Forbid();
        if (outcome.Failure != Failure.None) return NotFound();
        TempData["Flash"] = l["Insights.Alerts.Acknowledged"].Value;
        return LocalRedirect(returnUrl is { Length: > 0 } && Url.IsLocalUrl(returnUrl) ? returnUrl : Path);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Rules = await alerts.RulesAsync(ct);
        Open = await alerts.OpenAsync(ct);
        Protocols = await InsightsPage.ProtocolOptionsAsync(db, ct);
    }

    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var e) && e.Errors.Count > 0 ? string.Join(" ", e.Errors.Select(x => x.ErrorMessage)) : null;

    public string Describe(InsightAlertKind kind, int threshold, string? protocol) =>
        l["Insights.Alerts.Rule." + kind, threshold, protocol ?? l["Insights.Alerts.AllProtocols"]];
}
