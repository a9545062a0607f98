using System.Text.Json;
using System.Text.Json.Serialization;

namespace MultimodalAnnotate.Validation.Model;

/// <summary>
/// The one set of JSON options for the model records (camelCase, enums as camelCase strings, polymorphic
/// <c>kind</c> discriminators): used by the database columns, the REST API and the interchange format.
/// </summary>
public static class ModelJson
{
    /// <summary>Shared, read-only serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            // Hand-written documents need not put "kind" first.
            AllowOutOfOrderMetadataProperties = true,
            // An explicit null where the model has no null is an error, not a silent null.
            RespectNullableAnnotations = true,
            // Missing optional lists are allowed in documents; readers fill them in.
            RespectRequiredConstructorParameters = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
