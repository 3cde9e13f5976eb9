using Pauta.Core.Protocols;
using Pauta.Core.Tests.Protocols;
using Pauta.Core.Training;

namespace Pauta.Core.Tests.Training;

public class CourseOutlineTests
{
    private static readonly Protocol Phone = ProtocolBuilder.PhoneProtocol();

    [Fact]
    public void Lessons_are_the_overview_each_main_step_in_order_each_plan_then_the_quiz()
    {
        var lessons = CourseOutline.Of(Phone);

        lessons.Select(l => l.Key).ShouldBe(
            new[] { "overview" }
                .Concat(Phone.Steps.Select(s => s.Key))
                .Concat(Phone.ContingencyPlans.Select(p => "plan-" + p.Key))
                .Append("quiz"));
        lessons[0].Kind.ShouldBe(LessonKind.Overview);
        lessons.Where(l => l.Kind == LessonKind.Step).Select(l => l.Step!.Stage).ShouldBe(Phone.Steps.Select(s => s.Stage));
        lessons.Single(l => l.Kind == LessonKind.Plan).Plan!.Trigger.ShouldBe(Phone.ContingencyPlans[0].Trigger);
        lessons[^1].IsReading.ShouldBeFalse();
    }

    [Fact]
    public void A_person_who_acknowledged_an_older_version_starts_with_what_changed()
    {
        var lessons = CourseOutline.Of(Phone, hasPreviousAcknowledgement: true);
        lessons[0].Key.ShouldBe("changes");
        lessons[0].Kind.ShouldBe(LessonKind.Changes);
        lessons[1].Key.ShouldBe("overview");
    }

    [Fact]
    public void A_protocol_without_questions_has_no_quiz_lesson()
    {
        CourseOutline.Of(Phone with { Assessment = null }).ShouldNotContain(l => l.Kind == LessonKind.Quiz);
        CourseOutline.Of(Phone with { Assessment = new Assessment([], 80) }).ShouldNotContain(l => l.Kind == LessonKind.Quiz);
        CourseOutline.HasQuiz(Phone).ShouldBeTrue();
    }

    [Theory]
    [InlineData("overview", "step-overview")]
    [InlineData("changes", "step-changes")]
    [InlineData("quiz", "step-quiz")]
    [InlineData("plan-b", "step-plan-b")]
    [InlineData("step-x", "step-step-x")]
    [InlineData("saludo", "saludo")]
    public void Step_keys_that_would_collide_with_fixed_or_plan_keys_get_a_prefix(string stepKey, string lessonKey)
    {
        CourseOutline.StepLessonKey(stepKey).ShouldBe(lessonKey);
        var protocol = Phone.WithSteps(ProtocolBuilder.PlainStep(stepKey));
        var keys = CourseOutline.Of(protocol).Select(l => l.Key).ToList();
        keys.ShouldContain(lessonKey);
        keys.Distinct().Count().ShouldBe(keys.Count);
    }

    [Fact]
    public void Resume_goes_to_the_first_lesson_not_done_then_the_quiz_then_nowhere()
    {
        var lessons = CourseOutline.Of(Phone);
        CourseOutline.Resume(lessons, new HashSet<string>(), quizPassed: false).ShouldBe("overview");
        CourseOutline.Resume(lessons, new HashSet<string> { "overview", "saludo" }, false).ShouldBe(Phone.Steps[1].Key);
        // A gap earlier in the course is where the person goes back to.
        CourseOutline.Resume(lessons, lessons.Where(l => l.IsReading).Skip(1).Select(l => l.Key).ToHashSet(), false).ShouldBe("overview");
        var all = lessons.Where(l => l.IsReading).Select(l => l.Key).ToHashSet();
        CourseOutline.Resume(lessons, all, quizPassed: false).ShouldBe("quiz");
        CourseOutline.Resume(lessons, all, quizPassed: true).ShouldBeNull();
        CourseOutline.Resume(CourseOutline.Of(Phone with { Assessment = null }), all, quizPassed: false).ShouldBeNull();
    }

    [Fact]
    public void Previous_and_next_walk_the_outline()
    {
        var lessons = CourseOutline.Of(Phone);
        CourseOutline.After(lessons, "overview").ShouldBe("saludo");
        CourseOutline.Before(lessons, "saludo").ShouldBe("overview");
        CourseOutline.Before(lessons, "overview").ShouldBeNull();
        CourseOutline.After(lessons, "quiz").ShouldBeNull();
        CourseOutline.After(lessons, "nope").ShouldBeNull();
        CourseOutline.Before(lessons, "nope").ShouldBeNull();
    }

    [Fact]
    public void Changes_lists_only_the_sections_that_differ()
    {
        var newer = Phone.WithStep("saludo", s => s with { Instruction = "Otra cosa." }) with { Purpose = "Nuevo propósito." };
        var changes = CourseOutline.Changes(Phone, newer);
        changes.Select(c => c.Key is null ? c.Section : $"{c.Section}:{c.Key}").ShouldBe(["purpose", "step:saludo"]);
        CourseOutline.Changes(Phone, Phone).ShouldBeEmpty();
    }

    [Fact]
    public void Content_hash_is_lower_case_hex_sha256_of_utf8()
    {
        // Known vectors: FIPS 180-2 "abc", the empty string, and a non-ASCII text (UTF-8 bytes, no BOM).
        ContentHash.Of("abc").ShouldBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        ContentHash.Of("").ShouldBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        ContentHash.Of("\u00f1").ShouldBe("024bb90888ca89a15a19e9bdd8c712bfb070465fce1ef25e43c170ea44fc5e5f");
        ContentHash.Of("ñ").ShouldNotBe(ContentHash.Of("n\u0303"));
        ContentHash.Of("ñ").Length.ShouldBe(64);
    }
}
