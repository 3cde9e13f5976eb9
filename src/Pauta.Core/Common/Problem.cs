namespace Pauta.Core.Common;

/// <summary>
/// A rule violation found by a domain check. <see cref="Code"/> is a resource key the web layer
/// localises (with <see cref="Args"/> as format arguments); <see cref="Field"/> names the input
/// it belongs to so pages can show it beside that input and the API can put it in ProblemDetails.
/// </summary>
public sealed record Problem(string Field, string Code, params object[] Args)
{
    public override string ToString() => $"{Field}: {Code}({string.Join(", ", Args)})";
}
