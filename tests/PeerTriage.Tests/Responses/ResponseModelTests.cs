using PeerTriage.Explanations;
using PeerTriage.Responses;
using PeerTriage.Serialization;

namespace PeerTriage.Tests.Responses;

public class ResponseModelTests
{
    private static ResponseModel Model => ResponseTestData.Model;

    [Test]
    public void Assess_gives_every_mechanism_a_level_and_probabilities_that_sum_to_one()
    {
        var pair = new ResponsePair("I lost my job and I feel like a failure.", "I'm so sorry, sending hugs. It sounds like you feel alone. What has helped you before?");
        var assessment = Model.Assess(pair);
        assessment.Mechanisms.Select(m => m.Mechanism).Should().Equal(ResponseScheme.EmotionalReactions, ResponseScheme.Interpretations, ResponseScheme.Explorations);
        foreach (var m in assessment.Mechanisms)
        {
            m.Probabilities.Should().HaveCount(3);
            m.Probabilities.Sum().Should().BeApproximately(1f, 1e-4f);
            m.Level.Should().Be(ResponseMechanism.EpitomeLevels[m.LevelIndex]);
        }
        assessment[ResponseScheme.EmotionalReactions].Level.Should().Be("strong");
        assessment[ResponseScheme.Explorations].Level.Should().Be("strong");
        assessment.ShowsEmpathy.Should().BeTrue();
    }

    [Test]
    public void A_reply_without_any_mechanism_shows_no_empathy()
    {
        var pair = new ResponsePair("My dad is in hospital again.", "Ok. Go for a run.");
        Model.ShowsEmpathy(pair).Should().BeFalse();
        Model.Assess(pair).Mechanisms.Should().OnlyContain(m => m.LevelIndex == 0);
    }

    [Test]
    public void The_span_overload_matches_Assess_and_allocates_nothing_in_steady_state()
    {
        var pair = new ResponsePair("Exams are in two weeks and I haven't slept.", "That sucks. I get it. How are you feeling about talking to them?");
        var full = Model.Assess(pair);
        var buffer = new float[3];
        for (int m = 0; m < 3; m++)
        {
            Model.Assess(pair, m, buffer).Should().Be(full.Mechanisms[m].LevelIndex);
            buffer.Should().Equal(full.Mechanisms[m].Probabilities);
        }
        for (int i = 0; i < 10; i++)
            Model.Assess(pair, i % 3, buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            Model.Assess(pair, i % 3, buffer);
            Model.ShowsEmpathy(pair);
        }
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Test]
    public void Assessing_all_mechanisms_at_once_is_bit_identical_to_one_at_a_time_and_allocates_nothing()
    {
        // The all-mechanisms overload featurizes once and scores each mechanism; it must give exactly what each
        // mechanism's own Triage path gives.
        var pairs = ResponseTestData.Examples(60, seed: 11).Select(e => e.Pair)
            .Append(new ResponsePair("", ""))
            .Append(new ResponsePair("I can't sleep &amp; I'm scared 😞", "<b>So sorry</b> you're going through this.\r\nHave you tried talking to someone?"))
            .ToList();
        Model.SharesFeatures.Should().BeTrue("every mechanism of a trained model has the same pipeline");
        ResponseModel.Load(new MemoryStream(ResponseTestData.Save(Model))).SharesFeatures.Should().BeTrue("and so has a loaded one");
        int count = Model.Scheme.Count;
        var levels = new int[count];
        var all = new float[count * PriorityScheme.MaxLevels];
        var one = new float[3];
        foreach (var pair in pairs)
        {
            Model.Assess(pair, levels, all);
            for (int m = 0; m < count; m++)
            {
                Model.Assess(pair, m, one).Should().Be(levels[m]);
                all.AsSpan(m * PriorityScheme.MaxLevels, 3).ToArray().Should().Equal(one);
            }
        }
        var first = pairs[0];
        Model.Assess(first, levels, all);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
            Model.Assess(first, levels, all);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Test]
    public void Short_buffers_and_oversized_schemes_are_rejected_with_the_sizes()
    {
        var pair = new ResponsePair("a", "b");
        FluentActions.Invoking(() => Model.Assess(pair, new int[2], new float[3 * PriorityScheme.MaxLevels])).Should().Throw<ArgumentException>().WithMessage("*2 ints*3 mechanisms*");
        FluentActions.Invoking(() => Model.Assess(pair, new int[3], new float[3])).Should().Throw<ArgumentException>().WithMessage("*3 floats*need 48*");
        var many = Enumerable.Range(0, ResponseScheme.MaxMechanisms + 1).Select(i => ResponseMechanism.Create($"m{i}", "none", "some"));
        FluentActions.Invoking(() => new ResponseScheme(many)).Should().Throw<ArgumentException>().WithMessage("*at most 16 mechanisms; got 17*");
    }

    [Test]
    public void Bad_arguments_are_rejected_by_name()
    {
        var pair = new ResponsePair("a", "b");
        FluentActions.Invoking(() => Model.Assess(pair, 3, new float[3])).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*mechanisms 0..2*");
        FluentActions.Invoking(() => Model.Explain(pair, "warmth")).Should().Throw<ArgumentException>().WithMessage("*'warmth' is not a mechanism*emotional-reactions*");
        FluentActions.Invoking(() => Model.Assess(pair, 0, new float[2])).Should().Throw<ArgumentException>().WithMessage("*3 levels*");
    }

    [Test]
    public void Explanation_contributions_and_bias_add_up_to_the_logit_difference()
    {
        foreach (var example in ResponseTestData.Examples(30, seed: 99))
        {
            var e = Model.Explain(example.Pair, example.Mechanism);
            var x = e.Explanation;
            double sum = x.All.Sum(c => c.Contribution) + x.Other.Contribution + x.Bias.Contribution;
            sum.Should().BeApproximately(x.LogitDifference, 1e-6);
            var p = x.Result.Probabilities;
            if (p[x.ComparedWithIndex] > 1e-6f)
                x.LogitDifference.Should().BeApproximately(Math.Log(p[x.Result.LevelIndex]) - Math.Log(p[x.ComparedWithIndex]), 1e-3);
        }
    }

    [Test]
    public void Explanations_name_pair_features()
    {
        var pair = new ResponsePair("I feel worthless at work.", "It sounds like you feel worthless. What happened?");
        var e = Model.Explain(pair, ResponseScheme.Interpretations, top: 100);
        e.Explanation.All.Select(c => c.Feature).Should().Contain("pair.reflection");
    }

    [Test]
    public void Rationales_index_the_response_exactly_with_entities_emoji_and_CRLF()
    {
        string response = "Oh no \U0001F622 I&#39;m so sorry &amp; sending hugs.\r\nIt sounds like you feel completely alone with this.\r\nWhat has helped you before?";
        var pair = new ResponsePair("My partner left and the house is so quiet.", response);
        foreach (var (mechanism, options) in new[] { ResponseScheme.EmotionalReactions, ResponseScheme.Interpretations, ResponseScheme.Explorations }
            .SelectMany(m => new[] { (m, RationaleOptions.Default), (m, new RationaleOptions { Sentences = false, Threshold = 0.02 }) }))
        {
            var e = Model.Explain(pair, mechanism, rationale: options);
            e.Level.Should().Be("strong", mechanism);
            e.Rationales.Should().NotBeEmpty(mechanism);
            foreach (var span in e.Rationales)
            {
                span.Start.Should().BeGreaterThanOrEqualTo(0);
                (span.Start + span.Length).Should().BeLessThanOrEqualTo(response.Length);
                string text = response.Substring(span.Start, span.Length);
                text.Should().Be(text.Trim(), "a span starts and ends on a word");
                text.Should().NotContain("\r\n", "no span crosses the line breaks between these sentences in {0}", mechanism);
                span.Weight.Should().BePositive();
            }
        }
        Texts(pair, ResponseScheme.EmotionalReactions).Should().Contain(t => t.Contains("sorry") || t.Contains("hugs"));
        Texts(pair, ResponseScheme.Explorations).Should().Contain(t => t.Contains("What") || t.Contains("helped"));
        Texts(pair, ResponseScheme.Interpretations).Should().Contain(t => t.Contains("sounds like") || t.Contains("alone"));
    }

    [Test]
    public void A_span_over_an_entity_covers_the_whole_reference()
    {
        string response = "I&#39;m so sorry, sending hugs";
        var spans = Model.Explain(new ResponsePair("I lost my job.", response), ResponseScheme.EmotionalReactions, rationale: new RationaleOptions { Threshold = -1e9, Sentences = false }).Rationales;
        spans.Should().ContainSingle("every token scores above the threshold, so the whole reply is one span");
        response.Substring(spans[0].Start, spans[0].Length).Should().Be(response);
    }

    [Test]
    public void Sentence_rationales_widen_spans_to_their_sentences()
    {
        string response = "Hey. I'm so sorry you are going through this, sending hugs. Take it easy.";
        var pair = new ResponsePair("I lost my job.", response);
        var words = Model.Explain(pair, ResponseScheme.EmotionalReactions, rationale: new RationaleOptions { Sentences = false, Threshold = 0.02 }).Rationales;
        var sentences = Model.Explain(pair, ResponseScheme.EmotionalReactions, rationale: new RationaleOptions { Sentences = true, Threshold = 0.02 }).Rationales;
        words.Should().NotBeEmpty();
        foreach (var w in words)
            sentences.Should().Contain(s => s.Start <= w.Start && s.Start + s.Length >= w.Start + w.Length, "every word span lies in a sentence span");
        foreach (var s in sentences)
        {
            string text = response.Substring(s.Start, s.Length);
            text.Should().EndWith(".", "a sentence span runs to its full stop");
            (s.Start == 0 || response[s.Start - 2] == '.').Should().BeTrue("a sentence span starts at a sentence start: '{0}'", text);
        }
    }

    private static IEnumerable<string> Texts(ResponsePair pair, string mechanism) =>
        Model.Explain(pair, mechanism).Rationales.Select(s => pair.Response.Substring(s.Start, s.Length));

    [Test]
    public void Training_twice_with_the_same_seed_gives_byte_identical_files()
    {
        var again = ResponseModel.Train(ResponseTestData.Examples(), ResponseTestData.Options);
        ResponseTestData.Save(again).Should().Equal(ResponseTestData.Save(Model));
    }

    [Test]
    public void Save_load_save_is_byte_identical_and_scores_identically()
    {
        byte[] bytes = ResponseTestData.Save(Model);
        var loaded = ResponseModel.Load(new MemoryStream(bytes));
        ResponseTestData.Save(loaded).Should().Equal(bytes);
        loaded.Scheme.Describe().Should().Be(Model.Scheme.Describe());
        loaded.FormatVersion.Should().Be(ModelFile.CurrentVersion);
        foreach (var example in ResponseTestData.Examples(40, seed: 5))
        {
            var a = Model.Assess(example.Pair);
            var b = loaded.Assess(example.Pair);
            for (int m = 0; m < 3; m++)
                b.Mechanisms[m].Probabilities.Should().Equal(a.Mechanisms[m].Probabilities);
        }
    }

    [Test]
    public void Saving_to_a_path_round_trips()
    {
        string path = Path.Combine(Path.GetTempPath(), $"response-{Guid.NewGuid():N}.ptm");
        try
        {
            Model.Save(path);
            ResponseTestData.Save(ResponseModel.Load(path)).Should().Equal(ResponseTestData.Save(Model));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Each_loader_refuses_the_other_kind_by_name()
    {
        byte[] response = ResponseTestData.Save(Model);
        FluentActions.Invoking(() => TriageModel.Load(new MemoryStream(response))).Should().Throw<ModelFormatException>()
            .WithMessage("*is a response model; load it with ResponseModel.Load*");
        using var triage = new MemoryStream();
        Model.ModelFor(ResponseScheme.Explorations).Save(triage);
        FluentActions.Invoking(() => ResponseModel.Load(new MemoryStream(triage.ToArray()))).Should().Throw<ModelFormatException>()
            .WithMessage("*is a triage model; load it with TriageModel.Load*");
    }

    [Test]
    public void Corrupt_and_truncated_files_fail_with_ModelFormatException()
    {
        byte[] bytes = ResponseTestData.Save(Model);
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x10;
        FluentActions.Invoking(() => ResponseModel.Load(new MemoryStream(flipped))).Should().Throw<ModelFormatException>().WithMessage("*checksum*");
        FluentActions.Invoking(() => ResponseModel.Load(new MemoryStream(bytes[..(bytes.Length - 100)]))).Should().Throw<ModelFormatException>();
        FluentActions.Invoking(() => ResponseModel.Load(new MemoryStream(bytes[..10]))).Should().Throw<ModelFormatException>().WithMessage("*not a PeerTriage model*");
    }

    [Test]
    public void The_model_file_holds_no_text_from_fewer_than_K_responders()
    {
        // "sending hugs" appears in replies of many responders; the seeker posts never enter the vocabulary.
        string manifestText = System.Text.Encoding.UTF8.GetString(ResponseTestData.Save(Model));
        manifestText.Should().NotContain("house is so quiet").And.NotContain("lost my job");
        var oneAuthor = ResponseTestData.Examples(60).Select(e => e with { Pair = e.Pair with { ResponderId = null, Id = null }, Group = "only-one" }).ToList();
        var model = ResponseModel.Train(oneAuthor, ResponseTestData.Options with { ExplanationMinAuthors = 2 });
        string text = System.Text.Encoding.UTF8.GetString(ResponseTestData.Save(model));
        text.Should().NotContain("sorry").And.NotContain("sounds like");
    }

    [Test]
    public void Labels_may_be_names_or_EPITOME_digits_and_bad_ones_name_their_source()
    {
        var digits = ResponseTestData.Examples(60).Select(e => e with { Label = ResponseMechanism.EpitomeLevels.ToList().IndexOf(e.Label).ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        var model = ResponseModel.Train(digits, ResponseTestData.Options);
        model.Scheme.Count.Should().Be(3);
        var bad = ResponseTestData.Examples(60).ToList();
        bad[4] = bad[4] with { Label = "7", Source = "epitome.csv line 6" };
        FluentActions.Invoking(() => ResponseModel.Train(bad, ResponseTestData.Options)).Should().Throw<ArgumentException>()
            .WithMessage("epitome.csv line 6: label '7' is not a level of*");
        bad[4] = bad[4] with { Label = "weak", Mechanism = "warmth" };
        FluentActions.Invoking(() => ResponseModel.Train(bad, ResponseTestData.Options)).Should().Throw<ArgumentException>()
            .WithMessage("epitome.csv line 6: mechanism 'warmth' is not in the scheme*");
        var missing = ResponseTestData.Examples(60).Where(e => e.Mechanism != ResponseScheme.Explorations).ToList();
        FluentActions.Invoking(() => ResponseModel.Train(missing, ResponseTestData.Options)).Should().Throw<ArgumentException>()
            .WithMessage("Mechanism 'explorations' has no training examples*");
    }

    [Test]
    public void Custom_schemes_train_with_their_own_levels()
    {
        var scheme = new ResponseScheme([ResponseMechanism.Create("warmth", "cold", "warm")]);
        var examples = ResponseTestData.Examples(90).Where(e => e.Mechanism == ResponseScheme.EmotionalReactions)
            .Select(e => e with { Mechanism = "warmth", Label = e.Label == "strong" ? "warm" : "cold" }).ToList();
        var model = ResponseModel.Train(examples, ResponseTestData.Options with { Scheme = scheme });
        var result = model.Assess(new ResponsePair("I lost my job.", "I'm so sorry you are going through this, sending hugs."));
        result["warmth"].Level.Should().Be("warm");
        var loaded = ResponseModel.Load(new MemoryStream(ResponseTestData.Save(model)));
        loaded.Scheme.Mechanisms.Single().Levels.Levels.Should().Equal("cold", "warm");
    }
}
