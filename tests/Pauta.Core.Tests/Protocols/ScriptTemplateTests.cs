using System.Globalization;
using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

public class ScriptTemplateTests
{
    private static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-ES");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    private static readonly ScriptValues Values = new()
    {
        Company = "Tiendas Suárez",
        Agent = "Lucía",
        Customer = "Sr. Pérez",
        Date = new DateOnly(2025, 3, 14),
        Time = new TimeOnly(16, 5),
        Channel = "teléfono",
        Department = "Atención al cliente",
        Protocol = "Atención telefónica",
    };

    [Fact]
    public void The_phone_greeting_is_filled_with_the_company_and_the_agent()
    {
        var template = ScriptTemplate.Parse(ProtocolBuilder.Greeting);

        template.IsValid.ShouldBeTrue();
        template.Render(Values, Spanish)
            .ShouldBe("Buenos días, gracias por llamar a Tiendas Suárez, le habla Lucía, ¿en qué puedo ayudarle?");
    }

    [Theory]
    [InlineData("{empresa}", "Tiendas Suárez")]
    [InlineData("{company}", "Tiendas Suárez")]
    [InlineData("{agente}", "Lucía")]
    [InlineData("{agent}", "Lucía")]
    [InlineData("{cliente}", "Sr. Pérez")]
    [InlineData("{customer}", "Sr. Pérez")]
    [InlineData("{canal}", "teléfono")]
    [InlineData("{channel}", "teléfono")]
    [InlineData("{departamento}", "Atención al cliente")]
    [InlineData("{department}", "Atención al cliente")]
    [InlineData("{protocolo}", "Atención telefónica")]
    [InlineData("{protocol}", "Atención telefónica")]
    public void Every_placeholder_has_a_spanish_and_an_english_name(string text, string expected)
    {
        ScriptTemplate.Parse(text).Render(Values, Spanish).ShouldBe(expected);
    }

    [Fact]
    public void Each_placeholder_kind_has_exactly_one_spanish_and_one_english_name()
    {
        foreach (var placeholder in Enum.GetValues<Placeholder>())
        {
            Placeholders.ByName[Placeholders.Name(placeholder, "es")].ShouldBe(placeholder);
            Placeholders.ByName[Placeholders.Name(placeholder, "en")].ShouldBe(placeholder);
            Placeholders.ByName.Count(p => p.Value == placeholder).ShouldBe(2);
        }
    }

    [Fact]
    public void Placeholder_names_ignore_case_and_surrounding_spaces()
    {
        var template = ScriptTemplate.Parse("{Empresa} y { AGENTE }");

        template.IsValid.ShouldBeTrue();
        template.Render(Values, Spanish).ShouldBe("Tiendas Suárez y Lucía");
    }

    [Fact]
    public void The_date_and_time_are_written_in_the_culture_of_the_contact()
    {
        var template = ScriptTemplate.Parse("{fecha}, {hora}");

        template.Render(Values, Spanish).ShouldBe("viernes, 14 de marzo de 2025, 16:05");
        template.Render(Values, English).ShouldBe("Friday, 14 March 2025, 16:05");
    }

    [Fact]
    public void A_missing_value_takes_the_fallback()
    {
        ScriptTemplate.Parse("Gracias, {cliente|estimado cliente}.")
            .Render(Values with { Customer = null }, Spanish)
            .ShouldBe("Gracias, estimado cliente.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_value_takes_the_fallback(string blank)
    {
        ScriptTemplate.Parse("Gracias, {cliente|estimado cliente}.")
            .Render(Values with { Customer = blank }, Spanish)
            .ShouldBe("Gracias, estimado cliente.");
    }

    [Fact]
    public void A_present_value_wins_over_the_fallback()
    {
        ScriptTemplate.Parse("Gracias, {cliente|estimado cliente}.").Render(Values, Spanish).ShouldBe("Gracias, Sr. Pérez.");
    }

    [Fact]
    public void An_empty_fallback_renders_nothing_when_the_value_is_missing()
    {
        ScriptTemplate.Parse("Gracias{cliente|}.").Render(Values with { Customer = null }, Spanish).ShouldBe("Gracias.");
    }

    [Fact]
    public void A_missing_value_without_fallback_leaves_a_visible_marker_with_the_name_as_written()
    {
        ScriptTemplate.Parse("Hola, {cliente}. Hi, {customer}.")
            .Render(new ScriptValues(), Spanish)
            .ShouldBe("Hola, [cliente]. Hi, [customer].");
    }

    [Fact]
    public void Values_are_trimmed()
    {
        ScriptTemplate.Parse("[{agente}]").Render(Values with { Agent = "  Lucía  " }, Spanish).ShouldBe("[Lucía]");
    }

    [Fact]
    public void Doubled_braces_write_literal_braces_and_are_not_problems()
    {
        var template = ScriptTemplate.Parse("{{empresa}} es {empresa} }}{{");

        template.IsValid.ShouldBeTrue();
        template.Render(Values, Spanish).ShouldBe("{empresa} es Tiendas Suárez }{");
    }

    [Fact]
    public void A_placeholder_inside_escaped_braces_is_still_filled()
    {
        ScriptTemplate.Parse("{{{agente}}}").Render(Values, Spanish).ShouldBe("{Lucía}");
    }

    [Fact]
    public void Text_without_placeholders_is_one_literal_segment()
    {
        var template = ScriptTemplate.Parse("Buenos días.");

        template.Segments.ShouldBe([new TextSegment("Buenos días.")]);
        template.Render(Values, Spanish).ShouldBe("Buenos días.");
    }

    [Fact]
    public void Null_and_empty_text_parse_to_nothing()
    {
        ScriptTemplate.Parse(null).Segments.ShouldBeEmpty();
        ScriptTemplate.Parse("").Render(Values, Spanish).ShouldBe("");
    }

    [Fact]
    public void Segments_keep_literal_text_and_placeholders_in_order_with_their_columns()
    {
        var template = ScriptTemplate.Parse("Hola {cliente|amigo}, soy {agente}.");

        template.Segments.ShouldBe(
        [
            new TextSegment("Hola "),
            new PlaceholderSegment("cliente", Placeholder.Customer, "amigo", 1, 6),
            new TextSegment(", soy "),
            new PlaceholderSegment("agente", Placeholder.Agent, null, 1, 27),
            new TextSegment("."),
        ]);
        template.UsedPlaceholders.Select(p => p.Placeholder).ShouldBe([Placeholder.Customer, Placeholder.Agent]);
    }

    [Fact]
    public void An_unknown_placeholder_is_reported_with_its_name_and_column()
    {
        var problem = ScriptTemplate.Parse("Hola {nombre}").Problems.ShouldHaveSingleItem();

        problem.ShouldBe(new TemplateProblem(TemplateProblemKind.UnknownPlaceholder, 1, 6, "nombre"));
    }

    [Fact]
    public void An_unknown_placeholder_renders_its_fallback_or_a_marker()
    {
        ScriptTemplate.Parse("{nombre|usted}").Render(Values, Spanish).ShouldBe("usted");
        ScriptTemplate.Parse("{nombre}").Render(Values, Spanish).ShouldBe("[nombre]");
    }

    [Fact]
    public void An_unclosed_brace_is_reported_at_its_column_and_kept_as_text()
    {
        var template = ScriptTemplate.Parse("Hola {cliente");

        template.Problems.ShouldBe([new TemplateProblem(TemplateProblemKind.UnclosedBrace, 1, 6, "{")]);
        template.Render(Values, Spanish).ShouldBe("Hola {cliente");
    }

    [Fact]
    public void A_brace_left_open_before_the_next_placeholder_does_not_swallow_it()
    {
        var template = ScriptTemplate.Parse("Hola {cliente, soy {agente}");

        template.Problems.ShouldBe([new TemplateProblem(TemplateProblemKind.UnclosedBrace, 1, 6, "{")]);
        template.Render(Values, Spanish).ShouldBe("Hola {cliente, soy Lucía");
    }

    [Fact]
    public void A_placeholder_does_not_continue_onto_the_next_line()
    {
        var template = ScriptTemplate.Parse("Hola {cliente\n}");

        template.Problems.Select(p => p.Kind).ShouldBe([TemplateProblemKind.UnclosedBrace, TemplateProblemKind.StrayClosingBrace]);
    }

    [Fact]
    public void A_stray_closing_brace_is_reported_at_its_column()
    {
        var template = ScriptTemplate.Parse("Hola} {agente}");

        template.Problems.ShouldBe([new TemplateProblem(TemplateProblemKind.StrayClosingBrace, 1, 5, "}")]);
        template.Render(Values, Spanish).ShouldBe("Hola} Lucía");
    }

    [Theory]
    [InlineData("Hola {}", "{}")]
    [InlineData("Hola {  }", "{  }")]
    [InlineData("Hola {|amigo}", "{|amigo}")]
    public void An_empty_name_is_reported_and_kept_as_text(string text, string piece)
    {
        var template = ScriptTemplate.Parse(text);

        template.Problems.ShouldBe([new TemplateProblem(TemplateProblemKind.EmptyName, 1, 6, piece)]);
        template.Render(Values, Spanish).ShouldBe("Hola " + piece);
    }

    [Fact]
    public void Lines_and_columns_count_from_one_on_each_line()
    {
        var template = ScriptTemplate.Parse("Estimado {cliente}:\n\nLe escribe {firma} y }");

        template.Problems.ShouldBe(
        [
            new TemplateProblem(TemplateProblemKind.UnknownPlaceholder, 3, 12, "firma"),
            new TemplateProblem(TemplateProblemKind.StrayClosingBrace, 3, 22, "}"),
        ]);
    }

    [Fact]
    public void Every_problem_in_a_script_is_reported_not_only_the_first()
    {
        ScriptTemplate.Parse("{a} {} } {b").Problems.Select(p => p.Kind).ShouldBe(
        [
            TemplateProblemKind.UnknownPlaceholder,
            TemplateProblemKind.EmptyName,
            TemplateProblemKind.StrayClosingBrace,
            TemplateProblemKind.UnclosedBrace,
        ]);
    }

    [Theory]
    [InlineData("es", "Buenos días, gracias por llamar a Tiendas Suárez, le habla Lucía Gómez, ¿en qué puedo ayudarle?")]
    [InlineData("en", "Buenos días, gracias por llamar a Suárez Stores, le habla Lucy Gómez, ¿en qué puedo ayudarle?")]
    public void The_preview_uses_sample_values_in_the_protocol_language(string language, string expected)
    {
        ScriptTemplate.Preview(ProtocolBuilder.Greeting, language).ShouldBe(expected);
    }

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    public void Sample_values_fill_every_placeholder(string language)
    {
        var values = ScriptTemplate.SampleValues(language);
        var culture = ScriptTemplate.CultureFor(language);

        foreach (var placeholder in Enum.GetValues<Placeholder>())
            values.Format(placeholder, culture).ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void The_preview_shows_the_sample_date_in_words()
    {
        ScriptTemplate.Preview("Hoy es {fecha}.", "es").ShouldBe("Hoy es viernes, 14 de marzo de 2025.");
    }
}
