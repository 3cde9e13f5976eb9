namespace Pauta.Web.Features.OrgChart;

public static class OrgChartApi
{
    public static void MapOrgChartApi(this RouteGroupBuilder api) =>
        api.MapGet("/org-chart", async (OrgChartService s, CancellationToken ct) => TypedResults.Ok(await s.GetAsync(ct)))
            .WithTags("Organisation").WithName("GetOrgChart").WithSummary("Positions by reports-to line, with who holds each.");
}
