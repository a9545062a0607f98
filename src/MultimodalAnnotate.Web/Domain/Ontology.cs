using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Domain;

/// <summary>
/// A class of the project's ontology, shared by every modality. Classes form an is-a DAG through
/// <see cref="ParentLinks"/>; synonyms and lexical forms let text be matched to the class.
/// </summary>
public class OntologyClass
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ProjectId { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>Display colour (#rrggbb) used for this class in every pane.</summary>
    public string Colour { get; set; } = "#1976d2";
    public List<string> Synonyms { get; set; } = [];
    public List<string> Forms { get; set; } = [];

    /// <summary>Keyboard shortcut in the label picker (optional).</summary>
    public string? Hotkey { get; set; }
    public List<OntologyClassParent> ParentLinks { get; set; } = [];
}

/// <summary>An is-a edge: <see cref="ChildId"/> is-a <see cref="ParentId"/>.</summary>
public class OntologyClassParent
{
    public Guid ChildId { get; set; }
    public Guid ParentId { get; set; }
}

/// <summary>Two classes that can never denote the same thing (dog ⟂ cat).</summary>
public class OntologyDisjointness
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ProjectId { get; set; }
    public Guid ClassAId { get; set; }
    public Guid ClassBId { get; set; }
}

/// <summary>A typed attribute annotations may carry (enumeration, colour, text, number, boolean).</summary>
public class AttributeDefinitionEntity
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ProjectId { get; set; }
    public string Name { get; set; } = "";
    public AttributeKind Kind { get; set; }
    public List<string> Values { get; set; } = [];
}

/// <summary>One term of the project's colour taxonomy (navy → blue) with its sRGB value.</summary>
public class ColourTermEntity
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ProjectId { get; set; }
    public string Name { get; set; } = "";
    public string? Parent { get; set; }
    public string Rgb { get; set; } = "#000000";
}
