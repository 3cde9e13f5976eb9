using System.Globalization;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public class PlaceholderScopeTests
{
    private static readonly ContactField Cita = new() { Key = "cita", Label = "Fecha y hora de la cita", Type = ContactFieldType.DateTime };
    private static readonly ContactField NumeroCaso = new() { Key = "numero-caso", Label = "Número de caso", Type = ContactFieldType.Text };
    private static readonly CultureInfo Es = CultureInfo.GetCultureInfo("es");

    private static readonly PlaceholderScope Salon = new([Cita, NumeroCaso], new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "web" });

    private static Protocol WithScript(string text, params ContactField[] fields) =>
        PhoneProtocol().WithStep("informar", s => s with { Scripts = [new Script(text)] }) with { Fields = fields };

    [Theory]
    [InlineData("sede", Placeholder.Site)]
    [InlineData("site", Placeholder.Site)]
    [InlineData("direccion", Placeholder.Address)]
    [InlineData("address", Placeholder.Address)]
    [InlineData("horario", Placeholder.Hours)]
    [InlineData("hours", Placeholder.Hours)]
    [InlineData("telefono-sede", Placeholder.SitePhone)]
    [InlineData("site-phone", Placeholder.SitePhone)]
    public void The_sites_values_are_built_in_placeholders_in_both_languages(string name, Placeholder placeholder)
    {
        Placeholders.ByName[name].ShouldBe(placeholder);
    }

    [Fact]
    public void A_name_resolves_to_a_field_a_built_in_or_an_organisation_placeholder_and_otherwise_is_unknown()
    {
        var template = ScriptTemplate.Parse("{cita} {cliente} {web} {numero-caso} {color}", Salon);

        template.UsedPlaceholders.Select(p => p.Source).ShouldBe(
            [PlaceholderSource.Field, PlaceholderSource.BuiltIn, PlaceholderSource.Custom, PlaceholderSource.Field, PlaceholderSource.Unknown]);
        template.UsedPlaceholders.First().Field.ShouldBe(Cita);
        template.Problems.ShouldHaveSingleItem().ShouldBe(new TemplateProblem(TemplateProblemKind.UnknownPlaceholder, 1, 38, "color"));
    }

    [Fact]
    public void Without_the_organisations_names_any_other_name_may_be_one_of_them()
    {
        var template = ScriptTemplate.Parse("{cita} {web} {color}", new PlaceholderScope([Cita], null));
        template.Problems.ShouldBeEmpty();
        template.UsedPlaceholders.Skip(1).Select(p => p.Source).ShouldBe([PlaceholderSource.Custom, PlaceholderSource.Custom]);
    }

    [Fact]
    public void A_declared_field_is_filled_with_its_value_formatted_by_type_and_culture()
    {
        var values = new ScriptValues
        {
            Fields = new Dictionary<string, string> { ["cita"] = "2026-12-08T10:30" },
            Custom = new Dictionary<string, string> { ["Web"] = "suarez.example" },
            Site = "Salón Chapinero",
            Address = "Calle 60 # 9-20",
        };

        ScriptTemplate.Parse("Su cita en {sede} ({direccion}) es el {cita}. Más en {web}. Caso {numero-caso|en trámite}.", Salon)
            .Render(values, Es)
            .ShouldBe("Su cita en Salón Chapinero (Calle 60 # 9-20) es el martes, 8 de diciembre de 2026, 10:30. Más en suarez.example. Caso en trámite.");
    }

    [Fact]
    public void A_field_with_no_value_and_no_fallback_shows_its_label_as_a_slot()
    {
        ScriptTemplate.Parse("Su número de caso es {numero-caso}.", Salon).Render(new ScriptValues(), Es)
            .ShouldBe("Su número de caso es [Número de caso].");
    }

    [Fact]
    public void Where_values_are_never_made_up_every_missing_value_is_a_slot_even_with_a_fallback()
    {
        var pieces = ScriptTemplate.Parse("Hola {cliente|estimado cliente}, su cita es el {cita|día acordado}.", Salon)
            .Pieces(new ScriptValues { Company = "Tiendas Suárez" }, Es, slotsOverFallbacks: true);

        pieces.Where(p => p.Kind != ScriptPieceKind.Text).Select(p => (p.Kind, p.Text))
            .ShouldBe([(ScriptPieceKind.Slot, "[cliente]"), (ScriptPieceKind.Slot, "[Fecha y hora de la cita]")]);
    }

    [Fact]
    public void The_linter_knows_the_protocols_fields()
    {
        WithScript("Su cita es el {cita}.", Cita).ShouldNotFind(LintCodes.PlaceholderUnknown);
        WithScript("Su cita es el {cita}.").ShouldFindOnly(LintCodes.PlaceholderUnknown, "steps[3].scripts[0].text", 1, 15, "cita");
    }

    [Fact]
    public void The_linter_knows_the_organisations_placeholders_when_it_is_told_them()
    {
        var context = Context with { PlaceholderNames = new HashSet<string> { "web" } };
        WithScript("Visite {WEB}.").ShouldNotFind(LintCodes.PlaceholderUnknown, context);
        WithScript("Visite {webb}.").ShouldFindOnly(context, LintCodes.PlaceholderUnknown, "steps[3].scripts[0].text", 1, 8, "webb");
    }

    private static IEnumerable<string> Unchecked(Protocol protocol) =>
        ProtocolLinter.NotRunOffline(protocol).Where(n => n.Code == LintCodes.PlaceholderUnknown).Select(n => n.Path);

    [Fact]
    public void Offline_an_unknown_name_is_not_checked_and_is_listed_as_not_run()
    {
        var protocol = WithScript("Visite {web} el {cita}.", Cita);

        protocol.ShouldNotFind(LintCodes.PlaceholderUnknown, LintContext.Offline);
        Unchecked(protocol).ShouldBe(["steps[3].scripts[0].text"]);
        Unchecked(WithScript("Visite {sede} el {cita}.", Cita)).ShouldBeEmpty();
    }
}
