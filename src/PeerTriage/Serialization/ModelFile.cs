using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using PeerTriage.Decisions;
using PeerTriage.Explanations;
using PeerTriage.Features;
using PeerTriage.Learning;
using PeerTriage.Lexicons;
using PeerTriage.Training;

namespace PeerTriage.Serialization;

/// <summary>
/// Reads and writes the <c>.ptm</c> model format. Layout, all integers little-endian:
/// <code>
/// magic      8 bytes   89 'P' 'T' 'M' 0D 0A 1A 0A
/// version    u16 major, u16 minor
/// manifest   u32 length, then that many bytes of UTF-8 JSON (<see cref="ModelManifest"/>)
/// weights    u32 classes, u32 hash bits, u32 row count R,
///            R × u32 bucket (strictly increasing), R × classes × f32 weights, classes × f32 bias
/// since 1.1  u32 dense count D, D × classes × f32 dense weights (one stage);
///            u32 stage-2 rows S (0, or classes + dense features), S × classes × f32 weights, then, when S > 0,
///            classes × f32 stage-2 bias
/// since 1.3  tree section: u32 levels T (0: no tree stage; else classes, and S = 0), then when T > 0:
///            u32 inputs I (classes + dense features), T × f64 bias, and per level u32 tree count, per tree
///            u32 internal nodes N, N × i32 split feature, N × f32 threshold, N × i32 left child, N × i32 right child
///            (a child &lt; 0 is the leaf ~child), (N + 1) × f64 leaf values
/// checksum   SHA-256 of every byte before it
/// </code>
/// Only buckets with a non-zero weight are stored, so files stay small. No message text is ever written.
/// Version 1.0 files (n-grams only, no pipeline section) still load; files before 1.3 have no tree section.
/// Since 1.4 the pipeline section may hold pair features (<c>pipeline.pairs</c>) and the manifest may name its kind
/// (<c>"kind": "triage"</c>, the same as no kind).
/// <para>A response model (since 1.4) is one file of the same frame whose manifest is a <see cref="ResponseFileManifest"/>
/// with <c>"kind": "response"</c>:</para>
/// <code>
/// magic      8 bytes, as above
/// version    u16 major, u16 minor (1.4)
/// manifest   u32 length, then UTF-8 JSON: kind "response", libraryVersion, createdAt, and mechanisms: for each, its
///            name, its levels (lowest first) and the byte length of its model
/// models     per mechanism, in manifest order: u32 length L (equal to the manifest's), then L bytes: a complete
///            triage model file of this format (its own magic, version, manifest, weights and checksum)
/// checksum   SHA-256 of every byte before it
/// </code>
/// Loading a response file as a triage model (or the reverse) fails with a message naming the right loader.
/// </summary>
internal static class ModelFile
{
    public const ushort Major = 1;
    public const ushort Minor = 4;

    private static ReadOnlySpan<byte> Magic => [0x89, (byte)'P', (byte)'T', (byte)'M', 0x0D, 0x0A, 0x1A, 0x0A];

    private const int HeaderLength = 8 + 2 + 2 + 4;
    private const int MaxManifestBytes = 16 << 20;
    private const long MaxFileBytes = 1L << 31;

    // ResponseScheme.MaxMechanisms; repeated here because serialization sits below the Responses layer.
    private const int MaxResponseMechanisms = 16;

    /// <summary>
    /// The weight table is dense in memory (2^bits × levels floats), while files store only non-zero rows. A file may
    /// make the loader allocate at most this much, plus <see cref="TableBytesPerFileByte"/> per byte of file: every
    /// 2^20-bucket model with up to 16 levels loads whatever its size, and a tiny hostile file cannot ask for gigabytes.
    /// </summary>
    private const long TableBytesFloor = 64L << 20;
    private const long TableBytesPerFileByte = 32;

    public static string CurrentVersion => $"{Major}.{Minor}";

    /// <summary>The manifest kind of a triage model (also meant when a manifest names none).</summary>
    public const string TriageKind = "triage";

    /// <summary>The manifest kind of a response model.</summary>
    public const string ResponseKind = "response";

    public static void Write(TriageModel model, Stream stream, ModelSaveOptions options)
    {
        bool half = options.Precision == WeightPrecision.Float16;
        int ws = half ? 2 : 4;
        var manifest = ToManifest(model);
        manifest.WeightPrecision = half ? "float16" : "float32";
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(manifest, ModelJsonContext.Default.ModelManifest);
        int classes = model.Scheme.Count;
        ReadOnlySpan<float> weights = model.Weights;
        int buckets = 1 << model.Features.NGrams.HashBits;
        var set = model.WeightSet;
        int stage2Rows = set.Stage2 is null ? 0 : set.Stage2.Length / classes;

        var rows = new List<int>();
        for (int b = 0; b < buckets; b++)
        {
            if (weights.Slice(b * classes, classes).ContainsAnyExcept(0f))
                rows.Add(b);
        }

        byte[] treeSection = TreeSection(set.Trees);
        long length = HeaderLength + json.Length + 12L + rows.Count * 4L + (long)rows.Count * classes * ws + classes * 4L
            + 4 + set.Dense.Length * 4L + 4 + stage2Rows * classes * 4L + (stage2Rows > 0 ? classes * 4L : 0) + treeSection.Length + 32;
        var buffer = new byte[length];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], Major);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], Minor);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], json.Length);
        json.CopyTo(span[HeaderLength..]);
        int at = HeaderLength + json.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], classes);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], model.Features.NGrams.HashBits);
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
                if (half)
                    BinaryPrimitives.WriteHalfLittleEndian(span[at..], (Half)w);
                else
                    BinaryPrimitives.WriteSingleLittleEndian(span[at..], w);
                at += ws;
            }
        }
        at = WriteFloats(span, at, model.Bias);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], set.Dense.Length / classes);
        at = WriteFloats(span, at + 4, set.Dense);
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], stage2Rows);
        at = WriteFloats(span, at + 4, set.Stage2 ?? []);
        at = WriteFloats(span, at, set.Stage2Bias ?? []);
        treeSection.CopyTo(span[at..]);
        at += treeSection.Length;
        SHA256.HashData(span[..at], span[at..]);
        stream.Write(buffer);
    }

    /// <summary>The tree section (since 1.3): a u32 0 when there is no tree stage.</summary>
    private static byte[] TreeSection(TreeEnsemble? trees)
    {
        using var memory = new MemoryStream();
        using var w = new BinaryWriter(memory); // little-endian on every platform
        if (trees is null)
        {
            w.Write(0);
            return memory.ToArray();
        }
        w.Write(trees.Classes);
        w.Write(trees.Inputs);
        foreach (double b in trees.Bias)
            w.Write(b);
        foreach (var level in trees.Trees)
        {
            w.Write(level.Count);
            foreach (var tree in level)
            {
                w.Write(tree.NodeCount);
                foreach (int f in tree.Features)
                    w.Write(f);
                foreach (float t in tree.Thresholds)
                    w.Write(t);
                foreach (int l in tree.Left)
                    w.Write(l);
                foreach (int r in tree.Right)
                    w.Write(r);
                foreach (double v in tree.Leaves)
                    w.Write(v);
            }
        }
        w.Flush();
        return memory.ToArray();
    }

    /// <summary>
    /// Reads the tree section, which must fill <paramref name="rest"/> exactly. Every count is checked against the bytes
    /// left before anything is allocated; the trees themselves are checked by <see cref="RegressionTree"/> (children after
    /// parents, each node and leaf reached once, finite values) and <see cref="TreeEnsemble"/> (inputs in range).
    /// </summary>
    private static TreeEnsemble? ReadTreeSection(ReadOnlySpan<byte> rest, SecondStageManifest? stage, int classes, int dense, bool twoStage, string where)
    {
        if (rest.Length < 4)
            throw new ModelFormatException($"The {where} ends before its tree section.");
        int levels = BinaryPrimitives.ReadInt32LittleEndian(rest);
        if (stage is null)
        {
            if (levels != 0 || rest.Length != 4)
                throw new ModelFormatException($"The {where} has a tree section but its manifest names no second-stage learner.");
            return null;
        }
        if (!twoStage)
            throw new ModelFormatException($"The {where} has a tree stage ('{stage.Kind}') but its feature pipeline has one stage.");
        if (levels != classes)
            throw new ModelFormatException($"The {where} has a tree section for {levels} levels; its scheme has {classes}.");
        int at = 4;
        int Int(ReadOnlySpan<byte> bytes, string what)
        {
            if (bytes.Length - at < 4)
                throw new ModelFormatException($"The {where} ends inside its tree section (reading {what}).");
            int value = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            at += 4;
            return value;
        }
        int inputs = Int(rest, "the input count");
        if (inputs != classes + dense)
            throw new ModelFormatException($"The {where} has trees over {inputs} inputs; its pipeline stacks {classes} levels + {dense} dense features.");
        if ((long)classes * 8 > rest.Length - at)
            throw new ModelFormatException($"The {where} ends inside its tree section (reading the biases).");
        var bias = new double[classes];
        for (int c = 0; c < classes; c++, at += 8)
            bias[c] = ReadFiniteDouble(rest[at..], where, "tree bias");
        var trees = new RegressionTree[classes][];
        int total = 0;
        for (int c = 0; c < classes; c++)
        {
            int count = Int(rest, $"the tree count of level {c}");
            // A tree takes at least 12 bytes (a node count and one leaf).
            if (count < 0 || count > TreeEnsemble.MaxTrees - total || count * 12L > rest.Length - at)
                throw new ModelFormatException($"The {where} declares {count} trees for level {c}, which do not fit in the {rest.Length - at} bytes left (or exceed {TreeEnsemble.MaxTrees}).");
            total += count;
            trees[c] = new RegressionTree[count];
            for (int t = 0; t < count; t++)
            {
                int nodes = Int(rest, $"the node count of tree {t} of level {c}");
                long bytes = nodes * 16L + (nodes + 1L) * 8;
                if (nodes < 0 || nodes > TreeEnsemble.MaxNodesPerTree || bytes > rest.Length - at)
                    throw new ModelFormatException($"The {where} declares {nodes} nodes for tree {t} of level {c}, which do not fit in the {rest.Length - at} bytes left (or exceed {TreeEnsemble.MaxNodesPerTree}).");
                var feature = new int[nodes];
                var threshold = new float[nodes];
                var left = new int[nodes];
                var right = new int[nodes];
                var leaves = new double[nodes + 1];
                for (int i = 0; i < nodes; i++)
                    feature[i] = BinaryPrimitives.ReadInt32LittleEndian(rest[(at + i * 4)..]);
                at += nodes * 4;
                for (int i = 0; i < nodes; i++)
                    threshold[i] = ReadFinite(rest[(at + i * 4)..], where);
                at += nodes * 4;
                for (int i = 0; i < nodes; i++)
                    left[i] = BinaryPrimitives.ReadInt32LittleEndian(rest[(at + i * 4)..]);
                at += nodes * 4;
                for (int i = 0; i < nodes; i++)
                    right[i] = BinaryPrimitives.ReadInt32LittleEndian(rest[(at + i * 4)..]);
                at += nodes * 4;
                for (int i = 0; i <= nodes; i++)
                    leaves[i] = ReadFiniteDouble(rest[(at + i * 8)..], where, "leaf value");
                at += (nodes + 1) * 8;
                try
                {
                    trees[c][t] = new RegressionTree(feature, threshold, left, right, leaves);
                }
                catch (ArgumentException e)
                {
                    throw new ModelFormatException($"The {where} has an invalid tree {t} of level {c}: {e.Message}", e);
                }
            }
        }
        if (at != rest.Length)
            throw new ModelFormatException($"The {where} has {rest.Length - at} bytes after its tree section.");
        if (total != stage.Trees)
            throw new ModelFormatException($"The {where} has {total} trees; its manifest says {stage.Trees}.");
        try
        {
            return new TreeEnsemble(inputs, bias, trees);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"The {where} has an invalid tree stage: {e.Message}", e);
        }
    }

    private static double ReadFiniteDouble(ReadOnlySpan<byte> bytes, string where, string what)
    {
        double value = BinaryPrimitives.ReadDoubleLittleEndian(bytes);
        if (!double.IsFinite(value))
            throw new ModelFormatException($"The {where} contains a {what} that is not a finite number.");
        return value;
    }

    private static int WriteFloats(Span<byte> span, int at, ReadOnlySpan<float> values)
    {
        foreach (float w in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], w);
            at += 4;
        }
        return at;
    }

    /// <summary>Writes a response model: one embedded triage model per mechanism (see the layout above).</summary>
    public static void WriteResponse(IReadOnlyList<(string Name, TriageModel Model)> mechanisms, string libraryVersion, DateTimeOffset createdAt,
        Stream stream, ModelSaveOptions options)
    {
        var blocks = new byte[mechanisms.Count][];
        for (int m = 0; m < blocks.Length; m++)
        {
            using var memory = new MemoryStream();
            Write(mechanisms[m].Model, memory, options);
            blocks[m] = memory.ToArray();
        }
        var manifest = new ResponseFileManifest
        {
            Kind = ResponseKind,
            LibraryVersion = libraryVersion,
            CreatedAt = createdAt,
            Mechanisms = [.. mechanisms.Select((m, i) => new ResponseMechanismManifest { Name = m.Name, Levels = [.. m.Model.Scheme.Levels], Bytes = blocks[i].Length })],
        };
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(manifest, ModelJsonContext.Default.ResponseFileManifest);
        long length = HeaderLength + json.Length + blocks.Sum(b => 4L + b.Length) + 32;
        if (length > MaxFileBytes)
            throw new InvalidOperationException($"The response model would take {length:N0} bytes; the largest model this version writes is {MaxFileBytes:N0} bytes.");
        var buffer = new byte[length];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[8..], Major);
        BinaryPrimitives.WriteUInt16LittleEndian(span[10..], Minor);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], json.Length);
        json.CopyTo(span[HeaderLength..]);
        int at = HeaderLength + json.Length;
        foreach (byte[] block in blocks)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], block.Length);
            block.CopyTo(span[(at + 4)..]);
            at += 4 + block.Length;
        }
        SHA256.HashData(span[..at], span[at..]);
        stream.Write(buffer);
    }

    /// <summary>Reads a response model: its manifest and one triage model per mechanism, in manifest order.</summary>
    /// <exception cref="ModelFormatException">The bytes are not a valid response model; the message says what is wrong.</exception>
    public static (ResponseFileManifest Manifest, TriageModel[] Models) ReadResponse(Stream stream, string? sourceName) =>
        ReadChecked<(ResponseFileManifest, TriageModel[])>(stream, sourceName is null ? "response model" : $"response model '{sourceName}'", (bytes, where) => ParseResponse(bytes, where));

    private static (ResponseFileManifest, TriageModel[]) ParseResponse(ReadOnlySpan<byte> bytes, string where)
    {
        if (bytes.Length < HeaderLength + 32 || !bytes[..8].SequenceEqual(Magic))
            throw new ModelFormatException($"The {where} is not a PeerTriage model (bad magic header).");
        ushort major = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        ushort minor = BinaryPrimitives.ReadUInt16LittleEndian(bytes[10..]);
        if (major > Major)
            throw new ModelFormatException($"The {where} has format version {major}.{minor}; this PeerTriage reads up to version {Major}.{Minor}. Upgrade PeerTriage to load it.");
        var body = bytes[..^32];
        Span<byte> actual = stackalloc byte[32];
        SHA256.HashData(body, actual);
        if (!actual.SequenceEqual(bytes[^32..]))
            throw new ModelFormatException($"The {where} is corrupt: its SHA-256 checksum does not match (truncated or modified file).");
        int manifestLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        if (manifestLength <= 0 || manifestLength > MaxManifestBytes || manifestLength > body.Length - HeaderLength)
            throw new ModelFormatException($"The {where} declares a manifest of {manifestLength} bytes, which does not fit in the file.");
        var manifest = JsonSerializer.Deserialize(body.Slice(HeaderLength, manifestLength), ModelJsonContext.Default.ResponseFileManifest)
            ?? throw new ModelFormatException($"The {where} has an empty manifest.");
        switch (manifest.Kind)
        {
            case ResponseKind:
                break;
            case null or TriageKind:
                throw new ModelFormatException($"The {where} is a triage model; load it with TriageModel.Load.");
            default:
                throw new ModelFormatException($"The {where} is a model of kind '{manifest.Kind}', which this PeerTriage does not know. Upgrade PeerTriage to load it.");
        }
        if (major == 1 && minor < 4)
            throw new ModelFormatException($"The {where} says format {major}.{minor}, but response models exist since format 1.4.");
        var mechanisms = manifest.Mechanisms;
        if (mechanisms is null || mechanisms.Length == 0)
            throw new ModelFormatException($"The {where} lists no mechanisms.");
        if (mechanisms.Length > MaxResponseMechanisms)
            throw new ModelFormatException($"The {where} lists {mechanisms.Length} mechanisms; a response model has at most {MaxResponseMechanisms}.");
        var models = new TriageModel[mechanisms.Length];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int at = HeaderLength + manifestLength;
        for (int m = 0; m < mechanisms.Length; m++)
        {
            var mechanism = mechanisms[m] ?? throw new ModelFormatException($"The {where} has an empty mechanism entry {m}.");
            if (string.IsNullOrWhiteSpace(mechanism.Name) || !names.Add(mechanism.Name))
                throw new ModelFormatException($"The {where} has mechanism {m} with an empty or repeated name '{mechanism.Name}'.");
            string part = $"{where}, mechanism '{mechanism.Name}'";
            if (body.Length - at < 4)
                throw new ModelFormatException($"The {where} ends before the model of mechanism '{mechanism.Name}'.");
            int length = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
            if (length <= 0 || length != mechanism.Bytes || length > body.Length - at - 4)
                throw new ModelFormatException($"The {where} declares {length} bytes for the model of mechanism '{mechanism.Name}' (manifest: {mechanism.Bytes}), which do not fit in the file.");
            models[m] = Parse(body.Slice(at + 4, length), part);
            if (mechanism.Levels is null || !models[m].Scheme.Levels.SequenceEqual(mechanism.Levels, StringComparer.Ordinal))
                throw new ModelFormatException($"The {part} has levels {models[m].Scheme.Describe()}, which differ from the manifest's.");
            at += 4 + length;
        }
        if (at != body.Length)
            throw new ModelFormatException($"The {where} has {body.Length - at} bytes after its last mechanism.");
        return (manifest, models);
    }

    public static TriageModel Read(Stream stream, string? sourceName) =>
        ReadChecked(stream, sourceName is null ? "model" : $"model '{sourceName}'", (bytes, where) => Parse(bytes, where));

    /// <summary>
    /// Reads all bytes and parses them; every failure, from I/O to a malformed manifest, becomes a
    /// <see cref="ModelFormatException"/> naming <paramref name="where"/>. The one read path for both kinds of file.
    /// </summary>
    private static T ReadChecked<T>(Stream stream, string where, Func<byte[], string, T> parse)
    {
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
            return parse(bytes, where);
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
        switch (manifest.Kind)
        {
            case null or TriageKind:
                break;
            case ResponseKind:
                throw new ModelFormatException($"The {where} is a response model; load it with ResponseModel.Load.");
            default:
                throw new ModelFormatException($"The {where} is a model of kind '{manifest.Kind}', which this PeerTriage does not know. Upgrade PeerTriage to load it.");
        }
        var scheme = ReadScheme(manifest.Scheme, where);
        var features = ReadFeatures(manifest.Features, where);
        // One featurizer per model: it checks the pipeline here, sizes the dense section, and then scores.
        var featurizer = minor == 0 && major == 1
            ? new PipelineFeaturizer(FeaturePipeline.NGramsOnly.WithNGrams(features), scheme)
            : ReadPipeline(manifest.Pipeline, features, scheme, where);
        var pipeline = featurizer.Pipeline;
        int dense = featurizer.DenseCount;
        int ws = manifest.WeightPrecision switch
        {
            null or "float32" => 4,
            "float16" => 2,
            _ => throw new ModelFormatException($"The {where} stores weights as '{manifest.WeightPrecision}'; this PeerTriage reads float32 and float16."),
        };

        var reader = body[(HeaderLength + manifestLength)..];
        if (reader.Length < 12)
            throw new ModelFormatException($"The {where} ends before its weight section ({reader.Length} bytes after the manifest).");
        int classes = BinaryPrimitives.ReadInt32LittleEndian(reader);
        int hashBits = BinaryPrimitives.ReadInt32LittleEndian(reader[4..]);
        int rowCount = BinaryPrimitives.ReadInt32LittleEndian(reader[8..]);
        if (classes != scheme.Count)
            throw new ModelFormatException($"The {where} has weights for {classes} levels but its scheme has {scheme.Count}.");
        if (hashBits != features.HashBits)
            throw new ModelFormatException($"The {where} has weights for {hashBits} hash bits but its features declare {features.HashBits}.");
        int buckets = 1 << hashBits;
        long expected = 12L + rowCount * 4L + (long)rowCount * classes * ws + classes * 4L;
        bool extended = !(major == 1 && minor == 0);
        if (rowCount < 0 || rowCount > buckets || (extended ? expected > reader.Length : expected != reader.Length))
            throw new ModelFormatException($"The {where} declares {rowCount} weight rows, which does not match the {reader.Length - 12} bytes that follow.");

        long tableBytes = (long)buckets * classes * sizeof(float);
        if (tableBytes > TableBytesFloor + TableBytesPerFileByte * bytes.Length)
            throw new ModelFormatException($"The {where} declares 2^{hashBits} buckets × {classes} levels ({tableBytes:N0} bytes in memory), out of proportion to its {bytes.Length:N0} bytes; "
                + $"this version loads at most {TableBytesFloor:N0} + {TableBytesPerFileByte} × file size.");
        var weights = new float[(long)buckets * classes];
        var bucketBytes = reader.Slice(12, rowCount * 4);
        var weightBytes = reader.Slice(12 + rowCount * 4, rowCount * classes * ws);
        int previous = -1;
        for (int r = 0; r < rowCount; r++)
        {
            int bucket = BinaryPrimitives.ReadInt32LittleEndian(bucketBytes[(r * 4)..]);
            if (bucket <= previous || bucket >= buckets)
                throw new ModelFormatException($"The {where} has weight row {r} at bucket {bucket}, out of order or out of range.");
            previous = bucket;
            for (int c = 0; c < classes; c++)
            {
                var at = weightBytes[((r * classes + c) * ws)..];
                weights[bucket * classes + c] = ws == 2 ? ReadFiniteHalf(at, where) : ReadFinite(at, where);
            }
        }
        var bias = new float[classes];
        var biasBytes = reader[(12 + rowCount * 4 + rowCount * classes * ws)..];
        for (int c = 0; c < classes; c++)
            bias[c] = ReadFinite(biasBytes[(c * 4)..], where);
        bool treeSection = major > 1 || minor >= 3;
        if (!treeSection && manifest.SecondStage is not null)
            throw new ModelFormatException($"The {where} names a second-stage learner, which format {major}.{minor} cannot hold.");
        var weightSet = extended
            ? ReadDenseSections(reader[(int)expected..], bias, weights, classes, dense, pipeline.TwoStage, manifest.SecondStage, treeSection, where)
            : new ModelWeights(weights, bias, [], null, null);

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
            Warnings = [.. (t.Warnings ?? []).Select(w => new TrainingWarning(
                Enum.TryParse<TrainingWarningKind>(w.Kind, out var kind) ? kind : throw new ModelFormatException($"The {where} has a training warning of unknown kind '{w.Kind}'."),
                w.Message) { Level = w.Level, Count = w.Count, Target = w.Target, Reached = w.Reached })],
            Metrics = manifest.Metrics,
            SecondStageKind = manifest.SecondStage?.Kind,
            SecondStageSettings = manifest.SecondStage?.Settings ?? new Dictionary<string, string>(),
            FormatVersion = $"{major}.{minor}",
        };
        var (policy, record) = ReadDecision(manifest.Decision, scheme, where);
        float temperature = manifest.Calibration?.Temperature ?? 1f;
        if (!(temperature > 0) || !float.IsFinite(temperature) || manifest.Calibration is { Method: not "temperature" })
            throw new ModelFormatException($"The {where} has an invalid calibration ({manifest.Calibration?.Method} {temperature}).");
        var vocabulary = manifest.Vocabulary is { } v
            ? new ExplanationVocabulary(v.MinAuthors, v.NGrams ?? throw new ModelFormatException($"The {where} has a vocabulary without n-grams."), features)
            : ExplanationVocabulary.Empty;
        return new TriageModel(scheme, featurizer, weightSet, info, policy, temperature, vocabulary, record);
    }

    private static ModelWeights ReadDenseSections(ReadOnlySpan<byte> rest, float[] bias, float[] table, int classes, int dense, bool twoStage,
        SecondStageManifest? stage, bool treeSection, string where)
    {
        int expectedDense = twoStage ? 0 : dense;
        int expectedStage2 = twoStage && stage is null ? classes + dense : 0;
        long length = 4L + expectedDense * classes * 4L + 4 + expectedStage2 * classes * 4L + (expectedStage2 > 0 ? classes * 4L : 0);
        if ((treeSection ? rest.Length < length : rest.Length != length) || BinaryPrimitives.ReadInt32LittleEndian(rest) != expectedDense
            || BinaryPrimitives.ReadInt32LittleEndian(rest[(4 + expectedDense * classes * 4)..]) != expectedStage2)
            throw new ModelFormatException($"The {where} has dense or second-stage weights that do not match its feature pipeline ({dense} dense features, {(twoStage ? "two stages" : "one stage")}).");
        var denseWeights = ReadFloats(rest[4..], expectedDense * classes, where);
        int at = 4 + expectedDense * classes * 4 + 4;
        TreeEnsemble? trees = null;
        if (treeSection)
            trees = ReadTreeSection(rest[(int)length..], stage, classes, dense, twoStage, where);
        if (!twoStage)
            return new ModelWeights(table, bias, denseWeights, null, null);
        if (trees is not null)
            return new ModelWeights(table, bias, [], null, null, trees);
        var stage2 = ReadFloats(rest[at..], expectedStage2 * classes, where);
        var stage2Bias = ReadFloats(rest[(at + expectedStage2 * classes * 4)..], classes, where);
        return new ModelWeights(table, bias, [], stage2, stage2Bias);
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> bytes, int count, string where)
    {
        var result = new float[count];
        for (int i = 0; i < count; i++)
            result[i] = ReadFinite(bytes[(i * 4)..], where);
        return result;
    }

    private static PipelineFeaturizer ReadPipeline(PipelineManifest? p, NGramOptions ngrams, PriorityScheme scheme, string where)
    {
        if (p is null)
            throw new ModelFormatException($"The {where} has no feature pipeline section.");
        LexiconOptions? lexicons = null;
        if (p.Lexicons is { } l)
        {
            // A newer text analysis would read the text differently: refuse rather than score with the wrong features.
            if (l.TextAnalysis is { } version && version is < 1 or > LexiconOptions.CurrentTextAnalysisVersion)
            {
                throw new ModelFormatException($"The {where} was trained with text-analysis version {version}; this PeerTriage reads versions 1 to "
                    + $"{LexiconOptions.CurrentTextAnalysisVersion}. Upgrade PeerTriage to load it.");
            }
            try
            {
                lexicons = new LexiconOptions
                {
                    Risk = ReadLexicon(l.Risk, where),
                    Sentiment = ReadLexicon(l.Sentiment, where),
                    Extra = [.. (l.Extra ?? []).Select(e => ReadLexicon(e, where)!)],
                    NegationWindow = l.NegationWindow,
                    TextAnalysisVersion = l.TextAnalysis ?? 1,
                };
            }
            catch (ArgumentException e)
            {
                throw new ModelFormatException($"The {where} has invalid lexicon options: {e.Message}", e);
            }
        }
        ContextFeatureOptions? context = null;
        if (p.Context is { } c)
        {
            try
            {
                context = new ContextFeatureOptions
                {
                    Thread = c.Thread,
                    Board = c.Board,
                    ParentText = c.ParentText,
                    ParentTextWeight = c.ParentTextWeight,
                    ParentLevel = c.ParentLevel,
                    AuthorHistory = c.AuthorHistory,
                    TrainingDropout = c.TrainingDropout,
                };
            }
            catch (ArgumentException e)
            {
                throw new ModelFormatException($"The {where} has invalid context options: {e.Message}", e);
            }
        }
        PairFeatureOptions? pairs = null;
        if (p.Pairs is { } pm)
        {
            if (pm.TextAnalysis != LexiconOptions.CurrentTextAnalysisVersion)
            {
                throw new ModelFormatException($"The {where} has pair features read with text-analysis version {pm.TextAnalysis}; this PeerTriage reads "
                    + $"version {LexiconOptions.CurrentTextAnalysisVersion}. Use the PeerTriage version that wrote it.");
            }
            try
            {
                pairs = new PairFeatureOptions
                {
                    Lexicon = ReadLexicon(pm.Lexicon, where) ?? throw new ModelFormatException($"The {where} has pair features without a lexicon."),
                    Structure = pm.Structure,
                    SeekerEcho = pm.SeekerEcho,
                };
            }
            catch (ArgumentException e)
            {
                throw new ModelFormatException($"The {where} has invalid pair-feature options: {e.Message}", e);
            }
        }
        PipelineFeaturizer featurizer;
        try
        {
            var pipeline = new FeaturePipeline { NGrams = ngrams, Lexicons = lexicons, Context = context, Pairs = pairs, TwoStage = p.TwoStage, DenseScale = p.DenseScale };
            featurizer = new PipelineFeaturizer(pipeline, scheme);
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"The {where} has an invalid feature pipeline: {e.Message}", e);
        }
        if (!featurizer.DenseNames.SequenceEqual(p.DenseFeatures ?? [], StringComparer.Ordinal))
            throw new ModelFormatException($"The {where} lists dense features that differ from what its pipeline produces ({featurizer.DenseCount} features).");
        return featurizer;
    }

    private static Lexicon? ReadLexicon(LexiconManifest? m, string where)
    {
        if (m is null)
            return null;
        Lexicon lexicon;
        if (m.Entries is null)
        {
            if (!BuiltInLexicons.TryGet(m.Name, m.Version, out var builtIn) && !PairFeatureLexicon.TryGet(m.Name, m.Version, out builtIn))
                throw new ModelFormatException($"The {where} uses lexicon '{m.Name}' version '{m.Version}', which this PeerTriage does not ship.");
            lexicon = builtIn!;
        }
        else
        {
            try
            {
                lexicon = new Lexicon(m.Name, m.Entries.Select(e => new LexiconEntry(e.Term, e.Category, e.Weight)), m.Version);
            }
            catch (ArgumentException e)
            {
                throw new ModelFormatException($"The {where} has an invalid lexicon '{m.Name}': {e.Message}", e);
            }
        }
        if (!string.Equals(lexicon.Fingerprint, m.Fingerprint, StringComparison.Ordinal))
            throw new ModelFormatException($"The {where} expects lexicon '{m.Name}' version '{m.Version}' with fingerprint {m.Fingerprint}, but it rebuilds to {lexicon.Fingerprint}.");
        return lexicon;
    }

    private static PipelineManifest WritePipeline(TriageModel model)
    {
        var p = model.Features;
        return new PipelineManifest
        {
            Lexicons = p.Lexicons is not { } l ? null : new LexiconsManifest
            {
                Risk = WriteLexicon(l.Risk),
                Sentiment = WriteLexicon(l.Sentiment),
                Extra = [.. l.Extra.Select(e => WriteLexicon(e)!)],
                NegationWindow = l.NegationWindow,
                TextAnalysis = l.TextAnalysisVersion,
            },
            Context = p.Context is not { } c ? null : new ContextManifest
            {
                Thread = c.Thread,
                Board = c.Board,
                ParentText = c.ParentText,
                ParentTextWeight = c.ParentTextWeight,
                ParentLevel = c.ParentLevel,
                AuthorHistory = c.AuthorHistory,
                TrainingDropout = c.TrainingDropout,
            },
            Pairs = p.Pairs is not { } pairs ? null : new PairsManifest
            {
                Lexicon = WriteLexicon(pairs.Lexicon),
                Structure = pairs.Structure,
                SeekerEcho = pairs.SeekerEcho,
                TextAnalysis = LexiconOptions.CurrentTextAnalysisVersion,
            },
            TwoStage = p.TwoStage,
            DenseScale = p.DenseScale,
            DenseFeatures = [.. model.DenseFeatureNames],
        };
    }

    private static LexiconManifest? WriteLexicon(Lexicon? lexicon)
    {
        if (lexicon is null)
            return null;
        bool builtIn = (BuiltInLexicons.TryGet(lexicon.Name, lexicon.Version, out var shipped) || PairFeatureLexicon.TryGet(lexicon.Name, lexicon.Version, out shipped))
            && shipped!.Fingerprint == lexicon.Fingerprint;
        return new LexiconManifest
        {
            Name = lexicon.Name,
            Version = lexicon.Version,
            Fingerprint = lexicon.Fingerprint,
            Entries = builtIn ? null : [.. lexicon.Entries.Select(e => new LexiconEntryManifest { Term = e.Term, Category = e.Category, Weight = e.Weight })],
        };
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
                    var kind = d.Fitting switch
                    {
                        null or "recall-targets" => DecisionPolicyKind.RecallTargets,
                        "flagged-recall-then-f1" => DecisionPolicyKind.FlaggedRecallThenF1,
                        _ => throw new ModelFormatException($"The {where} has threshold fitting '{d.Fitting}', which this PeerTriage does not know."),
                    };
                    var objective = d.Objective switch
                    {
                        null or "boundary-f" => ThresholdObjective.BoundaryFBeta,
                        "macro-f1" => ThresholdObjective.MacroF1,
                        _ => throw new ModelFormatException($"The {where} has threshold objective '{d.Objective}', which this PeerTriage does not know."),
                    };
                    return (new ThresholdPolicy(t), new DecisionRecord(kind, targets, boundaries, objective, d.FBeta ?? 1));
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
                // Every threshold policy scores as "recall-targets"; how it was fitted is recorded beside it.
                d.Policy = "recall-targets";
                d.Thresholds = [.. t.Thresholds];
                d.Fitting = record.Kind == DecisionPolicyKind.FlaggedRecallThenF1 ? "flagged-recall-then-f1" : null;
                d.Objective = record.Objective == ThresholdObjective.MacroF1 ? "macro-f1"
                    : record.Kind == DecisionPolicyKind.FlaggedRecallThenF1 ? "boundary-f" : null;
                d.FBeta = record.FBeta == 1 ? null : record.FBeta;
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

    private static float ReadFiniteHalf(ReadOnlySpan<byte> bytes, string where)
    {
        Half value = BinaryPrimitives.ReadHalfLittleEndian(bytes);
        if (!Half.IsFinite(value))
            throw new ModelFormatException($"The {where} contains a weight that is not a finite number.");
        return (float)value;
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

    private static NGramOptions ReadFeatures(FeatureManifest? f, string where)
    {
        if (f?.WordNGrams is not { Length: 2 } || f.CharNGrams is not { Length: 2 })
            throw new ModelFormatException($"The {where} has no valid feature configuration.");
        var options = new NGramOptions
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
        var f = model.Features.NGrams;
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
            Pipeline = WritePipeline(model),
            Metrics = model.Info.Metrics,
            SecondStage = model.WeightSet.Trees is not { } trees ? null : new SecondStageManifest
            {
                Kind = model.Info.SecondStageKind ?? "trees",
                Settings = new Dictionary<string, string>(model.Info.SecondStageSettings, StringComparer.Ordinal),
                Trees = trees.TreeCount,
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
                Warnings = i.Warnings.Count == 0 ? null : [.. i.Warnings.Select(w => new WarningManifest { Kind = w.Kind.ToString(), Message = w.Message, Level = w.Level, Count = w.Count, Target = w.Target, Reached = w.Reached })],
            },
        };
    }
}
