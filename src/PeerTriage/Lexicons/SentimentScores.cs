namespace PeerTriage.Lexicons;

/// <summary>VADER-style sentiment of a text.</summary>
/// <param name="Positive">Share of the text's sentiment mass that is positive, 0..1.</param>
/// <param name="Negative">Share that is negative, 0..1.</param>
/// <param name="Neutral">Share that is neutral (words without sentiment), 0..1. The three shares sum to 1 for any
/// text with at least one token, and are all 0 for a text without tokens.</param>
/// <param name="Compound">The normalized sum of valences, −1 (most negative) .. +1 (most positive).</param>
public readonly record struct SentimentScores(double Positive, double Negative, double Neutral, double Compound);
