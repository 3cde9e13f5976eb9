using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Suggestions;

namespace Pauta.Core.Tests.Suggestions;

/// <summary>Choosing between overlapping protocols: selection rules, plans with their protocol, boilerplate, intent and negation.</summary>
public class SelectionTests
{
    private static Step Step(string key, string title, string instruction, Stage stage = Stage.Analysis) =>
        new() { Key = key, Stage = stage, Title = title, Instruction = instruction };

    private const Channels Everywhere = Channels.InPerson | Channels.Phone | Channels.Electronic;

    /// <summary>Talks about complaints, payments and the shop much more than the first-aid protocol does.</summary>
    private static readonly Protocol Complaints = new()
    {
        Title = "Quejas y reclamaciones",
        Purpose = "Recoger las quejas de los clientes sobre la tienda, el salón, la caja o el trato recibido, y responderlas.",
        Scope = "Quejas en la tienda y en el salón.",
        Channels = Everywhere,
        Steps =
        [
            Step("escuchar", "Escuchar la queja", "Escucha la queja del cliente sobre la tienda o el salón."),
            Step("hoja", "Entregar la hoja de reclamaciones", "Entrega la hoja si el cliente quiere reclamar."),
        ],
    };

    private static readonly Protocol Injury = new()
    {
        Title = "Cliente herido",
        Purpose = "Atender a una persona que se ha hecho daño.",
        Channels = Everywhere,
        Steps = [Step("botiquin", "Usar el botiquín", "Usa el botiquín y llama al 112 si hace falta.")],
        Selection = new SelectionRules { WinsWhen = ["me he caído", "sangra"], NotFor = ["prueba de alergia"] },
    };

    private static readonly Protocol Billing = new()
    {
        Title = "Errores de facturación",
        Purpose = "Corregir un cobro doble o una factura equivocada y devolver la diferencia.",
        Channels = Everywhere | Channels.Print,
        Steps = [Step("cobro", "Revisar el cobro", "Mira el ticket, el cobro con tarjeta y la factura.")],
        ContingencyPlans =
        [
            new ContingencyPlan
            {
                Key = "precio-mal-cargado",
                Name = "Precio mal cargado",
                Trigger = "El precio de la etiqueta no es el de la caja.",
                Steps = [Step("etiqueta", "Cobrar la etiqueta", "Cobra el precio de la etiqueta.")],
            },
            new ContingencyPlan
            {
                Key = "cobro-por-carta",
                Name = "Cobro reclamado por carta",
                Trigger = "El cliente reclama un cobro por carta.",
                Channels = Channels.Print,
                Steps = [Step("carta", "Responder la carta", "Responde la carta sobre el cobro.")],
            },
        ],
    };

    private static readonly Protocol Fraud = new()
    {
        Title = "Cargo no reconocido",
        Purpose = "Aclarar un cargo con tarjeta que el titular no hizo.",
        Scope = "Cargos con tarjeta que el titular no reconoce. No se aplica a cobros dobles ni facturas equivocadas.",
        Channels = Everywhere,
        Steps = [Step("banco", "Avisar al banco", "Aconseja bloquear la tarjeta.")],
        Selection = new SelectionRules { WinsWhen = ["no reconozco", "fraude"] },
    };

    private static readonly Protocol Information = new()
    {
        Title = "Información general",
        Purpose = "Dar horarios y direcciones de las tiendas.",
        Channels = Channels.Phone | Channels.Electronic,
        Steps = [Step("responder", "Responder", "Da el horario o la dirección de la tienda.")],
    };

    private static readonly Protocol Booking = new()
    {
        Title = "Reserva de citas en el salón",
        Purpose = "Dar cita para corte, tinte o manicura, con la prueba de alergia antes de un tinte.",
        Channels = Everywhere,
        Steps = [Step("cita", "Dar la cita", "Busca hueco en la agenda del salón y confirma la hora.")],
    };

    private static readonly Protocol Vip = new()
    {
        Title = "Atención preferente",
        Purpose = "Atender con prioridad a los clientes de la tarjeta oro.",
        Channels = Everywhere,
        Steps = [Step("prioridad", "Dar prioridad", "Atiende primero y avisa a la encargada.")],
        Selection = new SelectionRules { WinsForSegments = ["VIP"] },
    };

    private static readonly Protocol PhoneOnlyWinner = new()
    {
        Title = "Amenazas de bomba",
        Purpose = "Actuar ante una amenaza.",
        Channels = Everywhere,
        Steps = [Step("evacuar", "Evacuar", "Sigue el plan de evacuación.")],
        Selection = new SelectionRules { WinsWhen = ["amenaza"], WinsOnChannels = Channels.Phone },
    };

    private static readonly Protocol SharedClosing = new()
    {
        Title = "Despedida común",
        Purpose = "Despedirse del cliente con la despedida de la tienda.",
        Kind = ProtocolKind.SharedSection,
        Channels = Everywhere,
        Steps = [Step("despedida", "Despedirse", "Agradece la visita y despídete.")],
    };

    private static readonly ProtocolSuggester Suggester = new(
        new (string Id, Protocol Protocol)[]
        {
            ("complaints", Complaints), ("injury", Injury), ("billing", Billing), ("fraud", Fraud), ("info", Information),
            ("booking", Booking), ("vip", Vip), ("threat", PhoneOnlyWinner), ("closing", SharedClosing),
        }.Select(p => new SuggestionCandidate(p.Id, p.Protocol)));

    private static ProtocolSuggestion Top(string reason, Channels channel = Channels.InPerson, string? segment = null)
    {
        var suggestions = Suggester.Suggest(reason, channel, 5, segment);
        suggestions.ShouldNotBeEmpty(reason);
        return suggestions[0];
    }

    [Fact]
    public void A_wins_when_phrase_puts_its_protocol_first_above_a_higher_score_and_says_why()
    {
        const string reason = "quiero poner una queja, me he caído en la tienda y en el salón nadie me ayudó con la queja";
        var all = Suggester.Suggest(reason, Channels.InPerson, 5);
        all.Single(s => s.ProtocolId == "complaints").Score.ShouldBeGreaterThan(all.Single(s => s.ProtocolId == "injury").Score);

        var top = all[0];
        top.ProtocolId.ShouldBe("injury");
        top.Reason.ShouldBe(new SuggestionReason(SuggestionReasonCode.RuleMentions, ["me he caído"]), new ReasonComparer());
        all.Where(s => s.ProtocolId == "complaints").ShouldAllBe(s => s.Reason == null);
    }

    [Theory]
    [InlineData("me he caido en la tienda", "me he caido")]
    [InlineData("ME HE CAÍDO", "ME HE CAÍDO")]
    [InlineData("me he caíd0 y me sangra la mano", "sangra")]
    [InlineData("la niña sangrra por la nariz", "sangrra")]
    public void Wins_when_phrases_match_as_words_ignoring_accents_case_and_one_typo(string reason, string typed)
    {
        var top = Top(reason);
        top.ProtocolId.ShouldBe("injury");
        top.Reason!.Args.ShouldBe([typed]);
    }

    [Fact]
    public void A_phrase_inside_a_longer_word_does_not_win() =>
        Suggester.Suggest("me siento defraudado por el trato, quiero poner una queja", Channels.InPerson, 5)
            .ShouldAllBe(s => s.Reason == null);

    [Fact]
    public void Not_for_takes_a_protocol_out_even_when_it_would_win()
    {
        var suggestions = Suggester.Suggest("me sangra un poco, ¿hace falta la prueba de alergia para el tinte?", Channels.InPerson, 5);
        suggestions.ShouldNotContain(s => s.ProtocolId == "injury");
        suggestions[0].ProtocolId.ShouldBe("booking");
    }

    [Fact]
    public void A_winner_wins_only_on_its_channels()
    {
        Top("recibimos una amenaza en la tienda", Channels.Phone).ProtocolId.ShouldBe("threat");
        Top("recibimos una amenaza en la tienda", Channels.Phone).Reason.ShouldNotBeNull();
        Suggester.Suggest("recibimos una amenaza en la tienda", Channels.InPerson, 5).ShouldAllBe(s => s.Reason == null);
    }

    [Fact]
    public void A_segment_wins_for_its_customers_whatever_the_message_and_only_for_them()
    {
        var top = Top("quiero poner una queja por el trato en la caja", segment: " vip ");
        top.ProtocolId.ShouldBe("vip");
        top.Reason.ShouldBe(new SuggestionReason(SuggestionReasonCode.RuleSegment, ["vip"]), new ReasonComparer());
        Top("quiero poner una queja por el trato en la caja").ProtocolId.ShouldBe("complaints");
        Top("quiero poner una queja por el trato en la caja", segment: "empresa").ProtocolId.ShouldBe("complaints");
    }

    [Fact]
    public void Several_winners_are_ordered_by_score()
    {
        var suggestions = Suggester.Suggest("no reconozco este cargo de la tarjeta, creo que es fraude; además me he caído", Channels.Phone, 5);
        suggestions.Take(2).Select(s => s.ProtocolId).ShouldBe(["fraud", "injury"]);
        suggestions[0].Score.ShouldBeGreaterThan(suggestions[1].Score);
    }

    [Fact]
    public void A_negated_wins_when_phrase_does_not_win()
    {
        var suggestions = Suggester.Suggest("no es fraude, la compra es mía, pero me cobraron dos veces", Channels.Phone, 5);
        suggestions[0].ProtocolId.ShouldBe("billing");
        suggestions.ShouldAllBe(s => s.Reason == null);
    }

    [Fact]
    public void A_plan_on_one_common_word_does_not_outrank_another_protocol_and_is_listed_with_its_protocol()
    {
        // "precio" is the plan's word and nobody else's; the complaint is the message's topic.
        var suggestions = Suggester.Suggest("quiero poner una queja en la tienda por el trato, y encima con el precio", Channels.InPerson, 5).ToList();
        suggestions[0].ProtocolId.ShouldBe("complaints");
        var plan = suggestions.FindIndex(s => s.PlanKey == "precio-mal-cargado");
        if (plan >= 0)
        {
            var protocol = suggestions.FindIndex(s => s.ProtocolId == "billing" && s.PlanKey is null);
            Math.Abs(plan - protocol).ShouldBe(1, "a plan stands next to its protocol");
        }
    }

    [Fact]
    public void A_plan_that_fits_better_than_its_protocol_comes_first_within_it()
    {
        var suggestions = Suggester.Suggest("el precio de la etiqueta no es el de la caja", Channels.InPerson, 5);
        suggestions[0].PlanKey.ShouldBe("precio-mal-cargado");
        suggestions[1].ProtocolId.ShouldBe("billing");
        suggestions[1].PlanKey.ShouldBeNull();
    }

    [Fact]
    public void A_plan_is_not_suggested_on_a_channel_it_is_not_for()
    {
        Suggester.Suggest("reclama un cobro por carta", Channels.Phone, 10).ShouldNotContain(s => s.PlanKey == "cobro-por-carta");
        Suggester.Suggest("reclama un cobro por carta", Channels.Print, 10).ShouldContain(s => s.PlanKey == "cobro-por-carta");
    }

    [Fact]
    public void A_shared_section_is_never_suggested()
    {
        Suggester.Suggest("despedida común, despedirse del cliente", Channels.InPerson, 10).ShouldNotContain(s => s.ProtocolId == "closing");
        Suggester.EntryCount.ShouldBe(8 + 2);
    }

    [Fact]
    public void Steps_and_plans_copied_from_a_shared_section_are_not_evidence()
    {
        var own = new Protocol
        {
            Title = "Pedidos", Purpose = "Localizar un pedido.", Channels = Everywhere,
            Steps = [Step("localizar", "Localizar", "Busca el pedido."), Step("adios", "Despedirse", "Agradece la visita y despídete.") with { SharedFrom = "despedida" }],
            ContingencyPlans = [new ContingencyPlan { Key = "caida", Name = "Sistema caído", Trigger = "La caja no funciona.", SharedFrom = "comunes" }],
        };
        var suggester = new ProtocolSuggester([new SuggestionCandidate("orders", own), new SuggestionCandidate("info", Information)]);
        suggester.EntryCount.ShouldBe(2);
        suggester.Suggest("agradece la visita y despídete", Channels.Phone, 5).ShouldNotContain(s => s.ProtocolId == "orders");
        suggester.Suggest("la caja no funciona, sistema caído", Channels.Phone, 5).ShouldNotContain(s => s.ProtocolId == "orders");
    }

    [Fact]
    public void What_a_scope_excludes_is_not_evidence_for_the_protocol()
    {
        ProtocolSuggester.WithoutExclusions("Cargos con tarjeta que el titular no reconoce. No se aplica a cobros dobles ni facturas equivocadas.")
            .ShouldBe("Cargos con tarjeta que el titular no reconoce. ");
        ProtocolSuggester.WithoutExclusions("Returns of any product, except gift cards; in every shop.").ShouldBe("Returns of any product,  in every shop.");
        ProtocolSuggester.WithoutExclusions("Tiendas y salón, excepto el outlet.").ShouldBe("Tiendas y salón, ");
        ProtocolSuggester.WithoutExclusions("Salvador y sus tiendas.").ShouldBe("Salvador y sus tiendas.");
        Suggester.Suggest("facturas equivocadas", Channels.Phone, 5).ShouldNotContain(s => s.ProtocolId == "fraud");
    }

    [Theory]
    [InlineData("no es por la factura, es que el salón me dio cita mal", "booking")]
    [InlineData("no quiero poner una queja, solo pedir cita en el salón", "booking")]
    public void A_negated_topic_loses_its_evidence(string reason, string expected) =>
        Top(reason).ProtocolId.ShouldBe(expected);

    [Fact]
    public void Negation_lowers_the_negated_words_score()
    {
        var plain = Suggester.Suggest("queja por la factura", Channels.Phone, 5).Single(s => s.ProtocolId == "billing" && s.PlanKey is null).Score;
        var negated = Suggester.Suggest("queja, no es por la factura", Channels.Phone, 5).SingleOrDefault(s => s.ProtocolId == "billing" && s.PlanKey is null)?.Score ?? 0;
        negated.ShouldBeLessThan(plain / 2);
    }

    [Fact]
    public void A_stated_problem_is_not_a_negation()
    {
        // "no reconozco" states the problem; plain "no" before a verb does not rule anything out.
        Top("no reconozco este cargo", Channels.Phone).ProtocolId.ShouldBe("fraud");
    }

    [Fact]
    public void Information_only_intent_favours_the_informational_protocol()
    {
        const string reason = "solo quería saber el horario del salón para la cita";
        var without = Suggester.Suggest("el horario del salón para la cita", Channels.Phone, 5);
        without[0].ProtocolId.ShouldBe("booking");
        Top(reason, Channels.Phone).ProtocolId.ShouldBe("info");
    }

    [Theory]
    [InlineData("reembolso", "reembolsar")]
    [InlineData("reembolso", "reembolséis")]
    [InlineData("facturación", "factura")]
    [InlineData("factura", "facturaron")]
    [InlineData("facturación", "facturaron")]
    public void Derived_words_meet_on_one_stem(string a, string b) =>
        SpanishStemmer.Stem(TextNormalizer.Fold(a)).ShouldBe(SpanishStemmer.Stem(TextNormalizer.Fold(b)));

    private sealed class ReasonComparer : IEqualityComparer<SuggestionReason?>
    {
        public bool Equals(SuggestionReason? x, SuggestionReason? y) =>
            x is not null && y is not null && x.Code == y.Code && x.Args.SequenceEqual(y.Args);

        public int GetHashCode(SuggestionReason? obj) => obj?.Code.GetHashCode() ?? 0;
    }
}
