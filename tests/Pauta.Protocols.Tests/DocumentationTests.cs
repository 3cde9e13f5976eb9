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

    [Fact]
    public void The_complete_example_is_the_sample_protocol() =>
        Example().ShouldBe(ProtocolFile.Write(SampleProtocols.Phone()));
}
