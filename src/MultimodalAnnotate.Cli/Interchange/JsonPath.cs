using System.Globalization;
using System.Text.Json;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>Builds the JSON paths used in error messages, e.g. <c>$.annotations[3].label</c>.</summary>
internal static class JsonPath
{
    /// <summary>The path of a member of the object at <paramref name="path"/>.</summary>
    public static string Property(string path, string name) =>
        IsIdentifier(name) ? $"{path}.{name}" : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    /// <summary>The path of an element of the array at <paramref name="path"/>.</summary>
    public static string Index(string path, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    /// <summary>
    /// Turns a JSON Pointer (<c>/annotations/3/label</c>) into a path below <paramref name="rootPath"/>,
    /// walking <paramref name="root"/> so that numeric object member names are not taken for indexes.
    /// </summary>
    public static string FromPointer(string rootPath, string pointer, JsonElement root)
    {
        if (pointer.Length == 0)
        {
            return rootPath;
        }
        var path = rootPath;
        var current = (JsonElement?)root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current is { ValueKind: JsonValueKind.Array } array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                path = Index(path, index);
                current = index < array.GetArrayLength() ? array[index] : null;
            }
            else
            {
                path = Property(path, segment);
                current = current is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(segment, out var member)
                    ? member
                    : null;
            }
        }
        return path;
    }

    private static bool IsIdentifier(string name) =>
        name.Length > 0
        && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
}
