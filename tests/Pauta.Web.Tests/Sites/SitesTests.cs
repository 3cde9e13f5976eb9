using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Sites;

public sealed record SiteDto(Guid Id, string Name, string Address, string Phone, string TimeZoneId, Guid CalendarId, string CalendarKey,
    Guid? LegalCalendarId, string? LegalCalendarName, bool IsArchived, int People, int Version);

public sealed record CalendarSummaryDto(Guid Id, string Key, string Name, string TimeZoneId, string Kind, string? HolidayCountry, int Holidays,
    List<string> Sites, int Version);

public sealed record CalendarDto(Guid Id, string Key, string Name, string TimeZoneId, string Kind, string? HolidayCountry,
    Dictionary<DayOfWeek, string> Days, List<HolidayDto> Holidays, List<string> Sites, int Version);

public sealed record BatchDto(int Added, List<DateOnly> AlreadyThere);

public sealed record SitePersonDto(Guid Id, string Email, Guid? SiteId, string? Site, int Version, string Role);

public sealed record PlaceholderDto(Guid Id, string Name, string Value, int Version);

/// <summary>Sites, named calendars, their hours and holidays (import, national holidays), people's site, placeholders and currency.</summary>
public abstract class SitesTests(PautaApp app)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid():N}"[..(name.Length + 7)];

    private static async Task<T> CreatedAsync<T>(HttpResponseMessage response)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    private static Task<HttpResponseMessage> AddCalendarAsync(Browser admin, string key) =>
        admin.PostJsonAsync("/api/v1/calendars", new
        {
            key, name = "Legal " + key, timeZoneId = "America/Bogota",
            hours = new Dictionary<string, string> { ["Monday"] = "00:00-24:00", ["Friday"] = "00:00-24:00" },
        });

    private static string NewKey() => "legal-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Adding_a_site_creates_its_own_calendar_with_its_week_zone_and_a_unique_key()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var name = Unique("Tienda Norte");
        var site = await CreatedAsync<SiteDto>(await admin.PostJsonAsync("/api/v1/sites", new
        {
            name, address = "Calle 93 # 11-27", phone = "+57 601 555 0101", timeZoneId = "America/Bogota",
            hours = new Dictionary<string, string> { ["Monday"] = "09:00-13:00, 14:00-19:00", ["Saturday"] = "10:00-14:00" },
        }));
        site.CalendarKey.ShouldStartWith("site-tienda-norte-");
        site.TimeZoneId.ShouldBe("America/Bogota");

        var calendar = await admin.GetJsonAsync<CalendarDto>($"/api/v1/calendars/{site.CalendarId}");
        calendar.Kind.ShouldBe("Site");
        calendar.Days[DayOfWeek.Monday].ShouldBe("09:00-13:00, 14:00-19:00");
        calendar.Days[DayOfWeek.Saturday].ShouldBe("10:00-14:00");
        calendar.Days[DayOfWeek.Sunday].ShouldBe("");
        calendar.Sites.ShouldBe([name]);

        // A name that folds to the same key ("Nórte" → "norte") gets the next free key, never a clash.
        var twin = await CreatedAsync<SiteDto>(await admin.PostJsonAsync("/api/v1/sites", new { name = name.Replace("Norte", "Nórte"), timeZoneId = "America/Bogota" }));
        twin.CalendarKey.ShouldBe(site.CalendarKey + "-2");
    }

    [Fact]
    public async Task A_change_to_a_sites_hours_reaches_this_nodes_cached_calendars_at_once()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var me = await admin.GetJsonAsync<MeDto>("/api/v1/me");
        var site = await CreatedAsync<SiteDto>(await admin.PostJsonAsync("/api/v1/sites", new
        {
            name = Unique("Taller"), timeZoneId = "UTC", hours = new Dictionary<string, string> { ["Monday"] = "09:00-10:00" },
        }));
        var cache = app.Services.GetRequiredService<IMemoryCache>();
        Task<Pauta.Core.ServiceLevels.ContactCalendars> CalendarsAsync() => app.WithDbAsync(db =>
            Pauta.Web.Features.Shared.OrganisationCalendar.ContactCalendarsAsync(db, cache, me.OrganisationId, site.Id, CancellationToken.None), me.OrganisationId);
        var monday = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        (await CalendarsAsync()).Site.IsOpen(monday).ShouldBeTrue();

        await (await admin.PutJsonAsync($"/api/v1/calendars/{site.CalendarId}/hours", new Dictionary<string, string> { ["Monday"] = "11:00-12:00" }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
        var after = await CalendarsAsync();
        after.Site.IsOpen(monday).ShouldBeFalse("the cached set was forgotten when the hours changed");
        after.Site.IsOpen(monday.AddHours(2)).ShouldBeTrue();
    }

    [Fact]
    public async Task The_demo_has_its_sites_people_placed_at_them_and_legal_calendars_with_generated_national_holidays()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var sites = await admin.GetJsonAsync<List<SiteDto>>("/api/v1/sites");
        var bogota = sites.Single(s => s.Name == "Tienda Bogotá Andino");
        bogota.TimeZoneId.ShouldBe("America/Bogota");
        sites.Single(s => s.Name == "Salón Chamberí").People.ShouldBeGreaterThan(0);

        var calendars = await admin.GetJsonAsync<List<CalendarSummaryDto>>("/api/v1/calendars");
        var legalCo = calendars.Single(c => c.Key == "legal-co");
        legalCo.HolidayCountry.ShouldBe("CO");
        legalCo.Sites.ShouldContain("Tienda Bogotá Andino");
        bogota.LegalCalendarId.ShouldBe(legalCo.Id);
        var co = await admin.GetJsonAsync<CalendarDto>($"/api/v1/calendars/{legalCo.Id}");
        co.Days[DayOfWeek.Monday].ShouldBe("00:00-24:00");
        co.Days[DayOfWeek.Saturday].ShouldBe("");
        // Colombia's Emiliani rule moves Epiphany (6 January) to the next Monday: 12 January 2026.
        co.Holidays.ShouldContain(h => h.Date == new DateOnly(2026, 1, 12));
        calendars.ShouldContain(c => c.Key == "legal-es" && c.HolidayCountry == "ES");
    }

    [Fact]
    public async Task Invalid_site_input_names_each_field_and_saves_nothing()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var before = await admin.GetJsonAsync<List<SiteDto>>("/api/v1/sites?archived=true");
        var problem = await (await admin.PostJsonAsync("/api/v1/sites", new
        {
            name = "", timeZoneId = "Mars/Olympus", legalCalendarId = Guid.NewGuid(),
            hours = new Dictionary<string, string> { ["Monday"] = "25:00-26:00" },
        })).ShouldBeValidationProblemAsync("name", "timeZoneId", "legalCalendarId", "hours.Monday");
        problem.Errors!["hours.Monday"].ShouldContain(m => m.Contains("25:00-26:00"));

        // A name already taken is refused too (unique per organisation).
        await (await admin.PostJsonAsync("/api/v1/sites", new { name = "Tienda Centro", timeZoneId = "Europe/Madrid" }))
            .ShouldBeValidationProblemAsync("name");
        (await admin.GetJsonAsync<List<SiteDto>>("/api/v1/sites?archived=true")).Count.ShouldBe(before.Count);
    }

    [Fact]
    public async Task Saving_a_site_or_a_calendar_with_a_version_someone_else_saved_first_is_a_conflict()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var site = await CreatedAsync<SiteDto>(await admin.PostJsonAsync("/api/v1/sites", new { name = Unique("Kiosco"), timeZoneId = "Europe/Madrid" }));
        var first = await admin.PutJsonAsync($"/api/v1/sites/{site.Id}", new { name = site.Name, phone = "1", timeZoneId = "Europe/Madrid", version = site.Version });
        await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync($"/api/v1/sites/{site.Id}", new { name = site.Name, phone = "2", timeZoneId = "Europe/Madrid", version = site.Version }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        (await admin.GetJsonAsync<SiteDto>($"/api/v1/sites/{site.Id}")).Phone.ShouldBe("1");

        var calendar = await CreatedAsync<CalendarDto>(await AddCalendarAsync(admin, NewKey()));
        await (await admin.PutJsonAsync($"/api/v1/calendars/{calendar.Id}", new { key = calendar.Key, name = "A", timeZoneId = "UTC", version = calendar.Version }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync($"/api/v1/calendars/{calendar.Id}", new { key = calendar.Key, name = "B", timeZoneId = "UTC", version = calendar.Version }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await admin.DeleteAsync($"/api/v1/calendars/{calendar.Id}?version={calendar.Version}")).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Another_organisation_gets_404_for_every_site_and_calendar_id_of_the_demo_and_changes_nothing()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var site = (await admin.GetJsonAsync<List<SiteDto>>("/api/v1/sites")).First();
        var legal = (await admin.GetJsonAsync<List<CalendarSummaryDto>>("/api/v1/calendars")).First(c => c.Kind == "Named");
        var holiday = (await admin.GetJsonAsync<CalendarDto>($"/api/v1/calendars/{legal.Id}")).Holidays.First();
        var before = await admin.GetJsonAsync<CalendarDto>($"/api/v1/calendars/{legal.Id}");
        var b = await app.SignUpAsync($"Otra Sede {Guid.NewGuid():N}"[..20], Demo.NewEmail("owner-sites"), displayName: "Bea Bravo");

        using var csv = new MultipartFormDataContent { { new StringContent("2030-01-01,Hacked\n"), "file", "h.csv" } };
        var attempts = new List<(string What, Func<Task<HttpResponseMessage>> Call)>
        {
            ("GET site", () => b.GetAsync($"/api/v1/sites/{site.Id}")),
            ("PUT site", () => b.PutJsonAsync($"/api/v1/sites/{site.Id}", new { name = "Hacked", timeZoneId = "UTC", version = site.Version })),
            ("archive site", () => b.PostJsonAsync($"/api/v1/sites/{site.Id}/archive", new { archived = true, version = site.Version })),
            ("GET calendar", () => b.GetAsync($"/api/v1/calendars/{legal.Id}")),
            ("GET calendar uses", () => b.GetAsync($"/api/v1/calendars/{legal.Id}/uses")),
            ("PUT calendar", () => b.PutJsonAsync($"/api/v1/calendars/{legal.Id}", new { key = "hacked", name = "Hacked", timeZoneId = "UTC", version = legal.Version })),
            ("DELETE calendar", () => b.DeleteAsync($"/api/v1/calendars/{legal.Id}?version={legal.Version}")),
            ("PUT calendar hours", () => b.PutJsonAsync($"/api/v1/calendars/{legal.Id}/hours", new Dictionary<string, string> { ["Monday"] = "01:00-02:00" })),
            ("POST holiday", () => b.PostJsonAsync($"/api/v1/calendars/{legal.Id}/holidays", new { date = "2030-01-02", name = "Hacked" })),
            ("DELETE holiday", () => b.DeleteAsync($"/api/v1/calendars/{legal.Id}/holidays/{holiday.Id}")),
            ("generate", () => b.PostJsonAsync($"/api/v1/calendars/{legal.Id}/holidays/generate", new { country = "MX", fromYear = 2030, toYear = 2030 })),
            ("import", () => b.Client.PostAsync($"/api/v1/calendars/{legal.Id}/holidays/import", csv)),
        };
        foreach (var (what, call) in attempts)
            await (await call()).ShouldBeProblemAsync(HttpStatusCode.NotFound, what);

        (await b.GetJsonAsync<List<SiteDto>>("/api/v1/sites?archived=true")).ShouldBeEmpty();
        (await b.GetJsonAsync<List<CalendarSummaryDto>>("/api/v1/calendars")).ShouldBeEmpty();
        (await b.GetPageAsync($"/organisation/sites/{site.Id}")).ShouldHaveStatus(HttpStatusCode.NotFound);
        (await b.GetPageAsync($"/organisation/calendars/{legal.Id}")).ShouldHaveStatus(HttpStatusCode.NotFound);
        var after = await admin.GetJsonAsync<CalendarDto>($"/api/v1/calendars/{legal.Id}");
        after.ShouldBeEquivalentTo(before);
    }

    [Fact]
    public async Task A_named_calendar_a_site_uses_cannot_be_deleted_until_the_site_stops_using_it()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var calendar = await CreatedAsync<CalendarDto>(await AddCalendarAsync(admin, NewKey()));
        var site = await CreatedAsync<SiteDto>(await admin.PostJsonAsync("/api/v1/sites",
            new { name = Unique("Oficina jurídica"), timeZoneId = "America/Bogota", legalCalendarId = calendar.Id }));
        site.LegalCalendarName.ShouldBe(calendar.Name);

        var refused = await (await admin.DeleteAsync($"/api/v1/calendars/{calendar.Id}?version={calendar.Version}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        refused.Errors!.Values.SelectMany(v => v).ShouldContain(m => m.Contains(site.Name));
        (await admin.GetAsync($"/api/v1/calendars/{calendar.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await (await admin.PutJsonAsync($"/api/v1/sites/{site.Id}", new { name = site.Name, timeZoneId = "America/Bogota", legalCalendarId = (Guid?)null, version = site.Version }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"/api/v1/calendars/{calendar.Id}?version={calendar.Version}")).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await admin.GetAsync($"/api/v1/calendars/{calendar.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        // A site's own calendar is never deleted on its own.
        await (await admin.DeleteAsync($"/api/v1/calendars/{site.CalendarId}?version=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    private static async Task<HttpResponseMessage> ImportAsync(Browser admin, Guid calendar, string fileName, string text)
    {
        using var content = new MultipartFormDataContent { { new StringContent(text), "file", fileName } };
        return await admin.Client.PostAsync($"/api/v1/calendars/{calendar}/holidays/import", content);
    }

    [Fact]
    public async Task Importing_a_holiday_file_with_any_bad_line_saves_nothing_and_says_where_and_existing_dates_are_reported_not_doubled()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var calendar = await CreatedAsync<CalendarDto>(await AddCalendarAsync(admin, NewKey()));
        await (await admin.PostJsonAsync($"/api/v1/calendars/{calendar.Id}/holidays", new { date = "2027-01-01", name = "Año Nuevo" }))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);

        var bad = await (await ImportAsync(admin, calendar.Id, "festivos.csv", "2027-03-22,San José\n2027-13-40,Mal\n"))
            .ShouldBeValidationProblemAsync("file");
        bad.Errors!["file"].ShouldContain(m => m.Contains("2") && m.Contains("2027-13-40"));
        (await admin.GetJsonAsync<CalendarDto>($"/api/v1/calendars/{calendar.Id}")).Holidays.Count.ShouldBe(1);

        var good = await ImportAsync(admin, calendar.Id, "festivos.csv", "2027-01-01,Año Nuevo\n2027-03-22,San José\n");
        await good.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var result = (await good.Content.ReadFromJsonAsync<BatchDto>(Json))!;
        result.Added.ShouldBe(1);
        result.AlreadyThere.ShouldBe([new DateOnly(2027, 1, 1)]);
        (await admin.GetJsonAsync<CalendarDto>($"/api/v1/calendars/{calendar.Id}")).Holidays.Select(h => h.Date)
            .ShouldBe([new DateOnly(2027, 1, 1), new DateOnly(2027, 3, 22)]);

        await (await ImportAsync(admin, calendar.Id, "big.csv", new string('x', 1024 * 1024 + 1)))
            .ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Generating_national_holidays_saves_each_date_once_and_records_the_country()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var calendar = await CreatedAsync<CalendarDto>(await AddCalendarAsync(admin, NewKey()));
        await (await admin.PostJsonAsync($"/api/v1/calendars/{calendar.Id}/holidays/generate", new { country = "XX", fromYear = 2026, toYear = 2040 }))
            .ShouldBeValidationProblemAsync("country", "toYear");

        var first = await admin.PostJsonAsync($"/api/v1/calendars/{calendar.Id}/holidays/generate", new { country = "co", fromYear = 2026, toYear = 2027 });
        await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var added = (await first.Content.ReadFromJsonAsync<BatchDto>(Json))!.Added;
        added.ShouldBeGreaterThan(30);
        var again = (await (await admin.PostJsonAsync($"/api/v1/calendars/{calendar.Id}/holidays/generate", new { country = "CO", fromYear = 2026, toYear = 2027 }))
            .Content.ReadFromJsonAsync<BatchDto>(Json))!;
        again.Added.ShouldBe(0);
        again.AlreadyThere.Count.ShouldBe(added);
        var saved = await admin.GetJsonAsync<CalendarDto>($"/api/v1/calendars/{calendar.Id}");
        saved.HolidayCountry.ShouldBe("CO");
        saved.Holidays.Count.ShouldBe(added);
        saved.Holidays.ShouldContain(h => h.Date == new DateOnly(2027, 1, 11)); // Epiphany 2027 moved to Monday 11 January
    }

    [Fact]
    public async Task People_are_placed_at_active_sites_only_and_an_archived_site_keeps_its_people()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var site = await CreatedAsync<SiteDto>(await admin.PostJsonAsync("/api/v1/sites", new { name = Unique("Outlet"), timeZoneId = "Europe/Madrid" }));
        var people = await admin.GetJsonAsync<List<SitePersonDto>>("/api/v1/people");
        var tomas = people.Single(p => p.Email == "tomas@suarez.example");
        var diego = people.Single(p => p.Email == "diego@suarez.example");
        var dept = (await admin.GetJsonAsync<List<PersonDto>>("/api/v1/people")).ToDictionary(p => p.Id);

        object Input(SitePersonDto p, Guid? siteId) => new { role = p.Role, departmentId = dept[p.Id].DepartmentId, positionId = dept[p.Id].PositionId, version = p.Version, siteId };
        await (await admin.PutJsonAsync($"/api/v1/people/{tomas.Id}", Input(tomas, site.Id))).ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await admin.GetJsonAsync<SitePersonDto>($"/api/v1/people/{tomas.Id}")).Site.ShouldBe(site.Name);

        var archived = (await (await admin.PostJsonAsync($"/api/v1/sites/{site.Id}/archive", new { archived = true, version = site.Version }))
            .Content.ReadFromJsonAsync<SiteDto>(Json))!;
        archived.IsArchived.ShouldBeTrue();
        archived.People.ShouldBe(1);
        (await admin.GetJsonAsync<List<SiteDto>>("/api/v1/sites")).ShouldNotContain(s => s.Id == site.Id);

        await (await admin.PutJsonAsync($"/api/v1/people/{diego.Id}", Input(diego, site.Id))).ShouldBeValidationProblemAsync("siteId");
        await (await admin.PutJsonAsync($"/api/v1/people/{diego.Id}", Input(diego, Guid.NewGuid()))).ShouldBeValidationProblemAsync("siteId");
        (await admin.GetJsonAsync<SitePersonDto>($"/api/v1/people/{diego.Id}")).SiteId.ShouldBe(diego.SiteId);

        var list = await admin.GetPageAsync("/people");
        list.Text.ShouldContain(site.Name);
    }

    [Fact]
    public async Task Organisation_placeholders_refuse_built_in_bad_and_repeated_names_and_the_currency_must_be_iso_4217()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        await (await owner.PostJsonAsync("/api/v1/organisation/placeholders", new { name = "empresa", value = "x" })).ShouldBeValidationProblemAsync("name");
        await (await owner.PostJsonAsync("/api/v1/organisation/placeholders", new { name = "Web Site", value = "" })).ShouldBeValidationProblemAsync("name", "value");
        var name = "web-" + Guid.NewGuid().ToString("N")[..6];
        var created = await CreatedAsync<PlaceholderDto>(await owner.PostJsonAsync("/api/v1/organisation/placeholders", new { name, value = "www.suarez.example" }));
        await (await owner.PostJsonAsync("/api/v1/organisation/placeholders", new { name, value = "other" })).ShouldBeValidationProblemAsync("name");
        (await owner.GetJsonAsync<List<PlaceholderDto>>("/api/v1/organisation/placeholders")).ShouldContain(p => p.Id == created.Id && p.Value == "www.suarez.example");

        var org = await owner.GetJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>("/api/v1/organisation");
        org["currency"].GetString().ShouldBe("EUR");
        object Settings(string currency) => new
        {
            name = org["name"].GetString(), brandName = org["brandName"].GetString(), language = org["language"].GetString(),
            timeZoneId = org["timeZoneId"].GetString(), channels = org["channels"].GetString(), version = org["version"].GetInt32(), currency,
        };
        await (await owner.PutJsonAsync("/api/v1/organisation", Settings("XYZ"))).ShouldBeValidationProblemAsync("currency");
        await (await owner.PutJsonAsync("/api/v1/organisation", Settings("COP"))).ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await owner.GetJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>("/api/v1/organisation"))["currency"].GetString().ShouldBe("COP");
        org = await owner.GetJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>("/api/v1/organisation");
        await (await owner.PutJsonAsync("/api/v1/organisation", Settings("EUR"))).ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_sites_page_shows_each_problem_beside_its_input_and_adds_a_valid_site()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var page = await admin.GetPageAsync("/organisation/sites");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        var fields = page.FormFields("form.form");
        var bad = await admin.PostFormAsync("/organisation/sites",
            With(With(With(fields, "Input.Name", ""), "Hours.Monday", "9-8"), "Input.TimeZoneId", "Nowhere/Town"));
        bad.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        bad.FieldError("Input.Name").ShouldNotBeEmpty();
        bad.FieldError("Input.TimeZoneId").ShouldContain("Nowhere/Town");
        bad.FieldError("Hours.Monday").ShouldContain("9-8");

        var name = Unique("Salón Goya");
        var good = await admin.PostFormAsync("/organisation/sites", With(fields, "Input.Name", name));
        good.Status.ShouldBe(HttpStatusCode.Redirect, good.ToString());
        var edit = await admin.GetPageAsync(good.Location!);
        edit.Title.ShouldBe(name);
        (await admin.GetPageAsync("/organisation/sites")).Text.ShouldContain(name);
    }
}

public sealed class SitesOnSqlite(SqliteApp app) : SitesTests(app), IClassFixture<SqliteApp>;

public sealed class SitesOnPostgres(PostgresApp app) : SitesTests(app), IClassFixture<PostgresApp>;
