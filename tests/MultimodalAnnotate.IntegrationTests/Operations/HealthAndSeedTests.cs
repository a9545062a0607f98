using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Demo;

namespace MultimodalAnnotate.IntegrationTests.Operations;

[Collection(PostgresCollection.Name)]
public sealed class HealthAndSeedTests(PostgresServer server)
{
    [Fact]
    public async Task Health_ReachableMigratedDatabase_Returns200WithStoreState()
    {
        await using var app = await AppFactory.PostgresAsync(server);
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var store = body.RootElement.GetProperty("checks").GetProperty("store");
        store.GetProperty("status").GetString().Should().Be("Healthy");
        store.GetProperty("data").GetProperty("provider").GetString().Should().Be("Postgres");
        store.GetProperty("data").GetProperty("pendingMigrations").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Health_UnreachableDatabase_Returns503()
    {
        // Nothing listens on port 1: the app must still start and say the store is down.
        await using var app = new AppFactory("Postgres", "Host=127.0.0.1;Port=1;Username=postgres;Database=none;Timeout=2");
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).Should().Contain("unreachable");
    }

    [Fact]
    public async Task Health_NeedsNoSignIn_ButPagesAndAssetContentDo()
    {
        await using var app = await AppFactory.PostgresAsync(server);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/Account/Login");
        var api = await client.GetAsync(new Uri($"/api/v1/assets/{Guid.NewGuid()}/content", UriKind.Relative));
        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized, api.Headers.Location?.ToString());
    }

    [Fact]
    public async Task DemoSeed_EmptyPostgres_SeedsUsersPerRoleAndAllFiveModalitiesWithRealMedia()
    {
        await using var app = await AppFactory.PostgresAsync(server, seedDemo: true);
        _ = app.Services;

        var (projects, users, modalities, media, video, members) = await app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            return (
                await db.Projects.Select(p => p.Name).ToListAsync(),
                await db.Users.Select(u => u.Email!).ToListAsync(),
                await db.Assets.Select(a => a.Modality).Distinct().ToListAsync(),
                await db.Assets.Where(a => a.MediaKey != null).Select(a => a.MediaKey!).Distinct().ToListAsync(),
                await db.Assets.FirstAsync(a => a.Modality == Modality.Video),
                await db.ProjectMembers.Select(m => m.Role).Distinct().ToListAsync());
        });

        projects.Should().Equal(DemoSeeder.ProjectName);
        users.Should().Contain(DemoSeeder.DemoUsers.Select(u => u.Email));
        modalities.Should().BeEquivalentTo(Enum.GetValues<Modality>());
        members.Should().BeEquivalentTo(Enum.GetValues<ProjectRole>());
        media.Should().OnlyContain(key => File.Exists(Path.Combine(app.MediaRoot, key)) && new FileInfo(Path.Combine(app.MediaRoot, key)).Length > 0);
        var frames = video.TimeBase.Should().BeOfType<FrameTimes>().Subject;
        var gaps = frames.PresentationTimes.Zip(frames.PresentationTimes.Skip(1), (a, b) => Math.Round(b - a, 3)).Distinct().ToList();
        gaps.Should().HaveCountGreaterThan(1, "the demo video has a variable frame rate");
    }

    [Fact]
    public async Task DemoSeed_SecondStart_DoesNotSeedAgain()
    {
        var database = await server.CreateDatabaseAsync();
        await using (var first = AppFactory.Postgres(database.ConnectionString, seedDemo: true))
        {
            _ = first.Services;
        }
        await using var second = new AppFactory("Postgres", database.ConnectionString, seedDemo: true) { OwnedDatabase = database };
        _ = second.Services;

        var count = await second.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Projects.CountAsync());
        count.Should().Be(1);
    }
}
