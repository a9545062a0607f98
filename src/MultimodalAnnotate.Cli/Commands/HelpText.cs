using System.Reflection;

namespace MultimodalAnnotate.Cli.Commands;

/// <summary>The texts of <c>mma --help</c>, <c>mma validate --help</c> and <c>mma --version</c>.</summary>
internal static class HelpText
{
    public static string Version
    {
        get
        {
            var assembly = typeof(HelpText).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
            return $"mma {version}";
        }
    }

    public const string Main = """
        mma - the MultimodalAnnotate command-line tool for data pipelines

        Usage:
          mma validate --project <project.json> <items>... [--format table|json]
          mma validate --kitti <folder> [--project <project.json>] [--format table|json]
          mma --help
          mma --version

        Commands:
          validate    Check items for sync errors against a project's ontology and validation policy.

        Run "mma validate --help" for its options and exit codes. The file format is described in
        docs/interchange-format.md; the exit codes in docs/cli.md.
        """;

    public const string Validate = """
        mma validate - check items for sync errors between modalities

        Usage:
          mma validate --project <project.json> <items>... [--format table|json]
          mma validate --kitti <folder> [--project <project.json>] [--format table|json]

        Arguments:
          <items>             Item files or folders (searched recursively for *.json, *.jsonl, *.ndjson).
                              A .json file holds one item, an array of items, or
                              {"format": "multimodalannotate/v1", "items": [...]}; a .jsonl file one item
                              per line.

        Options:
          -p, --project <file>  Project file with the ontology and the validation policy (policy
                                properties that are missing take their defaults).
          -f, --format <fmt>    table (default): aligned findings table and a summary line;
                                json: one JSON object (summary + findings per item) for pipelines.
              --kitti <folder>  Validate a KITTI object folder (image_2, velodyne, calib, label_2) with
                                the KITTI ontology instead of item files; --project is then optional
                                (when given, its ontology and policy are used).
          -h, --help            Show this help.

        Exit codes:
          0  no error-severity finding          4  malformed JSON (line and byte are reported) or KITTI data
          1  error-severity findings exist      5  input does not match the JSON Schema
          2  bad arguments                      6  unknown label, dangling reference or duplicate id
          3  input file not found / unreadable  70 internal error (a bug: please report it)
                                                130 interrupted (Ctrl+C)

        Input errors go to stderr as "file: location: message"; the report goes to stdout.
        """;
}
