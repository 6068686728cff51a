using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using PeerTriage.Features;
using PeerTriage.Serialization;

namespace PeerTriage.Tests.Serialization;

/// <summary>
/// Random damage to valid model files: bit flips, truncations, inserted and deleted byte runs, changed length fields and
/// edited manifests. Every mutant must load as a working model or fail with <see cref="ModelFormatException"/>; nothing
/// else may happen. Half the mutants get a recomputed checksum, so the parser itself meets the damage instead of
/// stopping at the SHA-256 check. CI runs 1,000 mutants per model; set PEERTRIAGE_MUTATIONS (for example 10000) for
/// the long run.
/// </summary>
public class ModelMutationTests
{
    private static int Count =>
        int.TryParse(Environment.GetEnvironmentVariable("PEERTRIAGE_MUTATIONS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 1_000;

    private static readonly Lazy<byte[]> s_oneStage = new(() => Bytes(FeaturePipeline.Default, null));
    private static readonly Lazy<byte[]> s_twoStageHalf = new(() => Bytes(FeaturePipeline.Parse("ngrams,lexicons,context,two-stage"), new ModelSaveOptions { Precision = WeightPrecision.Float16 }));

    private static readonly Lazy<byte[]> s_trees = new(() => Bytes(FeaturePipeline.Parse("ngrams,lexicons,context,two-stage"), null, new StumpLearner()));

    // A response model (format 1.4): a container of one triage model per mechanism.
    private static readonly Lazy<byte[]> s_response = new(() => ResponseTestData.Save(PeerTriage.Responses.ResponseModel.Train(
        ResponseTestData.Examples(60),
        ResponseTestData.Options with { Features = PeerTriage.Responses.ResponseTrainingOptions.DefaultPipeline.WithNGrams(NGramOptions.Default with { HashBits = 10 }) })));

    private static byte[] Bytes(FeaturePipeline pipeline, ModelSaveOptions? save, PeerTriage.Learning.SecondStageLearner? secondStage = null)
    {
        var model = TriageModel.Train(TestData.Corpus.Take(160).ToList(), new TriageTrainingOptions
        {
            Features = pipeline.WithNGrams(NGramOptions.Default with { HashBits = 10 }),
            ExplanationMinAuthors = 2,
            SecondStage = secondStage,
        });
        using var stream = new MemoryStream();
        model.Save(stream, save);
        return stream.ToArray();
    }

    private static IEnumerable<TestCaseData> Models()
    {
        yield return new TestCaseData("one stage, float32", 1).SetName("Mutants_of_a_one_stage_model_load_or_fail_cleanly");
        yield return new TestCaseData("two stages, float16", 2).SetName("Mutants_of_a_two_stage_float16_model_load_or_fail_cleanly");
        yield return new TestCaseData("tree stage (format 1.3)", 3).SetName("Mutants_of_a_tree_stage_model_load_or_fail_cleanly");
        yield return new TestCaseData("response model (format 1.4)", 4).SetName("Mutants_of_a_response_model_load_or_fail_cleanly");
    }

    /// <summary>The length of the tree section (just before the checksum), so that a third of the tree model's mutants hit it.</summary>
    private static int TreeSectionLength(byte[] file)
    {
        var trees = TriageModel.Load(new MemoryStream(file)).WeightSet.Trees!;
        return 8 + (8 * trees.Classes) + trees.Trees.Sum(level => 4 + level.Sum(t => 4 + (16 * t.NodeCount) + (8 * t.LeafCount)));
    }

    [TestCaseSource(nameof(Models))]
    public void Mutants_load_or_fail_with_ModelFormatException(string name, int which)
    {
        byte[] original = which switch { 1 => s_oneStage.Value, 2 => s_twoStageHalf.Value, 3 => s_trees.Value, _ => s_response.Value };
        int treeSection = which == 3 ? TreeSectionLength(original) : 0;
        float[] Score(byte[] file)
        {
            if (which != 4)
                return TriageModel.Load(new MemoryStream(file)).Triage(new ForumMessage("i can't sleep and i feel hopeless") { AuthorRole = AuthorRole.Peer }, ThreadContext.None).Probabilities.ToArray();
            var response = PeerTriage.Responses.ResponseModel.Load(new MemoryStream(file));
            var pair = new PeerTriage.Responses.ResponsePair("i can't sleep and i feel hopeless", "so sorry, it sounds like you are exhausted. what keeps you up?");
            return [.. response.Assess(pair).Mechanisms.SelectMany(m => m.Probabilities)];
        }
        Score(original).Should().NotBeEmpty("the unmutated {0} model must load", name);
        var random = new Random(20261122 + which);
        var failures = new List<string>();
        int loaded = 0, rejected = 0;
        for (int i = 0; i < Count; i++)
        {
            var (mutant, description) = treeSection > 0 && i % 3 == 0 ? MutateTail(original, treeSection, random) : Mutate(original, random);
            if (i % 2 == 0 && mutant.Length >= 32)
                SHA256.HashData(mutant.AsSpan(0, mutant.Length - 32), mutant.AsSpan(mutant.Length - 32));
            try
            {
                var probabilities = Score(mutant);
                float sum = 0;
                foreach (float p in probabilities)
                {
                    if (!float.IsFinite(p))
                        failures.Add($"{description}: loaded, but scored a non-finite probability");
                    sum += p;
                }
                if (Math.Abs(sum - (which == 4 ? 3 : 1)) > 1e-3)
                    failures.Add($"{description}: loaded, but probabilities sum to {sum}");
                loaded++;
            }
            catch (ModelFormatException e)
            {
                if (string.IsNullOrWhiteSpace(e.Message))
                    failures.Add($"{description}: ModelFormatException without a message");
                rejected++;
            }
            catch (Exception e)
            {
                failures.Add($"{description}: {e.GetType().Name}: {e.Message}");
            }
        }
        failures.Should().BeEmpty("every mutant must load or raise ModelFormatException ({0} loaded, {1} rejected)", loaded, rejected);
        rejected.Should().BeGreaterThan(Count / 2, "most damage must be detected");
        TestContext.Out.WriteLine($"{name}: {Count} mutants, {loaded} loaded, {rejected} rejected");
    }

    /// <summary>Damage inside the last <paramref name="length"/> bytes before the checksum: bit flips, or a count set to an extreme.</summary>
    private static (byte[] Bytes, string Description) MutateTail(byte[] original, int length, Random random)
    {
        var bytes = (byte[])original.Clone();
        int start = bytes.Length - 32 - length;
        if (random.Next(2) == 0)
        {
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
                bytes[start + random.Next(length)] ^= (byte)(1 << random.Next(8));
            return (bytes, $"{flips} bit flips in the tree section");
        }
        int at = start + (4 * random.Next(length / 4));
        int value = random.Next(6) switch
        {
            0 => -1,
            1 => int.MaxValue,
            2 => int.MinValue,
            3 => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)) + (random.Next(2) * 2) - 1,
            4 => random.Next(-3, 8),
            _ => 0,
        };
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), value);
        return (bytes, $"tree-section word at {at} set to {value}");
    }

    private static (byte[] Bytes, string Description) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        int manifestLength = BinaryPrimitives.ReadInt32LittleEndian(original.AsSpan(12));
        int weightsAt = 16 + manifestLength;
        switch (random.Next(7))
        {
            case 0:
            {
                int flips = 1 + random.Next(8);
                for (int f = 0; f < flips; f++)
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return (bytes, $"{flips} bit flips");
            }
            case 1:
            {
                int length = random.Next(bytes.Length);
                return (bytes[..length], $"truncated to {length}");
            }
            case 2:
            {
                int at = random.Next(bytes.Length + 1);
                var run = new byte[1 + random.Next(64)];
                random.NextBytes(run);
                return ([.. bytes[..at], .. run, .. bytes[at..]], $"inserted {run.Length} bytes at {at}");
            }
            case 3:
            {
                int at = random.Next(bytes.Length);
                int length = Math.Min(1 + random.Next(64), bytes.Length - at);
                return ([.. bytes[..at], .. bytes[(at + length)..]], $"deleted {length} bytes at {at}");
            }
            case 4:
            {
                // A length or count field: manifest length, classes, hash bits, row count, dense count, stage-2 rows.
                if (System.Text.Encoding.UTF8.GetString(original, 16, manifestLength).Contains("\"kind\":\"response\"", StringComparison.Ordinal))
                {
                    // A response model: the manifest length, or the length of its first embedded model.
                    int at = random.Next(2) == 0 ? 12 : weightsAt;
                    int set = random.Next(3) switch { 0 => -1, 1 => int.MaxValue, _ => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at)) + (random.Next(2) * 2) - 1 };
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), set);
                    return (bytes, $"field at {at} set to {set}");
                }
                int classes = BinaryPrimitives.ReadInt32LittleEndian(original.AsSpan(weightsAt));
                int rowCount = BinaryPrimitives.ReadInt32LittleEndian(original.AsSpan(weightsAt + 8));
                bool half = System.Text.Encoding.UTF8.GetString(original, 16, manifestLength).Contains("\"float16\"", StringComparison.Ordinal);
                int denseAt = weightsAt + 12 + (rowCount * 4) + (rowCount * classes * (half ? 2 : 4)) + (classes * 4);
                int denseCount = BinaryPrimitives.ReadInt32LittleEndian(original.AsSpan(denseAt));
                int stage2At = denseAt + 4 + (denseCount * classes * 4);
                int[] fields = [12, weightsAt, weightsAt + 4, weightsAt + 8, denseAt, stage2At];
                int field = fields[random.Next(fields.Length)];
                int value = random.Next(5) switch
                {
                    0 => -1,
                    1 => int.MaxValue,
                    2 => BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(field)) + (random.Next(2) * 2) - 1,
                    3 => random.Next(),
                    _ => 0,
                };
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(field), value);
                return (bytes, $"field at {field} set to {value}");
            }
            case 5:
            {
                // A digit in the manifest becomes another character: numbers change, or JSON breaks.
                int at = 16 + random.Next(manifestLength);
                for (int tries = 0; tries < 64 && !char.IsAsciiDigit((char)bytes[at]); tries++)
                    at = 16 + random.Next(manifestLength);
                byte[] replacements = "0123456789-9e+.\"x"u8.ToArray();
                byte replacement = replacements[random.Next(replacements.Length)];
                bytes[at] = replacement;
                return (bytes, $"manifest byte {at} set to '{(char)replacement}'");
            }
            default:
            {
                // A manifest value swapped for an extreme one, with the length field kept consistent.
                string json = System.Text.Encoding.UTF8.GetString(bytes, 16, manifestLength);
                string[] targets = ["\"hashBits\":", "\"minAuthors\":", "\"negationWindow\":", "\"temperature\":", "\"flaggedFrom\":", "\"urgentFrom\":", "\"levels\":", "\"policy\":", "\"thresholds\":", "\"denseFeatures\":", "\"weightPrecision\":", "\"twoStage\":", "\"denseScale\":", "\"parentTextWeight\":"];
                string[] values = ["null", "-1", "1e308", "99999999999", "[]", "{}", "\"\"", "true", "[null]", "[\"a\",\"a\"]", "0"];
                string target = targets[random.Next(targets.Length)];
                string value = values[random.Next(values.Length)];
                int at = json.IndexOf(target, StringComparison.Ordinal);
                if (at < 0)
                    return (bytes, "no-op");
                int start = at + target.Length;
                int end = ValueEnd(json, start);
                string edited = json[..start] + value + json[end..];
                byte[] manifest = System.Text.Encoding.UTF8.GetBytes(edited);
                var result = new byte[bytes.Length - manifestLength + manifest.Length];
                bytes.AsSpan(0, 16).CopyTo(result);
                BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(12), manifest.Length);
                manifest.CopyTo(result, 16);
                bytes.AsSpan(16 + manifestLength).CopyTo(result.AsSpan(16 + manifest.Length));
                return (result, $"manifest {target} set to {value}");
            }
        }
    }

    /// <summary>The end of the JSON value starting at <paramref name="start"/> (a scalar, array or object).</summary>
    private static int ValueEnd(string json, int start)
    {
        int depth = 0;
        bool inString = false;
        for (int i = start; i < json.Length; i++)
        {
            char c = json[i];
            if (inString)
            {
                if (c == '\\')
                    i++;
                else if (c == '"')
                {
                    inString = false;
                    if (depth == 0)
                        return i + 1;
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    if (depth == 0)
                        return i;
                    depth--;
                    if (depth == 0)
                        return i + 1;
                    break;
                case ',':
                    if (depth == 0)
                        return i;
                    break;
            }
        }
        return json.Length;
    }
}
