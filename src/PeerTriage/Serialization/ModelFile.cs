using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using PeerTriage.Decisions;
using PeerTriage.Explanations;
using PeerTriage.Features;

namespace PeerTriage.Serialization;

/// <summary>
/// Reads and writes the <c>.ptm</c> model format. Layout, all integers little-endian:
/// <code>
/// magic      8 bytes   89 'P' 'T' 'M' 0D 0A 1A 0A
/// version    u16 major, u16 minor
/// manifest   u32 length, then that many bytes of UTF-8 JSON (<see cref="ModelManifest"/>)
/// weights    u32 classes, u32 hash bits, u32 row count R,
///            R × u32 bucket (strictly increasing), R × classes × f32 weights, classes × f32 bias
/// checksum   SHA-256 of every byte before it
/// </code>
/// Only buckets with a non-zero weight are stored, so files stay small. No message text is ever written.
/// </summary>
internal static class ModelFile
{
    public const ushort Major = 1;
    public const ushort Minor = 0;

    private static ReadOnlySpan<byte> Magic => [0x89, (byte)'P', (byte)'T', (byte)'M', 0x0D, 0x0A, 0x1A, 0x0A];

    private const int HeaderLength = 8 + 2 + 2 + 4;
    private const int MaxManifestBytes = 16 << 20;
    private const long MaxFileBytes = 1L << 31;

    public static void Write(TriageModel model, Stream stream)
    {
        var manifest = ToManifest(model);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(manifest, ModelJsonContext.Default.ModelManifest);
        int classes = model.Scheme.Count;
        ReadOnlySpan<float> weights = model.Weights;
        int buckets = 1 << model.Features.HashBits;

        var rows = new List<int>();
        for (int b = 0; b < buckets; b++)
        {
            if (weights.Slice(b * classes, classes).ContainsAnyExcept(0f))
                rows.Add(b);
        }

        long length = HeaderLength + json.Length + 12L + rows.Count * 4L + (long)rows.Count * classes * 4 + classes * 4L + 32;
        var buffer = new byte[length];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], Major);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], Minor);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], json.Length);
        json.CopyTo(span[HeaderLength..]);
        int at = HeaderLength + json.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], classes);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], model.Features.HashBits);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 8)..], rows.Count);
        at += 12;
        foreach (int b in rows)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], b);
            at += 4;
        }
        foreach (int b in rows)
        {
            foreach (float w in weights.Slice(b * classes, classes))
            {
                BinaryPrimitives.WriteSingleLittleEndian(span[at..], w);
                at += 4;
            }
        }
        foreach (float w in model.Bias)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], w);
            at += 4;
        }
        SHA256.HashData(span[..at], span[at..]);
        stream.Write(buffer);
    }

    public static TriageModel Read(Stream stream, string? sourceName)
    {
        string where = sourceName is null ? "model" : $"model '{sourceName}'";
        byte[] bytes;
        try
        {
            bytes = ReadAll(stream, where);
        }
        catch (IOException e)
        {
            throw new ModelFormatException($"The {where} could not be read: {e.Message}", e);
        }
        try
        {
            return Parse(bytes, where);
        }
        catch (ModelFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or OverflowException or InvalidOperationException or NotSupportedException)
        {
            throw new ModelFormatException($"The {where} is not valid: {e.Message}", e);
        }
    }

    private static byte[] ReadAll(Stream stream, string where)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > MaxFileBytes)
                throw new ModelFormatException($"The {where} is {remaining:N0} bytes; the largest model this version reads is {MaxFileBytes:N0} bytes.");
            var exact = new byte[remaining];
            stream.ReadExactly(exact);
            return exact;
        }
        using var memory = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (memory.Length + read > MaxFileBytes)
                throw new ModelFormatException($"The {where} is larger than {MaxFileBytes:N0} bytes, the largest model this version reads.");
            memory.Write(chunk, 0, read);
        }
        return memory.ToArray();
    }

    private static TriageModel Parse(ReadOnlySpan<byte> bytes, string where)
    {
        if (bytes.Length < HeaderLength + 32 || !bytes[..8].SequenceEqual(Magic))
            throw new ModelFormatException($"The {where} is not a PeerTriage model (bad magic header).");
        ushort major = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        ushort minor = BinaryPrimitives.ReadUInt16LittleEndian(bytes[10..]);
        if (major > Major)
            throw new ModelFormatException($"The {where} has format version {major}.{minor}; this PeerTriage reads up to version {Major}.{Minor}. Upgrade PeerTriage to load it.");
        if (major < 1)
            throw new ModelFormatException($"The {where} has unknown format version {major}.{minor}.");

        var body = bytes[..^32];
        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(body, actual);
        if (!actual.SequenceEqual(bytes[^32..]))
            throw new ModelFormatException($"The {where} is corrupt: its SHA-256 checksum does not match (truncated or modified file).");

        int manifestLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        if (manifestLength <= 0 || manifestLength > MaxManifestBytes || manifestLength > body.Length - HeaderLength - 12)
            throw new ModelFormatException($"The {where} declares a manifest of {manifestLength} bytes, which does not fit in the file.");
        var manifest = JsonSerializer.Deserialize(body.Slice(HeaderLength, manifestLength), ModelJsonContext.Default.ModelManifest)
            ?? throw new ModelFormatException($"The {where} has an empty manifest.");
        var scheme = ReadScheme(manifest.Scheme, where);
        var features = ReadFeatures(manifest.Features, where);

        var reader = body[(HeaderLength + manifestLength)..];
        int classes = BinaryPrimitives.ReadInt32LittleEndian(reader);
        int hashBits = BinaryPrimitives.ReadInt32LittleEndian(reader[4..]);
        int rowCount = BinaryPrimitives.ReadInt32LittleEndian(reader[8..]);
        if (classes != scheme.Count)
            throw new ModelFormatException($"The {where} has weights for {classes} levels but its scheme has {scheme.Count}.");
        if (hashBits != features.HashBits)
            throw new ModelFormatException($"The {where} has weights for {hashBits} hash bits but its features declare {features.HashBits}.");
        int buckets = 1 << hashBits;
        long expected = 12L + rowCount * 4L + (long)rowCount * classes * 4 + classes * 4L;
        if (rowCount < 0 || rowCount > buckets || expected != reader.Length)
            throw new ModelFormatException($"The {where} declares {rowCount} weight rows, which does not match the {reader.Length - 12} bytes that follow.");

        var weights = new float[(long)buckets * classes];
        var bucketBytes = reader.Slice(12, rowCount * 4);
        var weightBytes = reader.Slice(12 + rowCount * 4, rowCount * classes * 4);
        int previous = -1;
        for (int r = 0; r < rowCount; r++)
        {
            int bucket = BinaryPrimitives.ReadInt32LittleEndian(bucketBytes[(r * 4)..]);
            if (bucket <= previous || bucket >= buckets)
                throw new ModelFormatException($"The {where} has weight row {r} at bucket {bucket}, out of order or out of range.");
            previous = bucket;
            for (int c = 0; c < classes; c++)
                weights[bucket * classes + c] = ReadFinite(weightBytes[((r * classes + c) * 4)..], where);
        }
        var bias = new float[classes];
        var biasBytes = reader[(12 + rowCount * 4 + rowCount * classes * 4)..];
        for (int c = 0; c < classes; c++)
            bias[c] = ReadFinite(biasBytes[(c * 4)..], where);

        var t = manifest.Training ?? throw new ModelFormatException($"The {where} has no training section.");
        var info = new ModelInfo
        {
            LibraryVersion = manifest.LibraryVersion ?? "",
            CreatedAt = manifest.CreatedAt,
            TrainingRows = t.Rows,
            RowsPerLevel = t.RowsPerLevel ?? [],
            TrainingDataSha256 = t.DataSha256 ?? "",
            L2 = t.L2,
            ClassWeighting = t.ClassWeighting ?? "",
            Iterations = t.Iterations,
            Converged = t.Converged,
        };
        var (policy, record) = ReadDecision(manifest.Decision, scheme, where);
        float temperature = manifest.Calibration?.Temperature ?? 1f;
        if (!(temperature > 0) || !float.IsFinite(temperature) || manifest.Calibration is { Method: not "temperature" })
            throw new ModelFormatException($"The {where} has an invalid calibration ({manifest.Calibration?.Method} {temperature}).");
        var vocabulary = manifest.Vocabulary is { } v
            ? new ExplanationVocabulary(v.MinAuthors, v.NGrams ?? throw new ModelFormatException($"The {where} has a vocabulary without n-grams."), features)
            : ExplanationVocabulary.Empty;
        return new TriageModel(scheme, features, weights, bias, info, policy, temperature, vocabulary, record);
    }

    private static (DecisionPolicy, DecisionRecord) ReadDecision(DecisionManifest? d, PriorityScheme scheme, string where)
    {
        try
        {
            var boundaries = (d?.FittedOn ?? []).Select(b => new BoundaryFit(scheme.IndexOf(b.Level), b.TargetRecall ?? double.NaN, b.Threshold, b.Recall, b.Precision)).ToArray();
            var targets = (d?.TargetRecall ?? []).Select(t => t ?? double.NaN).ToArray();
            switch (d?.Policy)
            {
                case "argmax":
                    return (new ArgmaxPolicy(scheme.Count), new DecisionRecord(DecisionPolicyKind.Argmax, targets, boundaries));
                case "recall-targets" when d.Thresholds is { } t && t.Length == scheme.Count:
                    return (new ThresholdPolicy(t), new DecisionRecord(DecisionPolicyKind.RecallTargets, targets, boundaries));
                case "cost-matrix" when d.Costs is { } c && c.Length == scheme.Count:
                    return (new CostMatrixPolicy(c), new DecisionRecord(DecisionPolicyKind.CostMatrix, targets, boundaries));
                default:
                    throw new ModelFormatException($"The {where} has decision policy '{d?.Policy}' without valid parameters for {scheme.Count} levels.");
            }
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"The {where} has an invalid decision policy: {e.Message}", e);
        }
    }

    private static DecisionManifest WriteDecision(TriageModel model)
    {
        var record = model.Decision;
        var d = new DecisionManifest
        {
            TargetRecall = record.Targets.Length == 0 ? null : record.Targets.Select(t => double.IsNaN(t) ? (double?)null : t).ToArray(),
            FittedOn = record.Boundaries.Length == 0 ? null : record.Boundaries.Select(b => new BoundaryManifest
            {
                Level = model.Scheme.NameOf(b.Level),
                TargetRecall = double.IsNaN(b.Target) ? null : b.Target,
                Threshold = b.Threshold,
                Recall = b.Recall,
                Precision = b.Precision,
            }).ToArray(),
        };
        switch (model.Policy)
        {
            case ThresholdPolicy t:
                d.Policy = "recall-targets";
                d.Thresholds = [.. t.Thresholds];
                break;
            case CostMatrixPolicy c:
                d.Policy = "cost-matrix";
                d.Costs = Enumerable.Range(0, c.LevelCount).Select(i => Enumerable.Range(0, c.LevelCount).Select(j => c.Cost(i, j)).ToArray()).ToArray();
                break;
            default:
                d.Policy = "argmax";
                break;
        }
        return d;
    }

    private static float ReadFinite(ReadOnlySpan<byte> bytes, string where)
    {
        float value = BinaryPrimitives.ReadSingleLittleEndian(bytes);
        if (!float.IsFinite(value))
            throw new ModelFormatException($"The {where} contains a weight that is not a finite number.");
        return value;
    }

    private static PriorityScheme ReadScheme(SchemeManifest? s, string where)
    {
        if (s?.Levels is null)
            throw new ModelFormatException($"The {where} has no priority scheme.");
        try
        {
            return new PriorityScheme(s.Levels, s.FlaggedFrom, s.UrgentFrom);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"The {where} has an invalid priority scheme: {e.Message}", e);
        }
    }

    private static FeatureOptions ReadFeatures(FeatureManifest? f, string where)
    {
        if (f?.WordNGrams is not { Length: 2 } || f.CharNGrams is not { Length: 2 })
            throw new ModelFormatException($"The {where} has no valid feature configuration.");
        var options = new FeatureOptions
        {
            HashBits = f.HashBits,
            WordNGrams = new NGramRange(f.WordNGrams[0], f.WordNGrams[1]),
            CharNGrams = new NGramRange(f.CharNGrams[0], f.CharNGrams[1]),
            SublinearTf = f.SublinearTf,
            L2Normalize = f.L2Normalize,
            MaxTextLength = f.MaxTextLength,
            MaxTokens = f.MaxTokens,
            IncludeSubject = f.IncludeSubject,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"The {where} has an invalid feature configuration: {e.Message}", e);
        }
        return options;
    }

    private static ModelManifest ToManifest(TriageModel model)
    {
        var f = model.Features;
        var i = model.Info;
        return new ModelManifest
        {
            LibraryVersion = i.LibraryVersion,
            CreatedAt = i.CreatedAt,
            Scheme = new SchemeManifest { Levels = [.. model.Scheme.Levels], FlaggedFrom = model.Scheme.FlaggedFrom, UrgentFrom = model.Scheme.UrgentFrom },
            Features = new FeatureManifest
            {
                HashBits = f.HashBits,
                WordNGrams = [f.WordNGrams.Min, f.WordNGrams.Max],
                CharNGrams = [f.CharNGrams.Min, f.CharNGrams.Max],
                SublinearTf = f.SublinearTf,
                L2Normalize = f.L2Normalize,
                MaxTextLength = f.MaxTextLength,
                MaxTokens = f.MaxTokens,
                IncludeSubject = f.IncludeSubject,
            },
            Decision = WriteDecision(model),
            Calibration = new CalibrationManifest { Method = "temperature", Temperature = model.Temperature },
            Vocabulary = new VocabularyManifest { MinAuthors = model.Vocabulary.MinAuthors, NGrams = [.. model.Vocabulary.NGrams] },
            Training = new TrainingManifest
            {
                Rows = i.TrainingRows,
                RowsPerLevel = [.. i.RowsPerLevel],
                DataSha256 = i.TrainingDataSha256,
                L2 = i.L2,
                ClassWeighting = i.ClassWeighting,
                Iterations = i.Iterations,
                Converged = i.Converged,
            },
        };
    }
}
