using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>
/// An item with where it came from: the file as named on the command line, the JSON path of the item in it
/// (<c>$</c>, <c>$[2]</c>, <c>$.items[2]</c>) and, for JSON Lines, the line.
/// </summary>
public sealed record SourcedItem(ItemSnapshot Item, string File, string RootPath, int? Line = null)
{
    /// <summary>A short name for tables: <c>items.json</c>, <c>items.json[2]</c>, <c>items.jsonl:4</c>.</summary>
    public string DisplayName => Line is { } line
        ? $"{File}:{line.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
        : RootPath == "$" ? File : File + RootPath[RootPath.LastIndexOf('[')..];

    /// <summary>Where the item is inside its file: <c>$[2]</c> or <c>line 4</c>.</summary>
    public string Location => Line is { } line
        ? $"line {line.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
        : RootPath;

    /// <summary>An input error at <paramref name="path"/> (a path starting with this item's root path).</summary>
    public InputError Error(InputErrorKind kind, string path, string message) =>
        InputError.At(kind, File, Line, path, message);
}
