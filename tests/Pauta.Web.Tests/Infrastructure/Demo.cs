using Pauta.Core.Organisations;
using Pauta.Web.Features.Demo;

namespace Pauta.Web.Tests.Infrastructure;

/// <summary>The demo organisation "Tiendas Suárez" every demo fixture starts with (see DemoSeeder).</summary>
public static class Demo
{
    public const string Password = "Pauta-demo-1";
    /// <summary>Meets the password rules (10+ characters, upper, lower, digit).</summary>
    public const string StrongPassword = "Valid-Passw0rd-2025";
    public const string OrganisationName = "Tiendas Suárez";

    public const string Owner = "carmen@suarez.example";
    public const string Admin = "jorge@suarez.example";
    public const string Manager = "lucia@suarez.example";
    public const string Supervisor = "andres@suarez.example";
    public const string Agent = "sofia@suarez.example";

    /// <summary>One demo person per role.</summary>
    public static readonly IReadOnlyDictionary<Role, string> ByRole = new Dictionary<Role, string>
    {
        [Role.Owner] = Owner, [Role.Admin] = Admin, [Role.Manager] = Manager, [Role.Supervisor] = Supervisor, [Role.Agent] = Agent,
    };

    public static IReadOnlyList<string> DepartmentNames => DemoSeeder.DepartmentNames;
    public static IEnumerable<string> PositionTitles => DemoSeeder.PositionList.Select(p => p.Title);
    public static IEnumerable<string> PeopleNames => DemoSeeder.PeopleList.Select(p => p.Name);

    /// <summary>A unique, valid e-mail address for a test.</summary>
    public static string NewEmail(string who = "person") => $"{who}-{Guid.NewGuid():N}@example.com";
}
