using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Pauta.Cluster.Tests;

/// <summary>
/// Three (or more) real Pauta processes on one fresh PostgreSQL database and a real HAProxy in front of them in round
/// robin without stickiness, all on loopback: what scripts/cluster.sh runs, started from the test's own build output
/// (Pauta.Web.dll is copied next to the tests by the project reference). Every process it starts is killed on dispose,
/// whatever happened.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public const string PostgresVariable = "PAUTA_TEST_POSTGRES";

    private readonly List<Node> _nodes = [];
    private Process? _haproxy;
    private readonly string _dir = Directory.CreateTempSubdirectory("pauta-cluster-test-").FullName;
    private string _server = "";

    public string DatabaseName { get; } = $"pauta_cluster_{Guid.NewGuid():N}";
    public string Connection { get; private set; } = "";
    public string BalancerUrl { get; private set; } = "";
    public IReadOnlyList<Node> Nodes => _nodes;
    /// <summary>How long the start took: migration and demo seed on node 1, then the others, then the balancer.</summary>
    public TimeSpan StartTook { get; private set; }

    public sealed class Node(int number, string url, Process process)
    {
        public int Number { get; } = number;
        public string Name => $"node-{Number}";
        public string Url { get; } = url;
        public Process Process { get; } = process;
        public bool Killed { get; private set; }
        public ConcurrentQueue<string> Output { get; } = new();

        /// <summary>SIGKILL: no shutdown, no flush, no goodbye to the balancer or the database.</summary>
        public void Kill()
        {
            Killed = true;
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
    }

    public static async Task<Cluster> StartAsync(int nodes = 3)
    {
        var cluster = new Cluster();
        try
        {
            await cluster.StartInternalAsync(nodes);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartInternalAsync(int nodes)
    {
        var took = Stopwatch.StartNew();
        _server = Environment.GetEnvironmentVariable(PostgresVariable)
            ?? throw new InvalidOperationException($"{PostgresVariable} is not set: run ./scripts/test.sh");
        await using (var admin = new NpgsqlConnection(_server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        // 20 connections a node at most: the suite's PostgreSQL (max_connections 300) serves the other test projects
        // running at the same time too.
        Connection = new NpgsqlConnectionStringBuilder(_server) { Database = DatabaseName, MaxPoolSize = 20 }.ToString();
        var balancerPort = FreePort();
        BalancerUrl = $"http://127.0.0.1:{balancerPort}";

        // Node 1 migrates and seeds the demo; the others start once it is healthy, without migrating.
        _nodes.Add(StartNode(1, migrate: true));
        await WaitHealthyAsync(_nodes[0]);
        for (var n = 2; n <= nodes; n++) _nodes.Add(StartNode(n, migrate: false));
        await Task.WhenAll(_nodes.Skip(1).Select(WaitHealthyAsync));

        var config = Path.Combine(_dir, "haproxy.cfg");
        await File.WriteAllTextAsync(config, HaproxyConfig(balancerPort, _nodes));
        var haproxy = File.Exists("/usr/sbin/haproxy") ? "/usr/sbin/haproxy" : "haproxy";
        var info = new ProcessStartInfo(haproxy, ["-db", "-f", config])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        _haproxy = Process.Start(info)!;
        _haproxy.OutputDataReceived += (_, _) => { };
        _haproxy.ErrorDataReceived += (_, _) => { };
        _haproxy.BeginOutputReadLine();
        _haproxy.BeginErrorReadLine();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; ; i++)
        {
            if (_haproxy.HasExited) throw new InvalidOperationException($"HAProxy exited with {_haproxy.ExitCode}");
            try
            {
                if ((await probe.GetAsync(BalancerUrl + "/healthz")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (i > 100) throw new TimeoutException("HAProxy did not answer /healthz within 10 s");
            await Task.Delay(100);
        }
        StartTook = took.Elapsed;
    }

    /// <summary>
    /// The same balancer scripts/cluster.sh writes: round robin per request, no cookie, no stick table, health checks on
    /// /healthz every 500 ms (two failures take a node out), WebSockets tunnelled, a request that could not connect
    /// sent to another node.
    /// </summary>
    public static string HaproxyConfig(int port, IEnumerable<Node> nodes)
    {
        var s = new StringBuilder($"""
            global
                maxconn 4096
            defaults
                mode http
                option forwardfor
                timeout connect 2s
                timeout client 60s
                timeout server 60s
                timeout tunnel 1h
                timeout client-fin 5s
                retries 2
                retry-on conn-failure
                option redispatch 1
            frontend pauta
                bind 127.0.0.1:{port}
                default_backend nodes
            backend nodes
                balance roundrobin
                option httpchk GET /healthz
                http-check expect status 200

            """);
        foreach (var node in nodes)
            s.Append("    server ").Append(node.Name).Append(' ').Append(node.Url["http://".Length..]).Append(" check inter 500ms fall 2 rise 2\n");
        return s.ToString();
    }

    private Node StartNode(int number, bool migrate)
    {
        var port = FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "Pauta.Web.dll");
        var info = new ProcessStartInfo("dotnet", ["exec", dll])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Pauta__NodeName"] = $"node-{number}";
        info.Environment["Pauta__Database__Provider"] = "Postgres";
        info.Environment["ConnectionStrings__Pauta"] = Connection;
        info.Environment["Pauta__Database__MigrateOnStart"] = migrate ? "true" : "false";
        info.Environment["Pauta__Demo__Enabled"] = "true";
        info.Environment["Pauta__Demo__PastContacts"] = "0";
        info.Environment["Pauta__PublicUrl"] = BalancerUrl;
        info.Environment["Pauta__ForwardedHeaders__KnownProxies"] = "127.0.0.1";
        info.Environment["Pauta__SignInRateLimit__PermitsPerMinute"] = "1000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        var node = new Node(number, $"http://127.0.0.1:{port}", process);
        process.OutputDataReceived += (_, e) => Keep(node, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(node, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private static void Keep(Node node, string? line)
    {
        if (line is null) return;
        node.Output.Enqueue(line);
        while (node.Output.Count > 300) node.Output.TryDequeue(out _);
    }

    private static async Task WaitHealthyAsync(Node node)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 1200; i++)
        {
            if (node.Process.HasExited)
                throw new InvalidOperationException($"{node.Name} exited with {node.Process.ExitCode} while starting:\n{string.Join('\n', node.Output)}");
            try
            {
                if ((await probe.GetAsync(node.Url + "/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{node.Name} did not answer /healthz within two minutes");
    }

    /// <summary>The last lines each node wrote, for a failure message.</summary>
    public string Logs() => string.Join("\n", _nodes.Select(n => $"--- {n.Name}{(n.Killed ? " (killed)" : "")}\n{string.Join('\n', n.Output.TakeLast(60))}"));

    public NpgsqlConnection OpenDatabase()
    {
        var c = new NpgsqlConnection(Connection);
        c.Open();
        return c;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            try { if (!node.Process.HasExited) node.Process.Kill(entireProcessTree: true); node.Process.WaitForExit(10_000); }
            catch (InvalidOperationException) { }
            node.Process.Dispose();
        }
        if (_haproxy is not null)
        {
            try { if (!_haproxy.HasExited) _haproxy.Kill(entireProcessTree: true); _haproxy.WaitForExit(10_000); }
            catch (InvalidOperationException) { }
            _haproxy.Dispose();
        }
        if (_server != "")
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
