using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

/// <summary>The linter on format-2 parts: targets, warnings, hand-offs, contact fields, selection rules, shared sections.</summary>
public class LintFormat2Tests
{
    private static readonly ServiceTarget LegalAnswer = new()
    {
        Clock = ContactClock.Answer, Channel = Channels.Phone, Amount = 15, Unit = TargetUnit.BusinessDays, Calendar = CalendarRefs.Legal,
    };

    // ---- Channels and targets ----

    [Fact]
    public void A_protocol_with_targets_for_some_clocks_only_is_clean()
    {
        (PhoneProtocol() with { ServiceLevels = [] }).WithTargets(LegalAnswer).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_channel_without_any_target_is_an_error_on_the_targets_when_the_protocol_uses_them()
    {
        (PhoneProtocol() with { ServiceLevels = [], Channels = Channels.Phone | Channels.Print })
            .WithStep("saludo", s => s with { Scripts = [.. s.Scripts, new Script("Estimado cliente:", Channels.Print, IsGreeting: true)] })
            .WithTargets(LegalAnswer)
            .ShouldFindOnly(LintCodes.ServiceLevelMissing, "serviceTargets", Channels.Print);
    }

    [Fact]
    public void A_format_1_protocol_without_levels_is_still_told_on_its_service_levels()
    {
        (PhoneProtocol() with { ServiceLevels = [] }).ShouldFindOnly(LintCodes.ServiceLevelMissing, "serviceLevels", Channels.Phone);
    }

    [Fact]
    public void A_target_naming_a_sub_channel_beside_one_naming_none_is_not_a_duplicate()
    {
        var electronic = AnswerTarget with { Channel = Channels.Electronic };
        var protocol = (PhoneProtocol() with { Channels = Channels.Phone | Channels.Electronic })
            .WithStep("saludo", s => s with { Scripts = [new Script(Greeting, Channels.Phone | Channels.Electronic, IsGreeting: true)] })
            .WithTargets(AnswerTarget, electronic, electronic with { SubChannels = SubChannels.Chat, Amount = 1 });
        protocol.Lint().ShouldBeEmpty();
    }

    [Fact]
    public void Two_targets_for_the_same_clock_channel_and_sub_channel_are_an_error_on_the_second()
    {
        var chat = AnswerTarget with { Channel = Channels.Electronic, SubChannels = SubChannels.Chat | SubChannels.Email };
        var protocol = (PhoneProtocol() with { Channels = Channels.Phone | Channels.Electronic })
            .WithStep("saludo", s => s with { Scripts = [new Script(Greeting, Channels.Phone | Channels.Electronic, IsGreeting: true)] })
            .WithTargets(AnswerTarget, chat, chat with { SubChannels = SubChannels.Email | SubChannels.WhatsApp });
        protocol.ShouldFindOnly(LintCodes.TargetDuplicate, "serviceTargets[2].channel", ContactClock.Answer, Channels.Electronic);
    }

    [Fact]
    public void Targets_for_different_clocks_on_one_channel_are_not_duplicates()
    {
        (PhoneProtocol() with { ServiceLevels = [] })
            .WithTargets(AnswerTarget, AnswerTarget with { Clock = ContactClock.Resolution, Amount = 3 }, LegalAnswer with { Clock = ContactClock.Acknowledgement, Amount = 1 })
            .Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_target_repeating_a_service_level_clock_on_its_channel_is_a_duplicate()
    {
        PhoneProtocol().WithTargets(AnswerTarget with { Clock = ContactClock.FirstResponse, Unit = TargetUnit.Minutes })
            .ShouldFindOnly(LintCodes.TargetDuplicate, "serviceTargets[0].channel", ContactClock.FirstResponse, Channels.Phone);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void An_amount_below_one_is_an_error_on_the_amount(int amount)
    {
        PhoneProtocol().WithTargets(AnswerTarget with { Amount = amount })
            .ShouldFindOnly(LintCodes.TargetAmountNotPositive, "serviceTargets[0].amount", amount);
    }

    [Theory]
    [InlineData(TargetUnit.Seconds, 31_536_001)]
    [InlineData(TargetUnit.Minutes, 525_601)]
    [InlineData(TargetUnit.Days, 366)]
    [InlineData(TargetUnit.BusinessDays, 261)]
    public void More_than_a_year_in_any_unit_is_a_warning_to_check_the_unit(TargetUnit unit, int amount)
    {
        PhoneProtocol().WithTargets(AnswerTarget with { Unit = unit, Amount = amount })
            .ShouldFindOnly(LintCodes.TargetAmountImplausible, "serviceTargets[0].amount", amount, unit);
        PhoneProtocol().WithTargets(AnswerTarget with { Unit = unit, Amount = amount - 1 }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void Business_days_counted_as_calendar_time_is_a_warning_but_calendar_days_are_fine()
    {
        PhoneProtocol().WithTargets(LegalAnswer with { Counting = ServiceClock.Calendar })
            .ShouldFindOnly(LintCodes.TargetCountingIgnored, "serviceTargets[0].counting", TargetUnit.BusinessDays);
        PhoneProtocol().WithTargets(LegalAnswer with { Unit = TargetUnit.Days, Counting = ServiceClock.Calendar }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void Sub_channels_are_only_allowed_on_a_target_for_the_electronic_channel_alone()
    {
        var protocol = (PhoneProtocol() with { Channels = Channels.Phone | Channels.Electronic })
            .WithStep("saludo", s => s with { Scripts = [new Script(Greeting, Channels.Phone | Channels.Electronic, IsGreeting: true)] });
        protocol.WithTargets(AnswerTarget with { Channel = Channels.Phone | Channels.Electronic, SubChannels = SubChannels.Chat })
            .ShouldFindOnly(LintCodes.TargetSubChannelsOutsideElectronic, "serviceTargets[0].subChannels");
        protocol.WithTargets(AnswerTarget, AnswerTarget with { Channel = Channels.Electronic, SubChannels = SubChannels.Chat }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_target_for_a_channel_the_protocol_does_not_use_is_a_warning_naming_it()
    {
        PhoneProtocol().WithTargets(AnswerTarget with { Channel = Channels.Phone | Channels.Print | Channels.InPerson })
            .ShouldFindOnly(LintCodes.TargetChannelUnused, "serviceTargets[0].channel", Channels.Print | Channels.InPerson);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void An_extension_below_one_is_an_error(int by)
    {
        PhoneProtocol().WithTargets(LegalAnswer with { ExtendableBy = by })
            .ShouldFindOnly(LintCodes.TargetExtensionNotPositive, "serviceTargets[0].extendableBy", by);
        PhoneProtocol().WithTargets(LegalAnswer with { ExtendableBy = 8 }).Lint().ShouldBeEmpty();
    }

    // ---- Calendars ----

    [Theory]
    [InlineData("Legal")]
    [InlineData("legal co")]
    [InlineData("")]
    [InlineData("9-legal")]
    public void A_calendar_that_is_not_a_key_is_an_error(string calendar)
    {
        PhoneProtocol().WithTargets(LegalAnswer with { Calendar = calendar })
            .ShouldFindOnly(LintCodes.TargetCalendarInvalid, "serviceTargets[0].calendar", calendar);
    }

    [Fact]
    public void A_calendar_key_the_organisation_does_not_have_is_a_warning_and_a_known_one_is_fine()
    {
        PhoneProtocol().WithTargets(LegalAnswer with { Calendar = "legal-mx" })
            .ShouldFindOnly(LintCodes.TargetCalendarUnknown, "serviceTargets[0].calendar", "legal-mx");
        PhoneProtocol().WithTargets(LegalAnswer with { Calendar = "legal-co" }).Lint().ShouldBeEmpty();
        PhoneProtocol().WithTargets(LegalAnswer with { Calendar = CalendarRefs.Site }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void Offline_the_calendar_keys_and_hand_offs_are_not_checked_and_are_listed_as_not_run()
    {
        var protocol = PhoneProtocol().WithTargets(LegalAnswer with { Calendar = "legal-mx" })
            .WithStep("transferir", s => s with { Handoff = "Nadie" });
        var offline = new LintContext(["Supervisor"], ["Coordinadora de atención"]);

        protocol.Lint(offline).ShouldBeEmpty();
        ProtocolLinter.NotRun(protocol, offline).ShouldBe([(LintCodes.TargetCalendarUnknown, "serviceTargets[0].calendar"), (LintCodes.HandoffUnknown, "steps[5].handoff")]);
        ProtocolLinter.NotRunOffline(protocol).Select(n => n.Code)
            .ShouldBe([LintCodes.EscalationTargetUnknown, LintCodes.EscalationTargetUnknown, LintCodes.TargetCalendarUnknown, LintCodes.HandoffUnknown]);
        ProtocolLinter.NotRun(protocol, Context).ShouldBeEmpty();
    }

    // ---- Warnings ----

    [Fact]
    public void A_warning_needs_exactly_one_of_percent_used_and_time_left()
    {
        PhoneProtocol().WithTargets(LegalAnswer with { Warnings = [new TargetWarning { PercentUsed = 80, Left = 3 }] })
            .ShouldFindOnly(LintCodes.TargetWarningShape, "serviceTargets[0].warnings[0]");
        PhoneProtocol().WithTargets(LegalAnswer with { Warnings = [new TargetWarning()] })
            .ShouldFindOnly(LintCodes.TargetWarningShape, "serviceTargets[0].warnings[0]");
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(99, false)]
    [InlineData(100, true)]
    public void Percent_used_must_be_between_1_and_99(int percent, bool wrong)
    {
        var protocol = PhoneProtocol().WithTargets(LegalAnswer with { Warnings = [new TargetWarning { PercentUsed = percent }] });
        if (wrong) protocol.ShouldFindOnly(LintCodes.TargetWarningPercentOutOfRange, "serviceTargets[0].warnings[0].percentUsed", percent);
        else protocol.Lint().ShouldBeEmpty();
    }

    [Theory]
    [InlineData(3, TargetUnit.BusinessDays, false)]
    [InlineData(14, TargetUnit.BusinessDays, false)]
    [InlineData(15, TargetUnit.BusinessDays, true)]
    [InlineData(0, TargetUnit.BusinessDays, true)]
    [InlineData(20, TargetUnit.Hours, false)]   // hours against business days depend on the calendar: not judged
    public void Time_left_must_be_below_the_whole_business_day_term(int left, TargetUnit unit, bool wrong)
    {
        var protocol = PhoneProtocol().WithTargets(LegalAnswer with { Warnings = [new TargetWarning { Left = left, LeftUnit = unit }] });
        if (wrong) protocol.ShouldFindOnly(LintCodes.TargetWarningLeftOutOfRange, "serviceTargets[0].warnings[0].left", left, unit, 15, TargetUnit.BusinessDays);
        else protocol.Lint().ShouldBeEmpty();
    }

    [Theory]
    [InlineData(89, TargetUnit.Minutes, false)]
    [InlineData(90, TargetUnit.Minutes, true)]
    [InlineData(1, TargetUnit.Hours, false)]
    [InlineData(2, TargetUnit.Hours, true)]
    [InlineData(5399, TargetUnit.Seconds, false)]
    public void Time_left_in_fixed_units_is_compared_as_a_length(int left, TargetUnit unit, bool wrong)
    {
        var ninetyMinutes = AnswerTarget with { Amount = 90, Unit = TargetUnit.Minutes };
        var protocol = PhoneProtocol().WithTargets(ninetyMinutes with { Warnings = [new TargetWarning { Left = left, LeftUnit = unit }] });
        if (wrong) protocol.ShouldFindOnly(LintCodes.TargetWarningLeftOutOfRange, "serviceTargets[0].warnings[0].left", left, unit, 90, TargetUnit.Minutes);
        else protocol.Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_warning_names_an_existing_escalation_rule()
    {
        PhoneProtocol().WithTargets(LegalAnswer with { Warnings = [new TargetWarning { PercentUsed = 80, EscalationRuleKey = "termino" }] })
            .ShouldFindOnly(LintCodes.EscalationRuleUnknown, "serviceTargets[0].warnings[0].escalationRuleKey", "termino");
        PhoneProtocol().WithTargets(LegalAnswer with { Warnings = [new TargetWarning { PercentUsed = 80, EscalationRuleKey = "pide-responsable" }] })
            .Lint().ShouldBeEmpty();
    }

    // ---- Steps ----

    [Fact]
    public void A_step_fulfilling_a_clock_with_a_target_is_fine_and_one_without_is_an_error()
    {
        var protocol = PhoneProtocol().WithTargets(LegalAnswer);
        protocol.WithStep("informar", s => s with { Fulfils = ContactClock.Answer }).Lint().ShouldBeEmpty();
        // Format-1 levels are targets of the first-response and resolution clocks.
        protocol.WithStep("saludo", s => s with { Fulfils = ContactClock.FirstResponse }).Lint().ShouldBeEmpty();
        protocol.WithPlanStep("molesto-escuchar", s => s with { Fulfils = ContactClock.Acknowledgement })
            .ShouldFindOnly(LintCodes.StepFulfilsWithoutTarget, "contingencyPlans[0].steps[0].fulfils", ContactClock.Acknowledgement);
    }

    [Fact]
    public void A_hand_off_names_a_protocol_of_the_organisation_ignoring_case_and_spaces()
    {
        PhoneProtocol().WithStep("transferir", s => s with { Handoff = " devoluciones y CAMBIOS " }).Lint().ShouldBeEmpty();
        PhoneProtocol().WithStep("transferir", s => s with { Handoff = "Devoluciones" })
            .ShouldFindOnly(LintCodes.HandoffUnknown, "steps[5].handoff", "Devoluciones");
        PhoneProtocol().WithStep("transferir", s => s with { Handoff = "atención telefónica" })
            .ShouldFindOnly(LintCodes.HandoffToItself, "steps[5].handoff", "atención telefónica");
    }

    // ---- Fields ----

    [Fact]
    public void Well_declared_fields_are_clean()
    {
        (PhoneProtocol() with
        {
            Fields =
            [
                new ContactField { Key = "cita", Label = "Fecha y hora de la cita", Type = ContactFieldType.DateTime, Required = true },
                new ContactField { Key = "servicio", Label = "Servicio", Type = ContactFieldType.Choice, Options = ["Corte", "Tinte"] },
                new ContactField { Key = "importe", Label = "Importe", Type = ContactFieldType.Amount, Currency = "EUR" },
            ],
        }).Lint().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Cita")]
    [InlineData("número")]
    [InlineData("order number")]
    [InlineData("-cita")]
    [InlineData("")]
    public void A_field_key_must_be_a_lower_case_slug(string key)
    {
        (PhoneProtocol() with { Fields = [new ContactField { Key = key, Label = "Campo" }] })
            .ShouldFindOnly(LintCodes.FieldKeyInvalid, "fields[0].key", key);
    }

    [Theory]
    [InlineData("fecha")]
    [InlineData("customer")]
    [InlineData("agente")]
    public void A_field_key_may_not_be_a_built_in_placeholder(string key)
    {
        (PhoneProtocol() with { Fields = [new ContactField { Key = key, Label = "Campo" }] })
            .ShouldFindOnly(LintCodes.FieldKeyReserved, "fields[0].key", key);
    }

    [Fact]
    public void Field_keys_are_unique_and_the_second_is_reported()
    {
        (PhoneProtocol() with { Fields = [new ContactField { Key = "radicado", Label = "A" }, new ContactField { Key = "pedido", Label = "B" }, new ContactField { Key = "radicado", Label = "C" }] })
            .ShouldFindOnly(LintCodes.FieldKeyDuplicate, "fields[2].key", "radicado");
    }

    [Fact]
    public void A_choice_needs_two_different_options()
    {
        (PhoneProtocol() with { Fields = [new ContactField { Key = "tipo", Label = "Tipo", Type = ContactFieldType.Choice, Options = ["Queja", "queja ", " "] }] })
            .ShouldFindOnly(LintCodes.FieldChoiceOptions, "fields[0].options", 1);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("XXX")]
    public void A_currency_must_be_an_iso_4217_code_on_fields_and_escalation_rules(string currency)
    {
        (PhoneProtocol() with { Fields = [new ContactField { Key = "valor", Label = "Valor", Type = ContactFieldType.Amount, Currency = currency }] })
            .ShouldFindOnly(LintCodes.FieldCurrencyUnknown, "fields[0].currency", currency);
        var protocol = PhoneProtocol();
        (protocol with { EscalationRules = [protocol.EscalationRules[0], protocol.EscalationRules[1] with { Currency = currency }] })
            .ShouldFindOnly(LintCodes.EscalationCurrencyUnknown, "escalationRules[1].currency", currency);
        (protocol with { EscalationRules = [protocol.EscalationRules[0], protocol.EscalationRules[1] with { Currency = "COP" }] }).Lint().ShouldBeEmpty();
    }

    // ---- Selection rules ----

    [Fact]
    public void Selection_rules_are_clean_when_their_phrases_are_written_and_channels_are_the_protocols()
    {
        (PhoneProtocol() with
        {
            Selection = new SelectionRules { WinsWhen = ["dolor en el pecho"], WinsOnChannels = Channels.Phone, WinsForSegments = ["vip"], NotFor = ["solo horarios"] },
        }).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void Each_empty_phrase_is_reported_where_it_is()
    {
        (PhoneProtocol() with { Selection = new SelectionRules { WinsWhen = ["fraude", ""], WinsForSegments = [" "], NotFor = ["x", "y", "\t"] } })
            .Lint().Select(f => (f.Code, f.Path)).ShouldBe(
            [
                (LintCodes.SelectionPhraseEmpty, "selection.winsWhen[1]"),
                (LintCodes.SelectionPhraseEmpty, "selection.winsForSegments[0]"),
                (LintCodes.SelectionPhraseEmpty, "selection.notFor[2]"),
            ]);
    }

    [Fact]
    public void A_phrase_both_winning_and_excluded_is_an_error_ignoring_case_and_accents()
    {
        (PhoneProtocol() with { Selection = new SelectionRules { WinsWhen = ["Devolución"], NotFor = ["devolucion"] } })
            .ShouldFindOnly(LintCodes.SelectionPhraseContradicts, "selection.notFor[0]", "devolucion");
    }

    [Fact]
    public void Winning_on_a_channel_the_protocol_does_not_use_is_an_error()
    {
        (PhoneProtocol() with { Selection = new SelectionRules { WinsWhen = ["fraude"], WinsOnChannels = Channels.Phone | Channels.Electronic } })
            .ShouldFindOnly(LintCodes.SelectionChannelsOutside, "selection.winsOnChannels", Channels.Electronic);
    }

    [Theory]
    [InlineData("Llamadas de clientes. No se aplica a reclamaciones formales.", "No se aplica")]
    [InlineData("Llamadas de clientes, excepto las de proveedores.", "excepto")]
    [InlineData("Llamadas; quedan excluidas las garantías.", "quedan excluid")]
    [InlineData("Customer calls. Not for supplier invoices.", "Not for")]
    [InlineData("Every call except warranty claims.", "except")]
    [InlineData("Llamadas de clientes. No aplica a mayoristas.", "No aplica")]
    public void An_exclusion_written_in_the_scope_is_a_warning_quoting_it(string scope, string quoted)
    {
        (PhoneProtocol() with { Scope = scope }).ShouldFindOnly(LintCodes.ScopeExclusion, "scope", quoted);
    }

    [Theory]
    [InlineData("Todas las llamadas, con salvoconducto o sin él.")]
    [InlineData("Exceptional cases included.")]
    [InlineData("Todas las llamadas que entran en las tiendas.")]
    public void Words_that_only_contain_an_exclusion_marker_are_not_exclusions(string scope)
    {
        (PhoneProtocol() with { Scope = scope }).ShouldNotFind(LintCodes.ScopeExclusion);
    }

    [Fact]
    public void An_exclusion_in_the_scope_is_not_reported_once_the_selection_says_what_it_is_not_for()
    {
        (PhoneProtocol() with { Scope = "Llamadas, excepto proveedores.", Selection = new SelectionRules { NotFor = ["proveedores"] } })
            .ShouldNotFind(LintCodes.ScopeExclusion);
    }

    // ---- Plans, kinds and shared sections ----

    [Fact]
    public void A_plan_may_be_limited_to_the_protocols_channels_only()
    {
        var protocol = PhoneProtocol();
        (protocol with { ContingencyPlans = [protocol.ContingencyPlans[0] with { Channels = Channels.Phone }] }).Lint().ShouldBeEmpty();
        (protocol with { ContingencyPlans = [protocol.ContingencyPlans[0] with { Channels = Channels.Phone | Channels.InPerson }] })
            .ShouldFindOnly(LintCodes.PlanChannelsOutside, "contingencyPlans[0].channels", Channels.InPerson);
    }

    [Fact]
    public void A_shared_section_needs_no_greeting_no_targets_no_stages_and_may_end_anywhere()
    {
        var section = new Protocol
        {
            Kind = ProtocolKind.SharedSection, Title = "Saludo común", Department = "Atención al cliente", Purpose = "El saludo de todas las tiendas.",
            Channels = Channels.Phone | Channels.InPerson,
            Steps = [new Step { Key = "saludo-comun", Stage = Stage.Opening, Title = "Saludar", Instruction = "Salude con su nombre." }],
        };
        section.Lint().ShouldBeEmpty();
        (section with { Kind = ProtocolKind.Protocol }).Lint().Select(f => f.Code).Distinct().ShouldBe(
            [LintCodes.StageEmpty, LintCodes.PathEndsOutsideSolution, LintCodes.GreetingMissing, LintCodes.ServiceLevelMissing]);
    }

    [Fact]
    public void Shared_section_keys_are_valid_unique_and_not_nested()
    {
        (PhoneProtocol() with { SharedSections = ["saludo-comun", "cierre"] }).Lint().ShouldBeEmpty();
        (PhoneProtocol() with { SharedSections = ["saludo-comun", "Cierre Común"] })
            .ShouldFindOnly(LintCodes.SharedSectionKeyInvalid, "sharedSections[1]", "Cierre Común");
        (PhoneProtocol() with { SharedSections = ["cierre", "saludo", "cierre"] })
            .ShouldFindOnly(LintCodes.SharedSectionDuplicate, "sharedSections[2]", "cierre");
        (PhoneProtocol() with { Kind = ProtocolKind.SharedSection, SharedSections = ["cierre"] })
            .ShouldFindOnly(LintCodes.SharedSectionNested, "sharedSections[0]", "cierre");
    }

    /// <summary>Found by the fuzz tests: folding accents split emoji into halves that cannot be normalised, and linting threw.</summary>
    [Fact]
    public void Phrases_and_scopes_with_emoji_are_compared_without_throwing()
    {
        (PhoneProtocol() with { Scope = "Llamadas 😀, excepto 😡", Selection = new SelectionRules { WinsWhen = ["fraude 😱"], NotFor = ["Fraude 😱"] } })
            .ShouldFindOnly(LintCodes.SelectionPhraseContradicts, "selection.notFor[0]", "Fraude 😱");
        (PhoneProtocol() with { Scope = "Llamadas 😀, excepto 😡" }).ShouldFindOnly(LintCodes.ScopeExclusion, "scope", "excepto");
    }

    [Fact]
    public void A_broken_format_2_protocol_never_throws()
    {
        var broken = PhoneProtocol() with
        {
            ServiceTargets = [new ServiceTarget { Clock = (ContactClock)42, Channel = (Channels)255, Amount = int.MinValue, Unit = (TargetUnit)9, Calendar = null!, Warnings = [new TargetWarning { Left = int.MaxValue, LeftUnit = (TargetUnit)7 }] }],
            Fields = [new ContactField { Key = null!, Label = null!, Options = [null!] }],
            Selection = new SelectionRules { WinsWhen = [null!], NotFor = [null!] },
            SharedSections = [null!],
            Scope = null!,
        };
        Should.NotThrow(() => broken.Lint(LintContext.Offline));
    }
}
