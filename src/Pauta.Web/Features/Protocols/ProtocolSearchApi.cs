namespace Pauta.Web.Features.Protocols;

public static class ProtocolSearchApi
{
    public static void MapProtocolSearchApi(this RouteGroupBuilder api) =>
        api.MapGet("/protocols/search", async (string? q, int? limit, ProtocolSearch search, IStringLocalizer<SharedResource> l,
                    CancellationToken ct) =>
                (await search.SearchAsync(q, limit ?? ProtocolSearch.DefaultLimit, ct)).ToHttp(l, hits => TypedResults.Ok(hits)))
            .RequireAuthorization(nameof(Permission.ReadProtocols))
            .Produces<IReadOnlyList<ProtocolSearchHit>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithTags("Protocols").WithName("SearchProtocols")
            .WithSummary("Full-text search of the organisation's published protocols.")
            .WithDescription($"Case- and accent-insensitive; every word must match, the last one also as a prefix. Best first. " +
                             $"q: 1 to {ProtocolSearch.MaxQueryLength} characters; limit: 1 to {ProtocolSearch.MaxLimit} " +
                             $"(default {ProtocolSearch.DefaultLimit}, clamped). titleHtml and snippet are HTML-encoded text " +
                             "with <mark> around the matched words.");
}
