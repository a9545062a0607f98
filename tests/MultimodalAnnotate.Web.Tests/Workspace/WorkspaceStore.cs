using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Items;
using MultimodalAnnotate.Web.Features.Validation;
using MultimodalAnnotate.Web.Features.Workspace;

namespace MultimodalAnnotate.Web.Tests.Workspace;

/// <summary>
/// A real embedded store (SQLite file, migrated) with the workspace's services wired as the app wires them, and a small
/// street-like item: an image (640 × 360) and a caption, an annotator and a QA lead.
/// </summary>
public sealed class WorkspaceStore : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ma-ws-").FullName;
    private readonly ServiceProvider _services;

    public WorkspaceStore()
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddDbContextFactory<SqliteDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_folder, "ws.db")}"));
        services.AddSingleton<IDbContextFactory<AppDbContext>>(sp => new DerivedFactory(sp.GetRequiredService<IDbContextFactory<SqliteDbContext>>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ValidatorCache>();
        services.AddSingleton<SnapshotCache>();
        services.AddScoped<ItemValidation>();
        foreach (var useCase in new[] { typeof(CreateAnnotation), typeof(UpdateAnnotation), typeof(DeleteAnnotation), typeof(LinkMentions), typeof(UnlinkMention),
            typeof(CreateEntity), typeof(RenameEntity), typeof(MergeEntities), typeof(SplitEntity), typeof(DeleteEntity) })
        {
            services.AddScoped(useCase);
        }
        services.AddScoped<ItemQueries>();
        services.AddScoped<WorkspaceQueries>();
        services.AddScoped<WorkspaceUseCases>();
        services.AddScoped<WorkspaceState>();
        services.AddScoped<WorkspaceEditor>();
        _services = services.BuildServiceProvider();
    }

    /// <summary>One item of the test project (each test makes its own, so tests sharing the store stay independent).</summary>
    public sealed record TestItem(Guid ItemId, Guid ImageId, Guid CaptionId);

    private Guid _projectId;
    private Guid _batchId;

    public string AnnotatorId { get; } = "annotator-1";

    public string OtherAnnotatorId { get; } = "annotator-2";

    public string QaLeadId { get; } = "qa-1";

    public const string Caption = "A dog and a cat on the road.";

    public async Task InitializeAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await SeedAsync(db);
    }

    public IDbContextFactory<AppDbContext> Factory => _services.GetRequiredService<IDbContextFactory<AppDbContext>>();

    /// <summary>A circuit: its own scope with its own state and editor, signed in as <paramref name="userId"/>, on the item.</summary>
    public async Task<(WorkspaceState State, WorkspaceEditor Editor)> OpenAsync(string userId, TestItem item)
    {
        var scope = _services.CreateScope();
        var state = scope.ServiceProvider.GetRequiredService<WorkspaceState>();
        var editor = scope.ServiceProvider.GetRequiredService<WorkspaceEditor>();
        (await editor.OpenAsync(item.ItemId, userId)).Should().BeTrue();
        return (state, editor);
    }

    /// <summary>A new item with an image (640 × 360) and the caption.</summary>
    public async Task<TestItem> NewItemAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var item = new Item { ProjectId = _projectId, BatchId = _batchId, Name = $"street {Guid.NewGuid():N}", CreatedAt = now, UpdatedAt = now };
        db.Items.Add(item);
        var image = new Asset { ItemId = item.Id, Modality = Modality.Image, Sensor = "cam", TimeBase = new CaptureTime(), Width = 640, Height = 360, CreatedAt = now };
        var caption = new Asset { ItemId = item.Id, Modality = Modality.Text, Sensor = "caption", TimeBase = new Untimed(), TextContent = Caption, SortOrder = 1, CreatedAt = now };
        db.Assets.AddRange(image, caption);
        await db.SaveChangesAsync();
        return new TestItem(item.Id, image.Id, caption.Id);
    }

    private async Task SeedAsync(AppDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var id in new[] { AnnotatorId, OtherAnnotatorId, QaLeadId })
        {
            db.Users.Add(new ApplicationUser { Id = id, UserName = $"{id}@test.local", Email = $"{id}@test.local" });
        }
        var project = new Project { Name = "workspace test", CreatedAt = now };
        db.Projects.Add(project);
        db.ProjectMembers.AddRange(
            new ProjectMember { ProjectId = project.Id, UserId = AnnotatorId, Role = ProjectRole.Annotator, AddedAt = now },
            new ProjectMember { ProjectId = project.Id, UserId = OtherAnnotatorId, Role = ProjectRole.Annotator, AddedAt = now },
            new ProjectMember { ProjectId = project.Id, UserId = QaLeadId, Role = ProjectRole.QaLead, AddedAt = now });
        var animal = new OntologyClass { ProjectId = project.Id, Name = "animal" };
        var dog = new OntologyClass { ProjectId = project.Id, Name = "dog", Hotkey = "d", Forms = ["dogs"] };
        dog.ParentLinks.Add(new OntologyClassParent { ChildId = dog.Id, ParentId = animal.Id });
        var cat = new OntologyClass { ProjectId = project.Id, Name = "cat", Hotkey = "c" };
        cat.ParentLinks.Add(new OntologyClassParent { ChildId = cat.Id, ParentId = animal.Id });
        db.OntologyClasses.AddRange(animal, dog, cat, new OntologyClass { ProjectId = project.Id, Name = "car" });
        db.OntologyDisjointness.Add(new OntologyDisjointness { ProjectId = project.Id, ClassAId = dog.Id, ClassBId = cat.Id });
        var batch = new Batch { ProjectId = project.Id, Name = "b1", CreatedAt = now };
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        (_projectId, _batchId) = (project.Id, batch.Id);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class DerivedFactory(IDbContextFactory<SqliteDbContext> inner) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
