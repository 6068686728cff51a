namespace PeerTriage.Lexicons;

/// <summary>One occurrence of a lexicon term in a text, for explanations and highlighting.</summary>
/// <param name="Lexicon">The <see cref="Lexicons.Lexicon.Name"/> of the lexicon that matched.</param>
/// <param name="Category">The category the term belongs to (a term in several categories matches once per category).</param>
/// <param name="Term">The canonical term that matched.</param>
/// <param name="Weight">The term's weight in that category.</param>
/// <param name="Negated">True when a negation word ("not", "never", "don't", ...) comes shortly before the term in
/// the same clause, as in "I would never hurt myself".</param>
/// <param name="Start">Offset of the matched text in the text that was searched.</param>
/// <param name="Length">Length of the matched text, from its first word to its last.</param>
public readonly record struct LexiconMatch(string Lexicon, string Category, string Term, double Weight, bool Negated, int Start, int Length);
