using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Api.Common;

/// <summary>A request body that could not be used, for <see cref="JsonBodyFilter"/> to answer before the handler runs.</summary>
internal interface IJsonBody
{
    /// <summary>Field (JSON path without <c>$.</c>) → messages; null when the body was read.</summary>
    IDictionary<string, string[]>? Errors { get; }
}

/// <summary>
/// A JSON request body read with <see cref="ModelJson.Options"/> (the interchange format's spelling of geometries and
/// time bases). Unlike the framework's body binding, which answers a malformed body with a bare 400, a body that does
/// not parse becomes a <c>ValidationProblem</c> naming the JSON path (<c>geometry.width</c>), so a pipeline author sees
/// which value was wrong.
/// </summary>
public sealed class JsonBody<T> : IJsonBody, IBindableFromHttpContext<JsonBody<T>>, IEndpointParameterMetadataProvider
    where T : class
{
    private JsonBody(T? value, IDictionary<string, string[]>? errors)
    {
        Value = value!;
        Errors = errors;
    }

    /// <summary>The body; only read by handlers, which run only when it parsed.</summary>
    public T Value { get; }

    /// <inheritdoc />
    public IDictionary<string, string[]>? Errors { get; }

    /// <summary>Reads the body; never throws for bad input (the filter answers instead).</summary>
    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        if (!context.Request.HasJsonContentType())
        {
            // Routing already answers 415 to other content types (the endpoint declares it accepts JSON), which also
            // keeps cross-site form posts away from cookie-authenticated writes; this is the backstop.
            return Fail("body", "send the body as JSON (Content-Type: application/json)");
        }
        try
        {
            var value = await context.Request.ReadFromJsonAsync<T>(ModelJson.Options, context.RequestAborted);
            return value is null
                ? Fail("body", "a JSON object is required")
                : new JsonBody<T>(value, null);
        }
        catch (JsonException ex) when (ex.Message.Contains("type discriminator", StringComparison.Ordinal))
        {
            return Fail(FieldOf(ex.Path), $"unknown \"kind\" ({MessageOf(ex.Message)})");
        }
        catch (JsonException ex)
        {
            return Fail(FieldOf(ex.Path), MessageOf(ex.Message));
        }
        catch (NotSupportedException ex)
        {
            // An abstract model type (geometry, time base) without a known "kind".
            var path = ex.Message.IndexOf("Path: ", StringComparison.Ordinal) is var at and >= 0
                ? ex.Message[(at + "Path: ".Length)..].Split(' ', 2)[0]
                : null;
            return Fail(FieldOf(path), "a \"kind\" is required to tell which shape this is (e.g. \"box2d\", \"span\", \"segment\")");
        }
    }

    /// <summary>Declares the body type for the OpenAPI document (the framework does not see custom-bound parameters).</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T), isOptional: false));

    private static JsonBody<T> Fail(string field, string message) =>
        new(null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    /// <summary><c>$.geometry.width</c> → <c>geometry.width</c>; the whole body is <c>body</c>.</summary>
    internal static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body"
        : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..]
        : path.StartsWith('$') ? path[1..]
        : path;

    /// <summary>
    /// System.Text.Json's message without its "Path: … | LineNumber: …" tail (the field already says where) and
    /// without .NET type names, which mean nothing to a pipeline author.
    /// </summary>
    internal static string MessageOf(string message)
    {
        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return "invalid JSON: this value has the wrong type (e.g. a string where a number belongs) or format";
        }
        var at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var text = at >= 0 ? message[..at] : message;
        return $"invalid JSON: {text}";
    }
}

/// <summary>Answers a request whose <see cref="JsonBody{T}"/> did not parse with a <c>ValidationProblem</c>.</summary>
internal sealed class JsonBodyFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument is not IJsonBody body)
            {
                continue;
            }
            if (body.Errors is { } errors)
            {
                return TypedResults.ValidationProblem(errors, title: "The request body is not valid");
            }
        }
        return await next(context);
    }
}
