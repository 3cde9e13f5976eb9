using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Training;

namespace Pauta.Core.Tests.Training;

public class AssignmentPlannerTests
{
    private static readonly DateTime Now = new(2026, 3, 3, 9, 30, 0, DateTimeKind.Utc);
    private static readonly Guid Salon = new("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Returns = new("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid Reception = new("00000000-0000-0000-0000-0000000000b1");
    private static readonly Guid Stylist = new("00000000-0000-0000-0000-0000000000b2");
    private static readonly Guid Shop = new("00000000-0000-0000-0000-0000000000c1");
    private static readonly Guid Ana = new("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Bea = new("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Carla = new("00000000-0000-0000-0000-000000000003");

    private static RuleFact PositionRule(Guid position, int days = 10, Guid? protocol = null, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), protocol ?? Salon, AssignmentTarget.Position, RuleKeys.Of(position), days);

    private static List<PersonFact> People() =>
    [
        new(Ana, Role.Agent, Shop, Reception),
        new(Bea, Role.Agent, Shop, Stylist),
        new(Carla, Role.Supervisor, null, Reception),
    ];

    private static AssignmentFacts Facts(IEnumerable<RuleFact> rules, IEnumerable<PersonFact>? people = null, IEnumerable<OpenAssignment>? open = null,
        Dictionary<(Guid, Guid), int>? acknowledged = null, Dictionary<Guid, int>? majors = null) =>
        new(rules.ToList(), (people ?? People()).ToList(), (open ?? []).ToList(), acknowledged ?? [], majors ?? new() { [Salon] = 1, [Returns] = 1 });

    [Fact]
    public void A_position_rule_assigns_everyone_in_the_position_and_nobody_else_due_its_days_from_now()
    {
        var rule = PositionRule(Reception, days: 10);
        var plan = AssignmentPlanner.ForNewRule(Facts([rule]), rule, Now);
        plan.Create.Select(c => c.MemberId).ShouldBe([Ana, Carla], ignoreOrder: true);
        plan.Create.ShouldAllBe(c => c.DueAt == Now.AddDays(10) && c.ForVersion == 1 && c.RuleId == rule.Id && c.PreviousVersion == null && c.ProtocolId == Salon);
        plan.Remove.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(AssignmentTarget.Role, new[] { 1, 2 })]
    [InlineData(AssignmentTarget.Department, new[] { 1, 2 })]
    [InlineData(AssignmentTarget.Position, new[] { 2 })]
    [InlineData(AssignmentTarget.Person, new[] { 3 })]
    public void Each_kind_of_target_reaches_exactly_its_people(AssignmentTarget target, int[] reached)
    {
        var key = target switch
        {
            AssignmentTarget.Role => RuleKeys.Of(Role.Agent),
            AssignmentTarget.Department => RuleKeys.Of(Shop),
            AssignmentTarget.Position => RuleKeys.Of(Stylist),
            AssignmentTarget.Person => RuleKeys.Of(Carla),
        };
        var rule = new RuleFact(Guid.NewGuid(), Salon, target, key, 5);
        var ids = new[] { Ana, Bea, Carla };
        AssignmentPlanner.ForNewRule(Facts([rule]), rule, Now).Create.Select(c => c.MemberId)
            .ShouldBe(reached.Select(i => ids[i - 1]), ignoreOrder: true);
    }

    [Fact]
    public void Someone_already_trained_on_the_current_major_gets_nothing_from_a_new_rule()
    {
        var rule = PositionRule(Reception);
        var plan = AssignmentPlanner.ForNewRule(Facts([rule], acknowledged: new() { [(Ana, Salon)] = 3 }, majors: new() { [Salon] = 3 }), rule, Now);
        plan.Create.Select(c => c.MemberId).ShouldBe([Carla]);
    }

    [Fact]
    public void Someone_trained_on_an_older_major_is_assigned_with_that_version_as_the_previous_one()
    {
        var rule = PositionRule(Reception);
        var plan = AssignmentPlanner.ForNewRule(Facts([rule], acknowledged: new() { [(Ana, Salon)] = 2 }, majors: new() { [Salon] = 3 }), rule, Now);
        plan.Create.Single(c => c.MemberId == Ana).ShouldSatisfyAllConditions(c => c.ForVersion.ShouldBe(3), c => c.PreviousVersion.ShouldBe(2));
    }

    [Fact]
    public void Two_rules_reaching_one_person_make_one_assignment_and_the_earliest_due_wins()
    {
        var slow = PositionRule(Reception, days: 30);
        var fast = new RuleFact(Guid.NewGuid(), Salon, AssignmentTarget.Person, RuleKeys.Of(Ana), 3);
        var plan = AssignmentPlanner.ForNewRule(Facts([slow, fast]), fast, Now);
        plan.Create.Where(c => c.MemberId == Ana).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            c => c.DueAt.ShouldBe(Now.AddDays(3)), c => c.RuleId.ShouldBe(fast.Id));
    }

    [Fact]
    public void A_new_rule_never_duplicates_an_open_assignment()
    {
        var first = PositionRule(Reception, days: 30);
        var second = new RuleFact(Guid.NewGuid(), Salon, AssignmentTarget.Role, RuleKeys.Of(Role.Agent), 3);
        var open = new OpenAssignment(Guid.NewGuid(), Ana, Salon, 1, first.Id);
        var plan = AssignmentPlanner.ForNewRule(Facts([first, second], open: [open, new OpenAssignment(Guid.NewGuid(), Carla, Salon, 1, first.Id)]), second, Now);
        plan.Create.Select(c => c.MemberId).ShouldBe([Bea]);
        plan.Remove.ShouldBeEmpty();
        plan.Replace.ShouldBeEmpty();
    }

    [Fact]
    public void Moving_out_of_the_position_removes_the_pending_assignment_and_moving_in_creates_one()
    {
        var rule = PositionRule(Reception);
        var open = new OpenAssignment(Guid.NewGuid(), Ana, Salon, 1, rule.Id);
        var moved = People().Select(p => p.MemberId == Ana ? p with { PositionId = Stylist } : p.MemberId == Bea ? p with { PositionId = Reception } : p).ToList();
        var facts = Facts([rule], moved, [open, new OpenAssignment(Guid.NewGuid(), Carla, Salon, 1, rule.Id)]);

        var ana = AssignmentPlanner.ForPersonChanged(facts, Ana, Now);
        ana.Remove.ShouldBe([open.Id]);
        ana.Create.ShouldBeEmpty();
        var bea = AssignmentPlanner.ForPersonChanged(facts, Bea, Now);
        bea.Create.ShouldHaveSingleItem().MemberId.ShouldBe(Bea);
        bea.Remove.ShouldBeEmpty();
    }

    [Fact]
    public void A_person_who_left_loses_every_pending_assignment_even_a_one_off()
    {
        var rule = PositionRule(Reception);
        var fromRule = new OpenAssignment(Guid.NewGuid(), Ana, Salon, 1, rule.Id);
        var oneOff = new OpenAssignment(Guid.NewGuid(), Ana, Returns, 1, null);
        var facts = Facts([rule], People().Where(p => p.MemberId != Ana), [fromRule, oneOff]);
        AssignmentPlanner.ForPersonChanged(facts, Ana, Now).Remove.ShouldBe([fromRule.Id, oneOff.Id], ignoreOrder: true);
    }

    [Fact]
    public void A_one_off_assignment_is_not_removed_by_the_rules_while_the_person_stays()
    {
        var oneOff = new OpenAssignment(Guid.NewGuid(), Ana, Returns, 1, null);
        AssignmentPlanner.ForPersonChanged(Facts([], open: [oneOff]), Ana, Now).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void Removing_a_rule_removes_only_what_no_other_rule_reaches()
    {
        var position = PositionRule(Reception);
        var role = new RuleFact(Guid.NewGuid(), Salon, AssignmentTarget.Role, RuleKeys.Of(Role.Agent), 5);
        var anaOpen = new OpenAssignment(Guid.NewGuid(), Ana, Salon, 1, position.Id);
        var carlaOpen = new OpenAssignment(Guid.NewGuid(), Carla, Salon, 1, position.Id);
        var beaOpen = new OpenAssignment(Guid.NewGuid(), Bea, Salon, 1, role.Id);
        var plan = AssignmentPlanner.ForRuleRemoved(Facts([role], open: [anaOpen, carlaOpen, beaOpen]), Salon, Now);
        plan.Remove.ShouldBe([carlaOpen.Id], "Ana is still an agent; Carla only had the position rule");
        plan.Create.ShouldBeEmpty();
    }

    [Fact]
    public void A_minor_version_plans_nothing_even_for_people_without_an_assignment()
    {
        var rule = PositionRule(Reception);
        AssignmentPlanner.ForPublished(Facts([rule], majors: new() { [Salon] = 1 }), Salon, 2, ChangeSize.Minor, 14, Now)
            .ShouldBe(AssignmentPlan.Nothing);
    }

    [Fact]
    public void A_major_version_reassigns_exactly_the_reached_people_who_have_not_acknowledged_it_due_the_retrain_days_after()
    {
        var rule = PositionRule(Reception, days: 30);
        var bea = new RuleFact(Guid.NewGuid(), Returns, AssignmentTarget.Person, RuleKeys.Of(Bea), 5);
        var facts = Facts([rule, bea], acknowledged: new() { [(Ana, Salon)] = 1, [(Carla, Salon)] = 1, [(Bea, Salon)] = 1 }, majors: new() { [Salon] = 2, [Returns] = 1 });
        var plan = AssignmentPlanner.ForPublished(facts, Salon, 2, ChangeSize.Major, 14, Now);
        plan.Create.Select(c => c.MemberId).ShouldBe([Ana, Carla], ignoreOrder: true);
        plan.Create.ShouldAllBe(c => c.ForVersion == 2 && c.PreviousVersion == 1 && c.DueAt == Now.AddDays(14) && c.ProtocolId == Salon);
    }

    [Fact]
    public void A_major_version_replaces_an_older_open_assignment_and_keeps_one_for_the_same_version()
    {
        var rule = PositionRule(Reception);
        var anaOld = new OpenAssignment(Guid.NewGuid(), Ana, Salon, 1, rule.Id);
        var carlaCurrent = new OpenAssignment(Guid.NewGuid(), Carla, Salon, 2, rule.Id);
        var plan = AssignmentPlanner.ForPublished(Facts([rule], open: [anaOld, carlaCurrent]), Salon, 2, ChangeSize.Major, 14, Now);
        plan.Replace.ShouldBe([anaOld.Id]);
        plan.Create.ShouldHaveSingleItem().MemberId.ShouldBe(Ana);
        plan.Remove.ShouldBeEmpty();
    }

    [Fact]
    public void Acknowledging_completes_the_open_assignments_it_covers()
    {
        var rule = PositionRule(Reception);
        var open = new OpenAssignment(Guid.NewGuid(), Ana, Salon, 2, rule.Id);
        var facts = Facts([rule], open: [open], acknowledged: new() { [(Ana, Salon)] = 3 }, majors: new() { [Salon] = 2 });
        var plan = AssignmentPlanner.ForAcknowledged(facts, Ana, Salon, Now);
        plan.Complete.ShouldBe([open.Id]);
        plan.Create.ShouldBeEmpty();
    }

    [Fact]
    public void A_major_version_of_a_protocol_without_a_course_assigns_nothing()
    {
        var rule = PositionRule(Reception);
        AssignmentPlanner.ForPublished(Facts([rule], majors: new() { [Returns] = 1 }), Salon, 2, ChangeSize.Major, 14, Now).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_protocol_without_a_current_version_assigns_nothing()
    {
        var rule = PositionRule(Reception);
        AssignmentPlanner.ForNewRule(Facts([rule], majors: []), rule, Now).Create.ShouldBeEmpty();
    }

    [Fact]
    public void Rule_keys_round_trip_and_refuse_what_is_not_theirs()
    {
        RuleKeys.RoleOf(RuleKeys.Of(Role.Supervisor)).ShouldBe(Role.Supervisor);
        RuleKeys.RoleOf("9").ShouldBeNull();
        RuleKeys.RoleOf("-1").ShouldBeNull();
        RuleKeys.RoleOf("x").ShouldBeNull();
        RuleKeys.Is(RuleKeys.Of(Ana), Ana).ShouldBeTrue();
        RuleKeys.Is("not-a-guid", Ana).ShouldBeFalse();
    }
}
