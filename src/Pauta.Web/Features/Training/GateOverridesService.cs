using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.Training;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Training;

/// <summary>What a supervisor sends to allow one untrained contact.</summary>
public sealed record GrantOverrideInput(Guid? AgentMemberId, Guid? ProtocolId, string? Reason);

/// <summary>One override as the list and the API show it; <paramref name="Count"/> counts every override of that agent on that protocol.</summary>
public sealed record GateOverrideDto(Guid Id, Guid AgentMemberId, string Agent, Guid ProtocolId, string Protocol, int Version, string Reason,
    string GrantedBy, DateTime GrantedAt, DateTime ExpiresAt, Guid? UsedByContactId, DateTime? UsedAt, int Count);

/// <summary>Someone the gate blocks on a protocol now, for the allow form.</summary>
public sealed record BlockedChoice(Guid ProtocolId, string Title, int Version);

/// <summary>
/// Supervisors' overrides of the training gate (<c>/training/allow</c> and <c>/api/v1/training/gate-overrides</c>): allow one
/// agent one contact on a protocol the gate blocks for them, with a reason, until the end of the working day. Recorded, audited,
/// counted per agent and protocol; used by exactly one contact (<see cref="TrainingGateService.ClaimAsync"/>).
/// </summary>
public sealed class GateOverridesService(PautaDbContext db, CurrentMember current, TrainingStandings standings, TimeProvider time, IMemoryCache cache)
{
    public const int RecentCount = 100;

    /// <summary>Members who handle contacts, by name: whom an override can be for.</summary>
    public async Task<IReadOnlyList<(Guid MemberId, string Name)>> AgentsAsync(CancellationToken ct)
    {
        var roles = Enum.GetValues<Role>().Where(r => Permissions.Has(r, Permission.HandleContacts)).ToList();
        return (await db.Members.AsNoTracking().Where(m => roles.Contains(m.Role)).OrderBy(m => m.User.DisplayName)
            .Select(m => new { m.Id, m.User.DisplayName }).ToListAsync(ct)).Select(m => (m.Id, m.DisplayName)).ToList();
    }

    /// <summary>The protocols the gate blocks for <paramref name="memberId"/> now; empty for an unknown member.</summary>
    public async Task<IReadOnlyList<BlockedChoice>> BlockedForAsync(Guid memberId, CancellationToken ct)
    {
        if (!await db.Members.AnyAsync(m => m.Id == memberId, ct)) return [];
        var protocols = await db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0).Select(p => new { p.Id, p.Title }).ToListAsync(ct);
        var list = await standings.OfAsync([memberId], protocols.Select(p => p.Id).ToList(), ct);
        var titles = protocols.ToDictionary(p => p.Id, p => p.Title);
        return list.Where(s => !s.Trained && s.Gate == GateMode.Block)
            .Select(s => new BlockedChoice(s.ProtocolId, titles[s.ProtocolId], s.CurrentMajor))
            .OrderBy(c => c.Title, StringComparer.CurrentCulture).ToList();
    }

    public async Task<Outcome<GateOverrideDto>> GrantAsync(GrantOverrideInput input, CancellationToken ct)
    {
        if (!current.Can(Permission.AllowUntrainedContact)) return Outcome<GateOverrideDto>.Forbidden();
        var problems = new List<Problem>();
        if (input.AgentMemberId is null) problems.Add(new Problem("agentMemberId", "Field.Required"));
        if (input.ProtocolId is null) problems.Add(new Problem("protocolId", "Field.Required"));
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0) problems.Add(new Problem("reason", "Field.Required"));
        else if (reason.Length > TrainingLimits.MaxReasonLength) problems.Add(new Problem("reason", "Field.TooLong", TrainingLimits.MaxReasonLength));
        if (problems.Count > 0) return Outcome<GateOverrideDto>.Invalid(problems);

        // Another organisation's member or protocol is as unknown as one that never existed (the tenant filter hides it).
        var agent = input.AgentMemberId!.Value;
        var protocol = input.ProtocolId!.Value;
        var unknown = new List<Problem>();
        if (!await db.Members.AnyAsync(m => m.Id == agent, ct)) unknown.Add(new Problem("agentMemberId", "Training.Allow.UnknownAgent"));
        if (!await db.Protocols.AnyAsync(p => p.Id == protocol && p.PublishedVersion > 0, ct)) unknown.Add(new Problem("protocolId", "Training.Allow.UnknownProtocol"));
        if (unknown.Count > 0) return new Outcome<GateOverrideDto>(default, Failure.NotFound, unknown);

        var standing = await standings.OfAsync(agent, protocol, ct);
        if (standing is null || standing.Trained || standing.Gate != GateMode.Block)
            return Outcome<GateOverrideDto>.Invalid("protocolId", "Training.Allow.NotBlocked");

        var now = time.GetUtcNow();
        var calendar = await OrganisationCalendar.ForClocksAsync(db, cache, current.OrganisationId, ct);
        var row = new GateOverride
        {
            Id = Guid.CreateVersion7(now),
            AgentMemberId = agent,
            ProtocolId = protocol,
            VersionNumber = standing.CurrentMajor,
            GrantedByUserId = current.UserId,
            Reason = reason,
            GrantedAt = now.UtcDateTime,
            ExpiresAt = TrainingGate.OverrideExpiry(calendar, now).UtcDateTime,
        };
        db.GateOverrides.Add(row);
        db.Audit(current.UserId, "training.gate-override.granted", nameof(GateOverride), row.Id,
            $"agent {agent} protocol {protocol} v{row.VersionNumber}: {reason}");
        await db.SaveChangesAsync(ct);
        return Outcome<GateOverrideDto>.Ok((await ListAsync(agent, protocol, ct)).Single(o => o.Id == row.Id));
    }

    /// <summary>The most recent overrides (newest first), optionally of one agent and/or protocol, each with its count.</summary>
    public async Task<IReadOnlyList<GateOverrideDto>> ListAsync(Guid? agentMemberId, Guid? protocolId, CancellationToken ct)
    {
        var query = db.GateOverrides.AsNoTracking();
        if (agentMemberId is { } a) query = query.Where(o => o.AgentMemberId == a);
        if (protocolId is { } p) query = query.Where(o => o.ProtocolId == p);
        var rows = await query.OrderByDescending(o => o.GrantedAt).ThenByDescending(o => o.Id).Take(RecentCount).ToListAsync(ct);
        if (rows.Count == 0) return [];
        var agents = rows.Select(o => o.AgentMemberId).Distinct().ToList();
        var protocols = rows.Select(o => o.ProtocolId).Distinct().ToList();
        var counts = await db.GateOverrides.AsNoTracking().Where(o => agents.Contains(o.AgentMemberId) && protocols.Contains(o.ProtocolId))
            .GroupBy(o => new { o.AgentMemberId, o.ProtocolId }).Select(g => new { g.Key.AgentMemberId, g.Key.ProtocolId, Count = g.Count() })
            .ToDictionaryAsync(g => (g.AgentMemberId, g.ProtocolId), g => g.Count, ct);
        var agentNames = await db.Members.AsNoTracking().Where(m => agents.Contains(m.Id))
            .Select(m => new { m.Id, m.User.DisplayName }).ToDictionaryAsync(m => m.Id, m => m.DisplayName, ct);
        var granters = rows.Select(o => o.GrantedByUserId).Distinct().ToList();
        var granterNames = await db.Users.AsNoTracking().Where(u => granters.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var titles = await db.Protocols.AsNoTracking().Where(x => protocols.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Title, ct);
        return rows.Select(o => new GateOverrideDto(o.Id, o.AgentMemberId, agentNames.GetValueOrDefault(o.AgentMemberId, ""), o.ProtocolId,
            titles.GetValueOrDefault(o.ProtocolId, ""), o.VersionNumber, o.Reason, granterNames.GetValueOrDefault(o.GrantedByUserId, ""),
            o.GrantedAt, o.ExpiresAt, o.UsedByContactId, o.UsedAt, counts.GetValueOrDefault((o.AgentMemberId, o.ProtocolId)))).ToList();
    }
}
