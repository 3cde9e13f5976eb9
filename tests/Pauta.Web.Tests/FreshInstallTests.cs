using System.Net;
using Microsoft.EntityFrameworkCore;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests;

/// <summary>With the demo turned off, a new install starts empty and the first sign-up makes the first organisation.</summary>
public abstract class FreshInstallTests(PautaApp app)
{
    [Fact]
    public async Task Without_the_demo_the_database_starts_empty_and_the_first_sign_up_creates_the_first_organisation()
    {
        (await app.CountEverythingAsync()).ShouldBe((0, 0, 0));
        (await app.NewBrowser().SignInAsync(Demo.Owner, Demo.Password)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.NewBrowser().GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var owner = await app.SignUpAsync("Primera Organización", Demo.NewEmail("first"), displayName: "Primera Persona");
        (await owner.GetJsonAsync<MeDto>("/api/v1/me")).OrganisationName.ShouldBe("Primera Organización");
        (await app.CountEverythingAsync()).ShouldBe((1, 1, 1));

        // The new organisation starts with the default split-day hours, all channels and no demo data.
        var hours = await owner.GetJsonAsync<HoursDto>("/api/v1/business-hours");
        hours.Days[DayOfWeek.Monday].ShouldBe("09:00-14:00, 16:00-19:00");
        hours.Days[DayOfWeek.Saturday].ShouldBeEmpty();
        hours.Holidays.ShouldBeEmpty();
        (await owner.GetJsonAsync<OrganisationDto>("/api/v1/organisation")).Channels.ShouldBe(Pauta.Core.Organisations.Channels.All);
        (await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments")).ShouldBeEmpty();
        (await app.WithDbAsync(db => db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.IsDemo))).ShouldBeFalse();
    }
}

public sealed class FreshInstallOnSqlite(SqliteEmptyApp app) : FreshInstallTests(app), IClassFixture<SqliteEmptyApp>;

public sealed class FreshInstallOnPostgres(PostgresEmptyApp app) : FreshInstallTests(app), IClassFixture<PostgresEmptyApp>;
