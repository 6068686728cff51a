using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Tests.Learning;

public class SparseMatrixTests
{
    [Test]
    public void Exposes_rows_and_columns()
    {
        var m = new SparseMatrix(10, [0, 2, 2, 3], [1, 9, 4], [1f, 2f, 3f]);
        m.Rows.Should().Be(3);
        m.Columns.Should().Be(10);
        m.NonZeros.Should().Be(3);
    }

    [Test]
    public void SelectRows_copies_the_chosen_rows_in_order()
    {
        var m = new SparseMatrix(10, [0, 2, 2, 3], [1, 9, 4], [1f, 2f, 3f]);

        var picked = m.SelectRows([2, 0, 1, 2]);

        picked.Rows.Should().Be(4);
        picked.Columns.Should().Be(10);
        picked.RowStart.Should().Equal(0, 1, 3, 3, 4);
        picked.Indices.Should().Equal(4, 1, 9, 4);
        picked.Values.Should().Equal(3f, 1f, 2f, 3f);
        FluentActions.Invoking(() => m.SelectRows([3])).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void Rejects_inconsistent_arrays()
    {
        FluentActions.Invoking(() => new SparseMatrix(5, [], [], []))
            .Should().Throw<ArgumentException>().WithMessage("*rows + 1*");
        FluentActions.Invoking(() => new SparseMatrix(5, [0, 1], [1, 2], [1f]))
            .Should().Throw<ArgumentException>().WithMessage("*indices has 2 entries but values has 1*");
        FluentActions.Invoking(() => new SparseMatrix(5, [0, 1], [1, 2], [1f, 1f]))
            .Should().Throw<ArgumentException>().WithMessage("*end at the number of entries (2)*");
        FluentActions.Invoking(() => new SparseMatrix(5, [0, 2, 1, 2], [1, 2], [1f, 1f]))
            .Should().Throw<ArgumentException>().WithMessage("*must not decrease*");
        FluentActions.Invoking(() => new SparseMatrix(5, [0, 2], [1, 5], [1f, 1f]))
            .Should().Throw<ArgumentException>().WithMessage("*column 5, outside ?0, 5)*");
        FluentActions.Invoking(() => new SparseMatrix(5, [0, 1], [-1], [1f]))
            .Should().Throw<ArgumentException>().WithMessage("*column -1*");
        FluentActions.Invoking(() => new SparseMatrix(5, [0, 1], [0], [float.NaN]))
            .Should().Throw<ArgumentException>().WithMessage("*non-finite*");
    }
}
