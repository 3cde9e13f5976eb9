using System.Text;
using System.Threading.Channels;
using Npgsql;
using Pauta.Data;

namespace Pauta.Web.Infrastructure.Cluster;

/// <summary>What a signal is about. Signals carry kinds and ids only, never data: a receiver reads what it needs.</summary>
public enum SignalKind
{
    /// <summary>A contact changed (organisation id, contact id): boards of that organisation look again.</summary>
    Contact = 'c',
    /// <summary>A person's membership, role, security stamp or profile changed (organisation id or empty, user id).</summary>
    Member = 'm',
    /// <summary>An organisation's own settings changed (organisation id, organisation id).</summary>
    Organisation = 'o',
}

public readonly record struct ClusterSignal(SignalKind Kind, Guid OrganisationId, Guid Id);

/// <summary>What hears the channel. Handlers are called on the thread that delivers, so they only note and hand off.</summary>
public interface IClusterSignalHandler
{
    void OnSignal(ClusterSignal signal);

    /// <summary>
    /// The node may have missed signals: the listener lost its connection, or has just got it back. Anything kept
    /// because "a change would have been announced" must be dropped or looked at again.
    /// </summary>
    void OnMissedSignals();
}

/// <summary>
/// The one cross-node channel (ADR-012, part channel). Web nodes share nothing but the database, so on PostgreSQL each
/// node holds one connection that <c>LISTEN</c>s on <see cref="Name"/>, and a signal is published with <c>pg_notify</c>
/// once the change is committed. The publishing node delivers to itself at once, without waiting for the round trip,
/// and ignores its own notifications when they come back. On SQLite there is one node by definition: delivery is
/// in-process and there is no connection.
/// When the listening connection drops, the node reconnects with backoff; from the moment it is lost until it is back
/// the node is <see cref="IsConnected"/> false and handlers are told, twice, that signals may have been missed.
/// </summary>
public sealed class ClusterChannel : BackgroundService
{
    /// <summary>The PostgreSQL notification channel.</summary>
    public const string Name = "pauta";

    /// <summary>PostgreSQL refuses a payload of 8,000 bytes or more; ours stay far below it (one signal is 66 bytes).</summary>
    public const int MaxPayloadBytes = 7_999;

    /// <summary>The <c>application_name</c> suffix of the listening connection, so it can be told apart in pg_stat_activity.</summary>
    public const string ListenerSuffix = "/channel";

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastBackoff = TimeSpan.FromSeconds(5);

    /// <summary>This process: its own notifications coming back are not delivered twice.</summary>
    private readonly string _origin = Guid.NewGuid().ToString("N");
    private readonly string? _connectionString;
    private readonly IServiceProvider _services;
    private readonly ILogger<ClusterChannel> _log;
    private readonly Channel<ClusterSignal> _outbox = System.Threading.Channels.Channel.CreateUnbounded<ClusterSignal>(
        new UnboundedChannelOptions { SingleReader = true });
    private IClusterSignalHandler[]? _handlers;
    private volatile bool _connected;
    private long _reconnects;

    public ClusterChannel(IConfiguration configuration, IServiceProvider services, ILogger<ClusterChannel> log)
    {
        _services = services;
        _log = log;
        if (DataServices.ProviderFrom(configuration) == DatabaseProvider.Postgres)
            _connectionString = DataServices.NamedForNode(configuration.GetConnectionString(DataServices.ConnectionStringName)
                ?? throw new InvalidOperationException("ConnectionStrings:Pauta is not set."), configuration[DataServices.NodeNameKey]);
        // In-process delivery cannot miss anything.
        _connected = _connectionString is null;
    }

    /// <summary>Whether every signal published on any node reaches this one: always on SQLite; on PostgreSQL while listening.</summary>
    public bool IsConnected => _connected;

    /// <summary>Whether signals cross processes (PostgreSQL) or stay in this one (SQLite).</summary>
    public bool IsShared => _connectionString is not null;

    /// <summary>How many times the listener got its connection back after losing it.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    private IClusterSignalHandler[] Handlers => _handlers ??= _services.GetServices<IClusterSignalHandler>().ToArray();

    /// <summary>Delivers <paramref name="signal"/> on this node now and, on PostgreSQL, sends it to every other node.</summary>
    public void Publish(ClusterSignal signal)
    {
        Deliver(signal);
        if (_connectionString is not null) _outbox.Writer.TryWrite(signal);
    }

    private void Deliver(ClusterSignal signal)
    {
        foreach (var handler in Handlers)
        {
            try { handler.OnSignal(signal); }
            catch (Exception e) { _log.LogError(e, "A cluster signal handler failed on {Signal}", signal); }
        }
    }

    private void Missed()
    {
        foreach (var handler in Handlers)
        {
            try { handler.OnMissedSignals(); }
            catch (Exception e) { _log.LogError(e, "A cluster signal handler failed on missed signals"); }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _connectionString is null ? Task.CompletedTask : Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    // ------------------------------------------------------------------ listening

    private async Task ListenAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(_connectionString)
        {
            ApplicationName = (new NpgsqlConnectionStringBuilder(_connectionString).ApplicationName is { Length: > 0 } name ? name : "pauta") + ListenerSuffix,
            // Not from the pool: a LISTEN belongs to this one session.
            Pooling = false,
            // An idle socket whose server went away is noticed within seconds, not at the next TCP timeout.
            KeepAlive = 2,
        };
        var backoff = FirstBackoff;
        var everConnected = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ToString());
                connection.Notification += (_, e) => Received(e.Payload);
                await connection.OpenAsync(ct);
                await using (var listen = new NpgsqlCommand($"LISTEN {Name}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                _connected = true;
                backoff = FirstBackoff;
                if (everConnected)
                {
                    Interlocked.Increment(ref _reconnects);
                    _log.LogInformation("Cluster channel listening again");
                }
                everConnected = true;
                // Whatever happened before LISTEN took effect was not heard: look again once, now.
                Missed();
                while (true) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                var was = _connected;
                _connected = false;
                if (was) Missed();
                _log.LogWarning(e, "Cluster channel not listening; trying again in {Backoff}", backoff);
            }
            try { await Task.Delay(backoff, ct); }
            catch (OperationCanceledException) { break; }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
        }
        _connected = false;
    }

    private void Received(string payload)
    {
        // "<origin>;<signal>;<signal>…", each signal one kind letter and two ids of 32 hex digits.
        var parts = payload.Split(';');
        if (parts.Length < 2 || parts[0] == _origin) return;
        for (var i = 1; i < parts.Length; i++)
        {
            if (TryParse(parts[i], out var signal)) Deliver(signal);
            else _log.LogWarning("Cluster channel ignored an unknown signal {Signal}", parts[i]);
        }
    }

    internal static string Format(ClusterSignal s) => $"{(char)s.Kind}{s.OrganisationId:N}{s.Id:N}";

    internal static bool TryParse(string text, out ClusterSignal signal)
    {
        signal = default;
        if (text.Length != 65 || !Enum.IsDefined((SignalKind)text[0])) return false;
        if (!Guid.TryParseExact(text.AsSpan(1, 32), "N", out var organisation) || !Guid.TryParseExact(text.AsSpan(33, 32), "N", out var id)) return false;
        signal = new ClusterSignal((SignalKind)text[0], organisation, id);
        return true;
    }

    // ------------------------------------------------------------------ sending

    /// <summary>
    /// Sends what was published, packed into as few notifications as fit under <see cref="MaxPayloadBytes"/>, in one
    /// round trip per burst. A failed send is retried (in order) until it goes: an invalidation must not be lost.
    /// </summary>
    private async Task SendAsync(CancellationToken ct)
    {
        var pending = new List<ClusterSignal>();
        var backoff = FirstBackoff;
        try
        {
            while (pending.Count > 0 || await _outbox.Reader.WaitToReadAsync(ct))
            {
                while (pending.Count < 10_000 && _outbox.Reader.TryRead(out var signal)) pending.Add(signal);
                try
                {
                    var payloads = Pack(_origin, pending);
                    await using var connection = new NpgsqlConnection(_connectionString);
                    await connection.OpenAsync(ct);
                    await using var notify = new NpgsqlCommand($"SELECT pg_notify('{Name}', p) FROM unnest(@p) AS p", connection);
                    notify.Parameters.AddWithValue("p", payloads);
                    await notify.ExecuteNonQueryAsync(ct);
                    pending.Clear();
                    backoff = FirstBackoff;
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    _log.LogWarning(e, "Cluster channel could not send {Count} signals; trying again in {Backoff}", pending.Count, backoff);
                    await Task.Delay(backoff, ct);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, LastBackoff.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    internal static string[] Pack(string origin, IReadOnlyList<ClusterSignal> signals)
    {
        var payloads = new List<string>();
        var sb = new StringBuilder(origin);
        foreach (var signal in signals)
        {
            var text = Format(signal);
            if (sb.Length + 1 + text.Length > MaxPayloadBytes)
            {
                payloads.Add(Checked(sb.ToString()));
                sb.Clear().Append(origin);
            }
            sb.Append(';').Append(text);
        }
        if (sb.Length > origin.Length) payloads.Add(Checked(sb.ToString()));
        return payloads.ToArray();
    }

    /// <summary>Payloads are ASCII, so characters are bytes; one at PostgreSQL's limit would fail the whole send.</summary>
    private static string Checked(string payload) =>
        Encoding.UTF8.GetByteCount(payload) <= MaxPayloadBytes ? payload
            : throw new InvalidOperationException($"A cluster payload of {payload.Length} bytes is over PostgreSQL's limit.");
}

public static class ClusterChannelSetup
{
    /// <summary>The channel, the membership cache on it, and the save interceptor that publishes membership changes.</summary>
    public static IServiceCollection AddClusterChannel(this IServiceCollection services)
    {
        services.AddSingleton<ClusterChannel>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterChannel>());
        services.AddSingleton<Memberships>();
        services.AddSingleton<IClusterSignalHandler>(sp => sp.GetRequiredService<Memberships>());
        services.AddSingleton<MembershipInvalidation>();
        services.ConfigureDbContext<SqlitePautaDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<MembershipInvalidation>()),
            ServiceLifetime.Singleton);
        services.ConfigureDbContext<PostgresPautaDbContext>((sp, o) => o.AddInterceptors(sp.GetRequiredService<MembershipInvalidation>()),
            ServiceLifetime.Singleton);
        return services;
    }
}
