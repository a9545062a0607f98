namespace MultimodalAnnotate.Validation.Tests.Support;

/// <summary>Finds the shared real-data folder: MA_FIXTURES, else ../shared/data relative to the repository root.</summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string DataRoot => Root.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([DataRoot, .. parts]);

    private static string Locate()
    {
        var overridden = Environment.GetEnvironmentVariable("MA_FIXTURES");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            Directory.Exists(overridden).Should().BeTrue($"MA_FIXTURES points to '{overridden}', which must hold the shared real-data fixtures");
            return overridden;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "MultimodalAnnotate.sln")))
        {
            dir = dir.Parent;
        }

        dir.Should().NotBeNull("the tests run inside the repository (MultimodalAnnotate.sln above the test binaries)");
        var data = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir!.FullName, "..", "shared", "data"));
        Directory.Exists(data).Should().BeTrue(
            $"the real-data fixtures must exist at '{data}' (../shared/data from the repository root, or set MA_FIXTURES); these tests were NOT run without them");
        return data;
    }
}
