using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Contacts.ContactDriver;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Contacts;

public class GuidedRunReplayTests
{
    /// <summary>A contact that uses most of what a run can do: a plan, a back, a skip, ticks, a note, an escalation, waiting, a take-over.</summary>
    internal static ContactDriver Journey()
    {
        var contact = Phone();
        contact.Accept(contact.Tick("saludo", 0));
        contact.Accept(contact.Complete("saludo"));
        contact.Accept(contact.Enter("cliente-molesto"));
        contact.Accept(contact.Complete("molesto-escuchar"));
        contact.Accept(contact.Leave("cliente-molesto"));
        contact.Accept(contact.Skip("escuchar", "Lo contó al entrar"));
        contact.Accept(contact.Answer("motivo", 0));
        contact.Accept(contact.Back("informar"));
        contact.Accept(contact.Answer("motivo", 2));
        contact.Accept(contact.Note(new Dictionary<string, string> { ["motivo"] = "Devolución", ["solucion"] = "" }));
        contact.Accept(contact.Wait());
        contact.Accept(contact.Responds());
        contact.Accept(contact.TakeOver());
        contact.Accept(contact.Complete("transferir", by: Supervisor));
        contact.Accept(contact.Close(ContactOutcome.Escalated, by: Supervisor));
        return contact;
    }

    [Fact]
    public void Replaying_the_recorded_events_gives_the_state_the_decisions_built()
    {
        var contact = Journey();

        var replayed = GuidedRun.Replay(contact.Protocol, contact.Events);

        Fingerprint(replayed).ShouldBe(Fingerprint(contact.State));
        replayed.Version.ShouldBe(contact.Events.Count);
        replayed.LastEventAt.ShouldBe(contact.Events[^1].At);
    }

    [Fact]
    public void The_same_events_always_replay_to_the_same_state()
    {
        var contact = Journey();

        Fingerprint(GuidedRun.Replay(contact.Protocol, contact.Events))
            .ShouldBe(Fingerprint(GuidedRun.Replay(contact.Protocol, contact.Events.ToList())));
    }

    [Fact]
    public void Applying_events_one_by_one_is_replaying_them_and_leaves_each_state_untouched()
    {
        var contact = Journey();
        var state = GuidedRun.New(contact.Protocol);
        var states = new List<string> { Fingerprint(state) };

        foreach (var e in contact.Events)
        {
            var before = Fingerprint(state);
            var next = GuidedRun.Apply(state, e);
            Fingerprint(state).ShouldBe(before);
            state = next;
        }

        Fingerprint(state).ShouldBe(Fingerprint(contact.State));
    }

    [Fact]
    public void Every_event_survives_a_round_trip_through_its_stored_json()
    {
        var contact = Journey();
        contact.Events.Select(e => e.GetType()).Distinct().Count().ShouldBeGreaterThan(12);

        var json = JsonSerializer.Serialize(contact.Events);
        var read = JsonSerializer.Deserialize<List<ContactEvent>>(json)!;

        read.ShouldBe(contact.Events);
        Fingerprint(GuidedRun.Replay(contact.Protocol, read)).ShouldBe(Fingerprint(contact.State));
    }

    [Fact]
    public void Every_event_kind_has_a_stored_name()
    {
        var registered = typeof(ContactEvent).GetCustomAttributes<System.Text.Json.Serialization.JsonDerivedTypeAttribute>().ToList();
        var kinds = typeof(ContactEvent).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(ContactEvent)));

        registered.Select(r => r.DerivedType).ShouldBe(kinds, ignoreOrder: true);
        registered.Select(r => r.TypeDiscriminator).ShouldBeUnique();
        ContactEventTypes.Names.Count.ShouldBe(registered.Count);
        ContactEventTypes.NameOf(new ContactEvent.TakenOver(Monday10, Supervisor)).ShouldBe("takenOver");
        ContactEventTypes.TypeOf("closed").ShouldBe(typeof(ContactEvent.Closed));
        ContactEventTypes.TypeOf("from.the.future").ShouldBeNull();
        JsonSerializer.Serialize<ContactEvent>(new ContactEvent.StepCompleted(Monday10, Agent, "saludo"))
            .ShouldBe("""{"type":"stepCompleted","StepKey":"saludo","At":"2026-03-02T10:00:00+01:00","ActorUserId":"a0000000-0000-0000-0000-000000000001"}""");
    }

    [Fact]
    public void A_history_that_breaks_a_rule_is_reported_with_the_event_and_the_rule()
    {
        var contact = Phone();
        var events = contact.Events.Append(new ContactEvent.StepCompleted(contact.Now, Agent, "motivo")).ToList();

        var error = Should.Throw<InvalidContactHistoryException>(() => GuidedRun.Replay(contact.Protocol, events));

        error.Code.ShouldBe(RunCodes.StepNotCurrent);
        error.Index.ShouldBe(events.Count - 1);
    }

    [Fact]
    public void A_history_must_begin_with_the_start()
    {
        var error = Should.Throw<InvalidContactHistoryException>(() =>
            GuidedRun.Replay(PhoneProtocol(), [new ContactEvent.StepCompleted(Monday10, Agent, "saludo")]));

        error.Code.ShouldBe(RunCodes.NotStarted);
        error.Index.ShouldBe(0);
    }

    [Fact]
    public void A_history_out_of_time_order_is_refused_on_replay()
    {
        var contact = Phone();
        var events = contact.Events.Append(new ContactEvent.StepCompleted(Monday10.AddSeconds(-1), Agent, "saludo"));

        Should.Throw<InvalidContactHistoryException>(() => GuidedRun.Replay(contact.Protocol, events)).Code.ShouldBe(RunCodes.OutOfOrder);
    }

    [Fact]
    public void A_tampered_override_does_not_replay()
    {
        var contact = Phone();
        var events = contact.Events.Append(new ContactEvent.Closed(contact.Now, Agent, ContactOutcome.NotResolved, "Colgó", ["saludo"], null));

        Should.Throw<InvalidContactHistoryException>(() => GuidedRun.Replay(contact.Protocol, events)).Code.ShouldBe(RunCodes.OverrideMismatch);
    }

    [Fact]
    public void A_clock_history_that_cannot_have_happened_does_not_replay()
    {
        var contact = Phone();
        ContactEvent Clock(ClockChange change, int seconds = 0) =>
            new ContactEvent.ClockRecorded(contact.Now, Agent, ContactClock.Resolution, change, TimeSpan.FromSeconds(seconds));

        string CodeOf(params ContactEvent[] more) =>
            Should.Throw<InvalidContactHistoryException>(() => GuidedRun.Replay(contact.Protocol, contact.Events.Concat(more))).Code;

        CodeOf(Clock(ClockChange.Activated, 60)).ShouldBe(RunCodes.ClockAlreadyActivated);
        CodeOf(Clock(ClockChange.Resumed)).ShouldBe(RunCodes.ClockNotPaused);
        CodeOf(Clock(ClockChange.Paused), Clock(ClockChange.Paused)).ShouldBe(RunCodes.ClockAlreadyPaused);
        CodeOf(Clock(ClockChange.Fulfilled), Clock(ClockChange.Breached)).ShouldBe(RunCodes.ClockStopped);
        Should.Throw<InvalidContactHistoryException>(() => GuidedRun.Replay(contact.Protocol,
            [contact.Events[0], new ContactEvent.ClockRecorded(Monday10, Agent, ContactClock.FirstResponse, ClockChange.Activated, TimeSpan.FromSeconds(-1))]))
            .Code.ShouldBe(RunCodes.ClockTargetNegative);
        Should.Throw<InvalidContactHistoryException>(() => GuidedRun.Replay(contact.Protocol,
            [contact.Events[0], new ContactEvent.ClockRecorded(Monday10, Agent, ContactClock.FirstResponse, ClockChange.Paused)]))
            .Code.ShouldBe(RunCodes.ClockNotActivated);
    }

    [Fact]
    public void A_command_timed_before_the_last_event_is_recorded_at_the_last_events_time()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        var last = contact.State.LastEventAt!.Value;

        var events = contact.Accept(new ContactCommand.CompleteStep(last.AddSeconds(-5), Agent, "escuchar"));

        events.ShouldAllBe(e => e.At == last);
        GuidedRun.Replay(contact.Protocol, contact.Events).Version.ShouldBe(contact.Events.Count);
    }

    [Fact]
    public void A_refused_command_leaves_the_state_as_it_was()
    {
        var contact = Phone();
        var before = Fingerprint(contact.State);

        var decision = contact.Decide(contact.Complete("motivo"));

        decision.State.ShouldBeSameAs(contact.State);
        Fingerprint(contact.State).ShouldBe(before);
    }

    [Fact]
    public void An_accepted_command_leaves_the_state_it_was_decided_on_untouched()
    {
        var contact = Phone();
        var before = contact.State;
        var fingerprint = Fingerprint(before);

        contact.Accept(contact.Complete("saludo"));

        Fingerprint(before).ShouldBe(fingerprint);
        before.Current.ShouldBe(new StepRef(null, "saludo"));
    }

    [Fact]
    public void A_contact_stays_on_the_version_it_started_on_whatever_is_published_later()
    {
        var contact = Phone();
        contact.Accept(contact.Complete("saludo"));
        var newVersion = PhoneProtocol().WithSteps(PlainStep("nuevo", Stage.Solution));

        GuidedRun.Replay(contact.Protocol, contact.Events).Current.ShouldBe(new StepRef(null, "escuchar"));
        Should.Throw<InvalidContactHistoryException>(() => GuidedRun.Replay(newVersion, contact.Events));
    }

    [Fact]
    public void A_note_replaces_the_previous_one_and_is_trimmed()
    {
        var contact = Phone();
        contact.Accept(contact.Note(new Dictionary<string, string> { ["motivo"] = "Devolución", ["necesidades"] = "Talla" }));

        contact.Accept(contact.Note(new Dictionary<string, string> { [" motivo "] = "  Cambio de talla  " }));

        contact.State.Note.ShouldBe(new Dictionary<string, string> { ["motivo"] = "Cambio de talla" });
    }

    [Fact]
    public void A_note_needs_field_names_and_stays_within_its_limits()
    {
        var contact = Phone();

        contact.RefusalCode(contact.Note(new Dictionary<string, string> { [" "] = "x" })).ShouldBe(RunCodes.NoteFieldNameRequired);
        contact.RefusalCode(contact.Note(Enumerable.Range(0, RunLimits.MaxNoteFields + 1).ToDictionary(i => $"f{i}", _ => "x")))
            .ShouldBe(RunCodes.NoteTooManyFields);
        contact.Refuse(contact.Note(new Dictionary<string, string> { ["motivo"] = new('x', RunLimits.MaxNoteFieldLength + 1) }))
            .ShouldHaveSingleItem().ShouldSatisfyAllConditions(p => p.Code.ShouldBe("Field.TooLong"), p => p.Field.ShouldBe("fields[motivo]"));
        var longNote = Enumerable.Range(0, 5).ToDictionary(i => $"f{i}", _ => new string('x', RunLimits.MaxNoteFieldLength));
        contact.Refuse(contact.Note(longNote)).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            p => p.Field.ShouldBe("fields"), p => p.Args.ShouldBe([RunLimits.MaxNoteLength]));
    }

    [Fact]
    public void Only_the_handler_writes_the_note()
    {
        var contact = Phone();

        contact.RefusalCode(contact.Note(new Dictionary<string, string> { ["motivo"] = "x" }, by: OtherAgent)).ShouldBe(RunCodes.NotHandler);
    }

    [Fact]
    public void Every_run_code_is_unique_namespaced_and_listed()
    {
        var constants = typeof(RunCodes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

        RunCodes.All.ShouldBeUnique();
        RunCodes.All.ShouldAllBe(c => c.StartsWith("Run."));
        RunCodes.All.ShouldBe(constants, ignoreOrder: true);
    }

    // The protocol and its steps are the same objects on both sides; printing them again for every state is slow and says nothing.
    private static readonly JsonSerializerOptions WithoutProtocol = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var property in info.Properties.Where(p => p.PropertyType == typeof(Protocol) || p.PropertyType == typeof(Step)).ToList())
                        info.Properties.Remove(property);
                },
            },
        },
    };

    /// <summary>Everything a state shows, as text: two states that print alike are alike.</summary>
    internal static string Fingerprint(ContactState state)
    {
        var stepRefs = state.Protocol.Steps.Select(s => new StepRef(null, s.Key))
            .Concat(state.Protocol.ContingencyPlans.SelectMany(p => p.Steps.Select(s => new StepRef(p.Key, s.Key))));
        return JsonSerializer.Serialize(new
        {
            State = state,
            Checklists = stepRefs.Select(r => new { Step = r.ToString(), Ticks = state.Checklist(r) }),
            FirstResponse = state.ClockEvents(ContactClock.FirstResponse).Select(e => e.ToString()),
            Resolution = state.ClockEvents(ContactClock.Resolution).Select(e => e.ToString()),
        }, WithoutProtocol);
    }
}
