using SamClr.MLNet.Models;
using TorchSharp;

namespace SamClr.MLNet.Training.Monitoring;

/// <summary>
/// Observes the backbone while it is being pre-trained, e.g. to record a learning curve (see <c>Evaluation.KnnMonitor</c>).
/// <see cref="Pretrainer"/> calls it after every <see cref="PretrainingOptions.MonitorEveryEpochs"/>-th epoch and after the
/// last one.
/// </summary>
/// <remarks>
/// During the call the method is in evaluation mode, gradients are off and a dispose scope is open; training mode is
/// restored afterwards. The monitor gets no access to the loop's random source, so training is the same with and without
/// it, as long as the monitor leaves the backbone's weights and buffers alone and does not reseed TorchSharp's generator.
/// Time spent in the call is not counted in the run's elapsed time or images per second.
/// </remarks>
public interface IPretrainingMonitor
{
    /// <summary>Called at the end of a monitored epoch.</summary>
    /// <param name="backbone">The method's backbone in evaluation mode; read it, do not change or dispose it.</param>
    /// <param name="device">The device the backbone is on.</param>
    /// <param name="epoch">The epoch just finished, from 1.</param>
    /// <param name="step">Optimisation steps done so far in the whole run (including those before a resumed checkpoint).</param>
    /// <param name="elapsed">Training time so far, without the time spent in monitors.</param>
    void OnEpochEnd(Backbone backbone, torch.Device device, int epoch, int step, TimeSpan elapsed);
}
