namespace PeerTriage;

/// <summary>Where training is: the phase, the step within it, time so far and an estimate of the time left.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Step">0 when the phase starts; then the fits of the phase done so far (inner folds, or 1 for the final fit).</param>
/// <param name="Steps">0 when the phase starts; then how many fits the phase has.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Remaining">
/// Estimated time left, from the average time of the fits done so far (each inner fold and the final fit are counted as
/// one fit each); null until a fit has finished.
/// </param>
public sealed record TrainingProgress(TrainingPhase Phase, int Step, int Steps, TimeSpan Elapsed, TimeSpan? Remaining);
