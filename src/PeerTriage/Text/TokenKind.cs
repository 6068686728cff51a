namespace PeerTriage.Text;

/// <summary>What a <see cref="Token"/> stands for.</summary>
internal enum TokenKind : byte
{
    /// <summary>A word: letters, digits and combining marks, in canonical form (see <see cref="Tokenizer"/>).</summary>
    Word,

    /// <summary>A number: ASCII digits with optional internal '.', ',' or a ":mm" time part, as written.</summary>
    Number,

    /// <summary>A text emoticon in canonical form, such as ":)" or "&lt;3".</summary>
    Emoticon,

    /// <summary>One emoji code point (skin-tone modifiers and variation selectors removed).</summary>
    Emoji,

    /// <summary>"!", "?", "!!", "??", "?!" or "...".</summary>
    Punctuation,

    /// <summary>One of the <see cref="Placeholders"/> standing for a URL, e-mail address, phone number or user name.</summary>
    Placeholder,
}
