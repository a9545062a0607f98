namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>
/// Per-thread buffers of <see cref="Lexicon.FindTerms(string, int, int, List{TermMatch}, Timing.SegmentLookup?)"/>: the
/// words of the text being scanned (id, character range, sentence) and, for ASCII text, its character classes. Sized
/// so that the scan needs no capacity checks: n characters hold at most n / 2 + 1 words.
/// </summary>
internal sealed class WordScratch
{
    // Texts longer than this get buffers of their own, so a thread does not keep a huge transcript's buffers.
    private const int KeptLength = 1 << 17;

    [ThreadStatic]
    private static WordScratch? s_current;

    public int[] Words = [];
    public int[] Starts = [];
    public int[] Ends = [];
    public int[] Sentences = [];
    public ulong[] WordBits = [];
    public ulong[] BreakBits = [];
    public byte[] Folded = [];

    /// <summary>Buffers for a text of <paramref name="length"/> characters.</summary>
    public static WordScratch For(int length)
    {
        var scratch = length > KeptLength ? new WordScratch() : s_current ??= new WordScratch();
        var words = (length / 2) + 1;
        if (scratch.Words.Length < words)
        {
            var size = Math.Max(words, scratch.Words.Length * 2);
            scratch.Words = new int[size];
            scratch.Starts = new int[size];
            scratch.Ends = new int[size];
            scratch.Sentences = new int[size];
        }

        return scratch;
    }

    /// <summary>Cleared bit sets and a folded-byte buffer for <see cref="AsciiWords.Classify"/> over <paramref name="length"/> characters.</summary>
    public void PrepareBits(int length)
    {
        var blocks = (length + 63) >> 6;
        if (WordBits.Length < blocks)
        {
            var size = Math.Max(blocks, WordBits.Length * 2);
            WordBits = new ulong[size];
            BreakBits = new ulong[size];
        }
        else
        {
            Array.Clear(WordBits, 0, blocks);
            Array.Clear(BreakBits, 0, blocks);
        }

        if (Folded.Length < length + 8)
        {
            Folded = new byte[Math.Max(length + 8, Folded.Length * 2)];
        }
    }
}
