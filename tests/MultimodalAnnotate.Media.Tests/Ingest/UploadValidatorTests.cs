using System.Text;
using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Media.PointClouds;
using MultimodalAnnotate.Media.Processes;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Media.Tests.Ingest;

[Collection(MediaCollection.Name)]
public sealed class UploadValidatorTests(GeneratedMedia media)
{
    private readonly UploadValidator _validator = new(MediaTools.Default);

    private Task<UploadCheck> Check(string path, string name) => _validator.CheckAsync(path, name, CancellationToken.None);

    private string Write(byte[] bytes)
    {
        var path = media.NewPath("upload");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>An executable shell script standing in for ffprobe, to make it end the way the test needs.</summary>
    private string Script(string name, string body)
    {
        var path = media.NewPath(name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    [Fact]
    public async Task AToolKilledBySignal_IsNotTakenForABadFile()
    {
        // The kernel's out-of-memory killer (or an operator) stops ffprobe: that says nothing about the upload, so the
        // check must not refuse the file as unreadable; it fails, and the processing job tries again.
        var killed = Script("ffprobe-killed", "kill -KILL $$");
        var validator = new UploadValidator(new MediaTools(ffprobePath: killed));

        var act = () => validator.CheckAsync(media.Cfr, "clip.mp4", CancellationToken.None);

        (await act.Should().ThrowAsync<MediaToolException>()).Which.KilledBySignal.Should().BeTrue();
        (await Check(media.Cfr, "clip.mp4")).Accepted.Should().BeTrue("the real ffprobe reads the same file");
    }

    [Fact]
    public async Task AToolThatFails_OnTheFile_StillRefusesIt()
    {
        var failing = Script("ffprobe-fails", "echo 'Invalid data found when processing input' >&2; exit 1");

        var result = await new UploadValidator(new MediaTools(ffprobePath: failing)).CheckAsync(media.Cfr, "clip.mp4", CancellationToken.None);

        result.Accepted.Should().BeFalse();
        result.Reason.Should().Contain("cannot be read as audio or video").And.Contain("exited with code 1").And.Contain("Invalid data");
    }

    [Fact]
    public async Task Check_EmptyUpload_IsRejectedAsEmpty()
    {
        var result = await Check(Write([]), "clip.mp4");

        result.Accepted.Should().BeFalse();
        result.Reason.Should().Be("clip.mp4: the file is empty (0 bytes)");
    }

    [Fact]
    public async Task Check_TextFileNamedMp4_IsRejectedNamingBothTypes()
    {
        var result = await Check(Write(Encoding.UTF8.GetBytes("Meeting notes: the dog ran left.\n")), "holiday.mp4");

        result.Accepted.Should().BeFalse();
        result.Kind.Should().Be(FileKind.Text);
        result.Reason.Should().Be("holiday.mp4: the name says an MP4 (ISO media) file but the content is plain text");
    }

    [Fact]
    public async Task Check_ZeroByteWav_IsRejectedAsEmpty()
    {
        (await Check(Write([]), "speech.wav")).Reason.Should().Be("speech.wav: the file is empty (0 bytes)");
    }

    [Fact]
    public async Task Check_WavWithEmptyDataChunk_IsRejectedForHavingNoSamples()
    {
        // A canonical 44-byte header: 16 kHz mono 16-bit PCM, data chunk of 0 bytes.
        var header = new byte[44];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(header, 0);
        BitConverter.GetBytes(36).CopyTo(header, 4);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(header, 8);
        BitConverter.GetBytes(16).CopyTo(header, 16);
        BitConverter.GetBytes((short)1).CopyTo(header, 20);
        BitConverter.GetBytes((short)1).CopyTo(header, 22);
        BitConverter.GetBytes(16000).CopyTo(header, 24);
        BitConverter.GetBytes(32000).CopyTo(header, 28);
        BitConverter.GetBytes((short)2).CopyTo(header, 32);
        BitConverter.GetBytes((short)16).CopyTo(header, 34);
        Encoding.ASCII.GetBytes("data").CopyTo(header, 36);

        var result = await Check(Write(header), "silence.wav");

        result.Accepted.Should().BeFalse();
        result.Reason.Should().Be("silence.wav: the WAV file has no audio samples (its data chunk is 0 bytes)");
    }

    [Fact]
    public async Task Check_TruncatedMp4WithIndexAtEnd_IsRejectedAsUnreadable()
    {
        var bytes = await File.ReadAllBytesAsync(media.Cfr);

        var result = await Check(Write(bytes[..(bytes.Length / 2)]), "cut.mp4");

        result.Accepted.Should().BeFalse();
        result.Reason.Should().StartWith("cut.mp4: cannot be read as audio or video (").And.Contain("moov atom not found");
    }

    [Fact]
    public async Task Check_TruncatedFaststartMp4_IsRejectedCountingMissingFrames()
    {
        var faststart = media.NewPath("faststart.mp4");
        Ff.Make(faststart, "-i", media.Cfr, "-c", "copy", "-movflags", "+faststart");
        var bytes = await File.ReadAllBytesAsync(faststart);

        var result = await Check(Write(bytes[..(bytes.Length * 2 / 3)]), "cut.mp4");

        result.Accepted.Should().BeFalse();
        result.Reason.Should().MatchRegex(@"^cut\.mp4: the video is truncated: only \d+ of its 75 frames are present$");
    }

    [Fact]
    public async Task Check_GoodVideo_IsAcceptedWithGeneratedStorageName()
    {
        var result = await Check(media.Cfr, "../../etc/My Holiday.MP4");

        result.Accepted.Should().BeTrue(result.Reason);
        result.Modality.Should().Be(Modality.Video);
        result.StorageFileName.Should().MatchRegex("^[0-9a-f]{32}\\.mp4$");
    }

    [Fact]
    public async Task Check_RealFixtures_AreAcceptedWithTheirModality()
    {
        (await Check(Fixtures.Path_("pyannote-sample", "sample.wav"), "sample.wav")).Modality.Should().Be(Modality.Audio);
        (await Check(Fixtures.Path_("kitti", "velodyne", "000000.bin"), "000000.bin")).Modality.Should().Be(Modality.PointCloud);
        (await Check(Fixtures.Path_("kitti", "image_2", "000000.png"), "000000.png")).Modality.Should().Be(Modality.Image);
        (await Check(Fixtures.Path_("coco-mini", "val2017", "000000000139.jpg"), "a.jpeg")).Modality.Should().Be(Modality.Image);
        var rttm = await Check(Fixtures.Path_("pyannote-sample", "sample.rttm"), "sample.rttm");
        rttm.Modality.Should().Be(Modality.Text);
        rttm.StorageFileName.Should().EndWith(".rttm");
    }

    [Fact]
    public async Task Check_PcdWhoseHeaderLies_IsRejectedNamingPoints()
    {
        var pcd = Encoding.Latin1.GetString(Pcd.Write(new PointCloud([1, 2], [3, 4], [5, 6]), PcdEncoding.Binary))
            .Replace("WIDTH 2", "WIDTH 9", StringComparison.Ordinal).Replace("POINTS 2", "POINTS 9", StringComparison.Ordinal);

        var result = await Check(Write(Encoding.Latin1.GetBytes(pcd)), "scan.pcd");

        result.Accepted.Should().BeFalse();
        result.Reason.Should().StartWith("scan.pcd: scan.pcd: POINTS: header declares 9 points");
    }

    [Fact]
    public async Task Check_PngNamedJpg_IsRejected()
    {
        var result = await Check(Fixtures.Path_("kitti", "image_2", "000000.png"), "photo.jpg");

        result.Reason.Should().Be("photo.jpg: the name says a JPEG image but the content is a PNG image");
    }

    [Fact]
    public async Task Check_MalformedCaptions_AreRejectedNamingTheLine()
    {
        var result = await Check(Write(Encoding.UTF8.GetBytes("WEBVTT\n\n00:01.000 --> later\nhi\n")), "c.vtt");

        result.Reason.Should().Be("c.vtt: c.vtt: line 3: 'later' is not a timestamp ([hh:]mm:ss.ttt)");
    }

    [Fact]
    public async Task Check_TruncatedKittiScan_IsNotTakenForAScan()
    {
        var bytes = await File.ReadAllBytesAsync(Fixtures.Path_("kitti", "velodyne", "000000.bin"));

        var result = await Check(Write(bytes[..^3]), "000000.bin");

        result.Accepted.Should().BeFalse();
        result.Reason.Should().Contain("the content is of an unrecognised type");
    }

    [Fact]
    public async Task Check_UnknownExtension_IsRejected()
    {
        (await Check(Write([1, 2, 3]), "tool.exe")).Reason.Should().Be("tool.exe: '.exe' files are not accepted");
    }
}

public sealed class ContentSnifferTests
{
    [Theory]
    [InlineData(new byte[] { 0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x82, 0x84, (byte)'w', (byte)'e', (byte)'b', (byte)'m' }, FileKind.WebM)]
    [InlineData(new byte[] { (byte)'O', (byte)'g', (byte)'g', (byte)'S', 0, 2 }, FileKind.Ogg)]
    [InlineData(new byte[] { (byte)'I', (byte)'D', (byte)'3', 4, 0 }, FileKind.Mp3)]
    [InlineData(new byte[] { 0xFF, 0xFB, 0x90, 0x64 }, FileKind.Mp3)]
    [InlineData(new byte[] { (byte)'p', (byte)'l', (byte)'y', (byte)'\n', (byte)'f' }, FileKind.Ply)]
    [InlineData(new byte[] { 0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'q', (byte)'t', (byte)' ', (byte)' ' }, FileKind.QuickTime)]
    [InlineData(new byte[] { 0xC3, 0xA9, (byte)'t', (byte)'\xE9' }, FileKind.Unknown)]
    public void Sniff_MagicBytes_GiveKind(byte[] head, FileKind expected)
    {
        ContentSniffer.Sniff(head, head.Length, ".x").Should().Be(expected);
    }

    [Fact]
    public void IsText_HeadCutInsideMultibyteCharacter_IsStillText()
    {
        var bytes = Encoding.UTF8.GetBytes("naïve café €");

        ContentSniffer.IsText(bytes.AsSpan(0, bytes.Length - 1), complete: false).Should().BeTrue();
        ContentSniffer.IsText(bytes.AsSpan(0, bytes.Length - 1), complete: true).Should().BeFalse();
    }
}

public sealed class MediaStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ma-store-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task PutOpenDelete_NestedKey_RoundTrips()
    {
        var store = new LocalFolderMediaStore(_root);
        const string Key = "projects/7/assets/0a1b2c.mp4";

        await store.PutAsync(Key, new MemoryStream([1, 2, 3]), CancellationToken.None);

        (await store.ExistsAsync(Key, CancellationToken.None)).Should().BeTrue();
        await using (var read = await store.OpenReadAsync(Key, CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            copy.ToArray().Should().Equal(1, 2, 3);
        }

        (await store.DeleteAsync(Key, CancellationToken.None)).Should().BeTrue();
        (await store.ExistsAsync(Key, CancellationToken.None)).Should().BeFalse();
        (await store.DeleteAsync(Key, CancellationToken.None)).Should().BeFalse();
        Directory.GetFiles(_root, "*.partial", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("a//b")]
    [InlineData("")]
    [InlineData("name with space")]
    public async Task Put_UnsafeKey_IsRefusedAndWritesNothing(string key)
    {
        var store = new LocalFolderMediaStore(_root);

        var act = () => store.PutAsync(key, new MemoryStream([1]), CancellationToken.None);

        await act.Should().ThrowAsync<ArgumentException>();
        Directory.GetFileSystemEntries(Path.GetDirectoryName(_root)!, "outside.txt").Should().BeEmpty();
        Directory.GetFileSystemEntries(_root).Should().BeEmpty();
    }

    [Fact]
    public async Task OpenRead_MissingKey_ThrowsFileNotFound()
    {
        var act = () => new LocalFolderMediaStore(_root).OpenReadAsync("nope.bin", CancellationToken.None);

        await act.Should().ThrowAsync<FileNotFoundException>();
    }
}
