using System.Reflection;
using System.Reflection.Emit;
using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Council.Workflows.Tests.Stores;

// The store commits what it is given and returns histories and rows: its code names no workflow (no IWorkflow, no
// registry, nothing of the appeals or the awards). Only the service registration, which composes the package with the
// engine, takes the registry's event types.
public class StoreKnowsNoWorkflowTest
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    [Fact]
    public void SqliteStore_NamesNoWorkflowType()
    {
        var assembly = typeof(SqliteCaseStore).Assembly;
        var composition = typeof(SqliteServiceCollectionExtensions);
        var named = new List<string>();
        foreach (var type in assembly.GetTypes().Where(t => t != composition && t.DeclaringType != composition))
        {
            foreach (var member in Members(type))
            {
                named.AddRange(Referenced(member).Where(IsWorkflowType).Select(t => $"{type.Name}.{member.Name} → {t.FullName}"));
            }
        }

        named.Should().BeEmpty();
    }

    [Fact]
    public void Check_SeesAWorkflowTypeWhereOneIsNamed()
    {
        // The check itself can fail: the engine names the registry, and the appeals' workflow names its case.
        Members(typeof(WorkflowEngine)).SelectMany(Referenced).Should().Contain(t => t == typeof(WorkflowRegistry));
        Members(typeof(AppealWorkflow)).SelectMany(Referenced).Should().Contain(t => t == typeof(Appeal));
    }

    private static bool IsWorkflowType(Type type) =>
        type == typeof(IWorkflow) || type == typeof(WorkflowRegistry)
        || type.Namespace is "Council.Workflows.Appeals" or "Council.Workflows.Awards" or "Council.Workflows.Simulation" or "Council.Workflows.Reporting";

    private static IEnumerable<MethodBase> Members(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .OfType<MethodBase>()
            .Concat(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(Members));

    // The types a method's signature and body name: parameters, return, locals and every token its IL loads.
    private static IEnumerable<Type> Referenced(MethodBase method)
    {
        var types = new List<Type>(method.GetParameters().Select(p => p.ParameterType));
        if (method is MethodInfo info)
        {
            types.Add(info.ReturnType);
        }

        var body = method.GetMethodBody();
        if (body is null)
        {
            return types.SelectMany(Unwrap);
        }

        types.AddRange(body.LocalVariables.Select(l => l.LocalType));
        var il = body.GetILAsByteArray()!;
        for (var i = 0; i < il.Length;)
        {
            var value = il[i] == 0xFE ? unchecked((short)(0xFE00 | il[i + 1])) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            var size = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, i);
                try
                {
                    var resolved = method.Module.ResolveMember(token, method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null);
                    switch (resolved)
                    {
                        case Type t:
                            types.Add(t);
                            break;
                        case FieldInfo f:
                            types.Add(f.DeclaringType!);
                            types.Add(f.FieldType);
                            break;
                        case MethodBase m:
                            types.Add(m.DeclaringType!);
                            types.AddRange(m.GetParameters().Select(p => p.ParameterType));
                            if (m is MethodInfo mi)
                            {
                                types.Add(mi.ReturnType);
                                types.AddRange(mi.IsGenericMethod ? mi.GetGenericArguments() : []);
                            }

                            break;
                    }
                }
                catch (ArgumentException)
                {
                    // A token in an open generic context that cannot be resolved here; its declaring type is checked elsewhere.
                }
            }

            i += size;
        }

        return types.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType
            ? [type.GetGenericTypeDefinition(), .. type.GetGenericArguments().SelectMany(Unwrap)]
            : [type];
    }
}
