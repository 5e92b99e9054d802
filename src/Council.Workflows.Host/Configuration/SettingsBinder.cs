using System.Collections;
using System.Globalization;
using System.Reflection;
using Council.Workflows.Engine;
using Microsoft.Extensions.Configuration;
using NodaTime;
using NodaTime.Text;

namespace Council.Workflows.Host.Configuration;

/// <summary>
/// Binds settings onto options objects as a council means them, and says what is wrong with each setting that does not
/// bind: an unknown key (a misspelt one is never silently ignored), a value of the wrong kind, a date that is not a date.
/// Unlike the framework's binder, a list given in the settings replaces the default list (a council's catalogue or days
/// off are the whole list, not additions to it); enums take their kebab-case names (<c>deputy-head</c>) or .NET names; dates
/// are ISO (<c>2024-12-31</c>) or as an office writes them (<c>31.12.2024</c>), times <c>09:00</c>, periods ISO (<c>P2Y</c>). Immutable records are copied, never changed
/// in place.
/// </summary>
internal static class SettingsBinder
{
    private static readonly TextSource T = new("Output");

    /// <summary>Binds <paramref name="section"/>'s children onto <paramref name="target"/>; each problem is added as "key: what".</summary>
    public static void Bind(IConfiguration section, object target, List<(string Key, string Problem)> problems)
    {
        foreach (var child in section.GetChildren())
        {
            var property = Property(target.GetType(), child.Key);
            if (property is null)
            {
                problems.Add((child.Path, T.Format("Binder.NotASetting", string.Join(", ", Settable(target.GetType()).Select(p => p.Name)))));
                continue;
            }

            if (Value(child, property.PropertyType, property.GetValue(target), problems) is (true, var value))
            {
                property.SetValue(target, value);
            }
        }
    }

    // An argument exception's message without the "(Parameter 'x')" the runtime appends: the key already names it.
    private static string Plain(ArgumentException e)
    {
        var message = Reasons.Of(e);
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..].TrimEnd('.') : message;
    }

    /// <summary>The settable properties of a type, as settings name them.</summary>
    public static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);

    private static PropertyInfo? Property(Type type, string name) =>
        Settable(type).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    // The value of one setting as the type wants it, or (false, null) when a problem was recorded.
    private static (bool Ok, object? Value) Value(IConfigurationSection section, Type type, object? existing, List<(string, string)> problems)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var children = section.GetChildren().ToList();
        if (Scalar(underlying))
        {
            if (children.Count > 0)
            {
                problems.Add((section.Path, T.Format("Binder.OneValue", Describe(underlying))));
                return (false, null);
            }

            if (string.IsNullOrEmpty(section.Value))
            {
                if (underlying != type || !type.IsValueType)
                {
                    return (true, null);
                }

                problems.Add((section.Path, T.Format("Binder.Empty", Describe(underlying))));
                return (false, null);
            }

            return Parse(section.Value, underlying) is (true, var parsed)
                ? (true, parsed)
                : Fail(problems, section.Path, T.Format("Binder.NotA", section.Value, Describe(underlying)));
        }

        if (ListElement(type) is { } element)
        {
            if (children.Count == 0 && !string.IsNullOrEmpty(section.Value))
            {
                problems.Add((section.Path, T.Format("Binder.IsList", section.Value, section.Path)));
                return (false, null);
            }

            // An empty value ("Key": []) arrives as a section with no children and an empty value: an empty list.
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            var ok = true;
            foreach (var item in children.OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue))
            {
                if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    problems.Add((item.Path, T["Binder.NotListItem"]));
                    ok = false;
                    continue;
                }

                if (Value(item, element, null, problems) is (true, var value))
                {
                    list.Add(value);
                }
                else
                {
                    ok = false;
                }
            }

            return ok ? (true, list) : (false, null);
        }

        if (children.Count == 0 && !string.IsNullOrEmpty(section.Value))
        {
            problems.Add((section.Path, T["Binder.IsSection"]));
            return (false, null);
        }

        return Compose(section, underlying, existing, problems);
    }

    // A complex value: options classes are changed in place; records are copied (from the existing value) or constructed.
    private static (bool Ok, object? Value) Compose(IConfigurationSection section, Type type, object? existing, List<(string, string)> problems)
    {
        var clone = type.GetMethod("<Clone>$");
        object? target = existing is not null
            ? clone is not null ? clone.Invoke(existing, null) : existing
            : null;
        var count = problems.Count;
        if (target is null)
        {
            if (type.GetConstructor(Type.EmptyTypes) is { } empty)
            {
                target = empty.Invoke(null);
            }
            else
            {
                // The constructor with the most parameters, each from its setting (or its default).
                var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
                if (constructor is null)
                {
                    return Fail(problems, section.Path, T["Binder.CannotSet"]);
                }

                var arguments = new List<object?>();
                foreach (var parameter in constructor.GetParameters())
                {
                    var child = section.GetChildren().FirstOrDefault(c => string.Equals(c.Key, parameter.Name, StringComparison.OrdinalIgnoreCase));
                    if (child is null)
                    {
                        if (!parameter.HasDefaultValue)
                        {
                            problems.Add(($"{section.Path}:{Pascal(parameter.Name!)}", T["Binder.Required"]));
                            arguments.Add(null);
                            continue;
                        }

                        arguments.Add(parameter.DefaultValue);
                    }
                    else
                    {
                        arguments.Add(Value(child, parameter.ParameterType, null, problems) is (true, var value) ? value : null);
                    }
                }

                if (problems.Count > count)
                {
                    return (false, null);
                }

                try
                {
                    target = constructor.Invoke([.. arguments]);
                }
                catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
                {
                    return Fail(problems, inner.ParamName is { Length: > 0 } name ? $"{section.Path}:{Pascal(name)}" : section.Path, Plain(inner));
                }
            }
        }

        foreach (var child in section.GetChildren())
        {
            var property = Property(type, child.Key);
            if (property is null)
            {
                if (type.GetConstructors().Any(c => c.GetParameters().Any(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase))))
                {
                    continue; // bound through the constructor
                }

                problems.Add((child.Path, T.Format("Binder.NotASetting", string.Join(", ", Settable(type).Select(p => p.Name)))));
                continue;
            }

            if (Value(child, property.PropertyType, property.GetValue(target), problems) is (true, var value))
            {
                try
                {
                    property.SetValue(target, value);
                }
                catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
                {
                    problems.Add((child.Path, Plain(inner)));
                }
            }
        }

        return problems.Count > count ? (false, null) : (true, target);
    }

    private static (bool, object?) Fail(List<(string, string)> problems, string key, string problem)
    {
        problems.Add((key, problem));
        return (false, null);
    }

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    private static Type? ListElement(Type type)
    {
        if (type == typeof(string) || !type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IEnumerable<>)
            || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static bool Scalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri)
        || type == typeof(LocalDate) || type == typeof(LocalTime) || type == typeof(Period) || type == typeof(Instant);

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(bool) => T["Binder.Bool"],
        _ when type == typeof(int) || type == typeof(long) => T["Binder.Whole"],
        _ when type == typeof(double) || type == typeof(decimal) => T["Binder.Number"],
        _ when type == typeof(string) => T["Binder.Text"],
        _ when type == typeof(TimeSpan) => T["Binder.Duration"],
        _ when type == typeof(LocalDate) => T["Binder.Date"],
        _ when type == typeof(LocalTime) => T["Binder.Time"],
        _ when type == typeof(Period) => T["Binder.Period"],
        _ when type == typeof(Instant) => T["Binder.Instant"],
        _ when type.IsEnum => T.Format("Binder.OneOf", string.Join(", ", Enum.GetValues(type).Cast<object>().Select(v => KebabCase.FromPascal(v.ToString()!)))),
        _ => type.Name,
    };

    private static readonly LocalTimePattern ShortTime = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    private static (bool, object?) Parse(string text, Type type)
    {
        var invariant = CultureInfo.InvariantCulture;
        var trimmed = text.Trim();
        if (type == typeof(string))
        {
            return (true, text);
        }

        if (type.IsEnum)
        {
            foreach (var value in Enum.GetValues(type))
            {
                if (string.Equals(KebabCase.FromPascal(value.ToString()!), trimmed, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(value.ToString(), trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return (true, value);
                }
            }

            return (false, null);
        }

        return type switch
        {
            _ when type == typeof(bool) => bool.TryParse(trimmed, out var b) ? (true, b) : (false, null),
            _ when type == typeof(int) => int.TryParse(trimmed, NumberStyles.Integer, invariant, out var i) ? (true, i) : (false, null),
            _ when type == typeof(long) => long.TryParse(trimmed, NumberStyles.Integer, invariant, out var l) ? (true, l) : (false, null),
            _ when type == typeof(double) => double.TryParse(trimmed, NumberStyles.Float, invariant, out var d) && double.IsFinite(d) ? (true, d) : (false, null),
            _ when type == typeof(decimal) => decimal.TryParse(trimmed, NumberStyles.Number, invariant, out var m) ? (true, m) : (false, null),
            _ when type == typeof(TimeSpan) => TimeSpan.TryParse(trimmed, invariant, out var t) ? (true, t) : (false, null),
            _ when type == typeof(Uri) => Uri.TryCreate(trimmed, UriKind.Absolute, out var u) ? (true, u) : (false, null),
            _ when type == typeof(LocalDate) => Cli.OfficeDates.Date(trimmed) is { Success: true } date ? (true, date.Value) : (false, null),
            _ when type == typeof(LocalTime) => (LocalTimePattern.ExtendedIso.Parse(trimmed) is { Success: true } time ? time : ShortTime.Parse(trimmed)) is { Success: true } t2 ? (true, t2.Value) : (false, null),
            _ when type == typeof(Period) => PeriodPattern.Roundtrip.Parse(trimmed) is { Success: true } period ? (true, period.Value) : (false, null),
            _ when type == typeof(Instant) => InstantPattern.ExtendedIso.Parse(trimmed) is { Success: true } instant ? (true, instant.Value) : (false, null),
            _ => (false, null),
        };
    }
}
