namespace SamClr.MLNet.Models.Interop;

/// <summary>The two files PyTorch users exchange weights in.</summary>
public enum WeightFileFormat
{
    /// <summary>
    /// PyTorch's <c>torch.save</c> format for a state_dict: a zip archive holding a pickled dict of tensors
    /// (usual extensions .pt and .pth). Python reads it with <c>torch.load(path)</c>.
    /// </summary>
    PyTorch,

    /// <summary>
    /// Hugging Face's safetensors format: an 8-byte header length, a JSON table of names, dtypes, shapes and byte
    /// offsets, then the raw little-endian tensor bytes (extension .safetensors). Python reads it with
    /// <c>safetensors.torch.load_file(path)</c>.
    /// </summary>
    Safetensors,
}
