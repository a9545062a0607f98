using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.IntegrationTests.Store;

/// <summary>Every geometry kind and every time base survives a write and a read in a fresh context, on both providers.</summary>
public abstract class RoundTripTests(RoundTripTests.Store store)
{
    /// <summary>One app and one test project per test class: tests write new rows and read only their own.</summary>
    public abstract class Store : IAsyncLifetime
    {
        public AppFactory App { get; private set; } = default!;

        public TestProject Project { get; private set; } = default!;

        protected abstract Task<AppFactory> CreateAppAsync();

        public async Task InitializeAsync()
        {
            App = await CreateAppAsync();
            Project = await App.WithScopeAsync(TestProject.CreateAsync);
        }

        public virtual async Task DisposeAsync() => await App.DisposeAsync();
    }

    public static TheoryData<string> GeometryKinds => ["box2d", "polygon", "mask", "keypoints", "cuboid", "segment", "span", "track", "classification"];

    private static (Func<TestProject, Asset> Asset, Geometry Geometry) Sample(string kind) => kind switch
    {
        "box2d" => (p => p.Video, new Box2D(10.5, 20.25, 30, 40) { Time = 0.08 }),
        "polygon" => (p => p.Image, new Polygon([new Point2(1, 2), new Point2(30.5, 2), new Point2(15, 40.75)])),
        "mask" => (p => p.Image, new Mask(640, 480, [1000, 200, 640 * 480 - 1200])),
        "keypoints" => (p => p.Image, new Keypoints([new Keypoint("nose", 100, 120, true), new Keypoint("tail", 200.5, 130, false)])),
        "cuboid" => (p => p.Cloud, new Cuboid(new Vec3(12.5, -1.25, -0.9), new Vec3(4.2, 1.8, 1.5), 0.35)),
        "segment" => (p => p.Audio, new TimeSegment(0.5, 1.75)),
        "span" => (p => p.Text, new TextSpan(2, 5, 0)),
        "track" => (p => p.Video, new Track([new TrackKeyframe(0.04, new Box2D(1, 1, 10, 10)), new TrackKeyframe(0.5, new Box2D(5, 5, 12, 12), Outside: true)])),
        _ => (p => p.Audio, new Classification()),
    };

    [Theory]
    [MemberData(nameof(GeometryKinds))]
    public async Task Annotation_EveryGeometryKind_RoundTripsExactly(string kind)
    {
        var app = store.App;
        var project = store.Project;
        var (asset, geometry) = Sample(kind);
        var id = Guid.NewGuid();
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var cls = await db.OntologyClasses.FirstAsync(c => c.ProjectId == project.ProjectId && c.Name == "dog");
            db.Annotations.Add(new Annotation
            {
                Id = id, ItemId = project.ItemId, AssetId = asset(project).Id, ClassId = cls.Id, Geometry = geometry, GeometryKind = kind,
                Attributes = new() { ["colour"] = "navy" }, AuthorId = project.AnnotatorId, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var stored = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Annotations.AsNoTracking().FirstAsync(a => a.Id == id));

        stored.Geometry.GetType().Should().Be(geometry.GetType());
        JsonSerializer.Serialize(stored.Geometry, ModelJson.Options).Should().Be(JsonSerializer.Serialize(geometry, ModelJson.Options));
        stored.Attributes.Should().Equal(new Dictionary<string, string> { ["colour"] = "navy" });
    }

    [Fact]
    public async Task Asset_EveryTimeBaseAndCalibration_RoundTripsExactly()
    {
        var app = store.App;
        var project = store.Project;
        var expected = new[] { project.Image, project.Video, project.Audio, project.Text, project.Cloud };

        var stored = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Assets.AsNoTracking().Where(a => a.ItemId == project.ItemId).ToListAsync());

        stored.Should().HaveCount(5);
        foreach (var asset in expected)
        {
            var back = stored.Single(a => a.Id == asset.Id);
            back.TimeBase.GetType().Should().Be(asset.TimeBase.GetType());
            JsonSerializer.Serialize(back.TimeBase, ModelJson.Options).Should().Be(JsonSerializer.Serialize(asset.TimeBase, ModelJson.Options));
            JsonSerializer.Serialize(back.Calibration, ModelJson.Options).Should().Be(JsonSerializer.Serialize(asset.Calibration, ModelJson.Options));
        }
        stored.Single(a => a.Id == project.Video.Id).TimeBase.Should().BeOfType<FrameTimes>()
            .Which.PresentationTimes.Should().Equal(0, 0.04, 0.08, 0.2, 0.5);
        stored.Select(a => a.TimeBase.GetType().Name).Should().Contain(["CaptureTime", "FrameTimes", "SampleClock", "TimedSegments"]);
    }

    [Fact]
    public async Task Project_PolicyDocument_RoundTripsWithDefaultsForMissingProperties()
    {
        var app = store.App;
        var project = store.Project;
        await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var p = await db.Projects.FirstAsync(x => x.Id == project.ProjectId);
            p.Policy = p.Policy with { MinProjectionIoU = 0.7, RequiredTextMentionClasses = ["dog"] };
            return await db.SaveChangesAsync();
        });

        var stored = await app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Projects.AsNoTracking().FirstAsync(x => x.Id == project.ProjectId));

        stored.Policy.MinProjectionIoU.Should().Be(0.7);
        stored.Policy.RequiredTextMentionClasses.Should().Equal("dog");
        stored.Policy.TemporalTolerance["Video-Audio"].Should().Be(0.1);
    }
}

public sealed class PostgresRoundTripTests(PostgresRoundTripTests.PostgresStore store) : RoundTripTests(store), IClassFixture<PostgresRoundTripTests.PostgresStore>
{
    public sealed class PostgresStore : Store
    {
        private readonly PostgresServer _server = new();

        protected override async Task<AppFactory> CreateAppAsync()
        {
            await _server.InitializeAsync();
            return await AppFactory.PostgresAsync(_server);
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await _server.DisposeAsync();
        }
    }
}

public sealed class SqliteRoundTripTests(SqliteRoundTripTests.SqliteStore store) : RoundTripTests(store), IClassFixture<SqliteRoundTripTests.SqliteStore>
{
    public sealed class SqliteStore : Store
    {
        protected override Task<AppFactory> CreateAppAsync() =>
            Task.FromResult(AppFactory.Sqlite(Path.Combine(Directory.CreateTempSubdirectory("ma-sqlite-").FullName, "store.db")));
    }
}
