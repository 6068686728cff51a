using System.Text;
using PeerTriage.Data;

namespace PeerTriage.Cli.Tests;

/// <summary>
/// The newcomer's list of mistakes (issue 12): each gives one line in the CLI's words, naming the option or the
/// file:line, without .NET's wording, and writes nothing.
/// </summary>
[NonParallelizable]
public class CliErrorTableTests
{
    /// <summary>Text that only .NET would write: none of it may reach a user.</summary>
    private static readonly string[] DotNetWords =
        ["Parameter", "Actual value", "LineNumber", "BytePositionInLine", ".tmp-", "Could not find a part of the path", "   at ", "System."];

    private static string _dir = "";

    /// <summary>A mistake: the arguments ({name} is a file in the test folder), what the error must name, and what must not be written.</summary>
    public sealed record Case(string Name, string[] Args, string[] Names, string? NotWritten = null)
    {
        public override string ToString() => Name;
    }

    private static readonly string[] Demo = ["--data", "{demo.csv}", "--text-column", "body"];

    private static IEnumerable<TestCaseData> Cases() => new Case[]
    {
        // Option values.
        new("folds below 2", ["evaluate", .. Demo, "--folds", "1"], ["--folds must be at least 2"]),
        new("folds not a number", ["evaluate", .. Demo, "--folds", "abc"], ["--folds 'abc' is not a whole number", "(see peertriage evaluate --help)"]),
        new("more folds than rows", ["evaluate", "--data", "{tiny.csv}", "--folds", "10"], ["--folds 10", "4 rows"]),
        new("more folds than groups", ["evaluate", .. Demo, "--group-column", "author_id", "--folds", "300"], ["--folds 300", "--group-column 'author_id'"]),
        new("hash bits out of range", ["train", .. Demo, "--hash-bits", "40", "--out", "{never.ptm}"], ["--hash-bits must be between 10 and 24"], "never.ptm"),
        new("threads 0", ["score", "--model", "{model.ptm}", .. Demo, "--threads", "0"], ["--threads must be -1 (all cores) or at least 1"]),
        new("l2 negative", ["train", .. Demo, "--l2", "-1", "--out", "{never.ptm}"], ["--l2 must be"], "never.ptm"),
        new("seed not a number", ["evaluate", .. Demo, "--seed", "x"], ["--seed 'x'"]),
        new("top negative", ["explain", "--model", "{model.ptm}", "--text", "hi", "--top", "-1"], ["--top must be 0 or more"]),
        new("limit 0", ["explain", "--model", "{model.ptm}", .. Demo, "--limit", "0"], ["--limit must be at least 1"]),
        new("format unknown", ["score", "--model", "{model.ptm}", .. Demo, "--format", "xml"], ["--format 'xml' is not one of tsv, jsonl"]),
        new("learner unknown", ["train", .. Demo, "--learner", "forest", "--out", "{never.ptm}"], ["--learner 'forest' is not one of linear, fasttree"], "never.ptm"),
        new("trees 0", ["train", .. Demo, "--learner", "fasttree", "--trees", "0", "--out", "{never.ptm}"], ["--trees must be between 1 and 10000"], "never.ptm"),
        new("leaves 1", ["evaluate", .. Demo, "--learner", "fasttree", "--leaves", "1"], ["--leaves must be between 2 and 1024"]),
        new("learning rate above 1", ["train", .. Demo, "--learner", "fasttree", "--learning-rate", "2", "--out", "{never.ptm}"], ["--learning-rate must be above 0 and at most 1"], "never.ptm"),
        new("trees without fasttree", ["train", .. Demo, "--trees", "50", "--out", "{never.ptm}"], ["--trees applies to --learner fasttree only"], "never.ptm"),
        new("fasttree on n-grams only", ["evaluate", .. Demo, "--learner", "fasttree", "--features", "ngrams"], ["--learner fasttree reads lexicon or context features"]),
        new("unknown option", ["train", .. Demo, "--out", "{never.ptm}", "--bogus"], ["unknown option '--bogus'", "(see peertriage train --help)"], "never.ptm"),
        new("required option left out", ["train", .. Demo], ["--out is required"]),
        new("unknown command", ["trian"], ["unknown command 'trian'", "train"]),
        new("recall target of no level", ["evaluate", .. Demo, "--recall-target", "purple=0.9"], ["--recall-target 'purple=0.9'", "amber, red, crisis"]),
        new("recall target above 1", ["evaluate", .. Demo, "--recall-target", "crisis=1.5"], ["--recall-target 'crisis=1.5'"]),
        new("cost policy without costs", ["train", .. Demo, "--policy", "cost", "--out", "{never.ptm}"], ["--policy cost needs --costs"], "never.ptm"),
        new("costs of the wrong shape", ["train", .. Demo, "--policy", "cost", "--costs", "0,1;1,0", "--out", "{never.ptm}"], ["--costs must be 4 rows of 4 numbers"], "never.ptm"),
        new("unknown feature group", ["evaluate", .. Demo, "--features", "ngrams,vibes"], ["--features 'ngrams,vibes'", "vibes"]),
        new("two-stage alone", ["evaluate", .. Demo, "--features", "two-stage"], ["--features 'two-stage'", "lexicons or context"]),

        // Levels.
        new("one level", ["train", .. Demo, "--levels", "green", "--out", "{never.ptm}"], ["--levels 'green'", "at least 2 levels"], "never.ptm"),
        new("a level twice", ["train", .. Demo, "--levels", "green,Green,red", "--out", "{never.ptm}"], ["--levels", "'green' twice"], "never.ptm"),
        new("urgent-from not a level", ["train", .. Demo, "--levels", "green,amber,red,crisis", "--urgent-from", "purple", "--out", "{never.ptm}"], ["--urgent-from 'purple'"], "never.ptm"),
        new("urgent-from without levels", ["train", .. Demo, "--urgent-from", "crisis", "--out", "{never.ptm}"], ["--urgent-from needs --levels"], "never.ptm"),
        new("levels not in the data", ["train", .. Demo, "--levels", "low,high", "--out", "{never.ptm}"], ["demo.csv", "levels found: green, amber, red, crisis", "--levels"], "never.ptm"),

        // Data files.
        new("invalid JSON", ["train", "--data", "{bad.jsonl}", "--out", "{never.ptm}"], ["bad.jsonl:2: invalid JSON at column 24"], "never.ptm"),
        new("binary file", ["train", "--data", "{binary.csv}", "--out", "{never.ptm}"], ["binary.csv:1: not a text file"], "never.ptm"),
        new("binary file scored to stdout", ["score", "--model", "{model.ptm}", "--data", "{binary.csv}"], ["binary.csv:1: not a text file"]),
        new("UTF-16 without BOM", ["score", "--model", "{model.ptm}", "--data", "{utf16.csv}"], ["utf16.csv:1", "UTF-16 (little-endian)"]),
        new("Latin-1 text", ["train", "--data", "{latin1.csv}", "--out", "{never.ptm}"], ["latin1.csv:3: not UTF-8 text", "save the file as UTF-8"], "never.ptm"),
        new("bad row scored to stdout", ["score", "--model", "{model.ptm}", "--data", "{badrow.csv}", "--id-column", "id"], ["badrow.csv:4: unterminated quoted field"]),
        new("bad row scored to a file", ["score", "--model", "{model.ptm}", "--data", "{badrow.csv}", "--id-column", "id", "--out", "{scored.tsv}"], ["badrow.csv:4"], "scored.tsv"),
        new("bad row explained", ["explain", "--model", "{model.ptm}", "--data", "{badrow.csv}", "--id-column", "id"], ["badrow.csv:4"]),
        new("data file missing", ["train", "--data", "{missing.csv}", "--out", "{never.ptm}"], ["--data", "missing.csv: no such file"], "never.ptm"),
        new("data is a folder", ["score", "--model", "{model.ptm}", "--data", "{folder}"], ["--data", "is a folder"]),
        new("data extension unknown", ["train", "--data", "{notes.txt}", "--out", "{never.ptm}"], ["--data", "'.txt'", ".csv, .tsv or .jsonl"], "never.ptm"),
        new("text column blank", ["score", "--model", "{model.ptm}", "--data", "{demo.csv}", "--text-column", ""], ["--text-column must name a column"]),
        new("text column not in the file", ["score", "--model", "{model.ptm}", "--data", "{demo.csv}", "--text-column", "nope"], ["demo.csv:1: missing required column 'nope'"]),
        new("header only", ["train", "--data", "{header.csv}", "--out", "{never.ptm}"], ["header.csv: no labelled rows"], "never.ptm"),
        new("blank group", ["evaluate", "--data", "{blankgroup.csv}", "--group-column", "group"], ["blankgroup.csv:3", "--group-column 'group'"]),

        // Output files: checked before anything runs.
        new("out folder missing", ["train", .. Demo, "--out", "{nowhere/m.ptm}"], ["--out", "nowhere", "does not exist"]),
        new("out is a folder", ["train", .. Demo, "--out", "{folder}"], ["--out", "is a folder"]),
        new("out under a file", ["train", .. Demo, "--out", "{demo.csv}/m.ptm"], ["--out", "is a file, not a folder"]),
        new("score out folder missing", ["score", "--model", "{model.ptm}", .. Demo, "--out", "{nowhere/s.tsv}"], ["--out", "nowhere", "does not exist"]),
        new("predictions folder missing", ["evaluate", .. Demo, "--predictions", "{nowhere/p.tsv}"], ["--predictions", "nowhere", "does not exist"]),

        // Models.
        new("model missing", ["score", "--model", "{missing.ptm}", .. Demo], ["--model", "missing.ptm: no such file"]),
        new("model is a folder", ["explain", "--model", "{folder}", "--text", "hi"], ["--model", "is a folder"]),
        new("inspect without a model", ["inspect"], ["inspect --model MODEL"]),
        new("inspect a missing model", ["inspect", "--model", "{missing.ptm}"], ["--model", "missing.ptm: no such file"]),
        new("inspect two different models", ["inspect", "{model.ptm}", "--model", "{demo.csv}"], ["give the model once"]),
    }.Select(c => new TestCaseData(c).SetName("Error: " + c.Name));

    [OneTimeSetUp]
    public void WriteFiles()
    {
        _dir = Path.Combine(Path.GetTempPath(), "peertriage-errors-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_dir, "folder"));
        using (var file = File.Create(Path.Combine(_dir, "demo.csv")))
            DemoCorpus.OpenCsv().CopyTo(file);
        Write("tiny.csv", "text,label\na,green\nb,amber\nc,red\nd,crisis\n");
        Write("bad.jsonl", "{\"text\": \"hello\", \"label\": \"green\"}\n{\"text\": \"é\", \"label\": gre}\n");
        var binary = new byte[600];
        new Random(12).NextBytes(binary);
        binary[3] = 0;
        File.WriteAllBytes(Path.Combine(_dir, "binary.csv"), binary);
        File.WriteAllBytes(Path.Combine(_dir, "utf16.csv"), new UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetBytes("text,label\nhi,green\n"));
        File.WriteAllBytes(Path.Combine(_dir, "latin1.csv"), Encoding.Latin1.GetBytes("text,label\nfine,green\ncafé,amber\n"));
        Write("badrow.csv", "id,text\n1,hello\n2,fine\n3,\"never closed\n4,bye\n");
        Write("header.csv", "text,label\n");
        Write("blankgroup.csv", "text,label,group\na,green,g1\nb,amber,\nc,red,g2\n");
        Write("notes.txt", "text,label\nhi,green\n");
        var train = CliRunner.Run("train", "--data", Path.Combine(_dir, "demo.csv"), "--text-column", "body", "--hash-bits", "12", "--out", Path.Combine(_dir, "model.ptm"), "-q");
        train.ExitCode.Should().Be(0, train.StdErr);

        static void Write(string name, string text) => File.WriteAllText(Path.Combine(_dir, name), text);
    }

    [OneTimeTearDown]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [TestCaseSource(nameof(Cases))]
    public void A_mistake_gives_one_line_in_the_CLI_words_and_writes_nothing(Case mistake)
    {
        var args = mistake.Args.Select(a => a.Contains('{') ? a.Replace("{", _dir + Path.DirectorySeparatorChar).Replace("}", "") : a).ToArray();
        var before = Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order().ToList();

        var run = CliRunner.Run(args);

        run.ExitCode.Should().NotBe(0);
        var lines = run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle("an error is one line: {0}", run.StdErr);
        string line = lines[0];
        line.Should().StartWith("peertriage: error: ");
        foreach (string name in mistake.Names)
            line.Should().Contain(name);
        foreach (string word in DotNetWords)
            line.Should().NotContain(word);
        line.Length.Should().BeLessThan(400, "nothing is echoed at length");
        run.StdOut.Should().BeEmpty("a failed command prints no output and no help");
        if (mistake.NotWritten is { } notWritten)
            File.Exists(Path.Combine(_dir, notWritten)).Should().BeFalse();
        Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories).Order().Should().Equal(before, "a failure leaves no file behind");
    }

    [Test]
    public void Inspect_takes_the_model_as_an_option_or_an_argument()
    {
        string model = Path.Combine(_dir, "model.ptm");
        var option = CliRunner.Run("inspect", "--model", model);
        option.ExitCode.Should().Be(0, option.StdErr);
        option.StdOut.Should().StartWith("model.ptm: ").And.Contain("scheme: green < amber < red < crisis");
        CliRunner.Run("inspect", model).StdOut.Should().Be(option.StdOut);
    }

    [Test]
    public void Help_says_labels_match_levels_case_insensitively()
    {
        var help = CliRunner.Run("train", "--help");
        help.ExitCode.Should().Be(0);
        help.StdOut.Should().Contain("case-insensitively");
    }
}
