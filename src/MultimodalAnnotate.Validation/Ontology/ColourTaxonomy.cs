using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>How two colour values compare.</summary>
public enum ColourVerdict
{
    /// <summary>Same colour, a shade of the other (<c>navy</c> vs <c>blue</c>), or perceptually indistinguishable.</summary>
    Agree,
    /// <summary>Related or neighbouring colours (<c>teal</c> vs <c>blue</c>): worth a look.</summary>
    Near,
    /// <summary>Different colours (<c>red</c> vs <c>blue</c>).</summary>
    Conflict,
    /// <summary>At least one value is neither a known colour term nor <c>#rrggbb</c>.</summary>
    Unknown,
}

/// <summary>The result of comparing two colour values: the verdict, the perceptual distance (if known) and how they relate in the taxonomy.</summary>
public readonly record struct ColourComparison(ColourVerdict Verdict, double? Distance, string Reason);

/// <summary>
/// The compiled colour taxonomy: terms with parents (<c>navy</c> is a shade of <c>blue</c>) and Lab values. Two values
/// agree when equal, when one is a shade (descendant) of the other, or when they are perceptually closer than
/// <see cref="ValidationPolicy.ColourSameMaxDistance"/>; shades of one common colour are at worst near; other pairs are
/// near below <see cref="ValidationPolicy.ColourErrorMinDistance"/> and a conflict from there on.
/// </summary>
public sealed class ColourTaxonomy
{
    private readonly FoldedTable _ids = new();
    private readonly string[] _names;
    private readonly LabColour[] _lab;
    private readonly BitRows _ancestors;

    // Distances between terms, per formula, filled on first use (NaN: not computed yet); only for taxonomies of at most
    // MaxCachedTerms terms. Racing threads compute the same value, and a double is written whole.
    private const int MaxCachedTerms = 128;
    private readonly double[]?[] _termDistances = new double[]?[2];

    /// <summary>Compiles the colour terms; throws <see cref="ArgumentException"/> naming a bad term (bad <c>#rrggbb</c>, unknown parent, cycle, duplicate).</summary>
    public ColourTaxonomy(IReadOnlyList<ColourTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        _names = new string[terms.Count];
        _lab = new LabColour[terms.Count];
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (!_ids.TryAdd(term.Name.Trim(), i))
            {
                throw new ArgumentException($"Colour term '{term.Name}' is defined twice.", nameof(terms));
            }

            if (!ColourScience.TryParseHex(term.Rgb, out _lab[i]))
            {
                throw new ArgumentException($"Colour term '{term.Name}' has rgb '{term.Rgb}', expected #rrggbb.", nameof(terms));
            }

            _names[i] = term.Name.Trim();
        }

        var parent = new int[terms.Count];
        for (var i = 0; i < terms.Count; i++)
        {
            var p = terms[i].Parent;
            if (string.IsNullOrWhiteSpace(p))
            {
                parent[i] = -1;
            }
            else if (!_ids.TryGetValue(p.Trim(), out parent[i]))
            {
                throw new ArgumentException($"Colour term '{terms[i].Name}' has unknown parent '{p}'.", nameof(terms));
            }
        }

        _ancestors = new BitRows(terms.Count);
        for (var i = 0; i < terms.Count; i++)
        {
            var steps = 0;
            for (var c = i; c >= 0; c = parent[c])
            {
                if (steps++ > terms.Count)
                {
                    throw new ArgumentException($"Colour term '{terms[i].Name}' is part of a parent cycle.", nameof(terms));
                }

                _ancestors.Set(i, c);
            }
        }
    }

    /// <summary>Number of colour terms.</summary>
    public int Count => _names.Length;

    /// <summary>Resolves a colour value: a known term, or a literal <c>#rrggbb</c> with its <c>#</c> (term id -1).</summary>
    public bool TryResolve(ReadOnlySpan<char> value, out int termId, out LabColour lab)
    {
        if (_ids.TryGetValue(value.Trim(), out termId))
        {
            lab = _lab[termId];
            return true;
        }

        // A literal colour needs its '#': six hex letters are also a word ("facade", "decade"), which is no colour.
        termId = -1;
        lab = default;
        return value.Trim() is ['#', ..] literal && ColourScience.TryParseHex(literal, out lab);
    }

    /// <summary>True when term <paramref name="term"/> is <paramref name="of"/> or one of its shades (descendants).</summary>
    internal bool IsShadeOrSelf(int term, int of) => term == of || _ancestors.Get(term, of);

    /// <summary>
    /// The next colour term named in <paramref name="text"/> from <paramref name="position"/> on, word by word (a two-word
    /// term such as "sky blue" before its single words); -1 when there is none. <paramref name="position"/> moves past it.
    /// </summary>
    internal int NextNamed(ReadOnlySpan<char> text, ref int position)
    {
        while (Tokenizer.Next(text, ref position, out var start, out var length, out _))
        {
            var ahead = position;
            if (Tokenizer.Next(text, ref ahead, out var start2, out var length2, out _) && start2 == start + length + 1 && text[start + length] == ' ' &&
                _ids.TryGetValue(text[start..(start2 + length2)], out var twoWords))
            {
                position = ahead;
                return twoWords;
            }

            if (_ids.TryGetValue(text.Slice(start, length), out var single))
            {
                return single;
            }
        }

        return -1;
    }

    /// <summary>The name of a term, as the taxonomy spells it.</summary>
    internal string NameOf(int termId) => _names[termId];

    /// <summary>The Lab value of a term.</summary>
    internal LabColour LabOf(int termId) => _lab[termId];

    /// <summary>Finds a colour term by name only (no <c>#rrggbb</c>), e.g. a colour word in a text.</summary>
    public bool TryGetTerm(ReadOnlySpan<char> name, out string term)
    {
        if (_ids.TryGetValue(name, out var id))
        {
            term = _names[id];
            return true;
        }

        term = string.Empty;
        return false;
    }

    /// <summary>Compares two colour values under the policy's thresholds and formula.</summary>
    public ColourComparison Compare(string first, string second, ValidationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!TryResolve(first, out var a, out var labA) || !TryResolve(second, out var b, out var labB))
        {
            return new ColourComparison(ColourVerdict.Unknown, null, "unknown colour");
        }

        return Compare(a, labA, b, labB, policy);
    }

    /// <summary>Compares two resolved colour values (term id, or -1 for a literal #rrggbb, with its Lab value).</summary>
    internal ColourComparison Compare(int a, LabColour labA, int b, LabColour labB, ValidationPolicy policy)
    {
        if (a >= 0 && a == b)
        {
            return new ColourComparison(ColourVerdict.Agree, 0, "same colour");
        }

        var distance = a >= 0 && b >= 0 ? TermDistance(a, b, policy.ColourDistance) : ColourScience.Distance(labA, labB, policy.ColourDistance);
        if (a >= 0 && b >= 0)
        {
            if (_ancestors.Get(b, a) || _ancestors.Get(a, b))
            {
                var (shade, of) = _ancestors.Get(b, a) ? (b, a) : (a, b);
                return new ColourComparison(ColourVerdict.Agree, distance, $"{_names[shade]} is a shade of {_names[of]}");
            }

            if (distance <= policy.ColourSameMaxDistance)
            {
                return new ColourComparison(ColourVerdict.Agree, distance, "perceptually the same");
            }

            if (_ancestors.Intersects(a, _ancestors, b))
            {
                return new ColourComparison(ColourVerdict.Near, distance, "both are shades of " + CommonAncestor(a, b));
            }
        }
        else if (distance <= policy.ColourSameMaxDistance)
        {
            return new ColourComparison(ColourVerdict.Agree, distance, "perceptually the same");
        }

        return distance < policy.ColourErrorMinDistance
            ? new ColourComparison(ColourVerdict.Near, distance, "neighbouring colours")
            : new ColourComparison(ColourVerdict.Conflict, distance, "different colours");
    }

    /// <summary>The perceptual distance between two terms (their Lab values), computed once per pair and formula.</summary>
    internal double TermDistance(int a, int b, ColourDistanceFormula formula)
    {
        var n = _names.Length;
        if (n > MaxCachedTerms)
        {
            return ColourScience.Distance(_lab[a], _lab[b], formula);
        }

        ref var slot = ref _termDistances[formula == ColourDistanceFormula.Cie76 ? 1 : 0];
        var table = Volatile.Read(ref slot);
        if (table is null)
        {
            var fresh = new double[n * n];
            Array.Fill(fresh, double.NaN);
            table = Interlocked.CompareExchange(ref slot, fresh, null) ?? fresh;
        }

        var distance = table[(a * n) + b];
        if (double.IsNaN(distance))
        {
            distance = ColourScience.Distance(_lab[a], _lab[b], formula);
            table[(a * n) + b] = distance;
        }

        return distance;
    }

    private string CommonAncestor(int a, int b)
    {
        // The nearest common ancestor: the common one with the most ancestors of its own.
        var best = -1;
        var bestDepth = -1;
        for (var c = 0; c < _names.Length; c++)
        {
            if (_ancestors.Get(a, c) && _ancestors.Get(b, c))
            {
                var depth = 0;
                for (var d = 0; d < _names.Length; d++)
                {
                    depth += _ancestors.Get(c, d) ? 1 : 0;
                }

                if (depth > bestDepth)
                {
                    (best, bestDepth) = (c, depth);
                }
            }
        }

        return best >= 0 ? _names[best] : string.Empty;
    }
}
