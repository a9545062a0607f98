namespace MultimodalAnnotate.IntegrationTests.Infrastructure;

/// <summary>
/// Finds the real-data fixtures (KITTI, COCO-mini, pyannote, AMI, DiDeMo): <c>MA_FIXTURES</c> when set,
/// otherwise <c>../shared/data</c> next to the repository root. These files are never copied into the
/// repository. When the folder is missing the lookup throws with a message naming the path it tried,
/// so a real-data test fails loudly instead of silently not running.
/// </summary>
public static class Fixtures
{
    /// <summary>The environment variable that overrides the fixtures folder.</summary>
    public const string EnvironmentVariable = "MA_FIXTURES";

    /// <summary>The fixtures folder; throws <see cref="DirectoryNotFoundException"/> when it does not exist.</summary>
    public static string Root
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            var root = string.IsNullOrWhiteSpace(configured)
                ? Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"))
                : Path.GetFullPath(configured);
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException(
                    $"Real-data fixtures folder not found: '{root}' "
                    + (string.IsNullOrWhiteSpace(configured)
                        ? $"(../shared/data next to the repository root {RepositoryRoot}). "
                        : $"(from {EnvironmentVariable}). ")
                    + $"Set {EnvironmentVariable} to the folder holding kitti/, coco-mini/, pyannote-sample/, ami-excerpt/ and didemo/. "
                    + "This test was NOT run against real data.");
            }

            return root;
        }
    }

    /// <summary>
    /// The full path of a file or folder inside the fixtures, e.g. <c>Fixtures.PathOf("kitti", "calib", "000001.txt")</c>;
    /// throws <see cref="FileNotFoundException"/> naming the path when it does not exist.
    /// </summary>
    public static string PathOf(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var path = Path.Combine([Root, .. parts]);
        return File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"Fixture not found: '{path}' (fixtures root: {Root}).", path);
    }

    /// <summary>
    /// The repository root: the nearest folder above the test binaries that holds a solution file
    /// (<c>*.sln</c>/<c>*.slnx</c>) or <c>.git</c>.
    /// </summary>
    public static string RepositoryRoot => FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (folder.EnumerateFiles("*.sln").Any()
                || folder.EnumerateFiles("*.slnx").Any()
                || Path.Exists(Path.Combine(folder.FullName, ".git")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"Cannot find the repository root above {AppContext.BaseDirectory} (no *.sln, *.slnx or .git); set {EnvironmentVariable}.");
    }
}
