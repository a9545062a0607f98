using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.IntegrationTests.Api;

/// <summary>
/// The REST API over HTTP against the real app on PostgreSQL, as a pipeline uses it: bearer tokens, JSON in the
/// interchange format's spelling, and the status codes a client branches on (201, 400, 401, 403, 404, 409).
/// </summary>
public sealed partial class ApiTests(ApiTests.Store store) : IClassFixture<ApiTests.Store>
{
    /// <summary>One app and test project for the class; each test makes its own annotations and tokens.</summary>
    public sealed class Store : IAsyncLifetime
    {
        private readonly PostgresServer _server = new();

        public AppFactory App { get; private set; } = default!;

        public TestProject Project { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            await _server.InitializeAsync();
            App = await AppFactory.PostgresAsync(_server);
            Project = await App.WithScopeAsync(TestProject.CreateAsync);
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await _server.DisposeAsync();
        }
    }

    private readonly AppFactory _app = store.App;
    private readonly TestProject _p = store.Project;

    [Fact]
    public async Task PipelineFlow_WithBearerToken_CreatesLinksAndSeesTheSemanticError()
    {
        using var api = await ClientForAsync(_p.AnnotatorId);

        var projects = await api.GetFromJsonAsync<JsonArray>("/api/v1/projects", ModelJson.Options);
        projects!.Select(p => p!["id"]!.GetValue<Guid>()).Should().Contain(_p.ProjectId);
        var project = await api.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{_p.ProjectId}", ModelJson.Options);
        project!["ontology"]!["classes"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Should().Contain(["dog", "cat"]);
        project["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("annotator");

        var dogResponse = await api.PostAsync($"/api/v1/items/{_p.ItemId}/annotations",
            Json(new { assetId = _p.Image.Id, label = "dog", geometry = (Geometry)new Box2D(100, 100, 200, 150) }));
        dogResponse.StatusCode.Should().Be(HttpStatusCode.Created);
        var dog = (await dogResponse.Content.ReadFromJsonAsync<AnnotationView>(ModelJson.Options))!;
        dogResponse.Headers.Location!.ToString().Should().Be($"/api/v1/annotations/{dog.Id}");
        (await api.GetFromJsonAsync<AnnotationView>(dogResponse.Headers.Location, ModelJson.Options))!.Geometry.Should().Be(new Box2D(100, 100, 200, 150));
        var cat = await CreateAsync(api, _p.Text.Id, "cat", new TextSpan(17, 20));

        var item = await api.GetFromJsonAsync<JsonObject>($"/api/v1/items/{_p.ItemId}", ModelJson.Options);
        item!["annotations"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>()).Should().Contain([dog.Id, cat.Id]);
        var image = item["assets"]!.AsArray().Single(a => a!["id"]!.GetValue<Guid>() == _p.Image.Id)!;
        image["timeBase"]!["kind"]!.GetValue<string>().Should().Be("capture");
        image["timeBase"]!["offset"]!.GetValue<double>().Should().Be(0.5);
        image["calibration"]!["intrinsics"]!["fx"]!.GetValue<double>().Should().Be(500);
        image["modality"]!.GetValue<string>().Should().Be("image");
        var box = item["annotations"]!.AsArray().Single(a => a!["id"]!.GetValue<Guid>() == dog.Id)!["geometry"]!;
        box.ToJsonString().Should().Be(JsonSerializer.Serialize<Geometry>(new Box2D(100, 100, 200, 150), ModelJson.Options),
            "geometries travel in the interchange format's JSON");

        var linkResponse = await api.PostAsync($"/api/v1/items/{_p.ItemId}/links", Json(new { annotationIds = new[] { dog.Id, cat.Id }, name = "the pet" }));
        linkResponse.StatusCode.Should().Be(HttpStatusCode.Created);
        var entity = (await linkResponse.Content.ReadFromJsonAsync<EntityView>(ModelJson.Options))!;
        entity.Mentions.Should().BeEquivalentTo([dog.Id, cat.Id]);
        linkResponse.Headers.Location!.ToString().Should().Be($"/api/v1/entities/{entity.Id}");

        var findings = await api.GetFromJsonAsync<JsonArray>($"/api/v1/items/{_p.ItemId}/findings?status=open", ModelJson.Options);
        var clash = findings!.Single(f => f!["entityId"]?.GetValue<Guid>() == entity.Id && f["type"]!.GetValue<string>() == "semantic"
            && f["severity"]!.GetValue<string>() == "error")!;
        clash["annotationIds"]!.AsArray().Select(a => a!.GetValue<Guid>()).Should().BeEquivalentTo([dog.Id, cat.Id]);
        clash["status"]!.GetValue<string>().Should().Be("open");
        clash["message"]!.GetValue<string>().Should().Contain("dog").And.Contain("cat");

        var summary = await (await api.PostAsync($"/api/v1/items/{_p.ItemId}/validate", null)).Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options);
        summary!["openFindings"]!["errors"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(1);
        summary["unitsWithError"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(1);

        // Fixing the label (the text says "cat") and re-reading: the error is gone.
        var fixedDog = await api.PutAsync($"/api/v1/annotations/{dog.Id}", Json(new { version = dog.Version + 1, label = "cat" }));
        fixedDog.StatusCode.Should().Be(HttpStatusCode.OK, "linking bumped the annotation's version once");
        var open = await api.GetFromJsonAsync<JsonArray>($"/api/v1/items/{_p.ItemId}/findings?status=open", ModelJson.Options);
        open!.Should().NotContain(f => f!["id"]!.GetValue<Guid>() == clash["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task UpdateAnnotation_StaleVersion_Answers409WithTheCurrentVersionAndKeepsTheOtherSave()
    {
        using var api = await ClientForAsync(_p.AnnotatorId);
        using var reviewer = await ClientForAsync(_p.ReviewerId);
        var created = await CreateAsync(api, _p.Image.Id, "dog", new Box2D(10, 10, 50, 40));
        var first = await reviewer.PutAsync($"/api/v1/annotations/{created.Id}", Json(new { version = created.Version, geometry = (Geometry)new Box2D(12, 10, 50, 40) }));
        first.StatusCode.Should().Be(HttpStatusCode.OK);

        var stale = await api.PutAsync($"/api/v1/annotations/{created.Id}", Json(new { version = created.Version, label = "cat" }));

        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        stale.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = (await stale.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
        problem["currentVersion"]!.GetValue<int>().Should().Be(2);
        problem["detail"]!.GetValue<string>().Should().Contain("version 1").And.Contain("version 2");
        problem["current"]!["label"]!.GetValue<string>().Should().Be("dog");
        problem["current"]!["geometry"]!["x"]!.GetValue<double>().Should().Be(12);
        var stored = await api.GetFromJsonAsync<AnnotationView>($"/api/v1/annotations/{created.Id}", ModelJson.Options);
        stored!.Label.Should().Be("dog", "the stale write is refused, not applied");
        stored.Geometry.Should().Be(new Box2D(12, 10, 50, 40));

        var staleDelete = await api.DeleteAsync($"/api/v1/annotations/{created.Id}?version=1");
        staleDelete.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await api.DeleteAsync($"/api/v1/annotations/{created.Id}?version=2")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await api.GetAsync($"/api/v1/annotations/{created.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LinkAndUnlink_StaleEntityVersion_Answers409AndTheRightVersionWorks()
    {
        using var api = await ClientForAsync(_p.AnnotatorId);
        var box = await CreateAsync(api, _p.Image.Id, "car", new Box2D(300, 200, 40, 30));
        var span = await CreateAsync(api, _p.Audio.Id, "car", new TimeSegment(0.1, 0.4));
        var third = await CreateAsync(api, _p.Video.Id, "car", new Box2D(10, 10, 20, 20) { Time = 0.04 });
        var entity = (await (await api.PostAsync($"/api/v1/items/{_p.ItemId}/links", Json(new { annotationIds = new[] { box.Id, span.Id } })))
            .Content.ReadFromJsonAsync<EntityView>(ModelJson.Options))!;

        var withoutVersion = await api.PostAsync($"/api/v1/items/{_p.ItemId}/links", Json(new { annotationIds = new[] { third.Id }, entityId = entity.Id }));
        var stale = await api.PostAsync($"/api/v1/items/{_p.ItemId}/links", Json(new { annotationIds = new[] { third.Id }, entityId = entity.Id, entityVersion = entity.Version + 3 }));
        var joined = await api.PostAsync($"/api/v1/items/{_p.ItemId}/links", Json(new { annotationIds = new[] { third.Id }, entityId = entity.Id, entityVersion = entity.Version }));

        (await ErrorsAsync(withoutVersion)).Should().ContainKey("entityVersion");
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await stale.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!["currentVersion"]!.GetValue<int>().Should().Be(entity.Version);
        joined.StatusCode.Should().Be(HttpStatusCode.OK, "joining an existing entity creates nothing");
        var after = (await joined.Content.ReadFromJsonAsync<EntityView>(ModelJson.Options))!;
        after.Mentions.Should().BeEquivalentTo([box.Id, span.Id, third.Id]);

        (await api.DeleteAsync($"/api/v1/annotations/{span.Id}/link?entityVersion={entity.Version}")).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var unlinked = await api.DeleteAsync($"/api/v1/annotations/{span.Id}/link?entityVersion={after.Version}");
        unlinked.StatusCode.Should().Be(HttpStatusCode.OK);
        (await unlinked.Content.ReadFromJsonAsync<EntityView>(ModelJson.Options))!.Mentions.Should().BeEquivalentTo([box.Id, third.Id]);
        (await api.GetFromJsonAsync<EntityView>($"/api/v1/entities/{entity.Id}", ModelJson.Options))!.Mentions.Should().BeEquivalentTo([box.Id, third.Id]);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"assetId":"{image}","label":"dgo","geometry":{"kind":"box2d","x":1,"y":1,"width":5,"height":5}}""", "label" },
        { """{"assetId":"{image}","label":"dog","geometry":{"kind":"box2d","x":600,"y":1,"width":100,"height":5}}""", "geometry" },
        { """{"assetId":"{image}","label":"dog","attributes":{"colour":"vermilion"},"geometry":{"kind":"box2d","x":1,"y":1,"width":5,"height":5}}""", "attributes.colour" },
        { """{"assetId":"{other}","label":"dog","geometry":{"kind":"box2d","x":1,"y":1,"width":5,"height":5}}""", "assetId" },
        { """{"label":"dog","geometry":{"kind":"box2d","x":1,"y":1,"width":5,"height":5}}""", "assetId" },
        { """{"assetId":"{image}","label":"dog","geometry":{"kind":"box2d","x":1,"y":1,"width":"wide","height":5}}""", "geometry.width" },
        { """{"assetId":"{image}","label":"dog","geometry":{"kind":"circle","x":1}}""", "geometry" },
        { """{"assetId":"{image}","label":"dog","geometry":{"x":1,"y":1,"width":5,"height":5}}""", "geometry" },
        { """{"assetId":"{image}","label":"dog","geometry":{"kind":"box2d","x":1,"y":1,"width":5,"height":5}""", "body" },
        { "", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task CreateAnnotation_BadInput_Answers400NamingTheFieldAndChangesNothing(string body, string field)
    {
        using var api = await ClientForAsync(_p.AnnotatorId);
        var before = await DbAsync(TestProject.CountsAsync);

        var response = await api.PostAsync($"/api/v1/items/{_p.ItemId}/annotations", new StringContent(
            body.Replace("{image}", _p.Image.Id.ToString(), StringComparison.Ordinal).Replace("{other}", _p.OtherItemImage.Id.ToString(), StringComparison.Ordinal),
            Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = await ErrorsAsync(response);
        errors.Should().ContainKey(field).WhoseValue.Should().NotBeNullOrWhiteSpace().And.NotContain("MultimodalAnnotate.", "messages speak JSON, not .NET types");
        (await DbAsync(TestProject.CountsAsync)).Should().Be(before);
    }

    [Fact]
    public async Task Writes_WithoutJsonContentTypeOrVersion_AreRefusedNamingWhatIsMissing()
    {
        using var api = await ClientForAsync(_p.AnnotatorId);
        var created = await CreateAsync(api, _p.Image.Id, "dog", new Box2D(1, 1, 5, 5));

        var form = await api.PostAsync($"/api/v1/items/{_p.ItemId}/annotations", new StringContent("label=dog", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var noVersion = await api.PutAsync($"/api/v1/annotations/{created.Id}", Json(new { label = "cat" }));
        var noDeleteVersion = await api.DeleteAsync($"/api/v1/annotations/{created.Id}");
        var badTake = await api.GetAsync($"/api/v1/projects/{_p.ProjectId}/items?take=0");
        var badStatus = await api.GetAsync($"/api/v1/items/{_p.ItemId}/findings?status=maybe");

        form.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await ErrorsAsync(noVersion)).Should().ContainKey("version");
        (await ErrorsAsync(noDeleteVersion)).Should().ContainKey("version");
        (await ErrorsAsync(badTake)).Should().ContainKey("take");
        (await ErrorsAsync(badStatus)).Should().ContainKey("status");
        (await api.GetFromJsonAsync<AnnotationView>($"/api/v1/annotations/{created.Id}", ModelJson.Options))!.Version.Should().Be(1);
    }

    [Fact]
    public async Task ProjectItems_Paged_CountsAllAndReturnsTheAskedSlice()
    {
        using var api = await ClientForAsync(_p.QaLeadId);

        var first = await api.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{_p.ProjectId}/items?skip=0&take=1", ModelJson.Options);
        var second = await api.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{_p.ProjectId}/items?skip=1&take=1", ModelJson.Options);

        first!["total"]!.GetValue<int>().Should().Be(2);
        first["items"]!.AsArray().Should().ContainSingle().Which!["name"]!.GetValue<string>().Should().Be("item 1");
        first["items"]![0]!["modalities"]!.AsArray().Select(m => m!.GetValue<string>()).Should().BeEquivalentTo(["image", "video", "audio", "text", "pointCloud"]);
        second!["items"]!.AsArray().Should().ContainSingle().Which!["name"]!.GetValue<string>().Should().Be("item 2");
    }

    [Fact]
    public async Task Requests_WithoutValidCredentials_Answer401AndPagesStillRedirectToSignIn()
    {
        using var anonymous = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var revoked = await ClientForAsync(_p.AnnotatorId, revokedAt: DateTimeOffset.UtcNow.AddMinutes(-1));
        using var expired = await ClientForAsync(_p.AnnotatorId, expiresAt: DateTimeOffset.UtcNow.AddSeconds(-1));
        using var unknown = _app.CreateClient();
        unknown.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "mma_not-a-token");
        using var valid = await ClientForAsync(_p.AnnotatorId, expiresAt: DateTimeOffset.UtcNow.AddHours(1));

        var none = await anonymous.GetAsync("/api/v1/projects");
        none.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
        var revokedAnswer = await revoked.GetAsync("/api/v1/projects");
        revokedAnswer.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        revokedAnswer.Headers.WwwAuthenticate.ToString().Should().Contain("invalid_token").And.Contain("revoked");
        (await expired.GetAsync("/api/v1/projects")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await unknown.GetAsync($"/api/v1/items/{_p.ItemId}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync($"/api/v1/items/{_p.ItemId}/annotations", Json(new { assetId = _p.Image.Id, label = "dog", geometry = (Geometry)new Box2D(1, 1, 5, 5) })))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await valid.GetAsync("/api/v1/projects")).StatusCode.Should().Be(HttpStatusCode.OK, "an expiry in the future still works");

        var page = await anonymous.GetAsync("/");
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/Account/Login");
    }

    [Fact]
    public async Task Outsider_AskingForAnotherProjectsThings_Gets404LikeForMissingOnes()
    {
        using var member = await ClientForAsync(_p.AnnotatorId);
        using var outsider = await ClientForAsync(_p.OutsiderId);
        var annotation = await CreateAsync(member, _p.Image.Id, "dog", new Box2D(1, 1, 5, 5));
        var before = await DbAsync(TestProject.CountsAsync);

        var answers = new[]
        {
            await outsider.GetAsync($"/api/v1/projects/{_p.ProjectId}"),
            await outsider.GetAsync($"/api/v1/projects/{_p.ProjectId}/items"),
            await outsider.GetAsync($"/api/v1/items/{_p.ItemId}"),
            await outsider.GetAsync($"/api/v1/items/{_p.ItemId}/findings"),
            await outsider.PostAsync($"/api/v1/items/{_p.ItemId}/validate", null),
            await outsider.GetAsync($"/api/v1/annotations/{annotation.Id}"),
            await outsider.PostAsync($"/api/v1/items/{_p.ItemId}/annotations", Json(new { assetId = _p.Image.Id, label = "dog", geometry = (Geometry)new Box2D(1, 1, 5, 5) })),
            await outsider.PutAsync($"/api/v1/annotations/{annotation.Id}", Json(new { version = 1, label = "cat" })),
            await outsider.DeleteAsync($"/api/v1/annotations/{annotation.Id}?version=1"),
            await outsider.PostAsync($"/api/v1/items/{_p.ItemId}/links", Json(new { annotationIds = new[] { annotation.Id } })),
            await outsider.PutAsync($"/api/v1/projects/{_p.ProjectId}/policy", Json(new { rulesVersion = 1, policy = ValidationPolicy.Default })),
        };

        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.NotFound);
        var missing = await outsider.GetAsync($"/api/v1/items/{Guid.NewGuid()}");
        var foreign = await outsider.GetAsync($"/api/v1/items/{_p.ItemId}");
        (await TitleAndStatusAsync(foreign)).Should().Be(await TitleAndStatusAsync(missing), "a foreign item reads exactly like a missing one");
        (await outsider.GetFromJsonAsync<JsonArray>("/api/v1/projects", ModelJson.Options))!
            .Should().NotContain(p => p!["id"]!.GetValue<Guid>() == _p.ProjectId);
        (await DbAsync(TestProject.CountsAsync)).Should().Be(before);
    }

    [Fact]
    public async Task QaLead_WritingAnnotations_Gets403ButMayRead()
    {
        using var member = await ClientForAsync(_p.AnnotatorId);
        using var qa = await ClientForAsync(_p.QaLeadId);
        var annotation = await CreateAsync(member, _p.Image.Id, "dog", new Box2D(1, 1, 5, 5));

        var create = await qa.PostAsync($"/api/v1/items/{_p.ItemId}/annotations", Json(new { assetId = _p.Image.Id, label = "dog", geometry = (Geometry)new Box2D(1, 1, 5, 5) }));
        var update = await qa.PutAsync($"/api/v1/annotations/{annotation.Id}", Json(new { version = 1, label = "cat" }));
        var policy = await qa.PutAsync($"/api/v1/projects/{_p.ProjectId}/policy", Json(new { rulesVersion = 1, policy = ValidationPolicy.Default }));

        create.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        create.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        update.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        policy.StatusCode.Should().Be(HttpStatusCode.Forbidden, "only project admins change the policy");
        (await policy.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().Should().Contain("admins");
        (await qa.GetAsync($"/api/v1/items/{_p.ItemId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await qa.GetFromJsonAsync<AnnotationView>($"/api/v1/annotations/{annotation.Id}", ModelJson.Options))!.Label.Should().Be("dog");
    }

    [Fact]
    public async Task UpdatePolicy_ByProjectAdmin_QueuesAJobMembersCanFollow_StaleRulesVersionConflicts()
    {
        var admin = await NewUserAsync("admin", ProjectRole.Admin);
        using var api = await ClientForAsync(admin);
        using var outsider = await ClientForAsync(_p.OutsiderId);
        var rulesVersion = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{_p.ProjectId}", ModelJson.Options))!["rulesVersion"]!.GetValue<int>();

        var accepted = await api.PutAsync($"/api/v1/projects/{_p.ProjectId}/policy",
            Json(new { rulesVersion, policy = ValidationPolicy.Default with { MinProjectionIoU = 0.6 } }));
        var stale = await api.PutAsync($"/api/v1/projects/{_p.ProjectId}/policy", Json(new { rulesVersion, policy = ValidationPolicy.Default }));
        var invalid = await api.PutAsync($"/api/v1/projects/{_p.ProjectId}/policy",
            Json(new { rulesVersion = rulesVersion + 1, policy = ValidationPolicy.Default with { MinProjectionIoU = 2 } }));

        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        var body = (await accepted.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
        body["rulesVersion"]!.GetValue<int>().Should().Be(rulesVersion + 1);
        var jobId = body["jobId"]!.GetValue<Guid>();
        accepted.Headers.Location!.ToString().Should().Be($"/api/v1/jobs/{jobId}");
        var job = await api.GetFromJsonAsync<JsonObject>(accepted.Headers.Location, ModelJson.Options);
        job!["kind"]!.GetValue<string>().Should().Be("revalidate");
        job["status"]!.GetValue<string>().Should().BeOneOf("queued", "running", "succeeded");
        (await outsider.GetAsync(accepted.Headers.Location)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var conflict = (await stale.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
        conflict["currentVersion"]!.GetValue<int>().Should().Be(rulesVersion + 1);
        conflict["current"]!["policy"]!["minProjectionIoU"]!.GetValue<double>().Should().Be(0.6);
        (await ErrorsAsync(invalid)).Should().ContainKey("minProjectionIoU");
    }

    [Fact]
    public async Task Tokens_CreatedAfterCookieSignIn_WorkAsBearerUntilRevoked()
    {
        using var browser = await SignInAsync(_p.ReviewerId);

        var created = await browser.PostAsync("/api/v1/tokens", Json(new { name = "nightly import", expiresAt = DateTimeOffset.UtcNow.AddDays(30) }));
        var invalid = await browser.PostAsync("/api/v1/tokens", Json(new { name = " ", expiresAt = DateTimeOffset.UtcNow.AddDays(-1) }));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var token = (await created.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
        var secret = token["token"]!.GetValue<string>();
        var id = token["id"]!.GetValue<Guid>();
        secret.Should().StartWith("mma_");
        created.Headers.Location!.ToString().Should().Be($"/api/v1/tokens/{id}");
        (await DbAsync(db => db.ApiTokens.SingleAsync(t => t.Id == id))).TokenHash.Should().Be(Sha256(secret), "only the hash is stored");
        var errors = await ErrorsAsync(invalid);
        errors.Should().ContainKeys("name", "expiresAt");

        var listed = await browser.GetStringAsync("/api/v1/tokens");
        listed.Should().Contain("nightly import").And.NotContain(secret);

        using var pipeline = _app.CreateClient();
        pipeline.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        (await pipeline.GetAsync($"/api/v1/items/{_p.ItemId}")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var other = await ClientForAsync(_p.AnnotatorId);
        (await other.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "only the owner can revoke a token");
        (await browser.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await pipeline.GetAsync($"/api/v1/items/{_p.ItemId}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await browser.GetFromJsonAsync<JsonObject>($"/api/v1/tokens/{id}", ModelJson.Options))!["active"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task OpenApiDocument_Anonymous_ListsEveryEndpointWithSummaryAndTheBearerScheme()
    {
        using var anonymous = _app.CreateClient();

        var response = await anonymous.GetAsync("/openapi/v1.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject();
        var operations = paths.SelectMany(p => p.Value!.AsObject().Select(o => (Method: o.Key.ToUpperInvariant(), Path: p.Key, Operation: o.Value!))).ToList();
        operations.Select(o => $"{o.Method} {o.Path}").Should().Contain(
        [
            "POST /api/v1/tokens", "GET /api/v1/tokens", "DELETE /api/v1/tokens/{id}",
            "GET /api/v1/projects", "GET /api/v1/projects/{id}", "GET /api/v1/projects/{id}/items", "PUT /api/v1/projects/{id}/policy",
            "GET /api/v1/items/{id}", "GET /api/v1/items/{id}/findings", "POST /api/v1/items/{id}/validate",
            "POST /api/v1/items/{itemId}/annotations", "GET /api/v1/annotations/{id}", "PUT /api/v1/annotations/{id}", "DELETE /api/v1/annotations/{id}",
            "POST /api/v1/items/{itemId}/links", "DELETE /api/v1/annotations/{id}/link", "GET /api/v1/entities/{id}",
            "GET /api/v1/jobs/{id}", "GET /api/v1/assets/{assetId}/content",
        ]);
        operations.Should().OnlyContain(o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal));
        operations.Should().OnlyContain(o => !string.IsNullOrWhiteSpace((string?)o.Operation["summary"]), "every operation has a summary");
        operations.Should().OnlyContain(o => o.Operation["responses"]!.AsObject().ContainsKey("401"));
        var put = operations.Single(o => o.Method == "PUT" && o.Path == "/api/v1/annotations/{id}").Operation;
        put["responses"]!.AsObject().Select(r => r.Key).Should().Contain(["200", "400", "403", "404", "409", "415"]);
        put["requestBody"]!["content"]!["application/json"].Should().NotBeNull();
        document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>().Should().Be("bearer");
        document["components"]!["schemas"]!.AsObject().Select(s => s.Key).Should().Contain(["AnnotationView", "ItemDetailView", "ValidationPolicy"]);
    }

    // ---- helpers ----

    private static StringContent Json<T>(T body) => ApiClients.Json(body);

    private static string Sha256(string token) => ApiClients.Sha256(token);

    private Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query) => _app.WithScopeAsync(s => query(s.GetRequiredService<AppDbContext>()));

    private Task<HttpClient> ClientForAsync(string userId, DateTimeOffset? expiresAt = null, DateTimeOffset? revokedAt = null) =>
        ApiClients.BearerClientAsync(_app, userId, expiresAt, revokedAt);

    /// <summary>Creates an annotation on an asset of the test item and returns it (failing the test on anything but 201).</summary>
    private async Task<AnnotationView> CreateAsync(HttpClient api, Guid assetId, string label, Geometry geometry)
    {
        var response = await api.PostAsync($"/api/v1/items/{_p.ItemId}/annotations", Json(new { assetId, label, geometry }));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AnnotationView>(ModelJson.Options))!;
    }

    private static Task<Dictionary<string, string>> ErrorsAsync(HttpResponseMessage response) => ApiClients.ErrorsAsync(response);

    private static async Task<string> TitleAndStatusAsync(HttpResponseMessage response)
    {
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return $"{(int)response.StatusCode} {problem["title"]} {problem["detail"]!.GetValue<string>().Split(' ')[0]}";
    }

    private Task<string> NewUserAsync(string name, ProjectRole role) => ApiClients.NewMemberAsync(_app, _p.ProjectId, name, role);

    /// <summary>Signs in through the real login form (with its antiforgery token); the client then carries the session cookie.</summary>
    private async Task<HttpClient> SignInAsync(string userId)
    {
        // People sign in with their email (which differs from the user name for these test users).
        var email = await DbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.Email!).SingleAsync());
        var client = _app.CreateClient();
        var form = await client.GetStringAsync("/Account/Login");
        var antiforgery = AntiforgeryField().Match(form).Groups[1].Value;
        antiforgery.Should().NotBeEmpty("the login form carries an antiforgery token");
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery),
            ["Input.Email"] = email,
            ["Input.Password"] = "Test!pass1",
        }));
        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        (await signIn.Content.ReadAsStringAsync()).Should().NotContain("Wrong email or password");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
