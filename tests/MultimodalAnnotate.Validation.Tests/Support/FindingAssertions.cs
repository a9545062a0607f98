using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Tests.Support;

public static class FindingExtensions
{
    public static IReadOnlyList<Finding> WithCode(this IReadOnlyList<Finding> findings, string code) =>
        findings.Where(f => f.RuleCode == code).ToList();

    public static string Dump(this IReadOnlyList<Finding> findings) =>
        findings.Count == 0 ? "(no findings)" : string.Join(Environment.NewLine, findings.Select(f => $"{f.RuleCode} {f.Severity}: {f.Message} | fix: {f.SuggestedFix}"));
}
