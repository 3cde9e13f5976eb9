using System.Text.Json;
using CsCheck;
using Pauta.Core.Protocols;
using Pauta.Data.Protocols;
using Shouldly;
using Xunit;

namespace Pauta.Protocols.Tests;

/// <summary>
/// Properties of the file format, checked with CsCheck on generated input (seeded by CsCheck; a failure prints the
/// seed to replay): parsing never throws whatever the text, and write → parse → write is lossless for any protocol.
/// </summary>
public sealed class PropertyTests
{
    private static string Json(Protocol p) => JsonSerializer.Serialize(p);

    /// <summary>
    /// Any character a person can type or paste: no lone surrogate halves (UTF-8 and JSON cannot carry them) and no NUL
    /// (a file may not hold one even escaped: see File.Unprintable).
    /// </summary>
    private static readonly Gen<char> AnyChar = Gen.Char.Where(c => !char.IsSurrogate(c) && c != '\0');

    /// <summary>Pieces of text: YAML and Markdown syntax, line breaks of every kind, and arbitrary characters.</summary>
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.OneOf("#", "## Apertura", "### x {#k}", "```", "```yaml", "~~~", "---", "...", "- ", ": ", "? ", "&a", "*a", "!t", "%",
            "@", "`", "|", ">", "'", "\"", "\\", "{", "}", "{#", "[", "]", ",", "\n", "\r\n", "\r", "\t", " ", "\u0085", "\u2028",
            "\u2029", "\uFEFF", "\u0001", "😀", "null", "~", "true", "1.0", "0x1F", ".inf", "<<"),
        AnyChar.Select(c => c.ToString()),
        AnyChar.Array[0, 8].Select(cs => new string(cs)));

    private static readonly Gen<string> Text = Piece.Array[0, 5].Select(string.Concat);

    /// <summary>A protocol whose shape comes from a seed and whose every text is made of generated pieces.</summary>
    private static readonly Gen<Protocol> AnyProtocol =
        Gen.Select(Gen.Int, Text.Array[1, 12], (seed, pieces) => ProtocolGenerator.Generate(new Random(seed), pieces));

    [Fact]
    public void Parse_never_throws_on_any_text() =>
        Gen.OneOf(Gen.String, Text, Text.Select(t => "---\n" + t), Text.Select(t => "---\n" + t + "\n---\n" + t))
            .Sample(text => { ProtocolFile.Parse("x.md", text); }, iter: 3_000);

    [Fact]
    public void Parse_never_throws_on_mutated_protocol_files() =>
        Gen.Select(AnyProtocol, Gen.Int, Gen.Int[1, 8])
            .Sample((protocol, seed, times) =>
            {
                var text = FuzzCorpus.Mutate(new Random(seed), ProtocolFile.Write(protocol), times);
                var parsed = ProtocolFile.Parse("x.md", text);
                if (parsed.Protocol is { } p) ProtocolLinter.Lint(p, LintContext.Offline);
            }, iter: 1_000);

    [Fact]
    public void Write_parse_write_is_lossless_for_any_protocol() =>
        AnyProtocol.Sample(protocol =>
        {
            var text = ProtocolFile.Write(protocol);
            var parsed = ProtocolFile.Parse("p.md", text);
            parsed.Problems.ShouldBeEmpty(text);
            Json(parsed.Protocol!).ShouldBe(Json(protocol), text);
            ProtocolFile.Write(parsed.Protocol!).ShouldBe(text);
        }, iter: 1_000);
}
