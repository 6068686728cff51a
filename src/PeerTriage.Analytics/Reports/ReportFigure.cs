namespace PeerTriage.Analytics.Reports;

/// <summary>
/// A rendered chart for an <see cref="HtmlReport"/>: PNG bytes, embedded in the page as a base64 data URI so the report
/// is one file that opens offline.
/// </summary>
public sealed class ReportFigure
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly byte[] _png;

    private ReportFigure(byte[] png, int width, int height, string altText, string? caption)
    {
        _png = png;
        Width = width;
        Height = height;
        AltText = altText;
        Caption = caption;
    }

    /// <summary>The PNG image.</summary>
    public ReadOnlyMemory<byte> Png => _png;

    /// <summary>Display width in CSS pixels.</summary>
    public int Width { get; }

    /// <summary>Display height in CSS pixels.</summary>
    public int Height { get; }

    /// <summary>What the figure shows, for readers who cannot see it.</summary>
    public string AltText { get; }

    /// <summary>The caption under the figure, or null.</summary>
    public string? Caption { get; }

    /// <summary>Wraps PNG bytes (copied) as a figure.</summary>
    /// <param name="png">A PNG image.</param>
    /// <param name="width">Display width in CSS pixels, at least 1.</param>
    /// <param name="height">Display height in CSS pixels, at least 1.</param>
    /// <param name="altText">What the figure shows; required, not blank.</param>
    /// <param name="caption">Caption under the figure; null for none.</param>
    /// <exception cref="ArgumentException">The bytes are not a PNG, or the alt text is blank.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1.</exception>
    public static ReportFigure FromPng(ReadOnlySpan<byte> png, int width, int height, string altText, string? caption = null)
    {
        if (!png.StartsWith(PngSignature))
            throw new ArgumentException("The figure's bytes are not a PNG image.", nameof(png));
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (string.IsNullOrWhiteSpace(altText))
            throw new ArgumentException("A figure needs alt text that says what it shows.", nameof(altText));
        return new ReportFigure(png.ToArray(), width, height, altText, caption);
    }

    /// <summary>The image as a data URI (<c>data:image/png;base64,…</c>).</summary>
    public string ToDataUri() => "data:image/png;base64," + Convert.ToBase64String(_png);
}
