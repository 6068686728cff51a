using System.Text;
using PeerTriage.Features;

namespace PeerTriage.Tests.Serialization;

/// <summary>
/// A saved model must not carry what one person wrote: a name and an e-mail address used by a single author appear
/// nowhere in the model's bytes, in any case, as UTF-8 or UTF-16, whatever the feature pipeline.
/// </summary>
public class PrivacyTests
{
    private const string Author = "only-author";
    private const string Name = "Zebediah Quillfeather";
    private const string Email = "zq.secret.1987@example.org";

    private static readonly string[] Secrets = [Name, "Zebediah", "Quillfeather", Email, "zq.secret.1987", Author];

    /// <summary>The demo corpus plus posts by one author that repeat the secrets, in several forms and at several levels.</summary>
    private static List<LabeledMessage> Corpus()
    {
        string[] bodies =
        [
            $"my name is {Name} and nobody here knows me",
            $"{Name.ToUpperInvariant()} again. email me at {Email} if you want to talk",
            $"i'm {Name}, i can't see a way out anymore and i have the pills saved up",
            $"<p>contact: <a href=\"mailto:{Email}\">{Email}</a></p> zebediah quillfeather's last post",
            $"Quillfeather family problems again... {Email}",
            $"thanks all, {Name.ToLowerInvariant()} is feeling a bit better today",
        ];
        string[] labels = ["amber", "amber", "crisis", "red", "amber", "green"];
        var rows = TestData.Corpus.ToList();
        for (int i = 0; i < bodies.Length; i++)
        {
            var message = new ForumMessage(bodies[i])
            {
                Id = $"secret-{i}",
                AuthorId = Author,
                Subject = i % 2 == 0 ? $"from {Name}" : null,
                Board = "general",
            };
            rows.Add(new LabeledMessage(message, labels[i]) { Group = Author });
        }
        return rows;
    }

    private static byte[] TrainAndSave(string pipeline, int explanationMinAuthors = 5)
    {
        var options = new TriageTrainingOptions
        {
            Features = FeaturePipeline.Parse(pipeline, NGramOptions.Default with { HashBits = 16 }),
            ExplanationMinAuthors = explanationMinAuthors,
        };
        using var stream = new MemoryStream();
        TriageModel.Train(Corpus(), options).Save(stream);
        return stream.ToArray();
    }

    /// <summary>The secrets found in the bytes, ignoring ASCII case, as UTF-8 or as UTF-16 of either byte order.</summary>
    private static List<string> Leaks(byte[] model)
    {
        // Folding every byte in 'A'..'Z' to lower case also folds ASCII letters inside UTF-16 code units.
        var folded = model.Select(b => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b).ToArray();
        var found = new List<string>();
        foreach (string secret in Secrets)
        {
            string lower = secret.ToLowerInvariant();
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode })
            {
                if (folded.AsSpan().IndexOf(encoding.GetBytes(lower)) >= 0)
                    found.Add($"{secret} ({encoding.WebName})");
            }
        }
        return found;
    }

    [TestCase("default")]
    [TestCase("ngrams,lexicons,context,two-stage")]
    public void One_authors_name_and_email_are_not_in_the_saved_model(string pipeline)
    {
        var bytes = TrainAndSave(pipeline);

        bytes.Length.Should().BeGreaterThan(1 << 16);
        Leaks(bytes).Should().BeEmpty();
    }

    [Test]
    public void The_search_would_find_a_name_the_model_kept()
    {
        // Control: an explanation vocabulary that keeps n-grams of a single author stores the name, and the search finds it.
        // The e-mail never becomes an n-gram (the tokenizer turns addresses into a placeholder), so only the name shows.
        var leaks = Leaks(TrainAndSave("default", explanationMinAuthors: 1));
        TestContext.Out.WriteLine($"found with a one-author vocabulary: {string.Join(", ", leaks)}");

        leaks.Should().Contain(l => l.StartsWith("Zebediah (", StringComparison.Ordinal) || l.StartsWith("Quillfeather (", StringComparison.Ordinal));
    }
}
