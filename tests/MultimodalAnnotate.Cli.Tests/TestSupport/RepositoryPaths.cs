namespace MultimodalAnnotate.Cli.Tests.TestSupport;

/// <summary>Paths inside the repository (docs/, the shared real-data fixtures).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Docs(params string[] parts) => Path.Combine([Root, "docs", .. parts]);

    /// <summary>The real-data fixtures: $MA_FIXTURES, else ../shared/data beside the repository.</summary>
    public static string Fixtures =>
        Environment.GetEnvironmentVariable("MA_FIXTURES") is { Length: > 0 } overridden
            ? overridden
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MultimodalAnnotate.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MultimodalAnnotate.sln not found above " + AppContext.BaseDirectory);
    }
}
