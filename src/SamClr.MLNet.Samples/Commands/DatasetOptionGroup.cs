namespace SamClr.MLNet.Samples.Commands;

/// <summary>A data set given as a path (an existing folder) plus an optional format option (detected when omitted).</summary>
internal sealed class DatasetOptionGroup
{
    private static readonly string[] FormatNames = { "cifar10", "stl10", "folder" };
    private readonly Option<string> _format;

    /// <param name="pathName">The path option, e.g. --images.</param>
    /// <param name="formatName">The format option, e.g. --format.</param>
    /// <param name="description">What the data set is for.</param>
    /// <param name="required">Whether the command needs the path.</param>
    public DatasetOptionGroup(string pathName, string formatName, string description, bool required)
    {
        PathOption = CliOption.ExistingDirectory(pathName, $"{description} (CIFAR-10 or STL-10 binaries, or an image folder).", required);
        _format = CliOption.Choice(formatName, "detect", $"The format of {pathName}: cifar10, stl10 or folder; detected from the files when omitted.",
            FormatNames.Append("detect").ToArray());
    }

    /// <summary>The path option.</summary>
    public Option<string?> PathOption { get; }

    /// <summary>The format option.</summary>
    public Option FormatOption => _format;

    public void AddTo(Command command)
    {
        command.Add(PathOption);
        command.Add(_format);
    }

    public string? Path(ParseResult parse) => parse.GetValue(PathOption);

    /// <summary>The format given, or null when it is to be detected.</summary>
    public DatasetFormat? GivenFormat(ParseResult parse) => Parse(parse.GetValue(_format));

    /// <summary>The format given, or the one detected from the files at the path.</summary>
    public DatasetFormat Format(ParseResult parse) => GivenFormat(parse) ?? DatasetFormats.Detect(Path(parse)!);

    /// <summary>The format in a validator: given, or detected (null when detection fails; the command then reports it).</summary>
    public DatasetFormat? Format(System.CommandLine.Parsing.CommandResult result)
    {
        if (Parse(result.GetValue(_format)) is { } given) return given;
        try
        {
            return result.GetValue(PathOption) is { } path && Directory.Exists(path) ? DatasetFormats.Detect(path) : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Why the data set at <paramref name="path"/> cannot be evaluated on (an image folder without both a train/ and a
    /// val/ or test/ folder of class folders), or null.
    /// </summary>
    public static string? LabelledSplitsProblem(string option, string path, DatasetFormat format)
    {
        if (format != DatasetFormat.Folder) return null;
        bool train = ImageFolderReader.TrainFolders.Any(f => Directory.Exists(System.IO.Path.Combine(path, f)));
        bool test = ImageFolderReader.TestFolders.Any(f => Directory.Exists(System.IO.Path.Combine(path, f)));
        return train && test ? null
            : $"{option} '{path}' is an image folder without {(train ? "a val/ or test/" : "a train/")} folder: evaluation needs both splits, one class folder each.";
    }

    private static DatasetFormat? Parse(string? name) => name switch
    {
        "cifar10" => DatasetFormat.Cifar10,
        "stl10" => DatasetFormat.Stl10,
        "folder" => DatasetFormat.Folder,
        _ => null,
    };
}
