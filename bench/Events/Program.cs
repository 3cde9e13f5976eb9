using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pauta.Core.Organisations;
using Pauta.Data;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;
using Pauta.Web.Infrastructure;

// bench/run-events.sh drives this tool; it prints one markdown table row per case.
//   Events --provider Sqlite|Postgres --connection CS [--seconds 10] [--warmup 3] [--writers 64] [--case raw|writer|both]
//   Events --case http --provider … --connection … --url U --server-pid P [--answer minimal|full]
//     (minimal: every POST sends `Prefer: return=minimal` and reads the version from ETag; full: today's whole answer)
// The database is prepared as Pauta prepares it (migrations + the demo organisation), so the rows carry the
// real indexes and foreign keys.
var o = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal) && x.i + 1 < args.Length)
    .ToDictionary(x => x.a[2..], x => args[x.i + 1], StringComparer.Ordinal);
var provider = Enum.Parse<DatabaseProvider>(o["provider"], ignoreCase: true);
var connection = o["connection"];
var seconds = double.Parse(o.GetValueOrDefault("seconds", "10"), CultureInfo.InvariantCulture);
var warmup = double.Parse(o.GetValueOrDefault("warmup", "3"), CultureInfo.InvariantCulture);
var writers = int.Parse(o.GetValueOrDefault("writers", "64"), CultureInfo.InvariantCulture);
var cases = o.GetValueOrDefault("case", "both");

// The HTTP phase: a running Pauta (started by bench/run-events.sh on the same database), driven over loopback.
if (cases == "http")
{
    var http = new HttpBench(new Uri(o["url"]), int.Parse(o["server-pid"], CultureInfo.InvariantCulture), writers,
        TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds), o.GetValueOrDefault("answer", "minimal") == "minimal");
    Console.WriteLine(await http.RunAsync(provider, await Cpu.PostmasterAsync(provider, connection)));
    return 0;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
builder.Configuration["Pauta:Database:Provider"] = provider.ToString();
builder.Configuration[$"ConnectionStrings:{DataServices.ConnectionStringName}"] = connection;
builder.Configuration["Pauta:Demo:Enabled"] = "true";
builder.Configuration["Logging:LogLevel:Default"] = "Warning";
// The first migration asks for a history table that does not exist yet: EF logs that as an error.
builder.Configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "None";
builder.AddPauta();
await using var app = builder.Build();
await app.PrepareDatabaseAsync();

var demo = await Setup.DemoAsync(app.Services);
var bench = new Bench(provider, connection, demo, writers, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds));
if (cases is "raw" or "both") Console.WriteLine(await bench.RawAsync());
if (cases is "writer" or "both") Console.WriteLine(await bench.WriterAsync());
return 0;

internal sealed record Demo(Guid Organisation, Guid Agent, Guid Protocol, int Version);

internal static class Setup
{
    public static async Task<Demo> DemoAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        var organisation = await db.Organisations.IgnoreQueryFilters().Where(x => x.IsDemo).Select(x => x.Id).FirstAsync();
        var agent = await db.Members.IgnoreQueryFilters().Where(m => m.OrganisationId == organisation && m.Role == Role.Agent)
            .Select(m => m.UserId).FirstAsync();
        var protocol = await db.Protocols.IgnoreQueryFilters().Where(p => p.OrganisationId == organisation && p.PublishedVersion > 0)
            .OrderBy(p => p.Title).Select(p => new { p.Id, p.PublishedVersion }).FirstAsync();
        return new Demo(organisation, agent, protocol.Id, protocol.PublishedVersion);
    }
}

internal sealed class Bench(DatabaseProvider provider, string connection, Demo demo, int writers, TimeSpan warmup, TimeSpan duration)
{
    private static readonly TimeProvider Time = TimeProvider.System;
    private static readonly string Data = """[{"type":"step.completed","step":"greeting","checklist":[true,true,false]}]""";

    // The same projection after every step, as while an agent works through a contact's steps: the resolution clock
    // keeps its due instant, so PostgreSQL updates the contact row in place (HOT) without touching its indexes.
    private readonly ContactProjection _projection =
        new(demo.Agent, ContactStatus.Open, null, null, false, false, null, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(30));

    private ContactProjection Projection => _projection;

    private ContactAppend Start()
    {
        var id = Guid.CreateVersion7();
        var now = Time.GetUtcNow().UtcDateTime;
        var contact = new Contact
        {
            OrganisationId = demo.Organisation, Id = id, Channel = Channels.Phone, Reason = "Quiero devolver un pedido",
            ProtocolId = demo.Protocol, ProtocolVersion = demo.Version, AgentUserId = demo.Agent, HandlerUserId = demo.Agent, StartedAt = now,
        };
        return new ContactAppend(demo.Organisation, id, Guid.CreateVersion7(), 0, "contact.started", Data, now, demo.Agent, Projection, contact);
    }

    private ContactAppend Step(Guid contact, int expected) =>
        new(demo.Organisation, contact, Guid.CreateVersion7(), expected, "step.completed", Data, Time.GetUtcNow().UtcDateTime, demo.Agent, Projection);

    /// <summary>
    /// (a) One event row per transaction, <c>writers</c> concurrent writers each on its own connection, durable commits.
    /// SQLite has one writer at a time: the writers take an in-process lock rather than spin in SQLite's busy handler,
    /// which is the best one-row-per-commit can do there.
    /// </summary>
    public async Task<string> RawAsync()
    {
        var contacts = new List<Guid>();
        await using (var setup = new ContactEventWriter(provider, connection))
            foreach (var s in Enumerable.Range(0, writers).Select(_ => Start()))
            {
                await setup.AppendAsync(s);
                contacts.Add(s.ContactId);
            }
        var gate = new SemaphoreSlim(1);
        var run = new Run(warmup, duration, await Cpu.PostmasterAsync(provider, connection));
        var tasks = contacts.Select(c => Task.Run(async () =>
        {
            await using var db = await OpenAsync();
            var insert = db.CreateCommand();
            insert.CommandText = """
                INSERT INTO "ContactEvents" ("OrganisationId", "ContactId", "Sequence", "Id", "Type", "At", "ActorUserId", "Data", "RecordedAt")
                VALUES (@o, @c, @s, @id, 'step.completed', @at, @actor, @data, @at)
                """;
            var sequence = 1;
            var lat = new List<double>();
            while (!run.Over)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (provider == DatabaseProvider.Sqlite) await gate.WaitAsync();
                try
                {
                    await using var tx = await db.BeginTransactionAsync();
                    insert.Transaction = tx;
                    insert.Parameters.Clear();
                    var now = Time.GetUtcNow().UtcDateTime;
                    Add(insert, "@o", demo.Organisation); Add(insert, "@c", c); Add(insert, "@s", ++sequence);
                    Add(insert, "@id", Guid.CreateVersion7()); Add(insert, "@at", now); Add(insert, "@actor", demo.Agent); Add(insert, "@data", Data);
                    await insert.ExecuteNonQueryAsync();
                    await tx.CommitAsync();
                }
                finally { if (provider == DatabaseProvider.Sqlite) gate.Release(); }
                run.Record(lat, t0);
            }
            return lat;
        })).ToList();
        var latencies = await Task.WhenAll(tasks);
        return await run.RowAsync(provider, "one row per commit (no group commit)", latencies, commits: null);
    }

    /// <summary>(b) Pauta's writer: <c>writers</c> concurrent agents, each running its own contacts (a start, then 49 steps, then another contact).</summary>
    public async Task<string> WriterAsync()
    {
        await using var writer = new ContactEventWriter(provider, connection);
        var run = new Run(warmup, duration, await Cpu.PostmasterAsync(provider, connection));
        long commitsAtStart = 0;
        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            var lat = new List<double>();
            Guid contact = default;
            var sequence = 50;
            while (!run.Over)
            {
                var append = sequence >= 50 ? Start() : Step(contact, sequence);
                var t0 = Stopwatch.GetTimestamp();
                var result = await writer.AppendAsync(append);
                if (result.Status != AppendStatus.Appended) throw new InvalidOperationException($"unexpected {result}");
                if (run.Measuring && Interlocked.Read(ref commitsAtStart) == 0) Interlocked.CompareExchange(ref commitsAtStart, writer.CommitCount, 0);
                run.Record(lat, t0);
                contact = result.ContactId;
                sequence = result.Sequence;
            }
            return lat;
        })).ToList();
        var latencies = await Task.WhenAll(tasks);
        return await run.RowAsync(provider, "ContactEventWriter (group commit)", latencies, writer.CommitCount - commitsAtStart);
    }

    private async Task<DbConnection> OpenAsync()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var pg = new NpgsqlConnection(connection);
            await pg.OpenAsync();
            await using var set = new NpgsqlCommand("SET synchronous_commit TO on", pg);
            await set.ExecuteNonQueryAsync();
            return pg;
        }
        var sqlite = new SqliteConnection(connection);
        await sqlite.OpenAsync();
        await using var pragma = sqlite.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=5000; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync();
        return sqlite;
    }

    private void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        // As EF Core stores them on SQLite: upper-case GUID text and "yyyy-MM-dd HH:mm:ss.FFFFFFF" instants.
        p.Value = provider == DatabaseProvider.Sqlite && value is Guid g ? g.ToString().ToUpperInvariant()
            : provider == DatabaseProvider.Sqlite && value is DateTime d ? d.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)
            : value;
        cmd.Parameters.Add(p);
    }
}

/// <summary>A warm-up, then a measured window; latencies are kept only for operations that started inside the window.</summary>
internal sealed class Run
{
    private readonly TimeSpan warmup, duration;
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly Task<(double Client, double Server, double App)> _cpuAtStart;
    private readonly int? _postmaster, _app;
    private long _measuredFrom;
    private long _count;

    public Run(TimeSpan warmup, TimeSpan duration, int? postmaster, int? app = null)
    {
        this.warmup = warmup;
        this.duration = duration;
        _postmaster = postmaster;
        _app = app;
        _cpuAtStart = Task.Delay(warmup).ContinueWith(_ => Cpu.Now(postmaster, app), TaskScheduler.Default);
    }

    public bool Measuring => Stopwatch.GetElapsedTime(_start) >= warmup;
    public bool Over => Stopwatch.GetElapsedTime(_start) >= warmup + duration;

    public void Record(List<double> latencies, long startedAt)
    {
        if (Stopwatch.GetElapsedTime(_start, startedAt) < warmup) return;
        Interlocked.CompareExchange(ref _measuredFrom, startedAt, 0);
        latencies.Add(Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds);
        Interlocked.Increment(ref _count);
    }

    public async Task<string> RowAsync(DatabaseProvider provider, string label, List<double>[] perWriter, long? commits)
    {
        var cpu = Cpu.Now(_postmaster, _app);
        var cpuStart = await _cpuAtStart;
        var all = perWriter.SelectMany(l => l).Order().ToArray();
        var seconds = Stopwatch.GetElapsedTime(Interlocked.Read(ref _measuredFrom)).TotalSeconds;
        double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        var perSecond = all.Length / seconds;
        var batching = commits is > 0 ? (all.Length / (double)commits.Value).ToString("0.0", CultureInfo.InvariantCulture)
            : _app is not null ? "n/a" : "1";
        // CPU time per event, which other people's load on the machine disturbs much less than wall time.
        var client = all.Length == 0 ? 0 : (cpu.Client - cpuStart.Client) * 1e6 / all.Length;
        var server = all.Length == 0 ? 0 : (cpu.Server - cpuStart.Server) * 1e6 / all.Length;
        var app = all.Length == 0 ? 0 : (cpu.App - cpuStart.App) * 1e6 / all.Length;
        var cpuText = _app is not null
            ? (provider == DatabaseProvider.Postgres ? $"Pauta {app:0} + PG {server:0} (HTTP client {client:0})" : $"Pauta {app:0} (HTTP client {client:0})")
            : provider == DatabaseProvider.Postgres ? $"{client:0} + {server:0}" : $"{client:0}";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {provider} | {label} | {perWriter.Length} | {perSecond:0} | {P(0.50):0.0} | {P(0.99):0.0} | {all.LastOrDefault():0.0} | {batching} | {cpuText} | {all.Length} in {seconds:0.0} s |");
    }
}

/// <summary>CPU seconds used so far by this process and, on PostgreSQL, by the postmaster and its backends (Linux /proc).</summary>
internal static class Cpu
{
    public static (double Client, double Server, double App) Now(int? postmaster, int? app = null) =>
        (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, postmaster is { } pm ? Server(pm) : 0, app is { } a ? Of(a) : 0);

    /// <summary>CPU seconds of one process (utime + stime).</summary>
    public static double Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static double Server(int postmaster)
    {
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After "pid (comm) ": f[0] state, f[1] ppid, f[11] utime, f[12] stime, in clock ticks (100 a second).
            if (pid == postmaster || int.Parse(f[1], CultureInfo.InvariantCulture) == postmaster)
                ticks += long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        }
        return ticks / 100.0;
    }

    /// <summary>The postmaster's pid: the parent of the backend serving a fresh connection.</summary>
    public static async Task<int?> PostmasterAsync(DatabaseProvider provider, string connection)
    {
        if (provider != DatabaseProvider.Postgres || !OperatingSystem.IsLinux()) return null;
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_backend_pid()", c);
        var backend = (int)(await cmd.ExecuteScalarAsync())!;
        var stat = await File.ReadAllTextAsync($"/proc/{backend}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The HTTP phase: 64 virtual agents spread over the 5 demo agents' cookie sessions, each starting its own contact on
/// "Devoluciones y cambios" (POST /api/v1/contacts) and then posting Wait and Resume in turn with the version of the
/// previous answer (POST /api/v1/contacts/{id}/actions): each acknowledged POST is one durable stored action. After 50
/// actions an agent starts a new contact, so answers (which carry the timeline) stay the size of a real contact's.
/// </summary>
/// With <c>minimal</c>, every POST asks <c>Prefer: return=minimal</c> and the version comes from the answer's ETag.
internal sealed partial class HttpBench(Uri url, int serverPid, int agents, TimeSpan warmup, TimeSpan duration, bool minimal)
{
    private static readonly string[] Emails =
        ["sofia@suarez.example", "diego@suarez.example", "valentina@suarez.example", "paula@suarez.example", "tomas@suarez.example"];
    private const string Password = "Pauta-demo-1";
    private const int ActionsPerContact = 50;

    public async Task<string> RunAsync(DatabaseProvider provider, int? postmaster)
    {
        var sessions = new List<HttpClient>();
        foreach (var email in Emails) sessions.Add(await SignInAsync(email));
        var protocol = await ProtocolAsync(sessions[0]);
        var run = new Run(warmup, duration, postmaster, serverPid);
        var failures = 0L;
        var tasks = Enumerable.Range(0, agents).Select(i => Task.Run(async () =>
        {
            var client = sessions[i % sessions.Count];
            var lat = new List<double>();
            Guid contact = default;
            var version = 0;
            var done = ActionsPerContact;
            while (!run.Over)
            {
                var t0 = Stopwatch.GetTimestamp();
                HttpResponseMessage response;
                if (done >= ActionsPerContact)
                {
                    contact = Guid.CreateVersion7();
                    response = await client.SendAsync(Post("/api/v1/contacts", Json(
                        $$"""{"id":"{{contact}}","channel":"Phone","reason":"Quiero devolver un pedido","protocolId":"{{protocol}}"}""")));
                    done = 0;
                }
                else
                {
                    var kind = done % 2 == 0 ? "Wait" : "Resume";
                    response = await client.SendAsync(Post($"/api/v1/contacts/{contact}/actions", Json(
                        $$"""{"actionId":"{{Guid.CreateVersion7()}}","version":{{version}},"kind":"{{kind}}"}""")));
                    done++;
                }
                var body = await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    if (Interlocked.Increment(ref failures) > 10)
                        throw new InvalidOperationException($"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
                    done = ActionsPerContact;
                    continue;
                }
                version = minimal ? int.Parse(response.Headers.ETag!.Tag.AsSpan().Trim('"'), CultureInfo.InvariantCulture) : VersionOf(body);
                run.Record(lat, t0);
            }
            return lat;
        })).ToList();
        var latencies = await Task.WhenAll(tasks);
        foreach (var s in sessions) s.Dispose();
        return await run.RowAsync(provider, minimal ? "HTTP POST, Prefer: return=minimal (real Pauta, 5 sessions)"
            : "HTTP POST, full answer (real Pauta, 5 sessions)", latencies, commits: null);
    }

    private HttpRequestMessage Post(string path, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (minimal) request.Headers.TryAddWithoutValidation("Prefer", "return=minimal");
        return request;
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>The contact's version: the first top-level "version" of the answer (it follows "id").</summary>
    private static int VersionOf(byte[] body)
    {
        var key = "\"version\":"u8;
        var at = body.AsSpan().IndexOf(key) + key.Length;
        var end = at;
        while (end < body.Length && body[end] is >= (byte)'0' and <= (byte)'9') end++;
        return int.Parse(body.AsSpan(at, end - at), CultureInfo.InvariantCulture);
    }

    private async Task<HttpClient> SignInAsync(string email)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = true, CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false,
            MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        var client = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        var page = await client.GetStringAsync("/account/signin");
        var token = TokenField().Match(page) is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("no antiforgery token on /account/signin");
        var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = Password, ["Input.RememberMe"] = "false", ["__RequestVerificationToken"] = token,
        }));
        if ((int)response.StatusCode != 302) throw new InvalidOperationException($"sign-in of {email}: {(int)response.StatusCode}");
        return client;
    }

    private static async Task<Guid> ProtocolAsync(HttpClient client)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v1/protocols"));
        return doc.RootElement.EnumerateArray().First(p => p.GetProperty("title").GetString() == "Devoluciones y cambios").GetProperty("id").GetGuid();
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex TokenField();
}
