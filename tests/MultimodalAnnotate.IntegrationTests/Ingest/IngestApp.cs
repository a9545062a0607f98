using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Ingest;

namespace MultimodalAnnotate.IntegrationTests.Ingest;

/// <summary>
/// One app for an ingest test class: real PostgreSQL, real ffmpeg, the job runner on (unless turned off), an import root,
/// a small upload limit, the shared <see cref="TestProject"/> plus a project admin, and HTTP clients signed in as any of
/// its users (cookie + antiforgery token, like the browser).
/// </summary>
public partial class IngestApp : IAsyncLifetime
{
    public const string Password = "Test!pass1";

    /// <summary>The upload limit the test app runs with (small, so the 413 test is cheap).</summary>
    public const long MaxUploadBytes = 6 * 1024 * 1024;

    private readonly PostgresServer _server = new();
    private readonly bool _jobsEnabled;
    private AppFactory _root = default!;

    public IngestApp()
        : this(jobsEnabled: true)
    {
    }

    protected IngestApp(bool jobsEnabled) => _jobsEnabled = jobsEnabled;

    public WebApplicationFactory<Program> App { get; private set; } = default!;

    public string MediaRoot => _root.MediaRoot;

    /// <summary>The folder configured as <c>Media:ImportRoots:0</c>: the real-data fixtures (read only).</summary>
    public string ImportRoot { get; } = Fixtures.Root;

    public TestProject Project { get; private set; } = default!;

    public string AdminId { get; private set; } = default!;

    public Guid BatchId { get; private set; }

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _root = await AppFactory.PostgresAsync(_server);
        App = _root.WithWebHostBuilder(b =>
        {
            b.UseSetting("Media:ImportRoots:0", ImportRoot);
            b.UseSetting("Media:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Jobs:Enabled", _jobsEnabled ? "true" : "false");
        });
        Project = await WithScopeAsync(TestProject.CreateAsync);
        (AdminId, BatchId) = await WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<ApplicationUser>>();
            var admin = new ApplicationUser { UserName = $"admin-{Guid.NewGuid():N}@test.local", Email = $"admin-{Guid.NewGuid():N}@test.local", DisplayName = "admin" };
            (await users.CreateAsync(admin, Password)).Succeeded.Should().BeTrue();
            var db = s.GetRequiredService<AppDbContext>();
            db.ProjectMembers.Add(new ProjectMember { ProjectId = Project.ProjectId, UserId = admin.Id, Role = ProjectRole.Admin, AddedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            return (admin.Id, await db.Items.Where(i => i.Id == Project.ItemId).Select(i => i.BatchId).FirstAsync());
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await _root.DisposeAsync();
        await _server.DisposeAsync();
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query) => WithScopeAsync(s => query(s.GetRequiredService<AppDbContext>()));

    /// <summary>A new empty item in the test batch, created by the annotator.</summary>
    public async Task<Guid> NewItemAsync(string name = "upload item") =>
        (await WithScopeAsync(s => s.GetRequiredService<CreateItem>().ExecuteAsync(BatchId, name, Project.AnnotatorId, CancellationToken.None))).ItemId!.Value;

    /// <summary>An HTTP client signed in as <paramref name="userId"/> through the sign-in page, carrying the antiforgery header.</summary>
    public async Task<HttpClient> ClientAsync(string userId, bool antiforgery = true)
    {
        // People sign in with their email (the test users' user names differ from it).
        var email = await DbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).FirstAsync());
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = Token(login),
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        });
        var signedIn = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form);
        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect, "signing in as {0} must succeed", email);
        if (antiforgery)
        {
            var page = await client.GetStringAsync(new Uri("/", UriKind.Relative));
            client.DefaultRequestHeaders.Add("RequestVerificationToken", Token(page));
        }
        return client;
    }

    /// <summary>A file part of an upload: bytes, with the fields that precede it.</summary>
    public sealed record Part(string FileName, byte[] Bytes, string? Modality = null, string? Sensor = null);

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid itemId, params Part[] parts)
    {
        using var content = new MultipartFormDataContent();
        foreach (var part in parts)
        {
            if (part.Modality is not null)
            {
                content.Add(new StringContent(part.Modality), "modality");
            }
            if (part.Sensor is not null)
            {
                content.Add(new StringContent(part.Sensor), "sensor");
            }
            var file = new ByteArrayContent(part.Bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(file, "file", part.FileName);
        }
        return await client.PostAsync(new Uri($"/api/v1/items/{itemId}/assets", UriKind.Relative), content);
    }

    /// <summary>Uploads and returns the created asset ids (in part order), asserting 201.</summary>
    public async Task<IReadOnlyList<Guid>> UploadOkAsync(HttpClient client, Guid itemId, params Part[] parts)
    {
        using var response = await UploadAsync(client, itemId, parts);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body);
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("assetId").GetGuid())];
    }

    /// <summary>Waits until none of the assets is pending or processing (the runner works through their jobs).</summary>
    public async Task<IReadOnlyList<Asset>> WaitProcessedAsync(IReadOnlyCollection<Guid> assetIds, int timeoutSeconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var assets = await DbAsync(db => db.Assets.AsNoTracking().Where(a => assetIds.Contains(a.Id)).ToListAsync());
            if (assets.All(a => a.Status is AssetStatus.Ready or AssetStatus.Failed))
            {
                return [.. assetIds.Select(id => assets.Single(a => a.Id == id))];
            }
            if (DateTime.UtcNow > deadline)
            {
                var jobs = await DbAsync(db => db.Jobs.AsNoTracking().Where(j => j.AssetId != null && assetIds.Contains(j.AssetId.Value)).ToListAsync());
                throw new TimeoutException("assets still processing: " + string.Join("; ", assets.Select(a => $"{a.Sensor}={a.Status}"))
                    + " jobs: " + string.Join("; ", jobs.Select(j => $"{j.Status} {j.Progress:0.00} {j.ProgressMessage} {j.Error}")));
            }
            await Task.Delay(200);
        }
    }

    private static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("no antiforgery token in the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>The same app with the job runner off, for tests that drive <c>JobRunner.RunNextAsync</c> themselves.</summary>
public sealed class IngestAppWithoutRunner : IngestApp
{
    public IngestAppWithoutRunner()
        : base(jobsEnabled: false)
    {
    }
}
