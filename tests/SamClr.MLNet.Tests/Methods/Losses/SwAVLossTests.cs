using SamClr.MLNet.Methods.Losses;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Losses;

public class SwAVLossTests
{
    [Fact]
    public void MatchesHandComputationOnTwoByTwo()
    {
        // Two global views, no local view, B = 2 samples, K = 2 prototypes, temperature = epsilon = 0.05, 1 iteration.
        // View a: scores 0.05 x [[ln 3, 0], [0, 0]] -> codes q_a = [[3/5, 2/5], [1/3, 2/3]] (see SinkhornKnoppTests).
        // View b: scores 0 -> codes q_b = 1/2 everywhere.
        // Predicting q_a from b: log softmax(0) = ln 1/2 for every entry -> cross-entropy ln 2.
        // Predicting q_b from a: a / 0.05 = [[ln 3, 0], [0, 0]] -> log softmax sample 0 = (ln 3/4, ln 1/4), sample 1 = (ln 1/2, ln 1/2);
        //   cross-entropy = mean(-(ln 3/4 + ln 1/4) / 2, ln 2) = (-ln(3/16) / 2 + ln 2) / 2.
        // Loss = mean over the two global views of (sub-loss / (V - 1) = sub-loss).
        double expected = (Math.Log(2) + (-Math.Log(3.0 / 16) / 2 + Math.Log(2)) / 2) / 2;
        using var a = tensor(new[] { (float)(0.05 * Math.Log(3)), 0f, 0f, 0f }, new long[] { 2, 2 });
        using var b = zeros(2, 2);
        using var loss = SwAVLoss.Compute(new[] { a, b }, Array.Empty<Tensor>(), temperature: 0.05, sinkhornIterations: 1, sinkhornEpsilon: 0.05);
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void LocalViewsArePredictorsOnly()
    {
        // One global view g (the view a above) and one local view l with zero scores: only g gives codes, and the local
        // view predicts them from uniform scores, so the loss is -(q . ln 1/2) averaged = ln 2. l has no codes of its
        // own, so g is never asked to predict anything.
        using var g = tensor(new[] { (float)(0.05 * Math.Log(3)), 0f, 0f, 0f }, new long[] { 2, 2 });
        using var l = zeros(2, 2);
        using var loss = SwAVLoss.Compute(new[] { g }, new[] { l }, 0.05, 1, 0.05);
        Assert.Equal(Math.Log(2), loss.item<float>(), 5);
    }

    [Fact]
    public void GradientFlowsIntoScoresButNotThroughCodes()
    {
        using var a = tensor(new float[] { 0.3f, -0.2f, 0.1f, 0.5f }, new long[] { 2, 2 }).requires_grad_();
        using var b = tensor(new float[] { -0.1f, 0.4f, 0.2f, 0.0f }, new long[] { 2, 2 }).requires_grad_();
        using var loss = SwAVLoss.Compute(new[] { a, b }, Array.Empty<Tensor>());
        loss.backward();
        Assert.NotNull(a.grad);
        Assert.NotNull(b.grad);
    }

    [Fact]
    public void RejectsTooFewViewsAndMismatchedShapes()
    {
        using var a = zeros(2, 3);
        using var c = zeros(2, 4);
        Assert.Throws<ArgumentException>(() => SwAVLoss.Compute(new[] { a }, Array.Empty<Tensor>()));
        Assert.Throws<ArgumentException>(() => SwAVLoss.Compute(Array.Empty<Tensor>(), new[] { a, a }));
        Assert.Throws<ArgumentException>(() => SwAVLoss.Compute(new[] { a, c }, Array.Empty<Tensor>()));
    }
}
