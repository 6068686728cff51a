namespace PeerTriage.Responses;

/// <summary>One answer to a question, as the helpfulness ranker sees it.</summary>
/// <param name="QuestionId">The question's id: answers with the same id are ranked against each other.</param>
/// <param name="Question">The question's text (title and body), for featurizers that compare answer and question.</param>
/// <param name="Text">The answer's text (forum HTML or plain text).</param>
public sealed record HelpfulnessAnswer(string QuestionId, string Question, string Text);

/// <summary>An answer with its weak helpfulness label, for training and evaluation.</summary>
/// <param name="Answer">The answer.</param>
/// <param name="Upvotes">Its upvotes (or any graded score, zero or more): within a question, more is taken as more helpful.</param>
public sealed record HelpfulnessExample(HelpfulnessAnswer Answer, double Upvotes);
