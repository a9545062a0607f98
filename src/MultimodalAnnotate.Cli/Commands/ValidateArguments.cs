namespace MultimodalAnnotate.Cli.Commands;

/// <summary>How <c>mma validate</c> prints its report.</summary>
internal enum ReportFormat
{
    Table,
    Json,
}

/// <summary>The parsed arguments of <c>mma validate</c>.</summary>
internal sealed record ValidateArguments(
    string? Project, ReportFormat Format, string? Kitti, IReadOnlyList<string> Inputs, bool Help)
{
    /// <summary>Parses the arguments after <c>validate</c>; on a usage error returns null and the message.</summary>
    public static (ValidateArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? project = null, kitti = null;
        var format = ReportFormat.Table;
        var inputs = new List<string>();
        var help = false;
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || !arg.StartsWith('-') || arg == "-")
            {
                inputs.Add(arg);
                continue;
            }
            var (name, inlineValue) = arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (arg[..eq], arg[(eq + 1)..])
                : (arg, null);
            switch (name)
            {
                case "--":
                    optionsEnded = true;
                    break;
                case "-h" or "--help":
                    help = true;
                    break;
                case "-p" or "--project":
                    if (Value(ref i, out project) is { } e1)
                    {
                        return (null, e1);
                    }
                    break;
                case "--kitti":
                    if (Value(ref i, out kitti) is { } e2)
                    {
                        return (null, e2);
                    }
                    break;
                case "-f" or "--format":
                    if (Value(ref i, out var text) is { } e3)
                    {
                        return (null, e3);
                    }
                    switch (text!.ToLowerInvariant())
                    {
                        case "table": format = ReportFormat.Table; break;
                        case "json": format = ReportFormat.Json; break;
                        default: return (null, $"--format: unknown format \"{text}\" (expected \"table\" or \"json\")");
                    }
                    break;
                default:
                    var suggestion = Interchange.Suggestions.Closest(name, ["--project", "--format", "--kitti", "--help"]);
                    return (null, $"unknown option \"{name}\"" + (suggestion is null ? "" : $" (did you mean \"{suggestion}\"?)"));
            }

            string? Value(ref int index, out string? value)
            {
                if (inlineValue is not null)
                {
                    value = inlineValue;
                }
                else if (index + 1 < args.Count && !(args[index + 1].StartsWith('-') && args[index + 1].Length > 1))
                {
                    value = args[++index];
                }
                else
                {
                    value = null;
                    return $"{name} needs a value";
                }
                return value.Length == 0 ? $"{name} needs a value" : null;
            }
        }
        if (help)
        {
            return (new(project, format, kitti, inputs, Help: true), null);
        }
        if (kitti is not null && inputs.Count > 0)
        {
            return (null, "--kitti reads a KITTI folder instead of item files: give either --kitti or item files, not both");
        }
        if (kitti is null && project is null)
        {
            return (null, "missing --project <project.json> (the ontology and policy to validate against)");
        }
        if (kitti is null && inputs.Count == 0)
        {
            return (null, "no item files or folders given");
        }
        return (new(project, format, kitti, inputs, Help: false), null);
    }
}
