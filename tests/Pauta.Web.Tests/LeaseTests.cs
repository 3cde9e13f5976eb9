using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pauta.Core.Organisations;
using Pauta.Data;
using Pauta.Tests.Shared;
using Pauta.Web.Features.Contacts;
using Pauta.Web.Infrastructure;
using Pauta.Web.Tests.Contacts;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests;

/// <summary>The one polling loop of the background singletons, driven by a clock the test moves, with leases the test hands out.</summary>
public sealed class LeasedWorkerLoopTests
{
    private sealed class Leases : IWorkerLeases
    {
        public bool Free { get; set; }
        public int Asked;
        public int Released;
        public CancellationTokenSource? Current;

        public TimeSpan RetryInterval => TimeSpan.FromSeconds(2);

        public ValueTask<IHeldLease?> TryAcquireAsync(WorkerLease lease, CancellationToken ct)
        {
            Interlocked.Increment(ref Asked);
            if (!Free) return ValueTask.FromResult<IHeldLease?>(null);
            Current = new CancellationTokenSource();
            return ValueTask.FromResult<IHeldLease?>(new Held(this, Current.Token));
        }

        private sealed class Held(Leases owner, CancellationToken lost) : IHeldLease
        {
            public CancellationToken Lost => lost;
            public ValueTask DisposeAsync() { Interlocked.Increment(ref owner.Released); return ValueTask.CompletedTask; }
        }
    }

    private sealed class Worker(IWorkerLeases leases, TimeProvider time, ILogger log) : LeasedWorker(leases, time, log)
    {
        public int Attempts;
        public int FailOn = -1;

        public override WorkerLease Lease => WorkerLease.Breach;
        public override TimeSpan Period => TimeSpan.FromSeconds(1);

        protected override Task RunTickAsync(CancellationToken ct)
        {
            var attempt = Interlocked.Increment(ref Attempts);
            return attempt == FailOn ? throw new InvalidOperationException("tick failed on purpose") : Task.CompletedTask;
        }
    }

    private sealed class RecordingLog : ILogger
    {
        public readonly List<string> Warnings = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) lock (Warnings) Warnings.Add(formatter(state, exception));
        }
    }

    /// <summary>Waits (bounded, in real time) for the loop, which runs on other threads, to reach a state.</summary>
    private static async Task Until(Func<bool> reached, string what)
    {
        for (var i = 0; i < 500 && !reached(); i++) await Task.Delay(10);
        reached().ShouldBeTrue(what);
    }

    [Fact]
    public async Task Without_the_lease_nothing_runs_it_is_asked_again_every_retry_interval_and_once_taken_a_tick_runs_every_period()
    {
        var clock = new SteppingClock();
        var leases = new Leases { Free = false };
        var worker = new Worker(leases, clock, NullLogger.Instance);
        await worker.StartAsync(default);
        await Until(() => leases.Asked == 1 && clock.Waiting == 1, "the worker asks for the lease, then waits");

        clock.Advance(TimeSpan.FromSeconds(1.5));
        leases.Asked.ShouldBe(1, "not asked again before the retry interval");
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await Until(() => leases.Asked == 2 && clock.Waiting == 1, "asked again after the retry interval");
        worker.HoldsLease.ShouldBeFalse();
        worker.Attempts.ShouldBe(0, "no work without the lease");

        leases.Free = true;
        clock.Advance(TimeSpan.FromSeconds(2));
        await Until(() => worker.HoldsLease && clock.Waiting == 1, "the lease is taken on the next try");
        worker.Attempts.ShouldBe(0, "the first tick comes one period after taking the lease");
        for (var tick = 1; tick <= 3; tick++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Until(() => worker.Attempts == tick && worker.TicksRun == tick, $"tick {tick}");
        }

        await worker.StopAsync(default);
        leases.Released.ShouldBe(1, "stopping gives the lease back");
        worker.HoldsLease.ShouldBeFalse();
        clock.Advance(TimeSpan.FromSeconds(10));
        worker.Attempts.ShouldBe(3, "a stopped worker does nothing");
    }

    [Fact]
    public async Task A_lost_lease_stops_the_work_at_once_and_the_lease_is_asked_for_again_after_the_retry_interval()
    {
        var clock = new SteppingClock();
        var leases = new Leases { Free = true };
        var worker = new Worker(leases, clock, NullLogger.Instance);
        await worker.StartAsync(default);
        await Until(() => worker.HoldsLease && clock.Waiting == 1, "the free lease is taken at start");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Until(() => worker.Attempts == 1, "one tick");

        leases.Free = false;
        await leases.Current!.CancelAsync();
        await Until(() => !worker.HoldsLease && leases.Released == 1 && clock.Waiting == 1, "the lost lease is let go");
        clock.Advance(TimeSpan.FromSeconds(1));
        worker.Attempts.ShouldBe(1, "no tick after the lease was lost");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Until(() => leases.Asked == 2, "asked for again after the retry interval");

        leases.Free = true;
        clock.Advance(TimeSpan.FromSeconds(2));
        await Until(() => worker.HoldsLease && worker.TimesTaken == 2 && clock.Waiting == 1, "taken again");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Until(() => worker.Attempts == 2, "ticking again");
        await worker.StopAsync(default);
    }

    [Fact]
    public async Task A_failed_tick_is_logged_and_the_next_tick_still_runs()
    {
        var clock = new SteppingClock();
        var log = new RecordingLog();
        var worker = new Worker(new Leases { Free = true }, clock, log) { FailOn = 1 };
        await worker.StartAsync(default);
        await Until(() => worker.HoldsLease && clock.Waiting == 1, "lease taken");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Until(() => worker.Attempts == 1 && log.Warnings.Count == 1, "the failure is logged");
        log.Warnings[0].ShouldContain("breach");
        worker.TicksRun.ShouldBe(0);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Until(() => worker.Attempts == 2 && worker.TicksRun == 1, "the next tick runs");
        worker.HoldsLease.ShouldBeTrue("a failed tick keeps the lease");
        await worker.StopAsync(default);
    }

    [Fact]
    public async Task On_sqlite_every_lease_is_held_at_once_and_never_lost()
    {
        var leases = new AlwaysHeldLeases(TimeSpan.FromSeconds(2));
        await using var held = await leases.TryAcquireAsync(WorkerLease.Breach, default);
        held.ShouldNotBeNull();
        held.Lost.CanBeCanceled.ShouldBeFalse();
        WorkerLease.All.Select(l => l.Id).ShouldBeUnique();
    }
}

/// <summary>
/// No lease before the node serves: an ask made before <c>ApplicationStarted</c> stays pending (the inner leases are not even
/// asked), is answered with the inner leases' own answer once it fires, and can be given up while it waits.
/// </summary>
public sealed class LeasesOnceServingTests
{
    private sealed class Inner(IHeldLease? answer) : IWorkerLeases
    {
        public readonly List<WorkerLease> Asked = [];
        public TimeSpan RetryInterval => TimeSpan.FromSeconds(7);

        public ValueTask<IHeldLease?> TryAcquireAsync(WorkerLease lease, CancellationToken ct)
        {
            lock (Asked) Asked.Add(lease);
            return ValueTask.FromResult(answer);
        }
    }

    private sealed class Held : IHeldLease
    {
        public CancellationToken Lost => CancellationToken.None;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Before_the_app_started_the_ask_waits_and_after_it_the_inner_leases_answer()
    {
        var held = new Held();
        var inner = new Inner(held);
        using var started = new CancellationTokenSource();
        var leases = new LeasesOnceServing(inner, started.Token);
        leases.RetryInterval.ShouldBe(TimeSpan.FromSeconds(7));

        var breach = leases.TryAcquireAsync(WorkerLease.Breach, default).AsTask();
        var insights = leases.TryAcquireAsync(WorkerLease.Insights, default).AsTask();
        breach.IsCompleted.ShouldBeFalse("no lease is granted before the app started");
        insights.IsCompleted.ShouldBeFalse();
        inner.Asked.ShouldBeEmpty("nothing is asked of the database before the app started");

        await started.CancelAsync();
        (await breach.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeSameAs(held);
        (await insights.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBeSameAs(held);
        inner.Asked.ShouldBe([WorkerLease.Breach, WorkerLease.Insights], ignoreOrder: true);

        // Once serving, an ask goes straight to the inner leases, whatever their answer.
        var ask = leases.TryAcquireAsync(WorkerLease.Refreshers, default);
        ask.IsCompleted.ShouldBeTrue("after the start nothing waits");
        (await ask).ShouldBeSameAs(held);
        var refused = new LeasesOnceServing(new Inner(null), started.Token);
        (await refused.TryAcquireAsync(WorkerLease.Breach, default)).ShouldBeNull("another node holds it: the inner answer, null");
    }

    [Fact]
    public async Task An_ask_waiting_for_the_start_can_be_cancelled_and_asks_nothing()
    {
        var inner = new Inner(new Held());
        using var started = new CancellationTokenSource();
        var leases = new LeasesOnceServing(inner, started.Token);
        using var stopping = new CancellationTokenSource();

        var ask = leases.TryAcquireAsync(WorkerLease.Breach, stopping.Token).AsTask();
        ask.IsCompleted.ShouldBeFalse();
        await stopping.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => ask.WaitAsync(TimeSpan.FromSeconds(30)));

        // The start coming later does not revive the cancelled ask, and a new ask is answered.
        await started.CancelAsync();
        inner.Asked.ShouldBeEmpty("the cancelled ask never reached the inner leases");
        (await leases.TryAcquireAsync(WorkerLease.Breach, default)).ShouldNotBeNull();
        inner.Asked.ShouldBe([WorkerLease.Breach]);
    }

    [Fact]
    public async Task A_node_that_started_already_is_answered_at_once()
    {
        var inner = new Inner(new Held());
        var leases = new LeasesOnceServing(inner, new CancellationToken(canceled: true));
        var ask = leases.TryAcquireAsync(WorkerLease.AuditCheckpoints, default);
        ask.IsCompleted.ShouldBeTrue();
        (await ask).ShouldNotBeNull();
        inner.Asked.ShouldBe([WorkerLease.AuditCheckpoints]);
    }
}

/// <summary>One web node of a PostgreSQL database that other nodes share; the first one creates (and drops) the database.</summary>
public sealed class PostgresNode : PautaApp
{
    private readonly string _name;
    private readonly TimeProvider _clock;

    public PostgresNode(string name, TimeProvider clock, PostgresNode? first, int signInPermitsPerMinute)
        : base(DatabaseProvider.Postgres, demo: first is null, signInPermitsPerMinute)
    {
        _name = name;
        _clock = clock;
        if (first is not null) JoinDatabaseOf(first);
    }

    public string Name => _name;

    protected override string? NodeName => _name;

    protected override TimeProvider AppClock => _clock;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Quick takeovers in tests; the default (2 s) is what docs/operations.md states.
        builder.UseSetting("Pauta:Leases:RetrySeconds", "0.5");
    }
}

/// <summary>Two web nodes ("node-a" creates, migrates and seeds the database; "node-b" joins it) sharing one clock.</summary>
public abstract class TwoPostgresNodes(int signInPermitsPerMinute, TimeProvider clock) : IAsyncLifetime
{
    public TimeProvider AppClock { get; } = clock;
    public PostgresNode A { get; private set; } = null!;
    public PostgresNode B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        A = new PostgresNode("node-a", AppClock, null, signInPermitsPerMinute);
        await ((IAsyncLifetime)A).InitializeAsync();
        B = new PostgresNode("node-b", AppClock, A, signInPermitsPerMinute);
        await ((IAsyncLifetime)B).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }
}

/// <summary>Two nodes whose clock stands still until a test moves it.</summary>
public abstract class TwoPostgresNodesOnAManualClock(int signInPermitsPerMinute) : TwoPostgresNodes(signInPermitsPerMinute, new ManualClock())
{
    public ManualClock Clock => (ManualClock)AppClock;
}

public sealed class TwoLeaseNodes() : TwoPostgresNodesOnAManualClock(10_000);

public sealed class TwoRateLimitedNodes() : TwoPostgresNodesOnAManualClock(3);

/// <summary>Two nodes whose clock runs from a fixed working morning, for the channel's real-time signals.</summary>
public sealed class TwoRunningNodes() : TwoPostgresNodes(10_000, new RunningClock());

/// <summary>
/// Leased singletons across two nodes of one PostgreSQL database: one node at a time runs each worker, the lease shows in
/// <c>pg_locks</c> under the holder's <c>application_name</c>, and when the holder stops or its lease connection dies the
/// other node takes over and records what came due meanwhile, once.
/// </summary>
public sealed class LeasesOnTwoNodes(TwoLeaseNodes nodes) : IClassFixture<TwoLeaseNodes>
{
    private const string Chat = "Atención por chat, correo electrónico y redes sociales";

    private static async Task<T> Until<T>(Func<Task<T?>> found, string what, int seconds = 30) where T : class
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await found() is { } value) return value;
            if (waited.Elapsed.TotalSeconds > seconds) throw new ShouldAssertException($"not within {seconds} s: {what}");
            await Task.Delay(50);
        }
    }

    private static LeasedWorker Worker<T>(PautaApp node) where T : LeasedWorker => node.Services.GetRequiredService<T>();

    /// <summary>The node holding the breach lease, once exactly one does.</summary>
    private Task<PostgresNode> BreachHolderAsync() => Until(() =>
    {
        var holders = new[] { nodes.A, nodes.B }.Where(n => Worker<BreachWorker>(n).HoldsLease).ToList();
        return Task.FromResult(holders.Count == 1 ? holders[0] : null);
    }, "exactly one node holds the breach lease");

    /// <summary>Who holds a lease, as PostgreSQL sees it: the application_name of the backend holding the advisory lock.</summary>
    private async Task<List<(string Application, int Pid)>> HoldersInPostgresAsync(WorkerLease lease)
    {
        await using var connection = new NpgsqlConnection(nodes.A.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT a.application_name, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = @class AND l.objid::bigint = @id AND l.objsubid = 2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        cmd.Parameters.AddWithValue("class", (long)(uint)WorkerLease.Class);
        cmd.Parameters.AddWithValue("id", (long)lease.Id);
        var found = new List<(string, int)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add((reader.GetString(0), reader.GetInt32(1)));
        return found;
    }

    [Fact]
    public async Task Each_worker_runs_on_one_node_at_a_time_and_postgres_names_the_holder()
    {
        foreach (var lease in WorkerLease.All)
        {
            var holders = await Until(async () =>
            {
                var inPostgres = await HoldersInPostgresAsync(lease);
                return inPostgres.Count == 1 ? inPostgres : null;
            }, $"one holder of {lease.Name} in pg_locks");
            holders[0].Application.ShouldBeOneOf("pauta/node-a/lease", "pauta/node-b/lease");
        }

        var holder = await BreachHolderAsync();
        var other = holder == nodes.A ? nodes.B : nodes.A;
        (await HoldersInPostgresAsync(WorkerLease.Breach)).Single().Application.ShouldBe($"pauta/{holder.Name}/lease");
        var otherTicks = Worker<BreachWorker>(other).TicksRun;
        var holderTicks = Worker<BreachWorker>(holder).TicksRun;
        // The breach worker ticks every second on the holder; three of them pass while the other node only asks.
        await Until(() => Task.FromResult(Worker<BreachWorker>(holder).TicksRun >= holderTicks + 3 ? "" : null), "the holder keeps ticking");
        Worker<BreachWorker>(other).HoldsLease.ShouldBeFalse();
        Worker<BreachWorker>(other).TicksRun.ShouldBe(otherTicks, "the node without the lease does no breach work");
    }

    [Fact]
    public async Task When_the_holders_lease_connection_dies_it_stops_and_a_node_takes_the_lease_again()
    {
        var holder = await BreachHolderAsync();
        var taken = Worker<BreachWorker>(nodes.A).TimesTaken + Worker<BreachWorker>(nodes.B).TimesTaken;
        var (_, pid) = (await HoldersInPostgresAsync(WorkerLease.Breach)).Single();

        await using (var connection = new NpgsqlConnection(nodes.A.ConnectionString))
        {
            await connection.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
            kill.Parameters.AddWithValue("pid", pid);
            (await kill.ExecuteScalarAsync()).ShouldBe(true);
        }

        // The lease is taken again (by either node: both retry), on a new backend, and held by one node only.
        await Until(() => Task.FromResult(
            Worker<BreachWorker>(nodes.A).TimesTaken + Worker<BreachWorker>(nodes.B).TimesTaken > taken ? "" : null), "the lease is taken again");
        var again = await BreachHolderAsync();
        var inPostgres = await Until(async () =>
        {
            var found = await HoldersInPostgresAsync(WorkerLease.Breach);
            return found.Count == 1 && found[0].Pid != pid ? found : null;
        }, "a new backend holds the lease");
        inPostgres[0].Application.ShouldBe($"pauta/{again.Name}/lease");
        _ = holder;
    }

    [Fact]
    public async Task When_the_holder_stops_the_other_node_takes_over_and_records_a_breach_that_came_due_meanwhile_once()
    {
        var holder = await BreachHolderAsync();
        var survivor = holder == nodes.A ? nodes.B : nodes.A;

        var agent = await survivor.SignInAsync(Demo.Agent);
        var protocolId = await survivor.ProtocolIdAsync(Chat);
        var created = await agent.PostJsonAsync("/api/v1/contacts",
            new { id = Guid.NewGuid(), channel = Channels.Electronic, reason = "no me contestan el correo", protocolId });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var contact = (await created.Content.ReadFromJsonAsync<ContactDto>(Browser.Json))!;
        var due = contact.FirstResponse!.DueAt!.Value;

        // The holder goes away (its worker stops and gives the lease back); then the clock passes the due instant.
        var stopped = Worker<BreachWorker>(holder);
        await stopped.StopAsync(default);
        stopped.HoldsLease.ShouldBeFalse();
        var stoppedTicks = stopped.TicksRun;
        nodes.Clock.Advance(due - nodes.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        Task<int> BreachesAsync() => survivor.WithDbAsync(db =>
            db.ContactEvents.IgnoreQueryFilters().CountAsync(e => e.ContactId == contact.Id && e.Type == "clock"));
        await Until(async () => await BreachesAsync() > 0 ? "" : null, "the survivor records the breach");
        Worker<BreachWorker>(survivor).HoldsLease.ShouldBeTrue();
        (await HoldersInPostgresAsync(WorkerLease.Breach)).Single().Application.ShouldBe($"pauta/{survivor.Name}/lease");

        // Looked at again (by the survivor's next ticks, or by the stopped node's own tick): still once.
        await survivor.Services.GetRequiredService<BreachWorker>().TickAsync(default);
        await holder.Services.GetRequiredService<BreachWorker>().TickAsync(default);
        (await BreachesAsync()).ShouldBe(1);
        stopped.TicksRun.ShouldBe(stoppedTicks, "the stopped worker's loop ran no more");
    }
}

/// <summary>The sign-in rate limit is one count across nodes: 3 a minute in all, not 3 per node.</summary>
public sealed class SignInRateLimitOnTwoNodes(TwoRateLimitedNodes nodes) : IClassFixture<TwoRateLimitedNodes>
{
    [Fact]
    public async Task Three_permits_a_minute_are_shared_by_both_nodes()
    {
        var onA = nodes.A.NewBrowser();
        var onB = nodes.B.NewBrowser();
        var tokenA = await onA.GetAntiforgeryTokenAsync("/account/signin");
        var tokenB = await onB.GetAntiforgeryTokenAsync("/account/signin");
        Task<Page> Attempt(Browser browser, string token, string password) => browser.PostFormAsync("/account/signin",
            Form(("Input.Email", Demo.Agent), ("Input.Password", password), (Browser.AntiforgeryField, token)));

        (await Attempt(onA, tokenA, "Wrong-password-1")).ShouldHaveStatus(HttpStatusCode.Unauthorized, "attempt 1, node A");
        (await Attempt(onB, tokenB, "Wrong-password-1")).ShouldHaveStatus(HttpStatusCode.Unauthorized, "attempt 2, node B");
        (await Attempt(onA, tokenA, "Wrong-password-1")).ShouldHaveStatus(HttpStatusCode.Unauthorized, "attempt 3, node A");
        var limitedOnB = await Attempt(onB, tokenB, Demo.Password);
        limitedOnB.ShouldHaveStatus(HttpStatusCode.TooManyRequests);
        limitedOnB.Title.ShouldBe(Text.Es("Status.429.Title"));
        (await Attempt(onA, tokenA, Demo.Password)).ShouldHaveStatus(HttpStatusCode.TooManyRequests);

        // The next minute starts a new count, on either node; the rows of old minutes are purged.
        nodes.Clock.Advance(TimeSpan.FromMinutes(2));
        (await Attempt(onB, tokenB, "Wrong-password-1")).ShouldHaveStatus(HttpStatusCode.Unauthorized, "a new minute");
        var windows = await nodes.A.WithDbAsync(db => db.SignInRateWindows.Select(w => w.Window).ToListAsync());
        windows.ShouldHaveSingleItem();
    }
}
