using System.Globalization;
using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>One problem at one place in a JSON document: a JSON path and a message in plain words.</summary>
internal sealed record PathProblem(string Path, string Message);

/// <summary>
/// The published JSON Schemas (docs/schema/*.schema.json, embedded in the tool) and the checks against them,
/// with messages that name the JSON path and say what was expected.
/// </summary>
internal sealed class InterchangeSchema
{
    private static readonly Lazy<InterchangeSchema> LazyItem = new(() => Load("item.schema.json"));
    private static readonly Lazy<InterchangeSchema> LazyProject = new(() => Load("project.schema.json"));
    // Flag output stops at the first failure (fast path for valid input); details only for invalid documents.
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.Hierarchical };

    private readonly JsonSchema _schema;
    private readonly JsonDocument _document;

    private InterchangeSchema(JsonSchema schema, JsonDocument document)
    {
        _schema = schema;
        _document = document;
    }

    /// <summary>The schema of one item.</summary>
    public static InterchangeSchema Item => LazyItem.Value;

    /// <summary>The schema of a project file.</summary>
    public static InterchangeSchema Project => LazyProject.Value;

    /// <summary>The text of an embedded schema file (<c>item.schema.json</c> or <c>project.schema.json</c>).</summary>
    public static string ReadText(string fileName)
    {
        using var stream = typeof(InterchangeSchema).Assembly.GetManifestResourceStream($"schema/{fileName}")
            ?? throw new InvalidOperationException($"The schema {fileName} is not embedded in the tool.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static InterchangeSchema Load(string fileName)
    {
        var text = ReadText(fileName);
        var schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        return new InterchangeSchema(schema, JsonDocument.Parse(text));
    }

    /// <summary>Every violation of the schema by <paramref name="instance"/>, paths below <paramref name="rootPath"/>.</summary>
    public IReadOnlyList<PathProblem> Check(JsonElement instance, string rootPath)
    {
        if (_schema.Evaluate(instance, Quick).IsValid)
        {
            return [];
        }
        var results = _schema.Evaluate(instance, Detailed);
        var violations = new List<PathProblem>();
        Collect(results, instance, rootPath, violations);
        return violations.Distinct().ToList();
    }

    // Only failing nodes contributed to the failure: a failing "if" sits under a passing node and is skipped.
    private void Collect(EvaluationResults node, JsonElement instance, string rootPath, List<PathProblem> into)
    {
        if (node.IsValid)
        {
            return;
        }
        foreach (var (keyword, message) in node.Errors ?? [])
        {
            into.AddRange(Describe(node, keyword, message, instance, rootPath));
        }
        foreach (var child in node.Details ?? [])
        {
            Collect(child, instance, rootPath, into);
        }
    }

    private IEnumerable<PathProblem> Describe(
        EvaluationResults node, string keyword, string libraryMessage, JsonElement root, string rootPath)
    {
        var pointer = node.InstanceLocation.ToString();
        var path = JsonPath.FromPointer(rootPath, pointer, root);
        var value = node.InstanceLocation.Evaluate(root);
        var schemaPointer = Uri.UnescapeDataString(node.SchemaLocation.Fragment.TrimStart('#'));
        var schemaNode = Resolve(schemaPointer);
        var evaluationPath = node.EvaluationPath.ToString();

        if (keyword.Length == 0 || schemaNode is { ValueKind: JsonValueKind.False })
        {
            yield return new PathProblem(path, DescribeFalseSchema(schemaPointer, evaluationPath, pointer));
            yield break;
        }
        if (string.Equals(keyword, "required", StringComparison.Ordinal) && value is { ValueKind: JsonValueKind.Object } obj
            && schemaNode?.TryGetProperty("required", out var required) == true)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!obj.TryGetProperty(name, out _))
                {
                    yield return new PathProblem(path, $"missing required property \"{name}\"");
                }
            }
            yield break;
        }
        if (evaluationPath.Contains("/propertyNames", StringComparison.Ordinal))
        {
            var name = pointer[(pointer.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal)
                .Replace("~0", "~", StringComparison.Ordinal);
            var pattern = schemaNode?.TryGetProperty("pattern", out var p) == true ? p.GetString() : null;
            yield return new PathProblem(path, $"property name \"{name}\" is not allowed (expected {pattern ?? "another name"})");
            yield break;
        }
        yield return new PathProblem(path, DescribeKeyword(keyword, libraryMessage, value, schemaNode, schemaPointer));
    }

    private string DescribeFalseSchema(string schemaPointer, string evaluationPath, string instancePointer)
    {
        var name = instancePointer[(instancePointer.LastIndexOf('/') + 1)..];
        if (schemaPointer.Contains("/dependentSchemas/", StringComparison.Ordinal))
        {
            var dependent = schemaPointer.Split('/')[^3];
            return $"\"{name}\" cannot be given together with \"{dependent}\"";
        }
        // The library's schema location may carry extra segments after "additionalProperties": cut there.
        var cut = schemaPointer.LastIndexOf("/additionalProperties", StringComparison.Ordinal);
        if (evaluationPath.EndsWith("/additionalProperties", StringComparison.Ordinal) && cut >= 0)
        {
            var parent = Resolve(schemaPointer[..cut]);
            var known = parent?.TryGetProperty("properties", out var properties) == true
                ? properties.EnumerateObject().Select(p => p.Name).Where(n => !n.StartsWith('$')).ToList()
                : [];
            return $"unknown property \"{name}\"{Suggestions.DidYouMean(name, known)}";
        }
        return $"\"{name}\" is not allowed here";
    }

    private static string DescribeKeyword(
        string keyword, string libraryMessage, JsonElement? value, JsonElement? schemaNode, string schemaPointer)
    {
        JsonElement? Rule() => schemaNode?.TryGetProperty(keyword, out var rule) == true ? rule : null;
        var found = value is { } v ? Show(v) : "nothing";
        switch (keyword)
        {
            case "enum" when Rule() is { } options:
                var allowed = options.EnumerateArray().Select(o => o.ToString()).ToList();
                var text = value is { ValueKind: JsonValueKind.String } s ? s.GetString()! : found;
                return $"{found} is not one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}"
                    + Suggestions.DidYouMean(text, allowed);
            case "const" when Rule() is { } expected:
                return $"expected {Show(expected)}, found {found}";
            case "type" when Rule() is { } types:
                var names = types.ValueKind == JsonValueKind.Array
                    ? types.EnumerateArray().Select(t => t.GetString()!)
                    : [types.GetString()!];
                return $"expected {string.Join(" or ", names.Select(Article))}, found {(value is { } w ? Article(KindName(w)) : "nothing")}";
            case "pattern" when schemaPointer.EndsWith("/uuid", StringComparison.Ordinal):
                return $"{found} is not a UUID (expected 8-4-4-4-12 hexadecimal digits, e.g. \"0b6f3c52-2a4e-4d8e-9a3c-5f1e2d7c9b10\")";
            case "pattern" when Rule() is { } pattern:
                return $"{found} does not match the pattern {pattern.GetString()}";
            case "minimum" when Rule() is { } min:
                return $"must be at least {min.GetRawText()}, found {found}";
            case "maximum" when Rule() is { } max:
                return $"must be at most {max.GetRawText()}, found {found}";
            case "exclusiveMinimum" when Rule() is { } min:
                return $"must be greater than {min.GetRawText()}, found {found}";
            case "minItems" when Rule() is { } min:
                return $"must have at least {min.GetRawText()} item(s), found {Count(value)}";
            case "maxItems" when Rule() is { } max:
                return $"must have at most {max.GetRawText()} item(s), found {Count(value)}";
            case "minLength":
                return "must not be empty";
            default:
                return libraryMessage;
        }
    }

    private JsonElement? Resolve(string pointer) =>
        JsonPointer.TryParse(pointer, out var parsed) ? parsed.Evaluate(_document.RootElement) : null;

    private static string Count(JsonElement? value) =>
        value is { ValueKind: JsonValueKind.Array } array
            ? array.GetArrayLength().ToString(CultureInfo.InvariantCulture)
            : "no array";

    private static string Show(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 60 ? raw : value.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => raw[..57] + "...",
        };
    }

    private static string KindName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Article(string type) => type switch
    {
        "object" or "array" or "integer" => $"an {type}",
        "null" => "null",
        _ => $"a {type}",
    };
}
