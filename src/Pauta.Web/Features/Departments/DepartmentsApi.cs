namespace Pauta.Web.Features.Departments;

public static class DepartmentsApi
{
    public sealed record DepartmentInput(string? Name, int Version = 0);

    public static void MapDepartmentsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/departments").WithTags("Departments");

        g.MapGet("", async (DepartmentsService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct)))
            .WithName("ListDepartments");

        g.MapGet("/{id:guid}", async (Guid id, DepartmentsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await s.GetAsync(id, ct) is { } d ? TypedResults.Ok(d) : Outcome<DepartmentView>.NotFound().ToHttp(l, TypedResults.Ok))
            .ProducesOutcome<DepartmentView>().WithName("GetDepartment");

        g.MapPost("", async (DepartmentInput input, DepartmentsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.CreateAsync(input.Name, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/departments/{v.Id}", v)))
            .RequireAuthorization(nameof(Permission.ManageDepartments)).ProducesOutcome<DepartmentView>(StatusCodes.Status201Created).WithName("CreateDepartment");

        g.MapPut("/{id:guid}", async (Guid id, DepartmentInput input, DepartmentsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.RenameAsync(id, input.Name, input.Version, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ManageDepartments)).ProducesOutcome<DepartmentView>().WithName("RenameDepartment");

        g.MapDelete("/{id:guid}", async (Guid id, DepartmentsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.DeleteAsync(id, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(nameof(Permission.ManageDepartments)).ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("DeleteDepartment");
    }
}
