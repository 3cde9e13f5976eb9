using Pauta.Core.Protocols;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Shared;
using Pauta.Web.Infrastructure;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Tests.Shared;

/// <summary>
/// Test set-up through the app's own services, acting as a real member of an organisation the way a request does
/// (membership read from the database, tenant set from it). Linked into the web and the browser test projects.
/// </summary>
public static class Members
{
    /// <summary>Runs <paramref name="work"/> with the services of one request made by <paramref name="email"/>.</summary>
    public static async Task<T> AsAsync<TService, T>(this IServiceProvider root, string email, Func<TService, Task<T>> work)
        where TService : notnull
    {
        using var scope = root.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PautaDbContext>();
        var row = await db.Members.IgnoreQueryFilters()
            .Where(m => m.User.Email == email)
            .Join(db.Organisations.IgnoreQueryFilters(), m => m.OrganisationId, o => o.Id,
                (m, o) => new CurrentMember.Row(m.UserId, m.Id, m.OrganisationId, m.Role, m.User.DisplayName, m.User.Email,
                    m.User.UiLanguage, o.Name, o.Language, o.TimeZoneId))
            .SingleAsync();
        sp.GetRequiredService<CurrentMember>().Load(row);
        sp.GetRequiredService<Tenant>().Set(row.OrganisationId);
        return await work(sp.GetRequiredService<TService>());
    }

    /// <summary>
    /// A new published version of a protocol: <paramref name="author"/> drafts <paramref name="edit"/> of the latest
    /// version and submits it, <paramref name="approver"/> approves it, the author publishes it. Returns the new
    /// version's number; fails the test if the service refuses any step.
    /// </summary>
    public static async Task<int> PublishEditAsync(this IServiceProvider root, Guid id, Func<Protocol, Protocol> edit, string summary,
        ChangeSize size, string author, string approver)
    {
        var draft = await root.AsAsync<ProtocolsService, DraftView>(author, async s =>
        {
            var started = Ok(await s.StartDraftAsync(id, default), "start a draft");
            var saved = Ok(await s.SaveDraftAsync(id, edit(started.Protocol), started.Version, default), "save the draft");
            return Ok(await s.SubmitAsync(id, saved.Version, default), "submit");
        });
        var approved = await root.AsAsync<ProtocolsService, DraftView>(approver, async s => Ok(await s.ApproveAsync(id, draft.Version, default), "approve"));
        var published = await root.AsAsync<ProtocolsService, VersionView>(author, async s =>
            Ok(await s.PublishAsync(id, new PublishInput(size, summary, approved.Version), default), "publish"));
        return published.Number;
    }

    public static T Ok<T>(Outcome<T> outcome, string what)
    {
        outcome.Failure.ShouldBe(Failure.None, $"{what}: {string.Join("; ", outcome.Problems.Select(p => $"{p.Field} {p.Code} {string.Join(",", p.Args)}"))}");
        return outcome.Value!;
    }
}
