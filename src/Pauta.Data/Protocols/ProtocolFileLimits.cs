namespace Pauta.Data.Protocols;

/// <summary>
/// Every limit on protocol files, in one place: <see cref="ProtocolFile.Parse"/> checks the ones on a file's text
/// before any other work (so no file can make the parser recurse deeply, run long or allocate much), the transfer
/// page, the import API and the CLI check the ones on uploads and zips. docs/protocol-format.md lists them; a test
/// keeps that list equal to this class.
/// </summary>
public static class ProtocolFileLimits
{
    /// <summary>One protocol file, in UTF-8 bytes. The largest demo protocol is about 12 KB.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>One line of a file, in characters: a long instruction is one line, a pasted blob is not.</summary>
    public const int MaxLineChars = 20_000;

    /// <summary>
    /// How deep YAML lists and mappings may nest (the front matter, a step's block). The deepest the format uses is 5
    /// (assessment → questions → a question → options → an option); this leaves room and stops a file of ten thousand
    /// '[' long before YAML would recurse on it.
    /// </summary>
    public const int MaxYamlDepth = 20;

    /// <summary>Steps in one protocol, the main flow and every contingency plan's together.</summary>
    public const int MaxSteps = 500;

    /// <summary>Contingency plans in one protocol.</summary>
    public const int MaxPlans = 50;

    /// <summary>Service-level targets in one protocol (four clocks, four channels, four sub-channels).</summary>
    public const int MaxServiceTargets = 64;

    /// <summary>Contact fields one protocol declares.</summary>
    public const int MaxFields = 50;

    /// <summary>Items of each list of phrases or names: a selection rule's phrases and segments, a field's options, the shared sections.</summary>
    public const int MaxPhrases = 50;

    /// <summary>Everything sent in one upload (the transfer page, the import API), in bytes.</summary>
    public const int MaxUploadBytes = 5 * 1024 * 1024;

    /// <summary>Files in one upload: the files of every zip and the Markdown files sent beside them.</summary>
    public const int MaxZipEntries = 500;

    /// <summary>What the zips of one upload may inflate to in all, counted as the bytes come out, not as the zip claims.</summary>
    public const long MaxUnpackedBytes = 50L * 1024 * 1024;

    /// <summary>Name and value of each limit, so the documentation can be checked against them.</summary>
    public static IReadOnlyList<(string Name, long Value)> All { get; } =
    [
        (nameof(MaxFileBytes), MaxFileBytes), (nameof(MaxLineChars), MaxLineChars), (nameof(MaxYamlDepth), MaxYamlDepth),
        (nameof(MaxSteps), MaxSteps), (nameof(MaxPlans), MaxPlans),
        (nameof(MaxServiceTargets), MaxServiceTargets), (nameof(MaxFields), MaxFields), (nameof(MaxPhrases), MaxPhrases), (nameof(MaxUploadBytes), MaxUploadBytes),
        (nameof(MaxZipEntries), MaxZipEntries), (nameof(MaxUnpackedBytes), MaxUnpackedBytes),
    ];
}
