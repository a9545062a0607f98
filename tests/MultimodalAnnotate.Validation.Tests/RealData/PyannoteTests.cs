using System.Buffers.Binary;
using System.Globalization;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.RealData;

/// <summary>
/// pyannote sample: the transcript's 13 utterances (sample.stm) against the 10 speaker turns (sample.rttm). Each
/// utterance becomes a dialogue-turn label on a timed text, each turn a segment on the audio; an utterance is linked
/// to the turn of its speaker that overlaps it most (speaker names differ between the files and are mapped by overlap).
/// </summary>
public sealed class PyannoteTests
{
    private static readonly OntologyDefinition Ontology = new([new("speech", [], ["utterance"], [])], [], [], []);

    private sealed record Utterance(string Speaker, double Start, double End, string Text);

    private sealed record Turn(string Speaker, double Start, double End);

    private static readonly Lazy<(IReadOnlyList<Utterance> Utterances, IReadOnlyList<Turn> Turns, double Duration)> Data = new(Load);

    [Fact]
    public void Pyannote_SpeakerNames_MapByOverlapDianeToSpeaker90AndSheilaToSpeaker91()
    {
        var (utterances, turns, _) = Data.Value;

        var mapping = SpeakerMapping(utterances, turns);

        mapping.Should().BeEquivalentTo(new Dictionary<string, string> { ["Diane"] = "speaker90", ["Sheila"] = "speaker91" });
    }

    [Fact]
    public void Pyannote_DefaultTolerance_NoUtteranceOutOfItsTurn_OnlyDianesLastUtteranceStartsWellAfterItsTurn()
    {
        var (item, utteranceIds) = Build(Data.Value.Utterances, Data.Value.Turns);

        var findings = Validator(ValidationPolicy.Default).Validate(item);

        // Every utterance lies inside its speaker turn within 0.5 s (no TMP-001, no error). Utterance 13 and the turn
        // 27.850–30.000 s are each other's only link, so they should start and end together; the RTTM starts Diane's
        // turn 0.595 s before the transcript does (she starts while Sheila is still talking): a warning, not an error.
        findings.Should().ContainSingle(findings.Dump());
        var finding = findings[0];
        finding.RuleCode.Should().Be(RuleCodes.BoundariesOutOfStep);
        finding.Severity.Should().Be(Severity.Warning);
        finding.AnnotationIds.Should().Contain(utteranceIds[12]);
        finding.Message.Should().Contain("(Audio, 27.850–30.000 s)").And.Contain("(Text, 28.445–29.987 s)").And.Contain("starts 0.595 s earlier");
    }

    [Fact]
    public void Pyannote_SheilasTurnStarting600msLate_IsFoundByItsBoundariesThoughItStillLiesInsideTheUtterance()
    {
        // Sheila's turn 14.490–17.920 s (the only turn of utterance 8, 14.444–17.769 s) moved to start at 15.090 s: it
        // still lies inside the utterance within 0.5 s, which containment accepts, but a one-to-one pair must start together.
        var turns = Data.Value.Turns.Select(t => Math.Abs(t.Start - 14.49) < 1e-6 ? t with { Start = 15.09 } : t).ToList();
        var (item, utteranceIds) = Build(Data.Value.Utterances, turns);

        var findings = Validator(ValidationPolicy.Default).Validate(item);

        findings.WithCode(RuleCodes.MentionsOutOfStep).Should().BeEmpty(findings.Dump());
        var moved = findings.WithCode(RuleCodes.BoundariesOutOfStep).Where(f => f.AnnotationIds.Contains(utteranceIds[7])).Should().ContainSingle(findings.Dump()).Subject;
        moved.Message.Should().Contain("starts 0.646 s later");
        moved.SuggestedFix.Should().Be("move the start of the Audio mention on sample.wav by -0.646 s (to 14.444 s)");
    }

    [Fact]
    public void Pyannote_Tolerance100ms_OnlyDianesChicagoUtteranceStartsTooEarly()
    {
        var (item, utteranceIds) = Build(Data.Value.Utterances, Data.Value.Turns);
        var policy = ValidationPolicy.Default with { TemporalTolerance = new Dictionary<string, double> { ["Audio-Text"] = 0.100 } };

        var findings = Validator(policy).Validate(item);

        var misaligned = findings.WithCode(RuleCodes.MentionsOutOfStep);
        misaligned.Should().ContainSingle(findings.Dump());
        var finding = misaligned[0];
        finding.AnnotationIds.Should().Contain(utteranceIds[8], "utterance 9, \"Oh, I'm originally from Chicago also.\" (17.789–20.113 s), starts before Diane's turn at 18.050 s");
        finding.Message.Should().Contain("starts 0.261 s before").And.Contain("policy Audio-Text tolerance ±0.100 s");
        finding.SuggestedFix.Should().Be("move the start of the Text mention on transcript by +0.261 s (to 18.050 s)");
        finding.Time.Should().BeApproximately(17.789, 1e-9);

        // At 100 ms the one-to-one pairs whose ends differ by more than that are warned about as well: utterances 2
        // (turn ends 0.195 s later), 5 (0.250 s), 8 (0.151 s) and 13 (turn starts 0.595 s earlier).
        findings.WithCode(RuleCodes.BoundariesOutOfStep).Select(f => utteranceIds.IndexOf(f.AnnotationIds.Single(utteranceIds.Contains)))
            .Should().BeEquivalentTo([1, 4, 7, 12], findings.Dump());
        findings.Should().HaveCount(5);
    }

    [Fact]
    public void Pyannote_Tolerance50ms_AlsoFlagsSheilasUtteranceStarting82msEarly()
    {
        var (item, utteranceIds) = Build(Data.Value.Utterances, Data.Value.Turns);
        var policy = ValidationPolicy.Default with { TemporalTolerance = new Dictionary<string, double> { ["Audio-Text"] = 0.050 } };

        var findings = Validator(policy).Validate(item).WithCode(RuleCodes.MentionsOutOfStep);

        // Utterance 5 (Sheila, 9.838 s) starts 0.082 s before her turn (9.920 s): flagged at 50 ms. Utterance 8 (14.444 s vs
        // 14.490 s) is 0.046 s early: inside 50 ms, not flagged.
        findings.Select(f => utteranceIds.IndexOf(f.AnnotationIds.Single(utteranceIds.Contains))).Should().BeEquivalentTo([4, 8]);
    }

    [Fact]
    public void Pyannote_TurnRemoved_BothUtterancesInItHaveNoTurn()
    {
        var (utterances, turns, _) = Data.Value;
        var withoutTurn = turns.Where(t => !(t.Speaker == "speaker90" && Math.Abs(t.Start - 18.05) < 1e-6)).ToList();
        var (item, utteranceIds) = Build(utterances, withoutTurn);
        var policy = ValidationPolicy.Default with { RequiredLinks = ["Text:speech->Audio"] };

        var findings = Validator(policy).Validate(item);

        findings.WithCode(RuleCodes.RequiredLinkMissing).Select(f => utteranceIds.IndexOf(f.AnnotationIds[0]))
            .Should().BeEquivalentTo([8, 9], "utterances 9 and 10 (17.789–21.475 s) fell in Diane's turn 18.050–21.490 s: " + findings.Dump());
    }

    [Fact]
    public void Pyannote_TranscriptShiftedByOneSecond_MostUtterancesAreOutOfStep()
    {
        var (item, _) = Build(Data.Value.Utterances, Data.Value.Turns);
        var shifted = item with
        {
            Assets = item.Assets.Select(a => a.TimeBase is TimedSegments t ? a with { TimeBase = t with { Offset = 1.0 } } : a).ToList(),
        };

        var findings = Validator(ValidationPolicy.Default).Validate(shifted).WithCode(RuleCodes.MentionsOutOfStep);

        findings.Count.Should().BeGreaterThanOrEqualTo(7, findings.Dump());
        findings.Should().OnlyContain(f => f.SuggestedFix!.StartsWith("move the", StringComparison.Ordinal) || f.SuggestedFix.StartsWith("shift", StringComparison.Ordinal));
    }

    private static ItemValidator Validator(ValidationPolicy policy) => new(Ontology, policy);

    private static Dictionary<string, string> SpeakerMapping(IReadOnlyList<Utterance> utterances, IReadOnlyList<Turn> turns) =>
        utterances.Select(u => u.Speaker).Distinct().ToDictionary(
            s => s,
            s => turns.Select(t => t.Speaker).Distinct()
                .MaxBy(ts => utterances.Where(u => u.Speaker == s).Sum(u => turns.Where(t => t.Speaker == ts).Sum(t => Overlap(u.Start, u.End, t.Start, t.End))))!);

    private static double Overlap(double a0, double a1, double b0, double b1) => Math.Max(0, Math.Min(a1, b1) - Math.Max(a0, b0));

    private static (ItemSnapshot Item, List<Guid> UtteranceIds) Build(IReadOnlyList<Utterance> utterances, IReadOnlyList<Turn> turns)
    {
        var b = new ItemBuilder();
        var (content, segments) = ItemBuilder.Dialogue(utterances.Select(u => (u.Start, u.End, u.Text, (string?)u.Speaker)).ToArray());
        var transcript = b.TimedText(content, segments, sensor: "transcript");
        var audio = b.Audio(Data.Value.Duration, sensor: "sample.wav");
        var turnIds = turns.Select(t => b.Annotate(audio, "speech", new TimeSegment(t.Start, t.End), ("speaker", t.Speaker))).ToList();
        var mapping = SpeakerMapping(Data.Value.Utterances, Data.Value.Turns);
        var utteranceIds = new List<Guid>();
        for (var i = 0; i < utterances.Count; i++)
        {
            var u = utterances[i];
            var id = b.Annotate(transcript, "speech", new TextSpan(segments[i].CharStart, segments[i].CharEnd, i), ("speaker", u.Speaker));
            utteranceIds.Add(id);
            var best = Enumerable.Range(0, turns.Count)
                .Where(t => turns[t].Speaker == mapping[u.Speaker] && Overlap(u.Start, u.End, turns[t].Start, turns[t].End) > 0)
                .OrderByDescending(t => Overlap(u.Start, u.End, turns[t].Start, turns[t].End))
                .Select(t => (int?)t).FirstOrDefault();
            if (best is { } t)
            {
                b.Link(id, turnIds[t]);
            }
        }

        return (b.Build(), utteranceIds);
    }

    private static (IReadOnlyList<Utterance>, IReadOnlyList<Turn>, double) Load()
    {
        var utterances = File.ReadAllLines(Fixtures.Path("pyannote-sample", "sample.stm"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(' ', 6))
            .Select(p => new Utterance(p[2], D(p[3]), D(p[4]), p[5].Trim()))
            .ToList();
        var turns = File.ReadAllLines(Fixtures.Path("pyannote-sample", "sample.rttm"))
            .Where(l => l.StartsWith("SPEAKER", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => new Turn(p[7], D(p[3]), D(p[3]) + D(p[4])))
            .ToList();
        return (utterances, turns, WavDuration(File.ReadAllBytes(Fixtures.Path("pyannote-sample", "sample.wav"))));

        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>Duration of a PCM WAV from its fmt and data chunks.</summary>
    private static double WavDuration(byte[] wav)
    {
        int rate = 0, blockAlign = 0;
        for (var pos = 12; pos + 8 <= wav.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(wav, pos, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(pos + 4));
            if (id == "fmt ")
            {
                rate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(pos + 12));
                blockAlign = BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(pos + 20));
            }
            else if (id == "data")
            {
                return (double)size / blockAlign / rate;
            }

            pos += 8 + size + (size & 1);
        }

        throw new InvalidDataException("sample.wav has no data chunk");
    }
}
