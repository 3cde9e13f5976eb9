using CsCheck;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Training;

namespace Pauta.Core.Tests.Training;

// For random org charts, rules and sequences of changes, the planner keeps one law after every step: a person some rule
// of a protocol reaches and who is not trained on its current major has exactly one open assignment for it, nobody else
// has one; and a minor publication changes nothing. The model below applies plans exactly as the web layer does.
public class AssignmentPropertyTests
{
    private static readonly DateTime Start = new(2026, 3, 3, 9, 30, 0, DateTimeKind.Utc);
    private const int Departments = 3, Positions = 4, Protocols = 3;

    private sealed record Row(Guid Id, Guid Member, int Protocol, int ForVersion, Guid? Rule, bool Open);

    private sealed class World
    {
        public readonly List<PersonFact> People = [];
        public readonly List<RuleFact> Rules = [];
        public readonly List<Row> Rows = [];
        public readonly Dictionary<(Guid, Guid), int> Acknowledged = [];
        public readonly int[] Current = Enumerable.Repeat(1, Protocols).ToArray();
        public readonly int[] Major = Enumerable.Repeat(1, Protocols).ToArray();
        public DateTime Now = Start;

        public static Guid P(int i) => new(i + 1, 0, 0, new byte[8]);
        public static Guid D(int i) => new(0, (short)(i + 1), 0, new byte[8]);
        public static Guid Pos(int i) => new(0, 0, (short)(i + 1), new byte[8]);

        public AssignmentFacts Facts() => new(Rules.ToList(), People.ToList(),
            Rows.Where(r => r.Open).Select(r => new OpenAssignment(r.Id, r.Member, P(r.Protocol), r.ForVersion, r.Rule)).ToList(),
            Acknowledged.ToDictionary(), Enumerable.Range(0, Protocols).ToDictionary(P, i => Major[i]));

        public void Apply(AssignmentPlan plan)
        {
            var closed = plan.Remove.Concat(plan.Replace).Concat(plan.Complete).ToHashSet();
            for (var i = 0; i < Rows.Count; i++)
                if (closed.Contains(Rows[i].Id)) Rows[i] = Rows[i] with { Open = false };
            foreach (var c in plan.Create)
                Rows.Add(new Row(Guid.NewGuid(), c.MemberId, Enumerable.Range(0, Protocols).Single(i => P(i) == c.ProtocolId), c.ForVersion, c.RuleId, true));
        }
    }

    /// <summary>One step: a kind and a few numbers it picks from.</summary>
    private sealed record Step(int Kind, int A, int B, int C);

    private static readonly Gen<Step> AnyStep = Gen.Select(Gen.Int[0, 9], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000], (k, a, b, c) => new Step(k, a, b, c));

    private static readonly Gen<(int People, Step[] Steps)> AnyHistory = Gen.Select(Gen.Int[0, 12], AnyStep.Array[1, 40]);

    [Fact]
    public void After_every_step_exactly_the_reached_untrained_people_have_one_open_assignment_and_a_minor_publish_changes_nothing()
    {
        AnyHistory.Sample(history =>
        {
            var w = new World();
            for (var i = 0; i < history.People; i++) w.People.Add(NewPerson(w, i, i * 7, i * 3));
            foreach (var step in history.Steps)
            {
                w.Now = w.Now.AddHours(5);
                Run(w, step);
                Check(w);
            }
        }, iter: 1_000);
    }

    private static PersonFact NewPerson(World w, int n, int a, int b) =>
        new(new Guid(0, 0, 0, [1, 0, 0, 0, 0, 0, (byte)(n >> 8), (byte)n]), (Role)(a % 5),
            a % 4 == 0 ? null : World.D(b % Departments), b % 5 == 0 ? null : World.Pos(a % Positions));

    private static void Run(World w, Step s)
    {
        switch (s.Kind)
        {
            case 0: // a new rule
            {
                var target = (AssignmentTarget)(s.A % 4);
                var key = target switch
                {
                    AssignmentTarget.Role => RuleKeys.Of((Role)(s.B % 5)),
                    AssignmentTarget.Department => RuleKeys.Of(World.D(s.B % Departments)),
                    AssignmentTarget.Position => RuleKeys.Of(World.Pos(s.B % Positions)),
                    AssignmentTarget.Person => w.People.Count == 0 ? RuleKeys.Of(Guid.Empty) : RuleKeys.Of(w.People[s.B % w.People.Count].MemberId),
                };
                var rule = new RuleFact(Guid.NewGuid(), World.P(s.C % Protocols), target, key, 1 + s.C % 30);
                w.Rules.Add(rule);
                w.Apply(AssignmentPlanner.ForNewRule(w.Facts(), rule, w.Now));
                break;
            }
            case 1: // a rule removed
            {
                if (w.Rules.Count == 0) return;
                var rule = w.Rules[s.A % w.Rules.Count];
                w.Rules.Remove(rule);
                w.Apply(AssignmentPlanner.ForRuleRemoved(w.Facts(), rule.ProtocolId, w.Now));
                break;
            }
            case 2: // someone moves: position, department or role
            {
                if (w.People.Count == 0) return;
                var i = s.A % w.People.Count;
                var p = w.People[i];
                w.People[i] = (s.B % 3) switch
                {
                    0 => p with { PositionId = s.C % 5 == 0 ? null : World.Pos(s.C % Positions) },
                    1 => p with { DepartmentId = s.C % 4 == 0 ? null : World.D(s.C % Departments) },
                    _ => p with { Role = (Role)(s.C % 5) },
                };
                w.Apply(AssignmentPlanner.ForPersonChanged(w.Facts(), p.MemberId, w.Now));
                break;
            }
            case 3: // someone leaves
            {
                if (w.People.Count == 0) return;
                var p = w.People[s.A % w.People.Count];
                w.People.Remove(p);
                w.Apply(AssignmentPlanner.ForPersonChanged(w.Facts(), p.MemberId, w.Now));
                break;
            }
            case 4: // someone joins
            {
                var p = NewPerson(w, 100 + w.People.Count + s.A, s.B, s.C);
                if (w.People.Any(x => x.MemberId == p.MemberId)) return;
                w.People.Add(p);
                w.Apply(AssignmentPlanner.ForPersonChanged(w.Facts(), p.MemberId, w.Now));
                break;
            }
            case 5 or 6: // a minor version: nothing happens at all
            {
                var protocol = s.A % Protocols;
                w.Current[protocol]++;
                var plan = AssignmentPlanner.ForPublished(w.Facts(), World.P(protocol), w.Current[protocol], ChangeSize.Minor, 14, w.Now);
                plan.IsEmpty.ShouldBeTrue("a minor version changes nothing");
                break;
            }
            case 7: // a major version
            {
                var protocol = s.A % Protocols;
                var number = ++w.Current[protocol];
                w.Major[protocol] = number;
                var plan = AssignmentPlanner.ForPublished(w.Facts(), World.P(protocol), number, ChangeSize.Major, 14, w.Now);
                plan.Create.ShouldAllBe(c => c.ForVersion == number && c.DueAt == w.Now.AddDays(14));
                w.Apply(plan);
                break;
            }
            default: // someone acknowledges the current version of a protocol
            {
                if (w.People.Count == 0) return;
                var p = w.People[s.A % w.People.Count];
                var protocol = s.B % Protocols;
                w.Acknowledged[(p.MemberId, World.P(protocol))] = w.Current[protocol];
                w.Apply(AssignmentPlanner.ForAcknowledged(w.Facts(), p.MemberId, World.P(protocol), w.Now));
                break;
            }
        }
    }

    private static void Check(World w)
    {
        var present = w.People.Select(p => p.MemberId).ToHashSet();
        for (var protocol = 0; protocol < Protocols; protocol++)
        {
            foreach (var person in w.People)
            {
                var reached = w.Rules.Any(r => r.ProtocolId == World.P(protocol) && AssignmentPlanner.Reaches(r, person));
                int? acknowledged = w.Acknowledged.TryGetValue((person.MemberId, World.P(protocol)), out var a) ? a : null;
                var trained = MajorVersions.Covers(acknowledged, w.Major[protocol]);
                var open = w.Rows.Where(r => r.Open && r.Member == person.MemberId && r.Protocol == protocol).ToList();
                if (reached && !trained)
                {
                    open.Count.ShouldBe(1, $"{person} on protocol {protocol}");
                    open[0].ForVersion.ShouldBe(w.Major[protocol]);
                }
                else open.ShouldBeEmpty($"{person} on protocol {protocol}: reached {reached}, trained {trained}");
            }
        }
        w.Rows.Where(r => r.Open).ShouldAllBe(r => present.Contains(r.Member), "nobody who left keeps an open assignment");
    }
}
