using System.Globalization;
using Pauta.Core.Organisations;

namespace Pauta.Core.Training;

/// <summary>A standing assignment rule of a course: whom it reaches and how many days they get.</summary>
public sealed record RuleFact(Guid Id, Guid ProtocolId, AssignmentTarget Target, string TargetKey, int DueInDays);

/// <summary>A member of the organisation as the rules see them.</summary>
public sealed record PersonFact(Guid MemberId, Role Role, Guid? DepartmentId, Guid? PositionId);

/// <summary>An assignment not yet completed nor removed. <see cref="RuleId"/> is null for a one-off the rules do not manage.</summary>
public sealed record OpenAssignment(Guid Id, Guid MemberId, Guid ProtocolId, int ForVersion, Guid? RuleId);

/// <summary>An assignment to create.</summary>
/// <param name="PreviousVersion">The latest version the person acknowledged: the course opens on what changed since then.</param>
public sealed record NewAssignment(Guid MemberId, Guid ProtocolId, Guid? RuleId, int ForVersion, int? PreviousVersion, DateTime DueAt);

/// <summary>What to write so the assignments match the rules again.</summary>
/// <param name="Create">New assignments.</param>
/// <param name="Remove">Open assignments no rule reaches any more (or a duplicate): closed as removed.</param>
/// <param name="Replace">Open assignments for an older major version than the current one: closed (as removed) and replaced by a new one in <see cref="Create"/>.</param>
/// <param name="Complete">Open assignments the person is already trained for (acknowledged that version or a later one).</param>
public sealed record AssignmentPlan(
    IReadOnlyList<NewAssignment> Create, IReadOnlyList<Guid> Remove, IReadOnlyList<Guid> Replace, IReadOnlyList<Guid> Complete)
{
    public static readonly AssignmentPlan Nothing = new([], [], [], []);

    public bool IsEmpty => Create.Count == 0 && Remove.Count == 0 && Replace.Count == 0 && Complete.Count == 0;
}

/// <summary>
/// Everything the planner reads, loaded by the caller for the people and protocols concerned (more is harmless: the
/// planner only looks inside the scope of the operation).
/// </summary>
/// <param name="Rules">The rules in force (removed ones left out).</param>
/// <param name="People">The organisation's members; a member missing here has left, and loses every pending assignment.</param>
/// <param name="Open">Open assignments.</param>
/// <param name="Acknowledged">Per member and protocol, the latest version acknowledged.</param>
/// <param name="CurrentMajor">Per protocol with a course and a published version, the major version people must be trained on.</param>
public sealed record AssignmentFacts(
    IReadOnlyList<RuleFact> Rules,
    IReadOnlyList<PersonFact> People,
    IReadOnlyList<OpenAssignment> Open,
    IReadOnlyDictionary<(Guid Member, Guid Protocol), int> Acknowledged,
    IReadOnlyDictionary<Guid, int> CurrentMajor);

/// <summary>
/// Who must be trained on what, from the rules of the courses (docs/training.md, ADR-009). Every operation reconciles the
/// assignments of the people and protocols it touches with one law: a person whom some rule of a protocol reaches and who
/// is not trained on its current major version has exactly one open assignment for it; nobody else has an open
/// rule-made one. When several rules reach a person the earliest due date wins. An open assignment for an older major
/// version is replaced: closed and a new one created for the current major, due from now (decided so the record keeps
/// that the older one was never done; ADR-009, decision 6).
/// </summary>
public static class AssignmentPlanner
{
    /// <summary>A new rule: the people it reaches who are not trained and have no open assignment get one.</summary>
    public static AssignmentPlan ForNewRule(AssignmentFacts facts, RuleFact rule, DateTime now) =>
        Reconcile(facts, members: null, protocols: [rule.ProtocolId], now, dueInDays: null);

    /// <summary>A rule was removed (and is no longer in <paramref name="facts"/>): pending assignments no other rule reaches are removed.</summary>
    public static AssignmentPlan ForRuleRemoved(AssignmentFacts facts, Guid protocolId, DateTime now) =>
        Reconcile(facts, members: null, protocols: [protocolId], now, dueInDays: null);

    /// <summary>
    /// A person joined, moved (position, department or role) or left (then missing from <see cref="AssignmentFacts.People"/>):
    /// their curriculum is brought in line with the rules.
    /// </summary>
    public static AssignmentPlan ForPersonChanged(AssignmentFacts facts, Guid memberId, DateTime now) =>
        Reconcile(facts, members: [memberId], protocols: null, now, dueInDays: null);

    /// <summary>A person acknowledged a version: their open assignments it covers are completed.</summary>
    public static AssignmentPlan ForAcknowledged(AssignmentFacts facts, Guid memberId, Guid protocolId, DateTime now) =>
        Reconcile(facts, members: [memberId], protocols: [protocolId], now, dueInDays: null);

    /// <summary>
    /// A version was published (<paramref name="facts"/> already show it as current). A minor version asks nobody again:
    /// nothing at all. A major one assigns it to exactly the people the protocol's rules reach who have not acknowledged
    /// it, due <paramref name="retrainDays"/> after publication, replacing their open assignments for older versions.
    /// </summary>
    public static AssignmentPlan ForPublished(AssignmentFacts facts, Guid protocolId, int version, Protocols.ChangeSize size, int retrainDays, DateTime now) =>
        size switch
        {
            Protocols.ChangeSize.Minor => AssignmentPlan.Nothing,
            Protocols.ChangeSize.Major => Reconcile(facts with { CurrentMajor = With(facts.CurrentMajor, protocolId, version) },
                members: null, protocols: [protocolId], now, dueInDays: retrainDays),
        };

    /// <summary>Whether <paramref name="rule"/> reaches <paramref name="person"/>.</summary>
    public static bool Reaches(RuleFact rule, PersonFact person) => rule.Target switch
    {
        AssignmentTarget.Role => rule.TargetKey == RuleKeys.Of(person.Role),
        AssignmentTarget.Department => person.DepartmentId is { } d && RuleKeys.Is(rule.TargetKey, d),
        AssignmentTarget.Position => person.PositionId is { } p && RuleKeys.Is(rule.TargetKey, p),
        AssignmentTarget.Person => RuleKeys.Is(rule.TargetKey, person.MemberId),
    };

    private static Dictionary<Guid, int> With(IReadOnlyDictionary<Guid, int> majors, Guid protocol, int version)
    {
        // Only a protocol that can be assigned (it has a course, so it is in the facts) takes the new version.
        var copy = majors.ToDictionary(kv => kv.Key, kv => kv.Value);
        if (copy.TryGetValue(protocol, out var current)) copy[protocol] = Math.Max(version, current);
        return copy;
    }

    /// <summary>
    /// The one law, applied to every (member, protocol) pair inside the scope (null = all). <paramref name="dueInDays"/>
    /// overrides the rules' days (a major version's re-training days).
    /// </summary>
    private static AssignmentPlan Reconcile(AssignmentFacts facts, IReadOnlyCollection<Guid>? members, IReadOnlyCollection<Guid>? protocols,
        DateTime now, int? dueInDays)
    {
        bool InMembers(Guid m) => members is null || members.Contains(m);
        bool InProtocols(Guid p) => protocols is null || protocols.Contains(p);

        var rules = facts.Rules.Where(r => InProtocols(r.ProtocolId)).ToList();
        var people = facts.People.Where(p => InMembers(p.MemberId)).ToList();
        var present = people.Select(p => p.MemberId).ToHashSet();
        var open = facts.Open.Where(a => InMembers(a.MemberId) && InProtocols(a.ProtocolId))
            .GroupBy(a => (a.MemberId, a.ProtocolId)).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.ForVersion).ThenBy(a => a.Id).ToList());

        var create = new List<NewAssignment>();
        var remove = new List<Guid>();
        var replace = new List<Guid>();
        var complete = new List<Guid>();

        // The rules reaching each person, earliest due first (ties by id, so the answer never depends on input order).
        var reaching = new Dictionary<(Guid, Guid), RuleFact>();
        foreach (var person in people)
            foreach (var rule in rules)
                if (Reaches(rule, person))
                {
                    var key = (person.MemberId, rule.ProtocolId);
                    if (!reaching.TryGetValue(key, out var best) || rule.DueInDays < best.DueInDays ||
                        (rule.DueInDays == best.DueInDays && rule.Id.CompareTo(best.Id) < 0))
                        reaching[key] = best = rule;
                }

        foreach (var pair in reaching.Keys.Union(open.Keys).OrderBy(k => k.Item1).ThenBy(k => k.Item2))
        {
            var (member, protocol) = pair;
            int? acknowledged = facts.Acknowledged.TryGetValue(pair, out var a) ? a : null;
            var stillOpen = new List<OpenAssignment>();
            foreach (var o in open.GetValueOrDefault(pair) ?? [])
                if (MajorVersions.Covers(acknowledged, o.ForVersion)) complete.Add(o.Id);
                else stillOpen.Add(o);

            var hasCurrent = facts.CurrentMajor.TryGetValue(protocol, out var current);
            var due = reaching.TryGetValue(pair, out var rule) && present.Contains(member) && hasCurrent && !MajorVersions.Covers(acknowledged, current);
            if (!due)
            {
                // One-offs (no rule) are not the rules' to take away, unless the person has left.
                remove.AddRange(stillOpen.Where(o => o.RuleId is not null || !present.Contains(member)).Select(o => o.Id));
                continue;
            }
            var kept = false;
            foreach (var o in stillOpen)
            {
                if (o.ForVersion < current) replace.Add(o.Id);
                else if (kept) remove.Add(o.Id);
                else kept = true;
            }
            if (!kept)
                create.Add(new NewAssignment(member, protocol, rule!.Id, current, acknowledged, now.AddDays(dueInDays ?? rule.DueInDays)));
        }
        return new AssignmentPlan(create, remove, replace, complete);
    }
}

/// <summary>How a rule's target is written in <c>CourseRule.TargetKey</c>: the role's number, or the id in its "D" form.</summary>
public static class RuleKeys
{
    public static string Of(Role role) => ((int)role).ToString(CultureInfo.InvariantCulture);

    public static string Of(Guid id) => id.ToString("D");

    public static bool Is(string key, Guid id) => Guid.TryParse(key, out var k) && k == id;

    /// <summary>The role a role rule's key names; null when the key is not a defined role.</summary>
    public static Role? RoleOf(string key) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && Enum.IsDefined((Role)n) ? (Role)n : null;
}
