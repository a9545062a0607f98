using System.Globalization;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Features.Dashboard;

/// <summary>A sync-error rate over a group of items: Σ units with an open error ÷ Σ units in scope (not a mean of item rates).</summary>
public sealed record RateRow(string Key, string Label, int Items, int Units, int ErrorUnits)
{
    /// <summary>Null when the group has no units in scope (nothing validated yet).</summary>
    public double? Rate => Units == 0 ? null : (double)ErrorUnits / Units;
}

/// <summary>Open error findings of one of the four types, next to the industry's share of that type.</summary>
public sealed record TypeRow(FindingType Type, int Count, double Share, double IndustryShare);

/// <summary>A count of findings under one key (modality pair, rule…).</summary>
public sealed record CountRow(string Key, int Count);

/// <summary>One annotator's items: rate over their units and their open error / waived findings.</summary>
public sealed record AnnotatorRow(string Annotator, int Items, int Units, int ErrorUnits, int OpenErrors, int Waived)
{
    public double? Rate => Units == 0 ? null : (double)ErrorUnits / Units;
}

/// <summary>How many of the findings that asked for action (errors and warnings) reviewers waived.</summary>
public sealed record WaiverSummary(int Waived, int Open, int Fixed)
{
    public int Total => Waived + Open + Fixed;

    public double? Rate => Total == 0 ? null : (double)Waived / Total;
}

/// <summary>What a drill-down shows: the items behind a number, with how many of their findings match.</summary>
public sealed record DrillRow(Guid ItemId, string ItemName, string BatchName, int Iteration, ItemStatus Status, string Annotator, double? SyncErrorRate, int Matching);

/// <summary>Which number was clicked: a dimension (batch, iteration, type, pair, annotator, waived) and its key.</summary>
public sealed record DrillFilter(string Dimension, string Key, int? Iteration, string Title);

/// <summary>The dashboard's numbers as pure functions of the facts, so they can be checked against hand-computed values.</summary>
public static class DashboardMath
{
    /// <summary>The industry's observed share of each sync-error type (DESIGN.md §1).</summary>
    public static readonly IReadOnlyDictionary<FindingType, double> IndustryShare = new Dictionary<FindingType, double>
    {
        [FindingType.Temporal] = 0.40,
        [FindingType.Semantic] = 0.30,
        [FindingType.MissingReference] = 0.20,
        [FindingType.Granularity] = 0.10,
    };

    public static IReadOnlyList<RateRow> ByBatch(DashboardFacts facts) =>
    [
        .. facts.Batches.OrderBy(b => b.Iteration).ThenBy(b => b.CreatedAt).ThenBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => Rate(b.BatchId.ToString(), $"{b.Name} · it. {b.Iteration}", facts.Items.Where(i => i.BatchId == b.BatchId))),
    ];

    public static IReadOnlyList<RateRow> ByIteration(DashboardFacts facts) =>
    [
        .. facts.Batches.Select(b => b.Iteration).Distinct().Order()
            .Select(n => Rate(n.ToString(CultureInfo.InvariantCulture), $"Iteration {n}", facts.Items.Where(i => i.Iteration == n))),
    ];

    /// <summary>Open error findings per type; shares of their total (0 when there are none).</summary>
    public static IReadOnlyList<TypeRow> ByType(IEnumerable<FindingFact> findings)
    {
        var open = findings.Where(f => f.IsOpenError).ToList();
        return
        [
            .. Enum.GetValues<FindingType>().Select(t =>
            {
                var count = open.Count(f => f.Type == t);
                return new TypeRow(t, count, open.Count == 0 ? 0 : (double)count / open.Count, IndustryShare[t]);
            }),
        ];
    }

    /// <summary>Open error findings per modality pair, most first.</summary>
    public static IReadOnlyList<CountRow> ByModalityPair(IEnumerable<FindingFact> findings) =>
    [
        .. findings.Where(f => f.IsOpenError).GroupBy(f => f.ModalityPair, StringComparer.Ordinal)
            .Select(g => new CountRow(g.Key, g.Count()))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal),
    ];

    /// <summary>Per primary annotator: the rate over their items' units, their open error findings and waived findings.</summary>
    public static IReadOnlyList<AnnotatorRow> ByAnnotator(IEnumerable<ItemFact> items, IEnumerable<FindingFact> findings)
    {
        var findingList = findings.ToList();
        return
        [
            .. items.GroupBy(i => i.Annotator, StringComparer.Ordinal)
                .Select(g => new AnnotatorRow(
                    g.Key, g.Count(), g.Sum(i => i.UnitsInScope), g.Sum(i => i.UnitsWithError),
                    findingList.Count(f => f.IsOpenError && string.Equals(f.Annotator, g.Key, StringComparison.Ordinal)),
                    findingList.Count(f => f.Status == FindingStatus.Waived && string.Equals(f.Annotator, g.Key, StringComparison.Ordinal))))
                .OrderByDescending(r => r.Rate ?? -1).ThenBy(r => r.Annotator, StringComparer.Ordinal),
        ];
    }

    /// <summary>Waived ÷ (waived + open + fixed) over error and warning findings (info findings never ask for a decision).</summary>
    public static WaiverSummary Waivers(IEnumerable<FindingFact> findings)
    {
        var actionable = findings.Where(f => f.Severity != Severity.Info).ToList();
        return new WaiverSummary(
            actionable.Count(f => f.Status == FindingStatus.Waived),
            actionable.Count(f => f.Status == FindingStatus.Open),
            actionable.Count(f => f.Status == FindingStatus.Fixed));
    }

    /// <summary>The first target the rate does not meet yet, or null when it meets them all.</summary>
    public static double? NextTarget(double? rate, IReadOnlyList<double> targets) =>
        rate is null ? (targets.Count > 0 ? targets[0] : null) : targets.Where(t => rate > t).Cast<double?>().FirstOrDefault();

    /// <summary>One sentence on the trend: latest iteration against the one before and against the targets.</summary>
    public static string Trend(IReadOnlyList<RateRow> iterations, IReadOnlyList<double> targets)
    {
        var measured = iterations.Where(r => r.Rate is not null).ToList();
        if (measured.Count == 0)
        {
            return "No validated items yet.";
        }
        var last = measured[^1];
        var text = string.Create(CultureInfo.InvariantCulture, $"{last.Label}: {Percent(last.Rate)}");
        if (measured.Count > 1)
        {
            var previous = measured[^2];
            var delta = (last.Rate!.Value - previous.Rate!.Value) * 100;
            text += string.Create(CultureInfo.InvariantCulture, $" ({(delta <= 0 ? "down" : "up")} {Math.Abs(delta):0.#} points from {Percent(previous.Rate)} in {previous.Label.ToLowerInvariant()})");
        }
        var next = NextTarget(last.Rate, targets);
        return text + (next is { } t
            ? $"; target {Percent(t)} not met yet."
            : $"; every target met ({string.Join(", then ", targets.Select(x => Percent(x)))}).");
    }

    /// <summary>The items behind a number.</summary>
    public static IReadOnlyList<DrillRow> Drill(DashboardFacts facts, DrillFilter filter)
    {
        var items = facts.Items.Where(i => filter.Iteration is null || i.Iteration == filter.Iteration).ToList();
        var findings = facts.Findings.Where(f => filter.Iteration is null || f.Iteration == filter.Iteration).ToList();
        Func<FindingFact, bool>? matches = filter.Dimension switch
        {
            "type" => f => f.IsOpenError && string.Equals(f.Type.ToString(), filter.Key, StringComparison.Ordinal),
            "pair" => f => f.IsOpenError && string.Equals(f.ModalityPair, filter.Key, StringComparison.Ordinal),
            "waived" => f => f.Status == FindingStatus.Waived,
            "open" => f => f.IsOpenError,
            _ => null,
        };
        IEnumerable<(ItemFact Item, int Matching)> rows = filter.Dimension switch
        {
            "batch" => items.Where(i => string.Equals(i.BatchId.ToString(), filter.Key, StringComparison.Ordinal)).Select(i => (i, i.UnitsWithError)),
            "iteration" => items.Where(i => string.Equals(i.Iteration.ToString(CultureInfo.InvariantCulture), filter.Key, StringComparison.Ordinal)).Select(i => (i, i.UnitsWithError)),
            "annotator" => items.Where(i => string.Equals(i.Annotator, filter.Key, StringComparison.Ordinal)).Select(i => (i, i.UnitsWithError)),
            _ when matches is not null => items
                .Select(i => (i, findings.Count(f => f.ItemId == i.ItemId && matches(f))))
                .Where(x => x.Item2 > 0),
            _ => [],
        };
        return
        [
            .. rows.OrderByDescending(r => r.Matching).ThenBy(r => r.Item.Iteration).ThenBy(r => r.Item.ItemName, StringComparer.Ordinal)
                .Select(r => new DrillRow(r.Item.ItemId, r.Item.ItemName, r.Item.BatchName, r.Item.Iteration, r.Item.Status, r.Item.Annotator, r.Item.SyncErrorRate, r.Matching)),
        ];
    }

    public static string Percent(double? rate) =>
        rate is null ? "—" : (rate.Value * 100).ToString(rate.Value * 100 < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " %";

    private static RateRow Rate(string key, string label, IEnumerable<ItemFact> items)
    {
        var list = items.ToList();
        return new RateRow(key, label, list.Count, list.Sum(i => i.UnitsInScope), list.Sum(i => i.UnitsWithError));
    }
}
