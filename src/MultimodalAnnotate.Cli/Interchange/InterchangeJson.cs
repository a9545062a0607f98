using System.Text.Json;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>
/// The native interchange format (docs/interchange-format.md): the model's <see cref="ModelJson"/> options
/// (camelCase members, enums as camelCase strings, <c>kind</c> discriminators, nulls left out) plus the
/// format identifier and the normalisation of what a file may leave out.
/// </summary>
public static class InterchangeJson
{
    /// <summary>The format identifier written in every interchange file.</summary>
    public const string FormatId = "multimodalannotate/v1";

    /// <summary>Read-only serializer options for the interchange format (thread-safe, reuse them).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(writeIndented: true);

    /// <summary>The same options writing one line per document (JSON Lines).</summary>
    public static JsonSerializerOptions CompactOptions { get; } = CreateOptions(writeIndented: false);

    // The model's own options (shared with the database and the REST API), only indented differently.
    private static JsonSerializerOptions CreateOptions(bool writeIndented)
    {
        var options = new JsonSerializerOptions(ModelJson.Options) { WriteIndented = writeIndented, IndentSize = 2 };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Serialises one item as an interchange item document (with the format identifier).</summary>
    public static string SerializeItem(ItemSnapshot item, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(item);
        var node = JsonSerializer.SerializeToNode(item, indented ? Options : CompactOptions)!.AsObject();
        var document = new System.Text.Json.Nodes.JsonObject { ["format"] = FormatId };
        foreach (var (name, value) in node.ToList())
        {
            node.Remove(name);
            document[name] = value;
        }
        return document.ToJsonString(indented ? Options : CompactOptions);
    }

    /// <summary>Reads one item document (already checked against the schema) into a complete snapshot.</summary>
    public static ItemSnapshot DeserializeItem(JsonElement element) =>
        Normalize(element.Deserialize<ItemSnapshot>(Options) ?? throw new JsonException("An item is null."));

    /// <summary>
    /// Fills in what a file may leave out (lists and maps default to empty). Deserialised records have
    /// nulls there because the records' members are required; this gives them their documented defaults.
    /// </summary>
    public static ItemSnapshot Normalize(ItemSnapshot item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item with
        {
            Assets = item.Assets ?? [],
            Annotations = (item.Annotations ?? []).Select(Normalize).ToList(),
            Entities = (item.Entities ?? []).Select(e => e with { Mentions = e.Mentions ?? [] }).ToList(),
            Relations = item.Relations ?? [],
        };
    }

    /// <inheritdoc cref="Normalize(ItemSnapshot)"/>
    public static OntologyDefinition Normalize(OntologyDefinition ontology)
    {
        ArgumentNullException.ThrowIfNull(ontology);
        return ontology with
        {
            Classes = (ontology.Classes ?? [])
                .Select(c => c with { Parents = c.Parents ?? [], Synonyms = c.Synonyms ?? [], Forms = c.Forms ?? [] })
                .ToList(),
            Disjoint = ontology.Disjoint ?? [],
            Attributes = (ontology.Attributes ?? []).Select(a => a with { Values = a.Values ?? [] }).ToList(),
            Colours = ontology.Colours ?? [],
        };
    }

    private static AnnotationSnapshot Normalize(AnnotationSnapshot annotation) =>
        annotation.Attributes is null
            ? annotation with { Attributes = AttributeDictionary.Empty }
            : annotation;
}
