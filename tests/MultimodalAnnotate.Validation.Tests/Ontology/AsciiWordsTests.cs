using CsCheck;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Ontology;
using MultimodalAnnotate.Validation.Tests.Support;
using MultimodalAnnotate.Validation.Timing;

namespace MultimodalAnnotate.Validation.Tests.Ontology;

/// <summary>
/// The lexicon reads all-ASCII text through bit sets (<see cref="AsciiWords"/>) and looks short words up by their folded
/// bytes (<see cref="ShortWordTable"/>). Both must give exactly what the character-by-character scan gives.
/// </summary>
public sealed class AsciiWordsTests
{
    // Every character class boundary of the scan: letters and their case neighbours (@ ` [ {), digits and theirs (/ :),
    // sentence punctuation, white space and the control characters next to it (\x08, \x0e, \x1c are not white space).
    private const string Alphabet = "aAzZmM09/:@`[{.!?,;- \t\n\r\v\f\x08\x0e\x1c";

    private static readonly CompiledOntology Compiled = CompiledOntology.Compile(TestOntology.Definition with
    {
        // A long synonym (read through the general table), and a word whose invariant upper case is ASCII ("ſ" → "S")
        // although ordinal ignore-case comparison does not equate it with that ASCII word.
        Classes = [.. TestOntology.Definition.Classes, new OntologyClassDefinition("streetcar", ["vehicle"], ["tramcarriage"], ["ſun"])],
    });

    // Text from the ontology's own words in any case, numbers, fillers and long words, joined by separators.
    private static readonly string[] Vocabulary =
    [
        "dog", "dogs", "Dog", "DOGGIE", "puppies", "cat", "cattle", "cow", "cows", "people", "children", "police", "car", "cars",
        "bus", "buses", "t", "shirt", "shirts", "engine", "noise", "a", "an", "two", "twelve", "of", "couple", "dozen", "and",
        "or", "the", "with", "some", "3", "12", "1234", "12345", "007", "streetcar", "streetcars", "TramCarriage",
        "tramcarriages", "sun", "SUN", "automobiles", "kennel", "speed", "waiting", "x", "zz", "abcdefgh", "abcdefghi",
    ];

    private static readonly string[] Separators = [" ", " ", " ", ". ", ", ", "! ", "? ", ".", "\n", "\r\n", "\t", " - ", "; ", "...", ".\x1c", "?\v", "!\x08"];

    private static readonly Gen<string> Texts =
        Gen.Select(Gen.Int[0, Vocabulary.Length - 1].Select(i => Vocabulary[i]), Gen.Int[0, Separators.Length - 1].Select(i => Separators[i])).Array[0, 60]
            .Select(parts => string.Concat(parts.Select(p => p.Item1 + p.Item2)));

    [Fact]
    public void Classify_MarksWordsSentenceEndsAndFoldsAsTheTokenizerReadsThem()
    {
        Gen.Char[Alphabet].Array[0, 200].Select(c => new string(c)).Sample(text =>
        {
            var (words, breaks, folded) = Classify(text);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                var isWord = Tokenizer.IsWordChar(c);
                var isBreak = c is '\n' or '\r' || (c is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])));
                if (IsSet(words, i) != isWord || IsSet(breaks, i) != isBreak || (isWord && folded[i] != char.ToUpperInvariant(c)))
                {
                    return false;
                }
            }

            // Nothing is set beyond the text.
            return Enumerable.Range(text.Length, (words.Length * 64) - text.Length).All(i => !IsSet(words, i) && !IsSet(breaks, i));
        }, iter: 5000);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(200)]
    public void Classify_AWordRunningToTheEnd_EndsAtTheTextsLength(int length)
    {
        var text = new string('a', length);
        var (words, _, _) = Classify(text);

        AsciiWords.NextSet(words, 0, length).Should().Be(0 < length ? 0 : length);
        AsciiWords.NextClear(words, 0, length).Should().Be(length);
    }

    [Fact]
    public void BitSearches_AgreeWithAPlainScan()
    {
        Gen.Select(Gen.Bool.Array[1, 300], Gen.Int[0, 300], Gen.Int[0, 300]).Sample((flags, a, b) =>
        {
            var bits = new ulong[(flags.Length + 63) / 64];
            for (var i = 0; i < flags.Length; i++)
            {
                bits[i >> 6] |= flags[i] ? 1UL << i : 0;
            }

            var from = Math.Min(a, flags.Length);
            var to = Math.Clamp(b, from, flags.Length);
            var nextSet = Enumerable.Range(from, flags.Length - from).FirstOrDefault(i => flags[i], flags.Length);
            var nextClear = Enumerable.Range(from, flags.Length - from).FirstOrDefault(i => !flags[i], flags.Length);
            return AsciiWords.NextSet(bits, from, flags.Length) == nextSet
                   && AsciiWords.NextClear(bits, from, flags.Length) == nextClear
                   && AsciiWords.AnySet(bits, from, to) == flags.AsSpan(from, to - from).Contains(true);
        }, iter: 5000);
    }

    [Fact]
    public void FindTerms_OnAsciiText_MatchesTheCharacterByCharacterScan()
    {
        Gen.Select(Texts, Gen.Int[0, 40], Gen.Int[0, 40], Gen.Bool).Sample((text, cutStart, cutEnd, timed) =>
        {
            var from = Math.Min(cutStart, text.Length);
            var to = Math.Max(from, text.Length - cutEnd);
            var segments = timed ? Segments(text) : null;
            var fast = Find(text, from, to, segments, allowAscii: true);
            var slow = Find(text, from, to, segments, allowAscii: false);
            return fast.SequenceEqual(slow);
        }, iter: 3000);
    }

    [Theory]
    [InlineData("Two police cars and a dozen of dogs wait.", new[] { "police car", "dog" })]
    [InlineData("Streetcars pass. A TRAMCARRIAGE stops!", new[] { "streetcar", "streetcar" })]
    [InlineData("the SUN and the sun", new string[0])]
    [InlineData("the SUN and the ſun", new[] { "streetcar" })]
    [InlineData("1234 dogs and 12345 cats", new[] { "dog", "cat" })]
    public void FindTerms_ShortLongAndFoldedWords_AreFound(string text, string[] classes)
    {
        var matches = Find(text, 0, text.Length, null, allowAscii: true);

        matches.Select(m => Compiled.NameOf(m.ClassId)).Should().Equal(classes);
        matches.Should().Equal(Find(text, 0, text.Length, null, allowAscii: false));
    }

    [Fact]
    public void FindTerms_ReadsNumbersOfUpToFourDigitsAsCounts()
    {
        var four = Find("We saw 1234 dogs.", 0, 17, null, allowAscii: true).Should().ContainSingle().Subject;
        var five = Find("We saw 12345 dogs.", 0, 18, null, allowAscii: true).Should().ContainSingle().Subject;

        four.CountKind.Should().Be(CountKind.Exact);
        four.Count.Should().Be(1234);
        five.CountKind.Should().Be(CountKind.AtLeast);
    }

    [Theory]
    [InlineData("dog", true, 0x474F44UL)]
    [InlineData("Dog1", true, 0x31474F44UL)]
    [InlineData("ſun", false, 0UL)]
    [InlineData("abcdefghi", false, 0UL)]
    [InlineData("café", false, 0UL)]
    [InlineData("", false, 0UL)]
    public void ShortWordTable_KeysAreTheUpperCasedAsciiBytes(string word, bool keyed, ulong key)
    {
        ShortWordTable.TryKey(word, out var actual).Should().Be(keyed);
        if (keyed)
        {
            actual.Should().Be(key);
        }
    }

    private static List<TermMatch> Find(string text, int from, int to, SegmentLookup? segments, bool allowAscii)
    {
        var matches = new List<TermMatch>();
        Compiled.Lexicon.FindTerms(text, from, to, matches, segments, allowAscii);
        return matches;
    }

    // One segment per sentence-sized run of 25 characters, with gaps, so some words fall outside every segment.
    private static SegmentLookup Segments(string text)
    {
        var segments = new List<TextSegment>();
        for (var start = 0; start < text.Length; start += 30)
        {
            segments.Add(new TextSegment(start, start + 1, start, Math.Min(text.Length, start + 25)));
        }

        return new SegmentLookup(segments);
    }

    private static (ulong[] Words, ulong[] Breaks, byte[] Folded) Classify(string text)
    {
        var words = new ulong[(text.Length + 63) / 64 + 1];
        var breaks = new ulong[words.Length];
        var folded = new byte[text.Length + 8];
        AsciiWords.Classify(text, words.AsSpan(0, (text.Length + 63) / 64), breaks.AsSpan(0, (text.Length + 63) / 64), folded);
        return (words, breaks, folded);
    }

    private static bool IsSet(ulong[] bits, int i) => (bits[i >> 6] & (1UL << i)) != 0;
}
