using System.Text;

namespace PeerTriage.Tests.Text;

/// <summary>Random text that mixes plain ASCII words with everything the text steps treat specially.</summary>
internal static class HostileText
{
    private static readonly string[] Pieces =
    [
        "i", "I", "the", "FEEL", "sooooo", "Sooo", "aaa", "111", "don't", "DON'T", "can’t", "won‘t", "n't", "didn't",
        "3.5", "1,000", "3:30", "20mg", "x", "xd", "XD", "t_t", "T_T", ":)", ":-)", ":)))", ":(", "):", "(:", ":'(", ":,(",
        ":D", ":-d", ":p", ";p", ";-p", "=p", "=]", "=)", ":-\\", ":\\", "<3", "<333", "</3", "<\\3", "^^", "^_^", "-_-",
        ":/", ":|", ":o", "http://x.org/a?b=1", "https://www.example.com.", "www.site.co.uk/page!", "example.com",
        "me@mail.org", "a.b@c.io", "@user", "@", "+44 20 7946 0958", "(555) 123-4567", "2024-05-12", "555-1234567",
        "...", "..", ".", "…", "!", "!!", "?", "??", "?!", "!?!", ",", ";", ":", "(", ")", "[", "]", "—", "–", "-", "_",
        "'", "’", "\"", "“", "”", "`", " ", "  ", "\n", "\r\n", "\t", "\u00A0", "\u2003", "\u200B", "\u00AD", "\uFEFF",
        "é", "É", "ß", "İ", "Σ", "ǅ", "ｈｅｌｌｏ", "ＨＥＬＬＯ", "ﬁne", "e\u0301", "a\u0300\u0300\u0300", "٣٤", "日本語", "한국어",
        "👍", "👍🏽", "❤️", "❤", "☹", "😢😢😢😢", "👨‍👩‍👧", "🇬🇧", "1️⃣", "\uD83D", "\uDE00", "\uFFFF", "\uFFFE", "𝐁𝐨𝐥𝐝",
        "hopeless", "HOPELESS", "not", "never", "but", "very", "kinda", "so", "want to die", "end it all", "self-harm",
    ];

    public static string Next(Random random, int pieces)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < pieces; i++)
        {
            int kind = random.Next(10);
            if (kind < 5)
                sb.Append(Pieces[random.Next(Pieces.Length)]);
            else if (kind < 8)
                sb.Append(' ');
            else if (kind < 9)
                sb.Append((char)random.Next(0x20, 0x7F));
            else
                sb.Append((char)random.Next(0x80, 0x3000));
        }
        return sb.ToString();
    }

    /// <summary>Any UTF-16 code units at all, unpaired surrogates included.</summary>
    public static string Units(Random random, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
            chars[i] = random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : (char)random.Next(0x20, 0x7F);
        return new string(chars);
    }
}
