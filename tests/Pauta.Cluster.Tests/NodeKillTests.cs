using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using Pauta.Core.Contacts;
using Pauta.Web.Features.Contacts;
using Xunit.Abstractions;

namespace Pauta.Cluster.Tests;

/// <summary>
/// Three nodes behind HAProxy (round robin, no stickiness) on one PostgreSQL database. People sign in through the
/// balancer, agents post contact actions through it, boards listen on single nodes, contacts on a protocol with a
/// first-response target of a few calendar seconds are left unanswered so breaches come due during the run; then the
/// node holding the breach worker's lease (node 2 when no lease is found) is killed with SIGKILL under load. Afterwards:
/// every acknowledged action is stored exactly once, nothing is stored twice, every due breach is recorded exactly once
/// (also those that came due after the kill), the boards on the surviving nodes keep receiving changes, and every
/// session keeps working through the balancer without signing in again.
/// bench/run-cluster.sh runs the same test longer (the PAUTA_CLUSTER_* knobs) and keeps its figures.
/// </summary>
public sealed class NodeKillTests(ITestOutputHelper output)
{
    private static readonly string[] Agents =
        ["sofia@suarez.example", "diego@suarez.example", "valentina@suarez.example", "paula@suarez.example", "tomas@suarez.example"];
    private const string Supervisor = "andres@suarez.example";
    private const string Manager = "lucia@suarez.example";
    private const string OtherManager = "marta@suarez.example";
    private const int TargetSeconds = 4;

    /// <summary>
    /// A protocol whose phone contacts must get a first answer within a few seconds of calendar time (so breaches come due
    /// whatever the day and hour); in-person contacts, the load, have only an 8-hour resolution target that never runs out here.
    /// </summary>
    private static readonly string ProtocolFile = $"""
        ---
        formatVersion: 2
        title: Prueba de varios nodos
        department: Atención al cliente
        purpose: Comprobar que tres nodos se comportan como uno.
        channels: [in-person, phone]
        serviceTargets:
          - clock: first-response
            channel: phone
            amount: {TargetSeconds}
            unit: seconds
            counting: calendar
          - clock: resolution
            channel: in-person
            amount: 8
            unit: hours
            counting: calendar
        ---

        ## Apertura

        ### Saludar {"{#saludo}"}

        Saluda al cliente con tu nombre.

        ```yaml
        scripts:
          - channel: [in-person, phone]
            greeting: true
            text: 'Buenos días, le atiende {"{agente}"}. ¿En qué puedo ayudarle?'
        ```

        ## Análisis y comprensión

        ### Escuchar {"{#escucha}"}

        Escucha lo que necesita el cliente.

        ## Solución

        ### Despedir {"{#despedida}"}

        Despídete del cliente y dale las gracias.

        """;

    private static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    private sealed record Acked(Guid Contact, Guid Action, bool AfterKill);

    [Fact]
    public async Task A_node_killed_under_load_loses_nothing_doubles_nothing_and_nobody_notices()
    {
        // Knobs for bench/run-cluster.sh; the defaults keep the test within about two minutes on a busy machine.
        var agentsCount = Knob("PAUTA_CLUSTER_AGENTS", 12);
        var acksBeforeKill = Knob("PAUTA_CLUSTER_ACKS_BEFORE_KILL", 150);
        var secondsAfterKill = Knob("PAUTA_CLUSTER_SECONDS_AFTER_KILL", 6);
        var probesBefore = Knob("PAUTA_CLUSTER_BOARD_PROBES", 20);
        var probesAfter = Math.Max(10, probesBefore / 2);

        var total = Stopwatch.StartNew();
        await using var cluster = await Cluster.StartAsync(3);
        try
        {
            await RunAsync(cluster, total, agentsCount, acksBeforeKill, secondsAfterKill, probesBefore, probesAfter);
        }
        catch
        {
            output.WriteLine(cluster.Logs());
            throw;
        }
    }

    private async Task RunAsync(Cluster cluster, Stopwatch total, int agentsCount, int acksBeforeKill, int secondsAfterKill,
        int probesBefore, int probesAfter)
    {
        var lb = cluster.BalancerUrl;
        var node = cluster.Nodes.ToDictionary(n => n.Name);
        output.WriteLine($"cluster up in {cluster.StartTook.TotalSeconds:F1} s: {lb} over {string.Join(", ", cluster.Nodes.Select(n => n.Url))}");

        // 1. Sign-ins through the balancer; every session is answered by every node (no stickiness).
        var agents = await Task.WhenAll(Agents.Select(a => Session.SignInAsync(a, lb)));
        var supervisor = await Session.SignInAsync(Supervisor, lb);
        var manager = await Session.SignInAsync(Manager, lb);
        var otherManager = await Session.SignInAsync(OtherManager, lb);
        var everyone = agents.Append(supervisor).Append(manager).Append(otherManager).ToList();
        var seenBefore = new HashSet<string>();
        foreach (var s in everyone)
        {
            var nodes = await NodesAnsweringAsync(s, 6);
            nodes.Count.ShouldBeGreaterThanOrEqualTo(2, $"{s.Email}'s cookie was accepted by several nodes");
            seenBefore.UnionWith(nodes);
        }
        seenBefore.ShouldBe(["node-1", "node-2", "node-3"], ignoreOrder: true, "round robin reached every node");

        // 2. The protocol with a target of a few calendar seconds: imported, approved by another manager, published.
        var protocol = await PublishProtocolAsync(manager, otherManager);

        // 3. A board on every node, straight to the node (WebSockets, no negotiation: no stickiness needed).
        var boards = new Dictionary<string, Board>();
        foreach (var n in cluster.Nodes) boards[n.Name] = await Board.ConnectAsync(n, supervisor);

        // 4. Load through the balancer, and contacts left unanswered so that breaches come due.
        var acked = new ConcurrentBag<Acked>();
        var attempted = new ConcurrentBag<Guid>();
        var loadContacts = new ConcurrentBag<Guid>();
        var errors = new ConcurrentBag<(long At, string What)>();
        var killedAt = 0L;   // Stopwatch timestamp of the kill; 0 before
        using var stop = new CancellationTokenSource();
        var loadClock = Stopwatch.StartNew();
        var load = Enumerable.Range(0, agentsCount).Select(i => Task.Run(() =>
            AgentLoopAsync(agents[i % agents.Length], protocol, acked, attempted, loadContacts, errors, () => Volatile.Read(ref killedAt), stop.Token)))
            .ToList();

        var breachContacts = new List<(Guid Id, bool DueAfterKill)>();
        for (var i = 0; i < 3; i++) breachContacts.Add((await StartContactAsync(agents[0], protocol, "Phone"), false));

        // Board latency before the kill: an action through node 1, seen by the board held by node 3.
        var latencyBefore = await ProbeAsync(agents[1], protocol, node["node-1"], boards["node-3"], probesBefore);

        var waited = Stopwatch.StartNew();
        while (acked.Count < acksBeforeKill && waited.Elapsed < TimeSpan.FromSeconds(40)) await Task.Delay(50);
        acked.Count.ShouldBeGreaterThan(agentsCount, "the load got actions acknowledged before the kill");

        // Contacts whose target runs out only after the kill.
        for (var i = 0; i < 3; i++) breachContacts.Add((await StartContactAsync(agents[0], protocol, "Phone"), true));

        // 5. SIGKILL the node holding the breach worker's lease (node 2 when leases are not found).
        var holders = LeaseHolders(cluster);
        var victim = holders.Count > 0 ? node[holders[0].Node] : node["node-2"];
        var why = holders.Count == 0 ? "no lease found, so node 2"
            : holders[0].Breach ? "it held the breach worker's lease" : "it held workers' leases, not the breach worker's";
        Volatile.Write(ref killedAt, Stopwatch.GetTimestamp());
        var loadSeconds = loadClock.Elapsed.TotalSeconds;
        victim.Kill();
        output.WriteLine($"killed {victim.Name} ({why}) after {acked.Count} acknowledged actions in {loadSeconds:F1} s");
        var survivors = cluster.Nodes.Where(n => !n.Killed).ToList();

        for (var i = 0; i < 2; i++) breachContacts.Add((await StartContactAsync(agents[0], protocol, "Phone"), true));
        await Task.Delay(TimeSpan.FromSeconds(secondsAfterKill));

        // Board latency after the kill, between the two survivors.
        var latencyAfter = await ProbeAsync(agents[2], protocol, survivors[0], boards[survivors[^1].Name], probesAfter);

        await stop.CancelAsync();
        await Task.WhenAll(load);
        var killTicks = Volatile.Read(ref killedAt);
        var ackedAfterKill = acked.Count(a => a.AfterKill);
        var ackedBeforeKill = acked.Count - ackedAfterKill;
        ackedAfterKill.ShouldBeGreaterThan(0, "actions kept being acknowledged through the balancer after the kill");

        // 6. Sessions survive: every person's cookie still works through the balancer, answered only by survivors.
        var seenAfter = new HashSet<string>();
        foreach (var s in everyone)
        {
            var nodes = await NodesAnsweringAsync(s, 4);
            seenAfter.UnionWith(nodes);
        }
        seenAfter.ShouldBe(survivors.Select(n => n.Name), ignoreOrder: true, "the balancer sends to both survivors and to nothing else");

        // 7. Boards on the survivors kept receiving changes after the kill.
        foreach (var n in survivors)
            boards[n.Name].ReceivedSince(killTicks).ShouldBeGreaterThan(0, $"the board on {n.Name} kept updating after the kill");

        // 8. Every due breach recorded exactly once, including those due after the kill.
        var ids = breachContacts.Select(b => b.Id).ToArray();
        var breachWait = Stopwatch.StartNew();
        await using (var db = cluster.OpenDatabase())
        {
            while (true)
            {
                var breached = await ScalarAsync(db, """SELECT count(*) FROM "Contacts" WHERE "Id" = ANY(@ids) AND "Breached" """, ids);
                if (breached == ids.Length) break;
                breachWait.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60),
                    $"only {breached} of {ids.Length} due breaches were recorded a minute after they came due");
                await Task.Delay(200);
            }
            foreach (var (contact, _) in breachContacts)
            {
                var breachId = ContactRunService.BreachActionId(contact, ContactClock.FirstResponse);
                var events = await EventsAsync(db, contact);
                events.Count(e => e.Id == breachId).ShouldBe(1, $"contact {contact}'s breach is stored once");
                events.Count(e => e.Data.Contains("\"change\":\"Breached\"", StringComparison.Ordinal))
                    .ShouldBe(1, $"contact {contact} has no second breach event");
                events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count), $"contact {contact}'s events are numbered 1..n");
            }

            // 9. Every acknowledged action stored exactly once; nothing attempted stored twice; no gap in any contact.
            var stored = await CountByIdAsync(db, attempted.Concat(acked.Select(a => a.Action)).Distinct().ToArray());
            foreach (var a in acked)
                stored.GetValueOrDefault(a.Action).ShouldBe(1, $"acknowledged action {a.Action} of contact {a.Contact} is stored exactly once");
            stored.Values.ShouldAllBe(c => c == 1, "no action is stored twice");
            await using var gaps = new NpgsqlCommand("""
                SELECT count(*) FROM (SELECT "ContactId", count(*) AS n, max("Sequence") AS top FROM "ContactEvents"
                WHERE "ContactId" = ANY(@ids) GROUP BY "ContactId") x WHERE n <> top
                """, db);
            gaps.Parameters.AddWithValue("ids", loadContacts.ToArray());
            ((long)(await gaps.ExecuteScalarAsync())!).ShouldBe(0L, "every contact's events are numbered without gaps");
        }

        // Figures (bench/run-cluster.sh collects this line).
        var afterKillErrors = errors.Where(e => e.At >= killTicks).ToList();
        var errorWindow = afterKillErrors.Count == 0 ? 0 : Stopwatch.GetElapsedTime(killTicks, afterKillErrors.Max(e => e.At)).TotalMilliseconds;
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"cluster-kill: 3 nodes, start {cluster.StartTook.TotalSeconds:F1} s; {agentsCount} agents; acked {acked.Count} " +
            $"({ackedBeforeKill} before the kill in {loadSeconds:F1} s = {ackedBeforeKill / loadSeconds:F0}/s, {ackedAfterKill} after); " +
            $"killed {victim.Name} ({why}); client errors after the kill {afterKillErrors.Count} within {errorWindow:F0} ms " +
            $"[{string.Join("; ", afterKillErrors.Select(e => e.What).Distinct().Take(4))}]; " +
            $"board node-1->node-3 before: {Summary(latencyBefore)}; {survivors[0].Name}->{survivors[^1].Name} after: {Summary(latencyAfter)}; " +
            $"breaches {ids.Length}/{ids.Length} once each ({breachContacts.Count(b => b.DueAfterKill)} due after the kill, " +
            $"all recorded {breachWait.Elapsed.TotalSeconds:F1} s after the last came due or less); total {total.Elapsed.TotalSeconds:F0} s");
        output.WriteLine(figures);
        if (Environment.GetEnvironmentVariable("PAUTA_CLUSTER_FIGURES") is { Length: > 0 } file)
            await File.AppendAllTextAsync(file, figures + Environment.NewLine);

        foreach (var b in boards.Values) await b.DisposeAsync();
        foreach (var s in everyone) s.Dispose();
    }

    private static string Summary(List<double> ms)
    {
        if (ms.Count == 0) return "none";
        var sorted = ms.Order().ToList();
        double P(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"n {sorted.Count} p50 {P(0.5):F0} ms p95 {P(0.95):F0} ms max {sorted[^1]:F0} ms");
    }

    /// <summary>Which nodes answer <paramref name="count"/> requests of this person through the balancer (all must be 200).</summary>
    private static async Task<HashSet<string>> NodesAnsweringAsync(Session s, int count)
    {
        var nodes = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            using var response = await s.To().GetAsync("/api/v1/me");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{s.Email} is still signed in");
            nodes.Add(Session.NodeOf(response) ?? "?");
        }
        return nodes;
    }

    private static async Task<Guid> PublishProtocolAsync(Session author, Session approver)
    {
        var imported = await author.To().PostAsync("/api/v1/protocols/import?name=varios-nodos.md", Session.Text(ProtocolFile, "text/markdown"));
        var body = await imported.Content.ReadAsStringAsync();
        imported.IsSuccessStatusCode.ShouldBeTrue($"import: {(int)imported.StatusCode} {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("imported")[0].GetProperty("id").GetGuid();
        async Task<int> DraftVersionAsync() =>
            JsonDocument.Parse(await author.To().GetStringAsync($"/api/v1/protocols/{id}/draft")).RootElement.GetProperty("version").GetInt32();
        async Task MoveAsync(Session who, string verb, object payload)
        {
            var r = await who.PostJsonAsync($"/api/v1/protocols/{id}/{verb}", payload);
            r.IsSuccessStatusCode.ShouldBeTrue($"{verb}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        await MoveAsync(author, "submit", new { version = await DraftVersionAsync() });
        await MoveAsync(approver, "approve", new { version = await DraftVersionAsync() });
        await MoveAsync(author, "publish", new { changeSize = "Major", changeSummary = "Primera versión.", version = await DraftVersionAsync() });
        return id;
    }

    private static async Task<Guid> StartContactAsync(Session agent, Guid protocol, string channel, string? baseUrl = null) =>
        (await StartAsync(agent, protocol, channel, baseUrl)).Id;

    /// <summary>Starts a contact (retrying the same id after a failure: it is created once) and answers its version.</summary>
    private static async Task<(Guid Id, int Version)> StartAsync(Session agent, Guid protocol, string channel, string? baseUrl = null)
    {
        var id = Guid.NewGuid();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var r = await agent.PostJsonAsync("/api/v1/contacts", new { id, channel, reason = "prueba de varios nodos", protocolId = protocol }, baseUrl);
                if (r.IsSuccessStatusCode) return (id, VersionOf(await r.Content.ReadAsStringAsync()));
                if ((int)r.StatusCode < 500 || attempt >= 10) throw new InvalidOperationException($"start: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 10) { }
            await Task.Delay(200);
        }
    }

    private static int VersionOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32();

    /// <summary>
    /// One virtual agent: starts an in-person contact (no target, so no breach of its own) and posts Wait and Resume with
    /// the version of the previous answer, starting a new contact every 20 actions. A failed request (the node died
    /// under it: a reset connection or the balancer's 502/503) is retried with the same action id and version, which
    /// must never store it twice.
    /// </summary>
    private static async Task AgentLoopAsync(Session agent, Guid protocol, ConcurrentBag<Acked> acked, ConcurrentBag<Guid> attempted,
        ConcurrentBag<Guid> contacts, ConcurrentBag<(long, string)> errors, Func<long> killedAt, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Guid contact;
            int version;
            try { (contact, version) = await StartAsync(agent, protocol, "InPerson"); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                errors.Add((Stopwatch.GetTimestamp(), "start: " + e.GetType().Name));
                continue;
            }
            contacts.Add(contact);
            var waiting = false;
            for (var i = 0; i < 20 && !stop.IsCancellationRequested; i++)
            {
                var action = Guid.NewGuid();
                attempted.Add(action);
                var payload = new { actionId = action, version, kind = waiting ? "Resume" : "Wait" };
                var done = false;
                for (var attempt = 0; attempt < 20 && !done; attempt++)
                {
                    try
                    {
                        using var r = await agent.PostJsonAsync($"/api/v1/contacts/{contact}/actions", payload);
                        var body = await r.Content.ReadAsStringAsync(CancellationToken.None);
                        if (r.StatusCode == HttpStatusCode.OK)
                        {
                            var k = killedAt();
                            acked.Add(new Acked(contact, action, k != 0));
                            version = VersionOf(body);
                            waiting = !waiting;
                            done = true;
                            continue;
                        }
                        errors.Add((Stopwatch.GetTimestamp(), $"{(int)r.StatusCode}"));
                        if ((int)r.StatusCode < 500) break;   // refused (a 409 cannot happen: one agent per contact)
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        errors.Add((Stopwatch.GetTimestamp(), e.GetType().Name));
                    }
                    await Task.Delay(100, CancellationToken.None);
                }
                if (!done) break;   // give up on this contact; its unacknowledged action must still be stored at most once
            }
        }
    }

    /// <summary>
    /// Board latency: an action posted straight to <paramref name="source"/>, timed until the board connected to another
    /// node says "contactChanged" for that contact. Every one must arrive; the latencies are the figures.
    /// </summary>
    private static async Task<List<double>> ProbeAsync(Session agent, Guid protocol, Cluster.Node source, Board board, int count)
    {
        var (contact, version) = await StartAsync(agent, protocol, "InPerson", source.Url);
        var waiting = false;
        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var seen = board.Expect(contact);
            var t0 = Stopwatch.GetTimestamp();
            using var r = await agent.PostJsonAsync($"/api/v1/contacts/{contact}/actions",
                new { actionId = Guid.NewGuid(), version, kind = waiting ? "Resume" : "Wait" }, source.Url);
            var body = await r.Content.ReadAsStringAsync();
            r.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            Session.NodeOf(r).ShouldBe(source.Name);
            version = VersionOf(body);
            waiting = !waiting;
            var arrived = await Task.WhenAny(seen, Task.Delay(TimeSpan.FromSeconds(10)));
            arrived.ShouldBe(seen, $"the board on {board.Node.Name} heard of an action on {source.Name} within 10 s");
            latencies.Add(Stopwatch.GetElapsedTime(t0, await seen).TotalMilliseconds);
        }
        return latencies;
    }

    /// <summary>
    /// The nodes holding workers' leases, the breach worker's holder first: PostgreSQL advisory locks held by the
    /// <c>pauta/&lt;node&gt;/lease</c> connections. A Pauta lease's key is (classid 0x50415554 "PAUT", objid = the
    /// worker's id, objsubid 2 for a two-part key); the breach worker's id is 1 (WorkerLease.Breach).
    /// </summary>
    private static List<(string Node, bool Breach)> LeaseHolders(Cluster cluster)
    {
        using var db = cluster.OpenDatabase();
        using var cmd = new NpgsqlCommand("""
            SELECT split_part(a.application_name, '/', 2) AS node,
                   bool_or(l.classid = 1346458964 AND l.objid = 1 AND l.objsubid = 2) AS breach, count(*) AS leases
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database() AND a.application_name LIKE 'pauta/%/lease'
            GROUP BY 1 ORDER BY 2 DESC, 3 DESC, 1
            """, db);
        using var reader = cmd.ExecuteReader();
        var holders = new List<(string, bool)>();
        while (reader.Read()) holders.Add((reader.GetString(0), reader.GetBoolean(1)));
        return holders;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection db, string sql, Guid[] ids)
    {
        await using var cmd = new NpgsqlCommand(sql, db);
        cmd.Parameters.AddWithValue("ids", ids);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private sealed record EventRow(int Sequence, Guid Id, string Type, string Data);

    private static async Task<List<EventRow>> EventsAsync(NpgsqlConnection db, Guid contact)
    {
        await using var cmd = new NpgsqlCommand("""SELECT "Sequence", "Id", "Type", "Data" FROM "ContactEvents" WHERE "ContactId" = @c ORDER BY "Sequence" """, db);
        cmd.Parameters.AddWithValue("c", contact);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<EventRow>();
        while (await reader.ReadAsync()) rows.Add(new EventRow(reader.GetInt32(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3)));
        return rows;
    }

    private static async Task<Dictionary<Guid, long>> CountByIdAsync(NpgsqlConnection db, Guid[] ids)
    {
        await using var cmd = new NpgsqlCommand("""SELECT "Id", count(*) FROM "ContactEvents" WHERE "Id" = ANY(@ids) GROUP BY "Id" """, db);
        cmd.Parameters.AddWithValue("ids", ids);
        await using var reader = await cmd.ExecuteReaderAsync();
        var counts = new Dictionary<Guid, long>();
        while (await reader.ReadAsync()) counts[reader.GetGuid(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>A supervisor's live board held by one node: SignalR over WebSockets with skip-negotiation.</summary>
    private sealed class Board : IAsyncDisposable
    {
        private readonly HubConnection _connection;
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource<long>> _expected = new();
        private readonly ConcurrentQueue<long> _received = new();

        private Board(Cluster.Node node, HubConnection connection)
        {
            Node = node;
            _connection = connection;
            _connection.On<Guid>("contactChanged", id =>
            {
                var at = Stopwatch.GetTimestamp();
                _received.Enqueue(at);
                if (_expected.TryRemove(id, out var tcs)) tcs.TrySetResult(at);
            });
        }

        public Cluster.Node Node { get; }

        public static async Task<Board> ConnectAsync(Cluster.Node node, Session supervisor)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(node.Url + "/hubs/board", o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                    o.Headers["Cookie"] = supervisor.CookieHeader(node.Url);
                })
                .Build();
            var board = new Board(node, connection);
            await connection.StartAsync();
            return board;
        }

        public Task<long> Expect(Guid contact) =>
            _expected.GetOrAdd(contact, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public int ReceivedSince(long timestamp) => _received.Count(t => t >= timestamp);

        public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
    }
}
