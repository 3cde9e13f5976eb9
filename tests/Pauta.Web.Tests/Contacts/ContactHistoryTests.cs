using System.Net;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Organisations;
using Pauta.Data.Entities;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Contacts;

public sealed record HistoryRowDto(Guid Id, DateTime StartedAt, DateTime? ClosedAt, Channels Channel, Guid AgentUserId, string Agent,
    Guid ProtocolId, string Protocol, int ProtocolVersion, ContactStatus Status, ContactOutcome? Outcome, bool Breached, bool Escalated,
    string Reason, Guid? CustomerId, string? Customer);

public sealed record HistoryPageDto(List<HistoryRowDto> Items, int Page, int PageSize, int Total);

/// <summary>
/// The contact history at /contacts and GET /api/v1/contacts: every filter narrows the list as it says, days are the
/// organisation's (Europe/Madrid for the demo), agents see only their own contacts, and nothing of another organisation.
/// Each test writes its contacts on days of its own, long ago, and always filters by those days.
/// </summary>
public abstract class ContactHistoryTests(PautaApp app)
{
    private const string OtherAgent = "diego@suarez.example";

    private static int lastDay = Random.Shared.Next(0, 6_000);

    /// <summary>A day a week from any other test's (a random day could be drawn twice and mix two tests' contacts; tests use up to three days).</summary>
    private static DateOnly NewDay() => new DateOnly(1990, 1, 1).AddDays(Interlocked.Add(ref lastDay, 7));

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Spec(string Agent, DateTime StartedAt, Channels Channel = Channels.Phone, ContactOutcome? Outcome = null,
        bool Breached = false, bool Escalated = false, int Protocol = 0);

    private async Task<(Guid Id, Guid Protocol, int Version)[]> InsertAsync(params Spec[] specs)
    {
        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        return await app.WithDbAsync(async db =>
        {
            var protocols = await db.Protocols.Where(p => p.PublishedVersion > 0).OrderBy(p => p.Title)
                .Select(p => new { p.Id, p.PublishedVersion }).Take(2).ToListAsync();
            var result = new List<(Guid, Guid, int)>();
            foreach (var s in specs)
            {
                var agent = await db.Users.Where(u => u.Email == s.Agent).Select(u => u.Id).SingleAsync();
                var protocol = protocols[s.Protocol];
                var closed = s.Outcome is not null;
                var contact = new Contact
                {
                    Id = Guid.NewGuid(), Channel = s.Channel, Reason = $"history {Guid.NewGuid():N}", ProtocolId = protocol.Id,
                    ProtocolVersion = protocol.PublishedVersion, AgentUserId = agent, HandlerUserId = agent, StartedAt = s.StartedAt,
                    Status = closed ? ContactStatus.Closed : ContactStatus.Open, Outcome = s.Outcome, ClosedAt = closed ? s.StartedAt.AddMinutes(7) : null,
                    Breached = s.Breached, Escalated = s.Escalated, UpdatedAt = s.StartedAt,
                };
                db.Contacts.Add(contact);
                result.Add((contact.Id, protocol.Id, protocol.PublishedVersion));
            }
            await db.SaveChangesAsync();
            return result.ToArray();
        }, organisation);
    }

    private static DateTime Utc(DateOnly day, int hour, int minute = 0) => day.ToDateTime(new TimeOnly(hour, minute), DateTimeKind.Utc);

    private static async Task<List<Guid>> ApiAsync(Browser who, string query) =>
        (await who.GetJsonAsync<HistoryPageDto>($"/api/v1/contacts?{query}")).Items.Select(i => i.Id).ToList();

    private static async Task<List<Guid>> PageAsync(Browser who, string query)
    {
        var page = await who.GetPageAsync($"/contacts?{query}");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        return page.Document.QuerySelectorAll("#history tbody tr").Select(r => Guid.Parse(r.Id!["contact-".Length..])).ToList();
    }

    [Fact]
    public async Task Each_filter_narrows_the_list_in_the_api_and_on_the_page()
    {
        var day = NewDay();
        var rows = await InsertAsync(
            new Spec(Demo.Agent, Utc(day, 9), Channels.Phone, ContactOutcome.Resolved),
            new Spec(Demo.Agent, Utc(day, 10), Channels.Electronic, ContactOutcome.NotResolved, Breached: true),
            new Spec(OtherAgent, Utc(day, 11), Channels.InPerson, null, Escalated: true, Protocol: 1),
            new Spec(OtherAgent, Utc(day, 12), Channels.Phone, ContactOutcome.Escalated, Breached: true, Escalated: true, Protocol: 1));
        var (a, b, c, d) = (rows[0].Id, rows[1].Id, rows[2].Id, rows[3].Id);
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var days = $"from={Iso(day)}&to={Iso(day)}";
        var diego = await app.WithDbAsync(db => db.Users.Where(u => u.Email == OtherAgent).Select(u => u.Id).SingleAsync());

        var cases = new (string Query, Guid[] Expected)[]
        {
            ("", [d, c, b, a]),
            ("channel=Phone", [d, a]),
            ("channel=electronic", [b]),
            ($"agentId={diego}", [d, c]),
            ($"protocolId={rows[2].Protocol}", [d, c]),
            ($"protocolId={rows[0].Protocol}&version={rows[0].Version}", [b, a]),
            ($"protocolId={rows[0].Protocol}&version={rows[0].Version + 1}", []),
            ("outcome=Resolved", [a]),
            ("outcome=Escalated", [d]),
            ("breached=true", [d, b]),
            ("escalated=true", [d, c]),
            ("breached=true&escalated=true", [d]),
            ("breached=false", [c, a]),
            ("status=Open", [c]),
            ("status=closed", [d, b, a]),
            ("channel=Phone&status=Closed&outcome=Resolved", [a]),
        };
        foreach (var (query, expected) in cases)
        {
            string.Join(",", await ApiAsync(supervisor, $"{days}&{query}")).ShouldBe(string.Join(",", expected), $"API {query}");
            string.Join(",", await PageAsync(supervisor, $"{days}&{query}")).ShouldBe(string.Join(",", expected), $"page {query}");
        }

        // The page keeps the chosen filters in the form, so the address can be bookmarked and the list refined.
        var page = await supervisor.GetPageAsync($"/contacts?{days}&channel=Phone&breached=true");
        page.Document.QuerySelector("#channel option[selected]")!.GetAttribute("value").ShouldBe("Phone");
        page.Document.QuerySelector("input[name=breached]")!.HasAttribute("checked").ShouldBeTrue();
        page.Document.QuerySelector($"#contact-{d} a[href='/contacts/{d}']").ShouldNotBeNull();
    }

    [Fact]
    public async Task Days_are_the_organisations_and_both_ends_are_included()
    {
        var day = NewDay();
        // 23:30 UTC is already the next day in Madrid (UTC+1 or +2); 22:30 UTC in winter is still the same day.
        var rows = await InsertAsync(
            new Spec(Demo.Agent, Utc(day, 7)),
            new Spec(Demo.Agent, Utc(day, 23, 30)),
            new Spec(Demo.Agent, Utc(day.AddDays(2), 12)));
        var agent = await app.SignInAsync(Demo.Agent);

        (await ApiAsync(agent, $"from={Iso(day)}&to={Iso(day)}")).ShouldBe([rows[0].Id]);
        (await ApiAsync(agent, $"from={Iso(day.AddDays(1))}&to={Iso(day.AddDays(1))}")).ShouldBe([rows[1].Id]);
        (await ApiAsync(agent, $"from={Iso(day)}&to={Iso(day.AddDays(2))}")).ShouldBe([rows[2].Id, rows[1].Id, rows[0].Id]);
        (await ApiAsync(agent, $"from={Iso(day.AddDays(1))}&to={Iso(day.AddDays(2))}")).ShouldBe([rows[2].Id, rows[1].Id]);
    }

    [Fact]
    public async Task Fifty_a_page_newest_first_and_the_pager_keeps_the_filters()
    {
        var day = NewDay();
        var specs = Enumerable.Range(0, 53).Select(i => new Spec(Demo.Agent, Utc(day, 8).AddMinutes(i))).ToArray();
        var rows = await InsertAsync(specs);
        var newestFirst = rows.Select(r => r.Id).Reverse().ToList();
        var agent = await app.SignInAsync(Demo.Agent);
        var days = $"from={Iso(day)}&to={Iso(day)}";

        var first = await agent.GetJsonAsync<HistoryPageDto>($"/api/v1/contacts?{days}");
        first.Total.ShouldBe(53);
        first.PageSize.ShouldBe(50);
        first.Items.Select(i => i.Id).ShouldBe(newestFirst.Take(50));
        (await ApiAsync(agent, $"{days}&page=2")).ShouldBe(newestFirst.Skip(50));
        (await ApiAsync(agent, $"{days}&page=3")).ShouldBeEmpty();

        var page = await agent.GetPageAsync($"/contacts?{days}&channel=Phone");
        var next = page.Document.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!;
        next.ShouldContain("page=2");
        next.ShouldContain("channel=Phone");
        next.ShouldContain($"from={Iso(day)}");
        (await PageAsync(agent, next[(next.IndexOf('?') + 1)..])).ShouldBe(newestFirst.Skip(50));
    }

    [Fact]
    public async Task An_agent_sees_only_their_own_contacts_a_supervisor_sees_all_and_another_organisation_none()
    {
        var day = NewDay();
        var rows = await InsertAsync(new Spec(Demo.Agent, Utc(day, 9)), new Spec(OtherAgent, Utc(day, 10)));
        var days = $"from={Iso(day)}&to={Iso(day)}";
        var diego = await app.WithDbAsync(db => db.Users.Where(u => u.Email == OtherAgent).Select(u => u.Id).SingleAsync());

        var agent = await app.SignInAsync(Demo.Agent);
        (await ApiAsync(agent, days)).ShouldBe([rows[0].Id]);
        (await PageAsync(agent, days)).ShouldBe([rows[0].Id]);
        (await ApiAsync(agent, $"{days}&agentId={diego}")).ShouldBeEmpty("asking for someone else's contacts shows none of them");
        (await agent.GetPageAsync("/contacts")).Document.QuerySelector("#agentId").ShouldBeNull("no agent filter for those who see only their own");

        foreach (var email in new[] { Demo.Supervisor, Demo.Manager, Demo.Owner })
        {
            var all = await app.SignInAsync(email);
            (await ApiAsync(all, days)).ShouldBe([rows[1].Id, rows[0].Id], email);
        }
        (await PageAsync(await app.SignInAsync(Demo.Supervisor), days)).ShouldBe([rows[1].Id, rows[0].Id]);

        var other = await app.SignUpAsync($"Otra {Guid.NewGuid():N}", Demo.NewEmail("owner"));
        (await ApiAsync(other, days)).ShouldBeEmpty();
        (await ApiAsync(other, $"{days}&agentId={diego}")).ShouldBeEmpty();
        (await PageAsync(other, days)).ShouldBeEmpty();
        (await other.GetJsonAsync<HistoryPageDto>("/api/v1/contacts")).Items.ShouldNotContain(i => i.Id == rows[0].Id || i.Id == rows[1].Id);
    }

    [Fact]
    public async Task Invalid_filters_are_explained_on_their_field_not_a_server_error()
    {
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var cases = new (string Query, string Field)[]
        {
            ("from=31/12/2024", "from"), ("to=2024-02-30", "to"), ("from=2024-05-02&to=2024-05-01", "to"),
            ("channel=Fax", "channel"), ("channel=2", "channel"), ("agentId=sofia", "agentId"), ("protocolId=x", "protocolId"),
            ("protocolId=" + Guid.NewGuid() + "&version=0", "version"), ("version=2", "version"), ("outcome=Happy", "outcome"),
            ("breached=maybe", "breached"), ("escalated=yes", "escalated"), ("status=Pending", "status"), ("page=0", "page"), ("page=abc", "page"),
        };
        foreach (var (query, field) in cases)
        {
            var problem = await (await supervisor.GetAsync($"/api/v1/contacts?{query}")).ShouldBeValidationProblemAsync(field);
            string.Join(",", problem.Errors!.Keys).ShouldBe(field, query);
            var page = await supervisor.GetPageAsync($"/contacts?{query}");
            page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity, query);
            page.FieldError(field).ShouldNotBeEmpty(query);
            page.Document.QuerySelector("#history-invalid").ShouldNotBeNull(query);
        }
    }
}

public sealed class ContactHistoryOnSqlite(SqliteApp app) : ContactHistoryTests(app), IClassFixture<SqliteApp>;

public sealed class ContactHistoryOnPostgres(PostgresApp app) : ContactHistoryTests(app), IClassFixture<PostgresApp>;
