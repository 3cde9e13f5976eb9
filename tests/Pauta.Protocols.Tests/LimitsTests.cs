using System.Text;
using Pauta.Data.Protocols;
using Shouldly;
using Xunit;

namespace Pauta.Protocols.Tests;

/// <summary>
/// Every limit in <see cref="ProtocolFileLimits"/> is a problem with file, line and column, checked before the work it
/// bounds. The deep-nesting file of issue 9 (25,000 '[' over 51 KB, which used to overflow the stack and kill the
/// process) runs here on a thread with a very large stack, so that without the limit the test fails instead of
/// killing the test host; the CLI tests run the same file through `pauta lint` in a child process on a normal stack.
/// </summary>
public sealed class LimitsTests
{
    private const string Steps = """

        ## Apertura

        ### Saludar {#saludo}

        Saluda.

        ## Solución

        ### Despedirse {#despedida}

        Despide.
        """;

    private static ProtocolFileProblem Only(string text, string code)
    {
        var result = ProtocolFile.Parse("hostil.md", text);
        result.Protocol.ShouldBeNull();
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(code, problem.ToString());
        problem.File.ShouldBe("hostil.md");
        return problem;
    }

    /// <summary>The issue's file: '[' (or '{a: ') 25,000 deep, in lines of 100 so the line limit does not catch it first.</summary>
    public static string DeepFrontMatter(int depth, string open, string close)
    {
        var text = new StringBuilder("---\ntitle: ");
        for (var i = 0; i < depth; i++) text.Append(open).Append(i % 100 == 99 ? "\n" : "");
        text.Append('\n');
        for (var i = 0; i < depth; i++) text.Append(close).Append(i % 100 == 99 ? "\n" : "");
        text.Append("\n---\n").Append(Steps).Append('\n');
        return text.ToString();
    }

    private static T OnBigStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception ex) { failure = ex; }
        }, maxStackSize: 512 * 1024 * 1024);
        thread.Start();
        thread.Join();
        failure.ShouldBeNull();
        return result;
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public void The_issue_file_25000_deep_is_refused_at_the_first_bracket_past_the_limit(string open, string close)
    {
        var text = DeepFrontMatter(25_000, open, close);
        var result = OnBigStack(() => ProtocolFile.Parse("hostil.md", text));
        result.Protocol.ShouldBeNull();
        var problem = result.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe(ProtocolFile.Codes.NestedTooDeep);
        // The root mapping is level 1, so the title's 20th bracket is level 21: on line 2, after "title: ".
        problem.Line.ShouldBe(2);
        problem.Column.ShouldBe("title: ".Length + 19 * open.Length + 1);
        problem.Message.ShouldContain(ProtocolFileLimits.MaxYamlDepth.ToString());
    }

    [Fact]
    public void Nesting_in_a_steps_yaml_block_is_refused_at_its_file_line()
    {
        var block = "\n```yaml\nchecklist:\n" + string.Concat(Enumerable.Range(0, 30).Select(i => new string(' ', 2 * i + 2) + "-\n")) + "```\n";
        var text = "---\ntitle: x\n---\n" + Steps.Replace("Saluda.\n", "Saluda.\n" + block);
        var problem = Only(text, ProtocolFile.Codes.NestedTooDeep);
        // The block opens on line 11; "checklist:" is on 12 and its list (level 2) starts on 13, so level 21 is on line 32.
        problem.Line.ShouldBe(32);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_not_a_limit_problem()
    {
        var open = string.Concat(Enumerable.Repeat("[", ProtocolFileLimits.MaxYamlDepth - 1));
        var close = string.Concat(Enumerable.Repeat("]", ProtocolFileLimits.MaxYamlDepth - 1));
        var result = ProtocolFile.Parse("x.md", $"---\ntitle: {open}{close}\n---\n{Steps}\n");
        result.Problems.ShouldNotBeEmpty();
        result.Problems.ShouldAllBe(p => p.Code == ProtocolFile.Codes.WrongType);
    }

    [Theory]
    [InlineData("terms: &a [*a]")]
    [InlineData("title: &t x\npurpose: *t")]
    [InlineData("title: *nada")]
    public void Yaml_anchors_and_aliases_are_refused_where_the_first_one_stands(string yaml)
    {
        var problem = Only($"---\n{yaml}\n---\n{Steps}\n", ProtocolFile.Codes.Alias);
        (problem.Line, problem.Column).ShouldBe((2, 8));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        var text = "---\ntitle: x\n---\n" + Steps + "\n" + string.Concat(Enumerable.Repeat(new string('a', 1000) + "\n", 1100));
        var problem = Only(text, ProtocolFile.Codes.TooLarge);
        (problem.Line, problem.Column).ShouldBe((1, 1));
        problem.Message.ShouldContain("1,024 KB");
    }

    [Fact]
    public void Multibyte_text_counts_in_utf8_bytes()
    {
        // 600,000 'ñ' are 1.2 MB in UTF-8 though only 600,000 characters.
        var text = "---\ntitle: x\n---\n" + Steps + "\n" + string.Concat(Enumerable.Repeat(new string('ñ', 10_000) + "\n", 60));
        Only(text, ProtocolFile.Codes.TooLarge);
    }

    [Fact]
    public void A_line_over_the_limit_is_refused_at_its_first_character_past_it()
    {
        var text = "---\ntitle: x\n---\n" + Steps.Replace("Saluda.", new string('a', ProtocolFileLimits.MaxLineChars + 1)) + "\n";
        var problem = Only(text, ProtocolFile.Codes.LineTooLong);
        (problem.Line, problem.Column).ShouldBe((9, ProtocolFileLimits.MaxLineChars + 1));
        ProtocolFile.Parse("x.md", text.Replace(new string('a', ProtocolFileLimits.MaxLineChars + 1), new string('a', ProtocolFileLimits.MaxLineChars)))
            .Problems.ShouldNotContain(p => p.Code == ProtocolFile.Codes.LineTooLong);
    }

    private static string WithSteps(int mainSteps, int plans)
    {
        var text = new StringBuilder("---\ntitle: x\n---\n\n## Apertura\n");
        for (var i = 0; i < mainSteps; i++) text.Append($"\n### Paso {i} {{#paso-{i}}}\n");
        for (var p = 0; p < plans; p++) text.Append($"\n## Plan: Plan {p} {{#plan-{p}}}\n\n### Paso {{#plan-{p}-paso}}\n\n```yaml\nstage: opening\n```\n");
        return text.ToString();
    }

    [Fact]
    public void Steps_past_the_limit_are_refused_at_the_first_one_too_many()
    {
        ProtocolFile.Parse("x.md", WithSteps(ProtocolFileLimits.MaxSteps, 0)).Problems.ShouldBeEmpty();
        var problem = Only(WithSteps(ProtocolFileLimits.MaxSteps + 1, 0), ProtocolFile.Codes.TooManySteps);
        // "---", "title", "---", "", "## Apertura", then a blank line and a heading per step.
        problem.Line.ShouldBe(5 + 2 * (ProtocolFileLimits.MaxSteps + 1));
        // Plans' steps count too.
        Only(WithSteps(ProtocolFileLimits.MaxSteps - 10, 11), ProtocolFile.Codes.TooManySteps);
    }

    [Fact]
    public void Plans_past_the_limit_are_refused_at_the_first_one_too_many()
    {
        ProtocolFile.Parse("x.md", WithSteps(1, ProtocolFileLimits.MaxPlans)).Problems.ShouldBeEmpty();
        var problem = Only(WithSteps(1, ProtocolFileLimits.MaxPlans + 1), ProtocolFile.Codes.TooManyPlans);
        problem.Column.ShouldBe(1);
        WithSteps(1, ProtocolFileLimits.MaxPlans + 1).Split('\n')[problem.Line - 1].ShouldStartWith($"## Plan: Plan {ProtocolFileLimits.MaxPlans} ");
    }

    [Theory]
    [InlineData("title: a\0b", 2, 9)]
    [InlineData("title: \"\\a\"\npurpose: \u0007", 3, 10)]
    public void A_raw_control_character_is_refused_where_it_stands(string yaml, int line, int column)
    {
        var problem = Only($"---\n{yaml}\n---\n{Steps}\n", ProtocolFile.Codes.Unprintable);
        (problem.Line, problem.Column).ShouldBe((line, column));
        // Escaped in double quotes it is a text like any other, except NUL, which no database column takes.
        ProtocolFile.Parse("x.md", "---\ntitle: \"a\\ab\"\n---\n" + Steps + "\n").Problems.ShouldBeEmpty();
        var nul = Only("---\ntitle: x\npurpose: \"a\\0b\"\n---\n" + Steps + "\n", ProtocolFile.Codes.Unprintable);
        (nul.Line, nul.Column).ShouldBe((3, 10));
    }
}
