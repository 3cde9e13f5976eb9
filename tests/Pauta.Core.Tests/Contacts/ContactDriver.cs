using Pauta.Core.Common;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Tests.Protocols;
using static Pauta.Core.Tests.ServiceLevels.Calendars;

namespace Pauta.Core.Tests.Contacts;

/// <summary>
/// Test data: drives one contact through <see cref="GuidedRun.Decide"/> the way the web layer will, one minute per
/// action, keeping every accepted event so a test can replay them. Accept asserts the command was accepted,
/// Refuse that it was refused and nothing changed.
/// </summary>
internal sealed class ContactDriver
{
    public static readonly Guid Agent = new("a0000000-0000-0000-0000-000000000001");
    public static readonly Guid Supervisor = new("b0000000-0000-0000-0000-000000000002");
    public static readonly Guid OtherAgent = new("c0000000-0000-0000-0000-000000000003");

    /// <summary>Monday 2 March 2026 at 10:00 in Madrid: the shop is open.</summary>
    public static readonly DateTimeOffset Monday10 = At("2026-03-02 10:00 +01:00");

    public ContactDriver(Protocol protocol, DateTimeOffset? start = null)
    {
        Protocol = protocol;
        State = GuidedRun.New(protocol);
        Now = start ?? Monday10;
    }

    public Protocol Protocol { get; }

    public ContactState State { get; private set; }

    public List<ContactEvent> Events { get; } = [];

    public DateTimeOffset Now { get; set; }

    /// <summary>How far the time moves after each accepted command.</summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A phone contact on the builder's phone protocol, started by the agent in Spanish.</summary>
    public static ContactDriver Phone(Protocol? protocol = null, Channels channel = Channels.Phone, string language = "es")
    {
        var driver = new ContactDriver(protocol ?? ProtocolBuilder.PhoneProtocol());
        driver.Accept(new ContactCommand.Start(driver.Now, Agent, channel, "Quiero devolver unos zapatos", language));
        return driver;
    }

    /// <summary>The calendars the contact's clocks count on; null counts on an always-open calendar in UTC.</summary>
    public Pauta.Core.ServiceLevels.ContactCalendars? Calendars { get; set; }

    public RunDecision Decide(ContactCommand command) => GuidedRun.Decide(State, command, Calendars);

    public IReadOnlyList<ContactEvent> Accept(ContactCommand command)
    {
        var decision = Decide(command);
        decision.Problems.ShouldBeEmpty();
        decision.IsAccepted.ShouldBeTrue();
        State = decision.State;
        Events.AddRange(decision.Events);
        Now += Step;
        return decision.Events;
    }

    public IReadOnlyList<Problem> Refuse(ContactCommand command)
    {
        var before = State;
        var decision = Decide(command);
        decision.IsAccepted.ShouldBeFalse();
        decision.Events.ShouldBeEmpty();
        decision.State.ShouldBeSameAs(before);
        return decision.Problems;
    }

    /// <summary>The single refusal's code.</summary>
    public string RefusalCode(ContactCommand command) => Refuse(command).ShouldHaveSingleItem().Code;

    // Commands at the driver's current time, by the agent unless told otherwise.
    public ContactCommand.CompleteStep Complete(string key, Guid? by = null) => new(Now, by ?? Agent, key);
    public ContactCommand.ChooseAnswer Answer(string key, int index, Guid? by = null) => new(Now, by ?? Agent, key, index);
    public ContactCommand.SkipStep Skip(string key, string? reason, Guid? by = null) => new(Now, by ?? Agent, key, reason);
    public ContactCommand.TickChecklist Tick(string key, int index, bool ticked = true, Guid? by = null) => new(Now, by ?? Agent, key, index, ticked);
    public ContactCommand.GoBack Back(string? from, Guid? by = null) => new(Now, by ?? Agent, from);
    public ContactCommand.EnterPlan Enter(string plan, Guid? by = null) => new(Now, by ?? Agent, plan);
    public ContactCommand.LeavePlan Leave(string plan, Guid? by = null) => new(Now, by ?? Agent, plan);
    public ContactCommand.SaveNote Note(IReadOnlyDictionary<string, string> fields, Guid? by = null) => new(Now, by ?? Agent, fields);
    public ContactCommand.Escalate Escalate(string? rule, string? target = null, string? reason = null, Guid? by = null) => new(Now, by ?? Agent, rule, target, reason);
    public ContactCommand.TakeOver TakeOver(Guid? by = null) => new(Now, by ?? Supervisor);
    public ContactCommand.ReturnWithGuidance Return(string guidance, Guid? by = null) => new(Now, by ?? Supervisor, guidance);
    public ContactCommand.WaitOnCustomer Wait(Guid? by = null) => new(Now, by ?? Agent);
    public ContactCommand.CustomerResponds Responds(Guid? by = null) => new(Now, by ?? Agent);
    public ContactCommand.RecordFirstResponse FirstResponse(Guid? by = null) => new(Now, by ?? Agent);
    public ContactCommand.RecordBreach Breach(ContactClock clock) => new(Now, ContactActors.System, clock);
    public ContactCommand.Close Close(ContactOutcome outcome, string? overrideReason = null, DateOnly? followUpDue = null, Guid? by = null) =>
        new(Now, by ?? Agent, outcome, overrideReason, followUpDue);

    /// <summary>Walks the builder's phone protocol to its end by the information branch.</summary>
    public ContactDriver WalkToTheEnd()
    {
        Accept(Complete("saludo"));
        Accept(Complete("escuchar"));
        Accept(Answer("motivo", 0));
        Accept(Complete("informar"));
        Accept(Complete("despedida"));
        return this;
    }

    /// <summary>The keys of the steps passed, "plan/step" for plan steps, in order.</summary>
    public IEnumerable<string> PathKeys => State.Path.Select(p => p.Step.ToString());
}
