using Pauta.Core.Suggestions;

namespace Pauta.Core.Tests.Suggestions;

public class SuggestionLexiconTests
{
    [Fact]
    public void Concepts_have_unique_ids_and_Spanish_words()
    {
        SuggestionLexicon.Concepts.Select(c => c.Id).ShouldBeUnique();
        SuggestionLexicon.Concepts.ShouldAllBe(c => c.Spanish.Trim().Length > 0);
    }

    [Fact]
    public void No_entry_is_blank_or_a_stop_word_alone()
    {
        foreach (var concept in SuggestionLexicon.Concepts)
        {
            foreach (var list in new[] { concept.Spanish, concept.English, concept.Related, concept.RelatedEnglish })
            {
                foreach (var entry in list.Split(',', StringSplitOptions.TrimEntries))
                {
                    if (list.Trim().Length == 0) continue;
                    var words = TextNormalizer.Tokenize(entry);
                    words.ShouldNotBeEmpty($"{concept.Id}: empty entry in \"{list}\"");
                    if (words.Count == 1) StopWords.Contains(words[0].Folded).ShouldBeFalse($"{concept.Id}: \"{entry}\" is a stop word and would never match");
                }
            }
        }
    }
}
