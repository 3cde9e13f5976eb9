using Pauta.Core.Organisations;
using Pauta.Core.Suggestions;

namespace Pauta.Core.Tests.Suggestions;

/// <summary>
/// Pasted junk costs its length, not its square: a megabyte reason made of one long word (or of one vowel repeated)
/// used to take about half an hour in the typo lookup and the stemmer. The guard below is a hang guard, not a timing
/// goal: linear work on a megabyte takes well under a second even on a busy machine, the old quadratic work minutes.
/// </summary>
public class LongInputTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static T Bounded<T>(Func<T> work)
    {
        var task = Task.Run(work);
        task.Wait(HangGuard).ShouldBeTrue($"the work did not end within {HangGuard.TotalSeconds} s: it grows faster than its input");
        return task.Result;
    }

    private static string RandomLetters(int length, int seed)
    {
        var random = new Random(seed);
        return string.Create(length, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = (char)('a' + r.Next(26));
        });
    }

    public static TheoryData<string> LongReasons => new()
    {
        "random letters",
        "one vowel",
        "a real word repeated without spaces",
        "a real word repeated with spaces",
    };

    private static string Reason(string kind) => kind switch
    {
        "random letters" => RandomLetters(1_000_000, 7),
        "one vowel" => new string('a', 1_000_000),
        "a real word repeated without spaces" => string.Concat(Enumerable.Repeat("devolucion", 100_000)),
        "a real word repeated with spaces" => string.Concat(Enumerable.Repeat("quiero devolver ", 62_500)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    [Theory]
    [MemberData(nameof(LongReasons))]
    public void A_megabyte_reason_is_suggested_for_within_the_hang_guard(string kind)
    {
        var reason = Reason(kind);
        var suggestions = Bounded(() => SuggesterFixture.Suggester.Suggest(reason, Channels.None, 5));
        if (kind == "a real word repeated with spaces") suggestions[0].ProtocolId.ShouldBe("returns");
    }

    [Fact]
    public void The_stemmers_cut_a_megabyte_of_vowels_in_one_go()
    {
        var vowels = new string('a', 1_000_000);
        Bounded(() => SpanishStemmer.Stem(vowels)).ShouldBe("aaa");
        Bounded(() => EnglishStemmer.Stem(vowels)).Length.ShouldBe(vowels.Length);
    }

    [Fact]
    public void A_word_longer_than_any_language_has_is_neither_stored_nor_corrected()
    {
        var tooLong = RandomLetters(TypoIndex.MaxLength + 1, 3);
        var index = new TypoIndex(["factura", tooLong]);
        index.Count.ShouldBe(1);
        index.Contains(tooLong).ShouldBeFalse();
        // One letter away from a stored word of the longest length is still found ...
        var longest = RandomLetters(TypoIndex.MaxLength, 4);
        new TypoIndex([longest]).Near(longest + "x").ShouldBe([longest]);
        // ... and a megabyte of letters is refused before any deletion key is made.
        Bounded(() => index.Near(RandomLetters(1_000_000, 5))).ShouldBeEmpty();
    }
}
