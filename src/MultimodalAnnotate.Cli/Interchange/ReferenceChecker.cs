using System.Globalization;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>
/// Semantic input checks the engine takes for granted: ids unique within an item and item ids unique across
/// the input, annotations on existing assets, entity mentions and relation ends that exist, labels that are
/// ontology classes.
/// </summary>
internal static class ReferenceChecker
{
    /// <summary>The problems of one item; <paramref name="labels"/> is null when the ontology is unknown.</summary>
    public static IReadOnlyList<InputError> Check(SourcedItem source, LabelIndex? labels)
    {
        var item = source.Item;
        var root = source.RootPath;
        var errors = new List<InputError>();
        var ids = new Dictionary<Guid, string>();
        void Fail(string path, string message) => errors.Add(source.Error(InputErrorKind.Semantic, path, message));
        void Unique(Guid id, string path)
        {
            if (!ids.TryAdd(id, path))
            {
                Fail(path, $"duplicate id \"{Show(id)}\" (also {ids[id]})");
            }
        }

        var assets = new HashSet<Guid>();
        for (var i = 0; i < item.Assets.Count; i++)
        {
            Unique(item.Assets[i].Id, IdPath(root, "assets", i));
            assets.Add(item.Assets[i].Id);
        }
        var annotations = new HashSet<Guid>();
        for (var i = 0; i < item.Annotations.Count; i++)
        {
            var annotation = item.Annotations[i];
            var path = JsonPath.Index(JsonPath.Property(root, "annotations"), i);
            Unique(annotation.Id, JsonPath.Property(path, "id"));
            annotations.Add(annotation.Id);
            if (!assets.Contains(annotation.AssetId))
            {
                Fail(JsonPath.Property(path, "assetId"), $"asset \"{Show(annotation.AssetId)}\" does not exist in this item");
            }
            if (labels?.Problem(annotation.Label) is { } problem)
            {
                Fail(JsonPath.Property(path, "label"), problem);
            }
        }
        var mentionedBy = new Dictionary<Guid, string>();
        for (var i = 0; i < item.Entities.Count; i++)
        {
            var entity = item.Entities[i];
            var path = JsonPath.Index(JsonPath.Property(root, "entities"), i);
            Unique(entity.Id, JsonPath.Property(path, "id"));
            for (var j = 0; j < entity.Mentions.Count; j++)
            {
                var mention = entity.Mentions[j];
                var mentionPath = JsonPath.Index(JsonPath.Property(path, "mentions"), j);
                if (!annotations.Contains(mention))
                {
                    Fail(mentionPath, $"annotation \"{Show(mention)}\" does not exist in this item");
                }
                else if (!mentionedBy.TryAdd(mention, mentionPath))
                {
                    Fail(mentionPath, $"annotation \"{Show(mention)}\" is already a mention at {mentionedBy[mention]} "
                        + "(an annotation denotes one entity)");
                }
            }
        }
        for (var i = 0; i < item.Relations.Count; i++)
        {
            var relation = item.Relations[i];
            var path = JsonPath.Index(JsonPath.Property(root, "relations"), i);
            Unique(relation.Id, JsonPath.Property(path, "id"));
            foreach (var (end, member) in new[] { (relation.FromAnnotationId, "fromAnnotationId"), (relation.ToAnnotationId, "toAnnotationId") })
            {
                if (!annotations.Contains(end))
                {
                    Fail(JsonPath.Property(path, member), $"annotation \"{Show(end)}\" does not exist in this item");
                }
            }
        }
        return errors;
    }

    /// <summary>Item ids must be unique across all the input.</summary>
    public static IReadOnlyList<InputError> CheckItemIds(IEnumerable<SourcedItem> items)
    {
        var seen = new Dictionary<Guid, SourcedItem>();
        var errors = new List<InputError>();
        foreach (var source in items)
        {
            if (!seen.TryAdd(source.Item.Id, source))
            {
                var first = seen[source.Item.Id];
                errors.Add(source.Error(InputErrorKind.Semantic, JsonPath.Property(source.RootPath, "id"),
                    $"duplicate item id \"{Show(source.Item.Id)}\" (also {first.File} {first.Location})"));
            }
        }
        return errors;
    }

    private static string IdPath(string root, string list, int index) =>
        JsonPath.Property(JsonPath.Index(JsonPath.Property(root, list), index), "id");

    private static string Show(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);
}
