using CsCheck;
using Pauta.Core.Protocols;
using Pauta.Core.Training;

namespace Pauta.Core.Tests.Training;

public class QuizTests
{
    private static AssessmentQuestion Q(int n, int options = 3, int correct = 0) =>
        new($"Q{n}", Enumerable.Range(0, options).Select(o => $"Q{n}O{o}").ToList(), correct, $"Because {n}");

    private static Assessment Pool(int count, int passMark = 70) =>
        new(Enumerable.Range(0, count).Select(i => Q(i, 3 + i % 3, i % 3)).ToList(), passMark);

    private static readonly QuizPolicy All = new(null, TimeSpan.Zero, null, ShuffleOptions: true);

    private static IReadOnlyList<int?> CorrectAnswers(Assessment a, QuizPaper p) =>
        p.Questions.Select(q => (int?)a.Questions[q.Index].CorrectIndex).ToList();

    // ---------------------------------------------------------------- settings

    [Theory]
    [InlineData(null, 0, null, 5, new string[0])]
    [InlineData(1, 0, 1, 5, new string[0])]
    [InlineData(20, 10080, 5, 5, new string[0])]
    [InlineData(0, 0, null, 5, new[] { "AttemptsAllowed" })]
    [InlineData(21, 0, null, 5, new[] { "AttemptsAllowed" })]
    [InlineData(null, -1, null, 5, new[] { "WaitMinutes" })]
    [InlineData(null, 10081, null, 5, new[] { "WaitMinutes" })]
    [InlineData(null, 0, 6, 5, new[] { "QuestionsPerAttempt" })]
    [InlineData(null, 0, 0, 5, new[] { "QuestionsPerAttempt" })]
    [InlineData(null, 0, 1, 0, new[] { "QuestionsPerAttempt" })]
    [InlineData(0, -5, 9, 2, new[] { "AttemptsAllowed", "WaitMinutes", "QuestionsPerAttempt" })]
    public void Settings_are_checked_per_field(int? attempts, int wait, int? perAttempt, int pool, string[] fields) =>
        QuizPolicy.Check(attempts, wait, perAttempt, pool).Select(p => p.Field).ShouldBe(fields);

    [Fact]
    public void More_questions_per_attempt_than_the_pool_says_how_many_there_are()
    {
        var problem = QuizPolicy.Check(null, 0, 6, 5).Single();
        problem.Code.ShouldBe("Training.Learner.Settings.QuestionsRange");
        problem.Args.ShouldBe(new object[] { 1, 5 });
        QuizPolicy.Check(null, 0, 1, 0).Single().Code.ShouldBe("Training.Learner.Settings.NoQuestions");
    }

    // ---------------------------------------------------------------- drawing

    [Fact]
    public void The_same_seed_draws_the_same_paper_and_the_draw_is_pinned()
    {
        var pool = Pool(10);
        var policy = All with { QuestionsPerAttempt = 4 };
        QuizPaper.Draw(pool, policy, 42).ToJson().ShouldBe(QuizPaper.Draw(pool, policy, 42).ToJson());
        // Pinned: a stored paper must mean the same draw on every future run (our own PRNG, not System.Random).
        QuizPaper.Draw(pool, policy, 42).ToJson()
            .ShouldBe("""{"Questions":[{"q":0,"o":[0,1,2]},{"q":9,"o":[2,0,1]},{"q":5,"o":[3,1,2,4,0]},{"q":8,"o":[4,2,0,3,1]}]}""");
        Enumerable.Range(0, 20).Select(s => QuizPaper.Draw(pool, policy, s).ToJson()).Distinct().Count().ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Without_a_per_attempt_number_or_with_more_than_the_pool_every_question_is_drawn_once()
    {
        var pool = Pool(5);
        QuizPaper.Draw(pool, All, 1).Questions.Select(q => q.Index).Order().ShouldBe([0, 1, 2, 3, 4]);
        QuizPaper.Draw(pool, All with { QuestionsPerAttempt = 50 }, 1).Questions.Count.ShouldBe(5);
        QuizPaper.Draw(pool, All with { QuestionsPerAttempt = 2 }, 1).Questions.Count.ShouldBe(2);
        QuizPaper.Draw(Pool(0), All, 1).Questions.ShouldBeEmpty();
    }

    [Fact]
    public void Options_keep_the_authors_order_unless_shuffling_is_on()
    {
        var pool = Pool(6);
        foreach (var q in QuizPaper.Draw(pool, All with { ShuffleOptions = false }, 7).Questions)
            q.OptionOrder.ShouldBe(Enumerable.Range(0, pool.Questions[q.Index].Options.Count));
        Enumerable.Range(0, 30).Any(seed => QuizPaper.Draw(pool, All, seed).Questions
                .Any(q => !q.OptionOrder.SequenceEqual(Enumerable.Range(0, q.OptionOrder.Count))))
            .ShouldBeTrue();
    }

    [Fact]
    public void A_paper_round_trips_through_its_stored_json_and_garbage_is_not_a_paper()
    {
        var paper = QuizPaper.Draw(Pool(4), All, 3);
        var back = QuizPaper.FromJson(paper.ToJson())!;
        back.ToJson().ShouldBe(paper.ToJson());
        QuizPaper.FromJson("not json").ShouldBeNull();
        QuizPaper.FromJson("{\"Questions\":[null]}").ShouldBeNull();
        QuizPaper.FromJson("null").ShouldBeNull();
    }

    [Fact]
    public void Any_draw_has_distinct_questions_option_orders_that_are_permutations_and_its_correct_answers_score_100() =>
        Gen.Select(Gen.Int[0, 12], Gen.Int[0, 15].Nullable(), Gen.Bool, Gen.Int, Gen.Int[0, 100])
            .Sample((count, perAttempt, shuffle, seed, passMark) =>
            {
                var pool = Pool(count, passMark);
                var paper = QuizPaper.Draw(pool, new QuizPolicy(null, TimeSpan.Zero, perAttempt, shuffle), seed);
                paper.Questions.Count.ShouldBe(Math.Min(perAttempt ?? count, count));
                paper.Questions.Select(q => q.Index).Distinct().Count().ShouldBe(paper.Questions.Count);
                foreach (var q in paper.Questions)
                    q.OptionOrder.Order().ShouldBe(Enumerable.Range(0, pool.Questions[q.Index].Options.Count));
                var grade = QuizGrader.Grade(pool, paper, CorrectAnswers(pool, paper)).Grade!;
                grade.ScorePercent.ShouldBe(100);
                grade.Passed.ShouldBeTrue();
            }, iter: 2_000);

    // ---------------------------------------------------------------- grading

    [Fact]
    public void Each_question_says_right_or_wrong_what_was_chosen_the_correct_option_and_why()
    {
        var pool = Pool(3, passMark: 60);
        var paper = QuizPaper.Draw(pool, All with { ShuffleOptions = false }, 9);
        var answers = paper.Questions.Select((q, i) => (int?)(i == 0 ? (pool.Questions[q.Index].CorrectIndex + 1) % 3 : pool.Questions[q.Index].CorrectIndex)).ToList();
        var grade = QuizGrader.Grade(pool, paper, answers).Grade!;
        grade.Questions[0].IsCorrect.ShouldBeFalse();
        grade.Questions[0].Chosen.ShouldBe(answers[0]);
        grade.Questions[0].Correct.ShouldBe(pool.Questions[paper.Questions[0].Index].CorrectIndex);
        grade.Questions[0].Explanation.ShouldBe($"Because {paper.Questions[0].Index}");
        grade.CorrectCount.ShouldBe(2);
        grade.ScorePercent.ShouldBe(66); // 2 of 3 rounds down, never up to 67
        grade.Passed.ShouldBeTrue();
    }

    [Theory]
    [InlineData(3, 2, 67, false)] // 66.67 % does not reach 67: rounding down keeps the pass honest
    [InlineData(3, 2, 66, true)]
    [InlineData(4, 3, 75, true)]  // exactly the pass mark passes
    [InlineData(4, 2, 51, false)]
    [InlineData(10, 7, 70, true)]
    [InlineData(10, 6, 70, false)]
    [InlineData(2, 0, 0, true)]   // a pass mark of 0 passes anyone
    [InlineData(1, 1, 100, true)]
    public void Pass_mark_boundaries(int questions, int right, int passMark, bool passed)
    {
        var pool = new Assessment(Enumerable.Range(0, questions).Select(i => Q(i)).ToList(), passMark);
        var paper = QuizPaper.Draw(pool, All, 5);
        var answers = paper.Questions.Select((q, i) => (int?)(i < right ? 0 : 1)).ToList();
        var grade = QuizGrader.Grade(pool, paper, answers).Grade!;
        grade.CorrectCount.ShouldBe(right);
        grade.ScorePercent.ShouldBe(right * 100 / questions);
        grade.Passed.ShouldBe(passed);
    }

    [Fact]
    public void Unanswered_counts_wrong_and_a_paper_of_no_questions_scores_100()
    {
        var pool = Pool(2, passMark: 50);
        var paper = QuizPaper.Draw(pool, All, 1);
        var grade = QuizGrader.Grade(pool, paper, [null, null]).Grade!;
        grade.ScorePercent.ShouldBe(0);
        grade.Passed.ShouldBeFalse();
        grade.Questions.ShouldAllBe(q => !q.IsCorrect && q.Chosen == null);

        var empty = QuizGrader.Grade(Pool(0), new QuizPaper([]), []).Grade!;
        empty.ScorePercent.ShouldBe(100);
        empty.Passed.ShouldBeTrue();
    }

    [Fact]
    public void Answers_naming_options_not_shown_or_the_wrong_number_of_answers_are_problems_not_crashes()
    {
        var pool = Pool(3);
        var paper = QuizPaper.Draw(pool, All, 2);

        var tooFew = QuizGrader.Grade(pool, paper, [0]);
        tooFew.Grade.ShouldBeNull();
        tooFew.Problems.Single().Field.ShouldBe("answers");
        tooFew.Problems.Single().Args.ShouldBe(new object[] { 3, 1 });

        var unknown = QuizGrader.Grade(pool, paper, [0, 99, -1]);
        unknown.Grade.ShouldBeNull();
        unknown.Problems.Select(p => p.Field).ShouldBe(["answers[1]", "answers[2]"]);
        unknown.Problems.ShouldAllBe(p => p.Code == "Training.Learner.Quiz.UnknownOption");

        // An option the question has but this paper did not show (a trimmed option order).
        var trimmed = new QuizPaper([new PaperQuestion(0, [0, 1])]);
        QuizGrader.Grade(pool, trimmed, [2]).Problems.Single().Field.ShouldBe("answers[0]");

        // A paper that names a question the version does not have.
        QuizGrader.Grade(pool, new QuizPaper([new PaperQuestion(7, [0])]), [0]).Problems.Single().Field.ShouldBe("paper");
    }

    // ---------------------------------------------------------------- may an attempt start

    private static readonly DateTime T0 = new(2026, 3, 3, 9, 30, 0, DateTimeKind.Utc);
    private static readonly QuizPolicy ThreeWithAnHour = new(3, TimeSpan.FromHours(1), null, true);

    private static AttemptSoFar Failed(int minutesAfterT0) =>
        new(Guid.NewGuid(), T0.AddMinutes(minutesAfterT0 - 5), T0.AddMinutes(minutesAfterT0), false);

    [Fact]
    public void A_first_attempt_may_start()
    {
        QuizAttempts.MayStart(ThreeWithAnHour, [], T0).ShouldBeOfType<AttemptDecision.Allowed>();
    }

    [Fact]
    public void After_a_failed_attempt_the_wait_runs_from_when_it_was_handed_in_and_ends_exactly_on_time()
    {
        var attempts = new[] { Failed(0) };
        QuizAttempts.MayStart(ThreeWithAnHour, attempts, T0.AddMinutes(59)).ShouldBe(new AttemptDecision.WaitUntil(T0.AddHours(1)));
        QuizAttempts.MayStart(ThreeWithAnHour, attempts, T0.AddHours(1)).ShouldBeOfType<AttemptDecision.Allowed>();
        QuizAttempts.MayStart(ThreeWithAnHour with { Wait = TimeSpan.Zero }, attempts, T0).ShouldBeOfType<AttemptDecision.Allowed>();
    }

    [Fact]
    public void The_wait_follows_the_latest_failure()
    {
        var attempts = new[] { Failed(120), Failed(0) };
        QuizAttempts.MayStart(ThreeWithAnHour, attempts, T0.AddMinutes(150)).ShouldBe(new AttemptDecision.WaitUntil(T0.AddMinutes(180)));
    }

    [Fact]
    public void The_last_allowed_attempt_may_start_and_after_it_none()
    {
        QuizAttempts.MayStart(ThreeWithAnHour, [Failed(0), Failed(100)], T0.AddDays(1)).ShouldBeOfType<AttemptDecision.Allowed>();
        QuizAttempts.MayStart(ThreeWithAnHour, [Failed(0), Failed(100), Failed(200)], T0.AddDays(1)).ShouldBeOfType<AttemptDecision.NoAttemptsLeft>();
        // No attempts left wins over waiting: there is nothing to wait for.
        QuizAttempts.MayStart(ThreeWithAnHour, [Failed(0), Failed(100), Failed(200)], T0.AddMinutes(201)).ShouldBeOfType<AttemptDecision.NoAttemptsLeft>();
        QuizAttempts.MayStart(ThreeWithAnHour with { AttemptsAllowed = null }, Enumerable.Range(0, 50).Select(i => Failed(i * 100)).ToList(), T0.AddDays(10))
            .ShouldBeOfType<AttemptDecision.Allowed>();
    }

    [Fact]
    public void A_passed_attempt_ends_the_quiz_and_an_open_one_is_carried_on()
    {
        var passed = new AttemptSoFar(Guid.NewGuid(), T0, T0.AddMinutes(3), true);
        QuizAttempts.MayStart(ThreeWithAnHour, [Failed(-100), passed], T0.AddMinutes(4)).ShouldBeOfType<AttemptDecision.AlreadyPassed>();
        var open = new AttemptSoFar(Guid.NewGuid(), T0, null, null);
        QuizAttempts.MayStart(ThreeWithAnHour, [Failed(-100), open], T0.AddMinutes(4)).ShouldBe(new AttemptDecision.InProgress(open.Id));
        // An open attempt is carried on even when it is the last one allowed.
        QuizAttempts.MayStart(ThreeWithAnHour, [Failed(-300), Failed(-100), open], T0).ShouldBe(new AttemptDecision.InProgress(open.Id));
    }

    [Fact]
    public void A_due_refresher_opens_a_new_round_where_only_its_own_attempts_count()
    {
        var passedLongAgo = new AttemptSoFar(Guid.NewGuid(), T0.AddDays(-90), T0.AddDays(-90).AddMinutes(5), true);
        var refresher = T0.AddDays(-1);
        // Not due yet (or no schedule): the old pass still ends the quiz.
        QuizAttempts.MayStart(ThreeWithAnHour, [passedLongAgo], T0, refresherDueAt: T0.AddDays(1)).ShouldBeOfType<AttemptDecision.AlreadyPassed>();
        QuizAttempts.MayStart(ThreeWithAnHour, [passedLongAgo], T0, refresherDueAt: null).ShouldBeOfType<AttemptDecision.AlreadyPassed>();
        // Due (exactly now, or since yesterday): a new attempt may start.
        QuizAttempts.MayStart(ThreeWithAnHour, [passedLongAgo], T0, refresherDueAt: T0).ShouldBeOfType<AttemptDecision.Allowed>();
        QuizAttempts.MayStart(ThreeWithAnHour, [passedLongAgo], T0, refresherDueAt: refresher).ShouldBeOfType<AttemptDecision.Allowed>();
        // The round keeps the course's rules: a failure in it waits, three failures in it use the attempts up, a pass in it ends it.
        var failedInRound = new AttemptSoFar(Guid.NewGuid(), T0.AddMinutes(-10), T0.AddMinutes(-5), false);
        QuizAttempts.MayStart(ThreeWithAnHour, [passedLongAgo, failedInRound], T0, refresher).ShouldBe(new AttemptDecision.WaitUntil(T0.AddMinutes(55)));
        QuizAttempts.MayStart(ThreeWithAnHour, [passedLongAgo, Failed(-300), Failed(-200), Failed(-100)], T0, refresher)
            .ShouldBeOfType<AttemptDecision.NoAttemptsLeft>();
        var passedInRound = new AttemptSoFar(Guid.NewGuid(), T0.AddMinutes(-3), T0.AddMinutes(-1), true);
        QuizAttempts.MayStart(ThreeWithAnHour, [passedLongAgo, passedInRound], T0, refresher).ShouldBeOfType<AttemptDecision.AlreadyPassed>();
    }

    // ---------------------------------------------------------------- acknowledgement

    [Theory]
    [InlineData(true, true, false, AcknowledgementRule.Allowed)]
    [InlineData(true, false, false, AcknowledgementRule.QuizNotPassed)]
    [InlineData(false, false, false, AcknowledgementRule.Allowed)]
    [InlineData(false, true, false, AcknowledgementRule.Allowed)]
    [InlineData(true, true, true, AcknowledgementRule.AlreadyAcknowledged)]
    [InlineData(true, false, true, AcknowledgementRule.AlreadyAcknowledged)]
    [InlineData(false, false, true, AcknowledgementRule.AlreadyAcknowledged)]
    public void Acknowledging_needs_a_pass_on_this_version_when_there_is_an_assessment(bool hasAssessment, bool passed, bool already,
        AcknowledgementRule rule) =>
        Acknowledgements.MayAcknowledge(hasAssessment, passed, already).ShouldBe(rule);
}
