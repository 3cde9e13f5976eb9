using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

/// <summary>The diff of two versions reports the format-2 parts: targets, fields, selection rules, shared sections, plan channels, currency.</summary>
public class ProtocolDiffFormat2Tests
{
    private static readonly ServiceTarget Legal = new()
    {
        Clock = ContactClock.Answer, Channel = Channels.Phone, Amount = 15, Unit = TargetUnit.BusinessDays, Calendar = CalendarRefs.Legal,
        Warnings = [new TargetWarning { Left = 3, EscalationRuleKey = "pide-responsable" }],
    };

    private static List<SectionDiff> Changes(Protocol before, Protocol after) =>
        ProtocolDiff.Compare(before, after).Where(d => d.Kind != SectionChangeKind.Unchanged).ToList();

    [Fact]
    public void A_format_1_protocol_compared_with_itself_has_no_format_2_section_with_text()
    {
        ProtocolDiff.Compare(PhoneProtocol(), PhoneProtocol())
            .Where(d => d.Section is "serviceTargets" or "field" or "selection" or "sharedSections" or "kind")
            .ShouldAllBe(d => d.Kind == SectionChangeKind.Unchanged && d.Before.Length == 0);
    }

    [Fact]
    public void A_changed_target_amount_is_one_changed_targets_section_in_the_words_given()
    {
        var before = PhoneProtocol().WithTargets(Legal);
        var after = PhoneProtocol().WithTargets(Legal with { Amount = 10, ExtendableBy = 5 });
        var words = new DiffWords(s => $"<{s}>", c => $"<{c}>", c => $"<{c}>", c => $"<{c}>", r => $"<{r}>")
        {
            ContactClock = c => $"<clock {c}>", Unit = u => $"<unit {u}>",
        };

        var change = ProtocolDiff.Compare(before, after, words).Where(d => d.Kind != SectionChangeKind.Unchanged).ShouldHaveSingleItem();

        change.Section.ShouldBe("serviceTargets");
        change.Before.ShouldBe("<clock Answer> · <Phone>: 15 <unit BusinessDays> ▦ legal ⚠ 3 <unit BusinessDays> ⇧ pide-responsable");
        change.After.ShouldBe("<clock Answer> · <Phone>: 10 <unit BusinessDays> ▦ legal + 5 ⚠ 3 <unit BusinessDays> ⇧ pide-responsable");
        ProtocolDiff.ChangedSections(before, after).ShouldBe(["serviceTargets"]);
    }

    [Fact]
    public void Sub_channels_counting_and_percent_warnings_are_in_the_target_text()
    {
        var target = new ServiceTarget
        {
            Clock = ContactClock.FirstResponse, Channel = Channels.Electronic, SubChannels = SubChannels.Chat | SubChannels.WhatsApp,
            Amount = 2, Unit = TargetUnit.Minutes, Counting = ServiceClock.Calendar, Warnings = [new TargetWarning { PercentUsed = 80 }],
        };
        var change = Changes(PhoneProtocol(), PhoneProtocol().WithTargets(target)).ShouldHaveSingleItem();
        change.Kind.ShouldBe(SectionChangeKind.Added);
        change.After.ShouldBe("FirstResponse · Electronic (Chat, WhatsApp): 2 Minutes (Calendar) ▦ site ⚠ 80 %");
    }

    [Fact]
    public void Fields_are_compared_by_key_added_changed_and_removed()
    {
        var cita = new ContactField { Key = "cita", Label = "Cita", Type = ContactFieldType.DateTime, Required = true };
        var servicio = new ContactField { Key = "servicio", Label = "Servicio", Type = ContactFieldType.Choice, Options = ["Corte", "Tinte"] };
        var importe = new ContactField { Key = "importe", Label = "Importe", Type = ContactFieldType.Amount, Currency = "EUR", Sample = "35.00" };
        var before = PhoneProtocol() with { Fields = [cita, servicio] };
        var after = PhoneProtocol() with { Fields = [servicio with { Options = ["Corte", "Tinte", "Peinado"] }, importe] };

        Changes(before, after).Select(d => (d.Section, d.Key, d.Kind)).ShouldBe(
        [
            ("field", "servicio", SectionChangeKind.Changed),
            ("field", "importe", SectionChangeKind.Added),
            ("field", "cita", SectionChangeKind.Removed),
        ]);
        var changes = Changes(before, after);
        changes[0].After.ShouldBe("{servicio} Servicio (Choice)\n  • Corte\n  • Tinte\n  • Peinado");
        changes[1].After.ShouldBe("{importe} Importe (Amount) EUR\n  ≈ 35.00");
        changes[2].Before.ShouldBe("{cita} Cita (DateTime, *)");
        ProtocolDiff.ChangedSections(before, after).ShouldBe(["field:servicio", "field:importe", "field:cita"]);
    }

    [Fact]
    public void Selection_rules_shared_sections_and_kind_are_sections_of_their_own()
    {
        var after = PhoneProtocol() with
        {
            Selection = new SelectionRules { WinsWhen = ["fraude"], WinsOnChannels = Channels.Phone, WinsForSegments = ["vip"], NotFor = ["solo horarios"] },
            SharedSections = ["saludo-comun", "cierre"],
            Kind = ProtocolKind.SharedSection,
        };
        var changes = Changes(PhoneProtocol(), after);
        changes.Select(d => d.Section).ShouldBe(["selection", "sharedSections", "kind"]);
        changes[0].After.ShouldBe("★ fraude\n★ [Phone]\n★ @vip\n✗ solo horarios");
        changes[1].After.ShouldBe("saludo-comun\ncierre");
        changes[2].After.ShouldBe("SharedSection");
    }

    [Fact]
    public void Plan_channels_step_clocks_and_hand_offs_and_rule_currency_show_in_their_sections()
    {
        var before = PhoneProtocol();
        var after = before
            .WithStep("informar", s => s with { Fulfils = ContactClock.Answer, Handoff = "Garantías" }) with
        {
            ContingencyPlans = [before.ContingencyPlans[0] with { Channels = Channels.Phone }],
            EscalationRules = [before.EscalationRules[0], before.EscalationRules[1] with { Currency = "EUR" }],
        };
        var changes = Changes(before, after);
        changes.Select(d => (d.Section, d.Key)).ShouldBe(
            [("step", "informar"), ("plan", "cliente-molesto"), ("escalation", "devolucion-alta")]);
        changes[0].After.ShouldEndWith("⏱ Answer\n⇨ Garantías");
        changes[1].After.ShouldContain("\n[Phone]\n");
        changes[2].After.ShouldStartWith("AmountOver > 200 EUR: ");
    }
}
