namespace MultimodalAnnotate.IntegrationTests.Infrastructure;

public sealed class FixturesTests
{
    [Fact]
    public void Root_OnOurMachines_HoldsTheSharedRealDataSets()
    {
        var root = Fixtures.Root;

        foreach (var dataset in (string[])["kitti", "coco-mini", "pyannote-sample", "ami-excerpt", "didemo"])
        {
            Directory.Exists(Path.Combine(root, dataset)).Should().BeTrue($"{root} should hold {dataset}/");
        }
    }

    [Fact]
    public void PathOf_ExistingFile_ReturnsItsFullPath()
    {
        var path = Fixtures.PathOf("pyannote-sample", "sample.rttm");

        File.ReadLines(path).Should().Contain(line => line.StartsWith("SPEAKER ", StringComparison.Ordinal));
    }

    [Fact]
    public void PathOf_MissingFile_ThrowsNamingThePath()
    {
        var act = () => Fixtures.PathOf("kitti", "no-such-file.bin");

        act.Should().Throw<FileNotFoundException>().WithMessage("*kitti*no-such-file.bin*");
    }

    [Fact]
    public void RepositoryRoot_FromTestBinaries_IsTheFolderWithTheSolution()
    {
        Directory.EnumerateFiles(Fixtures.RepositoryRoot, "*.sln*").Should().NotBeEmpty();
        Directory.Exists(Path.Combine(Fixtures.RepositoryRoot, "tests")).Should().BeTrue();
    }
}
