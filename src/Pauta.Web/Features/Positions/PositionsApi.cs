namespace Pauta.Web.Features.Positions;

public static class PositionsApi
{
    public static void MapPositionsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/positions").WithTags("Positions");

        g.MapGet("", async (PositionsService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct)))
            .WithName("ListPositions");

        g.MapGet("/{id:guid}", async (Guid id, PositionsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await s.GetAsync(id, ct) is { } p ? TypedResults.Ok(p) : Outcome<PositionView>.NotFound().ToHttp(l, TypedResults.Ok))
            .ProducesOutcome<PositionView>().WithName("GetPosition");

        g.MapPost("", async (PositionInput input, PositionsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.CreateAsync(input, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/positions/{v.Id}", v)))
            .RequireAuthorization(nameof(Permission.ManagePositions)).ProducesOutcome<PositionView>(StatusCodes.Status201Created).WithName("CreatePosition");

        g.MapPut("/{id:guid}", async (Guid id, PositionInput input, PositionsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.UpdateAsync(id, input, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManagePositions)).ProducesOutcome<PositionView>().WithName("UpdatePosition");

        g.MapDelete("/{id:guid}", async (Guid id, PositionsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.DeleteAsync(id, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(nameof(Permission.ManagePositions)).ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("DeletePosition");
    }
}
