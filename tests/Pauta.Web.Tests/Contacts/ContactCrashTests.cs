using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Npgsql;
using Pauta.Core.Organisations;
using Pauta.Data;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Contacts;

/// <summary>
/// Durability, end to end: Pauta runs as its own process; agents post contact actions over real HTTP while the server
/// is killed with SIGKILL; after a restart on the same database every acknowledged action is there exactly once, the
/// contacts replay, and a retry of an acknowledged action writes nothing. Short here; bench/run-events.sh runs it long.
/// </summary>
public sealed class ContactCrashTests
{
    private static readonly string[] Agents =
        ["sofia@suarez.example", "diego@suarez.example", "valentina@suarez.example", "paula@suarez.example", "tomas@suarez.example"];

    private sealed record Acked(Guid Contact, Guid Action);

    private sealed class Server : IAsyncDisposable
    {
        private readonly Process _process;

        private Server(Process process, string baseUrl)
        {
            _process = process;
            BaseUrl = baseUrl;
        }

        public string BaseUrl { get; }

        public static async Task<Server> StartAsync(DatabaseProvider provider, string connectionString)
        {
            var port = FreePort();
            var dll = Path.Combine(AppContext.BaseDirectory, "Pauta.Web.dll");
            var info = new ProcessStartInfo("dotnet", ["exec", dll])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            info.Environment["Pauta__Database__Provider"] = provider.ToString();
            info.Environment["ConnectionStrings__Pauta"] = connectionString;
            info.Environment["Pauta__Demo__Enabled"] = "true";
            // The demo's people and protocols, without its 90-day past: what is proved here is the kill, and the past's
            // insights catch-up right after start only competed with the agents' first sign-ins for a starved CPU.
            info.Environment["Pauta__Demo__PastContacts"] = "0";
            info.Environment["Pauta__Demo__Password"] = Demo.Password;
            info.Environment["Pauta__SignInRateLimit__PermitsPerMinute"] = "1000";
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new Server(process, $"http://127.0.0.1:{port}");
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            for (var i = 0; i < 600; i++)
            {
                if (process.HasExited) throw new InvalidOperationException($"Pauta exited with {process.ExitCode} while starting");
                try
                {
                    if ((await probe.GetAsync(server.BaseUrl + "/healthz")).IsSuccessStatusCode) return server;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(100);
            }
            throw new TimeoutException("Pauta did not answer /healthz within a minute");
        }

        /// <summary>SIGKILL: no shutdown, no flush, nothing the process can do about it.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited) Kill();
            await Task.CompletedTask;
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private static async Task<Browser> SignInAsync(string baseUrl, string email)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30),
        };
        var browser = new Browser(client, cookies);
        (await browser.SignInAsync(email, Demo.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

    public static TheoryData<DatabaseProvider> Providers() => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Every_acknowledged_action_survives_a_kill_9_exactly_once(DatabaseProvider provider)
    {
        var (connection, drop) = await DatabaseAsync(provider);
        try
        {
            var acked = new ConcurrentBag<Acked>();
            var contacts = new ConcurrentDictionary<Guid, string>();
            Guid protocolId;
            await using (var server = await Server.StartAsync(provider, connection))
            {
                var agents = await Task.WhenAll(Agents.Select(a => SignInAsync(server.BaseUrl, a)));
                var summaries = await agents[0].GetJsonAsync<List<ProtocolSummaryLite>>("/api/v1/protocols");
                protocolId = summaries.First(p => p.Title == "Devoluciones y cambios").Id;

                using var stop = new CancellationTokenSource();
                var load = agents.Select((agent, n) => Task.Run(async () =>
                {
                    var waiting = false;
                    var version = 0;
                    var contact = Guid.NewGuid();
                    try
                    {
                        var started = await agent.PostJsonAsync("/api/v1/contacts",
                            new { id = contact, channel = Channels.Phone, reason = "devolución", protocolId });
                        if (started.StatusCode != HttpStatusCode.Created) return;
                        contacts[contact] = Agents[n];
                        acked.Add(new Acked(contact, contact));
                        version = (await started.Content.ReadFromJsonAsync<ContactDto>(Browser.Json))!.Version;
                        while (!stop.IsCancellationRequested)
                        {
                            var action = Guid.NewGuid();
                            var response = await agent.PostJsonAsync($"/api/v1/contacts/{contact}/actions",
                                new { actionId = action, version, kind = waiting ? "Resume" : "Wait" });
                            if (response.StatusCode != HttpStatusCode.OK) continue;
                            acked.Add(new Acked(contact, action));
                            version = (await response.Content.ReadFromJsonAsync<ContactDto>(Browser.Json))!.Version;
                            waiting = !waiting;
                        }
                    }
                    catch (HttpRequestException) { /* the server died under us: what was acknowledged must survive */ }
                    catch (TaskCanceledException) { }
                })).ToList();

                // Let some actions be acknowledged, then pull the plug in the middle of the load. bench/run-crash.sh
                // asks for thousands (PAUTA_CRASH_ACKS); the suite keeps it short.
                var target = int.TryParse(Environment.GetEnvironmentVariable("PAUTA_CRASH_ACKS"), out var n) && n > 0 ? n : 60;
                var waited = Stopwatch.StartNew();
                var limit = TimeSpan.FromSeconds(15 + target / 20);
                while (acked.Count < target && waited.Elapsed < limit) await Task.Delay(50);
                server.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(load);
            }
            acked.Count.ShouldBeGreaterThan(Agents.Length, "the load got actions acknowledged before the kill");

            await using (var restarted = await Server.StartAsync(provider, connection))
            {
                var supervisor = await SignInAsync(restarted.BaseUrl, Demo.Supervisor);
                foreach (var contact in contacts.Keys)
                {
                    var stored = await supervisor.GetJsonAsync<List<StoredActionDto>>($"/api/v1/contacts/{contact}/actions");
                    var ids = stored.Select(s => s.ActionId).ToList();
                    ids.Distinct().Count().ShouldBe(ids.Count, "no action is stored twice");
                    stored.Select(s => s.Sequence).ShouldBe(Enumerable.Range(1, stored.Count));
                    foreach (var a in acked.Where(a => a.Contact == contact))
                        ids.ShouldContain(a.Action, $"acknowledged action {a.Action} of contact {contact} survived the kill");
                    // The contact replays from what survived.
                    (await supervisor.GetAsync($"/api/v1/contacts/{contact}")).StatusCode.ShouldBe(HttpStatusCode.OK);
                }

                // A client retrying an acknowledged action after the restart gets an answer and writes nothing.
                var last = acked.First(a => a.Action != a.Contact);
                var before = (await supervisor.GetJsonAsync<List<StoredActionDto>>($"/api/v1/contacts/{last.Contact}/actions")).Count;
                var agent = await SignInAsync(restarted.BaseUrl, contacts[last.Contact]);
                var retry = await agent.PostJsonAsync($"/api/v1/contacts/{last.Contact}/actions", new { actionId = last.Action, version = 1, kind = "Wait" });
                retry.StatusCode.ShouldBe(HttpStatusCode.OK);
                (await supervisor.GetJsonAsync<List<StoredActionDto>>($"/api/v1/contacts/{last.Contact}/actions")).Count.ShouldBe(before);
            }
        }
        finally
        {
            await drop();
        }
    }

    private sealed record ProtocolSummaryLite(Guid Id, string Title);

    private static async Task<(string Connection, Func<Task> Drop)> DatabaseAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"pauta-crash-{Guid.NewGuid():N}.db");
            return ($"Data Source={file}", () =>
            {
                foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
                return Task.CompletedTask;
            });
        }
        var server = Environment.GetEnvironmentVariable(PautaApp.PostgresVariable)
            ?? throw new InvalidOperationException($"{PautaApp.PostgresVariable} is not set: run ./scripts/test.sh");
        var name = $"pauta_crash_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        return (new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString(), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }
}
