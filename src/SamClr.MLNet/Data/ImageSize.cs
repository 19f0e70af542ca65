namespace SamClr.MLNet.Data;

/// <summary>The valid extent of one image inside its <see cref="ImageSet"/> canvas, anchored at the top-left corner.</summary>
/// <param name="Width">Width in pixels (at most the canvas width).</param>
/// <param name="Height">Height in pixels (at most the canvas height).</param>
public readonly record struct ImageSize(int Width, int Height);
