namespace PeerTriage.Lexicons;

/// <summary>One term of a <see cref="Lexicon"/> in one category, with its weight.</summary>
/// <param name="Term">The word or phrase. In <see cref="Lexicon.Entries"/> it is canonical: lower case, apostrophes
/// removed, runs of three or more identical letters cut to two, emoticons in canonical spelling, words separated by
/// single spaces ("Don't   GIVE up" → "dont give up").</param>
/// <param name="Category">The category, such as "valence" or "self_harm".</param>
/// <param name="Weight">The weight: the valence on VADER's −4..+4 scale for sentiment lexicons, otherwise how much
/// one occurrence counts (1 by default).</param>
public sealed record LexiconEntry(string Term, string Category, double Weight);
