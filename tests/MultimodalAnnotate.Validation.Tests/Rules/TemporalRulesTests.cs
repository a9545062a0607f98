using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Validation.Tests.Support;

namespace MultimodalAnnotate.Validation.Tests.Rules;

public sealed class TemporalRulesTests
{
    private static readonly double[] Vfr = [0.0, 0.033, 0.067, 0.1, 0.2, 0.25, 0.4, 0.433, 1.0, 1.033, 1.5, 2.0];

    private static IReadOnlyList<Finding> Validate(ItemSnapshot item, ValidationPolicy? policy = null) =>
        TestOntology.Validator(policy).Validate(item);

    // ---- TMP-001 mentions out of step ----

    [Fact]
    public void BarkWithinTheDogsVisibleFrames_NoTemporalFinding()
    {
        var b = new ItemBuilder();
        var video = b.Video(Vfr, 2.1);
        var audio = b.Audio(3);
        b.Link(
            b.Annotate(video, "dog", new Box2D(1, 1, 5, 5) { Time = 0.4 }),
            b.Annotate(video, "dog", new Box2D(1, 1, 5, 5) { Time = 1.5 }),
            b.Annotate(audio, "dog", new TimeSegment(0.7, 0.9), ("sound", "bark")));

        Validate(b.Build()).Should().BeEmpty();
    }

    [Fact]
    public void CaptionStampedTwoSecondsBeforeTheTurn_IsOutOfStepWithAShiftFix()
    {
        var b = new ItemBuilder();
        var (content, segments) = ItemBuilder.Dialogue((3.0, 4.0, "the car turns left", null));
        var captions = b.TimedText(content, segments);
        var video = b.Video(Vfr, 8);
        var turn = b.Annotate(video, "car", new TimeSegment(5.5, 7.0));
        var caption = b.Span(captions, "car", "the car");
        b.Link(turn, caption);

        var finding = Validate(b.Build()).WithCode(RuleCodes.MentionsOutOfStep).Should().ContainSingle().Subject;

        finding.Severity.Should().Be(Severity.Error);
        finding.Type.Should().Be(FindingType.Temporal);
        finding.Message.Should().Contain("3.000–4.000 s").And.Contain("5.500–7.000 s").And.Contain("policy Video-Text tolerance ±0.500 s");
        finding.SuggestedFix.Should().Be("shift the Text mention on captions by +2.500 s");
        finding.Time.Should().Be(3.0);
        finding.AnnotationIds.Should().BeEquivalentTo([turn, caption]);
    }

    [Fact]
    public void CaptionStartingJustBeyondTolerance_SuggestsMovingOnlyItsStart()
    {
        var b = new ItemBuilder();
        var (content, segments) = ItemBuilder.Dialogue((4.99, 6.0, "the car turns left", null));
        var captions = b.TimedText(content, segments);
        var video = b.Video(Vfr, 8);
        b.Link(b.Annotate(video, "car", new TimeSegment(5.5, 7.0)), b.Span(captions, "car", "the car"));

        var finding = Validate(b.Build()).WithCode(RuleCodes.MentionsOutOfStep).Should().ContainSingle().Subject;

        finding.SuggestedFix.Should().Be("move the start of the Text mention on captions by +0.510 s (to 5.500 s)");
    }

    [Theory]
    [InlineData(0.050, false)]
    [InlineData(0.051, true)]
    public void CameraAndSweep_AtTheToleranceBoundary_FlagOnlyBeyond50ms(double sweepTime, bool flagged)
    {
        var (b, image, cloud) = Rig.Create(0, sweepTime);
        var cuboid = new Cuboid(new Vec3(10, 0, 0), new Vec3(4, 2, 1.5), 0);
        b.Link(b.Annotate(image, "car", Rig.Projected(cuboid)), b.Annotate(cloud, "car", cuboid));

        var findings = Validate(b.Build()).WithCode(RuleCodes.MentionsOutOfStep);

        findings.Should().HaveCount(flagged ? 1 : 0);
        if (flagged)
        {
            findings[0].Message.Should().Contain("are 51 ms apart, policy Image-PointCloud ≤ 50 ms");
        }
    }

    [Theory]
    [InlineData(2.100, false)]
    [InlineData(2.101, true)]
    public void VideoFrameBoxAndAudioSegment_AtTheVideoAudioBoundary_FlagOnlyBeyond100ms(double audioStart, bool flagged)
    {
        var b = new ItemBuilder();
        var video = b.Video(Vfr, 2.1);
        var audio = b.Audio(4);
        b.Link(b.Annotate(video, "dog", new Box2D(1, 1, 5, 5) { Time = 2.0 }), b.Annotate(audio, "dog", new TimeSegment(audioStart, 2.5)));

        Validate(b.Build()).WithCode(RuleCodes.MentionsOutOfStep).Should().HaveCount(flagged ? 1 : 0);
    }

    [Fact]
    public void PolicyWithWiderVideoTextTolerance_AcceptsWhatTheDefaultRejects()
    {
        var b = new ItemBuilder();
        var (content, segments) = ItemBuilder.Dialogue((4.8, 6.0, "the car turns left", null));
        var captions = b.TimedText(content, segments);
        var video = b.Video(Vfr, 8);
        b.Link(b.Annotate(video, "car", new TimeSegment(5.5, 7.0)), b.Span(captions, "car", "the car"));
        var item = b.Build();

        Validate(item).WithCode(RuleCodes.MentionsOutOfStep).Should().ContainSingle();
        Validate(item, ValidationPolicy.Default with { TemporalTolerance = new Dictionary<string, double> { ["Video-Text"] = 1.0 } })
            .WithCode(RuleCodes.MentionsOutOfStep).Should().BeEmpty();
    }

    [Fact]
    public void TwoImagesOfOneEntityAtDifferentTimes_AreNotComparedWithEachOther()
    {
        var b = new ItemBuilder();
        var first = b.Image("cam", 0);
        var second = b.Image("cam", 5);
        b.Link(b.Annotate(first, "dog", new Box2D(0, 0, 5, 5)), b.Annotate(second, "dog", new Box2D(0, 0, 5, 5)));

        Validate(b.Build()).Should().BeEmpty();
    }

    [Fact]
    public void UntimedTextMention_HasNoTimeAndIsNeverOutOfStep()
    {
        var b = new ItemBuilder();
        var text = b.Text("A dog barks.");
        var audio = b.Audio(30);
        b.Link(b.Span(text, "dog", "dog"), b.Annotate(audio, "dog", new TimeSegment(25, 26)));

        Validate(b.Build()).WithCode(RuleCodes.MentionsOutOfStep).Should().BeEmpty();
    }

    [Fact]
    public void SweepTooFarFromTheImage_SuggestsTheSweepCapturedNearestTheFrame()
    {
        var (b, image, cloud) = Rig.Create(0, 0.096);
        var other = b.PointCloud(0.010, "lidar_rear");
        var cuboid = new Cuboid(new Vec3(10, 0, 0), new Vec3(4, 2, 1.5), 0);
        b.Link(b.Annotate(image, "car", Rig.Projected(cuboid)), b.Annotate(cloud, "car", cuboid));
        _ = other;

        var finding = Validate(b.Build()).WithCode(RuleCodes.MentionsOutOfStep).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("96 ms apart");
        finding.SuggestedFix.Should().Be("link the mention on lidar_rear (0.010 s) instead");
    }

    // ---- TMP-002 between frames ----

    [Theory]
    [InlineData(0.2019, false)]
    [InlineData(0.2021, true)]
    [InlineData(0.1981, false)]
    [InlineData(0.1979, true)]
    public void BoxTimeNearARealFrame_IsOnTheFrameOnlyWithin2ms(double time, bool flagged)
    {
        var b = new ItemBuilder();
        var video = b.Video(Vfr, 2.1);
        b.Annotate(video, "dog", new Box2D(1, 1, 5, 5) { Time = time });

        Validate(b.Build()).WithCode(RuleCodes.BetweenFrames).Should().HaveCount(flagged ? 1 : 0);
    }

    [Fact]
    public void BoxAtConstantFrameRateTimeOnAVariableFrameRateVideo_IsBetweenFramesWithSnapFix()
    {
        // At 30 fps frame 5 would be 0.167 s, but this video's frames around it are at 0.100 s and 0.200 s.
        var b = new ItemBuilder();
        var video = b.Video(Vfr, 2.1, offset: 10);
        var box = b.Annotate(video, "dog", new Box2D(1, 1, 5, 5) { Time = 5 / 30.0 });

        var finding = Validate(b.Build()).WithCode(RuleCodes.BetweenFrames).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("sits at 0.167 s, between frames at 0.100 s and 0.200 s");
        finding.SuggestedFix.Should().Be("snap to frame at 0.200 s");
        finding.Time.Should().BeApproximately(10.2, 1e-9, "Time is on the shared timeline (offset 10 s)");
        finding.AnnotationIds.Should().Equal(box);
    }

    [Fact]
    public void TrackWithKeyframesOffTheFrames_IsOneFindingCountingThem()
    {
        var b = new ItemBuilder();
        var video = b.Video(Vfr, 2.1);
        b.Annotate(video, "dog", new Track([
            new TrackKeyframe(0.0, new Box2D(0, 0, 5, 5)),
            new TrackKeyframe(0.15, new Box2D(1, 0, 5, 5)),
            new TrackKeyframe(0.3, new Box2D(2, 0, 5, 5)),
            new TrackKeyframe(1.0, new Box2D(3, 0, 5, 5)),
        ]));

        var finding = Validate(b.Build()).WithCode(RuleCodes.BetweenFrames).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("has 2 of 4 keyframes between frames");
    }

    [Fact]
    public void BoxesExactlyOnFrames_AreQuiet()
    {
        var b = new ItemBuilder();
        var video = b.Video(Vfr, 2.1);
        foreach (var t in Vfr)
        {
            b.Annotate(video, "dog", new Box2D(1, 1, 5, 5) { Time = t });
        }

        Validate(b.Build()).Should().BeEmpty();
    }

    // ---- TMP-003 outside the stream ----

    [Fact]
    public void BoxPastTheEndOfTheVideo_IsOutsideTheStream()
    {
        var b = new ItemBuilder();
        var video = b.Video(Vfr, 2.1);
        b.Annotate(video, "dog", new Box2D(1, 1, 5, 5) { Time = 5.0 });

        var finding = Validate(b.Build()).WithCode(RuleCodes.OutsideStream).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("past the end of video (2.100 s)");
        finding.SuggestedFix.Should().Be("snap to frame at 2.000 s");
    }

    [Fact]
    public void BoxBeforeTheFirstFrame_IsOutsideTheStream()
    {
        var b = new ItemBuilder();
        var video = b.Video([0.5, 0.6, 0.7], 1.0);
        b.Annotate(video, "dog", new Box2D(1, 1, 5, 5) { Time = 0.2 });

        Validate(b.Build()).WithCode(RuleCodes.OutsideStream).Should().ContainSingle()
            .Which.Message.Should().Contain("before the first frame of video (0.500 s)");
    }

    [Theory]
    [InlineData(30.0019, false)]
    [InlineData(30.0021, true)]
    public void AudioSegmentEndingAfterTheStream_IsFlaggedOnlyBeyondEpsilon(double end, bool flagged)
    {
        var b = new ItemBuilder();
        var audio = b.Audio(30);
        b.Annotate(audio, "bark", new TimeSegment(28, end));

        var findings = Validate(b.Build()).WithCode(RuleCodes.OutsideStream);

        findings.Should().HaveCount(flagged ? 1 : 0);
        if (flagged)
        {
            findings[0].SuggestedFix.Should().Be("move the end to 30.000 s");
        }
    }

    [Fact]
    public void AudioSegmentStartingBeforeZero_IsOutsideTheStream()
    {
        var b = new ItemBuilder();
        var audio = b.Audio(30);
        b.Annotate(audio, "bark", new TimeSegment(-0.5, 1));

        Validate(b.Build()).WithCode(RuleCodes.OutsideStream).Should().ContainSingle().Which.SuggestedFix.Should().Be("move the start to 0.000 s");
    }

    [Fact]
    public void TextSpanBeyondTheContent_IsOutsideTheAsset()
    {
        var b = new ItemBuilder();
        var text = b.Text("A dog.");
        b.Annotate(text, "dog", new TextSpan(2, 40));

        Validate(b.Build()).WithCode(RuleCodes.OutsideStream).Should().ContainSingle().Which.Message.Should().Contain("outside the text (length 6)");
    }

    // ---- TMP-004 / TMP-005 dialogue turns ----

    private static (ItemBuilder B, Guid Text) Dialogue()
    {
        var b = new ItemBuilder();
        var (content, segments) = ItemBuilder.Dialogue(
            (0.0, 2.0, "I love this dog.", "Diane"),
            (2.1, 4.0, "Neither did I.", "Sheila"),
            (4.2, 6.0, "What a terrible day.", "Diane"));
        return (b, b.TimedText(content, segments, sensor: "dialogue"));
    }

    [Fact]
    public void SentimentLabelOnTheWrongTurn_IsOutsideTheTurnWithTheRightTurnSuggested()
    {
        var (b, text) = Dialogue();
        b.Span(text, "negative", "What a terrible day.", segmentIndex: 1);

        var finding = Validate(b.Build()).WithCode(RuleCodes.OutsideTurn).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("is put on turn #1 (Sheila, 2.100–4.000 s), but its text lies in turn #2 (Diane, 4.200–6.000 s)");
        finding.SuggestedFix.Should().Be("move the label to turn #2");
        finding.Time.Should().Be(4.2);
    }

    [Fact]
    public void LabelOnTheRightTurn_IsQuiet()
    {
        var (b, text) = Dialogue();
        b.Span(text, "negative", "What a terrible day.", segmentIndex: 2);
        b.Span(text, "positive", "love", segmentIndex: 0);

        Validate(b.Build()).Should().BeEmpty();
    }

    [Fact]
    public void LabelOnATurnThatDoesNotExist_IsOutsideTheTurn()
    {
        var (b, text) = Dialogue();
        b.Span(text, "negative", "What a terrible day.", segmentIndex: 7);

        Validate(b.Build()).WithCode(RuleCodes.OutsideTurn).Should().ContainSingle().Which.Message.Should().Contain("has 3 turns");
    }

    [Fact]
    public void SpanCrossingFromOneSpeakerToAnother_IsAWarning()
    {
        var (b, text) = Dialogue();
        b.Span(text, "positive", "dog.\nNeither");

        var finding = Validate(b.Build()).WithCode(RuleCodes.CrossesTurns).Should().ContainSingle().Subject;

        finding.Severity.Should().Be(Severity.Warning);
        finding.Message.Should().Contain("crosses from turn #0 (Diane").And.Contain("into turn #1 (Sheila");
    }

    [Fact]
    public void SpanCrossingTwoCaptionCues_IsNotADialogueProblem()
    {
        var b = new ItemBuilder();
        var (content, segments) = ItemBuilder.Dialogue((0, 2, "A dog runs", null), (2, 4, "across the park.", null));
        var text = b.TimedText(content, segments);
        b.Span(text, "dog", "runs\nacross");

        Validate(b.Build()).WithCode(RuleCodes.CrossesTurns).Should().BeEmpty();
    }

    // ---- TMP-007 reversed ----

    [Fact]
    public void SegmentEndingBeforeItStarts_IsReversedWithSwapFix()
    {
        var b = new ItemBuilder();
        var audio = b.Audio(30);
        b.Annotate(audio, "bark", new TimeSegment(5, 4));

        Validate(b.Build()).WithCode(RuleCodes.ReversedRange).Should().ContainSingle().Which.SuggestedFix.Should().Be("swap its start and end");
    }

    [Fact]
    public void EmptyTextSpan_IsReversed()
    {
        var b = new ItemBuilder();
        var text = b.Text("A dog.");
        b.Annotate(text, "dog", new TextSpan(3, 3));

        Validate(b.Build()).WithCode(RuleCodes.ReversedRange).Should().ContainSingle().Which.Message.Should().Contain("is empty");
    }

    // ---- TMP-008 one-to-one intervals out of step ----

    /// <summary>A 0–6 s dialogue (three turns) and its audio; each turn's words as a whole-turn span, linked to one speech segment.</summary>
    private static (ItemBuilder B, Guid[] Turns, Guid Audio) SpeechAndTranscript(params (double Start, double End)[] speech)
    {
        var (b, text) = Dialogue();
        var audio = b.Audio(8, sensor: "call.wav");
        string[] words = ["I love this dog.", "Neither did I.", "What a terrible day."];
        var turns = new Guid[speech.Length];
        for (var i = 0; i < speech.Length; i++)
        {
            turns[i] = b.Span(text, "dog", words[i], segmentIndex: i);
            b.Link(turns[i], b.Annotate(audio, "dog", new TimeSegment(speech[i].Start, speech[i].End)));
        }

        return (b, turns, audio);
    }

    [Fact]
    public void SpeechSegmentMovedInsideItsTurn_BoundariesOutOfStep_FixMovesTheSegment()
    {
        // Turn #2 is 4.2–6.0 s; its speech segment was moved 0.3 s later and cut short by 0.3 s: it still lies inside the
        // turn, so containment (TMP-001) is satisfied at 100 ms, but a one-to-one pair must start and end together.
        var policy = ValidationPolicy.Default with { TemporalTolerance = new Dictionary<string, double> { ["Audio-Text"] = 0.100 } };
        var (b, _, _) = SpeechAndTranscript((0.0, 2.0), (2.1, 4.0), (4.5, 5.7));

        var findings = Validate(b.Build(), policy);

        findings.WithCode(RuleCodes.MentionsOutOfStep).Should().BeEmpty(findings.Dump());
        var finding = findings.WithCode(RuleCodes.BoundariesOutOfStep).Should().ContainSingle(findings.Dump()).Subject;
        finding.Severity.Should().Be(Severity.Warning);
        finding.Type.Should().Be(FindingType.Temporal);
        finding.Message.Should().Contain("(Text, 4.200–6.000 s)").And.Contain("(Audio, 4.500–5.700 s)")
            .And.Contain("the Audio mention starts 0.300 s later and ends 0.300 s earlier").And.Contain("policy Audio-Text tolerance ±0.100 s");
        finding.SuggestedFix.Should().Be("move the start of the Audio mention on call.wav by -0.300 s (to 4.200 s) and its end by +0.300 s (to 6.000 s)");
        finding.Time.Should().Be(4.2);
        finding.AnnotationIds.Should().HaveCount(2);
    }

    [Fact]
    public void SpeechSegmentShiftedWhole_IsLeftToContainment_OneProblemOneFinding()
    {
        // Same length as its turn (0.0–2.0 s) but 0.7 s later: it sticks out of the turn by 0.7 s, beyond the default
        // 0.5 s, so TMP-001 reports it and TMP-008 stays quiet; at 1 s tolerance containment holds and TMP-008 speaks.
        var (b, _, _) = SpeechAndTranscript((0.7, 2.7));
        var wide = ValidationPolicy.Default with { TemporalTolerance = new Dictionary<string, double> { ["Audio-Text"] = 0.800 } };
        var item = b.Build();

        Validate(item).Select(f => f.RuleCode).Should().Equal(RuleCodes.MentionsOutOfStep);
        Validate(item, wide).WithCode(RuleCodes.BoundariesOutOfStep).Should().BeEmpty("0.7 s is within 0.8 s");
        var tight = ValidationPolicy.Default with { TemporalTolerance = new Dictionary<string, double> { ["Audio-Text"] = 0.600 } };
        var both = Validate(item, tight);
        both.WithCode(RuleCodes.MentionsOutOfStep).Should().ContainSingle(both.Dump());
        both.WithCode(RuleCodes.BoundariesOutOfStep).Should().BeEmpty("one problem, one finding: it does not even nest within 0.6 s");
    }

    [Fact]
    public void SpeechSegmentStartingLateInsideALongerTurn_SuggestsMovingItsStart()
    {
        var (content, segments) = ItemBuilder.Dialogue((1.0, 5.0, "I love this dog.", "Diane"));
        var b = new ItemBuilder();
        var text = b.TimedText(content, segments, sensor: "dialogue");
        var audio = b.Audio(8, sensor: "call.wav");
        b.Link(b.Span(text, "dog", "I love this dog.", segmentIndex: 0), b.Annotate(audio, "dog", new TimeSegment(1.8, 4.6)));
        var policy = ValidationPolicy.Default with { TemporalTolerance = new Dictionary<string, double> { ["Audio-Text"] = 0.5 } };

        var finding = Validate(b.Build(), policy).WithCode(RuleCodes.BoundariesOutOfStep).Should().ContainSingle().Subject;

        finding.Message.Should().Contain("the Audio mention starts 0.800 s later");
        finding.SuggestedFix.Should().Be("move the start of the Audio mention on call.wav by -0.800 s (to 1.000 s)");
    }

    [Theory]
    [InlineData(0.500, false)]
    [InlineData(0.501, true)]
    public void TurnAndSpeechSegment_AtTheAudioTextBoundary_FlagOnlyBeyondTolerance(double lateStart, bool flagged)
    {
        var (b, _, _) = SpeechAndTranscript((lateStart, 2.0));

        Validate(b.Build()).WithCode(RuleCodes.BoundariesOutOfStep).Should().HaveCount(flagged ? 1 : 0);
    }

    [Fact]
    public void AlignedTurnsAndSpeech_AreQuiet()
    {
        var (b, _, _) = SpeechAndTranscript((0.05, 1.9), (2.1, 4.2), (4.0, 6.1));

        Validate(b.Build()).Should().BeEmpty();
    }

    [Fact]
    public void OneSpeechSegmentLinkedToTwoTurns_IsOnlyCheckedForContainment()
    {
        // One speaker turn on the audio holding two transcript utterances (as in pyannote's RTTM vs STM): neither
        // utterance starts and ends with the turn, and neither should be flagged for it.
        var (b, text) = Dialogue();
        var audio = b.Audio(8);
        var speech = b.Annotate(audio, "dog", new TimeSegment(0.0, 4.0));
        b.Link(b.Span(text, "dog", "I love this dog.", segmentIndex: 0), speech);
        b.Link(b.Span(text, "dog", "Neither did I.", segmentIndex: 1), speech);

        Validate(b.Build()).Should().BeEmpty();
    }

    [Fact]
    public void WordSpanInsideACue_IsNotAWholeInterval_AndIsQuiet()
    {
        // "dog" is a word inside the 0–2 s turn: its time is the turn's, which says nothing about where the word is.
        var (b, text) = Dialogue();
        var audio = b.Audio(8);
        b.Link(b.Span(text, "dog", "dog"), b.Annotate(audio, "dog", new TimeSegment(1.2, 1.5)));

        Validate(b.Build()).Should().BeEmpty();
    }

    [Fact]
    public void PairNotInAlignedBoundaries_IsQuiet_AndAListedVideoAudioPairFires()
    {
        var b = new ItemBuilder();
        var video = b.Video(Vfr, 2.1);
        var audio = b.Audio(3);
        b.Link(b.Annotate(video, "dog", new TimeSegment(0.0, 2.0)), b.Annotate(audio, "dog", new TimeSegment(0.7, 1.3)));
        var item = b.Build();
        var videoAudio = ValidationPolicy.Default with { AlignedBoundaries = ["Video-Audio"], TemporalTolerance = new Dictionary<string, double> { ["Video-Audio"] = 0.6 } };

        Validate(item, ValidationPolicy.Default with { TemporalTolerance = videoAudio.TemporalTolerance }).Should().BeEmpty("a bark inside a longer clip is fine unless the policy says the pair aligns");
        Validate(item, videoAudio).WithCode(RuleCodes.BoundariesOutOfStep).Should().ContainSingle()
            .Which.SuggestedFix.Should().Be("move the start of the Audio mention on mic by -0.700 s (to 0.000 s) and its end by +0.700 s (to 2.000 s)");
        Validate(SpeechAndTranscript((0.7, 1.4)).B.Build(), ValidationPolicy.Default with { AlignedBoundaries = [] }).Should().BeEmpty("switched off");
    }

    [Theory]
    [InlineData("Audio-Audio")]
    [InlineData("Audio")]
    [InlineData("Sound-Text")]
    public void AlignedBoundaries_Malformed_IsRejectedNamingTheEntry(string entry)
    {
        var act = () => TestOntology.Validator(ValidationPolicy.Default with { AlignedBoundaries = [entry] });

        act.Should().Throw<ArgumentException>().WithMessage($"AlignedBoundaries entry '{entry}'*");
    }
}
