using Pauta.Data.Entities;

namespace Pauta.Web.Features.ApiTokens;

public static class ApiTokensApi
{
    public sealed record ApiTokenInput(string? Name, ApiScopes Scopes);

    /// <summary>For administrators signed in with the cookie only: a token cannot list, mint or revoke tokens.</summary>
    public static void MapApiTokensApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/api-tokens").WithTags("API tokens").RequireAuthorization(nameof(Permission.ManageApiTokens));

        g.MapGet("", async (ApiTokensService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.ListAsync(ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .ProducesOutcome<IReadOnlyList<ApiTokenView>>().WithName("ListApiTokens")
            .WithSummary("The organisation's API tokens, revoked ones last. Secrets are never shown again.");

        g.MapPost("", async (ApiTokenInput input, ApiTokensService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.CreateAsync(input.Name, input.Scopes, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/api-tokens/{v.Token.Id}", v)))
            .ProducesOutcome<CreatedApiToken>(StatusCodes.Status201Created).WithName("CreateApiToken")
            .WithSummary("Creates a token with the Read and/or Write scope; the answer holds its secret, shown this once.");

        g.MapPost("/{id:guid}/revoke", async (Guid id, ApiTokensService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.RevokeAsync(id, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .ProducesOutcome<ApiTokenView>().WithName("RevokeApiToken")
            .WithSummary("Revokes a token for good: the next request with it gets 401.");
    }
}
