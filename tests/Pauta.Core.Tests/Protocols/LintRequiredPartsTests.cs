using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public class LintRequiredPartsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_title_is_an_error_on_the_title(string title)
    {
        (PhoneProtocol() with { Title = title }).ShouldFindOnly(LintCodes.TitleMissing, "title");
    }

    [Fact]
    public void A_title_keeps_the_title_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.TitleMissing);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\t")]
    public void A_missing_department_is_an_error_on_the_department(string department)
    {
        (PhoneProtocol() with { Department = department }).ShouldFindOnly(LintCodes.DepartmentMissing, "department");
    }

    [Fact]
    public void A_department_keeps_the_department_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.DepartmentMissing);
    }

    [Fact]
    public void A_missing_purpose_is_an_error_on_the_purpose()
    {
        (PhoneProtocol() with { Purpose = " " }).ShouldFindOnly(LintCodes.PurposeMissing, "purpose");
    }

    [Fact]
    public void A_purpose_keeps_the_purpose_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.PurposeMissing);
    }

    [Fact]
    public void Scope_and_owner_may_be_left_empty()
    {
        (PhoneProtocol() with { Scope = "", Owner = "" }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_protocol_with_no_channel_is_an_error_on_the_channels_and_nothing_else()
    {
        // With no channel there is no greeting or service level to ask for: one finding, not a cascade.
        (PhoneProtocol() with { Channels = Channels.None }).ShouldFindOnly(LintCodes.ChannelMissing, "channels");
    }

    [Fact]
    public void A_flag_outside_the_four_channels_is_not_a_channel()
    {
        (PhoneProtocol() with { Channels = (Channels)64 }).ShouldFindOnly(LintCodes.ChannelMissing, "channels");
    }

    [Fact]
    public void One_channel_keeps_the_channel_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.ChannelMissing);
    }

    [Theory]
    [InlineData(Stage.Opening)]
    [InlineData(Stage.Analysis)]
    [InlineData(Stage.Solution)]
    public void A_stage_without_steps_is_an_error_naming_the_stage(Stage stage)
    {
        var protocol = PhoneProtocol();
        var broken = protocol with { Steps = protocol.Steps.Where(s => s.Stage != stage).ToList() };

        broken.Lint().ShouldFind(LintCodes.StageEmpty, "steps", stage);
        broken.Lint().WithCode(LintCodes.StageEmpty).Count().ShouldBe(1);
    }

    [Fact]
    public void A_protocol_without_steps_reports_each_of_the_three_stages()
    {
        (PhoneProtocol() with { Steps = [] }).Lint().WithCode(LintCodes.StageEmpty).Select(f => f.Args[0])
            .ShouldBe([Stage.Opening, Stage.Analysis, Stage.Solution]);
    }

    [Fact]
    public void Steps_in_every_stage_keep_the_stage_rule_quiet()
    {
        PhoneProtocol().ShouldNotFind(LintCodes.StageEmpty);
    }

    [Fact]
    public void Steps_of_a_stage_only_in_a_contingency_plan_do_not_fill_that_stage()
    {
        var protocol = PhoneProtocol();
        var mainWithoutAnalysis = protocol.Steps.Where(s => s.Stage != Stage.Analysis).ToList();

        (protocol with { Steps = mainWithoutAnalysis }).Lint().ShouldFind(LintCodes.StageEmpty, "steps", Stage.Analysis);
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("ES")]
    [InlineData("")]
    public void An_unknown_protocol_language_is_an_error_on_the_language(string language)
    {
        (PhoneProtocol() with { Language = language }).Lint().ShouldFind(LintCodes.LanguageUnknown, "language", language);
    }

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    public void Spanish_and_english_keep_the_language_rule_quiet(string language)
    {
        (PhoneProtocol() with { Language = language }).ShouldNotFind(LintCodes.LanguageUnknown);
    }

    [Fact]
    public void A_script_in_an_unknown_language_is_an_error_on_that_script()
    {
        PhoneProtocol()
            .WithStep("saludo", s => s with { Scripts = [s.Scripts[0] with { Language = "pt" }] })
            .ShouldFindOnly(LintCodes.LanguageUnknown, "steps[0].scripts[0].language", "pt");
    }

    [Fact]
    public void A_script_without_a_language_takes_the_protocol_language()
    {
        PhoneProtocol()
            .WithStep("saludo", s => s with { Scripts = [s.Scripts[0] with { Language = null }] })
            .Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_blank_draft_lists_every_required_part()
    {
        var codes = new Protocol().Lint().Select(f => f.Code).ToList();

        codes.ShouldBe(
        [
            LintCodes.TitleMissing,
            LintCodes.DepartmentMissing,
            LintCodes.PurposeMissing,
            LintCodes.ChannelMissing,
            LintCodes.StageEmpty,
            LintCodes.StageEmpty,
            LintCodes.StageEmpty,
        ]);
    }
}
