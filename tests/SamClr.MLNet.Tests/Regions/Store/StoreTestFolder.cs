namespace SamClr.MLNet.Tests.Regions.Store;

/// <summary>A fresh folder name under the system temp folder (not created), whose tree is deleted on dispose.</summary>
internal sealed class StoreTestFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "samclr-store-" + Guid.NewGuid().ToString("N"));

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
