using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>Which labels an ontology allows (class names) and what a wrong label probably meant.</summary>
internal sealed class LabelIndex
{
    private readonly HashSet<string> _classes;
    private readonly Dictionary<string, string> _otherNames = new(StringComparer.OrdinalIgnoreCase);

    public LabelIndex(OntologyDefinition ontology)
    {
        _classes = ontology.Classes.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var definition in ontology.Classes)
        {
            foreach (var other in definition.Synonyms.Concat(definition.Forms))
            {
                _otherNames.TryAdd(other, definition.Name);
            }
        }
    }

    /// <summary>Null when <paramref name="label"/> is a class name, otherwise the message saying what is wrong.</summary>
    public string? Problem(string label)
    {
        if (_classes.Contains(label))
        {
            return null;
        }
        if (_otherNames.TryGetValue(label, out var owner))
        {
            return $"label \"{label}\" is not a class name (it is another name of \"{owner}\"; did you mean \"{owner}\"?)";
        }
        return Suggestions.Closest(label, _classes) is { } best
            ? $"unknown label \"{label}\" (not in the ontology; did you mean \"{best}\"?)"
            : $"unknown label \"{label}\" (not in the ontology)";
    }
}
