using SamClr.MLNet.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Training;

[Collection(SequentialCollection.Name)]
public class ParameterUpdaterTests
{
    [Theory]
    [InlineData(OptimizerKind.Sgd, 0.9, 5e-4)]
    [InlineData(OptimizerKind.Sgd, 0.0, 0.0)]
    [InlineData(OptimizerKind.Adam, 0.0, 1e-6)]
    [InlineData(OptimizerKind.Adam, 0.0, 0.0)]
    public void Steps_match_TorchSharps_optimiser(OptimizerKind kind, double momentum, double weightDecay)
    {
        using var ours = TinyModel();
        using var theirs = TinyModel();
        using var updater = new ParameterUpdater(ours.parameters(), kind, 0.1, momentum, weightDecay);
        using optim.Optimizer reference = kind == OptimizerKind.Adam
            ? optim.Adam(theirs.parameters(), 0.1, weight_decay: weightDecay)
            : (optim.Optimizer)optim.SGD(theirs.parameters(), 0.1, momentum: momentum, weight_decay: weightDecay);
        var generator = new Generator(7);
        for (int step = 0; step < 4; step++)
        {
            using var scope = NewDisposeScope();
            double rate = 0.1 / (step + 1); // a schedule, as the loop's cosine one changes the rate every step
            updater.LearningRate = rate;
            foreach (var group in reference.ParamGroups) group.LearningRate = rate;
            var x = randn(8, 5, generator: generator);
            var y = randn(8, 3, generator: generator);
            updater.ZeroGrad();
            nn.functional.mse_loss(ours.forward(x), y).backward();
            updater.Step();
            reference.zero_grad();
            nn.functional.mse_loss(theirs.forward(x), y).backward();
            reference.step();
        }
        var oursParameters = ours.parameters().ToArray();
        var theirsParameters = theirs.parameters().ToArray();
        for (int i = 0; i < oursParameters.Length; i++)
            Assert.True(oursParameters[i].allclose(theirsParameters[i], rtol: 1e-5, atol: 1e-7),
                $"parameter {i} differs by {(oursParameters[i] - theirsParameters[i]).abs().max().item<float>()}");
        // The state checkpoints store is the optimiser's own, advanced by our steps.
        var state = ((TorchSharp.Modules.OptimizerHelper)updater.State).state_dict().State[0];
        if (state is TorchSharp.Modules.Adam.State adam) Assert.Equal(4, adam.step);
        if (state is TorchSharp.Modules.SGD.State sgd) Assert.Equal(momentum != 0, sgd.momentum_buffer is not null);
    }

    [Fact]
    public void One_sgd_step_by_hand()
    {
        // w = 2, x = 1, loss = w x, gradient 1; weight decay 0.5 adds 0.5 w = 1; the first step's momentum buffer is the
        // gradient (2), so w = 2 - 0.1 * 2 = 1.8. Second step: gradient 1 + 0.5 * 1.8 = 1.9, buffer 0.9 * 2 + 1.9 = 3.7,
        // w = 1.8 - 0.1 * 3.7 = 1.43.
        var w = new TorchSharp.Modules.Parameter(tensor(new[] { 2f }));
        using var updater = new ParameterUpdater(new[] { w }, OptimizerKind.Sgd, 0.1, 0.9, 0.5);
        for (int step = 0; step < 2; step++)
        {
            updater.ZeroGrad();
            w.sum().backward();
            updater.Step();
        }
        Assert.Equal(1.43f, w.item<float>(), 5);
    }

    private static nn.Module<Tensor, Tensor> TinyModel()
    {
        manual_seed(3);
        return nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3));
    }
}
