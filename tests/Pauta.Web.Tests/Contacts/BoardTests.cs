using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Organisations;
using Pauta.Data.Entities;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Contacts;

/// <summary>
/// The supervisor's live board: open contacts of the organisation only, pushed over SignalR when one changes
/// (here the change is written straight to the database and announced as the contact service announces it).
/// </summary>
public abstract class BoardTests(PautaApp app)
{
    private async Task<Guid> OpenContactAsync(string agentEmail, string reason)
    {
        var organisation = await app.OrganisationOfAsync(agentEmail);
        return await app.WithDbAsync(async db =>
        {
            var agent = await db.Users.Where(u => u.Email == agentEmail).Select(u => u.Id).SingleAsync();
            var protocol = await db.Protocols.Where(p => p.PublishedVersion > 0).OrderBy(p => p.Title).Select(p => new { p.Id, p.PublishedVersion }).FirstAsync();
            var contact = new Contact
            {
                Id = Guid.NewGuid(), Channel = Channels.Phone, Reason = reason, ProtocolId = protocol.Id, ProtocolVersion = protocol.PublishedVersion,
                AgentUserId = agent, HandlerUserId = agent, StartedAt = app.UtcNow, Status = ContactStatus.Open,
                ResolutionDueAt = app.UtcNow.AddMinutes(10), UpdatedAt = app.UtcNow,
            };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            await app.Services.GetRequiredService<Pauta.Web.Features.Board.BoardNotifier>().ContactChangedAsync(organisation, contact.Id);
            return contact.Id;
        }, organisation);
    }

    private async Task<HubConnection> ConnectAsync(Browser browser, Channel<Guid> received)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/board"), HttpTransportType.LongPolling, o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Headers["Cookie"] = browser.CookieHeader(app.Server.BaseAddress);
            })
            .Build();
        connection.On<Guid>("contactChanged", id => received.Writer.TryWrite(id));
        await connection.StartAsync();
        return connection;
    }

    private static async Task<bool> ReceivesAsync(Channel<Guid> received, Guid id, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (true)
                if (await received.Reader.ReadAsync(timeout.Token) == id) return true;
        }
        catch (OperationCanceledException) { return false; }
    }

    [Fact]
    public async Task The_board_lists_open_contacts_of_the_organisation_for_supervisors_only()
    {
        var id = await OpenContactAsync(Demo.Agent, "Quiero cambiar una talla");
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var board = await supervisor.GetPageAsync("/board");
        board.Status.ShouldBe(HttpStatusCode.OK);
        board.Document.QuerySelector($"#board-{id}")!.TextContent.ShouldContain("Sofía Díaz");
        board.Document.QuerySelector($"#board-{id}")!.TextContent.ShouldContain("Quiero cambiar una talla");

        (await (await app.SignInAsync(Demo.Agent)).GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var other = await app.SignUpAsync($"Otra {Guid.NewGuid():N}", Demo.NewEmail("owner"));
        (await other.GetPageAsync("/board")).Document.QuerySelector($"#board-{id}").ShouldBeNull();
    }

    [Fact]
    public async Task The_board_shows_each_contacts_stage_step_and_plan_as_the_agent_moves_on()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var protocolId = await app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters().Where(p => p.Title == "Devoluciones y cambios").Select(p => p.Id).SingleAsync());
        var started = await agent.PostJsonAsync("/api/v1/contacts", new { id = Guid.NewGuid(), channel = Channels.Phone, reason = "cambiar unos zapatos", protocolId });
        started.StatusCode.ShouldBe(HttpStatusCode.Created);
        var contact = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<ContactDto>(started.Content, Browser.Json))!;

        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var row = (await supervisor.GetPageAsync("/board?handler=Rows")).Document.QuerySelector($"#board-{contact.Id} td.stage")!;
        row.TextContent.ShouldContain("Apertura");
        row.TextContent.ShouldContain("Saludar");

        (await agent.PostJsonAsync($"/api/v1/contacts/{contact.Id}/actions",
            new { actionId = Guid.NewGuid(), version = contact.Version, kind = "Complete", stepKey = "saludo" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var moved = (await supervisor.GetPageAsync("/board?handler=Rows")).Document.QuerySelector($"#board-{contact.Id} td.stage")!;
        moved.TextContent.ShouldContain("Análisis y comprensión");
        moved.TextContent.ShouldContain("Comprobar el ticket y la fecha");
    }

    [Fact]
    public async Task A_change_to_a_contact_reaches_its_organisations_board_and_no_other()
    {
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var mine = Channel.CreateUnbounded<Guid>();
        await using var connection = await ConnectAsync(supervisor, mine);

        var otherOwner = await app.SignUpAsync($"Otra {Guid.NewGuid():N}", Demo.NewEmail("owner"));
        var theirs = Channel.CreateUnbounded<Guid>();
        await using var otherConnection = await ConnectAsync(otherOwner, theirs);

        var id = await OpenContactAsync(Demo.Agent, "Me cobraron dos veces");
        (await ReceivesAsync(mine, id, TimeSpan.FromSeconds(10))).ShouldBeTrue("the board of the contact's organisation hears of it");
        (await ReceivesAsync(theirs, id, TimeSpan.FromSeconds(3))).ShouldBeFalse("another organisation's board never does");
    }

    [Fact]
    public async Task An_agent_cannot_listen_to_the_board()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var received = Channel.CreateUnbounded<Guid>();
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/board"), HttpTransportType.LongPolling, o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Headers["Cookie"] = agent.CookieHeader(app.Server.BaseAddress);
            })
            .Build();
        var closed = new TaskCompletionSource();
        connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        try { await connection.StartAsync(); } catch (Exception) { closed.TrySetResult(); }
        (await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(10)))).ShouldBe(closed.Task, "the hub drops a connection without the board permission");
        await connection.DisposeAsync();
    }
}

public sealed class BoardOnSqlite(SqliteApp app) : BoardTests(app), IClassFixture<SqliteApp>;

public sealed class BoardOnPostgres(PostgresApp app) : BoardTests(app), IClassFixture<PostgresApp>;
