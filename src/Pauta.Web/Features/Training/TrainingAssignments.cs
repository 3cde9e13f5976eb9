using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Training;

/// <summary>A rule of a course as the rules page and the API show it.</summary>
/// <param name="Reaches">How many people it reaches now.</param>
public sealed record RuleView(Guid Id, Guid ProtocolId, AssignmentTarget Target, string TargetId, string TargetName, int DueInDays, int Reaches, DateTime CreatedAt);

/// <summary>A new rule: <paramref name="TargetId"/> is a role's name (or number), or the id of a department, position or member.</summary>
public sealed record RuleInput(AssignmentTarget? Target, string? TargetId, int? DueInDays);

/// <summary>One assignment of one person.</summary>
public sealed record AssignmentView(Guid Id, Guid MemberId, Guid ProtocolId, string ProtocolTitle, Guid? RuleId, int ForVersion, int? PreviousVersion,
    DateTime AssignedAt, DateTime DueAt, DateTime? StartedAt, DateTime? CompletedAt, DateTime? RemovedAt, DateTime? RemindedAt)
{
    public bool IsOpen => CompletedAt is null && RemovedAt is null;
    public bool IsOverdue(DateTime now) => IsOpen && DueAt < now;
}

/// <summary>The nav badge: how many open assignments a person has, and how many of them are overdue.</summary>
public sealed record TrainingBadge(int Open, int Overdue);

/// <summary>A course's rules and what they assign: what the rules page, the API and the hooks call.</summary>
/// <param name="ProtocolTitle">Null when the protocol does not exist (in this organisation).</param>
public sealed record CourseRules(Guid ProtocolId, string? ProtocolTitle, bool HasCourse, IReadOnlyList<RuleView> Rules);

/// <summary>
/// Assignments follow the rules of the courses (ADR-009, docs/training.md): this class loads the facts, asks
/// <see cref="AssignmentPlanner"/> what to change and writes it in one transaction. Called by the rules page and API,
/// by publishing (<see cref="TrainingOnPublish"/>), and when a person joins, moves or leaves
/// (<see cref="PersonChangedAsync"/>).
/// </summary>
public sealed class TrainingAssignments(PautaDbContext db, CurrentMember current, TimeProvider time, TrainingStandings standings)
{
    /// <summary>Rows inserted per SaveChanges when a major version re-assigns thousands of people.</summary>
    private const int InsertBatch = 2_000;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    // ---- rules ----

    /// <summary>The rules of a protocol's course; NotFound when the protocol is not this organisation's.</summary>
    public async Task<Outcome<CourseRules>> RulesAsync(Guid protocolId, CancellationToken ct)
    {
        if (!current.Can(Permission.ManageTraining)) return Outcome<CourseRules>.Forbidden();
        var title = await db.Protocols.AsNoTracking().Where(p => p.Id == protocolId).Select(p => p.Title).SingleOrDefaultAsync(ct);
        if (title is null) return Outcome<CourseRules>.NotFound();
        var hasCourse = await db.Courses.AnyAsync(c => c.ProtocolId == protocolId, ct);
        var rules = await db.CourseRules.AsNoTracking().Where(r => r.ProtocolId == protocolId && r.RemovedAt == null)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(ct);
        var people = await PeopleAsync(ct);
        var names = await TargetNamesAsync(ct);
        var views = rules.Select(r =>
        {
            var fact = Fact(r);
            return new RuleView(r.Id, r.ProtocolId, r.Target, PublicTargetId(r), names.GetValueOrDefault((r.Target, r.TargetKey)) ?? r.TargetKey,
                r.DueInDays, people.Count(p => AssignmentPlanner.Reaches(fact, p)), r.CreatedAt);
        }).ToList();
        return Outcome<CourseRules>.Ok(new CourseRules(protocolId, title, hasCourse, views));
    }

    /// <summary>Adds a rule to a protocol's course and assigns the course to the people it reaches, in one transaction.</summary>
    public async Task<Outcome<RuleView>> AddRuleAsync(Guid protocolId, RuleInput input, CancellationToken ct)
    {
        if (!current.Can(Permission.ManageTraining)) return Outcome<RuleView>.Forbidden();
        if (!await db.Protocols.AnyAsync(p => p.Id == protocolId, ct)) return Outcome<RuleView>.NotFound();
        var course = await db.Courses.AsNoTracking().Where(c => c.ProtocolId == protocolId).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
        if (course is null) return Outcome<RuleView>.Invalid("", "Training.Assign.NoCourse");

        var problems = new List<Problem>();
        var key = await TargetKeyAsync(input, problems, ct);
        if (input.DueInDays is not { } days) problems.Add(new Problem("DueInDays", "Field.Required"));
        else if (days < 1 || days > TrainingLimits.MaxDueInDays) problems.Add(new Problem("DueInDays", "Training.Assign.DueRange", 1, TrainingLimits.MaxDueInDays));
        if (problems.Count == 0 && await db.CourseRules.AnyAsync(r => r.ProtocolId == protocolId && r.RemovedAt == null
                && r.Target == input.Target && r.TargetKey == key, ct))
            problems.Add(new Problem("TargetId", "Training.Assign.Duplicate"));
        if (problems.Count > 0) return Outcome<RuleView>.Invalid(problems);

        var rule = new CourseRule
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()), CourseId = course.Value, ProtocolId = protocolId, Target = input.Target!.Value,
            TargetKey = key!, DueInDays = input.DueInDays!.Value, CreatedByUserId = current.UserId, CreatedAt = Now,
        };
        await using (var tx = await BeginAsync(ct))
        {
            db.CourseRules.Add(rule);
            db.Audit(current.UserId, "training.rule.added", nameof(CourseRule), rule.Id, $"{protocolId} {rule.Target} {rule.TargetKey} {rule.DueInDays}d");
            await db.SaveChangesAsync(ct);
            var facts = await FactsAsync([protocolId], null, ct);
            await ApplyAsync(AssignmentPlanner.ForNewRule(facts, Fact(rule), rule.CreatedAt), rule.CreatedAt, ct);
            if (tx is not null) await tx.CommitAsync(ct);
        }
        var view = (await RulesAsync(protocolId, ct)).Value!.Rules.Single(r => r.Id == rule.Id);
        return Outcome<RuleView>.Ok(view);
    }

    /// <summary>Removes a rule; the pending assignments no other rule reaches are removed with it.</summary>
    public async Task<Outcome<bool>> RemoveRuleAsync(Guid ruleId, CancellationToken ct)
    {
        if (!current.Can(Permission.ManageTraining)) return Outcome<bool>.Forbidden();
        var rule = await db.CourseRules.SingleOrDefaultAsync(r => r.Id == ruleId && r.RemovedAt == null, ct);
        if (rule is null) return Outcome<bool>.NotFound();
        await using var tx = await BeginAsync(ct);
        var now = Now;
        rule.RemovedAt = now;
        db.Audit(current.UserId, "training.rule.removed", nameof(CourseRule), rule.Id, $"{rule.ProtocolId} {rule.Target} {rule.TargetKey}");
        await db.SaveChangesAsync(ct);
        var facts = await FactsAsync([rule.ProtocolId], null, ct);
        await ApplyAsync(AssignmentPlanner.ForRuleRemoved(facts, rule.ProtocolId, now), now, ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>What the rules form offers for each kind of target, by id (roles by name).</summary>
    public async Task<IReadOnlyDictionary<AssignmentTarget, IReadOnlyList<(string Id, string Name)>>> TargetChoicesAsync(CancellationToken ct)
    {
        var names = await TargetNamesAsync(ct);
        return Enum.GetValues<AssignmentTarget>().ToDictionary(t => t, t => (IReadOnlyList<(string, string)>)names
            .Where(n => n.Key.Target == t)
            .Select(n => (t == AssignmentTarget.Role ? RuleKeys.RoleOf(n.Key.Key)!.Value.ToString() : n.Key.Key, n.Value))
            .OrderBy(n => t == AssignmentTarget.Role ? "" : n.Value, StringComparer.CurrentCultureIgnoreCase).ToList());
    }

    // ---- assignments ----

    /// <summary>A person's assignments, newest first: managers and record viewers may read anyone's, a person their own.</summary>
    public async Task<Outcome<IReadOnlyList<AssignmentView>>> OfMemberAsync(Guid memberId, CancellationToken ct)
    {
        if (memberId != current.MemberId && !current.Can(Permission.ManageTraining) && !current.Can(Permission.ViewTrainingRecords))
            return Outcome<IReadOnlyList<AssignmentView>>.Forbidden();
        if (!await db.Members.AnyAsync(m => m.Id == memberId, ct)) return Outcome<IReadOnlyList<AssignmentView>>.NotFound();
        return Outcome<IReadOnlyList<AssignmentView>>.Ok(await ViewsAsync(db.TrainingAssignments.Where(a => a.MemberId == memberId), ct));
    }

    /// <summary>The signed-in person's open assignments, the earliest due first (the home page).</summary>
    public async Task<IReadOnlyList<AssignmentView>> MineOpenAsync(CancellationToken ct) =>
        (await ViewsAsync(db.TrainingAssignments.Where(a => a.MemberId == current.MemberId && a.CompletedAt == null && a.RemovedAt == null), ct))
            .OrderBy(a => a.DueAt).ToList();

    /// <summary>The nav badge: one indexed count over the person's open assignments.</summary>
    public async Task<TrainingBadge> BadgeAsync(CancellationToken ct)
    {
        var counts = await Badge.For(db)(db, current.MemberId, Now, ct);
        return counts ?? new TrainingBadge(0, 0);
    }

    // Every signed-in page shows the badge, so its count is compiled once per model.
    private static readonly PerModel<Func<PautaDbContext, Guid, DateTime, CancellationToken, Task<TrainingBadge?>>> Badge = new(() =>
        EF.CompileAsyncQuery((PautaDbContext db, Guid memberId, DateTime now, CancellationToken ct) =>
            db.TrainingAssignments.AsNoTracking()
                .Where(a => a.MemberId == memberId && a.CompletedAt == null && a.RemovedAt == null)
                .GroupBy(_ => 1).Select(g => new TrainingBadge(g.Count(), g.Count(a => a.DueAt < now))).SingleOrDefault()));

    private async Task<IReadOnlyList<AssignmentView>> ViewsAsync(IQueryable<TrainingAssignment> query, CancellationToken ct)
    {
        var rows = await query.AsNoTracking()
            .Join(db.Protocols, a => a.ProtocolId, p => p.Id, (a, p) => new { a, p.Title })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.a.AssignedAt).ThenBy(r => r.a.Id)
            .Select(r => new AssignmentView(r.a.Id, r.a.MemberId, r.a.ProtocolId, r.Title, r.a.RuleId, r.a.ForVersion, r.a.PreviousVersion,
                r.a.AssignedAt, r.a.DueAt, r.a.StartedAt, r.a.CompletedAt, r.a.RemovedAt, r.a.RemindedAt))
            .ToList();
    }

    // ---- hooks ----

    /// <summary>
    /// A person joined (invitation accepted), changed role, department or position, or left: their pending assignments
    /// follow the rules. Joins the caller's transaction when there is one.
    /// </summary>
    public async Task PersonChangedAsync(Guid memberId, CancellationToken ct)
    {
        await using var tx = await BeginAsync(ct);
        var facts = await FactsAsync(null, [memberId], ct);
        var now = Now;
        await ApplyAsync(AssignmentPlanner.ForPersonChanged(facts, memberId, now), now, ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    /// <summary>A person acknowledged a version of a protocol: the open assignments it covers are completed.</summary>
    public async Task AcknowledgedAsync(Guid memberId, Guid protocolId, CancellationToken ct)
    {
        await using var tx = await BeginAsync(ct);
        var facts = await FactsAsync([protocolId], [memberId], ct);
        var now = Now;
        await ApplyAsync(AssignmentPlanner.ForAcknowledged(facts, memberId, protocolId, now), now, ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    /// <summary>
    /// A version was published: nothing for a minor one; a major one re-assigns exactly the people the protocol's rules
    /// reach who have not acknowledged it, due the organisation's re-training days after now. Answers how many were assigned.
    /// </summary>
    public async Task<int> PublishedAsync(Guid protocolId, int number, ChangeSize changeSize, CancellationToken ct)
    {
        switch (changeSize)
        {
            case ChangeSize.Minor:
                return 0;
            case ChangeSize.Major:
                // A protocol without a course (or without rules) has nobody to re-assign: no need to read the people.
                if (!await db.CourseRules.AnyAsync(r => r.ProtocolId == protocolId && r.RemovedAt == null, ct)) return 0;
                var days = await db.Organisations.Select(o => o.RetrainDueDays).SingleAsync(ct);
                await using (var tx = await BeginAsync(ct))
                {
                    var facts = await FactsAsync([protocolId], null, ct);
                    var now = Now;
                    var plan = AssignmentPlanner.ForPublished(facts, protocolId, number, changeSize, days, now);
                    await ApplyAsync(plan, now, ct);
                    if (tx is not null) await tx.CommitAsync(ct);
                    return plan.Create.Count;
                }
        }
        return 0;
    }

    // ---- facts and writes ----

    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginAsync(CancellationToken ct) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;

    private static RuleFact Fact(CourseRule r) => new(r.Id, r.ProtocolId, r.Target, r.TargetKey, r.DueInDays);

    private async Task<List<PersonFact>> PeopleAsync(CancellationToken ct) =>
        (await db.Members.AsNoTracking().Select(m => new { m.Id, m.Role, m.DepartmentId, m.PositionId }).ToListAsync(ct))
            .Select(m => new PersonFact(m.Id, m.Role, m.DepartmentId, m.PositionId)).ToList();

    /// <summary>The facts for some protocols and/or some members (null = all), as the planner reads them.</summary>
    private async Task<AssignmentFacts> FactsAsync(IReadOnlyCollection<Guid>? protocols, IReadOnlyCollection<Guid>? members, CancellationToken ct)
    {
        var rules = (await db.CourseRules.AsNoTracking().Where(r => r.RemovedAt == null && (protocols == null || protocols.Contains(r.ProtocolId)))
            .ToListAsync(ct)).Select(Fact).ToList();
        var people = await db.Members.AsNoTracking().Where(m => members == null || members.Contains(m.Id))
            .Select(m => new { m.Id, m.Role, m.DepartmentId, m.PositionId }).ToListAsync(ct);
        var open = await db.TrainingAssignments.AsNoTracking()
            .Where(a => a.CompletedAt == null && a.RemovedAt == null
                && (protocols == null || protocols.Contains(a.ProtocolId)) && (members == null || members.Contains(a.MemberId)))
            .Select(a => new OpenAssignment(a.Id, a.MemberId, a.ProtocolId, a.ForVersion, a.RuleId)).ToListAsync(ct);
        var acknowledged = await db.TrainingAcknowledgements.AsNoTracking()
            .Where(a => (protocols == null || protocols.Contains(a.ProtocolId)) && (members == null || members.Contains(a.MemberId)))
            .GroupBy(a => new { a.MemberId, a.ProtocolId })
            .Select(g => new { g.Key.MemberId, g.Key.ProtocolId, Version = g.Max(a => a.VersionNumber) })
            .ToDictionaryAsync(a => (a.MemberId, a.ProtocolId), a => a.Version, ct);
        // Only protocols with a course can be assigned; their current major comes from the one reader of standings.
        var withCourse = await db.Courses.AsNoTracking().Where(c => protocols == null || protocols.Contains(c.ProtocolId))
            .Select(c => c.ProtocolId).ToListAsync(ct);
        var majors = await standings.CurrentMajorsAsync(ct);
        return new AssignmentFacts(rules, people.Select(m => new PersonFact(m.Id, m.Role, m.DepartmentId, m.PositionId)).ToList(), open,
            acknowledged, withCourse.Where(majors.ContainsKey).ToDictionary(p => p, p => majors[p].Major));
    }

    /// <summary>Writes a plan: closes with set-based updates, inserts in batches (a major version may reach 10,000 people).</summary>
    private async Task ApplyAsync(AssignmentPlan plan, DateTime now, CancellationToken ct)
    {
        if (plan.IsEmpty) return;
        var closed = plan.Remove.Concat(plan.Replace).ToList();
        foreach (var chunk in closed.Chunk(InsertBatch))
            await db.TrainingAssignments.Where(a => chunk.Contains(a.Id) && a.CompletedAt == null && a.RemovedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.RemovedAt, now).SetProperty(a => a.NextReminderAt, (DateTime?)null)
                    .SetProperty(a => a.Version, a => a.Version + 1), ct);
        foreach (var chunk in plan.Complete.Chunk(InsertBatch))
            await db.TrainingAssignments.Where(a => chunk.Contains(a.Id) && a.CompletedAt == null && a.RemovedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.CompletedAt, now).SetProperty(a => a.NextReminderAt, (DateTime?)null)
                    .SetProperty(a => a.Version, a => a.Version + 1), ct);
        if (plan.Create.Count == 0) return;

        var courses = await db.Courses.AsNoTracking().ToDictionaryAsync(c => c.ProtocolId, c => c.Id, ct);
        var zoneId = await db.Organisations.Select(o => o.TimeZoneId).SingleAsync(ct);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var z) ? z : TimeZoneInfo.Utc;
        var rows = plan.Create.Select(c => new TrainingAssignment
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()), MemberId = c.MemberId, ProtocolId = c.ProtocolId, CourseId = courses[c.ProtocolId],
            RuleId = c.RuleId, ForVersion = c.ForVersion, PreviousVersion = c.PreviousVersion, AssignedAt = now, DueAt = c.DueAt,
            NextReminderAt = ReminderPlan.First(c.DueAt, zone),
        }).ToList();
        if (db.Database.IsNpgsql())
        {
            await InsertOnPostgresAsync(rows, ct);
            return;
        }
        foreach (var chunk in rows.Chunk(InsertBatch))
        {
            db.TrainingAssignments.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            // Only our rows leave the tracker: a caller's entities (the invited person's user) stay as they were.
            foreach (var row in chunk) db.Entry(row).State = EntityState.Detached;
        }
    }

    /// <summary>
    /// PostgreSQL: one INSERT of arrays unnested per batch, so a major version reaching 10,000 people is a handful of
    /// statements instead of 10,000 tracked rows. The organisation is this context's tenant, as the SaveChanges guard would stamp.
    /// </summary>
    private async Task InsertOnPostgresAsync(IReadOnlyList<TrainingAssignment> rows, CancellationToken ct)
    {
        var organisation = db.TenantId ?? throw new InvalidOperationException("Assignments are written inside one organisation.");
        foreach (var chunk in rows.Chunk(InsertBatch * 5))
        {
            var ids = chunk.Select(r => r.Id).ToArray();
            var members = chunk.Select(r => r.MemberId).ToArray();
            var protocols = chunk.Select(r => r.ProtocolId).ToArray();
            var courses = chunk.Select(r => r.CourseId).ToArray();
            var rules = chunk.Select(r => r.RuleId).ToArray();
            var versions = chunk.Select(r => r.ForVersion).ToArray();
            var previous = chunk.Select(r => r.PreviousVersion).ToArray();
            var assigned = chunk.Select(r => r.AssignedAt).ToArray();
            var due = chunk.Select(r => r.DueAt).ToArray();
            var next = chunk.Select(r => r.NextReminderAt).ToArray();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "TrainingAssignments" ("OrganisationId", "Id", "MemberId", "ProtocolId", "CourseId", "RuleId", "ForVersion",
                    "PreviousVersion", "AssignedAt", "DueAt", "NextReminderAt", "Version")
                SELECT {organisation}, u.id, u.member, u.protocol, u.course, u.rule, u.for_version, u.previous, u.assigned, u.due, u.next, 0
                FROM unnest({ids}, {members}, {protocols}, {courses}, {rules}, {versions}, {previous}, {assigned}, {due}, {next})
                    AS u(id, member, protocol, course, rule, for_version, previous, assigned, due, next)
                """, ct);
        }
    }

    // ---- targets ----

    /// <summary>The stored key of a rule's target, checked against this organisation; null with a problem when it is not one.</summary>
    private async Task<string?> TargetKeyAsync(RuleInput input, List<Problem> problems, CancellationToken ct)
    {
        if (input.Target is not { } target || !Enum.IsDefined(target))
        {
            problems.Add(new Problem("Target", input.Target is null ? "Field.Required" : "Training.Assign.UnknownTarget"));
            return null;
        }
        var text = input.TargetId?.Trim() ?? "";
        if (text.Length == 0)
        {
            problems.Add(new Problem("TargetId", "Field.Required"));
            return null;
        }
        switch (target)
        {
            case AssignmentTarget.Role:
                var role = RuleKeys.RoleOf(text) ?? (Enum.TryParse<Role>(text, ignoreCase: true, out var named) && Enum.IsDefined(named) && !int.TryParse(text, out _) ? named : null);
                if (role is null) problems.Add(new Problem("TargetId", "Field.UnknownRole"));
                return role is { } r ? RuleKeys.Of(r) : null;
            case AssignmentTarget.Department:
                if (Guid.TryParse(text, out var d) && await db.Departments.AnyAsync(x => x.Id == d, ct)) return RuleKeys.Of(d);
                problems.Add(new Problem("TargetId", "Field.UnknownDepartment"));
                return null;
            case AssignmentTarget.Position:
                if (Guid.TryParse(text, out var p) && await db.Positions.AnyAsync(x => x.Id == p, ct)) return RuleKeys.Of(p);
                problems.Add(new Problem("TargetId", "Field.UnknownPosition"));
                return null;
            case AssignmentTarget.Person:
                if (Guid.TryParse(text, out var m) && await db.Members.AnyAsync(x => x.Id == m, ct)) return RuleKeys.Of(m);
                problems.Add(new Problem("TargetId", "Training.Assign.UnknownPerson"));
                return null;
        }
        return null;
    }

    /// <summary>What a rule's target is shown as: roles by their role's name, the rest by the stored id's form.</summary>
    private static string PublicTargetId(CourseRule r) =>
        r.Target == AssignmentTarget.Role && RuleKeys.RoleOf(r.TargetKey) is { } role ? role.ToString() : r.TargetKey;

    /// <summary>Every possible target's display name, keyed by kind and stored key (roles get their name in <see cref="RulesAsync"/>'s caller's language).</summary>
    private async Task<Dictionary<(AssignmentTarget Target, string Key), string>> TargetNamesAsync(CancellationToken ct)
    {
        var names = new Dictionary<(AssignmentTarget, string), string>();
        foreach (var role in Enum.GetValues<Role>()) names[(AssignmentTarget.Role, RuleKeys.Of(role))] = role.ToString();
        foreach (var d in await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            names[(AssignmentTarget.Department, RuleKeys.Of(d.Id))] = d.Name;
        foreach (var p in await db.Positions.AsNoTracking().Select(p => new { p.Id, p.Title }).ToListAsync(ct))
            names[(AssignmentTarget.Position, RuleKeys.Of(p.Id))] = p.Title;
        foreach (var m in await db.Members.AsNoTracking().Select(m => new { m.Id, m.User.DisplayName }).ToListAsync(ct))
            names[(AssignmentTarget.Person, RuleKeys.Of(m.Id))] = m.DisplayName;
        return names;
    }
}
