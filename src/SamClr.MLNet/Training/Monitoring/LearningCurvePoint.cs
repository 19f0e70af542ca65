namespace SamClr.MLNet.Training.Monitoring;

/// <summary>One measurement of a learning curve.</summary>
/// <param name="Epoch">The epoch after which it was taken, from 1.</param>
/// <param name="Step">Optimisation steps done by then.</param>
/// <param name="KnnTop1">kNN top-1 accuracy on the held-out set, in percent (0-100).</param>
/// <param name="Elapsed">Training time by then, without the time spent evaluating.</param>
public sealed record LearningCurvePoint(int Epoch, int Step, double KnnTop1, TimeSpan Elapsed);
