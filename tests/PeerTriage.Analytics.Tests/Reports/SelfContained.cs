using System.Text.RegularExpressions;

namespace PeerTriage.Analytics.Tests.Reports;

/// <summary>Checks that an HTML page references nothing outside itself.</summary>
internal static partial class SelfContained
{
    public static void Check(string html)
    {
        html.Should().NotContainAny(["http://", "https://", "src=\"//", "href=\"//", "<script", "<link", "@import", "url("]);
        foreach (Match img in ImgTag().Matches(html))
            img.Groups[1].Value.Should().StartWith("data:image/png;base64,", "every image is embedded");
        foreach (Match href in Href().Matches(html))
            href.Groups[1].Value.Should().StartWith("#", "links only point inside the page");
    }

    [GeneratedRegex("<img [^>]*src=\"([^\"]*)\"")]
    private static partial Regex ImgTag();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();
}
