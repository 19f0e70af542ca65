using System.Collections.Concurrent;
using TorchSharp;

namespace SamClr.MLNet.Compute;

/// <summary>
/// Scalars that stay alive for the whole process, for the constant operands of libtorch calls.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 frees a <see cref="Scalar"/>'s native value in its finaliser, and its methods read
/// <c>Scalar.Handle</c> before calling into libtorch without keeping the Scalar alive for the call. A Scalar made for
/// one call (the implicit conversion in <c>x.mul_(2f)</c>, or the alpha of 1 that <c>add_(Tensor)</c> makes inside
/// TorchSharp) is therefore unreachable while libtorch still reads it; when another thread triggers a garbage
/// collection at that moment, the finaliser frees it and libtorch fails with "Expected false to be true" in
/// <c>Scalar::toFloat</c>, or reads a wrong value. The view loader's threads allocate while the training thread
/// calls libtorch, so pre-training hit this (ColorOps.ShiftHue, once in a 30-epoch demo). The upstream discussion is
/// dotnet/TorchSharp pull request 1496. The library passes constants as the rooted Scalars of this class, and
/// values that change per call as a <c>using</c> local, which the using statement keeps alive until the call has
/// returned.
/// </remarks>
internal static class Scalars
{
    private static readonly ConcurrentDictionary<double, Scalar> Reals = new();
    private static readonly ConcurrentDictionary<long, Scalar> Integers = new();

    /// <summary>The real constant <paramref name="value"/> (for floating-point tensors); the same object for every call.</summary>
    internal static Scalar Of(double value) => Reals.GetOrAdd(value, static v => v.ToScalar());

    /// <summary>The integer constant <paramref name="value"/> (keeps integer tensors integer); the same object for every call.</summary>
    internal static Scalar Of(long value) => Integers.GetOrAdd(value, static v => v.ToScalar());

    /// <summary>0, the integer constant.</summary>
    internal static Scalar Zero => Of(0L);

    /// <summary>1, the integer constant and the alpha of an unscaled <c>add</c>.</summary>
    internal static Scalar One => Of(1L);
}
