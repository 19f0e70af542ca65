using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Losses;

/// <summary>Hand-checkable projections for the multi-view losses.</summary>
internal static class MultiViewRows
{
    /// <summary>
    /// B = 2 images, V = 3 views; rows after normalisation: view 0: a0 = [1,0], a1 = [0,1]; view 1: b0 = [1,0], b1 = [0,1];
    /// view 2: c0 = [0,1], c1 = [1,0] (given as [0,3] and [2,0]). In the caller's dispose scope.
    /// </summary>
    public static Tensor[] ThreeViews() => new[]
    {
        tensor(new float[] { 1, 0, 0, 1 }, new long[] { 2, 2 }),
        tensor(new float[] { 1, 0, 0, 1 }, new long[] { 2, 2 }),
        tensor(new float[] { 0, 3, 2, 0 }, new long[] { 2, 2 }),
    };
}
