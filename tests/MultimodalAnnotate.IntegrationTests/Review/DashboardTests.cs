using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Dashboard;

namespace MultimodalAnnotate.IntegrationTests.Review;

/// <summary>
/// The dashboard's numbers against hand-computed values on a small fixture written straight into the store:
/// <code>
/// batch A (iteration 1)  a1 annotator   4 units, 2 with error  findings: T err open (img+txt), S err open (img+txt), S warn open, G err waived
///                        a2 annotator2  6 units, 1 with error           M err open (img),      T err fixed (img+txt)
/// batch B (iteration 2)  b1 annotator   5 units, 0 with error
///                        b2 annotator2  5 units, 1 with error           T err open (img+txt),  S err waived (img+txt)
/// </code>
/// Iteration 1: 3/10 = 30 %; iteration 2: 1/10 = 10 %. Open errors: T 2, S 1, M 1, G 0 (50/25/25/0 %).
/// Pairs: Image ↔ Text 3, Image 1. Waived 2 of 8 error/warning findings = 25 %.
/// Annotator: 2/9 = 22.2 %, 2 open, 1 waived; annotator2: 2/11 = 18.2 %, 2 open, 1 waived.
/// </summary>
public sealed class DashboardTests(DashboardTests.Fixture fixture) : IClassFixture<DashboardTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public ReviewWorld World { get; } = new();

        public Dictionary<string, Guid> Items { get; } = new(StringComparer.Ordinal);

        public async Task InitializeAsync()
        {
            await World.InitializeAsync();
            var batchB = await World.NewBatchAsync("batch B", 2);
            var (annotator, annotator2) = (World.Own["annotator"].Id, World.Own["annotator2"].Id);
            Items["a1"] = await ItemAsync(World.BatchId, "a1", annotator, 4, 2,
                (FindingType.Temporal, Severity.Error, FindingStatus.Open, true, "caption 0.8 s early"),
                (FindingType.Semantic, Severity.Error, FindingStatus.Open, true, "box \"dog\", caption \"cat\""),
                (FindingType.Semantic, Severity.Warning, FindingStatus.Open, true, "broader"),
                (FindingType.Granularity, Severity.Error, FindingStatus.Waived, true, "clip vs frame"));
            Items["a2"] = await ItemAsync(World.BatchId, "a2", annotator2, 6, 1,
                (FindingType.MissingReference, Severity.Error, FindingStatus.Open, false, "not in caption"),
                (FindingType.Temporal, Severity.Error, FindingStatus.Fixed, true, "was early"));
            Items["b1"] = await ItemAsync(batchB, "b1", annotator, 5, 0);
            Items["b2"] = await ItemAsync(batchB, "b2", annotator2, 5, 1,
                (FindingType.Temporal, Severity.Error, FindingStatus.Open, true, "late"),
                (FindingType.Semantic, Severity.Error, FindingStatus.Waived, true, "navy is blue"));
        }

        public Task DisposeAsync() => World.DisposeAsync();

        private Task<Guid> ItemAsync(Guid batch, string name, string annotator, int units, int errors,
            params (FindingType Type, Severity Severity, FindingStatus Status, bool ImageAndText, string Message)[] findings) =>
            World.App.WithScopeAsync(async s =>
            {
                var db = s.GetRequiredService<AppDbContext>();
                var now = DateTimeOffset.UtcNow;
                var item = new Item
                {
                    ProjectId = World.ProjectId, BatchId = batch, Name = name, Status = ItemStatus.Approved, CreatedAt = now, UpdatedAt = now,
                    UnitsInScope = units, UnitsWithError = errors, SyncErrorRate = (double)errors / units,
                };
                var image = new Asset { ItemId = item.Id, Modality = Modality.Image, Sensor = "cam", TimeBase = new CaptureTime(), Width = 10, Height = 10, CreatedAt = now };
                var text = new Asset { ItemId = item.Id, Modality = Modality.Text, Sensor = "caption", TimeBase = new Untimed(), TextContent = "a dog", CreatedAt = now };
                var dog = (await db.OntologyClasses.SingleAsync(c => c.ProjectId == World.ProjectId && c.Name == "dog")).Id;
                var box = new Annotation { ItemId = item.Id, AssetId = image.Id, ClassId = dog, Geometry = new Box2D(1, 1, 2, 2), AuthorId = annotator, CreatedAt = now, UpdatedAt = now };
                var span = new Annotation { ItemId = item.Id, AssetId = text.Id, ClassId = dog, Geometry = new TextSpan(2, 5), GeometryKind = "span", AuthorId = annotator, CreatedAt = now, UpdatedAt = now };
                db.AddRange(item, image, text, box, span);
                db.ItemAssignments.Add(new ItemAssignment { ItemId = item.Id, UserId = annotator, AssignedAt = now });
                var n = 0;
                foreach (var f in findings)
                {
                    db.Findings.Add(new FindingRecord
                    {
                        ItemId = item.Id, Key = $"{name}-{n++}", Type = f.Type, RuleCode = $"{f.Type.ToString()[..3].ToUpperInvariant()}-00{n}", Severity = f.Severity,
                        Status = f.Status, Message = f.Message, AnnotationIds = f.ImageAndText ? [box.Id, span.Id] : [box.Id],
                        WaiverReason = f.Status == FindingStatus.Waived ? "intended" : null, FirstSeenAt = now, LastSeenAt = now,
                    });
                }
                await db.SaveChangesAsync();
                return item.Id;
            });
    }

    private readonly ReviewWorld _world = fixture.World;

    private async Task<DashboardFacts> FactsAsync(string user = "qa")
    {
        var (access, facts) = await _world.RunAsync<DashboardQueries, (DashboardAccess, DashboardFacts?)>(q => q.LoadAsync(_world.ProjectId, _world.Own[user].Id, CancellationToken.None));
        access.Should().Be(DashboardAccess.Allowed);
        return facts!;
    }

    [Fact]
    public async Task Rates_PerIterationAndBatch_AreUnitsWithErrorOverUnitsInScope()
    {
        var facts = await FactsAsync();

        DashboardMath.ByIteration(facts).Select(r => (r.Label, r.Units, r.ErrorUnits, r.Rate)).Should().Equal(
            ("Iteration 1", 10, 3, 0.3), ("Iteration 2", 10, 1, 0.1));
        DashboardMath.ByBatch(facts).Select(r => (r.Label, r.Items, r.Rate)).Should().Equal(("batch A · it. 1", 2, 0.3), ("batch B · it. 2", 2, 0.1));
        DashboardMath.Trend(DashboardMath.ByIteration(facts), facts.Targets)
            .Should().Be("Iteration 2: 10 % (down 20 points from 30 % in iteration 1); target 5 % not met yet.");
    }

    [Fact]
    public async Task Breakdowns_ByTypePairAnnotatorAndWaivers_MatchTheHandCount()
    {
        var facts = await FactsAsync();

        DashboardMath.ByType(facts.Findings).Select(t => (t.Type, t.Count, t.Share, t.IndustryShare)).Should().Equal(
            (FindingType.Temporal, 2, 0.5, 0.4), (FindingType.Semantic, 1, 0.25, 0.3), (FindingType.MissingReference, 1, 0.25, 0.2), (FindingType.Granularity, 0, 0.0, 0.1));
        DashboardMath.ByModalityPair(facts.Findings).Should().Equal(new CountRow("Image ↔ Text", 3), new CountRow("Image", 1));
        var annotators = DashboardMath.ByAnnotator(facts.Items, facts.Findings);
        annotators.Select(a => (a.Annotator, a.Items, a.Units, a.ErrorUnits, a.OpenErrors, a.Waived)).Should().Equal(
            ("own annotator", 2, 9, 2, 2, 1), ("own annotator2", 2, 11, 2, 2, 1));
        annotators[0].Rate.Should().BeApproximately(2.0 / 9, 1e-12);
        var waivers = DashboardMath.Waivers(facts.Findings);
        (waivers.Waived, waivers.Open, waivers.Fixed, waivers.Rate).Should().Be((2, 5, 1, 0.25));
    }

    [Fact]
    public async Task Breakdowns_ForIterationTwoOnly_CountOnlyItsFindings()
    {
        var facts = await FactsAsync();
        var second = facts.Findings.Where(f => f.Iteration == 2).ToList();

        DashboardMath.ByType(second).Single(t => t.Type == FindingType.Temporal).Share.Should().Be(1);
        DashboardMath.Waivers(second).Rate.Should().Be(0.5);
    }

    [Fact]
    public async Task DrillDown_FromANumber_ListsTheItemsBehindIt()
    {
        var facts = await FactsAsync();
        var names = (DrillFilter f) => DashboardMath.Drill(facts, f).Select(r => (r.ItemName, r.Matching)).ToList();

        names(new DrillFilter("type", "Temporal", null, "")).Should().Equal(("a1", 1), ("b2", 1));
        names(new DrillFilter("type", "Temporal", 2, "")).Should().Equal(("b2", 1));
        names(new DrillFilter("pair", "Image", null, "")).Should().Equal(("a2", 1));
        names(new DrillFilter("waived", "waived", null, "")).Should().Equal(("a1", 1), ("b2", 1));
        names(new DrillFilter("iteration", "1", null, "")).Should().Equal(("a1", 2), ("a2", 1));
        names(new DrillFilter("annotator", "own annotator2", null, "")).Should().Equal(("a2", 1), ("b2", 1));
        var batchB = facts.Batches.Single(b => b.Iteration == 2).BatchId.ToString();
        names(new DrillFilter("batch", batchB, null, "")).Should().Equal(("b2", 1), ("b1", 0));
    }

    [Fact]
    public async Task Access_ReviewerAndAnnotatorForbidden_ForeignQaLeadNotFound()
    {
        (await _world.RunAsync<DashboardQueries, (DashboardAccess, DashboardFacts?)>(q => q.LoadAsync(_world.ProjectId, _world.Own["reviewer"].Id, CancellationToken.None)))
            .Item1.Should().Be(DashboardAccess.Forbidden);
        (await _world.RunAsync<DashboardQueries, (DashboardAccess, DashboardFacts?)>(q => q.LoadAsync(_world.ProjectId, _world.Foreign["qa"].Id, CancellationToken.None)))
            .Item1.Should().Be(DashboardAccess.NotFound);
        (await FactsAsync("admin")).Items.Should().HaveCount(4);
    }

    [Fact]
    public async Task CsvExport_OverHttp_GivesTheRowsQuotedAndFilteredByIteration()
    {
        using var client = await SignIn.ClientAsync(_world.App, _world.Own["qa"].Email);

        var findings = await client.GetAsync(new Uri($"/projects/{_world.ProjectId}/dashboard/findings.csv", UriKind.Relative));
        var items = await client.GetStringAsync(new Uri($"/projects/{_world.ProjectId}/dashboard/items.csv?iteration=2", UriKind.Relative));

        findings.StatusCode.Should().Be(HttpStatusCode.OK);
        findings.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var lines = (await findings.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("finding_id,item_id,item,batch,iteration,annotator,type,rule,severity,status");
        lines.Should().HaveCount(1 + 8);
        lines.Should().Contain(l => l.Contains(",\"box \"\"dog\"\", caption \"\"cat\"\"\",", StringComparison.Ordinal), "a message with commas and quotes is quoted");
        lines.Count(l => l.Contains(",Waived,", StringComparison.Ordinal)).Should().Be(2);
        items.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[1]).Should().Equal("b1", "b2");
        items.Should().Contain(",5,1,0.2\r\n");
    }

    [Fact]
    public void CsvField_FormulaLikeText_IsDefused()
    {
        DashboardExport.Field("=HYPERLINK(\"x\")").Should().Be("\"'=HYPERLINK(\"\"x\"\")\"");
        DashboardExport.Field("plain").Should().Be("plain");
        DashboardExport.Field("a,b").Should().Be("\"a,b\"");
    }
}
