using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>A project file of the interchange format: the ontology and the validation policy.</summary>
public sealed record ProjectDocument(
    string Format,
    OntologyDefinition Ontology,
    ValidationPolicy? Policy = null,
    string? Name = null,
    string? Description = null);
