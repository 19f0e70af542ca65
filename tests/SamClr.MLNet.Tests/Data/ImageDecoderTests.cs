using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Data;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class ImageDecoderTests
{
    /// <summary>Value of channel <paramref name="c"/> at (x, y) on a planar canvas of side <paramref name="n"/>.</summary>
    private static int At(DecodedImage image, int n, int c, int x, int y) => image.Pixels[c * n * n + y * n + x];

    [Fact]
    public void PngAtCanvasSizeIsExact()
    {
        var png = TestImages.Encode(4, 4, (x, y) => new SKColor((byte)(10 * x + 1), (byte)(20 * y + 2), (byte)(30 + x + y)));
        var image = ImageDecoder.Decode(png, 4, "rgb.png");
        Assert.Equal(new ImageSize(4, 4), image.Size);
        // (x=3, y=2): R = 10*3+1 = 31, G = 20*2+2 = 42, B = 30+3+2 = 35.
        Assert.Equal(31, At(image, 4, 0, 3, 2));
        Assert.Equal(42, At(image, 4, 1, 3, 2));
        Assert.Equal(35, At(image, 4, 2, 3, 2));
    }

    [Fact]
    public void NonSquareImageKeepsAspectAndPadsBottomWithZeros()
    {
        // 4 wide x 2 high on a 4 canvas: no resize, valid size 4x2, rows 2 and 3 stay zero.
        var png = TestImages.Encode(4, 2, (x, y) => new SKColor(200, (byte)(50 * x), (byte)(100 * y)));
        var image = ImageDecoder.Decode(png, 4, "wide.png");
        Assert.Equal(new ImageSize(4, 2), image.Size);
        Assert.Equal(150, At(image, 4, 1, 3, 1)); // G = 50*3
        Assert.Equal(100, At(image, 4, 2, 3, 1)); // B = 100*1
        for (int c = 0; c < 3; c++)
            for (int x = 0; x < 4; x++)
                Assert.Equal(0, At(image, 4, c, x, 2) + At(image, 4, c, x, 3));
    }

    [Fact]
    public void EnlargingAndShrinkingKeepAspectRatio()
    {
        // 2x1 -> canvas 8: longest side 8, short side 1*8/2 = 4. A uniform colour stays uniform.
        var small = ImageDecoder.Decode(TestImages.Encode(2, 1, (_, _) => new SKColor(200, 100, 50)), 8, "small.png");
        Assert.Equal(new ImageSize(8, 4), small.Size);
        Assert.InRange(At(small, 8, 0, 7, 3), 198, 202);
        Assert.InRange(At(small, 8, 2, 0, 0), 48, 52);
        Assert.Equal(0, At(small, 8, 0, 0, 4));
        // 30 wide x 64 high -> canvas 16: height 16, width round(30*16/64) = round(7.5) = 8.
        var tall = ImageDecoder.Decode(TestImages.Encode(30, 64, (_, _) => new SKColor(10, 220, 90)), 16, "tall.png");
        Assert.Equal(new ImageSize(8, 16), tall.Size);
        Assert.InRange(At(tall, 16, 1, 7, 15), 218, 222);
        Assert.Equal(0, At(tall, 16, 1, 8, 0));
    }

    [Fact]
    public void GrayscalePngBecomesEqualRgb()
    {
        var png = TestImages.EncodeGray(3, 3, (x, y) => (byte)(40 * x + 7 * y));
        var image = ImageDecoder.Decode(png, 3, "gray.png");
        // (2, 1): 40*2 + 7*1 = 87 in every channel.
        for (int c = 0; c < 3; c++) Assert.Equal(87, At(image, 3, c, 2, 1));
    }

    [Fact]
    public void AlphaIsCompositedOnBlack()
    {
        var png = TestImages.Encode(3, 1, (x, _) => new SKColor(200, 100, 40, x switch { 0 => 255, 1 => 0, _ => 128 }));
        var image = ImageDecoder.Decode(png, 3, "rgba.png");
        Assert.Equal(200, At(image, 3, 0, 0, 0));   // opaque: unchanged
        Assert.Equal(0, At(image, 3, 0, 1, 0));     // transparent: black
        Assert.Equal(0, At(image, 3, 2, 1, 0));
        Assert.InRange(At(image, 3, 0, 2, 0), 99, 101); // 200 * 128 / 255 = 100.4
        Assert.InRange(At(image, 3, 1, 2, 0), 49, 51);  // 100 * 128 / 255 = 50.2
    }

    [Fact]
    public void SixteenBitPngIsReducedToEightBits()
    {
        // Gray, 16 bits per sample, big-endian. v * 257 is exactly v in 8 bits whichever rounding the decoder uses.
        ushort[] values = { 0x1212, 0x8080, 0xFFFF, 0x0000 };
        var rows = new[] { values.Take(2), values.Skip(2) }
            .Select(r => r.SelectMany(v => new[] { (byte)(v >> 8), (byte)v }).ToArray()).ToArray();
        var image = ImageDecoder.Decode(TestImages.HandmadePng(2, 2, 16, 0, rows), 2, "gray16.png");
        Assert.Equal(0x12, At(image, 2, 0, 0, 0));
        Assert.Equal(0x80, At(image, 2, 1, 1, 0));
        Assert.Equal(0xFF, At(image, 2, 2, 0, 1));
        Assert.Equal(0x00, At(image, 2, 0, 1, 1));
    }

    [Fact]
    public void PalettedPngUsesThePalette()
    {
        byte[] palette = { 255, 0, 0, 0, 0, 255, 10, 20, 30 };
        var rows = new[] { new byte[] { 0, 1 }, new byte[] { 2, 0 } };
        var image = ImageDecoder.Decode(TestImages.HandmadePng(2, 2, 8, 3, rows, palette), 2, "palette.png");
        Assert.Equal(255, At(image, 2, 0, 0, 0));
        Assert.Equal(255, At(image, 2, 2, 1, 0));
        Assert.Equal(20, At(image, 2, 1, 0, 1));
        Assert.Equal(30, At(image, 2, 2, 0, 1));
    }

    [Fact]
    public void BmpAndLossyFormatsDecode()
    {
        // A 2x1 24-bit BMP: 14-byte file header, 40-byte info header, one row of BGR BGR padded to 8 bytes.
        var bmp = new byte[62];
        "BM"u8.CopyTo(bmp);
        BitConverter.GetBytes(62).CopyTo(bmp, 2);
        BitConverter.GetBytes(54).CopyTo(bmp, 10);
        BitConverter.GetBytes(40).CopyTo(bmp, 14);
        BitConverter.GetBytes(2).CopyTo(bmp, 18);
        BitConverter.GetBytes(1).CopyTo(bmp, 22);
        BitConverter.GetBytes((short)1).CopyTo(bmp, 26);
        BitConverter.GetBytes((short)24).CopyTo(bmp, 28);
        new byte[] { 3, 2, 1, 30, 20, 10 }.CopyTo(bmp, 54);
        var fromBmp = ImageDecoder.Decode(bmp, 2, "tiny.bmp");
        Assert.Equal(new ImageSize(2, 1), fromBmp.Size);
        Assert.Equal(1, At(fromBmp, 2, 0, 0, 0));
        Assert.Equal(30, At(fromBmp, 2, 2, 1, 0));

        foreach (var format in new[] { SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Webp })
        {
            var encoded = TestImages.Encode(16, 16, (_, _) => new SKColor(200, 50, 100), format, 95);
            var image = ImageDecoder.Decode(encoded, 16, "uniform." + format);
            Assert.InRange(At(image, 16, 0, 5, 9), 195, 205);
            Assert.InRange(At(image, 16, 1, 5, 9), 45, 55);
            Assert.InRange(At(image, 16, 2, 5, 9), 95, 105);
        }
    }

    [Fact]
    public void ExifRotatedPhotosGiveTheSamePixelsHereAndInTheMLNetPipelineThatLoadsImages()
    {
        // Stored 16 wide x 8 high: left half red, right half blue, with EXIF orientation 6 ("rotate 90 degrees clockwise
        // to view"). ML.NET's LoadImages, which the deployed classifier pipeline starts with, takes the stored pixels; so does the decoder.
        var jpeg = TestImages.WithExifOrientation(
            TestImages.Encode(16, 8, (x, _) => x < 8 ? new SKColor(255, 0, 0) : new SKColor(0, 0, 255), SKEncodedImageFormat.Jpeg, 95), 6);
        string path = Path.Combine(Path.GetTempPath(), $"samclr-exif-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, jpeg);
        try
        {
            Assert.True(ImageDecoder.HasExifRotation(path));
            Assert.Equal(new ImageSize(16, 8), ImageDecoder.ReadSize(path));
            var image = ImageDecoder.Decode(path, 16);
            Assert.Equal(new ImageSize(16, 8), image.Size);
            Assert.True(At(image, 16, 0, 3, 4) > 200 && At(image, 16, 2, 3, 4) < 60, "stored left should be red");

            var ml = new MLContext();
            var data = ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = path } });
            // Load, resize to its own stored size, extract: the steps the deployed pipeline takes (ToMLNetPipeline).
            var pixels = ml.Transforms.LoadImages("Image", null, nameof(PathRow.ImagePath))
                .Append(ml.Transforms.ResizeImages("Image", 16, 8))
                .Append(ml.Transforms.ExtractPixels("Pixels", "Image"))
                .Fit(data).Transform(data).GetColumn<float[]>("Pixels").Single();
            Assert.Equal(3 * 8 * 16, pixels.Length); // planar R, G, B of the stored 16 x 8 image
            for (int c = 0; c < 3; c++)
                for (int y = 0; y < 8; y++)
                    for (int x = 0; x < 16; x++)
                        Assert.Equal(pixels[(c * 8 + y) * 16 + x], At(image, 16, c, x, y));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class PathRow
    {
        public string ImagePath { get; set; } = "";
    }

    [Fact]
    public void BadInputsNameTheFileAndTheReason()
    {
        var empty = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(Array.Empty<byte>(), 8, "empty.jpg"));
        Assert.Contains("empty.jpg", empty.Message);
        Assert.Contains("empty (0 bytes)", empty.Message);

        var text = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode("hello, world"u8.ToArray(), 8, "notes.jpg"));
        Assert.Contains("notes.jpg", text.Message);
        Assert.Contains("not a recognised image", text.Message);

        var png = TestImages.Encode(32, 32, (x, y) => new SKColor((byte)(x * 7), (byte)(y * 5), (byte)(x ^ y)));
        var truncated = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(png.Take(png.Length / 2).ToArray(), 32, "cut.png"));
        Assert.Contains("cut.png", truncated.Message);
        Assert.Contains("truncated", truncated.Message);

        // WBMP (type 0, 8x1 pixels): Skia recognises it but this library does not accept it.
        var wbmp = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(new byte[] { 0, 0, 8, 1, 0xFF }, 8, "odd.wbmp"));
        Assert.Contains("not supported", wbmp.Message);
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        var path = Path.Combine(Path.GetTempPath(), "samclr-no-such-" + Guid.NewGuid() + ".png");
        var ex = Assert.Throws<FileNotFoundException>(() => ImageDecoder.Decode(path, 8));
        Assert.Contains(path, ex.Message);
    }
}
