using MultimodalAnnotate.Media.Text;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Media.Tests.Text;

public sealed class TextParserTests
{
    private static void EachSegmentPointsAtItsText(ParsedText parsed, IEnumerable<string> expectedTexts) =>
        parsed.Segments.Select(s => parsed.Content[s.CharStart..s.CharEnd]).Should().Equal(expectedTexts);

    [Fact]
    public void Rttm_PyannoteSample_GivesTenTurnsWithSpeakers()
    {
        var path = Fixtures.Path_("pyannote-sample", "sample.rttm");

        var parsed = TextParsers.Parse(File.ReadAllText(path), path);

        parsed.Format.Should().Be(TextFormat.Rttm);
        parsed.Segments.Should().HaveCount(10);
        parsed.Segments[0].Should().Be(new TextSegment(6.69, 6.69 + 0.43, 0, "speaker90".Length, "speaker90"));
        parsed.Segments.Select(s => s.Start).Should().BeInAscendingOrder();
        parsed.Segments.Select(s => s.Speaker).Distinct().Should().HaveCount(2);
    }

    [Fact]
    public void Stm_PyannoteSample_GivesThirteenUtterancesWithCharRanges()
    {
        var path = Fixtures.Path_("pyannote-sample", "sample.stm");
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();

        var parsed = TextParsers.Parse(File.ReadAllText(path), path);

        parsed.Segments.Should().HaveCount(13);
        parsed.Segments[0].Should().BeEquivalentTo(new { Start = 6.68, End = 7.16, Speaker = "Diane" });
        EachSegmentPointsAtItsText(parsed, lines.Select(l => string.Join(' ', l.Split(' ', 6)[5..])).ToArray());
        parsed.TimeBase.Should().BeOfType<TimedSegments>();
    }

    [Fact]
    public void WebVtt_CuesWithVoiceTagsNotesAndSettings_AreParsed()
    {
        const string Vtt = "\uFEFFWEBVTT - sample\r\n\r\nNOTE a comment\r\nspanning lines\r\n\r\nSTYLE\r\n::cue { color: red }\r\n\r\n" +
            "intro\r\n00:01.000 --> 00:03.500 align:start line:0\r\n<v Anna>Hello <b>there</b> &amp; welcome\r\n\r\n" +
            "01:00:02.250 --> 01:00:04.000\r\nSecond line one\r\nline two\r\n";

        var parsed = TextParsers.Parse(Vtt, "captions.vtt");

        parsed.Segments.Should().HaveCount(2);
        parsed.Segments[0].Should().BeEquivalentTo(new { Start = 1.0, End = 3.5, Speaker = "Anna" });
        parsed.Segments[1].Start.Should().Be(3602.25);
        EachSegmentPointsAtItsText(parsed, ["Hello there & welcome", "Second line one\nline two"]);
    }

    [Fact]
    public void WebVtt_MissingHeader_NamesLineOne()
    {
        var act = () => TextParsers.WebVtt("00:01.000 --> 00:02.000\nhi\n", "c.vtt");

        act.Should().Throw<MediaFormatException>().WithMessage("c.vtt: line 1: *WEBVTT*");
    }

    [Fact]
    public void WebVtt_BadTimestamp_NamesTheLine()
    {
        var act = () => TextParsers.WebVtt("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:03.00 --> 00:04.000\nbad\n", "c.vtt");

        act.Should().Throw<MediaFormatException>().WithMessage("c.vtt: line 6: '00:03.00' is not a timestamp*");
    }

    [Fact]
    public void Srt_NumberedCuesWithTags_AreParsed()
    {
        const string Srt = "1\n00:00:01,000 --> 00:00:02,500\n<i>Hi</i> {\\an8}there\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n";

        var parsed = TextParsers.Parse(Srt, "subs.srt");

        parsed.Segments.Select(s => (s.Start, s.End)).Should().Equal((1.0, 2.5), (3.0, 4.0));
        EachSegmentPointsAtItsText(parsed, ["Hi there", "Bye"]);
    }

    [Fact]
    public void Srt_CueEndingBeforeItStarts_NamesTheLine()
    {
        var act = () => TextParsers.Srt("1\n00:00:05,000 --> 00:00:04,000\nOops\n", "subs.srt");

        act.Should().Throw<MediaFormatException>().WithMessage("subs.srt: line 2: ends (4 s) before it starts (5 s)");
    }

    [Fact]
    public void Srt_GarbageBlock_NamesTheLine()
    {
        var act = () => TextParsers.Srt("1\n00:00:01,000 --> 00:00:02,000\nfine\n\nnot a cue\n", "subs.srt");

        act.Should().Throw<MediaFormatException>().WithMessage("subs.srt: line 5: *not a cue*");
    }

    [Fact]
    public void DialogueJson_Turns_KeepSpeakersAndOrder()
    {
        const string Json = """
            [ {"speaker": "A", "start": 0.5, "end": 1.75, "text": "Where is the dog?"},
              {"speaker": "B", "start": 2, "end": 3, "text": "Under the table."} ]
            """;

        var parsed = TextParsers.Parse(Json, "dialogue.json");

        parsed.Format.Should().Be(TextFormat.DialogueJson);
        parsed.Content.Should().Be("Where is the dog?\nUnder the table.");
        parsed.Segments.Should().Equal(new TextSegment(0.5, 1.75, 0, 17, "A"), new TextSegment(2, 3, 18, 34, "B"));
    }

    [Fact]
    public void DialogueJson_MissingStart_NamesTheTurn()
    {
        var act = () => TextParsers.DialogueJson("""[{"speaker":"A","start":0,"end":1,"text":"a"},{"speaker":"B","end":2,"text":"b"}]""", "d.json");

        act.Should().Throw<MediaFormatException>().WithMessage("d.json: turn 1 'start': is missing or not a number*");
    }

    [Fact]
    public void DialogueJson_SyntaxError_NamesTheLine()
    {
        var act = () => TextParsers.DialogueJson("[\n{\"start\": 1,\n\"end\": }\n]", "d.json");

        act.Should().Throw<MediaFormatException>().WithMessage("d.json: line 3: not valid JSON*");
    }

    [Fact]
    public void Stm_TooFewFields_NamesTheLine()
    {
        var act = () => TextParsers.Stm(";; comment\nfile 1 A 0.0 1.0 hello\nfile 1 B 2.0\n", "t.stm");

        act.Should().Throw<MediaFormatException>().WithMessage("t.stm: line 3: expected*");
    }

    [Fact]
    public void Plain_AmiTranscript_IsUntimedContent()
    {
        var path = Fixtures.Path_("ami-excerpt", "text", "mixture.A.words_joined.txt");

        var parsed = TextParsers.Parse(File.ReadAllText(path), path);

        parsed.TimeBase.Should().BeOfType<Untimed>();
        parsed.Segments.Should().BeEmpty();
        parsed.Content.Should().Be(File.ReadAllText(path).ReplaceLineEndings("\n"));
    }
}
