using Pauta.Core.Common;

namespace Pauta.Core.Protocols;

/// <summary>Errors block publishing; warnings are advice.</summary>
public enum Severity
{
    Error = 0,
    Warning = 1,
}

/// <summary>
/// One thing the linter found. <see cref="Code"/> is a stable key (see <see cref="LintCodes"/>) that the UI
/// localises with <see cref="Args"/>; <see cref="Path"/> points at the offending part in the protocol's shape
/// ("title", "steps[3].scripts[0].text", "contingencyPlans[0].steps[1].next") so the editor shows it in place
/// and the file importer can turn it into a line and column.
/// </summary>
public sealed record LintFinding(Severity Severity, string Code, string Path, params object[] Args)
{
    public bool IsError => Severity == Severity.Error;

    /// <summary>The same finding in the shape every other rule check returns, for pages and ProblemDetails.</summary>
    public Problem ToProblem() => new(Path, Code, Args);

    public override string ToString() => $"{Severity} {Code} at {Path}({string.Join(", ", Args)})";
}
