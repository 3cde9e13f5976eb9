using System.Text.Json;
using Pauta.Core.Protocols;
using Pauta.Data.Protocols;

namespace Pauta.Cli;

/// <summary>
/// `pauta lint`: parses each file and, when it is well formed, runs <see cref="ProtocolLinter"/> offline. Every
/// message is "file:line:column: error|warning: code text"; linter findings are placed where their part was written.
/// </summary>
public static class LintCommand
{
    public sealed record Message(string File, int Line, int Column, string Severity, string Code, string Text, string? Path);

    /// <summary>What one file gave: its messages, and the checks that need the organisation and so were not run.</summary>
    public sealed record FileReport(IReadOnlyList<Message> Messages, IReadOnlyList<(string Code, string Path)> NotRun);

    public static int Run(IReadOnlyList<FileInfo> files, string format, string language, TextWriter output)
    {
        var texts = LintTexts.For(language);
        var messages = new List<Message>();
        var notRun = new List<(string File, string Code, string Path)>();
        foreach (var file in files)
        {
            var report = Check(file, texts);
            messages.AddRange(report.Messages);
            notRun.AddRange(report.NotRun.Select(n => (file.ToString(), n.Code, n.Path)));
        }

        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(messages, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
        }
        else
        {
            foreach (var m in messages) output.WriteLine(Format(m));
            var errors = messages.Count(m => m.Severity == "error");
            var warnings = messages.Count - errors;
            output.WriteLine($"{files.Count} file(s), {errors} error(s), {warnings} warning(s).");
            // Offline there are no people to check against: say so rather than let "0 errors" promise what the server may refuse.
            if (notRun.Count > 0)
            {
                output.WriteLine($"{notRun.Count} check(s) need the organisation and were not run: " +
                    string.Join(", ", notRun.GroupBy(n => n.Code).Select(g => $"{g.Key} ({string.Join(", ", g.Select(n => $"{n.File} {n.Path}"))})")) +
                    ". The server runs them on import.");
            }
        }
        return messages.Any(m => m.Severity == "error") ? 1 : 0;
    }

    /// <summary>`pauta lint --explain CODE`: what a code means, whether it blocks publishing, and whether it runs offline.</summary>
    public static int Explain(string code, string language, TextWriter output)
    {
        var texts = LintTexts.For(language);
        var known = LintCodes.All.FirstOrDefault(c => string.Equals(c, code, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c, "Lint." + code, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            output.WriteLine($"Unknown code '{code}'. The linter's codes are: {string.Join(", ", LintCodes.All)}.");
            return 2;
        }
        output.WriteLine($"{known} ({(LintCodes.SeverityOf(known) == Severity.Error ? "error: blocks publishing" : "warning: advice, does not block publishing")})");
        output.WriteLine(texts.Template(known));
        output.WriteLine(LintCodes.NeedOrganisation.Contains(known)
            ? "Needs the organisation's people: not run by `pauta lint` offline; the server runs it on import and before publishing."
            : "Runs offline in `pauta lint` exactly as on the server.");
        return 0;
    }

    public static FileReport Check(FileInfo file, LintTexts texts)
    {
        var name = file.ToString();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new([new Message(name, 1, 1, "error", "File.Unreadable", ex.Message, null)], []);
        }
        if (bytes.Length > ProtocolFileLimits.MaxFileBytes)
            return new([new Message(name, 1, 1, "error", ProtocolFile.Codes.TooLarge,
                $"the file has {bytes.Length / 1024:N0} KB; a protocol file may have at most {ProtocolFileLimits.MaxFileBytes / 1024:N0} KB", null)], []);
        if (!Utf8Text.TryDecode(bytes, out var text, out var line, out var column))
            return new([new Message(name, line, column, "error", "File.NotUtf8", "the file is not UTF-8 text: save it as UTF-8", null)], []);
        return CheckText(name, text, texts);
    }

    /// <summary>File-format problems (their <see cref="Message.Path"/> is null) or, for a well-formed file, the linter's findings.</summary>
    public static FileReport CheckText(string name, string text, LintTexts texts)
    {
        var parsed = ProtocolFile.Parse(name, text);
        if (parsed.Protocol is not { } protocol)
            return new(parsed.Problems.Select(p => new Message(p.File, p.Line, p.Column, "error", p.Code, p.Message, null)).ToList(), []);

        var messages = ProtocolLinter.Lint(protocol, LintContext.Offline)
            .Select(f =>
            {
                var (line, column) = parsed.Locate(f.Path);
                return new Message(name, line, column, f.IsError ? "error" : "warning", f.Code, texts.Message(f), f.Path);
            })
            .OrderBy(m => m.Line).ThenBy(m => m.Column)
            .ToList();
        return new(messages, ProtocolLinter.NotRunOffline(protocol));
    }

    public static string Format(Message m) => $"{m.File}:{m.Line}:{m.Column}: {m.Severity}: {m.Code} {m.Text}";
}

/// <summary>Strict UTF-8: a file in another encoding is reported where its first bad byte is, never silently mangled.</summary>
public static class Utf8Text
{
    public static bool TryDecode(byte[] bytes, out string text, out int line, out int column)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        var chars = new char[span.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(span, chars, out _, out var written, replaceInvalidSequences: false);
        var good = chars.AsSpan(0, written);
        text = status == System.Buffers.OperationStatus.Done ? new string(good) : "";
        line = good.Count('\n') + 1;
        column = written - good.LastIndexOf('\n');
        return status == System.Buffers.OperationStatus.Done;
    }
}
