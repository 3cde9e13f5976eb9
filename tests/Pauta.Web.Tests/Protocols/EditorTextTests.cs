using System.Globalization;
using Microsoft.Extensions.Localization;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data.Protocols;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Infrastructure;

namespace Pauta.Web.Tests.Protocols;

/// <summary>Every finding the linter or the file reader can produce has words, in both languages.</summary>
public sealed class EditorTextTests
{
    public static TheoryData<string> Codes()
    {
        var data = new TheoryData<string>();
        foreach (var code in LintCodes.All) data.Add(code);
        foreach (var field in typeof(ProtocolFile.Codes).GetFields()) data.Add((string)field.GetValue(null)!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void A_finding_code_has_a_message_in_spanish_and_in_english(string code)
    {
        foreach (var language in new[] { "es", "en" })
        {
            var table = JsonStringLocalizerFactory.Table(language);
            table.ShouldContainKey(code, $"{code} in {language}");
            table[code].ShouldNotContain("Lint.");
        }
    }

    private static string InLanguage(string language, Func<IStringLocalizer, string> text)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(language);
            return text(new JsonStringLocalizerFactory().Create(typeof(SharedResource)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void Stages_channels_and_times_in_a_finding_are_put_in_words_of_the_page_language()
    {
        var stage = new LintFinding(Severity.Error, LintCodes.StageEmpty, "steps", Stage.Solution);
        InLanguage("es", l => LintText.Message(stage, l)).ShouldContain("«Solución»");
        InLanguage("en", l => LintText.Message(stage, l)).ShouldContain("“Solution”");

        var channel = new LintFinding(Severity.Error, LintCodes.GreetingMissing, "channels", Channels.Phone);
        InLanguage("es", l => LintText.Message(channel, l)).ShouldContain("«Telefónico»");

        var times = new LintFinding(Severity.Error, LintCodes.ResolutionBeforeFirstResponse, "serviceLevels[0].resolutionSeconds", 60, 14_400);
        InLanguage("en", l => LintText.Message(times, l)).ShouldBe("Resolution (1 min) cannot come sooner than the first response (4 h).");
    }

    [Fact]
    public void The_preview_fills_known_placeholders_with_sample_values_and_marks_unknown_ones_as_errors()
    {
        var preview = InLanguage("es", l =>
        {
            var p = ScriptPreview.Of("steps[0].scripts[0]", "Hola {cliente}, soy {agente} de {empresa}. {clienta} {", "es", l);
            return string.Join("|", p.Pieces.Select(x => $"{x.Kind}:{x.Text}").Append("problems:" + string.Join(";", p.Problems)));
        });
        preview.ShouldStartWith("Text:Hola |Value:Sra. Martín|Text:, soy |Value:Lucía Gómez|Text: de |Value:Tiendas Suárez|Text:. |Unknown:{clienta}|Text: {|problems:");
        preview.ShouldContain("{clienta}");
    }
}
