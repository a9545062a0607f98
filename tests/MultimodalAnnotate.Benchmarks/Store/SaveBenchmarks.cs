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
            new UpdateAnnotation.Request(_annotationId, _version, Geometry: RealisticItem.Nudged(_step)),
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

/// <summary>
/// The benchmark item in the store: the engine benchmarks' realistic street scene (<see cref="Validation.RealisticItem"/>:
/// 5 assets, 300 annotations in 100 entities, the 60-class ontology with its disjoint branches, attributes and colour
/// taxonomy, and its policy; about one entity in twelve carries a deliberate error, 23 findings), so that the engine,
/// save and re-validation figures are about the same item.
/// </summary>
internal static class RealisticItem
{
    public const string UserId = "bench-user";

    /// <summary>
    /// The edit the save benchmarks make, step by step: the first image box nudged 1 or 2 px to the right, as an
    /// annotator refining a box does (it keeps matching its cuboid, so the item's findings stay as they are).
    /// </summary>
    public static Box2D Nudged(int step) => FirstBox with { X = FirstBox.X + 1 + (step % 2) };

    private static readonly Box2D FirstBox = (Box2D)Validation.RealisticItem.Create(1).Annotations
        .First(a => a.Geometry is Box2D { Time: null }).Geometry;

    public static (Guid Item, Guid FirstBox) Seed(AppDbContext db)
    {
        var (project, batch, classes) = SeedProject(db);
        var result = SeedItem(db, project, batch, classes, "bench item");
        db.SaveChanges();
        return result;
    }

    /// <summary>The user, a project with the realistic item's ontology and policy, and one batch.</summary>
    public static (Project Project, Batch Batch, Dictionary<string, OntologyClass> Classes) SeedProject(AppDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        db.Users.Add(new ApplicationUser { Id = UserId, UserName = "bench@local", Email = "bench@local", IsSiteAdmin = true });
        var project = new Project { Name = "bench", CreatedAt = now, Policy = Validation.RealisticItem.Policy };
        db.Projects.Add(project);
        var ontology = Validation.RealisticItem.Ontology;
        var classes = ontology.Classes.ToDictionary(
            c => c.Name,
            c => new OntologyClass { ProjectId = project.Id, Name = c.Name, Synonyms = [.. c.Synonyms], Forms = [.. c.Forms] });
        foreach (var definition in ontology.Classes)
        {
            var child = classes[definition.Name];
            foreach (var parent in definition.Parents)
            {
                child.ParentLinks.Add(new OntologyClassParent { ChildId = child.Id, ParentId = classes[parent].Id });
            }
        }
        db.OntologyClasses.AddRange(classes.Values);
        db.OntologyDisjointness.AddRange(ontology.Disjoint.Select(d => new OntologyDisjointness { ProjectId = project.Id, ClassAId = classes[d.A].Id, ClassBId = classes[d.B].Id }));
        db.AttributeDefinitions.AddRange(ontology.Attributes.Select(a => new AttributeDefinitionEntity { ProjectId = project.Id, Name = a.Name, Kind = a.Kind, Values = [.. a.Values] }));
        db.ColourTerms.AddRange(ontology.Colours.Select(c => new ColourTermEntity { ProjectId = project.Id, Name = c.Name, Parent = c.Parent, Rgb = c.Rgb }));
        var batch = new Batch { ProjectId = project.Id, Name = "bench", CreatedAt = now };
        db.Batches.Add(batch);
        return (project, batch, classes);
    }

    /// <summary>Adds the realistic item built from <paramref name="seed"/> (not saved yet); returns it and its first image box.</summary>
    public static (Guid Item, Guid FirstBox) SeedItem(AppDbContext db, Project project, Batch batch, Dictionary<string, OntologyClass> classes, string name, int seed = 1)
    {
        var now = DateTimeOffset.UtcNow;
        var snapshot = Validation.RealisticItem.Create(seed);
        var item = new Item { ProjectId = project.Id, BatchId = batch.Id, Name = name, CreatedAt = now, UpdatedAt = now };
        db.Items.Add(item);
        var assets = snapshot.Assets.Select((a, i) => new Asset
        {
            Id = a.Id, ItemId = item.Id, Modality = a.Modality, Sensor = a.Sensor ?? "", TimeBase = a.TimeBase, Calibration = a.Calibration,
            Width = a.Width, Height = a.Height, TextContent = a.Content, SortOrder = i, CreatedAt = now,
        }).ToDictionary(a => a.Id);
        db.Assets.AddRange(assets.Values);
        var entityOf = new Dictionary<Guid, Guid>();
        foreach (var e in snapshot.Entities)
        {
            db.Entities.Add(new Entity { Id = e.Id, ItemId = item.Id, Name = e.Name ?? "", CreatedAt = now, UpdatedAt = now });
            foreach (var mention in e.Mentions)
            {
                entityOf[mention] = e.Id;
            }
        }
        Guid firstBox = default;
        foreach (var a in snapshot.Annotations)
        {
            var asset = assets[a.AssetId];
            var (start, end, granularity) = AnnotationDerivation.Derive(asset, a.Geometry);
            db.Annotations.Add(new Annotation
            {
                Id = a.Id, ItemId = item.Id, AssetId = a.AssetId, ClassId = classes[a.Label].Id, Attributes = new Dictionary<string, string>(a.Attributes),
                Geometry = a.Geometry, GeometryKind = GeometryCheck.KindOf(a.Geometry), TimeStart = start, TimeEnd = end, Granularity = granularity,
                EntityId = entityOf.TryGetValue(a.Id, out var entity) ? entity : null, AuthorId = UserId, CreatedAt = now, UpdatedAt = now,
            });
            if (firstBox == default && asset.Modality == Modality.Image && a.Geometry is Box2D)
            {
                firstBox = a.Id;
            }
        }
        return (item.Id, firstBox);
    }
}
