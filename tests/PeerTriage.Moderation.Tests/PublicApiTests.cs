using System.Reflection;

namespace PeerTriage.Moderation.Tests;

/// <summary>
/// Pins the public API of PeerTriage.Moderation. An intentional change: run with PEERTRIAGE_APPROVE_API=1 to rewrite
/// the approved file, and review its diff like any other code change.
/// </summary>
public sealed class PublicApiTests
{
    private static Assembly Library => typeof(ModerationQueue).Assembly;

    [Test]
    public void Public_api_matches_the_approved_listing()
    {
        string approvedPath = Path.Combine(Harness.RepoRoot, "tests", "PeerTriage.Moderation.Tests", "PeerTriage.Moderation.approved.txt");
        string actual = Describe(Library);
        if (Environment.GetEnvironmentVariable("PEERTRIAGE_APPROVE_API") == "1")
            File.WriteAllText(approvedPath, actual);
        string approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        if (approved != actual)
        {
            var added = actual.Split('\n').Except(approved.Split('\n')).Take(20);
            var removed = approved.Split('\n').Except(actual.Split('\n')).Take(20);
            Assert.Fail($"The public API changed.\nAdded:\n  {string.Join("\n  ", added)}\nRemoved:\n  {string.Join("\n  ", removed)}\n" +
                "If intended, rerun with PEERTRIAGE_APPROVE_API=1 and commit PeerTriage.Moderation.approved.txt.");
        }
    }

    [Test]
    public void Every_public_class_is_sealed_static_or_abstract_with_no_public_constructor()
    {
        foreach (var type in Library.GetExportedTypes().Where(t => t.IsClass && !t.IsSealed))
        {
            type.IsAbstract.Should().BeTrue($"{type} is public and not sealed");
            type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Should().BeEmpty($"{type} must not be derived from outside the library");
        }
    }

    [Test]
    public void The_core_library_knows_nothing_of_moderation()
    {
        typeof(TriageModel).Assembly.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(n => n!.Contains("Moderation", StringComparison.Ordinal));
    }

    private static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add($"{Kind(type)} {type.FullName}{(type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) ? " : " + b.FullName : "")}");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            lines.AddRange(type.GetMembers(flags)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && !(type.IsEnum && m.Name == "value__") && !m.Name.Contains("<Clone>$", StringComparison.Ordinal))
                .Select(m => "  " + Member(m))
                .OrderBy(m => m, StringComparer.Ordinal));
        }
        return string.Join("\n", lines) + "\n";
    }

    private static string Kind(Type t) =>
        t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct" :
        t.IsAbstract && t.IsSealed ? "static class" : t.IsSealed ? "sealed class" : t.IsAbstract ? "abstract class" : "class";

    private static string Member(MemberInfo m) => m switch
    {
        ConstructorInfo c => $"ctor({Parameters(c.GetParameters())})",
        MethodInfo mi => $"{(mi.IsStatic ? "static " : "")}{Name(mi.ReturnType)} {mi.Name}({Parameters(mi.GetParameters())})",
        PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{Name(p.PropertyType)} {p.Name} {{{(p.GetMethod?.IsPublic == true ? " get;" : "")}{(p.SetMethod?.IsPublic == true ? " set/init;" : "")} }}",
        FieldInfo f => f.IsLiteral ? $"const {Name(f.FieldType)} {f.Name} = {f.GetRawConstantValue()}" : $"{(f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}",
        _ => m.ToString() ?? m.Name,
    };

    private static string Parameters(ParameterInfo[] ps) =>
        string.Join(", ", ps.Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"));

    private static string Name(Type t)
    {
        if (Nullable.GetUnderlyingType(t) is { } inner)
            return Name(inner) + "?";
        if (!t.IsGenericType)
            return t.FullName ?? t.Name;
        string name = t.GetGenericTypeDefinition().FullName!;
        return $"{name[..name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>";
    }
}
