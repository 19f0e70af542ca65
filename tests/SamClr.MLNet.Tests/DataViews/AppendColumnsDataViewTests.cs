using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.DataViews;
using Xunit;

namespace SamClr.MLNet.Tests.DataViews;

public class AppendColumnsDataViewTests
{
    private sealed class Row
    {
        public float A { get; set; }

        public float B { get; set; }

        [VectorType(2)]
        public float[] V { get; set; } = [];
    }

    private static readonly Row[] Rows =
    [
        new() { A = 1f, B = 10f, V = [1f, 2f] },
        new() { A = 2f, B = 20f, V = [3f, 4f] },
        new() { A = 3f, B = 30f, V = [5f, 6f] },
    ];

    private static IDataView Input() => new MLContext(seed: 1).Data.LoadFromEnumerable(Rows);

    /// <summary>"Sum" = A + B, counting how often it is computed.</summary>
    private static OutputColumn<float> Sum(string name, Action? onCompute = null) => new(
        name, NumberDataViewType.Single, ["A", "B"], row =>
        {
            var a = row.GetGetter<float>(row.Schema["A"]);
            var b = row.GetGetter<float>(row.Schema["B"]);
            float x = 0, y = 0;
            return (ref float value) =>
            {
                onCompute?.Invoke();
                a(ref x);
                b(ref y);
                value = x + y;
            };
        });

    [Fact]
    public void SchemaAppendsColumnsAndANewColumnHidesAnInputOfTheSameName()
    {
        var view = new AppendColumnsDataView(Input(), [Sum("Sum"), Sum("A")]);

        Assert.Equal(["A", "B", "V", "Sum", "A"], view.Schema.Select(c => c.Name));
        Assert.True(view.Schema[0].IsHidden);
        Assert.Equal(4, view.Schema["A"].Index);

        // Reading "A" by name gives the new value A + B; the hidden input A is still readable by index.
        using var cursor = view.GetRowCursor(view.Schema);
        var newA = cursor.GetGetter<float>(view.Schema["A"]);
        var oldA = cursor.GetGetter<float>(view.Schema[0]);
        float value = 0;
        Assert.True(cursor.MoveNext());
        newA(ref value);
        Assert.Equal(11f, value);
        oldA(ref value);
        Assert.Equal(1f, value);
    }

    [Fact]
    public void CursorActivatesOnlyRequestedColumnsAndTheirDependencies()
    {
        var view = new AppendColumnsDataView(Input(), [Sum("Sum")]);

        using (var onlyV = view.GetRowCursor([view.Schema["V"]]))
        {
            Assert.True(onlyV.IsColumnActive(view.Schema["V"]));
            Assert.False(onlyV.IsColumnActive(view.Schema["A"]));
            Assert.False(onlyV.IsColumnActive(view.Schema["B"]));
            Assert.False(onlyV.IsColumnActive(view.Schema["Sum"]));
            var error = Assert.Throws<InvalidOperationException>(() => onlyV.GetGetter<float>(view.Schema["Sum"]));
            Assert.Contains("'Sum' is not active", error.Message);
        }

        using var onlySum = view.GetRowCursor([view.Schema["Sum"]]);
        Assert.True(onlySum.IsColumnActive(view.Schema["Sum"]));
        Assert.True(onlySum.IsColumnActive(view.Schema["A"]));
        Assert.True(onlySum.IsColumnActive(view.Schema["B"]));
        Assert.False(onlySum.IsColumnActive(view.Schema["V"]));
    }

    [Fact]
    public void ValuesAreComputedLazilyAndOncePerRow()
    {
        var computations = 0;
        var view = new AppendColumnsDataView(Input(), [Sum("Sum", () => computations++)]);

        using var cursor = view.GetRowCursor([view.Schema["Sum"]]);
        var first = cursor.GetGetter<float>(view.Schema["Sum"]);
        var second = cursor.GetGetter<float>(view.Schema["Sum"]);
        float value = 0;

        Assert.True(cursor.MoveNext());            // row 0: read three times through two getters
        first(ref value);
        second(ref value);
        first(ref value);
        Assert.Equal(11f, value);
        Assert.Equal(1, computations);

        Assert.True(cursor.MoveNext());            // row 1: not read
        Assert.Equal(1, computations);

        Assert.True(cursor.MoveNext());            // row 2: read once -> 3 + 30
        second(ref value);
        Assert.Equal(33f, value);
        Assert.Equal(2, computations);
        Assert.False(cursor.MoveNext());
    }

    [Fact]
    public void PositionBatchIdsRowCountAndShufflingPassThrough()
    {
        var input = Input();
        var view = new AppendColumnsDataView(input, [Sum("Sum")]);

        Assert.Equal(3, view.GetRowCount());
        Assert.Equal(input.CanShuffle, view.CanShuffle);
        Assert.Single(view.GetRowCursorSet([view.Schema["Sum"]], 4));

        using var cursor = view.GetRowCursor([]);
        using var inputCursor = input.GetRowCursor([]);
        var ids = cursor.GetIdGetter();
        var inputIds = inputCursor.GetIdGetter();
        DataViewRowId id = default, inputId = default;
        Assert.Equal(-1, cursor.Position);
        var rows = 0;
        while (cursor.MoveNext())
        {
            rows++;
            Assert.True(inputCursor.MoveNext());
            Assert.Equal(inputCursor.Position, cursor.Position);
            Assert.Equal(inputCursor.Batch, cursor.Batch);
            ids(ref id);
            inputIds(ref inputId);
            Assert.Equal(inputId, id);
        }
        Assert.Equal(3, rows);
        Assert.False(inputCursor.MoveNext());
    }

    [Fact]
    public void VectorValuesAreCopiedSoCallersOwnTheirBuffers()
    {
        var doubled = new OutputColumn<VBuffer<float>>(
            "Doubled", new VectorDataViewType(NumberDataViewType.Single, 2), ["V"], row =>
            {
                var v = row.GetGetter<VBuffer<float>>(row.Schema["V"]);
                var input = default(VBuffer<float>);
                return (ref VBuffer<float> value) =>
                {
                    v(ref input);
                    var editor = VBufferEditor.Create(ref value, 2);
                    for (var i = 0; i < 2; i++)
                        editor.Values[i] = 2 * input.GetValues()[i];
                    value = editor.Commit();
                };
            });
        var view = new AppendColumnsDataView(Input(), [doubled]);

        using var cursor = view.GetRowCursor([view.Schema["Doubled"]]);
        var getter = cursor.GetGetter<VBuffer<float>>(view.Schema["Doubled"]);
        VBuffer<float> row0 = default, row1 = default;
        cursor.MoveNext();
        getter(ref row0);
        cursor.MoveNext();
        getter(ref row1);

        Assert.Equal([2f, 4f], row0.DenseValues());
        Assert.Equal([6f, 8f], row1.DenseValues());
    }

    [Fact]
    public void ReadingBeforeMoveNextOrWithTheWrongTypeFailsClearly()
    {
        var view = new AppendColumnsDataView(Input(), [Sum("Sum")]);
        using var cursor = view.GetRowCursor([view.Schema["Sum"]]);

        var wrongType = Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<double>(view.Schema["Sum"]));
        Assert.Contains("GetGetter<Single>", wrongType.Message);
        var getter = cursor.GetGetter<float>(view.Schema["Sum"]);
        float value = 0;
        var early = Assert.Throws<InvalidOperationException>(() => getter(ref value));
        Assert.Contains("MoveNext", early.Message);
    }

    [Fact]
    public void MissingInputColumnIsReportedWithTheAvailableOnes()
    {
        var needsC = new OutputColumn<float>("D", NumberDataViewType.Single, ["C"], _ => (ref float v) => v = 0);

        var error = Assert.Throws<ArgumentException>(() => new AppendColumnsDataView(Input(), [needsC]));

        Assert.Contains("no column 'C'", error.Message);
        Assert.Contains("'A', 'B', 'V'", error.Message);
    }

    [Fact]
    public void OutputColumnRejectsAMismatchedRawType()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new OutputColumn<double>("D", NumberDataViewType.Single, ["A"], _ => (ref double v) => v = 0));
        Assert.Contains("OutputColumn<Single>", error.Message);
    }
}
