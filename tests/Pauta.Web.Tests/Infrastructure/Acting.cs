using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data;
using Pauta.Data.Tenancy;
using Pauta.Web.Infrastructure;

namespace Pauta.Web.Tests.Infrastructure;

/// <summary>
/// Runs a feature service as one signed-in person, the way a request does (membership loaded from the database,
/// tenant set from it), for tests of rules that are easier to read without an HTML form around them.
/// </summary>
public static class Acting
{
    public static async Task<T> AsAsync<TService, T>(this PautaApp app, string email, Func<TService, Task<T>> work)
        where TService : notnull
    {
        using var scope = app.Services.CreateScope();
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

    public static async Task<Guid> OrganisationOfAsync(this PautaApp app, string email) =>
        await app.WithDbAsync(db => db.Members.IgnoreQueryFilters().Where(m => m.User.Email == email).Select(m => m.OrganisationId).SingleAsync());
}
