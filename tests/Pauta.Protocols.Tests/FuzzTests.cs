using Pauta.Core.Protocols;
using Pauta.Data.Protocols;
using Shouldly;
using Xunit;

namespace Pauta.Protocols.Tests;

/// <summary>
/// The fuzz corpus (<see cref="FuzzCorpus"/>) through the parser: never an exception, every refusal a problem with a
/// line and column inside the file, and whatever parses is linted and written back without error. The hang guard is
/// generous (minutes for what takes a few seconds): it is there so a hang fails the test instead of the run.
/// </summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    public static IEnumerable<object[]> Seeds() => [[1], [2], [3]];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task The_corpus_never_throws_and_every_problem_points_into_the_file(int seed)
    {
        var files = FuzzCorpus.Files(seed, 400);
        var work = Task.Run(() =>
        {
            var parsedSome = 0;
            foreach (var (name, text) in files)
            {
                var result = ProtocolFile.Parse(name, text);
                var lines = text.Replace("\r\n", "\n").Split('\n').Length;
                foreach (var problem in result.Problems)
                {
                    problem.File.ShouldBe(name);
                    problem.Line.ShouldBeInRange(1, lines + 1, problem.ToString());
                    problem.Column.ShouldBeGreaterThanOrEqualTo(1, problem.ToString());
                    problem.Message.ShouldNotBeNullOrWhiteSpace();
                }
                if (result.Protocol is not { } protocol)
                {
                    result.Problems.ShouldNotBeEmpty(name);
                    continue;
                }
                parsedSome++;
                ProtocolLinter.Lint(protocol, LintContext.Offline);
                var written = ProtocolFile.Write(protocol);
                ProtocolFile.Write(ProtocolFile.Parse(name, written).Protocol.ShouldNotBeNull(written)).ShouldBe(written);
            }
            return parsedSome;
        });
        (await Task.WhenAny(work, Task.Delay(HangGuard))).ShouldBe(work, "the corpus did not finish within the hang guard");
        // Mutations leave some files well formed, so the writer and the linter are exercised too.
        (await work).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Every_known_attack_is_refused_with_a_problem()
    {
        foreach (var (name, text) in FuzzCorpus.Attacks().Where(a => !a.Name.StartsWith("valid-", StringComparison.Ordinal)))
        {
            var result = ProtocolFile.Parse(name, text);
            result.Protocol.ShouldBeNull(name);
            result.Problems.ShouldNotBeEmpty(name);
        }
    }
}
