namespace Pauta.Web.Features.ContactHistory;

public static class ContactHistoryApi
{
    public static void MapContactHistoryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/contacts", async (string? from, string? to, string? channel, string? agentId, string? protocolId, string? version,
                    string? outcome, string? breached, string? escalated, string? status, string? page,
                    ContactHistoryService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SearchAsync(new ContactHistoryQuery(from, to, channel, agentId, protocolId, version, outcome, breached, escalated, status, page), ct))
                .ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.HandleContacts))
            .ProducesOutcome<ContactHistoryPage>().WithTags("Contacts").WithName("ListContacts")
            .WithSummary("The contact history, newest first, 50 a page. Without the ViewAllContacts permission only the caller's own contacts. " +
                         "from/to: yyyy-MM-dd in the organisation's time zone, inclusive; channel: InPerson, Phone, Electronic, Print; " +
                         "outcome: Resolved, NotResolved, Escalated, NeedsFollowUp; status: Open, Closed; breached/escalated: true or false.");
    }
}
