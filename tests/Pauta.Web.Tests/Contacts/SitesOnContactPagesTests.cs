using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data.Entities;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Text;

namespace Pauta.Web.Tests.Contacts;

/// <summary>
/// Sites on the contact pages: the new contact belongs to the agent's site by default, an electronic contact names its
/// sub-channel, a letter received yesterday carries its received instant read in the site's zone, and the board shows
/// the supervisor's own site unless asked for every site. The demo app's clock stands at Tuesday 3 March 2026, 09:30 UTC
/// (04:30 in Bogotá).
/// </summary>
public abstract class SitesOnContactPagesTests(PautaApp app)
{
    private const string ReceivedReason = "Carta recibida ayer por correo postal";

    /// <summary>A Bogotá site of the demo organisation (its own zone), with <paramref name="people"/> working there.</summary>
    private async Task<Guid> AddBogotaSiteAsync(params string[] people)
    {
        var organisation = await app.WithDbAsync(db => db.Organisations.IgnoreQueryFilters().Where(o => o.Name == Demo.OrganisationName).Select(o => o.Id).SingleAsync());
        var site = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            var calendar = new ServiceCalendar
            {
                OrganisationId = organisation, Id = Guid.NewGuid(), Key = "bogota-" + site.ToString("N")[..8], Name = "Bogotá",
                TimeZoneId = "America/Bogota", Kind = CalendarKind.Site, HolidayCountry = "CO",
            };
            db.Add(calendar);
            // Open Monday to Friday 08:00–18:00 and Saturday 09:00–13:00, Bogotá time.
            foreach (var day in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday })
                db.Add(new OpeningHours { OrganisationId = organisation, Id = Guid.NewGuid(), CalendarId = calendar.Id, Day = day, StartMinute = 8 * 60, EndMinute = 18 * 60 });
            db.Add(new OpeningHours { OrganisationId = organisation, Id = Guid.NewGuid(), CalendarId = calendar.Id, Day = DayOfWeek.Saturday, StartMinute = 9 * 60, EndMinute = 13 * 60 });
            db.Add(new Site { OrganisationId = organisation, Id = site, Name = "Bogotá " + site.ToString("N")[..6], Address = "Cra. 7 # 12-34", CalendarId = calendar.Id });
            await db.SaveChangesAsync();
            foreach (var email in people)
            {
                var member = await db.Members.SingleAsync(m => m.User.Email == email);
                member.SiteId = site;
            }
            await db.SaveChangesAsync();
        }, organisation);
        // The app keeps the organisation's calendars a few seconds; the sites pages forget them on a change, as this does.
        Pauta.Web.Features.Shared.OrganisationCalendar.Forget(app.Services.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>(), organisation);
        return site;
    }

    private static List<KeyValuePair<string, string>> Fields(IElement form, params (string Name, string Value)[] replace)
    {
        var fields = Page.FieldsOf(form);
        foreach (var (name, value) in replace)
        {
            fields.RemoveAll(f => f.Key == name);
            fields.Add(new(name, value));
        }
        return fields;
    }

    private async Task<(Browser Agent, Page Form)> NewContactFormAsync()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var page = await agent.GetPageAsync("/contacts/new");
        page.Status.ShouldBe(HttpStatusCode.OK);
        return (agent, page);
    }

    private async Task<(string Name, string Value)[]> LetterAsync(params (string Name, string Value)[] more) =>
    [
        ("Input.Channel", "Print"), ("Input.Reason", "Reclamo por un cobro doble en la factura"),
        ("Input.OtherProtocolId", (await app.ProtocolIdAsync(ProtocolScenarios.DemoComplaints)).ToString()),
        ("Input.CustomerName", "Marta Gómez"), ("Input.SameNameIsAnother", "true"), .. more,
    ];

    [Fact]
    public async Task The_site_choice_on_the_new_contact_form_has_its_label()
    {
        await AddBogotaSiteAsync(Demo.Agent);
        var (_, page) = await NewContactFormAsync();
        page.Document.QuerySelector("#site-select").ShouldNotBeNull();
        var label = page.Document.QuerySelector("label[for='site-select']");
        label.ShouldNotBeNull("the select's label points at another id");
        label.TextContent.Trim().ShouldBe(Es("Contact.Site"));
    }

    [Fact]
    public async Task A_letter_received_yesterday_starts_at_the_agents_site_with_its_received_instant_read_in_the_sites_zone()
    {
        var site = await AddBogotaSiteAsync(Demo.Agent);
        var (agent, page) = await NewContactFormAsync();
        page.Document.QuerySelector("#site-select option[selected]")!.GetAttribute("value").ShouldBe(site.ToString(), "the agent's own site is chosen");
        page.Document.QuerySelector("#received input[name='Input.ReceivedDate']")!.GetAttribute("value").ShouldBeNullOrEmpty("prefilled empty");
        page.Document.QuerySelector("#subchannel input[value='Email']").ShouldNotBeNull();

        // Monday 2 March at 16:30 in Bogotá (UTC-5) is 21:30 UTC.
        var form = page.Document.QuerySelector("#start-contact")!;
        var started = await agent.PostFormAsync("/contacts/new", Fields(form, await LetterAsync(
            ("Input.ReceivedDate", "2026-03-02"), ("Input.ReceivedTime", "16:30"), ("Input.ReceivedReason", ReceivedReason))));
        started.Status.ShouldBe(HttpStatusCode.Redirect, string.Join(" | ", started.Document.QuerySelectorAll(".field-error, .errors").Select(e => e.GetAttribute("data-valmsg-for") + ":" + e.TextContent)));
        var id = Guid.Parse(started.Location!.Split('/').Last());
        var row = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == id));
        row.SiteId.ShouldBe(site);
        row.ReceivedAt.ShouldBe(new DateTime(2026, 3, 2, 21, 30, 0, DateTimeKind.Utc));
        row.SubChannel.ShouldBe(SubChannels.None, "a letter has no sub-channel");

        var run = await agent.GetPageAsync(started.Location!);
        var received = run.Document.QuerySelector("#received-at")!.TextContent;
        received.ShouldContain("16:30");
        received.ShouldContain("2/3/2026");
    }

    [Fact]
    public async Task An_electronic_contact_keeps_its_sub_channel_and_another_channel_drops_it()
    {
        var (agent, page) = await NewContactFormAsync();
        var form = page.Document.QuerySelector("#start-contact")!;
        var chat = await agent.PostFormAsync("/contacts/new", Fields(form, await LetterAsync(("Input.Channel", "Electronic"), ("Input.SubChannel", "WhatsApp"))));
        chat.Status.ShouldBe(HttpStatusCode.Redirect,
            string.Join(" | ", chat.Document.QuerySelectorAll(".field-error, .errors").Select(e => e.GetAttribute("data-valmsg-for") + ":" + e.TextContent)));
        var chatId = Guid.Parse(chat.Location!.Split('/').Last());
        (await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == chatId))).SubChannel.ShouldBe(SubChannels.WhatsApp);

        (agent, page) = await NewContactFormAsync();
        form = page.Document.QuerySelector("#start-contact")!;
        var phone = await agent.PostFormAsync("/contacts/new", Fields(form, await LetterAsync(("Input.Channel", "Print"), ("Input.SubChannel", "WhatsApp"))));
        phone.Status.ShouldBe(HttpStatusCode.Redirect,
            string.Join(" | ", phone.Document.QuerySelectorAll(".field-error, .errors").Select(e => e.GetAttribute("data-valmsg-for") + ":" + e.TextContent)));
        var phoneId = Guid.Parse(phone.Location!.Split('/').Last());
        (await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == phoneId))).SubChannel.ShouldBe(SubChannels.None);
    }

    [Fact]
    public async Task A_received_date_without_its_time_is_refused_at_the_time_field_and_nothing_typed_is_lost()
    {
        var (agent, page) = await NewContactFormAsync();
        var form = page.Document.QuerySelector("#start-contact")!;
        var id = form.QuerySelector("input[name='Input.Id']")!.GetAttribute("value");
        var refused = await agent.PostFormAsync("/contacts/new", Fields(form, await LetterAsync(
            ("Input.ReceivedDate", "2026-03-02"), ("Input.ReceivedTime", ""), ("Input.ReceivedReason", ReceivedReason))));
        refused.Status.ShouldBe((HttpStatusCode)422);
        refused.Document.QuerySelector("span[data-valmsg-for='Input.ReceivedTime']")!.TextContent.ShouldBe(Es("Field.Required"));
        refused.Document.QuerySelector("input[name='Input.ReceivedDate']")!.GetAttribute("value").ShouldBe("2026-03-02");
        refused.Document.QuerySelector("input[name='Input.ReceivedReason']")!.GetAttribute("value").ShouldBe(ReceivedReason);
        refused.Document.QuerySelector("textarea[name='Input.Reason']")!.TextContent.Trim().ShouldBe("Reclamo por un cobro doble en la factura");
        (await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync(c => c.Id == Guid.Parse(id!)))).ShouldBe(0);
    }

    [Fact]
    public async Task A_site_the_organisation_does_not_have_is_refused_and_no_contact_is_written()
    {
        await AddBogotaSiteAsync();
        var (agent, page) = await NewContactFormAsync();
        var form = page.Document.QuerySelector("#start-contact")!;
        var id = Guid.Parse(form.QuerySelector("input[name='Input.Id']")!.GetAttribute("value")!);
        var refused = await agent.PostFormAsync("/contacts/new", Fields(form, await LetterAsync(("Input.SiteId", Guid.NewGuid().ToString()))));
        refused.Status.ShouldBe((HttpStatusCode)422);
        refused.Text.ShouldContain(Es("Contact.SiteUnknown"));
        (await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync(c => c.Id == id))).ShouldBe(0);
    }

    [Fact]
    public async Task The_board_shows_the_supervisors_own_site_by_default_and_every_site_when_asked_or_for_an_owner()
    {
        var site = await AddBogotaSiteAsync(Demo.Agent, Demo.Supervisor);
        var (agent, page) = await NewContactFormAsync();
        var atSite = await agent.PostFormAsync("/contacts/new", Fields(page.Document.QuerySelector("#start-contact")!, await LetterAsync()));
        var atSiteId = Guid.Parse(atSite.Location!.Split('/').Last());
        (await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().SingleAsync(c => c.Id == atSiteId))).SiteId.ShouldBe(site);
        // Diego has no site: his contact belongs to no site.
        var diego = await app.SignInAsync("diego@suarez.example");
        page = await diego.GetPageAsync("/contacts/new");
        var elsewhere = await diego.PostFormAsync("/contacts/new", Fields(page.Document.QuerySelector("#start-contact")!, await LetterAsync()));
        var elsewhereId = Guid.Parse(elsewhere.Location!.Split('/').Last());

        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var board = await supervisor.GetPageAsync("/board");
        board.Document.QuerySelector("#board-site option[selected]")!.GetAttribute("value").ShouldBe(site.ToString());
        board.Document.QuerySelector($"#board-{atSiteId}").ShouldNotBeNull();
        board.Document.QuerySelector($"#board-{elsewhereId}").ShouldBeNull("another site's contact is not on the supervisor's board");
        board.Document.QuerySelector("#board")!.GetAttribute("hx-get").ShouldBe($"/board?handler=Rows&site={site}", "the live refresh keeps the filter");

        var all = await supervisor.GetPageAsync("/board?site=all");
        all.Document.QuerySelector($"#board-{atSiteId}").ShouldNotBeNull();
        all.Document.QuerySelector($"#board-{elsewhereId}").ShouldNotBeNull();

        var owner = await app.SignInAsync(Demo.Owner);
        var ownerBoard = await owner.GetPageAsync("/board?handler=Rows");
        ownerBoard.Document.QuerySelector($"#board-{atSiteId}").ShouldNotBeNull();
        ownerBoard.Document.QuerySelector($"#board-{elsewhereId}").ShouldNotBeNull();
    }
}

public sealed class SitesOnContactPagesOnSqlite(SqliteApp app) : SitesOnContactPagesTests(app), IClassFixture<SqliteApp>;

public sealed class SitesOnContactPagesOnPostgres(PostgresApp app) : SitesOnContactPagesTests(app), IClassFixture<PostgresApp>;
