using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data.Protocols;
using Pauta.Web.Features.Demo;
using Pauta.Web.Features.Protocols;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Tests.Protocols;

/// <summary>The editor's form ↔ protocol mapping and its row operations, without a server.</summary>
public sealed class ProtocolFormTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var t in ProtocolTemplates.All) data.Add("template:" + t.Id);
        foreach (var (name, _) in DemoSeeder.ProtocolFiles()) data.Add("demo:" + name);
        return data;
    }

    private static Protocol Sample(string name)
    {
        if (name.StartsWith("template:", StringComparison.Ordinal)) return ProtocolTemplates.Find(name["template:".Length..])!.Protocol;
        var text = DemoSeeder.ProtocolFiles().Single(f => f.Name == name["demo:".Length..]).Text;
        return ProtocolFile.Parse(name, text).Protocol!;
    }

    /// <summary>What saving the form stores.</summary>
    private static Protocol RoundTrip(ProtocolForm form)
    {
        var (protocol, problems) = form.ToProtocol();
        problems.ShouldBeEmpty();
        return ProtocolForm.Saved(protocol);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_protocol_put_in_the_form_and_read_back_writes_the_same_file(string name)
    {
        var protocol = Sample(name);
        ProtocolFile.Write(RoundTrip(ProtocolForm.From(protocol))).ShouldBe(ProtocolFile.Write(protocol));
    }

    [Fact]
    public void Every_optional_part_and_odd_value_survives_the_form()
    {
        var protocol = new Protocol
        {
            Title = "Título", Department = "Caja", Purpose = "Uno\ndos", Scope = "", Owner = "Cajero", Language = "fr",
            Channels = Channels.Phone | Channels.Print, ReviewEveryDays = 0,
            Steps =
            [
                new Step
                {
                    Key = "a", Stage = Stage.Solution, Title = "", Instruction = "\nempieza con salto", Required = false,
                    Checklist = ["", "x"], Images = ["img/a.png"], VideoUrl = "https://v.example/x", GoodExample = "bien", BadExample = "mal",
                    Scripts = [new Script("{cliente|señora}", Channels.Phone | Channels.Print, true, "en"), new Script("", null, false, null)],
                    Question = "¿?", Answers = [new Answer("sí", Step.End, "r"), new Answer("no", null, null)], Next = "fantasma",
                },
            ],
            ContingencyPlans = [new ContingencyPlan { Key = "p", Name = "", Trigger = "t", Steps = [new Step { Key = "b", Stage = Stage.Opening }] }],
            EscalationRules = [new EscalationRule { Key = "r", Condition = EscalationCondition.AmountOver, Amount = 150.50m, Target = "Nadie" }],
            ServiceLevels = [new ServiceLevel(Channels.Phone | Channels.Print, 90, 7200, ServiceClock.Calendar), new ServiceLevel(Channels.None, 0, -1, ServiceClock.Business)],
            Assessment = new Assessment([new AssessmentQuestion("¿?", ["a"], 4, "")], 0),
        };
        ProtocolFile.Write(RoundTrip(ProtocolForm.From(protocol))).ShouldBe(ProtocolFile.Write(protocol));
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    [Fact]
    public void Targets_fields_selection_rules_plan_channels_currency_hand_offs_and_shared_sections_survive_the_form()
    {
        var protocol = new Protocol
        {
            Title = "Quejas", Language = "es", Channels = Channels.Print | Channels.Electronic, Kind = ProtocolKind.Protocol,
            SharedSections = ["saludo-comun", "cierre"],
            Steps =
            [
                new Step { Key = "radicar", Stage = Stage.Opening, Fulfils = Pauta.Core.Contacts.ContactClock.Acknowledgement },
                new Step { Key = "pasar", Stage = Stage.Solution, Handoff = "Devoluciones y cambios", Fulfils = Pauta.Core.Contacts.ContactClock.Answer },
            ],
            ContingencyPlans = [new ContingencyPlan { Key = "p", Name = "Caída", Channels = Channels.Electronic, Steps = [new Step { Key = "b", Stage = Stage.Analysis }] }],
            EscalationRules =
            [
                new EscalationRule { Key = "r", Condition = EscalationCondition.AmountOver, Amount = 200000m, Currency = "COP", Target = "Supervisor" },
                new EscalationRule { Key = "riesgo", Condition = EscalationCondition.TargetAtRisk, Target = "Supervisor" },
            ],
            ServiceTargets =
            [
                new ServiceTarget
                {
                    Clock = Pauta.Core.Contacts.ContactClock.Answer, Channel = Channels.Print | Channels.Electronic, Amount = 15,
                    Unit = TargetUnit.BusinessDays, Calendar = CalendarRefs.Legal, ExtendableBy = 8,
                    Warnings = [new TargetWarning { Left = 3, LeftUnit = TargetUnit.BusinessDays, EscalationRuleKey = "riesgo" }, new TargetWarning { PercentUsed = 80 }],
                },
                new ServiceTarget
                {
                    Clock = Pauta.Core.Contacts.ContactClock.FirstResponse, Channel = Channels.Electronic, SubChannels = SubChannels.Chat | SubChannels.WhatsApp,
                    Amount = 2, Unit = TargetUnit.Minutes, Counting = ServiceClock.Calendar, Calendar = "oficina-juridica",
                },
            ],
            Fields =
            [
                new ContactField { Key = "radicado", Label = "Número de radicado", Type = ContactFieldType.Text, Required = true, Sample = "RAD-2026-0001" },
                new ContactField { Key = "servicio", Label = "Servicio", Type = ContactFieldType.Choice, Options = ["Corte", "Tinte"] },
                new ContactField { Key = "importe", Label = "Importe", Type = ContactFieldType.Amount, Currency = "COP" },
            ],
            Selection = new SelectionRules
            {
                WinsWhen = ["fraude", "no reconozco el cargo"], WinsOnChannels = Channels.Phone, WinsForSegments = ["vip"], NotFor = ["solo información"],
            },
        };

        var back = RoundTrip(ProtocolForm.From(protocol));

        Json(back).ShouldBe(Json(protocol));
    }

    [Fact]
    public void A_shared_section_keeps_its_kind_and_copied_steps_are_not_part_of_the_form()
    {
        var section = new Protocol { Title = "Saludo común", Kind = ProtocolKind.SharedSection, Steps = [new Step { Key = "saludo", Stage = Stage.Opening }] };
        RoundTrip(ProtocolForm.From(section)).Kind.ShouldBe(ProtocolKind.SharedSection);

        var published = new Protocol
        {
            Title = "Devoluciones", SharedSections = ["saludo-comun"],
            Steps = [new Step { Key = "saludo", Stage = Stage.Opening, SharedFrom = "saludo-comun" }, new Step { Key = "ticket", Stage = Stage.Opening }],
        };
        ProtocolForm.From(published).Steps.Select(s => s.Key).ShouldBe(["ticket"]);
    }

    [Fact]
    public void A_currency_is_read_in_upper_case_and_an_empty_one_means_the_organisations()
    {
        var form = ProtocolForm.From(new Protocol { Title = "t", EscalationRules = [new EscalationRule { Key = "r" }] });
        form.EscalationRules[0].Currency = " cop ";
        RoundTrip(form).EscalationRules[0].Currency.ShouldBe("COP");
        form.EscalationRules[0].Currency = "";
        RoundTrip(form).EscalationRules[0].Currency.ShouldBeNull();
    }

    [Fact]
    public void Adding_a_target_a_warning_a_field_and_a_phrase_puts_the_focus_on_their_first_input()
    {
        var form = ProtocolForm.From(new Protocol { Title = "t", Channels = Channels.Electronic });

        form.Apply("add:serviceTargets").ShouldBe(EditorIds.Field("serviceTargets[0].clock"));
        form.ServiceTargets[0].Channels.ShouldBe(["Electronic"]);
        form.Apply("add:serviceTargets[0].warnings").ShouldBe(EditorIds.Field("serviceTargets[0].warnings[0].percentUsed"));
        form.Apply("add:fields").ShouldBe(EditorIds.Field("fields[0].label"));
        form.Fields[0].Key.ShouldBe("campo-1");
        form.Apply("add:fields[0].options").ShouldBe(EditorIds.Field("fields[0].options[0]"));
        form.Apply("add:selection.winsWhen").ShouldBe(EditorIds.Field("selection.winsWhen[0]"));
        form.Apply("add:sharedSections").ShouldBe(EditorIds.Field("sharedSections[0]"));
        form.Apply("remove:serviceTargets[0].warnings[0]").ShouldBe(EditorIds.Button("add:serviceTargets[0].warnings"));
        form.ServiceTargets[0].Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Line_breaks_posted_by_a_browser_are_stored_as_in_the_file()
    {
        var form = ProtocolForm.From(new Protocol { Title = "t" });
        form.Purpose = "uno\r\ndos\rtres";
        RoundTrip(form).Purpose.ShouldBe("uno\ndos\ntres");
    }

    [Theory]
    [InlineData(20, "20", "Seconds")]
    [InlineData(90, "90", "Seconds")]
    [InlineData(60, "1", "Minutes")]
    [InlineData(14_400, "4", "Hours")]
    [InlineData(172_800, "48", "Hours")]
    [InlineData(0, "0", "Seconds")]
    public void Format_1_level_times_show_as_targets_in_the_largest_exact_unit_and_save_back_as_the_same_level(int seconds, string value, string unit)
    {
        var level = new ServiceLevel(Channels.Phone, seconds, 86_400, ServiceClock.Business);
        var form = ProtocolForm.From(new Protocol { Title = "t", ServiceLevels = [level] });

        (form.ServiceTargets[0].Amount, form.ServiceTargets[0].Unit).ShouldBe((value, unit));
        RoundTrip(form).ServiceLevels.ShouldBe([level]);
    }

    [Fact]
    public void Values_that_do_not_convert_are_reported_under_the_linter_path_of_their_part()
    {
        var form = ProtocolForm.From(ProtocolTemplates.Find("es/queja-reclamo")!.Protocol);
        form.ServiceTargets[0].Amount = "veinte";
        form.ServiceTargets[1].Unit = "weeks";
        form.ServiceTargets[2].Counting = "Lunar";
        form.ServiceTargets[2].Warnings.Add(new WarningForm { Kind = "Left", Value = "tres", LeftUnit = "BusinessDays" });
        form.ServiceTargets[2].SubChannels.Add("Fax");
        form.EscalationRules[0].Currency = "euros";
        form.EscalationRules[0].Amount = "cien";
        form.EscalationRules[1].Condition = "1";
        form.ReviewEveryDays = "pronto";
        form.Steps[0].Stage = "Middle";
        form.Channels.Add("Fax");
        form.ContingencyPlans[0].Steps[0].Scripts.Add(new ScriptForm { Channels = ["Pigeon"] });
        form.Assessment = new AssessmentForm { Enabled = "true", PassMark = "80%" };

        var (_, problems) = form.ToProtocol();
        problems.Select(p => (p.Field, p.Code)).ShouldBe([
            ("channels", "Editor.UnknownChoice"),
            ("reviewEveryDays", "Editor.WholeNumber"),
            ("steps[0].stage", "Editor.UnknownChoice"),
            ("contingencyPlans[0].steps[0].scripts[0].channel", "Editor.UnknownChoice"),
            ("escalationRules[0].amount", "Editor.Number"),
            ("escalationRules[1].condition", "Editor.UnknownChoice"),
            ("escalationRules[0].currency", "Editor.Currency"),
            ("serviceTargets[0].amount", "Editor.WholeNumber"),
            ("serviceTargets[1].unit", "Editor.UnknownChoice"),
            ("serviceTargets[2].counting", "Editor.UnknownChoice"),
            ("serviceTargets[2].subChannels", "Editor.UnknownChoice"),
            ("serviceTargets[2].warnings[0].left", "Editor.WholeNumber"),
            ("assessment.passMark", "Editor.WholeNumber"),
        ], ignoreOrder: true);
        problems.Single(p => p.Field == "serviceTargets[0].amount").Args.ShouldBe(["veinte"]);
    }

    [Fact]
    public void Oversized_lists_and_texts_are_refused_by_the_form()
    {
        var form = new ProtocolForm
        {
            Terms = Enumerable.Range(0, ProtocolForm.MaxItems + 1).Select(i => new TermForm { Name = $"t{i}" }).ToList(),
            Purpose = new string('x', ProtocolForm.MaxFieldLength + 1),
        };
        var (_, problems) = form.ToProtocol();
        problems.Select(p => (p.Field, p.Code)).ShouldBe([("purpose", "Editor.TooLong"), ("terms", "Editor.TooMany")], ignoreOrder: true);
    }

    [Fact]
    public void An_amount_typed_with_a_decimal_comma_is_read_as_a_decimal()
    {
        var form = new ProtocolForm { EscalationRules = [new RuleForm { Key = "r", Condition = "AmountOver", Amount = "150,50", Target = "Manager" }] };
        RoundTrip(form).EscalationRules[0].Amount.ShouldBe(150.50m);
    }

    private static ProtocolForm Phone() => ProtocolForm.From(ProtocolTemplates.Find("es/atencion-telefonica")!.Protocol);

    private static string[] Keys(ProtocolForm f) => f.Steps.Select(s => s.Key!).ToArray();

    [Fact]
    public void A_step_added_to_a_stage_goes_after_that_stages_last_step_with_a_fresh_key_and_takes_the_focus()
    {
        var form = Phone();
        var openingCount = form.Steps.Count(s => s.Stage == "Opening");
        form.Apply("add:steps:Opening").ShouldBe($"f-steps-{openingCount}-title");
        form.Steps[openingCount].Stage.ShouldBe("Opening");
        form.Steps[openingCount].Key.ShouldBe("paso-1");
        form.Apply("add:steps:Solution").ShouldBe($"f-steps-{form.Steps.Count - 1}-title");
        form.Steps[^1].Key.ShouldBe("paso-2");
        RoundTrip(form).Steps.Count.ShouldBe(Phone().Steps.Count + 2);
    }

    [Fact]
    public void Moving_a_step_swaps_it_within_its_stage_and_the_focus_follows_the_button()
    {
        var form = Phone();
        Keys(form)[..2].ShouldBe(["saludo", "identificar"]);
        form.Apply("down:steps[0]").ShouldBe("b-down-steps-1");
        Keys(form)[..2].ShouldBe(["identificar", "saludo"]);
        // At the top the "up" button is disabled, so the focus moves to its "down" neighbour.
        form.Apply("up:steps[1]").ShouldBe("b-down-steps-0");
        Keys(form)[..2].ShouldBe(["saludo", "identificar"]);
    }

    [Fact]
    public void Moving_the_first_step_of_a_stage_up_takes_it_into_the_previous_stage_where_it_stands()
    {
        var form = Phone();
        var first = form.Steps.FindIndex(s => s.Stage == "Analysis");
        var keys = Keys(form);
        form.Apply($"up:steps[{first}]");
        Keys(form).ShouldBe(keys);
        form.Steps[first].Stage.ShouldBe("Opening");
        form.Apply($"down:steps[{first}]");
        form.Steps[first].Stage.ShouldBe("Analysis");
    }

    [Fact]
    public void A_step_dropped_between_two_steps_of_a_stage_joins_that_stage()
    {
        var form = Phone();
        var last = form.Steps.Count - 1;
        form.Steps[last].Stage.ShouldBe("Solution");
        form.Apply($"move:steps:{last}:1").ShouldBe("f-steps-1-title");
        form.Steps[1].Stage.ShouldBe("Opening");
        form.Steps[1].Key.ShouldBe("transferir");
    }

    [Fact]
    public void Rows_are_added_and_removed_in_any_list_and_the_focus_goes_to_the_new_row_or_the_add_button()
    {
        var form = Phone();
        form.Apply("add:terms").ShouldBe($"f-terms-{form.Terms.Count - 1}-name");
        form.Apply("add:steps[0].scripts").ShouldBe($"f-steps-0-scripts-{form.Steps[0].Scripts.Count - 1}-text");
        form.Apply("add:steps[0].checklist").ShouldBe($"f-steps-0-checklist-{form.Steps[0].Checklist.Count - 1}");
        form.Apply("add:contingencyPlans[0].steps").ShouldBe("f-contingencyPlans-0-steps-1-title");
        form.ContingencyPlans[0].Steps[1].Key.ShouldBe("paso-1");
        form.Apply("add:contingencyPlans").ShouldBe("f-contingencyPlans-1-name");
        form.ContingencyPlans[1].Key.ShouldBe("plan-1");
        form.Apply("add:escalationRules").ShouldBe("f-escalationRules-2-detail");
        form.EscalationRules[2].Key.ShouldBe("regla-1");
        form.Apply("add:assessment").ShouldBe("f-assessment-passMark");
        form.Apply("add:assessment.questions[0].options").ShouldBe("f-assessment-questions-0-options-2");
        form.Apply("remove:terms[0]").ShouldBe("b-add-terms");
        form.Apply("remove:assessment").ShouldBe("b-add-assessment");

        var protocol = RoundTrip(form);
        protocol.Assessment.ShouldBeNull();
        protocol.ContingencyPlans.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("explode:steps")]
    [InlineData("add:nothing")]
    [InlineData("remove:steps[99]")]
    [InlineData("remove:steps[-1]")]
    [InlineData("up:steps")]
    [InlineData("move:steps:0")]
    [InlineData("move:steps:0:99")]
    [InlineData("add:steps:Closing")]
    [InlineData("add:steps[0].scripts[0].text")]
    [InlineData("")]
    public void An_unknown_or_out_of_range_operation_changes_nothing(string op)
    {
        var form = Phone();
        form.Apply(op).ShouldBeNull();
        ProtocolFile.Write(RoundTrip(form)).ShouldBe(ProtocolFile.Write(RoundTrip(Phone())));
    }
}
