using System.Text;
using Pauta.Core.Organisations;

namespace Pauta.Core.Tests;

public class PermissionsTests
{
    /// <summary>
    /// The whole role × permission matrix, as docs/roles.md states it. A new role or permission
    /// adds a row or column to the actual table, so this test fails until someone decides it here.
    /// </summary>
    private const string ExpectedMatrix = """
        Permission               Owner Admin Manager Supervisor Agent
        ViewHome                 yes   yes   yes     yes        yes
        ViewOrgChart             yes   yes   yes     yes        yes
        ManageOrganisation       yes   yes   -       -          -
        ManageBusinessHours      yes   yes   -       -          -
        ManageDepartments        yes   yes   -       -          -
        ManagePositions          yes   yes   -       -          -
        ViewPeople               yes   yes   yes     yes        -
        InvitePeople             yes   yes   -       -          -
        ChangeRoles              yes   yes   -       -          -
        AssignAdminRole          yes   -     -       -          -
        TransferOwnership        yes   -     -       -          -
        RemovePeople             yes   yes   -       -          -
        IssuePasswordResetLinks  yes   yes   -       -          -
        ReadProtocols            yes   yes   yes     yes        yes
        SuggestProtocolChanges   yes   yes   yes     yes        yes
        AuthorProtocols          yes   yes   yes     -          -
        ApproveProtocols         yes   yes   yes     -          -
        ManageApiTokens          yes   yes   -       -          -
        ViewBoard                yes   yes   yes     yes        -
        HandleContacts           yes   yes   yes     yes        yes
        ViewAllContacts          yes   yes   yes     yes        -
        EraseCustomers           yes   yes   -       -          -
        TakeTraining             yes   yes   yes     yes        yes
        ManageTraining           yes   yes   yes     -          -
        ViewTrainingRecords      yes   yes   yes     yes        -
        AllowUntrainedContact    yes   yes   yes     yes        -
        ViewAudit                yes   yes   -       -          -
        ViewInsights             yes   yes   yes     yes        -
        ManageInsightAlerts      yes   yes   yes     -          -
        """;

    private static readonly Role[] Roles = Enum.GetValues<Role>();

    private static string ActualMatrix()
    {
        string Cell(string text, int width) => text.PadRight(width);
        var widths = Roles.Select(r => Math.Max(r.ToString().Length + 1, 6)).ToArray();
        var sb = new StringBuilder();
        sb.Append(Cell("Permission", 25));
        for (var i = 0; i < Roles.Length; i++) sb.Append(Cell(Roles[i].ToString(), widths[i]));
        foreach (var permission in Enum.GetValues<Permission>())
        {
            sb.Append('\n').Append(Cell(permission.ToString(), 25));
            for (var i = 0; i < Roles.Length; i++)
                sb.Append(Cell(Permissions.Has(Roles[i], permission) ? "yes" : "-", widths[i]));
        }
        return string.Join('\n', sb.ToString().Split('\n').Select(l => l.TrimEnd()));
    }

    [Fact]
    public void Every_role_has_exactly_the_permissions_of_the_documented_matrix()
    {
        ActualMatrix().ShouldBe(ExpectedMatrix.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_undefined_role_has_no_answer_rather_than_a_silent_no()
    {
        Should.Throw<System.Runtime.CompilerServices.SwitchExpressionException>(() => Permissions.Has((Role)99, Permission.ViewHome));
    }

    // Every (actor, person's current role, new role) that may happen; everything else is refused.
    private static readonly HashSet<(Role Actor, Role Target, Role NewRole)> AllowedAssignments =
    [
        .. from target in new[] { Role.Admin, Role.Manager, Role.Supervisor, Role.Agent }
           from newRole in new[] { Role.Admin, Role.Manager, Role.Supervisor, Role.Agent }
           select (Role.Owner, target, newRole),
        .. from target in new[] { Role.Manager, Role.Supervisor, Role.Agent }
           from newRole in new[] { Role.Manager, Role.Supervisor, Role.Agent }
           select (Role.Admin, target, newRole),
    ];

    [Fact]
    public void Role_changes_are_allowed_exactly_for_the_owner_on_non_owners_and_for_admins_below_admin()
    {
        var wrong = (
            from actor in Roles
            from target in Roles
            from newRole in Roles
            let expected = AllowedAssignments.Contains((actor, target, newRole))
            where Permissions.CanAssign(actor, target, newRole) != expected
            select $"{actor} giving {target} the role {newRole}: expected {(expected ? "allowed" : "refused")}").ToList();

        wrong.ShouldBeEmpty();
        AllowedAssignments.Count.ShouldBe(25);
    }

    [Theory]
    [InlineData(Role.Owner, Role.Owner, Role.Admin)]
    [InlineData(Role.Owner, Role.Admin, Role.Owner)]
    [InlineData(Role.Admin, Role.Agent, Role.Owner)]
    public void Nobody_moves_ownership_by_changing_a_role(Role actor, Role target, Role newRole)
    {
        Permissions.CanAssign(actor, target, newRole).ShouldBeFalse();
    }

    [Theory]
    [InlineData(Role.Admin, Role.Agent, Role.Admin)]
    [InlineData(Role.Admin, Role.Admin, Role.Agent)]
    [InlineData(Role.Admin, Role.Admin, Role.Admin)]
    public void An_admin_neither_makes_nor_unmakes_admins(Role actor, Role target, Role newRole)
    {
        Permissions.CanAssign(actor, target, newRole).ShouldBeFalse();
    }

    [Theory]
    [InlineData(Role.Agent, Role.Admin)]
    [InlineData(Role.Admin, Role.Agent)]
    public void The_owner_makes_and_unmakes_admins(Role target, Role newRole)
    {
        Permissions.CanAssign(Role.Owner, target, newRole).ShouldBeTrue();
    }

    [Theory]
    [InlineData(Role.Manager)]
    [InlineData(Role.Supervisor)]
    [InlineData(Role.Agent)]
    public void Roles_without_change_roles_cannot_change_even_an_agent(Role actor)
    {
        Permissions.CanAssign(actor, Role.Agent, Role.Supervisor).ShouldBeFalse();
    }

    [Fact]
    public void Invitations_grant_exactly_the_roles_each_actor_may_give()
    {
        var expected = new Dictionary<Role, Role[]>
        {
            [Role.Owner] = [Role.Admin, Role.Manager, Role.Supervisor, Role.Agent],
            [Role.Admin] = [Role.Manager, Role.Supervisor, Role.Agent],
            [Role.Manager] = [],
            [Role.Supervisor] = [],
            [Role.Agent] = [],
        };

        foreach (var actor in Roles)
            Roles.Where(invited => Permissions.CanInvite(actor, invited))
                .ShouldBe(expected[actor], $"roles a {actor} may invite");
    }

    [Theory]
    [InlineData(Role.Owner)]
    [InlineData(Role.Admin)]
    public void Nobody_invites_a_second_owner(Role actor)
    {
        Permissions.CanInvite(actor, Role.Owner).ShouldBeFalse();
    }
}
