using System.Text.Json;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>
/// Reads item files and folders: a single item object, a JSON array of items, a collection
/// <c>{"format", "items": [...]}</c>, or JSON Lines (<c>.jsonl</c>/<c>.ndjson</c>, one item per line).
/// Each item is checked against the schema and its <c>contentFile</c> references are read.
/// </summary>
internal static class ItemReader
{
    private static readonly string[] ItemExtensions = [".json", ".jsonl", ".ndjson"];

    private sealed record InputFile(string Path, string Display);

    private sealed record Unit(JsonElement Element, InputFile File, string RootPath, int? Line);

    private sealed record Loaded(SourcedItem? Item, IReadOnlyList<InputError> Errors);

    public static async Task<IReadOnlyList<SourcedItem>> ReadAsync(
        IReadOnlyList<string> inputs, string? projectPath, List<InputError> errors, CancellationToken ct)
    {
        var files = Expand(inputs, projectPath, errors);
        var documents = new List<JsonDocument>();
        try
        {
            var units = new List<Unit>();
            foreach (var file in files)
            {
                var bytes = await JsonInput.ReadAsync(file.Path, file.Display, errors, ct);
                if (bytes is null)
                {
                    continue;
                }
                if (IsJsonLines(file.Path))
                {
                    SplitLines(bytes, file, documents, units, errors);
                }
                else if (JsonInput.Parse(bytes, file.Display, null, errors) is { } document)
                {
                    documents.Add(document);
                    SplitDocument(document.RootElement, file, units, errors);
                }
            }
            var loaded = units.AsParallel().AsOrdered().WithCancellation(ct).Select(Load).ToList();
            errors.AddRange(loaded.SelectMany(l => l.Errors));
            return loaded.Where(l => l.Item is not null).Select(l => l.Item!).ToList();
        }
        finally
        {
            documents.ForEach(d => d.Dispose());
        }
    }

    private static List<InputFile> Expand(IReadOnlyList<string> inputs, string? projectPath, List<InputError> errors)
    {
        var project = projectPath is null ? null : Path.GetFullPath(projectPath);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = new List<InputFile>();
        foreach (var input in inputs)
        {
            if (File.Exists(input))
            {
                if (seen.Add(Path.GetFullPath(input)))
                {
                    files.Add(new(input, input));
                }
            }
            else if (Directory.Exists(input))
            {
                var found = Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories)
                    .Where(f => ItemExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Where(f => !string.Equals(Path.GetFullPath(f), project, StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    errors.Add(new(InputErrorKind.NotFound, input, null, "folder holds no .json or .jsonl item files"));
                }
                files.AddRange(found.Where(f => seen.Add(Path.GetFullPath(f))).Select(f => new InputFile(f, f)));
            }
            else
            {
                errors.Add(new(InputErrorKind.NotFound, input, null, "file or folder not found"));
            }
        }
        return files;
    }

    private static bool IsJsonLines(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    private static void SplitLines(byte[] bytes, InputFile file, List<JsonDocument> documents, List<Unit> units, List<InputError> errors)
    {
        var memory = bytes.AsMemory();
        var lineNumber = 0;
        while (!memory.IsEmpty)
        {
            lineNumber++;
            var end = memory.Span.IndexOf((byte)'\n');
            var line = end < 0 ? memory : memory[..end];
            memory = end < 0 ? Memory<byte>.Empty : memory[(end + 1)..];
            if (line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }
            if (JsonInput.Parse(line, file.Display, lineNumber, errors) is { } document)
            {
                documents.Add(document);
                units.Add(new(document.RootElement, file, "$", lineNumber));
            }
        }
    }

    private static void SplitDocument(JsonElement root, InputFile file, List<Unit> units, List<InputError> errors)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                var index = 0;
                foreach (var element in root.EnumerateArray())
                {
                    units.Add(new(element, file, JsonPath.Index("$", index++), null));
                }
                break;
            case JsonValueKind.Object when root.TryGetProperty("items", out var items):
                var wrapperErrors = CheckCollection(root, file);
                errors.AddRange(wrapperErrors);
                if (wrapperErrors.Count == 0)
                {
                    index = 0;
                    foreach (var element in items.EnumerateArray())
                    {
                        units.Add(new(element, file, JsonPath.Index("$.items", index++), null));
                    }
                }
                break;
            case JsonValueKind.Object:
                units.Add(new(root, file, "$", null));
                break;
            default:
                errors.Add(new(InputErrorKind.Schema, file.Display, "$",
                    "expected an item object, an array of items, or {\"format\": \"" + InterchangeJson.FormatId + "\", \"items\": [...]}"));
                break;
        }
    }

    private static List<InputError> CheckCollection(JsonElement root, InputFile file)
    {
        var errors = new List<InputError>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("$schema" or "format" or "items"))
            {
                errors.Add(new(InputErrorKind.Schema, file.Display, JsonPath.Property("$", property.Name),
                    $"unknown property \"{property.Name}\" (an item collection holds only \"format\" and \"items\")"));
            }
        }
        if (!root.TryGetProperty("format", out var format))
        {
            errors.Add(new(InputErrorKind.Schema, file.Display, "$", "missing required property \"format\""));
        }
        else if (format.ValueKind != JsonValueKind.String || format.GetString() != InterchangeJson.FormatId)
        {
            errors.Add(new(InputErrorKind.Schema, file.Display, "$.format",
                $"expected \"{InterchangeJson.FormatId}\", found {format.GetRawText()}"));
        }
        if (root.GetProperty("items").ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(InputErrorKind.Schema, file.Display, "$.items", "expected an array of items"));
        }
        return errors;
    }

    private static Loaded Load(Unit unit)
    {
        var violations = InterchangeSchema.Item.Check(unit.Element, unit.RootPath);
        if (violations.Count > 0)
        {
            return new(null, violations
                .Select(v => InputError.At(InputErrorKind.Schema, unit.File.Display, unit.Line, v.Path, v.Message))
                .ToList());
        }
        ItemSnapshot item;
        try
        {
            item = InterchangeJson.DeserializeItem(unit.Element);
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 0 } p ? unit.RootPath + p[1..] : unit.RootPath;
            return new(null, [InputError.At(InputErrorKind.Schema, unit.File.Display, unit.Line, path, e.Message)]);
        }
        var errors = new List<InputError>();
        item = ReadContentFiles(item, unit, errors);
        return new(errors.Count == 0 ? new SourcedItem(item, unit.File.Display, unit.RootPath, unit.Line) : null, errors);
    }

    private static ItemSnapshot ReadContentFiles(ItemSnapshot item, Unit unit, List<InputError> errors)
    {
        var assets = unit.Element.GetProperty("assets");
        var changed = item.Assets.ToArray();
        for (var i = 0; i < changed.Length; i++)
        {
            if (!assets[i].TryGetProperty("contentFile", out var reference))
            {
                continue;
            }
            var relative = reference.GetString()!;
            var folder = Path.GetDirectoryName(Path.GetFullPath(unit.File.Path))!;
            var full = Path.GetFullPath(Path.Combine(folder, relative));
            var path = JsonPath.Property(JsonPath.Index(JsonPath.Property(unit.RootPath, "assets"), i), "contentFile");
            try
            {
                changed[i] = changed[i] with { Content = File.ReadAllText(full) };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                var reason = e is FileNotFoundException or DirectoryNotFoundException ? "not found" : $"cannot be read ({e.Message})";
                errors.Add(InputError.At(InputErrorKind.NotFound, unit.File.Display, unit.Line, path,
                    $"content file \"{relative}\" {reason} (looked for {full})"));
            }
        }
        return item with { Assets = changed };
    }
}
