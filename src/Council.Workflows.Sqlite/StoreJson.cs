using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Council.Workflows.Engine;
using NodaTime.Serialization.SystemTextJson;

namespace Council.Workflows.Sqlite;

// JSON for events and command results: NodaTime types as ISO text, case ids as 32 hex digits, event data polymorphic by
// the .NET type name of each workflow's event records.
internal static class StoreJson
{
    public static JsonSerializerOptions Create(IEnumerable<Type> eventTypes)
    {
        var derived = eventTypes.Select(t => new JsonDerivedType(t, t.Name)).ToList();
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers =
                {
                    info =>
                    {
                        if (info.Type == typeof(EventData))
                        {
                            info.PolymorphismOptions = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "$type" };
                            foreach (var type in derived)
                            {
                                info.PolymorphismOptions.DerivedTypes.Add(type);
                            }
                        }
                    },
                },
            },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        return options;
    }
}
