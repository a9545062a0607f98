namespace MultimodalAnnotate.Validation.Ontology;

/// <summary>The grammatical number a lexicon term carries.</summary>
internal enum TermNumber : byte
{
    /// <summary>A class name or synonym: singular.</summary>
    Singular,
    /// <summary>A generated regular plural.</summary>
    Plural,
    /// <summary>An extra form (irregular plural, diminutive…): unknown.</summary>
    Unknown,
}

/// <summary>How a count word before a class term reads.</summary>
internal enum CountKind : byte
{
    /// <summary>No count is stated ("the dog").</summary>
    None,
    /// <summary>An exact count ("two dogs", "a dog", "3 cats").</summary>
    Exact,
    /// <summary>At least <see cref="TermMatch.Count"/> (a regular plural without numeral: "dogs").</summary>
    AtLeast,
}

/// <summary>
/// One class term found in a text: the class, its character range, and the count stated for it.
/// <paramref name="QualifierStart"/> is where the words that stand between the count word and the term begin (after
/// the count word; for a plural without one, at the first of the words read before it), up to three of them:
/// "two <u>big green</u> taxis". It equals <paramref name="CharStart"/> when there are none.
/// </summary>
internal readonly record struct TermMatch(int ClassId, int CharStart, int CharEnd, bool Plural, CountKind CountKind, int Count, int Sentence, int QualifierStart);

/// <summary>
/// The ontology's lexicon: every class name, synonym and form (multi-word terms included) plus generated regular
/// English plurals, held as a trie over word ids so that text is matched without allocating. Case-insensitive.
/// </summary>
internal sealed class Lexicon
{
    // Function-word codes kept per word id (0: an ordinary word).
    private const int Article = -1;
    private const int Break = -2;
    private const int Of = -3;
    private const int Pair = -4;
    private const int Dozen = -5;

    // Text words that are plain numbers are stored as DigitBase - value (unknown words are -1).
    private const int DigitBase = -2;

    private readonly FoldedTable _words = new();

    // The words of _words that a text word of up to eight ASCII letters and digits can equal, by their folded bytes.
    private readonly ShortWordTable _shortWords = new();
    private readonly List<int> _wordCode = [];
    private readonly Dictionary<long, int> _edges = [];

    // The trie's first step per word id (0: no term starts with the word), so most text words cost no dictionary lookup.
    private readonly List<int> _rootChild = [];
    private readonly List<int> _terminalClass = [-1];
    private readonly List<TermNumber> _terminalNumber = [TermNumber.Singular];
    private readonly HashSet<int> _conjunctions = [];

    public Lexicon()
    {
        string[] numbers =
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
            "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
        ];
        for (var n = 1; n < numbers.Length; n++)
        {
            SetCode(numbers[n], n);
        }

        SetCode("single", 1);
        SetCode("lone", 1);
        SetCode("another", 1);
        SetCode("both", 2);
        SetCode("a", Article);
        SetCode("an", Article);
        SetCode("of", Of);
        SetCode("couple", Pair);
        SetCode("pair", Pair);
        SetCode("dozen", Dozen);
        foreach (var word in BreakWords)
        {
            SetCode(word, Break);
        }

        _conjunctions.Add(WordId("and", create: false));
        _conjunctions.Add(WordId("or", create: false));
    }

    /// <summary>Words that end the search for a count word before a class term.</summary>
    private static readonly string[] BreakWords =
    [
        "and", "or", "with", "without", "on", "in", "at", "by", "to", "from", "near", "next", "the", "this", "that",
        "these", "those", "his", "her", "their", "its", "my", "our", "your", "is", "are", "was", "were", "has", "have",
        "other", "some", "several", "many", "multiple", "various", "few", "no", "for", "over", "under", "behind",
        "above", "below", "into", "onto", "as", "while", "who", "which", "than",
    ];

    /// <summary>The longest term in words.</summary>
    public int MaxTermWords { get; private set; }

    /// <summary>Adds a term for a class. Returns false when the term already names a class (first definition wins).</summary>
    public bool Add(string term, int classId, TermNumber number)
    {
        var node = 0;
        var position = 0;
        var words = 0;
        var text = term.AsSpan();
        while (Tokenizer.Next(text, ref position, out var start, out var length, out _))
        {
            var word = WordId(text.Slice(start, length), create: true);
            var key = ((long)node << 32) | (uint)word;
            if (!_edges.TryGetValue(key, out var child))
            {
                child = _terminalClass.Count;
                _terminalClass.Add(-1);
                _terminalNumber.Add(TermNumber.Singular);
                _edges.Add(key, child);
                if (node == 0)
                {
                    _rootChild[word] = child;
                }
            }

            node = child;
            words++;
        }

        if (node == 0 || _terminalClass[node] >= 0)
        {
            return false;
        }

        _terminalClass[node] = classId;
        _terminalNumber[node] = number;
        MaxTermWords = Math.Max(MaxTermWords, words);
        return true;
    }

    /// <summary>Adds the regular English plural forms of a term's last word (over-generating is harmless).</summary>
    public void AddRegularPlurals(string term, int classId)
    {
        var trimmed = term.TrimEnd();
        if (trimmed.Length == 0 || !char.IsLetter(trimmed[^1]))
        {
            return;
        }

        foreach (var plural in RegularPlurals(trimmed))
        {
            Add(plural, classId, TermNumber.Plural);
        }
    }

    internal static IEnumerable<string> RegularPlurals(string word)
    {
        var lower = word.ToLowerInvariant();
        if (lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith('z') ||
            lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal))
        {
            yield return word + "es";
            yield break;
        }

        if (lower.Length > 1 && lower.EndsWith('y') && !IsVowel(lower[^2]))
        {
            yield return word[..^1] + "ies";
            yield break;
        }

        if (lower.EndsWith("fe", StringComparison.Ordinal))
        {
            yield return word[..^2] + "ves";
        }
        else if (lower.EndsWith('f'))
        {
            yield return word[..^1] + "ves";
        }
        else if (lower.EndsWith('o'))
        {
            yield return word + "es";
        }

        yield return word + "s";
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';

    private void SetCode(string word, int code)
    {
        var id = WordId(word, create: true);
        _wordCode[id] = code;
    }

    private int WordId(ReadOnlySpan<char> word, bool create)
    {
        if (_words.TryGetValue(word, out var id))
        {
            return id;
        }

        if (!create)
        {
            return -1;
        }

        id = _wordCode.Count;
        _words.TryAdd(word, id);
        if (ShortWordTable.TryKey(word, out var key))
        {
            _shortWords.TryAdd(key, id);
        }

        _wordCode.Add(0);
        _rootChild.Add(0);
        return id;
    }

    /// <summary>
    /// Finds the class terms in <paramref name="text"/>[<paramref name="from"/>, <paramref name="to"/>) (longest match
    /// first, left to right) with the count stated before each, and appends them to <paramref name="output"/>.
    /// Sentences are the text's <paramref name="segments"/> (caption cues, dialogue turns; -1 outside every segment) or,
    /// when null, runs of text split at sentence punctuation and line breaks.
    /// </summary>
    public void FindTerms(string text, int from, int to, List<TermMatch> output, IReadOnlyList<Model.TextSegment>? segments = null) =>
        FindTerms(text, from, to, output, segments is null ? null : new Timing.SegmentLookup(segments));

    /// <summary>As <see cref="FindTerms(string, int, int, List{TermMatch}, IReadOnlyList{Model.TextSegment})"/> with a prepared segment lookup.</summary>
    public void FindTerms(string text, int from, int to, List<TermMatch> output, Timing.SegmentLookup? segments) =>
        FindTerms(text, from, to, output, segments, allowAscii: true);

    /// <summary>
    /// The scan itself. <paramref name="allowAscii"/> false reads every text one character at a time (the path non-ASCII
    /// text takes), so tests can hold the ASCII path to it.
    /// </summary>
    internal void FindTerms(string text, int from, int to, List<TermMatch> output, Timing.SegmentLookup? segments, bool allowAscii)
    {
        from = Math.Clamp(from, 0, text.Length);
        to = Math.Clamp(to, from, text.Length);
        var scratch = WordScratch.For(to - from);
        var count = allowAscii && BitConverter.IsLittleEndian && System.Text.Ascii.IsValid(text.AsSpan(from, to - from))
            ? ReadAsciiWords(text, from, to, scratch, segments)
            : ReadWords(text, from, to, scratch, segments);
        MatchTerms(text.AsSpan(0, to), scratch, count, output);
    }

    /// <summary>
    /// Reads the words of all-ASCII text through <see cref="AsciiWords"/>: word ids (or numbers) with their character
    /// ranges and sentences into <paramref name="scratch"/>. Returns the number of words.
    /// </summary>
    private int ReadAsciiWords(string text, int from, int to, WordScratch scratch, Timing.SegmentLookup? segments)
    {
        var n = to - from;
        var blocks = (n + 63) >> 6;
        scratch.PrepareBits(n);
        var wordBits = scratch.WordBits.AsSpan(0, blocks);
        var breakBits = scratch.BreakBits.AsSpan(0, blocks);
        var folded = scratch.Folded.AsSpan(0, n + 8);
        AsciiWords.Classify(text.AsSpan(from, n), wordBits, breakBits, folded);
        var words = scratch.Words;
        var starts = scratch.Starts;
        var ends = scratch.Ends;
        var sentences = scratch.Sentences;
        var count = 0;
        var sentence = 0;
        var segmentCursor = 0;
        var position = 0;
        while (true)
        {
            var start = AsciiWords.NextSet(wordBits, position, n);
            if (start >= n)
            {
                break;
            }

            var end = AsciiWords.NextClear(wordBits, start, n);
            if (count > 0 && AsciiWords.AnySet(breakBits, position, start))
            {
                sentence++;
            }

            var length = end - start;
            int id;
            if (length <= 8)
            {
                var key = AsciiWords.ShortKey(folded, start, length);
                id = length <= 4 && AsciiWords.AllDigits(key) ? DigitBase - DigitsValue(key, length)
                    : _shortWords.TryGetValue(key, out var shortId) ? shortId : -1;
            }
            else
            {
                var hash = FoldedTable.Seed;
                foreach (var b in folded.Slice(start, length))
                {
                    hash = FoldedTable.StepFolded(hash, b);
                }

                id = _words.TryGetValue(text.AsSpan(from + start, length), FoldedTable.Finish(hash), out var longId) ? longId : -1;
            }

            words[count] = id;
            starts[count] = from + start;
            ends[count] = from + end;
            sentences[count] = segments is null ? sentence : segments.IndexContaining(from + start, ref segmentCursor);
            count++;
            position = end;
        }

        return count;
    }

    /// <summary>The value of a <see cref="AsciiWords.ShortKey"/> of one to four digits.</summary>
    private static int DigitsValue(ulong key, int length)
    {
        var value = 0;
        for (var k = 0; k < length; k++)
        {
            value = (value * 10) + (int)((key >> (8 * k)) & 0xFF) - '0';
        }

        return value;
    }

    /// <summary>
    /// Reads the words of any text one character at a time (as <see cref="Tokenizer.Next"/> splits it), into
    /// <paramref name="scratch"/> as <see cref="ReadAsciiWords"/> does. Returns the number of words.
    /// </summary>
    private int ReadWords(string text, int from, int to, WordScratch scratch, Timing.SegmentLookup? segments)
    {
        var span = text.AsSpan(0, to);
        var words = scratch.Words;
        var starts = scratch.Starts;
        var ends = scratch.Ends;
        var sentences = scratch.Sentences;
        var count = 0;
        var position = from;
        var sentence = 0;
        var segmentCursor = 0;
        while (true)
        {
            // Inline tokeniser (see Tokenizer.Next): skip separators, noting sentence ends, then read one word while
            // hashing it and checking whether it is all digits.
            var sentenceBreak = false;
            while (position < span.Length && (span[position] < 128 ? Tokenizer.AsciiFold[span[position]] == 0 : !Tokenizer.IsWordChar(span[position])))
            {
                var c = span[position];
                if (c is '\n' or '\r' || (c is '.' or '!' or '?' && (position + 1 >= span.Length || char.IsWhiteSpace(span[position + 1]))))
                {
                    sentenceBreak = true;
                }

                position++;
            }

            if (position >= span.Length)
            {
                break;
            }

            var start = position;
            var hash = FoldedTable.Seed;
            var digits = true;
            while (position < span.Length)
            {
                // ASCII through the fold table (FoldedTable.Step's folding without its branches), the rest as Step does.
                var c = span[position];
                uint folded;
                if (c < 128)
                {
                    folded = Tokenizer.AsciiFold[c];
                    if (folded == 0)
                    {
                        break;
                    }
                }
                else if (Tokenizer.IsWordChar(c))
                {
                    folded = char.ToUpperInvariant(c);
                }
                else
                {
                    break;
                }

                digits &= (uint)(c - '0') <= 9;
                hash = FoldedTable.StepFolded(hash, folded);
                position++;
            }

            var length = position - start;
            if (sentenceBreak && count > 0)
            {
                sentence++;
            }

            var token = span.Slice(start, length);
            words[count] = digits && length <= 4
                ? DigitBase - int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)
                : _words.TryGetValue(token, FoldedTable.Finish(hash), out var id) ? id : -1;
            starts[count] = start;
            ends[count] = start + length;
            sentences[count] = segments is null ? sentence : segments.IndexContaining(start, ref segmentCursor);
            count++;
        }

        return count;
    }

    /// <summary>
    /// Matches the words read into <paramref name="scratch"/> against the trie (longest term first, left to right) and
    /// appends each term with the count stated before it.
    /// </summary>
    private void MatchTerms(ReadOnlySpan<char> span, WordScratch scratch, int count, List<TermMatch> output)
    {
        var words = scratch.Words.AsSpan(0, count);
        var starts = scratch.Starts.AsSpan(0, count);
        var ends = scratch.Ends.AsSpan(0, count);
        var sentences = scratch.Sentences.AsSpan(0, count);
        var firstOutput = output.Count;
        var i = 0;
        while (i < count)
        {
            var node = 0;
            var bestEnd = -1;
            var bestNode = 0;
            for (var j = i; j < count && j - i < MaxTermWords; j++)
            {
                var word = words[j];
                if (word < 0 || !TryStep(node, word, out node))
                {
                    break;
                }

                if (_terminalClass[node] >= 0)
                {
                    bestEnd = j;
                    bestNode = node;
                }
            }

            if (bestEnd < 0)
            {
                i++;
                continue;
            }

            var number = _terminalNumber[bestNode];
            var plural = number == TermNumber.Plural;
            var (kind, value, qualifierStart) = ReadCount(words, starts, ends, sentences, i, number, output, firstOutput);
            if (kind == CountKind.Exact && value > 1 && number == TermNumber.Singular)
            {
                // "ten speed bike", "two pizza pies": a number above one before a singular noun is a compound modifier.
                kind = CountKind.None;
                value = 0;
            }

            if (kind == CountKind.Exact && value == 1 && !plural && bestEnd + 1 < count && !AfterConjunction(words, i) &&
                IsNounModifier(span, words[bestEnd + 1], ends[bestEnd], starts[bestEnd + 1], ends[bestEnd + 1]))
            {
                // "a zoo zebra enclosure": the article belongs to the noun the term modifies. (Counts above one are kept: "four people wait".)
                kind = CountKind.None;
                value = 0;
            }

            if (kind == CountKind.None && plural)
            {
                kind = CountKind.AtLeast;
                value = 2;
            }

            output.Add(new TermMatch(_terminalClass[bestNode], starts[i], ends[bestEnd], plural, kind, value, sentences[i], qualifierStart));
            i = bestEnd + 1;
        }
    }

    private bool TryStep(int node, int word, out int child)
    {
        if (node == 0)
        {
            child = _rootChild[word];
            return child != 0;
        }

        return _edges.TryGetValue(((long)node << 32) | (uint)word, out child);
    }

    /// <summary>
    /// True when the word right after a singular term (separated by spaces only) is an ordinary word that does not look
    /// like a verb form (-s, -ed, -ing): then the term most likely modifies that noun.
    /// </summary>
    private bool IsNounModifier(ReadOnlySpan<char> text, int nextWord, int termEnd, int nextStart, int nextEnd)
    {
        if (nextWord <= DigitBase || (nextWord >= 0 && _wordCode[nextWord] != 0))
        {
            return false;
        }

        if (!text[termEnd..nextStart].IsWhiteSpace())
        {
            return false;
        }

        if (nextWord >= 0 && _rootChild[nextWord] != 0)
        {
            return false; // another class term follows
        }

        var next = text[nextStart..nextEnd];
        return !(next.EndsWith("s", StringComparison.OrdinalIgnoreCase) || next.EndsWith("ed", StringComparison.OrdinalIgnoreCase) ||
                 next.EndsWith("ing", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True when the term's noun phrase follows "and"/"or" ("a dog and a puppy play": the verb after it is plural).</summary>
    private bool AfterConjunction(ReadOnlySpan<int> words, int termIndex)
    {
        for (var k = termIndex - 1; k >= 0 && k >= termIndex - 4; k--)
        {
            var w = words[k];
            if (w < 0)
            {
                continue;
            }

            if (_wordCode[w] == Article)
            {
                return k > 0 && words[k - 1] >= 0 && (_conjunctions.Contains(words[k - 1]));
            }
        }

        return false;
    }

    /// <summary>
    /// The count stated before the term at <paramref name="termIndex"/>, and where the words between it and the term
    /// begin (see <see cref="TermMatch.QualifierStart"/>).
    /// </summary>
    private (CountKind Kind, int Value, int QualifierStart) ReadCount(
        ReadOnlySpan<int> words, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, ReadOnlySpan<int> sentences, int termIndex, TermNumber number,
        List<TermMatch> output, int firstOutput)
    {
        var previousTermEnd = output.Count > firstOutput ? output[^1].CharEnd : -1;
        var qualifierStart = starts[termIndex];
        var skipped = 0;
        for (var k = termIndex - 1; k >= 0 && skipped <= 3; k--)
        {
            if (starts[k] < previousTermEnd || sentences[k] != sentences[termIndex])
            {
                return (CountKind.None, 0, qualifierStart);
            }

            var word = words[k];
            if (word <= DigitBase)
            {
                var value = DigitBase - word;
                return value > 0 ? (CountKind.Exact, value, ends[k]) : (CountKind.None, 0, qualifierStart);
            }

            var code = word >= 0 ? _wordCode[word] : 0;
            switch (code)
            {
                case > 0:
                    return (CountKind.Exact, code, ends[k]);
                case Article:
                    return number == TermNumber.Plural ? (CountKind.None, 0, ends[k]) : (CountKind.Exact, 1, ends[k]);
                case Of:
                    var before = k > 0 && words[k - 1] >= 0 ? _wordCode[words[k - 1]] : 0;
                    return before switch
                    {
                        // "a pair of scissors" is one object when the class's own name is used.
                        Pair => number == TermNumber.Singular ? (CountKind.Exact, 1, ends[k]) : (CountKind.Exact, 2, ends[k]),
                        Dozen => (CountKind.Exact, 12, ends[k]),
                        _ => (CountKind.None, 0, ends[k]),
                    };
                case Break or Pair or Dozen:
                    return (CountKind.None, 0, ends[k]);
                default:
                    skipped++;
                    if (skipped <= 3)
                    {
                        qualifierStart = starts[k];
                    }

                    break;
            }
        }

        return (CountKind.None, 0, qualifierStart);
    }
}
