using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.IntegrationTests.Review;

/// <summary>
/// Two projects on one real app: "own" with a user per role (annotator, second annotator, reviewer, QA lead, project
/// admin) and "foreign" with its own members. Items are written straight into the store (an image with a dog box,
/// a caption whose span is linked to it) and validated by the real engine: with <c>withError</c> the caption says
/// "cat", which the ontology declares disjoint from "dog" (an error finding).
/// </summary>
public sealed class ReviewWorld : IAsyncLifetime
{
    public const string Password = "Test!pass1";

    private readonly PostgresServer _server = new();

    public AppFactory App { get; private set; } = default!;

    public Guid ProjectId { get; private set; }

    public Guid BatchId { get; private set; }

    public Guid ForeignProjectId { get; private set; }

    public Guid ForeignBatchId { get; private set; }

    /// <summary>Users of the own project by role name (annotator, annotator2, reviewer, qa, admin).</summary>
    public Dictionary<string, TestUser> Own { get; } = new(StringComparer.Ordinal);

    /// <summary>Users of the foreign project by role name (annotator, reviewer, qa, admin).</summary>
    public Dictionary<string, TestUser> Foreign { get; } = new(StringComparer.Ordinal);

    public sealed record TestUser(string Id, string Email, ProjectRole Role);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        App = await AppFactory.PostgresAsync(_server);
        await App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            (ProjectId, BatchId) = await ProjectAsync(s, db, "own", Own, [("annotator", ProjectRole.Annotator), ("annotator2", ProjectRole.Annotator),
                ("reviewer", ProjectRole.Reviewer), ("qa", ProjectRole.QaLead), ("admin", ProjectRole.Admin)]);
            (ForeignProjectId, ForeignBatchId) = await ProjectAsync(s, db, "foreign", Foreign, [("annotator", ProjectRole.Annotator),
                ("reviewer", ProjectRole.Reviewer), ("qa", ProjectRole.QaLead), ("admin", ProjectRole.Admin)]);
            return 0;
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _server.DisposeAsync();
    }

    public Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query) => App.WithScopeAsync(s => query(s.GetRequiredService<AppDbContext>()));

    public Task<T> RunAsync<TUseCase, T>(Func<TUseCase, Task<T>> call) where TUseCase : notnull =>
        App.WithScopeAsync(s => call(s.GetRequiredService<TUseCase>()));

    /// <summary>
    /// A new validated item assigned to <paramref name="annotatorId"/> (default: the own annotator; nobody when
    /// <paramref name="unassigned"/>), in <paramref name="status"/> (written directly: the test of a step starts from
    /// where the step starts).
    /// </summary>
    public Task<Guid> NewItemAsync(bool withError, ItemStatus status = ItemStatus.Annotating, string? annotatorId = null,
        Guid? batchId = null, string? name = null, bool foreign = false, string? overlapAnnotatorId = null, bool unassigned = false) =>
        NewItemAsync(withError ? Caption.Error : Caption.Clean, status, annotatorId, batchId, name, foreign, overlapAnnotatorId, unassigned);

    /// <summary>What the caption says about the boxed dog: "dog" (agrees), "cat" (disjoint: error), "animal" (broader: warning).</summary>
    public enum Caption
    {
        Clean,
        Error,
        Warning,
    }

    public async Task<Guid> NewItemAsync(Caption caption, ItemStatus status = ItemStatus.Annotating, string? annotatorId = null,
        Guid? batchId = null, string? name = null, bool foreign = false, string? overlapAnnotatorId = null, bool unassigned = false)
    {
        var projectId = foreign ? ForeignProjectId : ProjectId;
        return await App.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var classes = await db.OntologyClasses.Where(c => c.ProjectId == projectId).ToDictionaryAsync(c => c.Name, c => c.Id);
            var now = DateTimeOffset.UtcNow;
            var item = new Item
            {
                ProjectId = projectId,
                BatchId = batchId ?? (foreign ? ForeignBatchId : BatchId),
                Name = name ?? $"item {Guid.NewGuid():N}"[..13],
                Status = status,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Items.Add(item);
            var image = new Asset
            {
                ItemId = item.Id, Modality = Modality.Image, Sensor = "cam", TimeBase = new CaptureTime(), Width = 640, Height = 480, CreatedAt = now,
            };
            var (text, label, span) = caption switch
            {
                Caption.Error => ("a cat runs", "cat", new TextSpan(2, 5)),
                Caption.Warning => ("an animal runs", "animal", new TextSpan(3, 9)),
                _ => ("a dog runs", "dog", new TextSpan(2, 5)),
            };
            var captionAsset = new Asset
            {
                ItemId = item.Id, Modality = Modality.Text, Sensor = "caption", TimeBase = new Untimed(), TextContent = text, SortOrder = 1, CreatedAt = now,
            };
            db.Assets.AddRange(image, captionAsset);
            var entity = new Entity { ItemId = item.Id, Name = "animal #1", CreatedAt = now, UpdatedAt = now };
            db.Entities.Add(entity);
            var author = annotatorId ?? Own["annotator"].Id;
            if (foreign && annotatorId is null)
            {
                author = Foreign["annotator"].Id;
            }
            db.Annotations.AddRange(
                Annotation(item, image, classes["dog"], new Box2D(100, 100, 120, 80), entity, author, now),
                Annotation(item, captionAsset, classes[label], span, entity, author, now));
            if (!unassigned)
            {
                db.ItemAssignments.Add(new ItemAssignment { ItemId = item.Id, UserId = author, AssignedAt = now });
            }
            if (overlapAnnotatorId is not null)
            {
                db.ItemAssignments.Add(new ItemAssignment { ItemId = item.Id, UserId = overlapAnnotatorId, IsOverlap = true, AssignedAt = now });
            }
            await db.SaveChangesAsync();
            await s.GetRequiredService<ItemValidation>().RevalidateAsync(db, item.Id, CancellationToken.None);
            return item.Id;
        });
    }

    public Task<Item> ItemAsync(Guid id) => DbAsync(db => db.Items.AsNoTracking().FirstAsync(i => i.Id == id));

    public Task<List<FindingRecord>> FindingsAsync(Guid itemId) => DbAsync(db => db.Findings.AsNoTracking().Where(f => f.ItemId == itemId).OrderBy(f => f.RuleCode).ToListAsync());

    public Task<List<ReviewDecision>> DecisionsAsync(Guid itemId) =>
        DbAsync(db => db.ReviewDecisions.AsNoTracking().Where(d => d.ItemId == itemId).OrderBy(d => d.At).ThenBy(d => d.Action).ToListAsync());

    public Task<List<HistoryEvent>> HistoryAsync(Guid itemId) =>
        DbAsync(db => db.History.AsNoTracking().Where(h => h.ItemId == itemId && (h.SubjectType == "item" || h.SubjectType == "finding")).OrderBy(h => h.Id).ToListAsync());

    /// <summary>A new batch of the own project in <paramref name="iteration"/>.</summary>
    public Task<Guid> NewBatchAsync(string name, int iteration) => DbAsync(async db =>
    {
        var batch = new Batch { ProjectId = ProjectId, Name = name, Iteration = iteration, CreatedAt = DateTimeOffset.UtcNow };
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        return batch.Id;
    });

    /// <summary>A new user of the own project with <paramref name="role"/>, kept in <see cref="Own"/> under <paramref name="key"/>.</summary>
    public Task<TestUser> NewMemberAsync(string key, ProjectRole role) => App.WithScopeAsync(async s =>
    {
        var manager = s.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"own-{key}@review.test";
        var user = new ApplicationUser { UserName = email, Email = email, DisplayName = $"own {key}", EmailConfirmed = true };
        (await manager.CreateAsync(user, Password)).Succeeded.Should().BeTrue();
        var db = s.GetRequiredService<AppDbContext>();
        db.ProjectMembers.Add(new ProjectMember { ProjectId = ProjectId, UserId = user.Id, Role = role, AddedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return Own[key] = new TestUser(user.Id, email, role);
    });

    private static Annotation Annotation(Item item, Asset asset, Guid classId, Geometry geometry, Entity entity, string author, DateTimeOffset now) => new()
    {
        ItemId = item.Id,
        AssetId = asset.Id,
        ClassId = classId,
        Geometry = geometry,
        GeometryKind = geometry is Box2D ? "box2d" : "span",
        Granularity = geometry is Box2D ? Granularity.Region : Granularity.Span,
        EntityId = entity.Id,
        AuthorId = author,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static async Task<(Guid Project, Guid Batch)> ProjectAsync(IServiceProvider services, AppDbContext db, string name,
        Dictionary<string, TestUser> users, IReadOnlyList<(string Key, ProjectRole Role)> roles)
    {
        var manager = services.GetRequiredService<UserManager<ApplicationUser>>();
        var now = DateTimeOffset.UtcNow;
        var project = new Project { Name = $"{name} project", CreatedAt = now, Settings = new ProjectSettings { QaSampleRate = 0.5 } };
        db.Projects.Add(project);
        foreach (var (key, role) in roles)
        {
            var email = $"{name}-{key}@review.test";
            var user = new ApplicationUser { UserName = email, Email = email, DisplayName = $"{name} {key}", EmailConfirmed = true };
            (await manager.CreateAsync(user, Password)).Succeeded.Should().BeTrue();
            db.ProjectMembers.Add(new ProjectMember { ProjectId = project.Id, UserId = user.Id, Role = role, AddedAt = now });
            users[key] = new TestUser(user.Id, email, role);
        }
        var animal = new OntologyClass { ProjectId = project.Id, Name = "animal" };
        var dog = new OntologyClass { ProjectId = project.Id, Name = "dog" };
        dog.ParentLinks.Add(new OntologyClassParent { ChildId = dog.Id, ParentId = animal.Id });
        var cat = new OntologyClass { ProjectId = project.Id, Name = "cat" };
        cat.ParentLinks.Add(new OntologyClassParent { ChildId = cat.Id, ParentId = animal.Id });
        db.OntologyClasses.AddRange(animal, dog, cat);
        db.OntologyDisjointness.Add(new OntologyDisjointness { ProjectId = project.Id, ClassAId = dog.Id, ClassBId = cat.Id });
        var batch = new Batch { ProjectId = project.Id, Name = "batch A", Iteration = 1, CreatedAt = now };
        db.Batches.Add(batch);
        await db.SaveChangesAsync();
        return (project.Id, batch.Id);
    }
}
