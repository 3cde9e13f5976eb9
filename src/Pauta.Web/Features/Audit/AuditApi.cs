using Pauta.Data.Audit;

namespace Pauta.Web.Features.Audit;

public static class AuditApi
{
    public const string BundleContentType = "application/x-ndjson";

    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditService>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditCheckpoints>();
        services.AddSingleton<AuditCheckpointWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditCheckpointWorker>());
        return services;
    }

    public static void MapAuditApi(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").RequireAuthorization(nameof(Permission.ViewAudit)).WithTags("Audit");

        audit.MapGet("/entries", async (string? from, string? to, string? action, string? actor, string? entity, string? page,
                    AuditService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.SearchAsync(new AuditQuery(from, to, action, actor, entity, page), ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .ProducesOutcome<AuditPage>().WithName("ListAuditEntries")
            .WithSummary("The organisation's audit log, newest first, 50 a page. from/to: yyyy-MM-dd in the organisation's time zone, " +
                         "inclusive; action: a prefix of the action (e.g. protocol. or contact.); actor: a person's user id; entity: an entity id.");

        audit.MapGet("/checkpoints/latest", async (AuditService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.LatestCheckpointAsync(ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .ProducesOutcome<AuditCheckpointView>().WithName("GetLatestAuditCheckpoint")
            .WithSummary("The last signed checkpoint: size, root, instant, key id, ECDSA P-256 signature (IEEE P1363, base64) over the signed text, and the public key (SubjectPublicKeyInfo, base64). 404 before the first one.");

        audit.MapGet("/proofs/inclusion", async (string? index, string? size, AuditService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.InclusionAsync(index, size, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .ProducesOutcome<InclusionProofView>().WithName("GetAuditInclusionProof")
            .WithSummary("RFC 9162 inclusion proof of entry index in the tree of the first size entries, from the leaf up. 404 when size is beyond the log.");

        audit.MapGet("/proofs/consistency", async (string? from, string? to, AuditService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.ConsistencyAsync(from, to, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .ProducesOutcome<ConsistencyProofView>().WithName("GetAuditConsistencyProof")
            .WithSummary("RFC 9162 consistency proof between the trees of the first from and to entries. 404 when to is beyond the log.");

        audit.MapGet("/export", async (HttpContext http, AuditService s, AuditTrail trail, CurrentMember me, IStringLocalizer<SharedResource> l,
                CancellationToken ct) =>
            {
                var outcome = await s.ExportAsync(ct);
                if (!outcome.Succeeded) return outcome.ToHttp(l, _ => TypedResults.Ok());
                await trail.RecordAsync("export.audit-bundle", "Organisation", me.OrganisationId, "", ct);
                return TypedResults.Stream(async stream => await outcome.Value!.WriteAsync(stream, ct), BundleContentType, BundleFileName(http));
            })
            .Produces(StatusCodes.Status200OK, contentType: BundleContentType).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("ExportAuditBundle")
            .WithSummary("The audit bundle (JSON lines: header with the public key, every entry, every checkpoint), for `pauta audit verify`. 404 before the first checkpoint.");
    }

    public static string BundleFileName(HttpContext http) =>
        $"audit-{http.RequestServices.GetRequiredService<CurrentMember>().OrganisationId:D}.jsonl";
}
