using MultimodalAnnotate.Validation.Ontology;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Ontology;

public sealed class LexiconTests
{
    private static readonly CompiledOntology Compiled = CompiledOntology.Compile(TestOntology.Definition);

    private static List<TermMatch> Find(string text)
    {
        var matches = new List<TermMatch>();
        Compiled.Lexicon.FindTerms(text, 0, text.Length, matches);
        return matches;
    }

    private static string Name(TermMatch m) => Compiled.NameOf(m.ClassId);

    [Theory]
    [InlineData("dogs", "dog")]
    [InlineData("Buses", "bus")]
    [InlineData("puppies", "puppy")]
    [InlineData("cattle", "cow")]
    [InlineData("children", "person")]
    [InlineData("DOGGIE", "dog")]
    [InlineData("t-shirts", "shirt")]
    [InlineData("automobiles", "car")]
    public void FindTerms_PluralsSynonymsAndForms_MapToTheClass(string word, string expected) =>
        Find($"I saw the {word} today.").Should().ContainSingle().Which.Should().Match<TermMatch>(m => Name(m) == expected);

    [Fact]
    public void FindTerms_MultiWordTerm_WinsOverItsLastWord()
    {
        var matches = Find("Two police cars and a car.");

        matches.Select(Name).Should().Equal("police car", "car");
        matches[0].CharStart.Should().Be(4);
        matches[0].CharEnd.Should().Be(15);
    }

    [Theory]
    [InlineData("two dogs", "Exact", 2)]
    [InlineData("a dog", "Exact", 1)]
    [InlineData("an automobile", "Exact", 1)]
    [InlineData("3 cats", "Exact", 3)]
    [InlineData("twelve big brown dogs", "Exact", 12)]
    [InlineData("a couple of dogs", "Exact", 2)]
    [InlineData("a dozen of dogs", "Exact", 12)]
    [InlineData("dogs", "AtLeast", 2)]
    [InlineData("the dog", "None", 0)]
    [InlineData("some dogs", "AtLeast", 2)]
    [InlineData("a dog kennel", "None", 0)]
    [InlineData("ten speed bus", "None", 0)]
    [InlineData("four people", "Exact", 4)]
    [InlineData("people", "None", 0)]
    public void FindTerms_CountWordsBeforeTheTerm_AreRead(string phrase, string kind, int count)
    {
        var match = Find($"We saw {phrase}.").Should().ContainSingle().Subject;

        match.CountKind.ToString().Should().Be(kind);
        match.Count.Should().Be(count);
    }

    [Fact]
    public void FindTerms_CountsDoNotCrossSentencesOrOtherTerms()
    {
        var matches = Find("I have two. Dogs run. A cat and dog.");

        matches.Select(m => (Name(m), m.CountKind, m.Sentence)).Should().Equal(
            ("dog", CountKind.AtLeast, 1), ("cat", CountKind.Exact, 2), ("dog", CountKind.None, 2));
    }

    /// <summary>The words between a count and its term (what REF-005 reads colours from) start after the count word.</summary>
    [Theory]
    [InlineData("Three big brown dogs play.", " big brown ")]
    [InlineData("A dog plays.", " ")]
    [InlineData("Dogs play.", "")]
    [InlineData("Small green dogs play.", "Small green ")]
    [InlineData("I saw 2 red dogs.", " red ")]
    [InlineData("One very big old brown dog.", "big old brown ")]
    [InlineData("A cat and a red dog.", " red ")]
    public void FindTerms_QualifierRunsFromTheCountWordToTheTerm(string text, string qualifier)
    {
        var match = Find(text)[^1];

        text[match.QualifierStart..match.CharStart].Should().Be(qualifier);
    }

    [Fact]
    public void FindTerms_LongText_GrowsItsBuffersAndFindsEveryTerm()
    {
        var text = string.Join(' ', Enumerable.Repeat("a dog and a cat.", 300));

        Find(text).Should().HaveCount(600);
    }

    [Theory]
    [InlineData("bus", new[] { "buses" })]
    [InlineData("puppy", new[] { "puppies" })]
    [InlineData("day", new[] { "days" })]
    [InlineData("knife", new[] { "knives", "knifes" })]
    [InlineData("potato", new[] { "potatoes", "potatos" })]
    public void RegularPlurals_FollowEnglishSpelling(string word, string[] plurals) =>
        Lexicon.RegularPlurals(word).Should().BeEquivalentTo(plurals);
}
