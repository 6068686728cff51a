using System.Reflection;
using PeerTriage.Data;
using PeerTriage.Evaluation;
using PeerTriage.Features;

namespace PeerTriage.Tests.PublicApi;

/// <summary>
/// Every public entry point of the main types rejects a null argument with an <see cref="ArgumentNullException"/> that
/// names the parameter, before doing any work. A reflection check keeps the list complete as the API grows.
/// </summary>
public class NullArgumentTests
{
    private static readonly Type[] Covered =
        [typeof(TriageModel), typeof(TriageClassifierExtensions), typeof(ThreadContexts), typeof(ForumThreads), typeof(DatasetReader), typeof(CrossValidation), typeof(FeaturePipeline)];

    private static readonly ForumMessage Message = new("hello") { Id = "m1" };

    /// <summary>One case per (type, method, parameter count, parameter): the call with that parameter null.</summary>
    private static IEnumerable<(Type Type, string Method, int Arity, string Parameter, Action Call)> Cases()
    {
        var model = TestData.DemoModel;
        var threads = new ForumThreads([Message]);
        var columns = new DatasetColumns();
        var scheme = PriorityScheme.Default;
        StringReader Csv() => new("text,label\nhi,green\n");

        yield return (typeof(TriageModel), nameof(TriageModel.Train), 3, "examples", () => TriageModel.Train(null!));
        yield return (typeof(TriageModel), nameof(TriageModel.Triage), 2, "message", () => model.Triage(null!));
        yield return (typeof(TriageModel), nameof(TriageModel.Triage), 3, "message", () => model.Triage(null!, null, new float[4]));
        yield return (typeof(TriageModel), nameof(TriageModel.Explain), 3, "message", () => model.Explain(null!));
        yield return (typeof(TriageModel), nameof(TriageModel.Save), 2, "stream", () => model.Save((Stream)null!));
        yield return (typeof(TriageModel), nameof(TriageModel.Save), 2, "path", () => model.Save((string)null!));
        yield return (typeof(TriageModel), nameof(TriageModel.Load), 1, "stream", () => TriageModel.Load((Stream)null!));
        yield return (typeof(TriageModel), nameof(TriageModel.Load), 1, "path", () => TriageModel.Load((string)null!));

        ITriageClassifier classifier = model;
        yield return (typeof(TriageClassifierExtensions), nameof(TriageClassifierExtensions.Triage), 3, "classifier", () => TriageClassifierExtensions.Triage(null!, Message));
        yield return (typeof(TriageClassifierExtensions), nameof(TriageClassifierExtensions.Triage), 3, "message", () => classifier.Triage(null!));
        yield return (typeof(TriageClassifierExtensions), nameof(TriageClassifierExtensions.TriageBatch), 3, "classifier", () => TriageClassifierExtensions.TriageBatch(null!, [Message]));
        yield return (typeof(TriageClassifierExtensions), nameof(TriageClassifierExtensions.TriageBatch), 3, "messages", () => model.TriageBatch(null!));

        yield return (typeof(ThreadContexts), nameof(ThreadContexts.Attach), 4, "examples", () => ThreadContexts.Attach(null!, []));
        yield return (typeof(ThreadContexts), nameof(ThreadContexts.Attach), 4, "levels", () => ThreadContexts.Attach([], null!));

        yield return (typeof(ForumThreads), ".ctor", 1, "messages", () => _ = new ForumThreads(null!));
        yield return (typeof(ForumThreads), nameof(ForumThreads.Contains), 1, "message", () => threads.Contains(null!));
        yield return (typeof(ForumThreads), nameof(ForumThreads.ContextOf), 1, "message", () => threads.ContextOf(null!));
        yield return (typeof(ForumThreads), nameof(ForumThreads.DepthOf), 1, "message", () => threads.DepthOf(null!));
        yield return (typeof(ForumThreads), nameof(ForumThreads.PositionOf), 1, "message", () => threads.PositionOf(null!));
        yield return (typeof(ForumThreads), nameof(ForumThreads.RootOf), 1, "message", () => threads.RootOf(null!));
        yield return (typeof(ForumThreads), nameof(ForumThreads.ThreadIdOf), 1, "message", () => threads.ThreadIdOf(null!));
        yield return (typeof(ForumThreads), nameof(ForumThreads.ThreadOf), 1, "message", () => threads.ThreadOf(null!));

        yield return (typeof(DatasetReader), nameof(DatasetReader.FormatFromPath), 1, "path", () => DatasetReader.FormatFromPath(null!));
        yield return (typeof(DatasetReader), nameof(DatasetReader.Read), 3, "path", () => DatasetReader.Read((string)null!, columns));
        yield return (typeof(DatasetReader), nameof(DatasetReader.Read), 3, "columns", () => DatasetReader.Read("x.csv", null!));
        yield return (typeof(DatasetReader), nameof(DatasetReader.Read), 5, "reader", () => DatasetReader.Read((TextReader)null!, DataFormat.Csv, columns));
        yield return (typeof(DatasetReader), nameof(DatasetReader.Read), 5, "columns", () => DatasetReader.Read(Csv(), DataFormat.Csv, null!));
        yield return (typeof(DatasetReader), nameof(DatasetReader.LoadLabeled), 4, "path", () => DatasetReader.LoadLabeled((string)null!, columns, scheme));
        yield return (typeof(DatasetReader), nameof(DatasetReader.LoadLabeled), 4, "columns", () => DatasetReader.LoadLabeled("x.csv", null!, scheme));
        yield return (typeof(DatasetReader), nameof(DatasetReader.LoadLabeled), 4, "scheme", () => DatasetReader.LoadLabeled("x.csv", columns, null!));
        yield return (typeof(DatasetReader), nameof(DatasetReader.LoadLabeled), 6, "reader", () => DatasetReader.LoadLabeled((TextReader)null!, DataFormat.Csv, columns, scheme));
        yield return (typeof(DatasetReader), nameof(DatasetReader.LoadLabeled), 6, "columns", () => DatasetReader.LoadLabeled(Csv(), DataFormat.Csv, null!, scheme));
        yield return (typeof(DatasetReader), nameof(DatasetReader.LoadLabeled), 6, "scheme", () => DatasetReader.LoadLabeled(Csv(), DataFormat.Csv, columns, null!));

        yield return (typeof(CrossValidation), nameof(CrossValidation.Run), 4, "examples", () => CrossValidation.Run(null!));

        yield return (typeof(FeaturePipeline), nameof(FeaturePipeline.Parse), 2, "spec", () => FeaturePipeline.Parse(null!));
        yield return (typeof(FeaturePipeline), nameof(FeaturePipeline.WithNGrams), 1, "ngrams", () => FeaturePipeline.Default.WithNGrams(null!));
    }

    private static string Key(Type type, string method, int arity, string parameter) => $"{type.Name}.{method}/{arity}({parameter})";

    [Test]
    public void Every_null_argument_is_rejected_naming_the_parameter()
    {
        foreach (var (type, method, arity, parameter, call) in Cases())
        {
            string key = Key(type, method, arity, parameter);
            call.Should().Throw<ArgumentNullException>(key).Which.ParamName.Should().Be(parameter, key);
        }
    }

    [Test]
    public void The_cases_cover_every_non_nullable_reference_parameter()
    {
        var nullability = new NullabilityInfoContext();
        var expected = new List<string>();
        foreach (var type in Covered)
        {
            var members = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.Name is not ("Equals" or "GetHashCode" or "ToString" or "Deconstruct" or "PrintMembers"))
                .Cast<MethodBase>()
                .Concat(type.GetConstructors().Where(c => !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)) && c.GetParameters().Length > 0
                    && c.GetParameters()[0].ParameterType != type)); // a record's copy constructor is not an entry point
            foreach (var member in members)
            {
                var parameters = member.GetParameters();
                foreach (var p in parameters)
                {
                    if (p.ParameterType.IsValueType || p.ParameterType.IsByRefLike || nullability.Create(p).WriteState != NullabilityState.NotNull)
                        continue;
                    expected.Add(Key(type, member is ConstructorInfo ? ".ctor" : member.Name, parameters.Length, p.Name!));
                }
            }
        }

        var covered = Cases().Select(c => Key(c.Type, c.Method, c.Arity, c.Parameter)).ToList();
        expected.Should().NotBeEmpty();
        covered.Should().BeEquivalentTo(expected);
    }

    [Test]
    public void A_null_item_is_rejected_naming_the_collection()
    {
        var model = TestData.DemoModel;
        var labeled = new LabeledMessage(Message, "green");

        FluentActions.Invoking(() => TriageModel.Train([labeled, null!])).Should().Throw<ArgumentNullException>().WithParameterName("examples");
        FluentActions.Invoking(() => TriageModel.Train([new LabeledMessage(null!, "green")])).Should().Throw<ArgumentNullException>()
            .Which.ParamName.Should().StartWith("examples");
        FluentActions.Invoking(() => model.TriageBatch([Message, null!])).Should().Throw<ArgumentNullException>().WithParameterName("messages");
        FluentActions.Invoking(() => CrossValidation.Run([labeled, null!])).Should().Throw<ArgumentNullException>().WithParameterName("examples");
        FluentActions.Invoking(() => new ForumThreads([Message, null!])).Should().Throw<ArgumentNullException>().WithParameterName("messages");
        FluentActions.Invoking(() => ThreadContexts.Attach([labeled, null!], [0, 0])).Should().Throw<ArgumentNullException>().WithParameterName("examples");
        FluentActions.Invoking(() => ThreadContexts.Attach([labeled], [0], [null!])).Should().Throw<ArgumentNullException>().WithParameterName("unlabelled");
    }
}
