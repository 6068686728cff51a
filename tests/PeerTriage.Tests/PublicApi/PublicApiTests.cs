using System.Reflection;
using System.Text;

namespace PeerTriage.Tests.PublicApi;

/// <summary>
/// Pins the public API of the PeerTriage assembly. An intentional change: run with PEERTRIAGE_APPROVE_API=1 to rewrite
/// the approved file, and review its diff like any other code change.
/// </summary>
public class PublicApiTests
{
    [Test]
    public void Public_api_matches_the_approved_listing()
    {
        string approvedPath = Path.Combine(TestData.RepoRoot, "tests", "PeerTriage.Tests", "PublicApi", "PeerTriage.approved.txt");
        string actual = Describe(typeof(TriageModel).Assembly);
        if (Environment.GetEnvironmentVariable("PEERTRIAGE_APPROVE_API") == "1")
            File.WriteAllText(approvedPath, actual);
        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (approved != actual)
        {
            File.WriteAllText(Path.ChangeExtension(approvedPath, ".received.txt"), actual);
            var added = actual.Split('\n').Except(approved.Split('\n')).Take(20);
            var removed = approved.Split('\n').Except(actual.Split('\n')).Take(20);
            Assert.Fail($"The public API changed.\nAdded:\n  {string.Join("\n  ", added)}\nRemoved:\n  {string.Join("\n  ", removed)}\n" +
                "If intended, rerun with PEERTRIAGE_APPROVE_API=1 and commit PeerTriage.approved.txt.");
        }
    }

    [Test]
    public void Every_public_type_is_sealed_static_abstract_or_a_value_type()
    {
        var open = typeof(TriageModel).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Select(t => t.FullName);
        open.Should().BeEmpty("public classes are sealed so that they can stay immutable");
    }

    internal static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add($"{Kind(type)} {Name(type)}{Bases(type)}");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = type.GetMembers(flags)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && !(type.IsEnum && m.Name == "value__"))
                .Select(m => "  " + Member(m))
                .Where(m => !m.Contains("<Clone>$", StringComparison.Ordinal))
                .OrderBy(m => m, StringComparer.Ordinal);
            lines.AddRange(members);
        }
        return string.Join("\n", lines) + "\n";
    }

    private static string Kind(Type t) =>
        t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct" :
        t.IsAbstract && t.IsSealed ? "static class" : t.IsSealed ? "sealed class" : t.IsAbstract ? "abstract class" : "class";

    private static string Bases(Type t)
    {
        var parts = new List<string>();
        if (t.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
            parts.Add(Name(b));
        parts.AddRange(t.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
        return parts.Count == 0 ? "" : " : " + string.Join(", ", parts);
    }

    private static string Member(MemberInfo m) => m switch
    {
        ConstructorInfo c => $"ctor({Parameters(c.GetParameters())})",
        MethodInfo mi => $"{(mi.IsStatic ? "static " : "")}{Name(mi.ReturnType)} {mi.Name}{Generic(mi)}({Parameters(mi.GetParameters())})",
        PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{Name(p.PropertyType)} {p.Name} {{{(p.GetMethod?.IsPublic == true ? " get;" : "")}{(p.SetMethod?.IsPublic == true ? (p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(x => x.Name == "IsExternalInit") ? " init;" : " set;") : "")} }}",
        FieldInfo f => f.IsLiteral ? $"const {Name(f.FieldType)} {f.Name} = {f.GetRawConstantValue()}" : $"{(f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        Type nested => $"nested {Name(nested)}",
        _ => m.ToString() ?? m.Name,
    };

    private static string Generic(MethodInfo m) => m.IsGenericMethod ? $"<{string.Join(", ", m.GetGenericArguments().Select(a => a.Name))}>" : "";

    private static string Parameters(ParameterInfo[] ps) => string.Join(", ", ps.Select(p =>
        $"{(p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "")}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"));

    private static string Name(Type t)
    {
        if (t.IsByRef)
            return Name(t.GetElementType()!);
        if (t.IsArray)
            return Name(t.GetElementType()!) + "[]";
        if (t.IsGenericParameter)
            return t.Name;
        if (Nullable.GetUnderlyingType(t) is { } inner)
            return Name(inner) + "?";
        string name = t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : (t.Namespace is "System" or "System.Collections.Generic" or "System.Threading" or "System.IO" ? t.Name : t.FullName ?? t.Name);
        if (!t.IsGenericType)
            return name;
        name = name[..name.IndexOf('`', StringComparison.Ordinal)];
        var sb = new StringBuilder(name).Append('<');
        sb.AppendJoin(", ", t.GetGenericArguments().Select(Name));
        return sb.Append('>').ToString();
    }
}
