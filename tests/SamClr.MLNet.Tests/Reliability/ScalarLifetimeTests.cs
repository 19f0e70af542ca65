using SamClr.MLNet.Compute;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Methods.Losses;
using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Reliability;

/// <summary>
/// The training step's libtorch calls while another thread collects garbage without pause: a Scalar freed during
/// its native call shows as "Expected false to be true" from Scalar::toFloat (or a wrong value). With TorchSharp's
/// implicit Scalars these very operations failed a few times in 5,000 iterations under this load (seen while fixing
/// the demo's crash in ColorOps.ShiftHue); with the library's rooted Scalars none may fail.
/// </summary>
[Collection(SequentialCollection.Name)]
public class ScalarLifetimeTests
{
    /// <summary>Steps the test runs at the least, whatever the time they take (about 3,500 fit in 8 s on an idle machine).</summary>
    private const int MinimumIterations = 300;

    [Fact]
    public async Task Colour_ops_losses_and_updates_survive_constant_garbage_collection()
    {
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        var failures = new List<string>();
        var generator = new Generator(11);
        var random = new Random(11);
        using var model = nn.Linear(48, 16);
        using var target = nn.Linear(48, 16);
        using var updater = new ParameterUpdater(model.parameters(), OptimizerKind.Sgd, 0.01, 0.9, 5e-4);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int iterations = 0;
        try
        {
            // At least 8 s and at least MinimumIterations: on a loaded machine full collections are slow, and the test
            // must still run enough steps to have a chance of catching a freed Scalar.
            for (; clock.Elapsed.TotalSeconds < 8 || iterations < MinimumIterations; iterations++)
            {
                using var scope = NewDisposeScope();
                try
                {
                    var x = rand(new long[] { 32, 3, 4, 4 }, generator: generator);
                    // Built from arrays: the test's own inputs must not use implicit Scalars either.
                    var factors = tensor(Enumerable.Range(0, 32).Select(_ => 0.5f + random.NextSingle()).ToArray()).reshape(32, 1, 1, 1);
                    var turns = tensor(Enumerable.Range(0, 32).Select(_ => random.NextSingle() - 0.5f).ToArray()).reshape(32, 1, 1, 1);
                    x = ColorOps.AdjustContrast(ColorOps.AdjustBrightness(x, factors), factors, tensor(ColorOps.LumaWeights).reshape(1, 3, 1, 1));
                    x = ColorOps.ShiftHue(x, turns, tensor(ColorOps.HueChannelOffsets).reshape(1, 3, 1, 1));
                    x = ColorOps.Solarize(x, 0.5f);
                    var features = x.reshape(32, 48);
                    var views = new[] { model.forward(features[..16]), model.forward(features[16..]) };
                    var loss = MultiViewNtXentLoss.Compute(views, 0.07).add(PairwiseNtXentLoss.Compute(views, 0.07), Scalars.One);
                    updater.ZeroGrad();
                    loss.backward();
                    updater.Step();
                    EmaUpdate.Apply(target, model, 0.99);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failures.Add(e.Message.Split('\n')[0]);
                }
            }
        }
        finally
        {
            stop.Cancel();
            await collector;
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {iterations} iterations failed; first: {failures.FirstOrDefault()}");
    }
}
