using System.Security.Cryptography;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// SAM's automatic mask generator (the official <c>SamAutomaticMaskGenerator</c>) over ONNX Runtime, as a region
/// proposer. For each crop (the whole image, plus crop layers when asked for) the image embedding is computed once;
/// then every grid point is a single positive prompt, and each of its masks is kept when its predicted IoU is above
/// <see cref="SamAutomaticMaskGeneratorOptions.PredIouThreshold"/>, its stability score is at least
/// <see cref="SamAutomaticMaskGeneratorOptions.StabilityScoreThreshold"/>, and (in a crop) it does not touch a crop edge
/// that is not an image edge. Box NMS by predicted IoU removes duplicates within a crop, NMS that prefers smaller crops
/// removes duplicates between crops, and the optional small-region clean-up runs last. Regions come out in SAM's order
/// (highest predicted IoU first without crops), each with its mask as COCO RLE, predicted IoU, stability score,
/// prompt point and crop box.
/// </summary>
/// <remarks>
/// The generator holds no per-image state, so concurrent <see cref="Propose"/> calls are safe (ONNX Runtime sessions
/// allow concurrent runs). Cancellation is checked before every encoder and decoder call; progress over many images
/// is the caller's business. Each crop's image embedding is computed once and bound to the decoder once per worker
/// (<see cref="SamDecoderBinding"/>) for all its points. A decoder with a dynamic batch dim on its prompt inputs gets
/// <see cref="SamAutomaticMaskGeneratorOptions.PointsPerBatch"/> prompts per call; the official export (batch dim fixed
/// at 1, see <see cref="SamMaskDecoder"/>) gets one, and then up to
/// <see cref="SamAutomaticMaskGeneratorOptions.MaxParallelDecoderCalls"/> calls run at once. Neither setting changes
/// the result: candidates are gathered in point order.
/// </remarks>
public sealed class SamAutomaticMaskGenerator : IRegionProposer, IDisposable
{
    private readonly SamAutomaticMaskGeneratorOptions _options;
    private readonly bool _ownsModels;
    private readonly Lazy<IReadOnlyDictionary<string, string>> _parameters;

    /// <summary>Creates a generator over an encoder and a decoder the caller owns (and disposes).</summary>
    /// <param name="encoder">SAM's (or HQ-SAM's) image encoder.</param>
    /// <param name="decoder">SAM's (or HQ-SAM's) mask decoder.</param>
    /// <param name="options">Settings; null (the default) for SAM's defaults. The settings are copied.</param>
    /// <exception cref="ArgumentException">When an HQ-SAM decoder is paired with an encoder without interm_embeddings.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a setting is out of range.</exception>
    public SamAutomaticMaskGenerator(SamImageEncoder encoder, SamMaskDecoder decoder, SamAutomaticMaskGeneratorOptions? options = null)
        : this(encoder, decoder, options, ownsModels: false)
    {
    }

    private SamAutomaticMaskGenerator(SamImageEncoder encoder, SamMaskDecoder decoder, SamAutomaticMaskGeneratorOptions? options, bool ownsModels)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(decoder);
        if (decoder.IsHq && !encoder.HasIntermEmbeddings)
            throw new ArgumentException(
                $"The decoder '{decoder.ModelPath}' is HQ-SAM's and needs interm_embeddings, but the encoder '{encoder.ModelPath}' " +
                "does not output them; use HQ-SAM's encoder export, or SAM's plain decoder.", nameof(decoder));
        _options = (options ?? new SamAutomaticMaskGeneratorOptions()).Clone();
        _options.Validate();
        Encoder = encoder;
        Decoder = decoder;
        _ownsModels = ownsModels;
        _parameters = new Lazy<IReadOnlyDictionary<string, string>>(BuildParameters);
    }

    /// <summary>Opens an encoder and a decoder and creates a generator that owns them.</summary>
    /// <param name="encoderPath">The image encoder's .onnx file (either export form).</param>
    /// <param name="decoderPath">The mask decoder's .onnx file (SAM's official export, or HQ-SAM's).</param>
    /// <param name="options">Settings; null (the default) for SAM's defaults.</param>
    /// <param name="sessionFactory">Provider choice (e.g. <see cref="SamSessionFactory.FromMLContext"/>); null (the default) for the CPU.</param>
    public static SamAutomaticMaskGenerator Open(
        string encoderPath, string decoderPath, SamAutomaticMaskGeneratorOptions? options = null, SamSessionFactory? sessionFactory = null)
    {
        var encoder = new SamImageEncoder(encoderPath, sessionFactory);
        SamMaskDecoder? decoder = null;
        try
        {
            decoder = new SamMaskDecoder(decoderPath, sessionFactory);
            return new SamAutomaticMaskGenerator(encoder, decoder, options, ownsModels: true);
        }
        catch
        {
            decoder?.Dispose();
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>The image encoder (its <see cref="SamImageEncoder.ExecutionProvider"/> says where it runs).</summary>
    public SamImageEncoder Encoder { get; }

    /// <summary>The mask decoder (its <see cref="SamMaskDecoder.ExecutionProvider"/> says where it runs).</summary>
    public SamMaskDecoder Decoder { get; }

    /// <summary>"sam-amg".</summary>
    public string Name => "sam-amg";

    /// <summary>
    /// The options under SAM's Python names, plus the model files' names and SHA-256 hashes (<c>encoder</c>,
    /// <c>encoder_sha256</c>, <c>decoder</c>, <c>decoder_sha256</c>), hashed on first access.
    /// </summary>
    public IReadOnlyDictionary<string, string> Parameters => _parameters.Value;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">When the buffer does not hold 3 x width x height bytes.</exception>
    /// <exception cref="OperationCanceledException">When <paramref name="cancellation"/> fires (checked between model calls).</exception>
    public IReadOnlyList<Region> Propose(ReadOnlySpan<byte> planarRgb, int width, int height, CancellationToken cancellation = default)
    {
        SamPreprocessing.RequirePlanar(planarRgb, width, height);
        var crops = SamCropBoxes.Generate(width, height, _options.CropNLayers, _options.CropOverlapRatio);
        var grids = SamPointGrid.ForLayers(_options.PointsPerSide, _options.CropNLayers, _options.CropNPointsDownscaleFactor);

        var candidates = new List<SamMaskCandidate>();
        foreach (var crop in crops)
            candidates.AddRange(ProcessCrop(planarRgb, width, height, crop, grids[crop.Layer], cancellation));

        if (crops.Count > 1)
        {
            // Prefer masks from smaller crops: score 1 / crop area, as SAM does.
            var scores = candidates.Select(c => 1f / ((float)c.Crop.Width * c.Crop.Height)).ToArray();
            candidates = Pick(candidates, SamBoxNms.Greedy(candidates.Select(c => c.Box).ToArray(), scores, _options.CropNmsThreshold));
        }
        if (_options.MinMaskRegionArea > 0)
            candidates = RemoveSmallRegions(candidates, width, height, cancellation);

        return candidates.Select(c => new Region(c.Mask, c.PredictedIou, c.StabilityScore, c.Point, c.Crop.ToCropBox())).ToArray();
    }

    /// <summary>Disposes the encoder and decoder when this generator opened them (<see cref="Open"/>).</summary>
    public void Dispose()
    {
        if (!_ownsModels) return;
        Encoder.Dispose();
        Decoder.Dispose();
    }

    private List<SamMaskCandidate> ProcessCrop(
        ReadOnlySpan<byte> image, int width, int height, SamCrop crop, (float X, float Y)[] grid, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var embedding = crop.Width == width && crop.Height == height
            ? Encoder.Encode(image, width, height)
            : Encoder.Encode(CutOut(image, width, height, crop), crop.Width, crop.Height);

        var points = grid.Select(p => (p.X * crop.Width, p.Y * crop.Height)).ToArray();
        var found = DecodeAll(embedding, points, crop, width, height, cancellation);
        var keep = SamBoxNms.Greedy(found.Select(c => c.Box).ToArray(), found.Select(c => c.PredictedIou).ToArray(), _options.BoxNmsThreshold);
        return Pick(found, keep);
    }

    /// <summary>
    /// Runs the decoder on every point of one crop: <see cref="SamMaskDecoder.MaxPromptsPerCall"/> (at most
    /// <see cref="SamAutomaticMaskGeneratorOptions.PointsPerBatch"/>) prompts per call, up to
    /// <see cref="SamAutomaticMaskGeneratorOptions.MaxParallelDecoderCalls"/> calls at once, each worker with its own
    /// binding of the embedding. Candidates come back in point order, whatever the order the calls finish in.
    /// </summary>
    private List<SamMaskCandidate> DecodeAll(
        SamImageEmbedding embedding, (float X, float Y)[] points, SamCrop crop, int width, int height, CancellationToken cancellation)
    {
        int perCall = Math.Min(_options.PointsPerBatch, Decoder.MaxPromptsPerCall);
        int calls = (points.Length + perCall - 1) / perCall;
        var perCallFound = new List<SamMaskCandidate>[calls];
        void Decode(SamDecoderBinding binding, int call)
        {
            int start = call * perCall, count = Math.Min(perCall, points.Length - start);
            var prediction = binding.Predict(points.AsSpan(start, count));
            var found = new List<SamMaskCandidate>();
            for (int p = 0; p < count; p++)
                for (int k = 0; k < prediction.MasksPerPrompt; k++)
                    if (SamMaskCandidate.TryCreate(prediction, p, k, points[start + p], crop, width, height, _options) is { } candidate)
                        found.Add(candidate);
            perCallFound[call] = found;
        }

        int parallelism = Math.Min(_options.MaxParallelDecoderCalls, calls);
        if (parallelism <= 1)
        {
            using var binding = Decoder.Bind(embedding);
            for (int call = 0; call < calls; call++)
            {
                cancellation.ThrowIfCancellationRequested();
                Decode(binding, call);
            }
        }
        else
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation };
            try
            {
                Parallel.For(0, calls, options, () => Decoder.Bind(embedding),
                    (call, _, binding) => { Decode(binding, (int)call); return binding; },
                    binding => binding.Dispose());
            }
            catch (AggregateException error) when (error.InnerExceptions.Count == 1)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error.InnerExceptions[0]);
                throw;
            }
        }
        return perCallFound.SelectMany(f => f).ToList();
    }

    private List<SamMaskCandidate> RemoveSmallRegions(List<SamMaskCandidate> candidates, int width, int height, CancellationToken cancellation)
    {
        var cleaned = new List<SamMaskCandidate>(candidates.Count);
        var scores = new float[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var bits = candidates[i].Mask.Decode().ToRowMajor();
            bits = SamSmallRegions.FillHoles(bits, width, height, _options.MinMaskRegionArea, out bool filled);
            bits = SamSmallRegions.RemoveIslands(bits, width, height, _options.MinMaskRegionArea, out bool removed);
            bool unchanged = !filled && !removed;
            scores[i] = unchanged ? 1f : 0f;
            cleaned.Add(unchanged ? candidates[i] : candidates[i].WithMask(CocoRle.Encode(new BinaryMask(width, height, bits))));
        }
        return Pick(cleaned, SamBoxNms.Greedy(cleaned.Select(c => c.Box).ToArray(), scores, _options.BoxNmsThreshold));
    }

    private static List<SamMaskCandidate> Pick(List<SamMaskCandidate> items, int[] indices) => indices.Select(i => items[i]).ToList();

    private static byte[] CutOut(ReadOnlySpan<byte> image, int width, int height, SamCrop crop)
    {
        var result = new byte[3 * crop.Width * crop.Height];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < crop.Height; y++)
                image.Slice(c * width * height + (crop.Y0 + y) * width + crop.X0, crop.Width)
                     .CopyTo(result.AsSpan((c * crop.Height + y) * crop.Width));
        return result;
    }

    private IReadOnlyDictionary<string, string> BuildParameters()
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["encoder"] = Path.GetFileName(Encoder.ModelPath),
            ["encoder_sha256"] = Sha256(Encoder.ModelPath),
            ["decoder"] = Path.GetFileName(Decoder.ModelPath),
            ["decoder_sha256"] = Sha256(Decoder.ModelPath),
        };
        foreach (var (key, value) in _options.ToParameters()) parameters.Add(key, value);
        return parameters;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
