using System.Text.Json;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data.Protocols;
using Shouldly;
using Xunit;

namespace Pauta.Protocols.Tests;

/// <summary>Format 2: service targets, contact fields, selection rules, shared sections, and what format 1 keeps.</summary>
public sealed class Format2Tests
{
    private static string Json(Protocol p) => JsonSerializer.Serialize(p, new JsonSerializerOptions { WriteIndented = true });

    private static ProtocolFileResult Parse(string text) => ProtocolFile.Parse("p.md", text.Replace("\r\n", "\n"));

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pauta.slnx"))) dir = dir.Parent;
        dir.ShouldNotBeNull();
        return dir.FullName;
    }

    [Fact]
    public void A_protocol_using_format_2_parts_is_written_with_format_version_2_and_round_trips_losslessly()
    {
        var protocol = SampleProtocols.Complaint();
        var text = ProtocolFile.Write(protocol);
        text.ShouldStartWith("---\nformatVersion: 2\ntitle: Peticiones, quejas y reclamos\n");
        var parsed = Parse(text);
        parsed.Problems.ShouldBeEmpty();
        Json(parsed.Protocol!).ShouldBe(Json(protocol));
        ProtocolFile.Write(parsed.Protocol!).ShouldBe(text);
    }

    [Fact]
    public void Targets_are_written_with_their_names_and_without_defaults()
    {
        var text = ProtocolFile.Write(SampleProtocols.Complaint());
        text.ShouldContain("""
            serviceTargets:
              - clock: acknowledgement
                channel: [in-person, electronic]
                amount: 4
                unit: hours
              - clock: answer
                channel: [in-person, electronic]
                amount: 15
                unit: business-days
                calendar: legal
                extendableBy: 8
                warnings:
                  - left: 3
                    unit: business-days
                    escalationRuleKey: termino-en-riesgo
                  - percentUsed: 80
              - clock: first-response
                channel: electronic
                subChannels: [chat, whatsapp]
                amount: 2
                unit: minutes
                counting: calendar
            """.Replace("\r\n", "\n"));
        text.ShouldContain("\n### Radicar la solicitud {#radicar}\n");
        text.ShouldContain("fulfils: acknowledgement\n");
        text.ShouldContain("handoff: Garantías y reparaciones\n");
        text.ShouldContain("channels: [in-person]\n");
        text.ShouldContain("  currency: COP\n");
        text.ShouldNotContain("sharedFrom", Case.Insensitive);
    }

    [Theory]
    [InlineData("kind")]
    [InlineData("sharedSections")]
    [InlineData("selection")]
    [InlineData("fields")]
    [InlineData("currency")]
    [InlineData("target-at-risk")]
    [InlineData("plan channels")]
    [InlineData("fulfils")]
    [InlineData("handoff")]
    public void Each_format_2_part_alone_makes_the_file_format_2(string part)
    {
        var basis = SampleProtocols.Phone();
        var protocol = part switch
        {
            "kind" => basis with { Kind = ProtocolKind.SharedSection },
            "sharedSections" => basis with { SharedSections = ["cierre"] },
            "selection" => basis with { Selection = new SelectionRules { WinsOnChannels = Channels.Phone } },
            "fields" => basis with { Fields = [new ContactField { Key = "pedido" }] },
            "currency" => basis with { EscalationRules = [basis.EscalationRules[1] with { Currency = "EUR" }] },
            "target-at-risk" => basis with { EscalationRules = [basis.EscalationRules[0] with { Condition = EscalationCondition.TargetAtRisk }] },
            "plan channels" => basis with { ContingencyPlans = [basis.ContingencyPlans[0] with { Channels = Channels.Phone }] },
            "fulfils" => basis with { Steps = [basis.Steps[0] with { Fulfils = ContactClock.FirstResponse }, .. basis.Steps.Skip(1)] },
            "handoff" => basis with { Steps = [basis.Steps[0] with { Handoff = "Otro" }, .. basis.Steps.Skip(1)] },
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };
        ProtocolFile.FormatOf(basis).ShouldBe(1);
        ProtocolFile.FormatOf(protocol).ShouldBe(2);
        var text = ProtocolFile.Write(protocol);
        text.ShouldStartWith("---\nformatVersion: 2\n");
        var parsed = Parse(text);
        parsed.Problems.ShouldBeEmpty();
        Json(parsed.Protocol!).ShouldBe(Json(protocol));
    }

    [Fact]
    public void A_format_1_protocol_is_written_without_a_format_version() =>
        ProtocolFile.Write(SampleProtocols.Phone()).ShouldNotContain("formatVersion");

    [Fact]
    public void Shared_from_is_never_written_to_a_file()
    {
        var basis = SampleProtocols.Phone();
        var published = basis with
        {
            Steps = [basis.Steps[0] with { SharedFrom = "saludo-comun" }, .. basis.Steps.Skip(1)],
            ContingencyPlans = [basis.ContingencyPlans[0] with { SharedFrom = "planes-comunes" }],
        };
        ProtocolFile.Write(published).ShouldBe(ProtocolFile.Write(basis));
    }

    /// <summary>Every file Pauta ships, demo protocols and templates in both languages: format 1 still round-trips byte for byte.</summary>
    public static TheoryData<string> ShippedFiles()
    {
        var root = Root();
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "src/Pauta.Web/Features/Demo/Protocols", "src/Pauta.Web/Features/Protocols/Templates" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, folder), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void Every_shipped_file_is_written_back_byte_for_byte(string file)
    {
        var text = File.ReadAllText(Path.Combine(Root(), file)).Replace("\r\n", "\n");
        var parsed = Parse(text);
        parsed.Problems.ShouldBeEmpty(string.Join("\n", parsed.Problems));
        ProtocolFile.Write(parsed.Protocol!).ShouldBe(text);
    }

    [Fact]
    public void A_file_with_both_service_levels_and_targets_is_valid_and_both_are_targets()
    {
        var protocol = SampleProtocols.Phone() with { ServiceTargets = [SampleProtocols.Complaint().ServiceTargets[0] with { Channel = Channels.Phone }] };
        var parsed = Parse(ProtocolFile.Write(protocol));
        parsed.Problems.ShouldBeEmpty();
        parsed.Protocol!.ServiceLevels.Count.ShouldBe(2);
        ServiceTargets.Of(parsed.Protocol).Select(t => t.Clock).ShouldBe(
            [ContactClock.Acknowledgement, ContactClock.FirstResponse, ContactClock.Resolution, ContactClock.FirstResponse, ContactClock.Resolution]);
    }

    [Fact]
    public void A_file_of_a_newer_format_is_refused_at_its_version_and_nothing_else_is_reported()
    {
        var parsed = Parse("---\ntitle: Futuro\nformatVersion: 3\nsomethingNew: [1, 2]\n---\n\n## Apertura\n");
        parsed.Protocol.ShouldBeNull();
        var problem = parsed.Problems.ShouldHaveSingleItem();
        (problem.Line, problem.Column, problem.Code).ShouldBe((3, 16, ProtocolFile.Codes.FormatTooNew));
        problem.Message.ShouldContain("format 3");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    [InlineData("[2]")]
    public void A_format_version_that_is_not_1_or_2_is_a_problem_at_its_value(string version)
    {
        var parsed = Parse($"---\ntitle: X\nformatVersion: {version}\n---\n");
        var problem = parsed.Problems.ShouldHaveSingleItem();
        (problem.Line, problem.Column, problem.Code).ShouldBe((3, 16, ProtocolFile.Codes.WrongType));
    }

    [Fact]
    public void A_file_declaring_format_1_or_2_reads()
    {
        Parse("---\nformatVersion: 1\ntitle: X\n---\n").Problems.ShouldBeEmpty();
        Parse("---\nformatVersion: 2\ntitle: X\n---\n").Problems.ShouldBeEmpty();
    }

    private const string Targets = """
        ---
        formatVersion: 2
        title: X
        serviceTargets:
        - clock: {0}
          channel: electronic
          subChannels: {1}
          amount: {2}
          unit: {3}
          counting: {4}
          warnings:
          - left: 1
            unit: {5}
        fields:
        - key: cita
          type: {6}
        kind: {7}
        ---

        """;

    private static string TargetsWith(string clock = "answer", string sub = "chat", string amount = "5", string unit = "hours",
        string counting = "business", string leftUnit = "hours", string type = "datetime", string kind = "protocol") =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Targets.Replace("\r\n", "\n"), clock, sub, amount, unit, counting, leftUnit, type, kind);

    [Fact]
    public void The_template_of_these_tests_reads_cleanly() => Parse(TargetsWith()).Problems.ShouldBeEmpty();

    [Theory]
    [InlineData("clock", 5, 10, "first-answer")]
    [InlineData("sub", 7, 16, "sms")]
    [InlineData("sub", 7, 23, "[chat, telegram]")]
    [InlineData("unit", 9, 9, "weeks")]
    [InlineData("counting", 10, 13, "legal")]
    [InlineData("leftUnit", 13, 11, "fortnights")]
    [InlineData("type", 16, 9, "color")]
    [InlineData("kind", 17, 7, "section")]
    public void An_unknown_name_is_a_problem_at_its_line_and_column(string part, int line, int column, string value)
    {
        var text = part switch
        {
            "clock" => TargetsWith(clock: value),
            "sub" => TargetsWith(sub: value),
            "unit" => TargetsWith(unit: value),
            "counting" => TargetsWith(counting: value),
            "leftUnit" => TargetsWith(leftUnit: value),
            "type" => TargetsWith(type: value),
            "kind" => TargetsWith(kind: value),
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };
        var parsed = Parse(text);
        parsed.Protocol.ShouldBeNull();
        var problem = parsed.Problems.ShouldHaveSingleItem();
        (problem.Line, problem.Column, problem.Code).ShouldBe((line, column, ProtocolFile.Codes.UnknownName));
        problem.ToString().ShouldStartWith($"p.md:{line}:{column}: error: File.UnknownName");
    }

    [Fact]
    public void An_amount_that_is_not_a_whole_number_is_a_problem_at_its_value()
    {
        var problem = Parse(TargetsWith(amount: "1.5")).Problems.ShouldHaveSingleItem();
        (problem.Line, problem.Column, problem.Code).ShouldBe((8, 11, ProtocolFile.Codes.WrongType));
    }

    [Fact]
    public void A_target_without_clock_channel_amount_or_unit_is_a_problem_for_each()
    {
        var parsed = Parse("---\nserviceTargets:\n  - calendar: legal\n---\n");
        parsed.Problems.Select(p => (p.Line, p.Column, p.Code)).ShouldBe(Enumerable.Repeat((3, 5, ProtocolFile.Codes.MissingKey), 4));
        parsed.Problems.Select(p => p.Message).ShouldBe(
            ["'serviceTargets[0].clock' is missing", "'serviceTargets[0].channel' is missing", "'serviceTargets[0].amount' is missing", "'serviceTargets[0].unit' is missing"]);
    }

    [Fact]
    public void An_unknown_key_in_a_target_warning_is_a_problem_at_the_key()
    {
        var problem = Parse("---\nserviceTargets:\n- clock: answer\n  channel: phone\n  amount: 1\n  unit: days\n  warnings:\n  - percent: 80\n---\n")
            .Problems.ShouldHaveSingleItem();
        (problem.Line, problem.Column, problem.Code).ShouldBe((8, 5, ProtocolFile.Codes.UnknownKey));
    }

    [Fact]
    public void Linter_paths_of_the_new_parts_locate_their_lines()
    {
        var text = ProtocolFile.Write(SampleProtocols.Complaint());
        var parsed = Parse(text);
        var lines = text.Split('\n');
        lines[parsed.Locate("serviceTargets[1].warnings[0].left").Line - 1].ShouldContain("left: 3");
        lines[parsed.Locate("fields[1].options[0]").Line - 1].ShouldContain("Petición");
        lines[parsed.Locate("selection.notFor[0]").Line - 1].ShouldContain("solo información de horarios");
        lines[parsed.Locate("steps[0].fulfils").Line - 1].ShouldBe("fulfils: acknowledgement");
        lines[parsed.Locate("contingencyPlans[0].channels").Line - 1].ShouldBe("channels: [in-person]");
        lines[parsed.Locate("escalationRules[1].currency").Line - 1].ShouldContain("currency: COP");
    }

    /// <summary>Values a file can hold but a protocol should not are the linter's, still with the line and column of the value.</summary>
    [Fact]
    public void Out_of_range_values_are_linter_errors_located_at_their_line_and_column()
    {
        const string text = "---\ntitle: X\nserviceTargets:\n  - clock: answer\n    channel: electronic\n    amount: 0\n    unit: hours\n" +
            "    warnings:\n      - percentUsed: 150\n        left: 2\nfields:\n  - key: valor\n    label: Valor\n    type: amount\n    currency: PESOS\n---\n";
        var parsed = Parse(text);
        parsed.Problems.ShouldBeEmpty();
        var located = ProtocolLinter.Lint(parsed.Protocol!, LintContext.Offline)
            .Where(f => f.Code.StartsWith("Lint.Target", StringComparison.Ordinal) || f.Code == LintCodes.FieldCurrencyUnknown)
            .Select(f => (f.Code, parsed.Locate(f.Path)))
            .ToList();
        located.ShouldBe(
        [
            (LintCodes.TargetChannelUnused, (5, 14)),
            (LintCodes.TargetAmountNotPositive, (6, 13)),
            (LintCodes.TargetWarningShape, (9, 9)),
            (LintCodes.TargetWarningPercentOutOfRange, (9, 22)),
            (LintCodes.FieldCurrencyUnknown, (15, 15)),
        ]);
    }
}
