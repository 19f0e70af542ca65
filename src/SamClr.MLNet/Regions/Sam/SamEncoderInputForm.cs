namespace SamClr.MLNet.Regions.Sam;

/// <summary>The two common forms of exported SAM image encoders, told apart by the input's rank.</summary>
public enum SamEncoderInputForm
{
    /// <summary>
    /// A float [1, 3, 1024, 1024] input already preprocessed (longest side resized to 1024, normalised with SAM's
    /// mean and std, zero-padded): the plain <c>torch.onnx.export</c> of SAM's image encoder. The preprocessing runs in C#.
    /// </summary>
    Preprocessed,

    /// <summary>
    /// A float [H, W, 3] image with values 0-255 in RGB order; resizing, normalising and padding run inside the graph
    /// (exports that wrap SAM's preprocessing around the encoder).
    /// </summary>
    HwcImage,
}
