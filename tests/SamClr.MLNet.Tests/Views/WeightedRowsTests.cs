using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Views;

public class WeightedRowsTests
{
    [Fact]
    public void EachOutputIsTheWeightedSumOfTheChosenRowsAtItsColumn()
    {
        // Three rows of 21 values, row r column j holding 100 r + j. Rows 2 and 0 weighted 0.5 and 2 give
        // 0.5 (200 + j) + 2 j = 100 + 2.5 j, exactly, through the vector loop and the columns left after it alike.
        const int stride = 21;
        var rows = new float[3 * stride];
        for (int r = 0; r < 3; r++)
            for (int j = 0; j < stride; j++) rows[r * stride + j] = 100 * r + j;
        var result = new float[stride];
        WeightedRows.Sum(rows, stride, new[] { 2, 0 }, new[] { 0.5f, 2f }, result);
        Assert.Equal(Enumerable.Range(0, stride).Select(j => 100 + 2.5f * j).ToArray(), result);
    }

    [Fact]
    public void AResultShorterThanTheRowsReadsOnlyItsColumns()
    {
        // Rows read from column 0 of the span given, result of 5 values: row 1 alone with weight 1 is copied.
        var rows = new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
        var result = new float[5];
        WeightedRows.Sum(rows, 8, new[] { 1 }, new[] { 1f }, result);
        Assert.Equal(new float[] { 9, 10, 11, 12, 13 }, result);
    }
}
