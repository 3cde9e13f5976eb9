using Pauta.Core.Training;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Training;

/// <summary>
/// The training gate on live work (docs/training.md, ADR-009 §4): reads where a person stands (through
/// <see cref="TrainingStandings"/>) and their supervisor overrides, asks Core's <see cref="TrainingGate"/>, and uses an override
/// atomically. <see cref="Contacts.ContactRunService"/> calls it at start and take-over, so pages and the API share it.
/// </summary>
public sealed class TrainingGateService(PautaDbContext db, TrainingStandings standings, TimeProvider time)
{
    /// <summary>The gate's answer for <paramref name="memberId"/> on one protocol now; Allowed for a protocol never published.</summary>
    public async Task<GateDecision> DecideAsync(Guid memberId, Guid protocolId, CancellationToken ct) =>
        (await DecideAllAsync(memberId, [protocolId], ct)).GetValueOrDefault(protocolId) ?? new GateDecision.Allowed();

    /// <summary>The gate's answers for one person on many protocols at once (the suggestion list).</summary>
    public async Task<IReadOnlyDictionary<Guid, GateDecision>> DecideAllAsync(Guid memberId, IReadOnlyCollection<Guid> protocolIds, CancellationToken ct)
    {
        var result = new Dictionary<Guid, GateDecision>();
        if (protocolIds.Count == 0) return result;
        var now = time.GetUtcNow();
        var list = await standings.OfAsync([memberId], protocolIds, ct);
        var blocked = list.Where(s => !s.Trained && s.Gate == GateMode.Block).Select(s => s.ProtocolId).ToList();
        var overrides = blocked.Count == 0 ? [] : await UnusedOverridesAsync(memberId, blocked, now, ct);
        foreach (var s in list)
            result[s.ProtocolId] = TrainingGate.Decide(s.Gate, s.Trained, s.CurrentMajor, memberId, s.ProtocolId, overrides, now);
        return result;
    }

    private async Task<List<GateOverrideView>> UnusedOverridesAsync(Guid memberId, IReadOnlyCollection<Guid> protocolIds, DateTimeOffset now, CancellationToken ct)
    {
        var instant = now.UtcDateTime;
        var rows = await db.GateOverrides.AsNoTracking()
            .Where(o => o.AgentMemberId == memberId && protocolIds.Contains(o.ProtocolId) && o.UsedByContactId == null && o.ExpiresAt > instant)
            .Select(o => new { o.Id, o.AgentMemberId, o.ProtocolId, o.VersionNumber, o.ExpiresAt, o.UsedByContactId })
            .ToListAsync(ct);
        return rows.Select(o => new GateOverrideView(o.Id, o.AgentMemberId, o.ProtocolId, o.VersionNumber,
            new DateTimeOffset(DateTime.SpecifyKind(o.ExpiresAt, DateTimeKind.Utc)), o.UsedByContactId)).ToList();
    }

    /// <summary>
    /// Uses an override for <paramref name="contactId"/>: one conditional update (still unused and unexpired), so of two
    /// starts racing for the same override exactly one gets it. A retry of the same contact finds it already its own.
    /// </summary>
    public async Task<bool> ClaimAsync(Guid overrideId, Guid contactId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claimed = await db.GateOverrides
            .Where(o => o.Id == overrideId && o.UsedByContactId == null && o.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.UsedByContactId, contactId)
                .SetProperty(o => o.UsedAt, now)
                .SetProperty(o => o.Version, o => o.Version + 1), ct);
        return claimed == 1 || await db.GateOverrides.AnyAsync(o => o.Id == overrideId && o.UsedByContactId == contactId, ct);
    }

    /// <summary>Gives an override back when the contact it was claimed for was not stored after all.</summary>
    public Task ReleaseAsync(Guid overrideId, Guid contactId, CancellationToken ct) =>
        db.GateOverrides.Where(o => o.Id == overrideId && o.UsedByContactId == contactId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.UsedByContactId, (Guid?)null)
                .SetProperty(o => o.UsedAt, (DateTime?)null)
                .SetProperty(o => o.Version, o => o.Version + 1), ct);

    /// <summary>
    /// The badge "not trained on vN" for contacts: per (user, protocol) whose gate is on (warn or block) and who has not
    /// acknowledged the current major version, that version. Users are the contacts' handlers.
    /// </summary>
    public async Task<IReadOnlyDictionary<(Guid UserId, Guid ProtocolId), int>> NotTrainedAsync(
        IReadOnlyCollection<(Guid UserId, Guid ProtocolId)> pairs, CancellationToken ct)
    {
        var result = new Dictionary<(Guid, Guid), int>();
        if (pairs.Count == 0) return result;
        var users = pairs.Select(p => p.UserId).Distinct().ToList();
        var members = await db.Members.AsNoTracking().Where(m => users.Contains(m.UserId))
            .Select(m => new { m.Id, m.UserId }).ToDictionaryAsync(m => m.UserId, m => m.Id, ct);
        var protocols = pairs.Select(p => p.ProtocolId).Distinct().ToList();
        var list = (await standings.OfAsync(members.Values.ToList(), protocols, ct)).ToDictionary(s => (s.MemberId, s.ProtocolId));
        foreach (var (user, protocol) in pairs)
            if (members.TryGetValue(user, out var member) && list.TryGetValue((member, protocol), out var s) && !s.Trained && s.Gate != GateMode.Off)
                result[(user, protocol)] = s.CurrentMajor;
        return result;
    }
}
