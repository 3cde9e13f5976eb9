using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace Pauta.Web.Features.Board;

/// <summary>
/// The live board's push channel. A connection joins its organisation's group only; it receives nothing but
/// "contactChanged" with a contact id, and the page fetches what it may see through the normal, permission-checked page.
/// </summary>
[Authorize]
public sealed class BoardHub(PautaDbContext db) : Hub
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
        // A hub call has no request scope of its own: the membership is read here, as the tenant middleware does.
        var member = await db.Members.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
            .Where(m => m.UserId == userId).Select(m => new { m.OrganisationId, m.Role }).SingleOrDefaultAsync(Context.ConnectionAborted);
        if (member is null || !Permissions.Has(member.Role, Permission.ViewBoard))
        {
            Context.Abort();
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(member.OrganisationId), Context.ConnectionAborted);
        BoardWatchers.Add(member.OrganisationId);
        Context.Items["org"] = member.OrganisationId;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue("org", out var org) && org is Guid id) BoardWatchers.Remove(id);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>Which organisations have a board open on this node, so the relay only looks for their changes.</summary>
public static class BoardWatchers
{
    private static readonly ConcurrentDictionary<Guid, int> Counts = new();

    public static void Add(Guid organisationId) => Counts.AddOrUpdate(organisationId, 1, (_, n) => n + 1);

    public static void Remove(Guid organisationId)
    {
        if (Counts.AddOrUpdate(organisationId, 0, (_, n) => Math.Max(0, n - 1)) == 0) Counts.TryRemove(KeyValuePair.Create(organisationId, 0));
    }

    public static IReadOnlyCollection<Guid> Organisations => Counts.Keys.ToList();
}

/// <summary>Tells the boards of one organisation that a contact changed: at once on this node, and through <see cref="BoardRelay"/> on the others.</summary>
public sealed class BoardNotifier(IHubContext<BoardHub> hub)
{
    public Task ContactChangedAsync(Guid organisationId, Guid contactId, CancellationToken ct = default) =>
        hub.Clients.Group(BoardHub.Group(organisationId)).SendAsync(BoardHub.ContactChanged, contactId, ct);
}

/// <summary>
/// Web nodes share nothing but the database, so a change made on another node reaches this node's boards by comparing,
/// once a second, the open contacts of the organisations that have a board open here with the previous look: a contact
/// that is new, changed (UpdatedAt) or gone (closed) is announced. Open contacts are few, and their index leads with the
/// organisation and the status. A change seen twice (pushed locally and relayed) only makes a board refresh twice.
/// </summary>
public sealed class BoardRelay(IServiceScopeFactory scopes, BoardNotifier notifier, TimeProvider time, ILogger<BoardRelay> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var previous = new Dictionary<(Guid Organisation, Guid Contact), DateTime>();
        var primed = false;
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var watched = BoardWatchers.Organisations;
            if (watched.Count == 0) { previous.Clear(); primed = false; continue; }
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
                var open = await db.Contacts.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
                    .Where(c => watched.Contains(c.OrganisationId) && c.Status == Pauta.Data.Entities.ContactStatus.Open)
                    .Select(c => new { c.OrganisationId, c.Id, c.UpdatedAt }).ToListAsync(stoppingToken);
                var now = open.ToDictionary(c => (Organisation: c.OrganisationId, Contact: c.Id), c => c.UpdatedAt);
                foreach (var (key, updated) in now)
                    if (primed && (!previous.TryGetValue(key, out var before) || before != updated))
                        await notifier.ContactChangedAsync(key.Organisation, key.Contact, stoppingToken);
                foreach (var key in previous.Keys.Where(k => !now.ContainsKey(k) && watched.Contains(k.Organisation)))
                    await notifier.ContactChangedAsync(key.Organisation, key.Contact, stoppingToken);
                previous = now;
                primed = true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Board relay tick failed; trying again in {Interval}", Interval);
            }
        }
    }
}
