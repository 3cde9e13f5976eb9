using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

/// <summary>Assertions that read like the rule: "this protocol finds exactly this, here".</summary>
public static class LintAssertions
{
    /// <summary>The protocol lints to exactly one finding, with this code, path and arguments.</summary>
    public static LintFinding ShouldFindOnly(this Protocol protocol, string code, string path, params object[] args) =>
        protocol.ShouldFindOnly(ProtocolBuilder.Context, code, path, args);

    public static LintFinding ShouldFindOnly(this Protocol protocol, LintContext context, string code, string path, params object[] args)
    {
        var findings = protocol.Lint(context);
        findings.Count.ShouldBe(1, $"Expected only {code} at {path}, found: {string.Join("; ", findings)}");
        return findings[0].ShouldMatch(code, path, args);
    }

    /// <summary>Among possibly several findings (one break can rightly cause more), exactly one has this code and path.</summary>
    public static LintFinding ShouldFind(this IEnumerable<LintFinding> findings, string code, string path, params object[] args)
    {
        var list = findings.ToList();
        var matching = list.Where(f => f.Code == code && f.Path == path).ToList();
        matching.Count.ShouldBe(1, $"Expected {code} at {path}, found: {string.Join("; ", list)}");
        return matching[0].ShouldMatch(code, path, args);
    }

    /// <summary>No finding with this code, whatever else there is.</summary>
    public static void ShouldNotFind(this Protocol protocol, string code, LintContext? context = null)
    {
        var findings = protocol.Lint(context);
        findings.Where(f => f.Code == code).ShouldBeEmpty($"Found: {string.Join("; ", findings)}");
    }

    private static LintFinding ShouldMatch(this LintFinding finding, string code, string path, object[] args)
    {
        finding.Code.ShouldBe(code);
        finding.Path.ShouldBe(path);
        finding.Severity.ShouldBe(LintCodes.SeverityOf(code));
        if (args.Length > 0) finding.Args.ShouldBe(args);
        return finding;
    }
}
