using Pauta.Web.Features.Invitations;

namespace Pauta.Web.Features.People;

public static class PeopleApi
{
    public sealed record ResetLinkView(string Link);

    public static void MapPeopleApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/people").WithTags("People").RequireAuthorization(nameof(Permission.ViewPeople));

        g.MapGet("", async (PeopleService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(ct)))
            .WithName("ListPeople");

        g.MapGet("/{id:guid}", async (Guid id, PeopleService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await s.GetAsync(id, ct) is { } p ? TypedResults.Ok(p) : Outcome<PersonView>.NotFound().ToHttp(l, TypedResults.Ok))
            .ProducesOutcome<PersonView>().WithName("GetPerson");

        g.MapPut("/{id:guid}", async (Guid id, PersonInput input, PeopleService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.UpdateAsync(id, input, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.ChangeRoles)).ProducesOutcome<PersonView>().WithName("UpdatePerson")
            .WithSummary("Changes role, department and position. Send back the version you read.");

        g.MapDelete("/{id:guid}", async (Guid id, PeopleService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.RemoveAsync(id, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(nameof(Permission.RemovePeople)).ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("RemovePerson");

        g.MapPost("/{id:guid}/transfer-ownership", async (Guid id, PeopleService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.TransferOwnershipAsync(id, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .RequireAuthorization(nameof(Permission.TransferOwnership)).ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("TransferOwnership");

        g.MapPost("/{id:guid}/reset-link", async (Guid id, PublicUrl url, PeopleService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.CreateResetLinkAsync(id, url.Root, ct)).ToHttp(l, v => TypedResults.Ok(new ResetLinkView(v))))
            .RequireAuthorization(nameof(Permission.IssuePasswordResetLinks)).ProducesOutcome<ResetLinkView>().WithName("CreateResetLink");

        var inv = api.MapGroup("/invitations").WithTags("Invitations").RequireAuthorization(nameof(Permission.InvitePeople));

        inv.MapGet("", async (InvitationsService s, CancellationToken ct) => TypedResults.Ok(await s.ListPendingAsync(ct)))
            .WithName("ListInvitations");

        inv.MapPost("", async (NewInvitation input, PublicUrl url, InvitationsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.CreateAsync(input, url.Root, ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/invitations/{v.Invitation.Id}", v)))
            .ProducesOutcome<CreatedInvitation>(StatusCodes.Status201Created).WithName("CreateInvitation").WithSummary("Invites a person; the answer holds the link, shown only this once.");

        inv.MapDelete("/{id:guid}", async (Guid id, InvitationsService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.RevokeAsync(id, ct)).ToHttp(l, _ => TypedResults.NoContent()))
            .ProducesOutcome<bool>(StatusCodes.Status204NoContent).WithName("RevokeInvitation");
    }
}
