using SamClr.MLNet.Compute;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SamClr.MLNet.Training;

/// <summary>
/// SGD with momentum (or Adam) and L2 weight decay: TorchSharp's optimiser holds the state (the momentum buffers,
/// Adam's moments and step count, which checkpoints read and restore), and this class applies the update with the
/// arithmetic of TorchSharp's <c>SGD.step</c> and <c>Adam.step</c> (PyTorch's, with dampening 0, no Nesterov, no
/// AMSGrad), passing every number to libtorch as a Scalar that lives until the call returns.
/// </summary>
/// <remarks>
/// TorchSharp's own <c>step()</c> converts its hyperparameters to temporary Scalars that a garbage collection on
/// another thread can free during the native call (see <see cref="Scalars"/>); the view loader's threads allocate
/// while the training thread steps, so the loop updates the parameters here instead.
/// </remarks>
internal sealed class ParameterUpdater : IDisposable
{
    private const double AdamBeta1 = 0.9, AdamBeta2 = 0.999, AdamEpsilon = 1e-8; // TorchSharp's and PyTorch's defaults.

    private readonly double _momentum;
    private readonly double _weightDecay;
    private readonly Parameter[] _parameters;
    private readonly IReadOnlyList<OptimizerState> _states;

    /// <summary>Creates the state for <paramref name="parameters"/>.</summary>
    internal ParameterUpdater(IEnumerable<Parameter> parameters, OptimizerKind kind, double learningRate, double momentum, double weightDecay)
    {
        _parameters = parameters.ToArray();
        _momentum = kind == OptimizerKind.Sgd ? momentum : 0;
        _weightDecay = weightDecay;
        LearningRate = learningRate;
        State = kind == OptimizerKind.Adam
            ? optim.Adam(_parameters, learningRate, weight_decay: weightDecay)
            : optim.SGD(_parameters, learningRate, momentum: momentum, weight_decay: weightDecay);
        // The optimiser's own state objects, one per parameter in order; checkpoints restore into these same objects.
        _states = ((OptimizerHelper)State).state_dict().State;
    }

    /// <summary>TorchSharp's optimiser, as the holder of the state that checkpoints save and restore.</summary>
    internal optim.Optimizer State { get; }

    /// <summary>The learning rate of the next <see cref="Step"/>.</summary>
    internal double LearningRate { get; set; }

    /// <summary>Clears the parameters' gradients.</summary>
    internal void ZeroGrad() => State.zero_grad();

    /// <summary>Updates every parameter that has a gradient.</summary>
    internal void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        using var descent = (-LearningRate).ToScalar();
        using var decay = _weightDecay.ToScalar();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var parameter = _parameters[i];
            var gradient = parameter.grad;
            if (gradient is null) continue;
            if (_weightDecay != 0) gradient = gradient.add(parameter, decay);
            if (_states[i] is Adam.State adam) AdamUpdate(parameter, gradient, adam);
            else SgdUpdate(parameter, gradient, (SGD.State)_states[i], descent);
        }
    }

    /// <inheritdoc />
    public void Dispose() => State.Dispose();

    private void SgdUpdate(Parameter parameter, Tensor gradient, SGD.State state, Scalar descent)
    {
        if (_momentum != 0)
        {
            if (state.momentum_buffer is null)
            {
                state.momentum_buffer = gradient.clone().detach().DetachFromDisposeScope();
            }
            else
            {
                using var momentum = _momentum.ToScalar();
                state.momentum_buffer.mul_(momentum).add_(gradient, Scalars.One);
            }
            gradient = state.momentum_buffer;
        }
        parameter.add_(gradient, descent);
    }

    private void AdamUpdate(Parameter parameter, Tensor gradient, Adam.State state)
    {
        state.step += 1;
        double firstCorrection = 1 - Math.Pow(AdamBeta1, state.step);
        double secondCorrection = 1 - Math.Pow(AdamBeta2, state.step);
        using var beta1 = AdamBeta1.ToScalar();
        using var oneMinusBeta1 = (1 - AdamBeta1).ToScalar();
        using var beta2 = AdamBeta2.ToScalar();
        using var oneMinusBeta2 = (1 - AdamBeta2).ToScalar();
        using var correction = Math.Sqrt(secondCorrection).ToScalar();
        using var epsilon = AdamEpsilon.ToScalar();
        using var stepSize = (-LearningRate / firstCorrection).ToScalar();
        state.exp_avg.mul_(beta1).add_(gradient, oneMinusBeta1);
        state.exp_avg_sq.mul_(beta2).addcmul_(gradient, gradient, oneMinusBeta2);
        var denominator = state.exp_avg_sq.sqrt().div_(correction).add_(epsilon, Scalars.One);
        parameter.addcdiv_(state.exp_avg, denominator, stepSize);
    }
}
