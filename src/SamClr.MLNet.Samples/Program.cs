using System.Globalization;
using SamClr.MLNet.Samples.Commands;

namespace SamClr.MLNet.Samples;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Numbers on the command line and in the printed tables use the invariant culture (a dot for decimals) everywhere.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var root = new RootCommand("samclr: SAMCLR, SimCLR, MoCo, DINO and SwAV pre-training on ML.NET and TorchSharp, from the command line.")
        {
            new DemoCommand().Command,
            new PretrainCommand().Command,
            new ScenesCommand().Command,
            new SegmentCommand().Command,
            new VisualizeCommand().Command,
            new TinySamCommand().Command,
            new BenchCommand().Command,
            new ExportCommand().Command,
            new ReproduceCommand().Command,
            new CurvesCommand().Command,
            new SoakCommand().Command,
        };
        return SamclrCommandLine.Run(root, args);
    }
}
