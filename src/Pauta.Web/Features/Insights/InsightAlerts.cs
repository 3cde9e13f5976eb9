using Pauta.Core.Insights;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;

namespace Pauta.Web.Features.Insights;

/// <summary>A rule as the alerts page lists it.</summary>
public sealed record AlertRuleView(Guid Id, InsightAlertKind Kind, int Threshold, Guid? ProtocolId, string? Protocol, DateTime CreatedAt);

/// <summary>A raised alert not yet acknowledged, as the board and the home page show it.</summary>
public sealed record AlertView(Guid Id, Guid RuleId, InsightAlertKind Kind, int Threshold, string? Protocol, Guid? ProtocolId, int? ProtocolVersion,
    string Subject, string SubjectTitle, DateTime WindowStart, DateTime WindowEnd, int Met, int Of, DateTime RaisedAt, DateTime? ResolvedAt);

/// <summary>The form that adds a rule, as it arrives.</summary>
public sealed record AlertRuleForm(string? Kind, string? Threshold, string? Protocol);

/// <summary>
/// Insight alerts (docs/insights.md, "Alerts"): the rules managers set, their evaluation against the numbers of
/// <see cref="InsightsReader"/> (the one reader) for the current organisation, and the raised alerts people see and
/// acknowledge. <see cref="InsightAlertWorker"/> evaluates every organisation's rules on a timer.
/// </summary>
public sealed class InsightAlerts(PautaDbContext db, InsightsReader reader, CurrentMember me, TimeProvider time)
{
    public const int MaxRules = 50;

    public async Task<IReadOnlyList<AlertRuleView>> RulesAsync(CancellationToken ct)
    {
        var rules = await db.Set<InsightAlertRule>().AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(ct);
        var titles = await TitlesAsync(rules.Select(r => r.ProtocolId), ct);
        return rules.Select(r => new AlertRuleView(r.Id, r.Kind, r.Threshold, r.ProtocolId, r.ProtocolId is { } p ? titles.GetValueOrDefault(p) : null, r.CreatedAt)).ToList();
    }

    public async Task<Outcome<Guid>> AddRuleAsync(AlertRuleForm form, CancellationToken ct)
    {
        if (!me.Can(Permission.ManageInsightAlerts)) return Outcome<Guid>.Forbidden();
        var problems = new List<Problem>();
        InsightAlertKind? kind = null;
        if (Enum.TryParse<InsightAlertKind>(form.Kind?.Trim(), ignoreCase: true, out var k) && Enum.IsDefined(k) && !int.TryParse(form.Kind, out _)) kind = k;
        else problems.Add(new Problem("Kind", "Insights.BadChoice", form.Kind ?? "", string.Join(", ", Enum.GetNames<InsightAlertKind>())));
        if (kind is { } known) problems.AddRange(InsightAlertRules.Validate(known, form.Threshold));
        Guid? protocol = null;
        if (!string.IsNullOrWhiteSpace(form.Protocol))
        {
            // Only this organisation's published protocols: another's id is simply not found here.
            if (Guid.TryParse(form.Protocol.Trim(), out var id) && await db.Protocols.AnyAsync(p => p.Id == id && p.PublishedVersion > 0, ct)) protocol = id;
            else problems.Add(new Problem("Protocol", "Insights.Alerts.UnknownProtocol", form.Protocol));
        }
        if (problems.Count == 0 && await db.Set<InsightAlertRule>().CountAsync(ct) >= MaxRules)
            problems.Add(new Problem("", "Insights.Alerts.TooMany", MaxRules));
        if (problems.Count > 0) return Outcome<Guid>.Invalid(problems);

        var rule = new InsightAlertRule
        {
            Id = Guid.NewGuid(), Kind = kind!.Value, Threshold = int.Parse(form.Threshold!.Trim(), System.Globalization.CultureInfo.InvariantCulture),
            ProtocolId = protocol, CreatedByUserId = me.UserId, CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Set<InsightAlertRule>().Add(rule);
        db.Audit(me.UserId, "insights.alert-rule.add", "insight-alert-rule", rule.Id.ToString(), $"{rule.Kind} {rule.Threshold} {rule.ProtocolId}");
        await db.SaveChangesAsync(ct);
        return Outcome<Guid>.Ok(rule.Id);
    }

    public async Task<Outcome<bool>> DeleteRuleAsync(Guid id, CancellationToken ct)
    {
        if (!me.Can(Permission.ManageInsightAlerts)) return Outcome<bool>.Forbidden();
        var rule = await db.Set<InsightAlertRule>().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rule is null) return Outcome<bool>.NotFound();
        db.Remove(rule);
        db.Audit(me.UserId, "insights.alert-rule.delete", "insight-alert-rule", rule.Id.ToString(), $"{rule.Kind} {rule.Threshold} {rule.ProtocolId}");
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>The alerts nobody has acknowledged yet, newest first (for those who may see insights).</summary>
    public async Task<IReadOnlyList<AlertView>> OpenAsync(CancellationToken ct)
    {
        if (!me.Can(Permission.ViewInsights)) return [];
        var rows = await (from a in db.Set<InsightAlert>().AsNoTracking()
                          join r in db.Set<InsightAlertRule>().AsNoTracking() on a.RuleId equals r.Id
                          where a.AcknowledgedAt == null
                          orderby a.RaisedAt descending
                          select new { a, r.Kind, r.Threshold, RuleProtocol = r.ProtocolId }).Take(50).ToListAsync(ct);
        var titles = await TitlesAsync(rows.Select(x => x.a.ProtocolId ?? x.RuleProtocol), ct);
        return rows.Select(x =>
        {
            var protocol = x.a.ProtocolId ?? x.RuleProtocol;
            return new AlertView(x.a.Id, x.a.RuleId, x.Kind, x.Threshold, protocol is { } p ? titles.GetValueOrDefault(p) : null, protocol, x.a.ProtocolVersion,
                x.a.Subject, x.a.SubjectTitle, x.a.WindowStart, x.a.WindowEnd, x.a.Met, x.a.Of, x.a.RaisedAt, x.a.ResolvedAt);
        }).ToList();
    }

    public async Task<Outcome<bool>> AcknowledgeAsync(Guid id, CancellationToken ct)
    {
        if (!me.Can(Permission.ViewInsights)) return Outcome<bool>.Forbidden();
        var alert = await db.Set<InsightAlert>().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null) return Outcome<bool>.NotFound();
        if (alert.AcknowledgedAt is null)
        {
            alert.AcknowledgedAt = time.GetUtcNow().UtcDateTime;
            alert.AcknowledgedByUserId = me.UserId;
            db.Audit(me.UserId, "insights.alert.acknowledge", "insight-alert", alert.Id.ToString(), alert.Subject);
            await db.SaveChangesAsync(ct);
        }
        return Outcome<bool>.Ok(true);
    }

    /// <summary>What one evaluation did.</summary>
    public sealed record Evaluation(int Raised, int Resolved);

    /// <summary>
    /// Evaluates every rule of the current organisation at the current instant: raises an alert for each subject over its
    /// threshold in the current period (once), updates the measure of the alerts already raised in that period, and marks
    /// those back within the threshold as resolved (they stay until acknowledged).
    /// </summary>
    public async Task<Evaluation> EvaluateAsync(CancellationToken ct)
    {
        var rules = await db.Set<InsightAlertRule>().AsNoTracking().ToListAsync(ct);
        if (rules.Count == 0) return new Evaluation(0, 0);
        var zoneId = await db.Organisations.AsNoTracking().Select(o => o.TimeZoneId).FirstAsync(ct);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var tz) ? tz : TimeZoneInfo.Utc;
        var now = time.GetUtcNow();
        var raised = 0;
        var resolved = 0;
        foreach (var rule in rules)
        {
            var window = InsightAlertRules.WindowAt(rule.Kind, now, zone);
            var measures = await MeasureAsync(rule, window, ct);
            var existing = await db.Set<InsightAlert>().Where(a => a.RuleId == rule.Id && a.WindowStart == window.StartUtc).ToListAsync(ct);
            foreach (var m in measures)
            {
                var over = InsightAlertRules.Raises(rule.Kind, rule.Threshold, m.Met, m.Of);
                var alert = existing.FirstOrDefault(a => a.Subject == m.Subject);
                if (alert is null)
                {
                    if (!over) continue;
                    db.Set<InsightAlert>().Add(new InsightAlert
                    {
                        Id = Guid.NewGuid(), RuleId = rule.Id, Subject = m.Subject, SubjectTitle = m.Title, ProtocolId = m.ProtocolId,
                        ProtocolVersion = m.Version, WindowStart = window.StartUtc, WindowEnd = window.EndUtc, Met = m.Met, Of = m.Of,
                        RaisedAt = now.UtcDateTime,
                    });
                    raised++;
                    continue;
                }
                alert.Met = m.Met;
                alert.Of = m.Of;
                if (!over && alert.ResolvedAt is null) { alert.ResolvedAt = now.UtcDateTime; resolved++; }
                else if (over) alert.ResolvedAt = null;
            }
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) when (raised > 0)
        {
            // Another node raised the same alert first (the unique index): it is there, which is all that matters.
            db.ChangeTracker.Clear();
            return new Evaluation(0, 0);
        }
        return new Evaluation(raised, resolved);
    }

    private sealed record Measure(string Subject, string Title, Guid? ProtocolId, int? Version, int Met, int Of);

    private async Task<IReadOnlyList<Measure>> MeasureAsync(InsightAlertRule rule, InsightAlertWindow window, CancellationToken ct)
    {
        var filter = new InsightsFilter(window.FirstDay, window.LastDay, ProtocolId: rule.ProtocolId);
        switch (rule.Kind)
        {
            case InsightAlertKind.AttainmentBelow:
                var a = await reader.HourAttainmentAsync(rule.ProtocolId, window.StartUtc, window.EndUtc, ct);
                return [new Measure("", "", rule.ProtocolId, null, a.Met, a.Of)];
            case InsightAlertKind.StepOverridesAbove:
                var protocols = await db.Protocols.AsNoTracking()
                    .Where(p => p.PublishedVersion > 0 && (rule.ProtocolId == null || p.Id == rule.ProtocolId))
                    .Select(p => new { p.Id, p.PublishedVersion }).ToListAsync(ct);
                var found = new List<Measure>();
                foreach (var p in protocols)
                    for (var v = 1; v <= p.PublishedVersion; v++)
                    {
                        var adherence = await reader.AdherenceAsync(filter with { ProtocolId = p.Id, Version = v }, p.Id, v, ct);
                        if (adherence is null) continue;
                        found.AddRange(adherence.Steps.Select(s => new Measure($"{p.Id:N}/v{v}/{s.Step}", s.Title, p.Id, v, s.Overridden, 0)));
                    }
                return found;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule.Kind, null);
        }
    }

    private async Task<Dictionary<Guid, string>> TitlesAsync(IEnumerable<Guid?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Protocols.AsNoTracking().Where(p => wanted.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
    }
}

/// <summary>
/// Evaluates the alert rules of every organisation that has any, every <see cref="Interval"/> (each in its own scope
/// and tenant, like <see cref="Contacts.BreachWorker"/>), on the one node that holds the <see cref="WorkerLease.InsightAlerts"/>
/// lease. Time comes from <see cref="TimeProvider"/>, so tests move it. An alert is unique per rule, subject and period (an
/// index), so two nodes evaluating at once (a lease lost mid-tick) raise it once.
/// </summary>
public sealed class InsightAlertWorker(IServiceScopeFactory scopes, IWorkerLeases leases, TimeProvider time, ILogger<InsightAlertWorker> log)
    : LeasedWorker(leases, time, log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public override WorkerLease Lease => WorkerLease.InsightAlerts;
    public override TimeSpan Period => Interval;
    protected override Task RunTickAsync(CancellationToken ct) => TickAsync(ct);

    /// <summary>One evaluation of every organisation's rules; answers the alerts raised.</summary>
    public async Task<int> TickAsync(CancellationToken ct)
    {
        List<Guid> organisations;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
            organisations = await db.Set<InsightAlertRule>().IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
                .Select(r => r.OrganisationId).Distinct().ToListAsync(ct);
        }
        var raised = 0;
        foreach (var organisation in organisations)
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
            try { raised += (await scope.ServiceProvider.GetRequiredService<InsightAlerts>().EvaluateAsync(ct)).Raised; }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Could not evaluate the insight alerts of organisation {Organisation}", organisation);
            }
        }
        return raised;
    }
}
