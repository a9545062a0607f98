using CsCheck;
using MultimodalAnnotate.Validation.Ontology;

namespace MultimodalAnnotate.Validation.Tests.Ontology;

/// <summary>The lexicon's case-insensitive table must answer exactly as an ordinal ignore-case dictionary does.</summary>
public sealed class FoldedTableTests
{
    // ASCII letters, digits and the punctuation pairs one case bit apart (@ `, [ {), plus letters whose case rules are not ASCII's.
    private static readonly Gen<string> Words = Gen.Char["aAzZkK09@`[{_-éÉßıIİK"].Array[1, 6].Select(c => new string(c));

    [Fact]
    public void Lookups_AgreeWithAnOrdinalIgnoreCaseDictionary()
    {
        Gen.Select(Words.Array[1, 30], Words.Array[1, 30]).Sample((keys, probes) =>
        {
            var table = new FoldedTable();
            var reference = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < keys.Length; i++)
            {
                table.TryAdd(keys[i], i).Should().Be(reference.TryAdd(keys[i], i), $"adding '{keys[i]}'");
            }

            foreach (var probe in probes.Concat(keys.Select(k => k.ToUpperInvariant())).Concat(keys.Select(k => k.ToLowerInvariant())))
            {
                var found = table.TryGetValue(probe, out var value);
                found.Should().Be(reference.TryGetValue(probe, out var expected), $"looking up '{probe}'");
                if (found)
                {
                    value.Should().Be(expected);
                }
            }
        }, iter: 2000);
    }

    /// <summary>The key comparison behind a hash match, on its own (lookups reach it for other keys only on hash collisions).</summary>
    [Fact]
    public void KeyComparison_IsOrdinalIgnoreCase()
    {
        Gen.Select(Words, Words).Sample(
            (a, b) => FoldedTable.SameFolded(a, b) == string.Equals(a, b, StringComparison.OrdinalIgnoreCase)
                      && FoldedTable.SameFolded(a, a.ToUpperInvariant()) == string.Equals(a, a.ToUpperInvariant(), StringComparison.OrdinalIgnoreCase),
            iter: 20000);
        FoldedTable.SameFolded("@", "`").Should().BeFalse();
        FoldedTable.SameFolded("[", "{").Should().BeFalse();
        FoldedTable.SameFolded("zebra", "ZEBRA").Should().BeTrue();
    }

    [Theory]
    [InlineData("Dog", "dOG", true)]
    [InlineData("dog", "dogs", false)]
    [InlineData("@", "`", false)]
    [InlineData("[", "{", false)]
    [InlineData("café", "CAFÉ", true)]
    public void KnownPairs(string key, string probe, bool found)
    {
        var table = new FoldedTable();
        table.TryAdd(key, 1);

        table.TryGetValue(probe, out _).Should().Be(found);
    }
}
