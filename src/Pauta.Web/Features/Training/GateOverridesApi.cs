using Microsoft.AspNetCore.Http.HttpResults;

namespace Pauta.Web.Features.Training;

/// <summary>/api/v1/training/gate-overrides: supervisors allow one untrained contact, and everyone who sees training records reads the list.</summary>
public static class GateOverridesApi
{
    public static void MapGateOverridesApi(this RouteGroupBuilder training)
    {
        training.MapPost("/gate-overrides", async (GrantOverrideInput input, GateOverridesService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.GrantAsync(input, ct)).ToHttp(l, o => TypedResults.Created($"/api/v1/training/gate-overrides?agentMemberId={o.AgentMemberId}&protocolId={o.ProtocolId}", o)))
            .RequireAuthorization(nameof(Permission.AllowUntrainedContact))
            .ProducesOutcome<GateOverrideDto>(StatusCodes.Status201Created).WithName("GrantGateOverride")
            .WithSummary("Allows one agent one contact on a protocol the training gate blocks for them, with a reason (up to 500 characters), until the end of the working day.");

        training.MapGet("/gate-overrides", async Task<Ok<IReadOnlyList<GateOverrideDto>>> (Guid? agentMemberId, Guid? protocolId, GateOverridesService s, CancellationToken ct) =>
                TypedResults.Ok(await s.ListAsync(agentMemberId, protocolId, ct)))
            .RequireAuthorization(nameof(Permission.ViewTrainingRecords))
            .WithName("ListGateOverrides")
            .WithSummary("The most recent training-gate overrides (up to 100, newest first): who allowed whom, when, why, the contact that used each, and how many each agent has on each protocol.");
    }
}
