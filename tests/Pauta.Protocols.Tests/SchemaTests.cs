using System.Text.Json;
using Pauta.Data.Protocols;
using Shouldly;
using Xunit;

namespace Pauta.Protocols.Tests;

/// <summary>Keeps docs/protocol-format.schema.json equal to what the parser reads: its keys, names and list limits.</summary>
public sealed class SchemaTests
{
    private static JsonElement Schema()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pauta.slnx"))) dir = dir.Parent;
        dir.ShouldNotBeNull();
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "docs", "protocol-format.schema.json"))).RootElement;
    }

    private static List<string> Keys(JsonElement objectSchema) => objectSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();

    private static List<string> Enum(JsonElement e) => e.GetProperty("enum").EnumerateArray().Select(v => v.ToString()).ToList();

    private static JsonElement Def(string name) => Schema().GetProperty("$defs").GetProperty(name);

    private static JsonElement Front(string key) => Schema().GetProperty("properties").GetProperty(key);

    [Fact]
    public void The_front_matter_keys_are_the_parsers_in_written_order() =>
        Keys(Schema()).ShouldBe(ProtocolFile.FrontMatterKeys);

    [Fact]
    public void The_step_and_plan_block_keys_are_the_parsers()
    {
        Keys(Def("stepBlock")).ShouldBe(ProtocolFile.StepBlockKeys);
        Keys(Def("planBlock")).ShouldBe(ProtocolFile.PlanBlockKeys);
    }

    [Fact]
    public void The_names_are_the_parsers()
    {
        Enum(Def("channel")).ShouldBe(ProtocolFile.ChannelNames.Keys);
        Enum(Def("clock")).ShouldBe(ProtocolFile.ContactClockNames.Keys);
        Enum(Def("unit")).ShouldBe(ProtocolFile.UnitNames.Keys);
        Enum(Def("subChannel")).ShouldBe(ProtocolFile.SubChannelNames.Keys);
        Enum(Front("kind")).ShouldBe(ProtocolFile.KindNames.Keys);
        Enum(Front("fields").GetProperty("items").GetProperty("properties").GetProperty("type")).ShouldBe(ProtocolFile.FieldTypeNames.Keys);
        Enum(Front("escalationRules").GetProperty("items").GetProperty("properties").GetProperty("condition"))
            .ShouldBe(["customer-asks", "amount-over", "target-missed", "plan-says", "flow-answer", "other", "target-at-risk"]);
        Enum(Front("formatVersion")).ShouldBe([.. Enumerable.Range(1, ProtocolFile.LatestFormat).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    [Fact]
    public void The_target_field_and_warning_keys_are_the_ones_written()
    {
        var target = Front("serviceTargets").GetProperty("items");
        Keys(target).ShouldBe(["clock", "channel", "subChannels", "amount", "unit", "counting", "calendar", "extendableBy", "warnings"]);
        Keys(target.GetProperty("properties").GetProperty("warnings").GetProperty("items")).ShouldBe(["percentUsed", "left", "unit", "escalationRuleKey"]);
        Keys(Front("fields").GetProperty("items")).ShouldBe(["key", "label", "type", "required", "options", "currency", "sample"]);
        Keys(Front("selection")).ShouldBe(["winsWhen", "winsOnChannels", "winsForSegments", "notFor"]);
        // Every one of them is accepted by the parser: the complaint sample uses them all but subChannels' list form.
        ProtocolFile.Parse("pqr.md", ProtocolFile.Write(SampleProtocols.Complaint())).Problems.ShouldBeEmpty();
    }

    [Fact]
    public void The_list_limits_are_ProtocolFileLimits()
    {
        Front("serviceTargets").GetProperty("maxItems").GetInt32().ShouldBe(ProtocolFileLimits.MaxServiceTargets);
        Front("fields").GetProperty("maxItems").GetInt32().ShouldBe(ProtocolFileLimits.MaxFields);
        Def("phrases").GetProperty("maxItems").GetInt32().ShouldBe(ProtocolFileLimits.MaxPhrases);
    }

    [Theory]
    [InlineData("serviceTargets", "  - clock: answer\n    channel: phone\n    amount: 1\n    unit: days\n", ProtocolFileLimits.MaxServiceTargets)]
    [InlineData("fields", "  - key: campo\n", ProtocolFileLimits.MaxFields)]
    [InlineData("sharedSections", "  - seccion\n", ProtocolFileLimits.MaxPhrases)]
    public void A_list_past_its_limit_is_refused_at_its_first_item_past_it(string key, string item, int limit)
    {
        var lines = item.Count(c => c == '\n');
        var text = $"---\n{key}:\n" + string.Concat(Enumerable.Repeat(item, limit + 1)) + "---\n";
        var problem = ProtocolFile.Parse("p.md", text).Problems.ShouldHaveSingleItem();
        (problem.Line, problem.Column, problem.Code).ShouldBe((3 + limit * lines, 5, ProtocolFile.Codes.TooManyItems));
        ProtocolFile.Parse("p.md", $"---\n{key}:\n" + string.Concat(Enumerable.Repeat(item, limit)) + "---\n").Problems
            .ShouldNotContain(p => p.Code == ProtocolFile.Codes.TooManyItems);
    }
}
