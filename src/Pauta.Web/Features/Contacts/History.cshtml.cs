using Pauta.Web.Features.ContactHistory;

namespace Pauta.Web.Features.Contacts;

/// <summary>
/// The contact history: filters in the query string (so a filtered list can be bookmarked), 50 a page, newest first.
/// The rules live in <see cref="ContactHistoryService"/>, which the API's GET /api/v1/contacts shares.
/// </summary>
[Authorize(Policy = nameof(Permission.HandleContacts))]
public sealed class HistoryModel(ContactHistoryService service, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "channel")] public string? Channel { get; set; }
    [BindProperty(SupportsGet = true, Name = "agentId")] public string? AgentId { get; set; }
    [BindProperty(SupportsGet = true, Name = "protocolId")] public string? ProtocolId { get; set; }
    [BindProperty(SupportsGet = true, Name = "version")] public string? Version { get; set; }
    [BindProperty(SupportsGet = true, Name = "outcome")] public string? Outcome { get; set; }
    [BindProperty(SupportsGet = true, Name = "breached")] public string? Breached { get; set; }
    [BindProperty(SupportsGet = true, Name = "escalated")] public string? Escalated { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }
    /// <summary>Read from the query by hand: Razor Pages keep the route value "page" for the page's own name.</summary>
    public string? PageNumber => Request.Query.TryGetValue("page", out var page) ? page.ToString() : null;

    public ContactHistoryPage? Result { get; private set; }
    public bool SeesAll => service.SeesAll;
    public IReadOnlyList<AgentOption> Agents { get; private set; } = [];
    public IReadOnlyList<ProtocolOption> Protocols { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (SeesAll) Agents = await service.AgentsAsync(ct);
        Protocols = await service.ProtocolsAsync(ct);
        var outcome = await service.SearchAsync(Query(), ct);
        if (outcome.Succeeded) Result = outcome.Value;
        else
        {
            // Problems name the query's fields (From, AgentId…): put them beside the inputs, which use the query names.
            foreach (var p in outcome.Problems)
                ModelState.AddModelError(p.Field.Length == 0 ? "" : OutcomeExtensions.CamelCase(p.Field), p.Message(l));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Page();
    }

    private ContactHistoryQuery Query() =>
        new(From, To, Channel, AgentId, ProtocolId, Version, Outcome, Breached, Escalated, Status, PageNumber);

    /// <summary>This list's address with another page number, every filter kept.</summary>
    public string PageUrl(int page)
    {
        var q = new Dictionary<string, string?>
        {
            ["from"] = From, ["to"] = To, ["channel"] = Channel, ["agentId"] = AgentId, ["protocolId"] = ProtocolId, ["version"] = Version,
            ["outcome"] = Outcome, ["breached"] = Breached, ["escalated"] = Escalated, ["status"] = Status,
            ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/contacts",
            q.Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));
    }

    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var e) && e.Errors.Count > 0 ? string.Join(" ", e.Errors.Select(x => x.ErrorMessage)) : null;
}
