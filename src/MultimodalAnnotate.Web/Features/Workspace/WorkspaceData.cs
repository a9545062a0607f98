using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Features.Items;

namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>A class of the project's ontology as the label picker offers it.</summary>
public sealed record WorkspaceLabel(Guid Id, string Name, string Colour, string? Hotkey, IReadOnlyList<string> Synonyms);

/// <summary>An attribute the project's annotations may carry.</summary>
public sealed record WorkspaceAttribute(string Name, AttributeKind Kind, IReadOnlyList<string> Values);

/// <summary>Everything the workspace shows for one item, loaded once and refreshed after every save.</summary>
public sealed record WorkspaceData(
    ItemQueries.ItemDetail Item,
    IReadOnlyList<WorkspaceLabel> Labels,
    IReadOnlyList<WorkspaceAttribute> Attributes,
    IReadOnlyList<string> Colours,
    Guid? NextItemId,
    bool CanEdit);
