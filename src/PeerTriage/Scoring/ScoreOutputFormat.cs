namespace PeerTriage.Scoring;

/// <summary>The file format <see cref="StreamingScorer"/> writes.</summary>
public enum ScoreOutputFormat
{
    /// <summary>
    /// Tab-separated values with a header: <c>id</c>, <c>level</c>, then <c>p_</c> and each level's name. Tabs and
    /// line breaks inside an id are written as spaces.
    /// </summary>
    Tsv,

    /// <summary>
    /// One JSON object per line: <c>{"id":"…","level":"…","probabilities":{"green":0.9,…}}</c>.
    /// </summary>
    JsonLines,
}
