using System.Text.Json;
using System.Text.Json.Serialization;

namespace MultimodalAnnotate.Validation.Model;

/// <summary>
/// The one set of JSON options for the model records (camelCase, enums as strings, polymorphic
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
            AllowOutOfOrderMetadataProperties = true,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
