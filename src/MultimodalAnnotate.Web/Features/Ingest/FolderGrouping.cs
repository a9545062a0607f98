using System.Globalization;
using MultimodalAnnotate.Media.Ingest;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Web.Features.Ingest;

/// <summary>One file of a folder import, placed in its item under a sensor name.</summary>
public sealed record ImportFile(string RelativePath, string Sensor, Modality? Modality);

/// <summary>The files that become one item.</summary>
public sealed record ImportGroup(string ItemName, IReadOnlyList<ImportFile> Files);

/// <summary>
/// How a folder import turns files into items. Pure (paths in, groups out), so the rule is tested on its own:
/// <list type="number">
/// <item>Files whose extension we do not accept are skipped (and counted); hidden files and links never get here.</item>
/// <item>Files sharing a stem (the name without its extension) form one item named by the stem, wherever they sit
/// under the folder: <c>0001.png</c> + <c>0001.bin</c> + <c>0001.txt</c>, or KITTI's <c>image_2/000001.png</c> +
/// <c>velodyne/000001.bin</c> + <c>calib/000001.txt</c>.</item>
/// <item>The sensor name is the file's sub-folder (<c>image_2</c>, <c>velodyne</c>; nested folders joined with '_'); a
/// file directly in the folder gets its modality's usual name (<c>camera</c>, <c>video</c>, <c>mic</c>, <c>text</c>,
/// <c>lidar</c>). Clashes inside an item get <c>_2</c>, <c>_3</c>… in path order.</item>
/// </list>
/// The result is the same every time for the same files, which is what makes a re-run import skip what it already did.
/// </summary>
public static class FolderGrouping
{
    public sealed record Result(IReadOnlyList<ImportGroup> Groups, IReadOnlyList<string> Skipped);

    public static Result Group(IEnumerable<string> relativePaths)
    {
        var skipped = new List<string>();
        var byStem = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in relativePaths.Select(p => p.Replace('\\', '/')).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (FileKinds.AllowedFor(Path.GetExtension(name)).Count == 0 || Path.GetFileNameWithoutExtension(name).Length == 0)
            {
                skipped.Add(path);
                continue;
            }
            var stem = Path.GetFileNameWithoutExtension(name);
            if (!byStem.TryGetValue(stem, out var files))
            {
                byStem[stem] = files = [];
            }
            files.Add(path);
        }

        var groups = new List<ImportGroup>();
        foreach (var (stem, paths) in byStem)
        {
            var taken = new HashSet<string>(StringComparer.Ordinal);
            var files = new List<ImportFile>();
            foreach (var path in paths)
            {
                var modality = UploadScreening.GuessFromName(path);
                var folder = Path.GetDirectoryName(path)?.Replace('\\', '/');
                var baseName = string.IsNullOrEmpty(folder)
                    ? AddAsset.DefaultSensor(modality ?? Modality.Text, [])
                    : folder.Replace('/', '_');
                if (baseName.Length > AddAsset.MaxSensorLength - 4)
                {
                    baseName = baseName[^(AddAsset.MaxSensorLength - 4)..];
                }
                var sensor = baseName;
                for (var n = 2; !taken.Add(sensor); n++)
                {
                    sensor = string.Create(CultureInfo.InvariantCulture, $"{baseName}_{n}");
                }
                files.Add(new ImportFile(path, sensor, modality));
            }
            groups.Add(new ImportGroup(stem, files));
        }
        return new Result(groups, skipped);
    }
}
