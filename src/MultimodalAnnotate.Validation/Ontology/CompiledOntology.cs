using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>
/// An <see cref="OntologyDefinition"/> compiled once for fast, allocation-free queries: class ids by name or synonym
/// (case-insensitive), is-a ancestry over the DAG, disjointness inherited by descendants, the text lexicon and the
/// colour taxonomy. Immutable and thread-safe.
/// </summary>
public sealed class CompiledOntology
{
    private readonly FoldedTable _ids = new();
    private readonly string[] _names;
    private readonly BitRows _ancestors;
    private readonly BitRows _descendants;
    private readonly BitRows _disjoint;
    private readonly Dictionary<string, AttributeKind> _attributes = new(StringComparer.OrdinalIgnoreCase);

    private CompiledOntology(OntologyDefinition definition)
    {
        var classes = definition.Classes;
        var n = classes.Count;
        _names = new string[n];
        for (var i = 0; i < n; i++)
        {
            var name = classes[i].Name?.Trim() ?? string.Empty;
            if (name.Length == 0)
            {
                throw new ArgumentException($"Ontology class #{i} has no name.", nameof(definition));
            }

            if (!_ids.TryAdd(name, i))
            {
                throw new ArgumentException($"Ontology class '{name}' is defined twice.", nameof(definition));
            }

            _names[i] = name;
        }

        for (var i = 0; i < n; i++)
        {
            foreach (var synonym in classes[i].Synonyms ?? [])
            {
                var s = synonym.Trim();
                if (s.Length == 0)
                {
                    continue;
                }

                if (_ids.TryGetValue(s, out var other) && other != i)
                {
                    throw new ArgumentException(
                        $"Synonym '{s}' of class '{_names[i]}' already names class '{_names[other]}'.", nameof(definition));
                }

                _ids.TryAdd(s, i);
            }
        }

        var parents = new int[n][];
        for (var i = 0; i < n; i++)
        {
            var declared = classes[i].Parents ?? [];
            parents[i] = new int[declared.Count];
            for (var p = 0; p < declared.Count; p++)
            {
                if (!_ids.TryGetValue(declared[p].Trim(), out parents[i][p]))
                {
                    throw new ArgumentException(
                        $"Class '{_names[i]}' has unknown parent '{declared[p]}'.", nameof(definition));
                }
            }
        }

        _ancestors = new BitRows(n);
        var state = new byte[n];
        for (var i = 0; i < n; i++)
        {
            FillAncestors(i, parents, state, []);
        }

        _descendants = new BitRows(n);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (_ancestors.Get(i, j))
                {
                    _descendants.Set(j, i);
                }
            }
        }

        // Declared disjointness: A ⟂ B makes every descendant of A disjoint with every descendant of B.
        var declaredDisjoint = new BitRows(n);
        foreach (var pair in definition.Disjoint ?? [])
        {
            var a = Require(pair.A, "disjoint pair");
            var b = Require(pair.B, "disjoint pair");
            declaredDisjoint.OrInto(a, _descendants, b);
            declaredDisjoint.OrInto(b, _descendants, a);
        }

        _disjoint = new BitRows(n);
        for (var i = 0; i < n; i++)
        {
            for (var ancestor = 0; ancestor < n; ancestor++)
            {
                if (_ancestors.Get(i, ancestor))
                {
                    _disjoint.OrInto(i, declaredDisjoint, ancestor);
                }
            }

            if (_disjoint.Get(i, i))
            {
                throw new ArgumentException(
                    $"Class '{_names[i]}' descends from two classes declared disjoint.", nameof(definition));
            }
        }

        Lexicon = new Lexicon();
        for (var i = 0; i < n; i++)
        {
            Lexicon.Add(_names[i], i, TermNumber.Singular);
        }

        for (var i = 0; i < n; i++)
        {
            foreach (var synonym in classes[i].Synonyms ?? [])
            {
                Lexicon.Add(synonym, i, TermNumber.Singular);
            }
        }

        for (var i = 0; i < n; i++)
        {
            foreach (var form in classes[i].Forms ?? [])
            {
                Lexicon.Add(form, i, TermNumber.Unknown);
            }
        }

        for (var i = 0; i < n; i++)
        {
            Lexicon.AddRegularPlurals(_names[i], i);
            foreach (var synonym in classes[i].Synonyms ?? [])
            {
                Lexicon.AddRegularPlurals(synonym, i);
            }

            foreach (var form in classes[i].Forms ?? [])
            {
                Lexicon.AddRegularPlurals(form, i);
            }
        }

        foreach (var attribute in definition.Attributes ?? [])
        {
            _attributes[attribute.Name] = attribute.Kind;
        }

        Colours = new ColourTaxonomy(definition.Colours ?? []);
        Definition = definition;
    }

    /// <summary>The definition this was compiled from.</summary>
    public OntologyDefinition Definition { get; }

    /// <summary>Number of classes; class ids are 0 … <c>ClassCount - 1</c> in definition order.</summary>
    public int ClassCount => _names.Length;

    /// <summary>The compiled colour taxonomy.</summary>
    public ColourTaxonomy Colours { get; }

    internal Lexicon Lexicon { get; }

    /// <summary>
    /// Compiles an ontology. Throws <see cref="ArgumentException"/> with the offending class named when the definition
    /// is inconsistent: duplicate class, ambiguous synonym, unknown parent, is-a cycle, a class below two disjoint
    /// classes, or a bad colour term.
    /// </summary>
    public static CompiledOntology Compile(OntologyDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new CompiledOntology(definition);
    }

    /// <summary>The canonical name of a class id.</summary>
    public string NameOf(int classId) => _names[classId];

    /// <summary>Finds a class by its name or a synonym (case-insensitive, surrounding spaces ignored).</summary>
    public bool TryGetClass(ReadOnlySpan<char> nameOrSynonym, out int classId) =>
        _ids.TryGetValue(nameOrSynonym.Trim(), out classId);

    /// <summary>The kind of a declared attribute, or null when the ontology does not declare it.</summary>
    public AttributeKind? AttributeKindOf(string attribute) =>
        _attributes.TryGetValue(attribute, out var kind) ? kind : null;

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="classId"/> or one of its is-a ancestors.</summary>
    public bool IsAncestorOrSelf(int ancestor, int classId) => _ancestors.Get(classId, ancestor);

    /// <summary>The class and its is-a ancestors as a bit set over class ids (bit i of word i / 64).</summary>
    internal ReadOnlySpan<ulong> AncestorsOrSelf(int classId) => _ancestors.ReadRow(classId);

    /// <summary>The class and its is-a descendants as a bit set over class ids (bit i of word i / 64).</summary>
    internal ReadOnlySpan<ulong> DescendantsOrSelf(int classId) => _descendants.ReadRow(classId);

    /// <summary>How class <paramref name="a"/> relates to class <paramref name="b"/>.</summary>
    public ClassRelation Relate(int a, int b)
    {
        if (a == b)
        {
            return ClassRelation.Same;
        }

        if (_ancestors.Get(b, a))
        {
            return ClassRelation.Ancestor;
        }

        if (_ancestors.Get(a, b))
        {
            return ClassRelation.Descendant;
        }

        if (_disjoint.Get(a, b))
        {
            return ClassRelation.Disjoint;
        }

        return _descendants.Intersects(a, _descendants, b) ? ClassRelation.Overlapping : ClassRelation.Unrelated;
    }

    /// <summary>
    /// The nearest common ancestor of two classes (the common ancestor with the most ancestors of its own), or -1 when
    /// they are in different trees. A class counts as its own ancestor.
    /// </summary>
    public int CommonAncestor(int a, int b)
    {
        var best = -1;
        var bestDepth = -1;
        var rowA = _ancestors.ReadRow(a);
        var rowB = _ancestors.ReadRow(b);
        for (var w = 0; w < rowA.Length; w++)
        {
            var common = rowA[w] & rowB[w];
            while (common != 0)
            {
                var bit = System.Numerics.BitOperations.TrailingZeroCount(common);
                common &= common - 1;
                var c = (w << 6) + bit;
                var depth = 0;
                foreach (var word in _ancestors.ReadRow(c))
                {
                    depth += System.Numerics.BitOperations.PopCount(word);
                }

                if (depth > bestDepth)
                {
                    (best, bestDepth) = (c, depth);
                }
            }
        }

        return best;
    }

    /// <summary>How two labels relate, or null when either is not a class of this ontology.</summary>
    public ClassRelation? Relate(string a, string b) =>
        TryGetClass(a, out var x) && TryGetClass(b, out var y) ? Relate(x, y) : null;

    private int Require(string name, string where) =>
        _ids.TryGetValue(name.Trim(), out var id)
            ? id
            : throw new ArgumentException($"Unknown class '{name}' in {where}.");

    private void FillAncestors(int c, int[][] parents, byte[] state, List<int> path)
    {
        if (state[c] == 2)
        {
            return;
        }

        if (state[c] == 1)
        {
            var start = path.IndexOf(c);
            var cycle = string.Join(" → ", path.Skip(start).Append(c).Select(i => _names[i]));
            throw new ArgumentException($"The is-a hierarchy has a cycle: {cycle}.");
        }

        state[c] = 1;
        path.Add(c);
        _ancestors.Set(c, c);
        foreach (var p in parents[c])
        {
            FillAncestors(p, parents, state, path);
            _ancestors.OrInto(c, _ancestors, p);
        }

        path.RemoveAt(path.Count - 1);
        state[c] = 2;
    }
}
