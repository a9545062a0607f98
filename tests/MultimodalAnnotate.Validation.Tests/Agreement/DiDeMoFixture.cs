using System.Text.Json;

namespace MultimodalAnnotate.Validation.Tests.Agreement;

/// <summary>One DiDeMo sentence: the moment each annotator chose, as 5-second chunk indices [start, end] inclusive.</summary>
internal sealed record DiDeMoSentence(string Video, string Description, int Segments, IReadOnlyList<(int Start, int End)> Moments)
{
    /// <summary>The moment in seconds, [5·start, 5·end + 5).</summary>
    public static (double Start, double End) Seconds((int Start, int End) m) => (5.0 * m.Start, (5.0 * m.End) + 5);
}

/// <summary>
/// Loads the real multi-annotator DiDeMo validation set from the shared fixtures folder
/// (<c>MA_FIXTURES</c>, or <c>../shared/data</c> next to the repository root).
/// </summary>
internal static class DiDeMoFixture
{
    private static readonly Lazy<IReadOnlyList<DiDeMoSentence>> Data = new(Load);

    public static IReadOnlyList<DiDeMoSentence> Sentences => Data.Value;

    public static string FixturesFolder()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MA_FIXTURES");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return fromEnv;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MultimodalAnnotate.sln")))
        {
            dir = dir.Parent;
        }

        dir.Should().NotBeNull("the tests run from inside the repository (no MultimodalAnnotate.sln above {0})", AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "data"));
    }

    private static List<DiDeMoSentence> Load()
    {
        var path = Path.Combine(FixturesFolder(), "didemo", "val_data.json");
        File.Exists(path).Should().BeTrue("the DiDeMo fixture must exist at {0} (set MA_FIXTURES to the shared data folder)", path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray().Select(e => new DiDeMoSentence(
            e.GetProperty("video").GetString()!,
            e.GetProperty("description").GetString()!,
            e.GetProperty("num_segments").GetInt32(),
            e.GetProperty("times").EnumerateArray().Select(t => (t[0].GetInt32(), t[1].GetInt32())).ToList())).ToList();
    }
}
