using System.Text.Json;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;
using Pauta.Core.Tests.Protocols;
using static Pauta.Core.Tests.Contacts.ContactDriver;
using static Pauta.Core.Tests.Contacts.GuidedRunReplayTests;

namespace Pauta.Core.Tests.Contacts;

// Laws that must hold for any sequence of commands, sensible or not. Seeds are fixed so a failure reproduces.
public class GuidedRunPropertyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Runs = 250;
    private const int CommandsPerRun = 60;

    private static readonly Guid[] Actors = [Agent, Supervisor, OtherAgent, ContactActors.System];

    private static readonly BusinessCalendar Shop = ServiceLevels.Calendars.Shop();

    /// <summary>
    /// Like the demo's phone protocol: a question that escalates, an optional step, two plans (one with its own
    /// escalating question), a rule for missed targets, and service levels on two channels.
    /// </summary>
    private static Protocol DemoLike()
    {
        var phone = ProtocolBuilder.PhoneProtocol();
        return phone.WithStep("escuchar", s => s with { Required = false }) with
        {
            Channels = Channels.Phone | Channels.Electronic,
            ContingencyPlans =
            [
                .. phone.ContingencyPlans,
                new ContingencyPlan
                {
                    Key = "agresivo",
                    Name = "Cliente agresivo",
                    Steps =
                    [
                        new Step
                        {
                            Key = "valorar", Stage = Stage.Analysis, Question = "¿Hay peligro?", Checklist = ["Mantener la calma"],
                            Answers = [new Answer("No", "calmar"), new Answer("Sí", "pedir-ayuda", EscalationRuleKey: "pide-responsable")],
                        },
                        ProtocolBuilder.PlainStep("calmar", next: Step.End),
                        ProtocolBuilder.PlainStep("pedir-ayuda", Stage.Solution),
                    ],
                },
            ],
            EscalationRules =
            [
                .. phone.EscalationRules,
                new EscalationRule { Key = "plazo", Condition = EscalationCondition.TargetMissed, Detail = "Plazo vencido.", Target = "Supervisor" },
            ],
            ServiceLevels =
            [
                new ServiceLevel(Channels.Phone, 20, 900, ServiceClock.Business),
                new ServiceLevel(Channels.Electronic, 3600, 86400, ServiceClock.Calendar),
            ],
        };
    }

    [Fact]
    public void Random_commands_are_accepted_or_refused_never_thrown_and_replay_to_the_state_they_built()
    {
        var protocol = DemoLike();
        var keys = protocol.Steps.Concat(protocol.ContingencyPlans.SelectMany(p => p.Steps)).Select(s => s.Key).Append("no-existe").ToArray();
        var plans = protocol.ContingencyPlans.Select(p => p.Key).Append("no-existe").ToArray();
        var random = new Random(20260302);
        var accepted = 0;
        var refused = 0;
        var closed = 0;

        for (var run = 0; run < Runs; run++)
        {
            var state = GuidedRun.New(protocol);
            var events = new List<ContactEvent>();
            var now = Monday10.AddMinutes(random.Next(0, 60 * 24 * 7));

            for (var i = 0; i < CommandsPerRun; i++)
            {
                // Now and then a command arrives stamped earlier than the last event (another server's clock).
                now = random.Next(10) == 0 ? now.AddSeconds(-30) : now.AddSeconds(random.Next(0, 180));
                var command = RandomCommand(random, state, now, keys, plans);

                var decision = GuidedRun.Decide(state, command);

                if (decision.IsAccepted)
                {
                    accepted++;
                    state.IsClosed.ShouldBeFalse("nothing is accepted after the close");
                    events.AddRange(decision.Events);
                    decision.State.Version.ShouldBe(events.Count);
                    state = decision.State;
                }
                else
                {
                    refused++;
                    decision.Events.ShouldBeEmpty();
                    decision.State.ShouldBeSameAs(state);
                    // A plain loop: Shouldly's expression-based ShouldAllBe costs milliseconds a call, and this runs thousands of times.
                    foreach (var problem in decision.Problems)
                    {
                        if (!RunCodes.All.Contains(problem.Code) && !problem.Code.StartsWith("Field.", StringComparison.Ordinal))
                            throw new ShouldAssertException($"run {run}, {command}: unexpected code {problem.Code}");
                    }
                }

            }
            if (state.IsClosed) closed++;

            // The clocks replay at any instant from the last event on.
            if (state.LastEventAt is { } last) ContactClocks.At(state, Shop, last.AddMinutes(5));

            events.Select(e => e.At).ShouldBeInOrder(SortDirection.Ascending, $"run {run}");
            Fingerprint(GuidedRun.Replay(protocol, events)).ShouldBe(Fingerprint(state), $"run {run}");
            var stored = JsonSerializer.Deserialize<List<ContactEvent>>(JsonSerializer.Serialize(events))!;
            Fingerprint(GuidedRun.Replay(protocol, stored)).ShouldBe(Fingerprint(state), $"run {run}, through JSON");
        }

        output.WriteLine($"accepted {accepted}, refused {refused}, closed {closed} of {Runs} runs");
        // The generator must exercise both sides, or the law above says little.
        accepted.ShouldBeGreaterThan(Runs * CommandsPerRun / 5);
        refused.ShouldBeGreaterThan(Runs * CommandsPerRun / 5);
        closed.ShouldBeGreaterThan(Runs / 10);
    }

    /// <summary>Mostly sensible commands (the handler on the current step) mixed with wrong actors, keys and values.</summary>
    private static ContactCommand RandomCommand(Random random, ContactState state, DateTimeOffset at, string[] keys, string[] plans)
    {
        var actor = random.Next(10) < 7 && state.IsStarted ? state.HandlerUserId : Actors[random.Next(Actors.Length)];
        var current = state.Current?.StepKey;
        string Key() => current is not null && random.Next(4) > 0 ? current : keys[random.Next(keys.Length)];
        string? Text() => random.Next(4) switch { 0 => null, 1 => "  ", _ => "Motivo " + random.Next(100) };

        if (!state.IsStarted && random.Next(3) > 0)
        {
            var channel = random.Next(6) switch { 0 => Channels.Print, 1 => Channels.Electronic, _ => Channels.Phone };
            return new ContactCommand.Start(at, actor, channel, Text() ?? "", random.Next(5) == 0 ? "fr" : "es");
        }

        return random.Next(22) switch
        {
            0 or 1 or 2 or 3 => new ContactCommand.CompleteStep(at, actor, Key()),
            4 or 5 or 6 => new ContactCommand.ChooseAnswer(at, actor, Key(), random.Next(-1, 4)),
            7 => new ContactCommand.SkipStep(at, actor, Key(), Text()),
            8 => new ContactCommand.TickChecklist(at, actor, Key(), random.Next(-1, 3), random.Next(2) == 0),
            9 => new ContactCommand.GoBack(at, actor, random.Next(5) == 0 ? null : Key()),
            10 => new ContactCommand.EnterPlan(at, actor, plans[random.Next(plans.Length)]),
            11 => new ContactCommand.LeavePlan(at, actor, state.CurrentPlanKey is { } plan && random.Next(3) > 0 ? plan : plans[random.Next(plans.Length)]),
            12 => new ContactCommand.SaveNote(at, actor, new Dictionary<string, string> { ["motivo"] = Text() ?? "", [random.Next(5) == 0 ? " " : "solucion"] = "x" }),
            13 => new ContactCommand.Escalate(at, actor, random.Next(3) switch { 0 => null, 1 => "pide-responsable", _ => "no-existe" }, Text(), Text()),
            14 => new ContactCommand.TakeOver(at, Actors[random.Next(Actors.Length)]),
            15 => new ContactCommand.ReturnWithGuidance(at, Actors[random.Next(Actors.Length)], Text() ?? ""),
            16 => new ContactCommand.WaitOnCustomer(at, actor),
            17 => new ContactCommand.CustomerResponds(at, actor),
            18 => new ContactCommand.RecordFirstResponse(at, actor),
            19 => new ContactCommand.RecordBreach(at, ContactActors.System, (ContactClock)random.Next(3)),
            _ => new ContactCommand.Close(at, actor, (ContactOutcome)random.Next(5), Text(),
                random.Next(2) == 0 ? DateOnly.FromDateTime(at.UtcDateTime).AddDays(3) : null),
        };
    }
}
