using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Benchmarks.Store;

/// <summary>
/// A save (UpdateAnnotation: check, write, history row, commit) on a realistic item — 5 assets, 300 annotations,
/// 100 entities, a 60-class ontology — against PostgreSQL with durable settings, with and without on-save
/// validation, plus the re-validation alone. Needs MA_BENCH_POSTGRES (scripts/bench.sh starts a server).
/// </summary>
[Config(typeof(InProcessMonitoring))]
[MemoryDiagnoser]
public class SaveBenchmarks
{
    /// <summary>Macro-benchmark settings, run in-process: the database dominates, a separate build only costs time.</summary>
    private sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithInvocationCount(40)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
    }

    private BenchmarkStore _store = default!;
    private ServiceProvider _services = default!;
    private Guid _annotationId;
    private Guid _itemId;
    private int _version;
    private int _step;

    [Params(true, false)]
    public bool ValidateOnSave { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = BenchmarkStore.Create(new Dictionary<string, string?> { ["Validation:OnSave"] = ValidateOnSave ? "true" : "false" });
        _services = _store.Services;
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        (_itemId, _annotationId) = RealisticItem.Seed(db);
        _version = 1;
        var projectId = db.Items.Where(i => i.Id == _itemId).Select(i => i.ProjectId).First();
        var (ontology, _) = SnapshotLoader.LoadOntologyWithNamesAsync(db, projectId, CancellationToken.None).GetAwaiter().GetResult();
        _validator = new MultimodalAnnotate.Validation.ItemValidator(ontology, db.Projects.First(p => p.Id == projectId).Policy);
        _snapshot = SnapshotLoader.LoadItemAsync(db, _itemId, CancellationToken.None).GetAwaiter().GetResult();
    }

    private MultimodalAnnotate.Validation.ItemValidator _validator = default!;
    private ItemSnapshot _snapshot = default!;

    [Benchmark(Description = "engine only, this item")]
    public int Engine() => _validator.Validate(_snapshot).Count;

    [GlobalCleanup]
    public void Cleanup()
    {
        var cache = _services.GetRequiredService<SnapshotCache>();
        using (var scope = _services.CreateScope())
        {
            var findings = scope.ServiceProvider.GetRequiredService<AppDbContext>().Findings.Count(f => f.ItemId == _itemId);
            Console.WriteLine($"// snapshot cache: {cache.Hits} hits, {cache.Misses} misses; {findings} findings stored on the item");
        }
        _store.Dispose();
    }

    [Benchmark(Description = "save (update annotation)")]
    public async Task Save()
    {
        using var scope = _services.CreateScope();
        var update = scope.ServiceProvider.GetRequiredService<UpdateAnnotation>();
        _step++;
        var result = await update.ExecuteAsync(
            new UpdateAnnotation.Request(_annotationId, _version, Geometry: new Box2D(100 + (_step % 50), 100, 60, 40)),
            RealisticItem.UserId, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"save failed: {result.Outcome}");
        }
        _version = result.Value!.Version;
    }

    [Benchmark(Description = "re-validate item only")]
    public async Task Revalidate()
    {
        using var scope = _services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        await scope.ServiceProvider.GetRequiredService<ItemValidation>().RevalidateAsync(db, _itemId, CancellationToken.None);
        await tx.CommitAsync();
    }
}

/// <summary>The benchmark item: 5 assets, 300 annotations in 100 entities of 3 mentions, a 60-class ontology.</summary>
internal static class RealisticItem
{
    public const string UserId = "bench-user";

    public static (Guid Item, Guid FirstBox) Seed(AppDbContext db)
    {
        var (project, batch, classes) = SeedProject(db);
        var result = SeedItem(db, project, batch, classes, "bench item");
        db.SaveChanges();
        return result;
    }

    /// <summary>The user, a project with the 60-class ontology, and one batch.</summary>
    public static (Project Project, Batch Batch, List<OntologyClass> Classes) SeedProject(AppDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        db.Users.Add(new ApplicationUser { Id = UserId, UserName = "bench@local", Email = "bench@local", IsSiteAdmin = true });
        var project = new Project { Name = "bench", CreatedAt = now };
        db.Projects.Add(project);
        var root = new OntologyClass { ProjectId = project.Id, Name = "object" };
        var classes = new List<OntologyClass> { root };
        for (var i = 1; i < 60; i++)
        {
            var c = new OntologyClass { ProjectId = project.Id, Name = $"class{i:00}", Synonyms = [$"synonym{i:00}"] };
            c.ParentLinks.Add(new OntologyClassParent { ChildId = c.Id, ParentId = classes[(i - 1) / 4].Id });
            classes.Add(c);
        }
        db.OntologyClasses.AddRange(classes);
        var batch = new Batch { ProjectId = project.Id, Name = "bench", CreatedAt = now };
        db.Batches.Add(batch);
        return (project, batch, classes);
    }

    /// <summary>Adds one realistic item (not saved yet).</summary>
    public static (Guid Item, Guid FirstBox) SeedItem(AppDbContext db, Project project, Batch batch, List<OntologyClass> classes, string name)
    {
        var now = DateTimeOffset.UtcNow;
        var item = new Item { ProjectId = project.Id, BatchId = batch.Id, Name = name, CreatedAt = now, UpdatedAt = now };
        db.Items.Add(item);
        var frames = Enumerable.Range(0, 300).Select(i => i / 30.0).ToList();
        var words = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"class{(i % 59) + 1:00}"));
        var image = Asset(item, Modality.Image, "cam", new CaptureTime(), 1920, 1080, new Calibration(Calibration.Identity, new CameraIntrinsics(1000, 1000, 960, 540, 1920, 1080)));
        var video = Asset(item, Modality.Video, "video", new FrameTimes(frames, 10.0), 1280, 720);
        var audio = Asset(item, Modality.Audio, "mic", new SampleClock(16000, 160000));
        var text = Asset(item, Modality.Text, "caption", new Untimed());
        text.TextContent = words;
        var cloud = Asset(item, Modality.PointCloud, "lidar", new CaptureTime { Offset = 0.01 }, calibration: new Calibration(Calibration.Identity));
        db.Assets.AddRange(image, video, audio, text, cloud);
        Guid first = default;
        var offset = 0;
        for (var e = 0; e < 100; e++)
        {
            var cls = classes[(e % 59) + 1];
            var entity = new Entity { ItemId = item.Id, Name = $"entity {e}", CreatedAt = now, UpdatedAt = now };
            db.Entities.Add(entity);
            var word = $"class{(e % 59) + 1:00}";
            Annotation[] mentions =
            [
                Annotation(item, image, cls, entity, new Box2D(10 + (e * 15 % 1800), 10 + (e * 7 % 1000), 60, 40), now),
                Annotation(item, video, cls, entity, new Box2D(10 + (e * 11 % 1200), 10, 50, 40) { Time = frames[e * 3] }, now),
                Annotation(item, text, cls, entity, new TextSpan(offset, offset + word.Length), now),
            ];
            offset += word.Length + 1;
            db.Annotations.AddRange(mentions);
            first = first == default ? mentions[0].Id : first;
        }
        return (item.Id, first);
    }

    private static Asset Asset(Item item, Modality modality, string sensor, TimeBase timeBase, int? w = null, int? h = null, Calibration? calibration = null) =>
        new() { ItemId = item.Id, Modality = modality, Sensor = sensor, TimeBase = timeBase, Width = w, Height = h, Calibration = calibration, CreatedAt = DateTimeOffset.UtcNow };

    private static Annotation Annotation(Item item, Asset asset, OntologyClass cls, Entity entity, Geometry geometry, DateTimeOffset now)
    {
        var (start, end, granularity) = AnnotationDerivation.Derive(asset, geometry);
        return new Annotation
        {
            ItemId = item.Id, AssetId = asset.Id, ClassId = cls.Id, Geometry = geometry, GeometryKind = GeometryCheck.KindOf(geometry),
            TimeStart = start, TimeEnd = end, Granularity = granularity, EntityId = entity.Id, AuthorId = UserId, CreatedAt = now, UpdatedAt = now,
        };
    }
}
