using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data.Protocols;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace Pauta.Protocols.Tests;

/// <summary>
/// The demo organisation's protocols (src/Pauta.Web/Features/Demo/Protocols/*.md) must be publishable as they
/// stand: they parse, the linter finds no error against the demo organisation, and each file is canonical.
/// </summary>
public sealed class DemoProtocolsTests(ITestOutputHelper output)
{
    /// <summary>
    /// The position titles somebody holds in the demo organisation. This project does not reference Pauta.Web, so
    /// they are copied from <c>DemoSeeder.PeopleList</c> (src/Pauta.Web/Features/Demo/DemoSeeder.cs): keep in step.
    /// </summary>
    private static readonly string[] DemoHeldPositions =
    [
        "Gerente general", "Responsable de administración", "Jefa de atención al cliente", "Coordinadora del salón",
        "Supervisor de tienda", "Jefe de caja", "Agente de atención al cliente", "Estilista", "Recepcionista del salón",
        "Cajero",
    ];

    /// <summary>The demo's departments, from <c>DemoSeeder.DepartmentNames</c>.</summary>
    private static readonly string[] DemoDepartments = ["Dirección", "Atención al cliente", "Salón de belleza", "Caja y facturación"];

    private static readonly LintContext DemoContext = new(Enum.GetNames<Role>(), DemoHeldPositions);

    private static string Folder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pauta.slnx"))) dir = dir.Parent;
        dir.ShouldNotBeNull();
        return Path.Combine(dir.FullName, "src", "Pauta.Web", "Features", "Demo", "Protocols");
    }

    private static IReadOnlyList<string> Files() =>
        Directory.GetFiles(Folder(), "*.md").Order(StringComparer.Ordinal).ToList();

    public static TheoryData<string> FileNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in Files()) data.Add(Path.GetFileName(file));
        return data;
    }

    private static (string Text, Protocol Protocol) Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(Folder(), name));
        var parsed = ProtocolFile.Parse(name, text);
        parsed.Problems.ShouldBeEmpty(string.Join("\n", parsed.Problems));
        parsed.Protocol.ShouldNotBeNull();
        return (text, parsed.Protocol);
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Parses_without_problems_and_is_canonical(string name)
    {
        var (text, protocol) = Load(name);
        var written = ProtocolFile.Write(protocol);
        var again = ProtocolFile.Parse(name, written);
        again.Problems.ShouldBeEmpty();
        ProtocolFile.Write(again.Protocol!).ShouldBe(written);
        text.Replace("\r\n", "\n").ShouldBe(written, $"{name} is not in canonical form");
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Has_no_lint_errors_against_the_demo_organisation(string name)
    {
        var (_, protocol) = Load(name);
        var findings = ProtocolLinter.Lint(protocol, DemoContext);
        foreach (var warning in findings.Where(f => !f.IsError))
            output.WriteLine($"{name}: warning {warning.Code} at {warning.Path} ({string.Join(", ", warning.Args)})");
        findings.Where(f => f.IsError)
            .Select(f => $"{f.Code} at {f.Path} ({string.Join(", ", f.Args)})")
            .ShouldBeEmpty();
        DemoDepartments.ShouldContain(protocol.Department);
        DemoHeldPositions.ShouldContain(protocol.Owner);
    }

    [Fact]
    public void There_are_at_least_ten_covering_all_four_channels()
    {
        var protocols = Files().Select(f => Load(Path.GetFileName(f)).Protocol).ToList();
        protocols.Count.ShouldBeGreaterThanOrEqualTo(10);
        var covered = protocols.Aggregate(Channels.None, (all, p) => all | p.Channels);
        covered.ShouldBe(Channels.All);
        protocols.Select(p => p.Title).Distinct().Count().ShouldBe(protocols.Count);
    }
}
