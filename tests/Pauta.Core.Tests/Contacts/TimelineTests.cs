using Pauta.Core.Contacts;
using static Pauta.Core.Tests.Contacts.ContactDriver;

namespace Pauta.Core.Tests.Contacts;

public class TimelineTests
{
    [Fact]
    public void The_timeline_tells_everything_that_happened_in_order()
    {
        var contact = GuidedRunReplayTests.Journey();

        contact.State.Timeline.Select(t => t.Clock is { } clock ? $"{t.Kind} {clock}" : t.Kind.ToString()).ShouldBe(
        [
            "Started", "ClockActivated FirstResponse", "ClockActivated Resolution",
            "ChecklistTicked",
            "StepCompleted", "ClockFulfilled FirstResponse",
            "PlanEntered", "StepCompleted", "PlanLeft",
            "StepSkipped",
            "AnswerChosen",
            "WentBack",
            "AnswerChosen", "EscalatedAutomatically",
            "NoteSaved",
            "WaitingOnCustomer", "ClockPaused Resolution",
            "CustomerResponded", "ClockResumed Resolution",
            "TakenOver",
            "StepCompleted", "FlowFinished",
            "ClockFulfilled Resolution", "Closed",
        ]);
        contact.State.Timeline.Select(t => t.At).ShouldBeInOrder();
    }

    [Fact]
    public void Entries_carry_who_did_what_to_which_step_in_human_words()
    {
        var timeline = GuidedRunReplayTests.Journey().State.Timeline;

        timeline[0].ShouldBe(new TimelineEntry(Monday10, Agent, TimelineKind.Started, Subject: "Phone", Detail: "Quiero devolver unos zapatos"));
        timeline.First(t => t.Kind == TimelineKind.ChecklistTicked).ShouldSatisfyAllConditions(
            t => t.Step.ShouldBe(new StepRef(null, "saludo")),
            t => t.Subject.ShouldBe("Saludar"),
            t => t.Detail.ShouldBe("Conteste antes del tercer tono"));
        timeline.First(t => t.Kind == TimelineKind.PlanEntered).ShouldSatisfyAllConditions(
            t => t.Step.ShouldBe(new StepRef("cliente-molesto", "molesto-escuchar")),
            t => t.Subject.ShouldBe("Cliente molesto (método L.A.S.T.)"));
        timeline.First(t => t.Kind == TimelineKind.StepSkipped).Detail.ShouldBe("Lo contó al entrar");
        timeline.First(t => t.Kind == TimelineKind.AnswerChosen).ShouldSatisfyAllConditions(
            t => t.Subject.ShouldBe("Decidir el camino"),
            t => t.Detail.ShouldBe("Información"));
        timeline.First(t => t.Kind == TimelineKind.EscalatedAutomatically).ShouldSatisfyAllConditions(
            t => t.Subject.ShouldBe("Supervisor"),
            t => t.Detail.ShouldBe("El cliente pide hablar con un responsable."));
        timeline.First(t => t.Kind == TimelineKind.NoteSaved).Detail.ShouldBe("motivo");
        timeline.First(t => t.Kind == TimelineKind.TakenOver).ActorUserId.ShouldBe(Supervisor);
        timeline[^1].ShouldSatisfyAllConditions(
            t => t.Kind.ShouldBe(TimelineKind.Closed),
            t => t.ActorUserId.ShouldBe(Supervisor),
            t => t.Outcome.ShouldBe(ContactOutcome.Escalated));
    }
}
