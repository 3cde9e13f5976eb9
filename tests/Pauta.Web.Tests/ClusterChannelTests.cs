using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pauta.Core.Organisations;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Web.Infrastructure.Cluster;
using Pauta.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Pauta.Web.Tests;

/// <summary>
/// The cross-node channel (ADR-012, part channel) with two real nodes on one PostgreSQL database: membership and role
/// changes made on one node are refused on the other, contact changes reach boards held by the other, and a listener
/// that lost its connection reconnects and catches up. Times are recorded in the output, not asserted (bench/ measures).
/// </summary>
public sealed class ClusterChannelTests(TwoRunningNodes nodes, ITestOutputHelper output) : IClassFixture<TwoRunningNodes>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private PautaApp A => nodes.A;
    private PautaApp B => nodes.B;

    private static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            clock.Elapsed.ShouldBeLessThan(Deadline, what);
            await Task.Delay(10);
        }
        return clock.Elapsed;
    }

    private static async Task<HubConnection> BoardAsync(PautaApp app, Browser browser, Channel<Guid> received)
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

    private static async Task<bool> ReceivesAsync(Channel<Guid> received, Func<Guid, bool> match, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (true)
                if (match(await received.Reader.ReadAsync(timeout.Token))) return true;
        }
        catch (OperationCanceledException) { return false; }
    }

    [Fact]
    public async Task A_role_removed_on_one_node_is_refused_at_once_there_and_soon_on_the_other()
    {
        var owner = await A.SignInAsync(Demo.Owner);
        var onA = await A.SignInAsync("raul@suarez.example");
        var onB = await B.SignInAsync("raul@suarez.example");
        (await onA.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await onB.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await onB.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK);
        B.Services.GetRequiredService<Memberships>().Count.ShouldBeGreaterThan(0, "node b keeps what it read");
        B.Services.GetRequiredService<ClusterChannel>().IsConnected.ShouldBeTrue();

        var raul = (await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people")).Single(p => p.Email == "raul@suarez.example");
        (await owner.PutJsonAsync($"/api/v1/people/{raul.Id}", new { role = "Agent", raul.DepartmentId, raul.PositionId, raul.Version }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var changed = Stopwatch.StartNew();

        (await onA.GetAsync("/board")).StatusCode.ShouldNotBe(HttpStatusCode.OK, "the node that made the change refuses at once");
        var took = await UntilAsync(async () => (await onB.GetAsync("/board")).StatusCode != HttpStatusCode.OK,
            "the other node refuses the removed role");
        output.WriteLine($"Role removed on node a: refused on node b after {took.TotalMilliseconds:F0} ms ({changed.ElapsedMilliseconds} ms since the change was answered)");
    }

    [Fact]
    public async Task A_contact_action_on_one_node_reaches_a_board_held_by_the_other()
    {
        var supervisor = await B.SignInAsync(Demo.Supervisor);
        var received = Channel.CreateUnbounded<Guid>();
        await using var board = await BoardAsync(B, supervisor, received);

        var agent = await A.SignInAsync(Demo.Agent);
        var protocolId = await A.WithDbAsync(db => db.Protocols.IgnoreQueryFilters().Where(p => p.Title == "Devoluciones y cambios").Select(p => p.Id).SingleAsync());
        var id = Guid.NewGuid();
        var sent = Stopwatch.StartNew();
        (await agent.PostJsonAsync("/api/v1/contacts", new { id, channel = Channels.Phone, reason = "cambiar unos zapatos", protocolId }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await ReceivesAsync(received, got => got == id, Deadline)).ShouldBeTrue("the board on node b hears of the contact started on node a");
        output.WriteLine($"Contact started on node a: on node b's board {sent.ElapsedMilliseconds} ms after the request was sent");
    }

    [Fact]
    public async Task A_listener_that_lost_its_connection_reconnects_and_catches_up_with_what_it_missed()
    {
        const string marta = "marta@suarez.example";
        var onB = await B.SignInAsync(marta);
        (await onB.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await onB.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var supervisor = await B.SignInAsync(Demo.Supervisor);
        var received = Channel.CreateUnbounded<Guid>();
        await using var board = await BoardAsync(B, supervisor, received);

        // Two changes nobody announces, as if their signals were lost: a role changed by a bulk update and a contact
        // written straight to the database.
        await A.WithDbAsync(db => db.Members.IgnoreQueryFilters().Where(m => m.User.Email == marta)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, Role.Agent)));
        (await onB.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK, "nothing told node b, and its channel is up");
        var organisation = await A.OrganisationOfAsync(Demo.Agent);
        var contact = await A.WithDbAsync(async db =>
        {
            var agent = await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync();
            var protocol = await db.Protocols.Where(p => p.PublishedVersion > 0).OrderBy(p => p.Title).Select(p => new { p.Id, p.PublishedVersion }).FirstAsync();
            var row = new Contact
            {
                Id = Guid.NewGuid(), Channel = Channels.Phone, Reason = "perdido", ProtocolId = protocol.Id, ProtocolVersion = protocol.PublishedVersion,
                AgentUserId = agent, HandlerUserId = agent, StartedAt = A.UtcNow, Status = ContactStatus.Open, UpdatedAt = A.UtcNow,
            };
            db.Contacts.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        }, organisation);

        var channel = B.Services.GetRequiredService<ClusterChannel>();
        var reconnects = channel.Reconnects;
        await using (var server = new NpgsqlConnection(A.ConnectionString))
        {
            await server.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", server);
            kill.Parameters.AddWithValue("name", "pauta/node-b" + ClusterChannel.ListenerSuffix);
            ((long)(await kill.ExecuteScalarAsync())!).ShouldBe(1L, "node b has one listening connection");
        }
        var back = await UntilAsync(() => Task.FromResult(channel.Reconnects > reconnects && channel.IsConnected), "node b listens again");
        output.WriteLine($"Listener killed: listening again after {back.TotalMilliseconds:F0} ms");

        (await onB.GetAsync("/board")).StatusCode.ShouldNotBe(HttpStatusCode.OK, "after a possible miss node b reads the database again");
        (await ReceivesAsync(received, got => got == contact || got == Guid.Empty, Deadline))
            .ShouldBeTrue("the board on node b catches up with the contact nobody announced");
    }
}

/// <summary>On SQLite (one node) the channel is in-process: a change invalidates this node's cache at once.</summary>
public sealed class MembershipCacheOnSqliteTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_role_change_is_refused_on_the_very_next_request()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        var raul = await app.SignInAsync("raul@suarez.example");
        (await raul.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await raul.GetAsync("/board")).StatusCode.ShouldBe(HttpStatusCode.OK);
        app.Services.GetRequiredService<Memberships>().Count.ShouldBeGreaterThan(0);

        var person = (await owner.GetJsonAsync<List<PersonDto>>("/api/v1/people")).Single(p => p.Email == "raul@suarez.example");
        (await owner.PutJsonAsync($"/api/v1/people/{person.Id}", new { role = "Agent", person.DepartmentId, person.PositionId, person.Version }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await raul.GetAsync("/board")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_organisation_renamed_shows_its_new_name_on_the_next_page()
    {
        var owner = await app.SignInAsync(Demo.Owner);
        (await owner.GetPageAsync("/board")).Document.QuerySelector(".who")!.TextContent.ShouldContain(Demo.OrganisationName);
        var name = $"Tiendas {Guid.NewGuid():N}"[..20];
        var id = await app.OrganisationOfAsync(Demo.Owner);
        await app.WithDbAsync(async db =>
        {
            var organisation = await db.Organisations.SingleAsync(o => o.Id == id);
            organisation.Name = name;
            await db.SaveChangesAsync();
        }, id);
        (await owner.GetPageAsync("/board")).Document.QuerySelector(".who")!.TextContent.ShouldContain(name);
    }
}

/// <summary>The channel's payloads: kinds and ids only, always under PostgreSQL's 8,000-byte limit.</summary>
public sealed class ClusterPayloadTests
{
    [Fact]
    public void Signals_are_packed_under_the_limit_and_read_back_as_sent()
    {
        var signals = Enumerable.Range(0, 500)
            .Select(i => new ClusterSignal((SignalKind)"cmo"[i % 3], Guid.NewGuid(), Guid.NewGuid())).ToList();
        var payloads = ClusterChannel.Pack("origin", signals);
        payloads.Length.ShouldBeGreaterThan(1);
        payloads.ShouldAllBe(p => System.Text.Encoding.UTF8.GetByteCount(p) <= ClusterChannel.MaxPayloadBytes);
        var back = payloads.SelectMany(p => p.Split(';').Skip(1)).Select(s => ClusterChannel.TryParse(s, out var signal) ? signal : default).ToList();
        back.ShouldBe(signals);
        ClusterChannel.TryParse("x" + new string('0', 64), out _).ShouldBeFalse();
    }
}
