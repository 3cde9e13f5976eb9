using Pauta.Data.Audit;

namespace Pauta.Web.Features.Audit;

/// <summary>
/// The audit page for owners and admins: the log filtered by dates, action and person (filters in the query string),
/// 50 a page, newest first; the bundle to download; and "verify now", which checks the database rows against the last
/// signed checkpoint and says the result in words. The rules live in <see cref="AuditService"/>, shared with the API.
/// </summary>
[Authorize(Policy = nameof(Permission.ViewAudit))]
public sealed class IndexModel(AuditService service, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "action")] public string? ActionPrefix { get; set; }
    [BindProperty(SupportsGet = true, Name = "actor")] public string? Actor { get; set; }
    public string? PageNumber => Request.Query.TryGetValue("page", out var page) ? page.ToString() : null;

    public AuditPage? Result { get; private set; }
    public IReadOnlyList<AuditPersonOption> People { get; private set; } = [];
    public AuditVerificationResult? Verification { get; private set; }

    /// <summary>The action families offered in the filter, as prefixes of the stored action names.</summary>
    public static IEnumerable<string> Families => AuditActions.Families.Select(f => f + ".");

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        var outcome = await service.VerifyAsync(ct);
        if (!outcome.Succeeded) return Forbid();
        Verification = outcome.Value;
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        ModelState.Clear();
        People = await service.PeopleAsync(ct);
        var outcome = await service.SearchAsync(new AuditQuery(From, To, ActionPrefix, Actor, null, PageNumber), ct);
        if (outcome.Succeeded) Result = outcome.Value;
        else if (outcome.Failure == Failure.Forbidden) return Forbid();
        else
        {
            foreach (var p in outcome.Problems)
                ModelState.AddModelError(p.Field.Length == 0 ? "" : OutcomeExtensions.CamelCase(p.Field), p.Message(l));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    /// <summary>An action in the reader's language: its own text, else its family's with the rest of the name, else as stored.</summary>
    public string ActionName(string action)
    {
        var own = l["Audit.Action." + action];
        if (!own.ResourceNotFound) return own.Value;
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var family = l["Audit.Family." + action[..dot], action[(dot + 1)..]];
            if (!family.ResourceNotFound) return family.Value;
        }
        return action;
    }

    public string FamilyName(string prefix) => l["Audit.Family." + prefix.TrimEnd('.'), "…"].Value;

    public string VerificationText(AuditVerificationResult v, Func<DateTime, string> local)
    {
        var at = v.CheckpointAt is { } c ? local(c.UtcDateTime) : "";
        return v.Problem switch
        {
            AuditVerificationProblem.None => l["Audit.Check.Ok", v.Entries, at],
            AuditVerificationProblem.NoCheckpoint => l["Audit.Check.NoCheckpoint"],
            AuditVerificationProblem.KeyMissing => l["Audit.Check.KeyMissing", at],
            AuditVerificationProblem.BadSignature => l["Audit.Check.BadSignature", at],
            AuditVerificationProblem.EntryMissing => l["Audit.Check.EntryMissing", v.FirstBadIndex ?? 0, at],
            AuditVerificationProblem.LeafMismatch => l["Audit.Check.LeafMismatch", v.FirstBadIndex ?? 0, at],
            AuditVerificationProblem.RootMismatch => l["Audit.Check.RootMismatch", v.FirstBadIndex ?? 0, v.LastBadIndex ?? 0, at],
        };
    }

    public string PageUrl(int page)
    {
        var q = new Dictionary<string, string?>
        {
            ["from"] = From, ["to"] = To, ["action"] = ActionPrefix, ["actor"] = Actor,
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/audit", q.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));
    }

    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var e) && e.Errors.Count > 0 ? string.Join(" ", e.Errors.Select(x => x.ErrorMessage)) : null;
}
