using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Pauta.Web.Infrastructure.Cluster;

namespace Pauta.Web.Features.Board;

/// <summary>
/// The live board's push channel. A connection joins its organisation's group only; it receives nothing but
/// "contactChanged" with a contact id, and the page fetches what it may see through the normal, permission-checked page.
/// </summary>
[Authorize]
public sealed class BoardHub(PautaDbContext db, Memberships memberships, BoardWatchers watchers) : Hub
{
    public const string Path = "/hubs/board";
    public const string ContactChanged = "contactChanged";

    public static string Group(Guid organisationId) => $"org:{organisationId:N}";

    public override async Task OnConnectedAsync()
    {
        if (!Guid.TryParse(Context.User?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            Context.Abort();
            return;
        }
        // A hub call has no request scope of its own: the membership is read here, through the same reader as the tenant
        // middleware's, and the cookie's security stamp must still be the person's (as the middleware demands).
        var member = await memberships.GetAsync(db, userId, Context.ConnectionAborted);
        var stamp = Context.User?.FindFirstValue(Context.GetHttpContext()?.RequestServices
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Identity.IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType ?? "AspNet.Identity.SecurityStamp");
        if (member is null || !Permissions.Has(member.Role, Permission.ViewBoard) || !string.Equals(stamp, member.SecurityStamp, StringComparison.Ordinal))
        {
            Context.Abort();
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(member.OrganisationId), Context.ConnectionAborted);
        watchers.Add(member.OrganisationId);
        Context.Items["org"] = member.OrganisationId;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue("org", out var org) && org is Guid id) watchers.Remove(id);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>Which organisations have a board open on this node, so the relay and the channel only bother for them.</summary>
public sealed class BoardWatchers
{
    private readonly ConcurrentDictionary<Guid, int> _counts = new();

    public void Add(Guid organisationId) => _counts.AddOrUpdate(organisationId, 1, (_, n) => n + 1);

    public void Remove(Guid organisationId)
    {
        if (_counts.AddOrUpdate(organisationId, 0, (_, n) => Math.Max(0, n - 1)) == 0) _counts.TryRemove(KeyValuePair.Create(organisationId, 0));
    }

    public IReadOnlyCollection<Guid> Organisations => _counts.Keys.ToList();

    public bool IsWatched(Guid organisationId) => _counts.ContainsKey(organisationId);
}

/// <summary>
/// Tells the boards of one organisation that a contact changed, on every node: the change is published on the
/// <see cref="ClusterChannel"/> (delivered on this node at once, on the others through PostgreSQL), and each node pushes
/// the signals it receives to its own SignalR group. When the channel may have missed signals, <see cref="BoardRelay"/>
/// looks again.
/// </summary>
public sealed class BoardNotifier(IHubContext<BoardHub> hub, ClusterChannel channel, BoardWatchers watchers, ILogger<BoardNotifier> log) : IClusterSignalHandler
{
    private readonly SemaphoreSlim _missed = new(0, 1);

    /// <summary>Called after the change is committed.</summary>
    public Task ContactChangedAsync(Guid organisationId, Guid contactId, CancellationToken ct = default)
    {
        channel.Publish(new ClusterSignal(SignalKind.Contact, organisationId, contactId));
        return Task.CompletedTask;
    }

    /// <summary>Pushes to this node's boards only (the relay's catch-up: every node finds its own).</summary>
    internal Task PushAsync(Guid organisationId, Guid contactId, CancellationToken ct = default) =>
        hub.Clients.Group(BoardHub.Group(organisationId)).SendAsync(BoardHub.ContactChanged, contactId, ct);

    public void OnSignal(ClusterSignal signal)
    {
        if (signal.Kind != SignalKind.Contact || !watchers.IsWatched(signal.OrganisationId)) return;
        var push = PushAsync(signal.OrganisationId, signal.Id);
        if (!push.IsCompletedSuccessfully)
            push.ContinueWith(t => log.LogWarning(t.Exception, "Could not push contact {Contact} to the board", signal.Id),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public void OnMissedSignals()
    {
        if (_missed.CurrentCount == 0) try { _missed.Release(); } catch (SemaphoreFullException) { }
    }

    /// <summary>Waits until the channel says signals may have been missed, or <paramref name="atMost"/> passed; true when missed.</summary>
    internal Task<bool> WaitForMissedAsync(TimeSpan atMost, CancellationToken ct) => _missed.WaitAsync(atMost, ct);
}

/// <summary>
/// The board's catch-up: a node that may have missed a signal (its listener dropped and came back) compares the open
/// contacts of the organisations that have a board open here with its previous look, and announces a contact that is
/// new, changed (UpdatedAt) or gone (closed). It looks right after the channel comes back, and every
/// <see cref="SafetySweep"/> anyway, so a lost notification is never permanent. Open contacts are few, and their index
/// leads with the organisation and the status. A change seen twice only makes a board refresh twice.
/// </summary>
public sealed class BoardRelay(IServiceScopeFactory scopes, BoardNotifier notifier, BoardWatchers watchers, ILogger<BoardRelay> log) : BackgroundService
{
    public static readonly TimeSpan SafetySweep = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var previous = new Dictionary<(Guid Organisation, Guid Contact), DateTime>();
        var primed = new HashSet<Guid>();
        while (!stoppingToken.IsCancellationRequested)
        {
            bool missed;
            try { missed = await notifier.WaitForMissedAsync(SafetySweep, stoppingToken); }
            catch (OperationCanceledException) { break; }
            var watched = watchers.Organisations;
            if (watched.Count == 0) { previous.Clear(); primed.Clear(); continue; }
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
                var open = await db.Contacts.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
                    .Where(c => watched.Contains(c.OrganisationId) && c.Status == Pauta.Data.Entities.ContactStatus.Open)
                    .Select(c => new { c.OrganisationId, c.Id, c.UpdatedAt }).ToListAsync(stoppingToken);
                var now = open.ToDictionary(c => (Organisation: c.OrganisationId, Contact: c.Id), c => c.UpdatedAt);
                foreach (var (key, updated) in now)
                    if (primed.Contains(key.Organisation) && (!previous.TryGetValue(key, out var before) || before != updated))
                        await notifier.PushAsync(key.Organisation, key.Contact, stoppingToken);
                foreach (var key in previous.Keys.Where(k => !now.ContainsKey(k) && watched.Contains(k.Organisation)))
                    await notifier.PushAsync(key.Organisation, key.Contact, stoppingToken);
                // A board opened since the last look has nothing to compare with: after a miss it simply looks again.
                if (missed)
                    foreach (var organisation in watched.Where(o => !primed.Contains(o)))
                        await notifier.PushAsync(organisation, Guid.Empty, stoppingToken);
                previous = now;
                primed = [.. watched];
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Board catch-up failed; trying again in {Interval}", SafetySweep);
            }
        }
    }
}
