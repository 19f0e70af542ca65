namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// The decoder's answer for a run of single-point prompts: for each prompt, <see cref="MasksPerPrompt"/> mask logit
/// maps at the encoded image's size (threshold 0 gives the mask) and their predicted IoUs. Immutable.
/// </summary>
internal sealed class SamMaskPrediction
{
    private readonly float[] _logits;
    private readonly float[] _iou;

    internal SamMaskPrediction(int promptCount, int masksPerPrompt, int width, int height, float[] logits, float[] iou)
    {
        PromptCount = promptCount;
        MasksPerPrompt = masksPerPrompt;
        Width = width;
        Height = height;
        _logits = logits;
        _iou = iou;
    }

    /// <summary>Number of prompts answered.</summary>
    public int PromptCount { get; }

    /// <summary>Masks per prompt (3 for multimask output).</summary>
    public int MasksPerPrompt { get; }

    /// <summary>Mask width (the encoded image's width).</summary>
    public int Width { get; }

    /// <summary>Mask height (the encoded image's height).</summary>
    public int Height { get; }

    /// <summary>The row-major logits of mask <paramref name="mask"/> of prompt <paramref name="prompt"/>.</summary>
    public ReadOnlySpan<float> Logits(int prompt, int mask) =>
        _logits.AsSpan((prompt * MasksPerPrompt + CheckMask(mask)) * Width * Height, Width * Height);

    /// <summary>The predicted IoU of mask <paramref name="mask"/> of prompt <paramref name="prompt"/>.</summary>
    public float PredictedIou(int prompt, int mask) => _iou[prompt * MasksPerPrompt + CheckMask(mask)];

    private int CheckMask(int mask)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mask);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(mask, MasksPerPrompt);
        return mask;
    }
}
