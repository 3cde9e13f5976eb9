using Pauta.Core.Protocols;
using static Pauta.Core.Tests.Protocols.ProtocolBuilder;

namespace Pauta.Core.Tests.Protocols;

public class LintAssessmentTests
{
    private static Protocol WithPassMark(int passMark) =>
        PhoneProtocol() with { Assessment = PhoneProtocol().Assessment! with { PassMark = passMark } };

    private static Protocol WithCorrectIndex(int index) =>
        PhoneProtocol() with
        {
            Assessment = PhoneProtocol().Assessment! with { Questions = [PhoneProtocol().Assessment!.Questions[0] with { CorrectIndex = index }] },
        };

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    [InlineData(101)]
    public void A_pass_mark_outside_one_to_a_hundred_is_an_error(int passMark)
    {
        WithPassMark(passMark).ShouldFindOnly(LintCodes.PassMarkOutOfRange, "assessment.passMark", passMark);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void A_pass_mark_from_one_to_a_hundred_keeps_the_rule_quiet(int passMark)
    {
        WithPassMark(passMark).Lint().ShouldBeEmpty();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void A_correct_answer_outside_the_options_is_an_error_with_the_option_count(int index)
    {
        WithCorrectIndex(index).ShouldFindOnly(LintCodes.CorrectIndexOutOfRange, "assessment.questions[0].correctIndex", index, 3);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_correct_answer_among_the_options_keeps_the_rule_quiet(int index)
    {
        WithCorrectIndex(index).Lint().ShouldBeEmpty();
    }

    [Fact]
    public void A_question_without_options_has_no_correct_answer()
    {
        var question = new AssessmentQuestion("¿Qué hace?", [], 0);

        (PhoneProtocol() with { Assessment = new Assessment([question], 80) })
            .ShouldFindOnly(LintCodes.CorrectIndexOutOfRange, "assessment.questions[0].correctIndex", 0, 0);
    }

    [Fact]
    public void A_protocol_without_self_assessment_is_fine()
    {
        (PhoneProtocol() with { Assessment = null }).Lint().ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public void A_review_cadence_of_zero_or_fewer_days_is_an_error(int days)
    {
        (PhoneProtocol() with { ReviewEveryDays = days }).ShouldFindOnly(LintCodes.ReviewCadenceNotPositive, "reviewEveryDays", days);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    [InlineData(null)]
    public void A_positive_or_absent_review_cadence_keeps_the_rule_quiet(int? days)
    {
        (PhoneProtocol() with { ReviewEveryDays = days }).Lint().ShouldBeEmpty();
    }
}
