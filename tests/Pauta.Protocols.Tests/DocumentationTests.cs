using Pauta.Data.Protocols;
using Shouldly;
using Xunit;

namespace Pauta.Protocols.Tests;

/// <summary>Keeps docs/protocol-format.md honest: its complete example is what Write produces for the sample.</summary>
public sealed class DocumentationTests
{
    private static string Docs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pauta.slnx"))) dir = dir.Parent;
        dir.ShouldNotBeNull();
        return File.ReadAllText(Path.Combine(dir.FullName, "docs", "protocol-format.md"));
    }

    private static string Example()
    {
        var docs = Docs().Replace("\r\n", "\n");
        const string open = "````markdown\n";
        var start = docs.IndexOf(open, StringComparison.Ordinal) + open.Length;
        var end = docs.IndexOf("````", start, StringComparison.Ordinal);
        return docs[start..end];
    }

    [Fact]
    public void The_complete_example_parses_and_is_canonical()
    {
        var example = Example();
        var parsed = ProtocolFile.Parse("ejemplo.md", example);
        parsed.Problems.ShouldBeEmpty();
        ProtocolFile.Write(parsed.Protocol!).ShouldBe(example);
    }

    private static string Format2Example()
    {
        var docs = Docs().Replace("\r\n", "\n");
        const string open = "````markdown format-2\n";
        var start = docs.IndexOf(open, StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "docs/protocol-format.md has no format-2 example");
        start += open.Length;
        return docs[start..docs.IndexOf("````", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void The_format_2_example_parses_is_canonical_and_is_the_complaint_sample()
    {
        var example = Format2Example();
        var parsed = ProtocolFile.Parse("pqr.md", example);
        parsed.Problems.ShouldBeEmpty();
        ProtocolFile.Write(parsed.Protocol!).ShouldBe(example);
        example.ShouldBe(ProtocolFile.Write(SampleProtocols.Complaint()));
    }

    [Fact]
    public void The_front_matter_table_lists_every_key_in_written_order()
    {
        var keys = Table("### Front matter").SelectMany(r => r[0].Split(',').Select(k => k.Replace("**2**", "").Trim().Trim('`'))).ToList();
        keys.ShouldBe(ProtocolFile.FrontMatterKeys);
    }

    [Fact]
    public void The_complete_example_is_the_sample_protocol() =>
        Example().ShouldBe(ProtocolFile.Write(SampleProtocols.Phone()));

    /// <summary>The rows of the Markdown table under a heading: cells without their backticks.</summary>
    private static List<string[]> Table(string heading)
    {
        var docs = Docs().Replace("\r\n", "\n");
        var start = docs.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"docs/protocol-format.md has no '{heading}' section");
        return docs[start..].Split('\n')
            .SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim().Trim('`')).ToArray())
            .ToList();
    }

    [Fact]
    public void The_placeholder_table_is_the_codes_list()
    {
        var rows = Table("### Placeholders");
        var documented = rows.SelectMany(r => r.Take(2)).Select(n => n.Trim('{', '}')).ToList();
        documented.ShouldBe(Pauta.Core.Protocols.Placeholders.ByName.Keys, ignoreOrder: true);
        foreach (var placeholder in Enum.GetValues<Pauta.Core.Protocols.Placeholder>())
        {
            rows.ShouldContain(r => r[0] == "{" + Pauta.Core.Protocols.Placeholders.Name(placeholder, "es") + "}"
                && r[1] == "{" + Pauta.Core.Protocols.Placeholders.Name(placeholder, "en") + "}", placeholder.ToString());
        }
    }

    [Fact]
    public void The_limits_table_is_ProtocolFileLimits()
    {
        var rows = Table("## Limits").Select(r => (r[0], long.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        rows.ShouldBe(ProtocolFileLimits.All.Select(l => (l.Name, l.Value)).ToList());
    }
}
