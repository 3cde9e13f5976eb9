using Microsoft.EntityFrameworkCore;
using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Training;

/// <summary>Where one person stands on one protocol's training.</summary>
/// <param name="CurrentVersion">The protocol's latest published version (0 when never published).</param>
/// <param name="CurrentMajor">The major version that one belongs to: what people must have acknowledged.</param>
/// <param name="Acknowledged">The latest version the person acknowledged; null when none.</param>
/// <param name="Gate">The gate that applies: the course's own, else the organisation's.</param>
public sealed record TrainingStanding(Guid MemberId, Guid ProtocolId, int CurrentVersion, int CurrentMajor, int? Acknowledged, GateMode Gate)
{
    public bool Trained => MajorVersions.Covers(Acknowledged, CurrentMajor);
}

/// <summary>A person's latest acknowledgement of a protocol.</summary>
public sealed record LatestAcknowledgement(int Version, DateTime At, int? ScorePercent);

/// <summary>
/// The one reader of "who is trained on what": the gate, the home page, the matrix and the API ask here, so they never
/// disagree. Trained means acknowledged the current major version or a later one (ADR-009). Bulk by design: the matrix
/// asks for hundreds of people × protocols in three queries.
/// </summary>
public sealed class TrainingStandings(PautaDbContext db)
{
    /// <summary>Per published protocol: its latest version and the major version that belongs to.</summary>
    public Task<IReadOnlyDictionary<Guid, (int Current, int Major)>> CurrentMajorsAsync(CancellationToken ct) => CurrentMajorsAsync(null, ct);

    /// <summary>The same, for the listed protocols only (all of them when <paramref name="only"/> is null): the gate asks for one.</summary>
    public async Task<IReadOnlyDictionary<Guid, (int Current, int Major)>> CurrentMajorsAsync(IReadOnlyCollection<Guid>? only, CancellationToken ct)
    {
        var protocols = db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0);
        var versions = db.ProtocolVersions.AsNoTracking().Where(v => v.ChangeSize == ChangeSize.Major);
        if (only is not null)
        {
            protocols = protocols.Where(p => only.Contains(p.Id));
            versions = versions.Where(v => only.Contains(v.ProtocolId));
        }
        var current = await protocols.Select(p => new { p.Id, p.PublishedVersion }).ToListAsync(ct);
        var majors = await versions
            .GroupBy(v => v.ProtocolId).Select(g => new { ProtocolId = g.Key, Major = g.Max(v => v.Number) }).ToListAsync(ct);
        var majorOf = majors.ToDictionary(m => m.ProtocolId, m => m.Major);
        return current.ToDictionary(p => p.Id,
            p => (p.PublishedVersion, MajorVersions.Of(p.PublishedVersion, majorOf.TryGetValue(p.Id, out var m) ? [m] : [])));
    }

    /// <summary>Every listed person's standing on every listed protocol (protocols never published are left out).</summary>
    public async Task<IReadOnlyList<TrainingStanding>> OfAsync(IReadOnlyCollection<Guid> memberIds, IReadOnlyCollection<Guid> protocolIds, CancellationToken ct)
    {
        var majors = await CurrentMajorsAsync(protocolIds, ct);
        var organisationGate = await db.Organisations.AsNoTracking().Select(o => o.TrainingGate).SingleAsync(ct);
        var courseGates = await db.Courses.AsNoTracking().Where(c => protocolIds.Contains(c.ProtocolId))
            .Select(c => new { c.ProtocolId, c.Gate }).ToDictionaryAsync(c => c.ProtocolId, c => c.Gate, ct);
        var acknowledged = await db.TrainingAcknowledgements.AsNoTracking()
            .Where(a => memberIds.Contains(a.MemberId) && protocolIds.Contains(a.ProtocolId))
            .GroupBy(a => new { a.MemberId, a.ProtocolId })
            .Select(g => new { g.Key.MemberId, g.Key.ProtocolId, Version = g.Max(a => a.VersionNumber) })
            .ToDictionaryAsync(a => (a.MemberId, a.ProtocolId), a => a.Version, ct);
        var result = new List<TrainingStanding>(memberIds.Count * protocolIds.Count);
        foreach (var member in memberIds)
            foreach (var protocol in protocolIds)
            {
                if (!majors.TryGetValue(protocol, out var v)) continue;
                result.Add(new TrainingStanding(member, protocol, v.Current, v.Major,
                    acknowledged.TryGetValue((member, protocol), out var a) ? a : null,
                    courseGates.GetValueOrDefault(protocol) ?? organisationGate));
            }
        return result;
    }

    /// <summary>
    /// Each listed person's latest acknowledgement of each protocol (all protocols when <paramref name="protocolIds"/> is
    /// null): the version, when, and the score it rested on. Pairs never acknowledged are absent.
    /// </summary>
    public async Task<IReadOnlyDictionary<(Guid MemberId, Guid ProtocolId), LatestAcknowledgement>> LatestAcknowledgementsAsync(
        IReadOnlyCollection<Guid> memberIds, IReadOnlyCollection<Guid>? protocolIds, CancellationToken ct)
    {
        var rows = db.TrainingAcknowledgements.AsNoTracking().Where(a => memberIds.Contains(a.MemberId));
        if (protocolIds is not null) rows = rows.Where(a => protocolIds.Contains(a.ProtocolId));
        var all = await rows.Select(a => new { a.MemberId, a.ProtocolId, a.VersionNumber, a.At, a.ScorePercent }).ToListAsync(ct);
        var result = new Dictionary<(Guid, Guid), LatestAcknowledgement>();
        foreach (var a in all)
            if (!result.TryGetValue((a.MemberId, a.ProtocolId), out var seen) || a.VersionNumber > seen.Version)
                result[(a.MemberId, a.ProtocolId)] = new LatestAcknowledgement(a.VersionNumber, a.At, a.ScorePercent);
        return result;
    }

    /// <summary>One person's standing on one protocol; null when the protocol has no published version.</summary>
    public async Task<TrainingStanding?> OfAsync(Guid memberId, Guid protocolId, CancellationToken ct) =>
        (await OfAsync([memberId], [protocolId], ct)).SingleOrDefault();
}
