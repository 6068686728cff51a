using System.CommandLine;
using PeerTriage.Data;
using PeerTriage.Responses;
using PeerTriage.Serialization;

namespace PeerTriage.Cli;

/// <summary>
/// The data options of the <c>responses</c> commands: files of (seeker post, response) pairs, their columns, and which
/// mechanism each file's labels are for.
/// </summary>
/// <remarks>
/// A labelled file's mechanism comes from, in order: <c>--data FILE=MECHANISM</c>; <c>--mechanism NAME</c> (for every
/// file without one of its own); <c>--mechanism-column C</c> (each row names it); or the file name, when it holds
/// exactly one EPITOME mechanism's name (EPITOME ships <c>explorations-reddit.csv</c> and so on). A name that is not
/// EPITOME's needs <c>--levels</c>.
/// </remarks>
internal sealed class ResponsesData
{
    public Option<string[]> Data { get; } = new("--data", "-d")
    {
        Description = "Labelled pairs (.csv, .tsv or .jsonl); repeat it for several files. Write FILE=MECHANISM to say which mechanism a file's "
            + "labels are for (EPITOME ships one file per mechanism).",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<FileInfo> OneFile { get; } = Cli.DataOption();

    public Option<string> Seeker { get; } = new("--seeker-column") { Description = "Column holding the seeker's post.", DefaultValueFactory = _ => "seeker_post" };

    public Option<string> Response { get; } = new("--response-column") { Description = "Column holding the response.", DefaultValueFactory = _ => "response_post" };

    public Option<string> Label { get; } = new("--label-column")
    {
        Description = "Column holding the gold level: a level name (none, weak, strong) or its index (EPITOME's 0, 1, 2).",
        DefaultValueFactory = _ => "level",
    };

    public Option<string?> Mechanism { get; } = new("--mechanism")
    {
        Description = "The mechanism the labels are for, for every --data file without =MECHANISM: emotional-reactions, interpretations or "
            + "explorations (or a name of your own with --levels).",
    };

    public Option<string?> MechanismColumn { get; } = new("--mechanism-column") { Description = "Column naming the mechanism of each row's label." };

    public Option<string?> Id { get; } = new("--id-column") { Description = "Column holding the response id. Without it, ids are 1-based data row numbers." };

    public Option<string?> Group { get; } = new("--group-column") { Description = "Column holding a group, such as the responder: training's inner folds keep a group together and the explanation "
        + "vocabulary counts groups as authors (evaluate's outer folds are stratified by level, not grouped)." };

    public Option<string?> Levels { get; } = new("--levels")
    {
        Description = "Comma-separated levels, lowest first, of every mechanism (default none,weak,strong); needed for a mechanism that is not EPITOME's.",
    };

    public Option<bool> SkipBadRows { get; } = Cli.SkipBadRows();

    /// <summary>The options for labelled data (train, evaluate).</summary>
    public IEnumerable<Option> Labelled => [Data, Seeker, Response, Label, Mechanism, MechanismColumn, Id, Group, Levels, SkipBadRows];

    /// <summary>The options for one unlabelled file (score, report).</summary>
    public IEnumerable<Option> Unlabelled => [OneFile, Seeker, Response, Id, SkipBadRows];

    public ResponseDatasetColumns Columns(ParseResult parse, bool labelled)
    {
        Cli.RequireColumns(parse, Seeker, Response);
        if (labelled)
            Cli.RequireColumns(parse, Label);
        return new ResponseDatasetColumns
        {
            SeekerPost = parse.GetValue(Seeker)!,
            Response = parse.GetValue(Response)!,
            Label = labelled ? parse.GetValue(Label) : null,
            Mechanism = labelled ? parse.GetValue(MechanismColumn) : null,
            Id = parse.GetValue(Id),
            Group = labelled ? parse.GetValue(Group) : null,
        };
    }

    /// <summary>A labelled file and the mechanism its labels are for (null: a column names it).</summary>
    public sealed record Spec(string Path, string? Mechanism);

    /// <summary>
    /// The labelled files and the scheme of the mechanisms they hold. With <paramref name="fixedScheme"/> (a trained
    /// model's), mechanisms must be among its; otherwise EPITOME's, or any name with --levels.
    /// </summary>
    public (List<Spec> Files, ResponseScheme Scheme) Specs(ParseResult parse, ResponseDatasetColumns columns, ResponseScheme? fixedScheme)
    {
        string? mechanism = parse.GetValue(Mechanism);
        string? column = parse.GetValue(MechanismColumn);
        string? levels = parse.GetValue(Levels);
        if (mechanism is not null && column is not null)
            throw new CliException($"--mechanism and --mechanism-column both say which mechanism the labels are for; give one.");
        if (fixedScheme is not null && levels is not null)
            throw new CliException("--levels cannot be used with --model: the model's levels are fixed.");
        string[] levelNames = [];
        if (levels is not null)
        {
            levelNames = levels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (levelNames.Length < 2)
                throw new CliException($"--levels '{levels}': a mechanism needs at least 2 levels, lowest first (for example --levels none,weak,strong).");
            if (levelNames.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new CliException($"--levels '{levels}' names '{twice.Key}' twice (level names match case-insensitively).");
        }

        var specs = new List<Spec>();
        foreach (string given in parse.GetValue(Data) ?? [])
        {
            var (file, named) = Split(given);
            string path = Cli.RequireDataFile("--data", new FileInfo(file));
            if (named is not null && column is not null)
                throw new CliException($"--data {given} names a mechanism, and --mechanism-column names one per row; use one.");
            string? m = named ?? mechanism;
            if (m is null && column is null)
            {
                m = FromFileName(path) ?? (fixedScheme is { Count: 1 } ? fixedScheme.Mechanisms[0].Name : null)
                    ?? throw new CliException($"--data {path}: which mechanism are its labels for? Write --data {Path.GetFileName(path)}=explorations "
                        + "(or emotional-reactions, interpretations), pass --mechanism NAME, or --mechanism-column COLUMN.");
            }
            specs.Add(new Spec(path, m));
        }

        // The mechanisms: named ones, then those the mechanism column holds, each with where it was named.
        var names = new List<(string Name, string Where)>();
        foreach (var spec in specs)
        {
            if (spec.Mechanism is { } m)
                names.Add((m, $"--data {spec.Path}"));
            else
                names.AddRange(ColumnMechanisms(spec.Path, columns));
        }
        var mechanisms = new List<ResponseMechanism>();
        foreach (var (name, where) in names)
        {
            if (mechanisms.Exists(x => x.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                continue;
            if (fixedScheme is not null)
            {
                int i = fixedScheme.IndexOf(name);
                if (i < 0)
                    throw new CliException($"{where}: mechanism '{name}' is not one the model assesses ({string.Join(", ", fixedScheme.Mechanisms.Select(x => x.Name))}).");
                mechanisms.Add(fixedScheme.Mechanisms[i]);
            }
            else if (levelNames.Length > 0)
            {
                mechanisms.Add(ResponseMechanism.Create(name, levelNames));
            }
            else if (ResponseScheme.Epitome.IndexOf(name) is var e and >= 0)
            {
                mechanisms.Add(ResponseScheme.Epitome.Mechanisms[e]);
            }
            else
            {
                throw new CliException($"{where}: mechanism '{name}' is not one of EPITOME's ({string.Join(", ", ResponseScheme.Epitome.Mechanisms.Select(x => x.Name))}); "
                    + "for a mechanism of your own, pass --levels with its levels, lowest first.");
            }
        }
        // EPITOME's mechanisms in EPITOME's order, as its papers list them; others as they came.
        var order = fixedScheme ?? ResponseScheme.Epitome;
        mechanisms = [.. mechanisms.OrderBy(x => order.IndexOf(x.Name) is var i && i >= 0 ? i : int.MaxValue)];
        var scheme = new ResponseScheme(mechanisms);
        return ([.. specs.Select(s => s with { Mechanism = s.Mechanism is null ? null : scheme.Mechanisms[scheme.IndexOf(s.Mechanism)].Name })], scheme);
    }

    /// <summary>
    /// Loads every file's labelled pairs. Each file must have rows; with <paramref name="requireEveryLevel"/> (training,
    /// cross-validation) each mechanism needs rows of each of its levels.
    /// </summary>
    public List<LabeledResponse> Load(List<Spec> files, ResponseDatasetColumns columns, ResponseScheme scheme, Cli.BadRows? badRows, bool requireEveryLevel)
    {
        var all = new List<LabeledResponse>();
        foreach (var file in files)
        {
            long skippedBefore = badRows?.Count ?? 0;
            var rows = ResponseDataset.LoadLabeled(file.Path, columns, scheme, file.Mechanism, badRows?.ReadOptions);
            if (rows.Count == 0)
            {
                badRows?.Report();
                throw new CliException($"{Path.GetFileName(file.Path)}: no labelled rows to use"
                    + (badRows is not null && badRows.Count > skippedBefore ? " (every row was skipped as bad)." : " (the file has no data rows)."));
            }
            all.AddRange(rows);
        }
        badRows?.Report();
        if (columns.Group is { } group && all.FirstOrDefault(r => r.Group is null) is { } ungrouped)
            throw new CliException($"{ungrouped.Source}: --group-column '{group}' is blank on this row; every row needs a group.");
        if (requireEveryLevel)
        {
            foreach (var m in scheme.Mechanisms)
            {
                var counts = new int[m.Levels.Count];
                foreach (var row in all)
                {
                    if (row.Mechanism == m.Name)
                        counts[m.Levels.IndexOf(row.Label)]++;
                }
                var missing = m.Levels.Levels.Where((_, j) => counts[j] == 0).ToList();
                if (missing.Count > 0)
                {
                    var present = m.Levels.Levels.Where((_, j) => counts[j] > 0).ToList();
                    string found = present.Count == 0 ? "none" : string.Join(", ", present);
                    throw new CliException($"mechanism '{m.Name}' has no {string.Join(", ", missing.Select(l => $"'{l}'"))} rows in the data (levels found: {found}); "
                        + (present.Count >= 2 ? $"pass --levels {string.Join(",", present)}, or add examples." : "every level needs examples."));
                }
            }
        }
        return all;
    }

    /// <summary>Splits <c>FILE=MECHANISM</c>; a value that is an existing file, or has nothing after '=', is a file.</summary>
    private static (string File, string? Mechanism) Split(string value)
    {
        int eq = value.LastIndexOf('=');
        if (eq <= 0 || eq == value.Length - 1 || File.Exists(value))
            return (value, null);
        string mechanism = value[(eq + 1)..].Trim();
        if (mechanism.Contains('/') || mechanism.Contains('\\'))
            return (value, null);
        return (value[..eq], mechanism);
    }

    /// <summary>The EPITOME mechanism a file name holds (such as explorations-reddit.csv), when it holds exactly one.</summary>
    private static string? FromFileName(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        var found = ResponseScheme.Epitome.Mechanisms.Where(m => name.Contains(m.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        return found.Count == 1 ? found[0].Name : null;
    }

    /// <summary>The distinct values of the mechanism column, each with the file:line where it first appears. Bad rows are passed over here; loading reports them.</summary>
    private static List<(string Name, string Where)> ColumnMechanisms(string path, ResponseDatasetColumns columns)
    {
        var seen = new List<(string, string)>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in ResponseDataset.Read(path, columns with { Label = null, Id = null }, new DatasetReadOptions { OnBadRow = _ => { } }))
        {
            if (record.Mechanism is { } m && names.Add(m))
                seen.Add((m, $"{Path.GetFileName(path)}:{record.Line}"));
        }
        return seen;
    }

    /// <summary>Loads a response model; a triage model (or any other file) gets a message in the CLI's words.</summary>
    public static ResponseModel LoadModel(string option, FileInfo file)
    {
        string path = Cli.RequireFile(option, file);
        try
        {
            return ResponseModel.Load(path);
        }
        catch (ModelFormatException e) when (e.Message.Contains("is a triage model", StringComparison.Ordinal))
        {
            throw new CliException($"{option} {path} is a triage model (from peertriage train); this needs a response model, from peertriage responses train.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{option} {path}: cannot read it ({(e is UnauthorizedAccessException ? "permission denied" : Cli.OneLine(e.Message))}).");
        }
    }
}
