using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Contacts.ContactDriver;

namespace Pauta.Core.Tests.Contacts;

/// <summary>Erasing a customer redacts the personal text of their contacts' stored events and keeps everything a replay needs.</summary>
public class ContactRedactionTests
{
    // The stored format (ContactEventJson in Pauta.Data): web defaults (camelCase) with enums as strings.
    private static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private const string Said = "Soy Ximena Quiroga, quiero devolver unos zapatos";
    private const string SkipReason = "Ximena lo contó al entrar";
    private const string NoteText = "Ximena Quiroga, talla 38, tel 600 11 22 33";
    private const string EscalationReason = "Ximena pide hablar con un responsable";
    private const string Guidance = "Llama a Ximena al 600 11 22 33";
    private const string OverrideReason = "Ximena colgó";
    private const string CaseNumber = "Ximena-600112233";

    /// <summary>The phone protocol with a text field (the case number) and an appointment, both filled in the journey.</summary>
    private static Protocol WithFields() => Protocols.ProtocolBuilder.PhoneProtocol() with
    {
        Fields =
        [
            new ContactField { Key = "radicado", Label = "Número de caso", Type = ContactFieldType.Text },
            new ContactField { Key = "cita", Label = "Cita", Type = ContactFieldType.DateTime },
        ],
    };

    /// <summary>A contact with every kind of personal text: the reason, a skip reason, a note, contact fields, an escalation, guidance and an override.</summary>
    private static ContactDriver Journey()
    {
        var contact = new ContactDriver(WithFields());
        contact.Accept(new ContactCommand.Start(contact.Now, Agent, Channels.Phone, Said, "es"));
        contact.Accept(contact.Tick("saludo", 0));
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Skip("escuchar", SkipReason));
        contact.Accept(contact.Note(new Dictionary<string, string> { ["motivo"] = NoteText, ["solucion"] = "" }));
        contact.Accept(new ContactCommand.SaveFields(contact.Now, Agent, new Dictionary<string, string> { ["radicado"] = CaseNumber, ["cita"] = "2026-12-08T10:30" }));
        contact.Accept(contact.Escalate(null, "Supervisor", EscalationReason));
        contact.Accept(contact.TakeOver());
        contact.Accept(contact.Return(Guidance));
        contact.Accept(contact.Wait());
        contact.Accept(contact.Responds());
        contact.Accept(contact.Close(ContactOutcome.NotResolved, OverrideReason));
        return contact;
    }

    /// <summary>The stored rows: each event as its own one-event array, as the writer stores an action.</summary>
    private static List<string> Rows(IEnumerable<ContactEvent> events) =>
        events.Select(e => JsonSerializer.Serialize<List<ContactEvent>>([e], Stored)).ToList();

    private static List<ContactEvent> Read(IEnumerable<string> rows) =>
        rows.SelectMany(r => JsonSerializer.Deserialize<List<ContactEvent>>(r, Stored)!).ToList();

    [Fact]
    public void A_redacted_history_holds_none_of_the_personal_text_and_the_marker_in_its_place()
    {
        var rows = Rows(Journey().Events);
        rows.ShouldContain(r => r.Contains("Ximena"), "the journey does store personal text");

        var redacted = rows.Select(ContactRedaction.RedactData).ToList();

        redacted.ShouldAllBe(r => !r.Contains("Ximena") && !r.Contains("600 11"));
        var read = Read(redacted);
        read.OfType<ContactEvent.Started>().Single().Reason.ShouldBe(ContactRedaction.Marker);
        read.OfType<ContactEvent.StepSkipped>().Single().Reason.ShouldBe(ContactRedaction.Marker);
        read.OfType<ContactEvent.Escalated>().Single().Reason.ShouldBe(ContactRedaction.Marker);
        read.OfType<ContactEvent.ReturnedWithGuidance>().Single().Guidance.ShouldBe(ContactRedaction.Marker);
        read.OfType<ContactEvent.Closed>().Single().OverrideReason.ShouldBe(ContactRedaction.Marker);
        read.OfType<ContactEvent.NoteSaved>().Single().Fields
            .ShouldBe(new Dictionary<string, string> { ["motivo"] = ContactRedaction.Marker, ["solucion"] = "" },
                "the template's field names stay, a blank value stays blank");
        read.OfType<ContactEvent.FieldsSaved>().Single().Values.Values.ShouldAllBe(v => v == ContactRedaction.Marker);
    }

    [Fact]
    public void A_redacted_history_replays_to_the_same_path_clocks_escalations_and_outcome()
    {
        var contact = Journey();
        var original = GuidedRun.Replay(contact.Protocol, Read(Rows(contact.Events)));

        var redacted = GuidedRun.Replay(contact.Protocol, Read(Rows(contact.Events).Select(ContactRedaction.RedactData)));

        redacted.Version.ShouldBe(original.Version);
        redacted.Path.Select(p => p with { SkipReason = null }).ShouldBe(original.Path.Select(p => p with { SkipReason = null }));
        redacted.Path.Single(p => p.Resolution == StepResolution.Skipped).SkipReason.ShouldBe(ContactRedaction.Marker);
        foreach (var clock in Enum.GetValues<ContactClock>())
            redacted.ClockEvents(clock).ShouldBe(original.ClockEvents(clock));
        redacted.Escalations.Select(e => e with { Reason = "" }).ShouldBe(original.Escalations.Select(e => e with { Reason = "" }));
        redacted.Timeline.Select(t => (t.At, t.ActorUserId, t.Kind, t.Step, t.Subject, t.Clock, t.Outcome))
            .ShouldBe(original.Timeline.Select(t => (t.At, t.ActorUserId, t.Kind, t.Step, t.Subject, t.Clock, t.Outcome)));
        (redacted.IsClosed, redacted.Outcome, redacted.ClosedAt, redacted.HandlerUserId, redacted.Channel, redacted.CustomerLanguage)
            .ShouldBe((original.IsClosed, original.Outcome, original.ClosedAt, original.HandlerUserId, original.Channel, original.CustomerLanguage));
        redacted.Note.Keys.ShouldBe(original.Note.Keys, ignoreOrder: true);
        redacted.Reason.ShouldBe(ContactRedaction.Marker);
        // An erased appointment is no date any more; the erased contact still replays, with the field said as erased.
        redacted.Fields.Keys.ShouldBe(original.Fields.Keys, ignoreOrder: true);
        redacted.Fields.Values.ShouldAllBe(v => v == ContactRedaction.Marker);
        redacted.Timeline.Where(t => t.Detail is not null).ShouldAllBe(t => !t.Detail!.Contains("Ximena"));
    }

    [Fact]
    public void Redacting_twice_is_redacting_once_and_an_event_with_nothing_personal_is_left_as_it_was()
    {
        var rows = Rows(Journey().Events);
        var once = rows.Select(ContactRedaction.RedactData).ToList();

        once.Select(ContactRedaction.RedactData).ShouldBe(once);
        once.ShouldAllBe(r => ContactRedaction.IsRedacted(r));
        rows.Where(r => !r.Contains("Ximena")).ShouldAllBe(r => ContactRedaction.IsRedacted(r));
        rows.Where(r => r.Contains("Ximena")).ShouldAllBe(r => !ContactRedaction.IsRedacted(r));
    }

    [Fact]
    public void The_default_serialisation_with_capitalised_names_is_redacted_too()
    {
        var json = JsonSerializer.Serialize<List<ContactEvent>>([new ContactEvent.Started(Monday10, Agent, Channels.Phone, Said, "es")]);
        json.ShouldContain("\"Reason\"");

        ContactRedaction.RedactData(json).ShouldNotContain("Ximena");
    }

    [Fact]
    public void An_event_of_a_type_this_version_does_not_know_keeps_only_its_type_instant_and_actor()
    {
        const string data = """[{"type":"fromTheFuture","at":"2026-03-02T10:00:00+01:00","actorUserId":"a0000000-0000-0000-0000-000000000001","said":"Ximena","n":3,"more":{"who":"Ximena"},"list":["Ximena",""]}]""";

        var expected = """[{"type":"fromTheFuture","at":"2026-03-02T10:00:00+01:00","actorUserId":"a0000000-0000-0000-0000-000000000001","said":"[erased]","n":3,"more":{"who":"[erased]"},"list":["[erased]",""]}]""";
        JsonNode.DeepEquals(JsonNode.Parse(ContactRedaction.RedactData(data)), JsonNode.Parse(expected)).ShouldBeTrue();
    }

    [Fact]
    public void Every_kind_of_event_says_which_of_its_properties_are_personal_and_each_named_property_exists()
    {
        ContactRedaction.PersonalProperties.Keys.ShouldBe(ContactEventTypes.Names, ignoreOrder: true);
        foreach (var (type, properties) in ContactRedaction.PersonalProperties)
        {
            var clr = ContactEventTypes.TypeOf(type)!;
            foreach (var property in properties)
                clr.GetProperties().ShouldContain(p => string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase), $"{type}.{property}");
        }
    }

    [Fact]
    public void Data_that_is_not_an_array_of_events_is_refused()
    {
        Should.Throw<JsonException>(() => ContactRedaction.RedactData("{}"));
        Should.Throw<JsonException>(() => ContactRedaction.RedactData("[1]"));
    }
}
