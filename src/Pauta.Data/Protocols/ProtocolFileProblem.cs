namespace Pauta.Data.Protocols;

/// <summary>One problem in a protocol file, at a 1-based line and column of that file.</summary>
public sealed record ProtocolFileProblem(string File, int Line, int Column, string Code, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: error: {Code} {Message}";
}

/// <summary>
/// What <see cref="ProtocolFile.Parse"/> found: the protocol when the file is well formed (else null), every problem,
/// and where each part of the protocol was written, so linter paths ("steps[3].scripts[0].text") become positions.
/// </summary>
public sealed class ProtocolFileResult
{
    private readonly IReadOnlyDictionary<string, (int Line, int Column)> _where;

    internal ProtocolFileResult(string file, Pauta.Core.Protocols.Protocol? protocol, IReadOnlyList<ProtocolFileProblem> problems,
        IReadOnlyDictionary<string, (int Line, int Column)> where)
    {
        File = file;
        Protocol = problems.Count == 0 ? protocol : null;
        Problems = problems;
        _where = where;
    }

    public string File { get; }

    /// <summary>The protocol, or null when the file has any problem: a malformed file yields nothing.</summary>
    public Pauta.Core.Protocols.Protocol? Protocol { get; }

    public IReadOnlyList<ProtocolFileProblem> Problems { get; }

    public bool Succeeded => Protocol is not null;

    /// <summary>
    /// The position of a part named by a linter path, or of its nearest enclosing part that was written down;
    /// (1, 1) when nothing encloses it.
    /// </summary>
    public (int Line, int Column) Locate(string path)
    {
        var p = path;
        while (p.Length > 0)
        {
            if (_where.TryGetValue(p, out var at)) return at;
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            p = cut <= 0 ? "" : p[..cut];
        }
        return (1, 1);
    }
}
