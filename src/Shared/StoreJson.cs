using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Council.Workflows.Engine;
using NodaTime.Serialization.SystemTextJson;

namespace Council.Workflows.Stores;

// Shared by the stores (compiled into each; src/Shared). JSON for events and command results: NodaTime types as ISO text, case ids as 32 hex digits, event data polymorphic by
// the stored name of each workflow's event records ([StoredName], never the .NET type's name, so a rename orphans nothing).
internal static class StoreJson
{
    public static JsonSerializerOptions Create(IEnumerable<Type> eventTypes)
    {
        var derived = eventTypes.Select(t => new JsonDerivedType(t, StoredNameAttribute.Of(t))).ToList();
        if (derived.GroupBy(d => (string)d.TypeDiscriminator!).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Two event types are stored under the name '{twice.Key}': {string.Join(", ", twice.Select(d => d.DerivedType.FullName))}.", nameof(eventTypes));
        }

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
