using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation;

/// <summary>placeholder ItemValidator (replaced at merge)</summary>
public sealed class ItemValidator
{
    /// <summary>Compiles the ontology and policy once.</summary>
    public ItemValidator(OntologyDefinition ontology, ValidationPolicy policy)
    {
        Ontology = ontology;
        Policy = policy;
    }

    /// <summary>The ontology.</summary>
    public OntologyDefinition Ontology { get; }

    /// <summary>The policy.</summary>
    public ValidationPolicy Policy { get; }

    /// <summary>Validates one item.</summary>
    public IReadOnlyList<Finding> Validate(ItemSnapshot item) => Policy is null ? throw new InvalidOperationException(item.Id.ToString()) : [];
}
