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

    public static int Run(IReadOnlyList<FileInfo> files, string format, TextWriter output)
    {
        var messages = new List<Message>();
        foreach (var file in files)
        {
            messages.AddRange(Check(file));
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
        }
        return messages.Any(m => m.Severity == "error") ? 1 : 0;
    }

    public static IEnumerable<Message> Check(FileInfo file)
    {
        var name = file.ToString();
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [new Message(name, 1, 1, "error", "File.Unreadable", ex.Message, null)];
        }
        if (!Utf8Text.TryDecode(bytes, out var text, out var line, out var column))
            return [new Message(name, line, column, "error", "File.NotUtf8", "the file is not UTF-8 text: save it as UTF-8", null)];
        return CheckText(name, text);
    }

    /// <summary>File-format problems (their <see cref="Message.Path"/> is null) or, for a well-formed file, the linter's findings.</summary>
    public static IReadOnlyList<Message> CheckText(string name, string text)
    {
        var parsed = ProtocolFile.Parse(name, text);
        if (parsed.Protocol is not { } protocol)
            return parsed.Problems.Select(p => new Message(p.File, p.Line, p.Column, "error", p.Code, p.Message, null)).ToList();

        return ProtocolLinter.Lint(protocol, LintContext.Offline)
            .Select(f =>
            {
                var (line, column) = parsed.Locate(f.Path);
                var args = f.Args.Length == 0 ? "" : $" ({string.Join(", ", f.Args)})";
                return new Message(name, line, column, f.IsError ? "error" : "warning", f.Code, $"at {f.Path}{args}", f.Path);
            })
            .OrderBy(m => m.Line).ThenBy(m => m.Column)
            .ToList();
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
