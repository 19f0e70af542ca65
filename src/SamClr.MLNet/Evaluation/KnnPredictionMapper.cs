using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.DataViews;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// Appends the kNN model's "Score" and "PredictedLabel" columns. Each cursor gets its own buffers and votes
/// once per row, whichever of the two columns is read first.
/// </summary>
internal sealed class KnnPredictionMapper : ColumnMapper
{
    private readonly KNearestNeighborsModel _model;

    /// <summary>Creates the mapper.</summary>
    /// <param name="model">The trained model.</param>
    /// <param name="featureColumnName">The input feature column (checked by the caller).</param>
    public KnnPredictionMapper(KNearestNeighborsModel model, string featureColumnName)
        : base([featureColumnName], model.OutputColumns)
    {
        _model = model;
    }

    /// <inheritdoc/>
    public override Delegate?[] CreateGetters(DataViewRow input, IReadOnlyList<bool> activeOutputs)
    {
        var state = new CursorState(_model, input, input.Schema[InputColumnNames[0]]);
        ValueGetter<VBuffer<float>> score = (ref VBuffer<float> value) =>
        {
            state.Vote();
            var editor = VBufferEditor.Create(ref value, state.Scores.Length);
            state.Scores.CopyTo(editor.Values);
            value = editor.Commit();
        };
        var predictedLabel = KeyColumns.KeyWriter(_model.LabelType, () =>
        {
            state.Vote();
            return state.Predicted;
        });
        return [score, predictedLabel];
    }

    /// <summary>One cursor's buffers and the vote of its current row.</summary>
    private sealed class CursorState
    {
        private readonly KNearestNeighborsModel _model;
        private readonly DataViewRow _input;
        private readonly ValueGetter<VBuffer<float>> _readFeatures;
        private readonly float[] _query;
        private readonly KnnVotingScratch _scratch = new();
        private VBuffer<float> _features;
        private long _votedPosition = -1;

        public CursorState(KNearestNeighborsModel model, DataViewRow input, DataViewSchema.Column featureColumn)
        {
            _model = model;
            _input = input;
            _readFeatures = input.GetGetter<VBuffer<float>>(featureColumn);
            _query = new float[model.FeatureDimension];
            Scores = new float[model.ClassCount];
        }

        public float[] Scores { get; }

        public int Predicted { get; private set; }

        /// <summary>Votes for the input's current row unless that was already done.</summary>
        public void Vote()
        {
            if (_input.Position == _votedPosition)
                return;
            _readFeatures(ref _features);
            _features.CopyTo(_query);
            Predicted = _model.Vote(_query, Scores, _scratch);
            _votedPosition = _input.Position;
        }
    }
}
