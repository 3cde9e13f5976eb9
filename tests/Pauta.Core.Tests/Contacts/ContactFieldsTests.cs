using System.Globalization;
using Pauta.Core.Contacts;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Contacts.ContactDriver;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Contacts;

public class ContactFieldsTests
{
    private static readonly ContactField Cita = new() { Key = "cita", Label = "Fecha y hora de la cita", Type = ContactFieldType.DateTime, Required = true };
    private static readonly ContactField Servicio = new() { Key = "servicio", Label = "Servicio", Type = ContactFieldType.Choice, Options = ["Corte", "Tinte"] };
    private static readonly ContactField Importe = new() { Key = "importe", Label = "Importe", Type = ContactFieldType.Amount };
    private static readonly ContactField Radicado = new() { Key = "radicado", Label = "Número de caso", Type = ContactFieldType.Text };

    private static Protocol WithFields() => PhoneProtocol() with { Fields = [Cita, Servicio, Importe, Radicado] };

    private static ContactCommand.SaveFields Save(ContactDriver contact, params (string Key, string Value)[] values) =>
        new(contact.Now, Agent, values.ToDictionary(v => v.Key, v => v.Value));

    [Theory]
    [InlineData(ContactFieldType.Date, "2026-12-08", "2026-12-08")]
    [InlineData(ContactFieldType.Time, " 09:05 ", "09:05")]
    [InlineData(ContactFieldType.DateTime, "2026-12-08T10:30", "2026-12-08T10:30")]
    [InlineData(ContactFieldType.Number, "-3.5", "-3.5")]
    [InlineData(ContactFieldType.Amount, "1234.50", "1234.50")]
    [InlineData(ContactFieldType.Text, "  RAD-2026-001 ", "RAD-2026-001")]
    public void A_value_of_the_right_form_is_stored_trimmed(ContactFieldType type, string value, string stored)
    {
        var (canonical, problem) = ContactFieldValues.Normalise(new ContactField { Key = "x", Type = type }, value);
        problem.ShouldBeNull();
        canonical.ShouldBe(stored);
    }

    [Theory]
    [InlineData(ContactFieldType.Date, "08/12/2026", RunCodes.FieldNotADate)]
    [InlineData(ContactFieldType.Date, "2026-02-30", RunCodes.FieldNotADate)]
    [InlineData(ContactFieldType.Time, "9:5", RunCodes.FieldNotATime)]
    [InlineData(ContactFieldType.Time, "24:00", RunCodes.FieldNotATime)]
    [InlineData(ContactFieldType.DateTime, "2026-12-08 10:30", RunCodes.FieldNotADateTime)]
    [InlineData(ContactFieldType.Number, "1,5", RunCodes.FieldNotANumber)]
    [InlineData(ContactFieldType.Amount, "12 €", RunCodes.FieldNotANumber)]
    public void A_value_of_the_wrong_form_is_refused_on_its_field(ContactFieldType type, string value, string code)
    {
        var problem = ContactFieldValues.Check(new ContactField { Key = "cita", Label = "Cita", Type = type }, value).ShouldNotBeNull();
        problem.Field.ShouldBe("fields[cita]");
        problem.Code.ShouldBe(code);
        problem.Args.ShouldBe(["Cita", value.Trim()]);
    }

    [Fact]
    public void A_choice_takes_one_of_its_options_as_declared_and_nothing_else()
    {
        ContactFieldValues.Normalise(Servicio, "tinte").ShouldBe(("Tinte", null));
        var problem = ContactFieldValues.Check(Servicio, "Peinado").ShouldNotBeNull();
        problem.Code.ShouldBe(RunCodes.FieldNotAnOption);
        problem.Args.ShouldBe(["Servicio", "Peinado", "Corte, Tinte"]);
    }

    [Fact]
    public void Text_is_at_most_500_characters()
    {
        ContactFieldValues.Check(Radicado, new string('a', 500)).ShouldBeNull();
        var problem = ContactFieldValues.Check(Radicado, new string('a', 501)).ShouldNotBeNull();
        problem.ShouldSatisfyAllConditions(p => p.Field.ShouldBe("fields[radicado]"), p => p.Code.ShouldBe("Field.TooLong"));
    }

    [Fact]
    public void Values_are_said_in_the_scripts_language()
    {
        var es = CultureInfo.GetCultureInfo("es");
        var en = CultureInfo.GetCultureInfo("en");
        ContactFieldValues.Format(Cita, "2026-12-08T10:30", es).ShouldBe("martes, 8 de diciembre de 2026, 10:30");
        ContactFieldValues.Format(Cita, "2026-12-08T10:30", en).ShouldBe("Tuesday, December 8, 2026, 10:30\u202fAM");
        ContactFieldValues.Format(Importe, "25000.5", es, "EUR").ShouldBe("25.000,50 EUR");
        ContactFieldValues.Format(Importe with { Currency = "cop" }, "25000.5", en, "EUR").ShouldBe("25,000.50 COP");
        ContactFieldValues.Format(Cita, "", es).ShouldBeNull();
    }

    [Fact]
    public void Saving_fields_records_their_stored_form_and_the_state_keeps_the_current_values()
    {
        var contact = Phone(WithFields());

        var events = contact.Accept(Save(contact, ("cita", "2026-12-08T10:30"), ("servicio", "tinte")));

        var saved = events.ShouldHaveSingleItem().ShouldBeOfType<ContactEvent.FieldsSaved>();
        saved.Values.ShouldBe(new Dictionary<string, string> { ["cita"] = "2026-12-08T10:30", ["servicio"] = "Tinte" });
        contact.State.Fields["servicio"].ShouldBe("Tinte");
        contact.State.Timeline[^1].ShouldSatisfyAllConditions(
            t => t.Kind.ShouldBe(TimelineKind.FieldsSaved),
            t => t.Detail.ShouldBe("Fecha y hora de la cita, Servicio"));

        contact.Accept(Save(contact, ("servicio", "")));
        contact.State.Fields.Keys.ShouldBe(["cita"]);
    }

    [Fact]
    public void Saving_the_same_values_again_records_nothing()
    {
        var contact = Phone(WithFields());
        contact.Accept(Save(contact, ("radicado", "RAD-1")));
        contact.Accept(Save(contact, ("radicado", " RAD-1 "))).ShouldBeEmpty();
    }

    [Fact]
    public void Every_bad_value_is_reported_on_its_field_and_nothing_is_recorded()
    {
        var contact = Phone(WithFields());

        var problems = contact.Refuse(Save(contact, ("cita", "mañana"), ("color", "rojo"), ("radicado", "RAD-1")));

        problems.Select(p => (p.Field, p.Code)).ShouldBe([("fields[cita]", RunCodes.FieldNotADateTime), ("fields[color]", RunCodes.FieldUnknown)]);
        contact.State.Fields.ShouldBeEmpty();
    }

    [Fact]
    public void Only_the_handler_of_an_open_contact_saves_fields()
    {
        var contact = Phone(WithFields());
        contact.Refuse(new ContactCommand.SaveFields(contact.Now, OtherAgent, new Dictionary<string, string> { ["radicado"] = "1" }))
            .ShouldHaveSingleItem().Code.ShouldBe(RunCodes.NotHandler);
        var notStarted = new ContactDriver(WithFields());
        notStarted.RefusalCode(Save(notStarted, ("radicado", "1"))).ShouldBe(RunCodes.NotStarted);
    }

    [Fact]
    public void Closing_with_a_required_field_empty_is_refused_on_that_field()
    {
        var contact = Phone(WithFields()).WalkToTheEnd();

        var problem = contact.Refuse(contact.Close(ContactOutcome.Resolved)).ShouldHaveSingleItem();

        problem.Field.ShouldBe("fields[cita]");
        problem.Code.ShouldBe(RunCodes.FieldRequired);
        problem.Args.ShouldBe(["Fecha y hora de la cita"]);
    }

    [Fact]
    public void Filling_the_required_field_opens_the_gate()
    {
        var contact = Phone(WithFields()).WalkToTheEnd();
        contact.Accept(Save(contact, ("cita", "2026-12-08T10:30")));
        contact.Accept(contact.Close(ContactOutcome.Resolved));
        contact.State.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public void An_override_reason_closes_with_a_required_field_empty_and_records_it()
    {
        var contact = Phone(WithFields()).WalkToTheEnd();
        contact.Accept(contact.Close(ContactOutcome.NotResolved, "La clienta colgó antes de elegir hora"));
        contact.State.OverriddenSteps.ShouldBe(["fields[cita]"]);
        GuidedRun.Replay(contact.Protocol, contact.Events).OverriddenSteps.ShouldBe(["fields[cita]"]);
    }

    [Fact]
    public void Replay_gives_the_same_fields_and_refuses_a_stored_value_of_the_wrong_form()
    {
        var contact = Phone(WithFields());
        contact.Accept(Save(contact, ("cita", "2026-12-08T10:30"), ("importe", "12.5")));
        GuidedRun.Replay(contact.Protocol, contact.Events).Fields.ShouldBe(contact.State.Fields);

        var tampered = contact.Events.Select(e => e is ContactEvent.FieldsSaved f
            ? f with { Values = new Dictionary<string, string> { ["cita"] = "8/12/2026" } } : e).ToList();
        Should.Throw<InvalidContactHistoryException>(() => GuidedRun.Replay(contact.Protocol, tampered)).Code.ShouldBe(RunCodes.FieldNotADateTime);

        var undeclared = contact.Events.Select(e => e is ContactEvent.FieldsSaved f
            ? f with { Values = new Dictionary<string, string> { ["color"] = "rojo" } } : e).ToList();
        Should.Throw<InvalidContactHistoryException>(() => GuidedRun.Replay(contact.Protocol, undeclared)).Code.ShouldBe(RunCodes.FieldUnknown);
    }

    [Fact]
    public void A_closed_history_that_overrode_a_field_nobody_left_empty_does_not_replay()
    {
        var contact = Phone(WithFields()).WalkToTheEnd();
        contact.Accept(Save(contact, ("cita", "2026-12-08T10:30")));
        contact.Accept(contact.Close(ContactOutcome.Resolved));
        var tampered = contact.Events.Select(e => e is ContactEvent.Closed c
            ? c with { OverrideReason = "x", OverriddenSteps = ["fields[cita]"] } : e).ToList();
        Should.Throw<InvalidContactHistoryException>(() => GuidedRun.Replay(contact.Protocol, tampered)).Code.ShouldBe(RunCodes.OverrideMismatch);
    }

    [Fact]
    public void The_run_script_says_the_appointment_from_the_field()
    {
        var protocol = WithFields();
        var step = new Step { Key = "s", Title = "s", Stage = Stage.Solution, Scripts = [new Script("Le esperamos el {cita|día acordado}. Su número de caso es {radicado}.")] };
        var contact = Phone(protocol);
        contact.Accept(Save(contact, ("cita", "2026-12-08T10:30")));

        var script = ContactScripts.For(contact.State, step, new ScriptValues { Fields = contact.State.Fields }).ShouldHaveSingleItem();

        script.Text.ShouldBe("Le esperamos el martes, 8 de diciembre de 2026, 10:30. Su número de caso es [Número de caso].");
    }
}
