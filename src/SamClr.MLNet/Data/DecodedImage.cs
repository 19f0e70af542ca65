namespace SamClr.MLNet.Data;

/// <summary>One image decoded onto a square canvas by <see cref="ImageDecoder"/>.</summary>
/// <param name="Pixels">Planar RGB bytes, 3 x canvas x canvas (channel, row, column); zero outside <paramref name="Size"/>.</param>
/// <param name="Size">The valid extent of the image, anchored at the top-left corner of the canvas.</param>
internal sealed record DecodedImage(byte[] Pixels, ImageSize Size);
