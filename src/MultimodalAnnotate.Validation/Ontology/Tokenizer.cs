namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>Splits text into words: maximal runs of letters or digits. Everything else separates words.</summary>
internal static class Tokenizer
{
    /// <summary>
    /// Finds the next word at or after <paramref name="position"/>. Returns false at the end of the text.
    /// <paramref name="sentenceBreak"/> is set when a sentence end (<c>.</c>, <c>!</c>, <c>?</c> followed by a
    /// space or the end, or a line break) lies between <paramref name="position"/> and the word.
    /// </summary>
    public static bool Next(ReadOnlySpan<char> text, ref int position, out int start, out int length, out bool sentenceBreak)
    {
        sentenceBreak = false;
        var i = position;
        while (i < text.Length && !IsWordChar(text[i]))
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                sentenceBreak = true;
            }
            else if (c is '.' or '!' or '?' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                sentenceBreak = true;
            }

            i++;
        }

        if (i >= text.Length)
        {
            start = text.Length;
            length = 0;
            position = i;
            return false;
        }

        start = i;
        while (i < text.Length && IsWordChar(text[i]))
        {
            i++;
        }

        length = i - start;
        position = i;
        return true;
    }

    /// <summary>
    /// Per ASCII character: 0 when it separates words, else the character as <see cref="FoldedTable"/> folds it
    /// (letters upper-cased, digits as they are).
    /// </summary>
    public static ReadOnlySpan<byte> AsciiFold =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 0, 0, 0, 0, 0, 0,
        0, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79,
        80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 0, 0, 0, 0, 0,
        0, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79,
        80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 0, 0, 0, 0, 0,
    ];

    /// <summary>Letters and digits make words.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool IsWordChar(char c) =>
        c < 128 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 : IsNonAsciiWordChar(c);

    private static bool IsNonAsciiWordChar(char c) => char.IsLetterOrDigit(c);
}
