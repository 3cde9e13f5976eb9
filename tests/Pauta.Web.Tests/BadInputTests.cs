using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>
/// Bad input gets a clear, localised message beside the field (pages) or a ProblemDetails naming
/// the field (API), the right status, never a 500, and nothing half-saved.
/// </summary>
public abstract class BadInputTests(PautaApp app)
{
    private static Dictionary<string, string> ValidSignUp() => new()
    {
        ["Input.OrganisationName"] = "Peluquería Nueva",
        ["Input.BrandName"] = "Peluquería Nueva",
        ["Input.Language"] = "en",
        ["Input.TimeZoneId"] = "America/Bogota",
        ["Input.DisplayName"] = "Nora Nueva",
        ["Input.Email"] = Demo.NewEmail("nora"),
        ["Input.Password"] = Demo.StrongPassword,
    };

    private static readonly string TooLongName = new('x', 101);

    public static TheoryData<string, string> BadSignUps => new()
    {
        { "Input.Email", "not-an-email" },
        { "Input.Email", "carmen@suarez.example" },
        { "Input.Email", "CARMEN@suarez.example" },
        { "Input.Password", "abc" },
        { "Input.Password", "alllowercase1" },
        { "Input.OrganisationName", TooLongName },
        { "Input.OrganisationName", "   " },
        { "Input.TimeZoneId", "Mars/Olympus" },
        { "Input.Language", "fr" },
    };

    /// <summary>The English message a person should see for <paramref name="value"/> in <paramref name="field"/>.</summary>
    private static string ExpectedSignUpError(string field, string value) => (field, value) switch
    {
        ("Input.Email", "not-an-email") => Text.En("Identity.InvalidEmail", value),
        ("Input.Email", _) => Text.En("Identity.DuplicateEmail", value),
        ("Input.Password", "abc") => Text.En("Identity.PasswordTooShort", 10),
        ("Input.Password", _) => Text.En("Identity.PasswordRequiresUpper"),
        ("Input.OrganisationName", "   ") => Text.En("Validation.Required", Text.En("Field.OrganisationName")),
        ("Input.OrganisationName", _) => Text.En("Validation.TooLong", Text.En("Field.OrganisationName"), 100),
        ("Input.TimeZoneId", _) => Text.En("Field.UnknownTimeZone", value),
        ("Input.Language", _) => Text.En("Field.UnknownLanguage", value),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    [Theory]
    [MemberData(nameof(BadSignUps))]
    public async Task Sign_up_with_a_bad_value_shows_the_error_beside_that_field_and_creates_nothing(string field, string value)
    {
        var before = await app.CountEverythingAsync();
        var form = ValidSignUp();
        form[field] = value;

        var page = await app.NewBrowser(acceptLanguage: "en").SubmitAsync("/account/signup", form);

        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity, "the form comes back with the error");
        // One clear message; only a password can break several rules at once.
        if (field == "Input.Password") page.FieldError(field).ShouldContain(ExpectedSignUpError(field, value));
        else page.FieldError(field).ShouldBe(ExpectedSignUpError(field, value));
        page.Response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith(".Pauta.Auth=", StringComparison.Ordinal), "nobody is signed in");
        // What the person typed is kept (except the password).
        if (field != "Input.Password" && field != "Input.Language")
            page.Document.QuerySelector($"input[name='{field}']")!.GetAttribute("value").ShouldBe(value);
        (await app.CountEverythingAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_valid_sign_up_creates_one_organisation_with_its_owner_and_signs_them_in()
    {
        var before = await app.CountEverythingAsync();
        var form = ValidSignUp();
        var browser = app.NewBrowser();
        var page = await browser.SubmitAsync("/account/signup", form);
        page.ShouldRedirectTo("/");

        var after = await app.CountEverythingAsync();
        after.ShouldBe((before.Organisations + 1, before.Users + 1, before.Members + 1));
        var me = await browser.GetJsonAsync<MeDto>("/api/v1/me");
        me.Role.ShouldBe("Owner");
        me.OrganisationName.ShouldBe("Peluquería Nueva");
        me.Email.ShouldBe(form["Input.Email"]);
        (await browser.GetPageAsync("/")).Title.ShouldBe(Text.En("Home.Welcome", "Nora Nueva"));
    }

    [Fact]
    public async Task Overlapping_or_impossible_business_hours_are_refused_on_the_page_and_the_hours_stay_as_they_were()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var before = await admin.GetJsonAsync<HoursDto>("/api/v1/business-hours");
        var form = before.Days.ToDictionary(d => $"Input.{d.Key}", d => d.Value);
        form["Input.Monday"] = "09:00-14:00, 13:00-18:00";
        form["Input.Tuesday"] = "25:00-26:00";
        form["Input.Wednesday"] = "18:00-09:00";

        var page = await admin.SubmitAsync("/settings/hours", form);

        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity, "the form comes back with the errors");
        page.FieldError("Input.Monday").ShouldBe(Text.Es("Hours.Overlap", "09:00-14:00", "13:00-18:00"));
        page.FieldError("Input.Tuesday").ShouldBe(Text.Es("Hours.BadInterval", "25:00-26:00"));
        page.FieldError("Input.Wednesday").ShouldBe(Text.Es("Hours.EndBeforeStart", "18:00-09:00"));
        page.FieldError("Input.Thursday").ShouldBeEmpty();
        page.Document.QuerySelector("#hours-Monday")!.GetAttribute("value").ShouldBe("09:00-14:00, 13:00-18:00");
        (await admin.GetJsonAsync<HoursDto>("/api/v1/business-hours")).Days.ShouldBe(before.Days);
    }

    [Fact]
    public async Task Overlapping_or_impossible_business_hours_are_refused_by_the_api_with_the_day_named_and_nothing_saved()
    {
        var admin = await app.SignInAsync(Demo.Admin);
        var before = await admin.GetJsonAsync<HoursDto>("/api/v1/business-hours");

        var problem = await (await admin.PutJsonAsync("/api/v1/business-hours", new Dictionary<string, string>
        {
            ["Monday"] = "09:00-14:00, 13:00-18:00",
            ["Tuesday"] = "25:00-26:00",
            ["Friday"] = "10:00-13:00",
        })).ShouldBeValidationProblemAsync("monday", "tuesday");
        problem.Errors!["monday"].ShouldBe([Text.Es("Hours.Overlap", "09:00-14:00", "13:00-18:00")]);
        problem.Errors["tuesday"].ShouldBe([Text.Es("Hours.BadInterval", "25:00-26:00")]);
        problem.Errors.ShouldNotContainKey("friday");
        problem.Title.ShouldBe(Text.Es("Error.Invalid"));

        (await admin.GetJsonAsync<HoursDto>("/api/v1/business-hours")).Days.ShouldBe(before.Days);
    }

    [Fact]
    public async Task Valid_business_hours_replace_the_week()
    {
        var owner = await app.SignUpAsync("Horario Ltd", Demo.NewEmail("hours"));
        var response = await owner.PutJsonAsync("/api/v1/business-hours", new Dictionary<string, string>
        {
            ["Monday"] = "16:00-20:00, 9:00-14:00",
            ["Saturday"] = "10:00-24:00",
        });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var hours = await owner.GetJsonAsync<HoursDto>("/api/v1/business-hours");
        hours.Days[DayOfWeek.Monday].ShouldBe("09:00-14:00, 16:00-20:00");
        hours.Days[DayOfWeek.Saturday].ShouldBe("10:00-24:00");
        hours.Days[DayOfWeek.Tuesday].ShouldBeEmpty();
    }

    [Fact]
    public async Task Malformed_or_mistyped_json_gets_400_problem_details_and_creates_nothing()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var departments = await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments");
        var invitations = await owner.GetJsonAsync<List<InvitationDto>>("/api/v1/invitations");

        var bodies = new (string Method, string Url, string Json)[]
        {
            ("POST", "/api/v1/departments", "{ not json"),
            ("POST", "/api/v1/departments", "{\"name\": 5}"),
            ("POST", "/api/v1/departments", ""),
            ("PUT", $"/api/v1/departments/{departments[0].Id}", "[1, 2"),
            ("POST", "/api/v1/positions", "{\"title\": \"Ok\", \"departmentId\": \"not-a-guid\"}"),
            ("POST", "/api/v1/invitations", "{\"email\": \"x@example.com\", \"role\": \"Emperor\"}"),
            ("PUT", "/api/v1/business-hours", "{\"Funday\": \"09:00-10:00\"}"),
            ("PUT", "/api/v1/organisation", "{\"name\": \"x\", \"channels\": \"Telepathy\"}"),
        };
        foreach (var (method, url, json) in bodies)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            var response = await owner.Client.SendAsync(request);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, $"{method} {url} {json}");
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("   at ", Case.Sensitive, "no stack trace");
            problem.Status.ShouldBe(400);
        }

        (await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments")).ShouldBe(departments);
        (await owner.GetJsonAsync<List<InvitationDto>>("/api/v1/invitations")).ShouldBe(invitations);
        (await owner.GetJsonAsync<List<PositionDto>>("/api/v1/positions")).ShouldNotContain(p => p.Title == "Ok");
    }

    [Fact]
    public async Task Unknown_ids_get_404_from_the_api_and_the_pages()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var unknown = Guid.NewGuid();
        foreach (var url in new[] { "/api/v1/departments/", "/api/v1/positions/", "/api/v1/people/" })
        {
            var problem = await (await owner.GetAsync(url + unknown)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            problem.Title.ShouldBe(Text.Es("Error.NotFound"));
        }
        await (await owner.DeleteAsync($"/api/v1/holidays/{unknown}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await owner.DeleteAsync($"/api/v1/invitations/{unknown}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync("/api/v1/no-such-thing")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        foreach (var url in new[] { $"/people/{unknown}", $"/positions/{unknown}", "/no-such-page" })
        {
            var page = await owner.GetPageAsync(url);
            page.ShouldHaveStatus(HttpStatusCode.NotFound, url);
            page.Title.ShouldBe(Text.Es("Status.404.Title"));
        }
    }

    [Fact]
    public async Task A_duplicate_or_empty_department_name_is_a_field_error_and_nothing_is_created()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var before = await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments");

        var duplicate = await owner.SubmitAsync("/departments", Form(("Name", "Dirección")));
        duplicate.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        duplicate.FieldError("Name").ShouldBe(Text.Es("Department.Duplicate", "Dirección"));

        var empty = await owner.SubmitAsync("/departments", Form(("Name", "  ")));
        empty.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        empty.FieldError("Name").ShouldBe(Text.Es("Field.Required"));

        await (await owner.PostJsonAsync("/api/v1/departments", new { name = "Dirección" })).ShouldBeValidationProblemAsync("name");
        await (await owner.PostJsonAsync("/api/v1/departments", new { name = new string('d', 101) })).ShouldBeValidationProblemAsync("name");

        (await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments")).ShouldBe(before);
    }

    [Fact]
    public async Task A_department_still_in_use_is_not_deleted_and_the_page_says_what_to_move_first()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var departments = await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments");
        var salon = departments.Single(d => d.Name == "Salón de belleza");

        var page = await owner.SubmitAsync("/departments", Form(), $"/departments?handler=Delete&id={salon.Id}");
        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        page.SummaryErrors.ShouldContain(Text.Es("Department.InUse", "Salón de belleza", 3, 3));
        await (await owner.DeleteAsync($"/api/v1/departments/{salon.Id}")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        (await owner.GetJsonAsync<List<DepartmentDto>>("/api/v1/departments")).ShouldBe(departments);
        (await app.WithDbAsync(db => db.Departments.IgnoreQueryFilters().CountAsync(d => d.Id == salon.Id))).ShouldBe(1);
    }
}

public sealed class BadInputOnSqlite(SqliteApp app) : BadInputTests(app), IClassFixture<SqliteApp>;

public sealed class BadInputOnPostgres(PostgresApp app) : BadInputTests(app), IClassFixture<PostgresApp>;
