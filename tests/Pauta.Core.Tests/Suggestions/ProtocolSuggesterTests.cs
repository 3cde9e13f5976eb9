using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Suggestions;

namespace Pauta.Core.Tests.Suggestions;

public class ProtocolSuggesterTests
{
    private static readonly ProtocolSuggester Suggester = SuggesterFixture.Suggester;

    private static ProtocolSuggestion Top(string reason, Channels channel = Channels.None)
    {
        var suggestions = Suggester.Suggest(reason, channel, 5);
        suggestions.ShouldNotBeEmpty(reason);
        return suggestions[0];
    }

    [Fact]
    public void Every_protocol_and_plan_is_an_entry()
    {
        Suggester.EntryCount.ShouldBe(SuggesterFixture.All.Count + 1);
        Suggester.TermCount.ShouldBeGreaterThan(20);
    }

    [Theory]
    [InlineData("atencion telefonica")]
    [InlineData("ATENCIÓN TELEFÓNICA")]
    [InlineData("atención telefónica")]
    public void Accents_and_case_do_not_matter(string reason)
    {
        Top(reason).ProtocolId.ShouldBe("phone");
    }

    [Theory]
    [InlineData("quiero devolver esto", "returns")]
    [InlineData("le devuelvo el pantalón", "returns")]
    [InlineData("una devolución por favor", "returns")]
    [InlineData("me quiero quejar", "complaints")]
    [InlineData("vengo a poner una reclamación", "complaints")]
    [InlineData("necesito cancelar", "cancelling")]
    public void Inflections_meet_through_the_stemmer(string reason, string expected)
    {
        Top(reason, Channels.InPerson).ProtocolId.ShouldBe(expected);
    }

    [Theory]
    [InlineData("quiero una devolusion", "returns")]
    [InlineData("pongo una recalmacion", "complaints")]
    [InlineData("quiero resevar para un tinte", "booking")]
    public void A_typo_of_one_letter_still_matches(string reason, string expected)
    {
        Top(reason, Channels.InPerson).ProtocolId.ShouldBe(expected);
    }

    [Theory]
    [InlineData("que me reintegren la plata", "returns")]
    [InlineData("perdí la boleta", "returns")]
    [InlineData("quiero sacar turno para el viernes", "booking")]
    [InlineData("se me rompió el celular", "mobiles")]
    [InlineData("estoy muy enojada", "upset")]
    [InlineData("quiero el libro de reclamaciones", "complaints")]
    public void Regional_words_meet_through_the_lexicon(string reason, string expected)
    {
        Top(reason, Channels.InPerson).ProtocolId.ShouldBe(expected);
    }

    [Theory]
    [InlineData("I want a refund for these shoes", "returns")]
    [InlineData("I'd like to make a complaint", "complaints")]
    [InlineData("I need to cancel my appointment", "cancelling")]
    [InlineData("Can I book a haircut?", "booking")]
    [InlineData("I'm really upset and angry", "upset")]
    public void An_English_message_finds_the_Spanish_protocol_through_the_lexicon(string reason, string expected)
    {
        Top(reason, Channels.Phone).ProtocolId.ShouldBe(expected);
    }

    [Fact]
    public void English_words_do_not_match_Spanish_ones_by_spelling_alone()
    {
        // "present" stems like "presenta"; it must not find a protocol through that.
        Suggester.Suggest("present", Channels.None, 5).ShouldBeEmpty();
    }

    [Fact]
    public void A_contingency_plan_is_suggested_as_its_own_entry()
    {
        var top = Top("el cliente me insulta y me amenaza", Channels.InPerson);
        top.ProtocolId.ShouldBe("upset");
        top.PlanKey.ShouldBe("cliente-agresivo");
        top.PlanName.ShouldBe("Cliente agresivo");
        top.Title.ShouldBe("Cliente molesto");
        top.IsPlan.ShouldBeTrue();
    }

    [Fact]
    public void Protocols_on_the_channel_come_before_those_that_are_not()
    {
        // The letters protocol fits best, but only covers print.
        var byPhone = Suggester.Suggest("respuesta por carta", Channels.Phone, 10);
        byPhone.ShouldNotBeEmpty();
        byPhone.ShouldContain(s => s.ProtocolId == "letters" && !s.CoversChannel);
        var firstOff = byPhone.ToList().FindIndex(s => !s.CoversChannel);
        byPhone.Skip(firstOff).ShouldAllBe(s => !s.CoversChannel);
        byPhone.Take(firstOff).ShouldAllBe(s => s.CoversChannel);

        var byPrint = Suggester.Suggest("respuesta por carta", Channels.Print, 10);
        byPrint[0].ProtocolId.ShouldBe("letters");
        byPrint[0].CoversChannel.ShouldBeTrue();
    }

    [Fact]
    public void No_channel_means_any_channel()
    {
        var suggestions = Suggester.Suggest("respuesta por carta", Channels.None, 10);
        suggestions[0].ProtocolId.ShouldBe("letters");
        suggestions.ShouldAllBe(s => s.CoversChannel);
    }

    [Fact]
    public void Matched_words_are_the_customers_words_as_typed_with_their_place()
    {
        const string reason = "Hola, quiero DEVOLVER unos zapatos y que me den la Plata";
        var top = Top(reason, Channels.InPerson);
        top.ProtocolId.ShouldBe("returns");
        top.MatchedWords.Select(w => w.Text).ShouldContain("DEVOLVER");
        top.MatchedWords.Select(w => w.Text).ShouldContain("Plata");
        top.MatchedWords.Select(w => w.Text).ShouldNotContain("Hola");
        foreach (var word in top.MatchedWords) reason.Substring(word.Start, word.Length).ShouldBe(word.Text);
        top.MatchedWords.Select(w => w.Start).ShouldBeInOrder();
    }

    [Fact]
    public void A_typo_is_shown_as_typed()
    {
        Top("una devolusion", Channels.InPerson).MatchedWords.Select(w => w.Text).ShouldBe(["devolusion"]);
    }

    [Fact]
    public void An_expression_is_shown_whole()
    {
        var top = Top("quiero la hoja de reclamaciones", Channels.InPerson);
        top.ProtocolId.ShouldBe("complaints");
        top.MatchedWords.Select(w => w.Text).ShouldContain("hoja de reclamaciones");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!¿¡ ... :)")]
    [InlineData("😡😡😡")]
    [InlineData("de la que el y a")]
    [InlineData("hola buenas tardes")]
    [InlineData("xkcdqwz plmokn")]
    [InlineData("12345 678")]
    public void Empty_or_meaningless_text_gives_no_suggestion_and_no_exception(string? reason)
    {
        Suggester.Suggest(reason, Channels.Phone, 5).ShouldBeEmpty();
    }

    [Fact]
    public void A_huge_or_odd_text_does_not_throw()
    {
        var huge = string.Concat(Enumerable.Repeat("quiero devolver esto ", 20_000));
        Suggester.Suggest(huge, Channels.InPerson, 3)[0].ProtocolId.ShouldBe("returns");
        Suggester.Suggest("\0\u0301\uFFFF\uD800 devolver", Channels.InPerson, 3).ShouldNotBeEmpty();
    }

    [Fact]
    public void Max_limits_the_suggestions()
    {
        Suggester.Suggest("quiero cambiar la cita o devolver el producto", Channels.None, 0).ShouldBeEmpty();
        Suggester.Suggest("quiero cambiar la cita o devolver el producto", Channels.None, 1).Count.ShouldBe(1);
        Suggester.Suggest("quiero cambiar la cita o devolver el producto", Channels.None, 2).Count.ShouldBe(2);
    }

    [Fact]
    public void Scores_go_down()
    {
        var suggestions = Suggester.Suggest("quiero cambiar la cita o devolver el producto", Channels.None, 10);
        suggestions.Select(s => s.Score).ShouldBeInOrder(SortDirection.Descending);
        suggestions.ShouldAllBe(s => s.Score > 0);
    }

    [Fact]
    public void No_candidates_give_no_suggestions()
    {
        new ProtocolSuggester([]).Suggest("devolver", Channels.None, 5).ShouldBeEmpty();
        new ProtocolSuggester([new SuggestionCandidate("empty", new Protocol())]).Suggest("devolver", Channels.None, 5).ShouldBeEmpty();
    }

    [Fact]
    public void Reads_from_many_threads_agree()
    {
        string[] reasons = ["quiero devolver esto", "me quiero quejar", "I need to cancel my appointment", "se me rompió el celular"];
        var expected = reasons.Select(r => Suggester.Suggest(r, Channels.InPerson, 3).Select(s => s.ProtocolId + s.PlanKey).ToList()).ToList();
        Parallel.For(0, 400, i =>
        {
            var r = i % reasons.Length;
            Suggester.Suggest(reasons[r], Channels.InPerson, 3).Select(s => s.ProtocolId + s.PlanKey).ShouldBe(expected[r]);
        });
    }
}
