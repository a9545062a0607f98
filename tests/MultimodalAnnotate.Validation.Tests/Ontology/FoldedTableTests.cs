using CsCheck;
using MultimodalAnnotate.Validation.Ontology;

namespace MultimodalAnnotate.Validation.Tests.Ontology;

/// <summary>The lexicon's case-insensitive table must answer exactly as an ordinal ignore-case dictionary does.</summary>
public sealed class FoldedTableTests
{
    // ASCII letters, digits and the punctuation pairs one case bit apart (@ `, [ {), plus letters whose case rules are not ASCII's.
    private static readonly Gen<string> Words = Gen.Char["aAzZkK09@`[{_-éÉßıIİK"].Array[1, 6].Select(c => new string(c));

    // Names of up to 20 characters (around the packed table's 8- and 16-character limits), with spaces, NUL and the
    // same case-rule letters.
    private static readonly Gen<string> Names = Gen.Char["aAbBsS 9\0@`ſıIK"].Array[1, 20].Select(c => new string(c));

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

    [Fact]
    public void NameLookups_AgreeWithAnOrdinalIgnoreCaseDictionary_AcrossThePackedLengths()
    {
        Gen.Select(Names.Array[1, 30], Names.Array[1, 30], Gen.Int[0, 1000]).Sample((keys, probes, newValue) =>
        {
            var table = new FoldedTable();
            var reference = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < keys.Length; i++)
            {
                table.TryAdd(keys[i], i).Should().Be(reference.TryAdd(keys[i], i), $"adding '{keys[i]}'");
            }

            // Set changes a present key's value (in both tables) and adds a missing one.
            foreach (var key in new[] { keys[0].ToUpperInvariant(), probes[0] })
            {
                table.Set(key, newValue);
                if (!reference.TryAdd(key, newValue))
                {
                    reference[key] = newValue;
                }
            }

            foreach (var probe in probes.Concat(keys).Concat(keys.Select(k => k.ToLowerInvariant())))
            {
                var found = table.TryGetValue(probe, out var value);
                found.Should().Be(reference.TryGetValue(probe, out var expected), $"looking up '{probe}'");
                if (found)
                {
                    value.Should().Be(expected, $"the value of '{probe}'");
                }

                table.TryGetValue(probe, FoldedTable.Hash(probe), out var hashed).Should().Be(found, $"the hashed lookup of '{probe}'");
                if (found)
                {
                    hashed.Should().Be(value);
                }
            }
        }, iter: 3000);
    }

    /// <summary>
    /// Why a short ASCII key may be answered by the packed table alone: ordinal ignore-case equates no character
    /// outside ASCII with one inside (ſ and ı upper-case to S and I, yet are not equal to them), checked for every
    /// UTF-16 code unit.
    /// </summary>
    [Fact]
    public void NoNonAsciiCharacter_EqualsAnAsciiOne_IgnoringCase()
    {
        var equal = new List<string>();
        for (var c = 128; c <= char.MaxValue; c++)
        {
            var other = ((char)c).ToString();
            for (var a = 1; a < 128; a++)
            {
                if (string.Equals(other, ((char)a).ToString(), StringComparison.OrdinalIgnoreCase))
                {
                    equal.Add($"U+{c:X4} = '{(char)a}'");
                }
            }
        }

        equal.Should().BeEmpty();
        string.Equals("ſun", "SUN", StringComparison.OrdinalIgnoreCase).Should().BeFalse("the case the check is about");
    }

    [Theory]
    [InlineData("car", "CAR", true)]
    [InlineData("police car", "POLICE CAR", true)]
    [InlineData("sixteen chars ok", "SIXTEEN CHARS OK", true)]
    [InlineData("@", "`", false)]
    [InlineData("[", "{", false)]
    [InlineData("ab", "ab ", false)]
    [InlineData("abcdefgh", "abcdefghi", false)]
    public void Packs_FoldLettersOnly(string a, string b, bool equal)
    {
        FoldedTable.TryPack(a, out var lowA, out var highA).Should().BeTrue();
        FoldedTable.TryPack(b, out var lowB, out var highB).Should().BeTrue();
        (lowA == lowB && highA == highB).Should().Be(equal);
    }

    [Fact]
    public void KeysOutsideThePackedRange_AreNotPacked()
    {
        foreach (var key in new[] { "", "seventeen chars x", "café", "a\0b", "ſun", "ı" })
        {
            FoldedTable.TryPack(key, out _, out _).Should().BeFalse($"'{key}' is not packed");
        }
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
