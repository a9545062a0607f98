namespace MultimodalAnnotate.Validation.Model;

/// <summary>
/// One ontology class. <paramref name="Parents"/> are is-a parents (a DAG); <paramref name="Synonyms"/> are
/// other names meaning the same class (e.g. "cattle" for "cow"); <paramref name="Forms"/> are extra lexical
/// forms (irregular plurals, diminutives, multi-word terms) used to find the class in text.
/// </summary>
public sealed record OntologyClassDefinition(
    string Name,
    IReadOnlyList<string> Parents,
    IReadOnlyList<string> Synonyms,
    IReadOnlyList<string> Forms);

/// <summary>The kinds of typed attribute.</summary>
public enum AttributeKind
{
    /// <summary>One value of a fixed list.</summary>
    Enumeration,
    /// <summary>A colour term from the colour taxonomy.</summary>
    Colour,
    /// <summary>Free text.</summary>
    Text,
    /// <summary>A number.</summary>
    Number,
    /// <summary>True or false.</summary>
    Boolean,
}

/// <summary>A typed attribute that annotations may carry; <paramref name="Values"/> lists an enumeration's values.</summary>
public sealed record AttributeDefinition(string Name, AttributeKind Kind, IReadOnlyList<string> Values);

/// <summary>
/// One colour term: a name, its parent term in the colour taxonomy (<c>navy</c> → <c>blue</c>), and its
/// sRGB value as <c>#rrggbb</c> for perceptual distance.
/// </summary>
public sealed record ColourTerm(string Name, string? Parent, string Rgb);

/// <summary>Two classes that can never denote the same thing (<c>dog</c> ⟂ <c>cat</c>); disjointness is inherited by descendants.</summary>
public sealed record DisjointPair(string A, string B);

/// <summary>The project's ontology: classes, disjoint pairs, attributes and the colour taxonomy.</summary>
public sealed record OntologyDefinition(
    IReadOnlyList<OntologyClassDefinition> Classes,
    IReadOnlyList<DisjointPair> Disjoint,
    IReadOnlyList<AttributeDefinition> Attributes,
    IReadOnlyList<ColourTerm> Colours)
{
    /// <summary>An empty ontology.</summary>
    public static OntologyDefinition Empty { get; } = new([], [], [], []);
}
