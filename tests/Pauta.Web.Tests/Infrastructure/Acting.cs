using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data;
using Pauta.Data.Tenancy;
using Pauta.Tests.Shared;

namespace Pauta.Web.Tests.Infrastructure;

/// <summary>
/// Runs a feature service as one signed-in person, the way a request does (membership loaded from the database,
/// tenant set from it), for tests of rules that are easier to read without an HTML form around them.
/// </summary>
public static class Acting
{
    public static Task<T> AsAsync<TService, T>(this PautaApp app, string email, Func<TService, Task<T>> work)
        where TService : notnull => app.Services.AsAsync(email, work);

    public static async Task<Guid> OrganisationOfAsync(this PautaApp app, string email) =>
        await app.WithDbAsync(db => db.Members.IgnoreQueryFilters().Where(m => m.User.Email == email).Select(m => m.OrganisationId).SingleAsync());

    /// <summary>The demo agent's user id and the first published protocol (by title) of <paramref name="organisation"/>, with its version.</summary>
    public static Task<(Guid Agent, Guid Protocol, int Version)> DemoAgentAndProtocolAsync(this PautaApp app, Guid organisation) =>
        app.WithDbAsync(async db =>
        {
            var a = await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync();
            var p = await db.Protocols.Where(x => x.PublishedVersion > 0).OrderBy(x => x.Title).Select(x => new { x.Id, x.PublishedVersion }).FirstAsync();
            return (a, p.Id, p.PublishedVersion);
        }, organisation);
}
