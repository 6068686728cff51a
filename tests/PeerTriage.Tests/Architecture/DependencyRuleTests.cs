using System.Reflection;
using System.Reflection.Emit;

namespace PeerTriage.Tests.Architecture;

/// <summary>
/// The dependency rule of the PeerTriage assembly: its layers, lowest first, and no reference from a layer to one
/// above it. References are read from signatures and from the IL of every method body, so a backward call hidden in a
/// method (or a lambda) fails the test as surely as one in a signature. Constants are compiled in as values, so a use
/// of another layer's const is not seen.
/// </summary>
public class DependencyRuleTests
{
    /// <summary>
    /// Lowest first; each layer may use the layers before it and never those after it. An entry is a namespace (with
    /// its sub-namespaces) or, for the façade, one type. The top layer's members use each other (Load returns a model,
    /// a scorer runs one). The rest of the root namespace (domain types such as <see cref="ForumMessage"/> and
    /// <see cref="PriorityScheme"/>, and the thread types beside <see cref="ThreadContext"/>) sit beside the ladder,
    /// except that the bottom uses nothing of PeerTriage at all: Text, and Shared (helpers such as the atomic file write,
    /// compiled into each package from src/Shared, so they can use nothing package-specific). Data reads files into
    /// domain types and sits just above them, so the layers that read files (lexicons, scoring) use it without a cycle.
    /// Explanations read a model's parts (featurizer, scorer, vocabulary) and sit below Training, which builds the
    /// vocabulary. Responses sit on top of everything: nothing in the core knows about response assessment.
    /// </summary>
    private static readonly string[][] Layers =
    [
        ["PeerTriage.Text", "PeerTriage.Shared"],
        ["PeerTriage.Data"],
        ["PeerTriage.Features", "PeerTriage.Lexicons"],
        ["PeerTriage.Learning"],
        ["PeerTriage.Decisions"],
        ["PeerTriage.Explanations"],
        ["PeerTriage.Training"],
        ["PeerTriage.TriageModel", "PeerTriage.Evaluation", "PeerTriage.Serialization", "PeerTriage.Scoring"],
        // Response assessment is built on the triage façade and evaluation (one triage model per mechanism).
        ["PeerTriage.Responses"],
    ];

    /// <summary>
    /// Backward references that are known and not yet removed (issue 13), as "from namespace → to namespace". Remove an
    /// entry when its reference goes; any reference not listed here fails the test.
    /// </summary>
    private static readonly HashSet<string> KnownExceptions = new(StringComparer.Ordinal)
    {
    };

    [Test]
    public void No_layer_references_a_layer_above_it()
    {
        var found = BackwardReferences(typeof(TriageModel).Assembly);
        var unexpected = found.Where(f => !KnownExceptions.Contains(f.Key)).ToList();
        if (unexpected.Count > 0)
        {
            Assert.Fail("A layer uses one above it:\n" +
                string.Join("\n", unexpected.Select(f => $"  {f.Key}: {string.Join(", ", f.Value.Take(5))}")));
        }
    }

    [Test]
    public void Every_known_exception_still_exists()
    {
        // A stale exception would quietly allow the reference to come back.
        var found = BackwardReferences(typeof(TriageModel).Assembly);
        KnownExceptions.Where(e => !found.ContainsKey(e)).Should().BeEmpty("a removed backward reference should leave the list");
    }

    [Test]
    public void The_reference_reader_sees_calls_inside_method_bodies()
    {
        // Guards the rule itself: DecisionFitter names Softmax only in a method body, never in a signature.
        References(typeof(PeerTriage.Decisions.DecisionFitter)).Should().Contain(typeof(PeerTriage.Learning.Softmax));
    }

    /// <summary>Backward references as "from → to", each with a few "type → type" examples.</summary>
    private static SortedDictionary<string, SortedSet<string>> BackwardReferences(Assembly assembly)
    {
        var result = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var source = Outermost(type);
            foreach (var target in References(type))
            {
                if (!Forbidden(source, target))
                    continue;
                string key = $"{Label(source)} → {Label(target)}";
                if (!result.TryGetValue(key, out var examples))
                    result[key] = examples = new SortedSet<string>(StringComparer.Ordinal);
                examples.Add($"{Outermost(type).Name} → {target.Name}");
            }
        }
        return result;
    }

    private static bool Forbidden(Type from, Type to)
    {
        int a = LayerOf(from), b = LayerOf(to);
        string ns = to.Namespace ?? "";
        if (a == 0 && b < 0)
            return ns == "PeerTriage";
        return a >= 0 && b > a;
    }

    private static int LayerOf(Type t) => Array.FindIndex(Layers, layer => layer.Any(entry => Matches(t, entry)));

    /// <summary>The layer entry a type falls under, or its namespace when it sits beside the ladder.</summary>
    private static string Label(Type t) =>
        Layers.SelectMany(layer => layer).FirstOrDefault(entry => Matches(t, entry)) ?? t.Namespace ?? "";

    private static bool Matches(Type t, string entry) => t.FullName == entry || In(t.Namespace ?? "", entry);

    private static bool In(string ns, string root) =>
        ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    private static Type Outermost(Type t)
    {
        while (t.DeclaringType is not null)
            t = t.DeclaringType;
        return t;
    }

    /// <summary>The PeerTriage types that <paramref name="type"/> uses in its signatures and method bodies.</summary>
    private static HashSet<Type> References(Type type)
    {
        var seen = new HashSet<Type>();
        var assembly = type.Assembly;
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter)
                return;
            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }
            if (t.IsGenericType)
            {
                foreach (var argument in t.GetGenericArguments())
                    Add(argument);
                t = t.GetGenericTypeDefinition();
            }
            if (t.Assembly == assembly)
                seen.Add(Outermost(t));
        }
        void AddMember(MemberInfo? m)
        {
            switch (m)
            {
                case Type t:
                    Add(t);
                    break;
                case FieldInfo f:
                    Add(f.DeclaringType);
                    Add(f.FieldType);
                    break;
                case MethodBase mb:
                    Add(mb.DeclaringType);
                    if (mb is MethodInfo mi)
                    {
                        Add(mi.ReturnType);
                        if (mi.IsGenericMethod)
                        {
                            foreach (var argument in mi.GetGenericArguments())
                                Add(argument);
                        }
                    }
                    foreach (var p in mb.GetParameters())
                        Add(p.ParameterType);
                    break;
            }
        }

        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
            Add(i);
        foreach (var f in type.GetFields(all))
            Add(f.FieldType);
        foreach (var p in type.GetProperties(all))
            Add(p.PropertyType);
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            AddMember(method);
            var body = method.GetMethodBody();
            if (body is null)
                continue;
            foreach (var local in body.LocalVariables)
                Add(local.LocalType);
            foreach (var token in MemberTokens(body.GetILAsByteArray() ?? []))
                AddMember(Resolve(method, token));
        }
        return seen;
    }

    private static MemberInfo? Resolve(MethodBase method, int token)
    {
        var module = method.Module;
        Type[]? typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The metadata tokens of the types, methods and fields an IL body names (call, newobj, ldfld, box, ...).</summary>
    private static IEnumerable<int> MemberTokens(byte[] il)
    {
        int i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineType:
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineTok:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    i += 4;
                    break;
            }
        }
    }
}
