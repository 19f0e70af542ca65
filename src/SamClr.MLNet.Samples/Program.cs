namespace SamClr.MLNet.Samples;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: samclr <command> [options]");
        return 2;
    }
}
