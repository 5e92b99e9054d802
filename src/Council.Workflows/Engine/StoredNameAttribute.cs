using System.Reflection;

namespace Council.Workflows.Engine;

/// <summary>
/// The name an event's data is stored under, for good: a store writes it beside the data and reads the data back by it,
/// so a class can be renamed or moved without orphaning a record. Every <see cref="EventData"/> type a workflow lists in
/// <see cref="IWorkflow.EventTypes"/> carries one; the names are unique across the workflows of a registry.
/// </summary>
/// <param name="name">The name: never changed once records carry it.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class StoredNameAttribute(string name) : Attribute
{
    /// <summary>The name.</summary>
    public string Name { get; } = !string.IsNullOrWhiteSpace(name) ? name : throw new ArgumentException("A stored name is not blank.", nameof(name));

    /// <summary>The stored name of an event data type.</summary>
    /// <exception cref="ArgumentException">The type has no <see cref="StoredNameAttribute"/>.</exception>
    public static string Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetCustomAttribute<StoredNameAttribute>()?.Name
            ?? throw new ArgumentException($"The event type {type.FullName} has no [StoredName]: give it the name its records are stored under.", nameof(type));
    }
}
