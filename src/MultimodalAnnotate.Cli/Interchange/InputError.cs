namespace MultimodalAnnotate.Cli.Interchange;

/// <summary>What is wrong with an input, from the most basic to the most specific; decides the exit code.</summary>
public enum InputErrorKind
{
    /// <summary>The file or folder does not exist or cannot be read.</summary>
    NotFound,
    /// <summary>Not well-formed JSON.</summary>
    MalformedJson,
    /// <summary>Well-formed JSON that does not match the schema.</summary>
    Schema,
    /// <summary>Matches the schema but is inconsistent (unknown label, dangling reference, duplicate id).</summary>
    Semantic,
}

/// <summary>
/// One problem with an input file, printed as <c>file: location: message</c>, where location is a line and
/// position or a JSON path such as <c>$.annotations[3].label</c>.
/// </summary>
public sealed record InputError(InputErrorKind Kind, string File, string? Location, string Message)
{
    /// <summary>The process exit code for this kind of error.</summary>
    public int ExitCode => Kind switch
    {
        InputErrorKind.NotFound => ExitCodes.InputNotFound,
        InputErrorKind.MalformedJson => ExitCodes.MalformedJson,
        InputErrorKind.Schema => ExitCodes.SchemaViolation,
        _ => ExitCodes.SemanticInputError,
    };

    /// <summary>An error at a JSON path of a file, or of one line of a JSON Lines file.</summary>
    public static InputError At(InputErrorKind kind, string file, int? line, string path, string message) =>
        new(kind, file, line is { } n ? $"line {n.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {path}" : path, message);

    /// <inheritdoc/>
    public override string ToString() =>
        Location is null ? $"{File}: {Message}" : $"{File}: {Location}: {Message}";
}
