namespace MultimodalAnnotate.Web.Features.Annotate;

/// <summary>How a write use case ended.</summary>
public enum WriteOutcome
{
    Ok,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>
/// The result of a write: the value on success; otherwise field errors (field → message), or the current
/// state of the thing on a conflict so the user can compare both versions instead of losing either.
/// </summary>
public sealed record WriteResult<T>(WriteOutcome Outcome, T? Value, IReadOnlyDictionary<string, string> Errors, object? Current = null)
{
    public bool Succeeded => Outcome == WriteOutcome.Ok;

    public static WriteResult<T> Ok(T value) => new(WriteOutcome.Ok, value, Empty);

    public static WriteResult<T> Invalid(string field, string message) => new(WriteOutcome.Invalid, default, new Dictionary<string, string> { [field] = message });

    public static WriteResult<T> Invalid(IReadOnlyDictionary<string, string> errors) => new(WriteOutcome.Invalid, default, errors);

    public static WriteResult<T> NotFound(string what) => new(WriteOutcome.NotFound, default, new Dictionary<string, string> { ["id"] = what });

    public static WriteResult<T> Forbidden() => Forbidden("You are not allowed to change annotations in this project.");

    public static WriteResult<T> Forbidden(string message) => new(WriteOutcome.Forbidden, default, new Dictionary<string, string> { ["user"] = message });

    public static WriteResult<T> Conflict(string message, object? current) => new(WriteOutcome.Conflict, default, new Dictionary<string, string> { ["version"] = message }, current);

    /// <summary>Converts a failure to another value type (failures carry no value).</summary>
    public WriteResult<TOther> As<TOther>() => new(Outcome, default, Errors, Current);

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
