using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Api.Assignments;
using MultimodalAnnotate.Web.Api.Review;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Admin;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Assignments;
using MultimodalAnnotate.Web.Features.Review;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.IntegrationTests.Review;

/// <summary>
/// Every page route, every use case of review, QA, assignment and administration, and every review and assignment
/// endpoint of the REST API ×
/// every project role × the caller's own project and a foreign one (where they are not a member). Pages are fetched
/// over HTTP with a signed-in cookie; use cases are called directly; API endpoints are called with a bearer token.
/// Allowed means the page renders its content (the CSV answers 200), the use case succeeds or the endpoint answers
/// 200; denied means the page says so (the CSV answers 403 in the own project, 404 in a foreign one), the use case
/// answers forbidden (own project) or not found (foreign project: nothing leaks across projects), or the endpoint
/// answers 403 (own project) or 404 (foreign project) and leaves the item as it was.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Fixture fixture) : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    public static readonly string[] Roles = ["annotator", "reviewer", "qa", "admin"];

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);
        private readonly Dictionary<string, HttpClient> _apiClients = new(StringComparer.Ordinal);

        public ReviewWorld World { get; } = new();

        public Guid OwnItem { get; private set; }

        public Guid ForeignItem { get; private set; }

        public async Task InitializeAsync()
        {
            await World.InitializeAsync();
            OwnItem = await World.NewItemAsync(withError: true, status: ItemStatus.InReview, name: "own matrix item");
            ForeignItem = await World.NewItemAsync(withError: true, status: ItemStatus.InReview, foreign: true, name: "foreign matrix item");
        }

        public async Task<HttpClient> ClientAsync(string role)
        {
            if (!_clients.TryGetValue(role, out var client))
            {
                client = await SignIn.ClientAsync(World.App, World.Own[role].Email);
                _clients[role] = client;
            }
            return client;
        }

        /// <summary>A client calling the API with a personal access token of the own project's user with <paramref name="role"/>.</summary>
        public async Task<HttpClient> ApiClientAsync(string role)
        {
            if (!_apiClients.TryGetValue(role, out var client))
            {
                client = await World.App.BearerClientAsync(World.Own[role].Id);
                _apiClients[role] = client;
            }
            return client;
        }

        public async Task DisposeAsync()
        {
            foreach (var client in _clients.Values.Concat(_apiClients.Values))
            {
                client.Dispose();
            }
            await World.DisposeAsync();
        }
    }

    private readonly ReviewWorld _world = fixture.World;

    // ---- pages ------------------------------------------------------------------------------------------------

    /// <summary>Route template → (who may open it, the marker its content renders).</summary>
    private static readonly Dictionary<string, (string[] Allowed, string Marker)> Pages = new(StringComparer.Ordinal)
    {
        ["/review/{ItemId:guid}"] = (["reviewer", "qa", "admin"], "data-testid=\"review-actions\""),
        ["/projects/{ProjectId:guid}/dashboard"] = (["qa", "admin"], "data-testid=\"trend\""),
        ["/projects/{ProjectId:guid}/admin"] = (["admin"], "data-testid=\"admin-tabs\""),
        ["/projects/{ProjectId:guid}/guidelines"] = (Roles, "data-testid=\"guideline-page\""),
        ["/queue"] = (Roles, "data-testid=\"annotator-queue\""),
        ["/review"] = (["reviewer", "qa", "admin"], "data-testid=\"review-queue\"|data-testid=\"qa-queue\""),
        ["/dashboard"] = (["qa", "admin"], "data-testid=\"dashboard-projects\""),
        ["/admin"] = (["admin"], "data-testid=\"admin-projects\""),
    };

    private static readonly Dictionary<string, string[]> Endpoints = new(StringComparer.Ordinal)
    {
        ["/projects/{projectId:guid}/dashboard/items.csv"] = ["qa", "admin"],
        ["/projects/{projectId:guid}/dashboard/findings.csv"] = ["qa", "admin"],
    };

    public static TheoryData<string, string, bool> PageCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var route in Pages.Keys.Concat(Endpoints.Keys))
        {
            foreach (var role in Roles)
            {
                data.Add(route, role, false);
                data.Add(route, role, true);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task Page_RoleAndProject_AllowedOrDenied(string route, string role, bool foreign)
    {
        var client = await fixture.ClientAsync(role);
        var url = route
            .Replace("{ItemId:guid}", (foreign ? fixture.ForeignItem : fixture.OwnItem).ToString(), StringComparison.Ordinal)
            .Replace("{ProjectId:guid}", (foreign ? _world.ForeignProjectId : _world.ProjectId).ToString(), StringComparison.Ordinal)
            .Replace("{projectId:guid}", (foreign ? _world.ForeignProjectId : _world.ProjectId).ToString(), StringComparison.Ordinal);
        var projectScoped = route.Contains('{', StringComparison.Ordinal);

        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        if (Endpoints.TryGetValue(route, out var csvAllowed))
        {
            var expected = foreign ? HttpStatusCode.NotFound : csvAllowed.Contains(role) ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
            response.StatusCode.Should().Be(expected, $"{role} fetching {url}");
            return;
        }
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{role} opening {url}");
        var (allowed, marker) = Pages[route];
        var opens = allowed.Contains(role) && !(projectScoped && foreign);
        var rendered = marker.Split('|').Any(m => body.Contains(m, StringComparison.Ordinal));
        rendered.Should().Be(opens, $"{role} opening {url} ({(foreign ? "foreign" : "own")} project) should be {(opens ? "allowed" : "denied")}");
        body.Contains("data-testid=\"no-access\"", StringComparison.Ordinal).Should().Be(!opens, "a denied page says so");
        if (!projectScoped)
        {
            body.Should().NotContain("foreign matrix item").And.NotContain("foreign project", "nothing of a foreign project shows on a personal page");
        }
    }

    [Fact]
    public async Task PersonalPages_ShowOwnProjectWork()
    {
        var annotatorQueue = await (await fixture.ClientAsync("annotator")).GetStringAsync(new Uri("/queue", UriKind.Relative));
        var reviewQueue = await (await fixture.ClientAsync("reviewer")).GetStringAsync(new Uri("/review", UriKind.Relative));
        var dashboards = await (await fixture.ClientAsync("qa")).GetStringAsync(new Uri("/dashboard", UriKind.Relative));

        annotatorQueue.Should().Contain("own project");
        reviewQueue.Should().Contain("own matrix item", "the item in review is listed under In review");
        dashboards.Should().Contain("own project");
    }

    [Fact]
    public void Matrix_CoversEveryRouteOfReviewDashboardAndAdmin()
    {
        var routes = typeof(ReviewQueues).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns.EndsWith(".Review", StringComparison.Ordinal) || ns.EndsWith(".Dashboard", StringComparison.Ordinal) || ns.EndsWith(".Admin", StringComparison.Ordinal)))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .ToList();

        routes.Should().BeEquivalentTo(Pages.Keys, "every page of the feature is in the matrix");
    }

    // ---- use cases --------------------------------------------------------------------------------------------

    /// <summary>Use case → roles of the project that may run it.</summary>
    private static readonly Dictionary<string, string[]> UseCases = new(StringComparer.Ordinal)
    {
        [nameof(SubmitItem)] = ["annotator", "admin"],
        [nameof(StartReview)] = ["reviewer", "admin"],
        [nameof(ApproveItem)] = ["reviewer", "admin"],
        [nameof(ReturnItem)] = ["reviewer", "admin"],
        [nameof(ReturnItem) + " (QA-sampled)"] = ["qa", "admin"],
        [nameof(ConfirmFinding)] = ["reviewer", "admin"],
        [nameof(ConfirmFinding) + " (QA-sampled)"] = ["qa", "admin"],
        [nameof(WaiveFinding)] = ["reviewer", "admin"],
        [nameof(QaSampleBatch)] = ["qa", "admin"],
        [nameof(AcceptItem)] = ["qa", "admin"],
        [nameof(AddMember)] = ["admin"],
        [nameof(RemoveMember)] = ["admin"],
        [nameof(PublishGuideline)] = ["admin"],
        [nameof(UpdatePolicy)] = ["admin"],
        [nameof(AssignItems)] = ["admin"],
        [nameof(UnassignItem)] = ["admin"],
        [nameof(DistributeBatch)] = ["admin"],
    };

    public static TheoryData<string, string, bool> UseCaseCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var useCase in UseCases.Keys)
        {
            foreach (var role in Roles)
            {
                data.Add(useCase, role, false);
                data.Add(useCase, role, true);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(UseCaseCases))]
    public async Task UseCase_RoleAndProject_OkForbiddenOrNotFound(string useCase, string role, bool foreign)
    {
        var user = _world.Own[role].Id;

        var outcome = await RunAsync(useCase, user, foreign);

        var expected = foreign ? WriteOutcome.NotFound : UseCases[useCase].Contains(role) ? WriteOutcome.Ok : WriteOutcome.Forbidden;
        outcome.Should().Be(expected, $"{role} running {useCase} in the {(foreign ? "foreign" : "own")} project");
    }

    [Fact]
    public void Matrix_CoversEveryUseCaseOfReviewAssignmentsAndAdmin()
    {
        var useCases = typeof(ReviewQueues).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns.EndsWith(".Review", StringComparison.Ordinal) || ns.EndsWith(".Assignments", StringComparison.Ordinal)
                || ns.EndsWith(".Admin", StringComparison.Ordinal)))
            .Where(t => t.IsPublic && t.GetMethod("ExecuteAsync") is not null)
            .Select(t => t.Name)
            .ToList();

        UseCases.Keys.Select(k => k.Split(' ')[0]).Distinct().Should().BeEquivalentTo(useCases.Append(nameof(UpdatePolicy)));
    }

    private async Task<WriteOutcome> RunAsync(string useCase, string user, bool foreign)
    {
        var projectId = foreign ? _world.ForeignProjectId : _world.ProjectId;
        Task<Guid> Item(ItemStatus status) => _world.NewItemAsync(withError: true, status: status, foreign: foreign);
        async Task<Guid> Finding(ItemStatus status)
        {
            var item = await Item(status);
            return (await _world.FindingsAsync(item)).First(f => f.Severity == Severity.Error).Id;
        }
        Task<WriteOutcome> Run<TUseCase, T>(Func<TUseCase, Task<WriteResult<T>>> call) where TUseCase : notnull =>
            _world.RunAsync<TUseCase, WriteOutcome>(async u => (await call(u)).Outcome);
        var none = CancellationToken.None;

        switch (useCase)
        {
            case nameof(SubmitItem):
            {
                // The item is assigned to the own project's annotator (or the foreign project's, on the foreign side).
                var item = await Item(ItemStatus.Annotating);
                return await Run<SubmitItem, ReviewOutcome>(u => u.ExecuteAsync(new SubmitItem.Request(item, 1), user, none));
            }
            case nameof(StartReview):
            {
                var item = await Item(ItemStatus.Flagged);
                return await Run<StartReview, ReviewOutcome>(u => u.ExecuteAsync(new StartReview.Request(item, 1), user, none));
            }
            case nameof(ApproveItem):
            {
                var item = await Item(ItemStatus.InReview);
                return await Run<ApproveItem, ReviewOutcome>(u => u.ExecuteAsync(new ApproveItem.Request(item, 1), user, none));
            }
            case nameof(ReturnItem):
            {
                var item = await Item(ItemStatus.InReview);
                return await Run<ReturnItem, ReviewOutcome>(u => u.ExecuteAsync(new ReturnItem.Request(item, 1, "fix the caption"), user, none));
            }
            case nameof(ReturnItem) + " (QA-sampled)":
            {
                var item = await Item(ItemStatus.QaSampled);
                return await Run<ReturnItem, ReviewOutcome>(u => u.ExecuteAsync(new ReturnItem.Request(item, 1, "fails QA"), user, none));
            }
            case nameof(ConfirmFinding):
            {
                var finding = await Finding(ItemStatus.InReview);
                return await Run<ConfirmFinding, FindingDecisionOutcome>(u => u.ExecuteAsync(new ConfirmFinding.Request(finding, 1), user, none));
            }
            case nameof(ConfirmFinding) + " (QA-sampled)":
            {
                var finding = await Finding(ItemStatus.QaSampled);
                return await Run<ConfirmFinding, FindingDecisionOutcome>(u => u.ExecuteAsync(new ConfirmFinding.Request(finding, 1), user, none));
            }
            case nameof(WaiveFinding):
            {
                var finding = await Finding(ItemStatus.InReview);
                return await Run<WaiveFinding, FindingDecisionOutcome>(u => u.ExecuteAsync(new WaiveFinding.Request(finding, 1, "intended"), user, none));
            }
            case nameof(QaSampleBatch):
            {
                var batch = await _world.DbAsync(async db =>
                {
                    var b = new Batch { ProjectId = projectId, Name = $"matrix {Guid.NewGuid():N}", Iteration = 9, CreatedAt = DateTimeOffset.UtcNow };
                    db.Batches.Add(b);
                    await db.SaveChangesAsync();
                    return b.Id;
                });
                await _world.NewItemAsync(withError: false, status: ItemStatus.Approved, batchId: batch, foreign: foreign);
                return await Run<QaSampleBatch, QaSampleBatch.Result>(u => u.ExecuteAsync(new QaSampleBatch.Request(batch), user, none));
            }
            case nameof(AcceptItem):
            {
                var item = await _world.NewItemAsync(withError: false, status: ItemStatus.QaSampled, foreign: foreign);
                return await Run<AcceptItem, ReviewOutcome>(u => u.ExecuteAsync(new AcceptItem.Request(item, 1), user, none));
            }
            case nameof(AddMember):
            {
                var email = foreign ? _world.Foreign["annotator"].Email : _world.Own["annotator2"].Email;
                return await Run<AddMember, AdminQueries.MemberRow>(u => u.ExecuteAsync(new AddMember.Request(projectId, email, ProjectRole.QaLead), user, none));
            }
            case nameof(RemoveMember):
            {
                var member = foreign ? _world.Foreign["reviewer"].Id : _world.Own["annotator2"].Id;
                await _world.DbAsync(async db =>
                {
                    if (!await db.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.UserId == member && m.Role == ProjectRole.Reviewer))
                    {
                        db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = member, Role = ProjectRole.Reviewer, AddedAt = DateTimeOffset.UtcNow });
                        await db.SaveChangesAsync();
                    }
                    return 0;
                });
                return await Run<RemoveMember, bool>(u => u.ExecuteAsync(new RemoveMember.Request(projectId, member, ProjectRole.Reviewer), user, none));
            }
            case nameof(PublishGuideline):
            {
                var latest = await _world.DbAsync(db => db.Guidelines.Where(g => g.ProjectId == projectId).MaxAsync(g => (int?)g.Version)) ?? 0;
                return await Run<PublishGuideline, int>(u => u.ExecuteAsync(new PublishGuideline.Request(projectId, "# Guidelines\n\n## Timing\nCaptions within 0.5 s.", latest), user, none));
            }
            case nameof(UpdatePolicy):
            {
                var version = await _world.DbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.RulesVersion).FirstAsync());
                return await Run<UpdatePolicy, UpdatePolicy.Result>(u => u.ExecuteAsync(
                    new UpdatePolicy.Request(projectId, ValidationPolicy.Default with { MinProjectionIoU = 0.4 }, version), user, none));
            }
            case nameof(AssignItems):
            {
                // Reassigns the item from its annotator to the project's other annotator.
                var item = await Item(ItemStatus.Annotating);
                return await Run<AssignItems, AssignItems.Result>(u => u.ExecuteAsync(new AssignItems.Request(SecondAnnotator(foreign), [item]), user, none));
            }
            case nameof(UnassignItem):
            {
                var item = await Item(ItemStatus.Annotating);
                return await Run<UnassignItem, ItemAssignees>(u => u.ExecuteAsync(new UnassignItem.Request(item, FirstAnnotator(foreign)), user, none));
            }
            case nameof(DistributeBatch):
            {
                var batch = await UnassignedBatchAsync(projectId, foreign);
                return await Run<DistributeBatch, DistributeBatch.Result>(u => u.ExecuteAsync(new DistributeBatch.Request(batch, [SecondAnnotator(foreign)]), user, none));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(useCase), useCase, "not in the matrix");
        }
    }

    // ---- REST API ---------------------------------------------------------------------------------------------

    /// <summary>Review endpoint of the API ("METHOD route", and the stage it is called in when that matters) → roles of the project that may call it.</summary>
    private static readonly Dictionary<string, string[]> ApiEndpoints = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/items/{itemId}/submit"] = ["annotator", "admin"],
        ["POST /api/v1/items/{itemId}/review/start"] = ["reviewer", "admin"],
        ["POST /api/v1/items/{itemId}/review/approve"] = ["reviewer", "admin"],
        ["POST /api/v1/items/{itemId}/review/return"] = ["reviewer", "admin"],
        ["POST /api/v1/items/{itemId}/review/return (QA-sampled)"] = ["qa", "admin"],
        ["POST /api/v1/items/{itemId}/review/accept"] = ["qa", "admin"],
        ["POST /api/v1/findings/{findingId}/confirm"] = ["reviewer", "admin"],
        ["POST /api/v1/findings/{findingId}/confirm (QA-sampled)"] = ["qa", "admin"],
        ["POST /api/v1/findings/{findingId}/waive"] = ["reviewer", "admin"],
        ["POST /api/v1/findings/{findingId}/waive (QA-sampled)"] = ["qa", "admin"],
        ["POST /api/v1/batches/{batchId}/qa-sample"] = ["qa", "admin"],
        ["GET /api/v1/projects/{projectId}/review-queue"] = ["reviewer", "admin"],
        ["GET /api/v1/projects/{projectId}/annotator-queue"] = Roles,
        ["GET /api/v1/projects/{projectId}/qa-queue"] = ["qa", "admin"],
        ["GET /api/v1/items/{itemId}/review-history"] = ["reviewer", "qa", "admin"],
        ["POST /api/v1/items/{itemId}/assignment"] = ["admin"],
        ["POST /api/v1/items/{itemId}/assignment (overlap)"] = ["admin"],
        ["DELETE /api/v1/items/{itemId}/assignment/{userId}"] = ["admin"],
        ["POST /api/v1/batches/{batchId}/distribute"] = ["admin"],
    };

    public static TheoryData<string, string, bool> ApiCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var endpoint in ApiEndpoints.Keys)
        {
            foreach (var role in Roles)
            {
                data.Add(endpoint, role, false);
                data.Add(endpoint, role, true);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task Api_RoleAndProject_OkForbiddenOrNotFound(string endpoint, string role, bool foreign)
    {
        var client = await fixture.ApiClientAsync(role);
        var call = await ApiCallAsync(endpoint, foreign);
        var before = call.Item is { } item ? await _world.ItemAsync(item) : null;

        using var response = call.Method switch
        {
            "GET" => await client.GetAsync(new Uri(call.Url, UriKind.Relative)),
            "DELETE" => await client.DeleteAsync(new Uri(call.Url, UriKind.Relative)),
            _ => await client.PostAsync(new Uri(call.Url, UriKind.Relative), call.Body),
        };

        var expected = foreign ? HttpStatusCode.NotFound : ApiEndpoints[endpoint].Contains(role) ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, $"{role} calling {endpoint} in the {(foreign ? "foreign" : "own")} project ({body})");
        if (expected != HttpStatusCode.OK)
        {
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            if (before is not null)
            {
                var after = await _world.ItemAsync(before.Id);
                (after.Status, after.Version).Should().Be((before.Status, before.Version), "a refused call changes nothing");
            }
        }
        body.Should().NotContain("foreign matrix item", "nothing of a foreign project shows");
    }

    [Fact]
    public void Matrix_CoversEveryReviewAndAssignmentEndpointOfTheApi()
    {
        var endpoints = _world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ITagsMetadata>()?.Tags is { } tags && (tags.Contains(ReviewEndpoints.Tag) || tags.Contains(AssignmentEndpoints.Tag)))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {Route(e.RoutePattern.RawText!)}"))
            .ToList();

        endpoints.Should().NotBeEmpty();
        ApiEndpoints.Keys.Select(k => k.Split(" (", 2)[0]).Distinct().Should().BeEquivalentTo(endpoints, "every review and assignment endpoint of the API is in the matrix");
    }

    /// <summary><c>/api/v1//items/{itemId:guid}/submit</c> → <c>/api/v1/items/{itemId}/submit</c>.</summary>
    private static string Route(string raw) => Regex.Replace(raw.Replace("//", "/", StringComparison.Ordinal), @":[a-z]+\}", "}", RegexOptions.None, TimeSpan.FromSeconds(1));

    private sealed record ApiCall(string Method, string Url, HttpContent? Body, Guid? Item);

    /// <summary>A fresh item in the stage <paramref name="endpoint"/> acts on (in the own or the foreign project), and the call to make.</summary>
    private async Task<ApiCall> ApiCallAsync(string endpoint, bool foreign)
    {
        var projectId = foreign ? _world.ForeignProjectId : _world.ProjectId;
        Task<Guid> Item(ItemStatus status, bool withError = true) => _world.NewItemAsync(withError: withError, status: status, foreign: foreign);
        async Task<(Guid Item, Guid Finding)> Finding(ItemStatus status)
        {
            var item = await Item(status);
            return (item, (await _world.FindingsAsync(item)).First(f => f.Severity == Severity.Error).Id);
        }
        static StringContent Json(object body) => new(JsonSerializer.Serialize(body, ModelJson.Options), Encoding.UTF8, "application/json");

        switch (endpoint)
        {
            case "POST /api/v1/items/{itemId}/submit":
            {
                var item = await Item(ItemStatus.Annotating);
                return new("POST", $"/api/v1/items/{item}/submit", Json(new { version = 1 }), item);
            }
            case "POST /api/v1/items/{itemId}/review/start":
            {
                var item = await Item(ItemStatus.Flagged);
                return new("POST", $"/api/v1/items/{item}/review/start", Json(new { version = 1 }), item);
            }
            case "POST /api/v1/items/{itemId}/review/approve":
            {
                var item = await Item(ItemStatus.InReview);
                return new("POST", $"/api/v1/items/{item}/review/approve", Json(new { version = 1 }), item);
            }
            case "POST /api/v1/items/{itemId}/review/return":
            {
                var item = await Item(ItemStatus.InReview);
                return new("POST", $"/api/v1/items/{item}/review/return", Json(new { version = 1, comment = "fix the caption" }), item);
            }
            case "POST /api/v1/items/{itemId}/review/return (QA-sampled)":
            {
                var item = await Item(ItemStatus.QaSampled);
                return new("POST", $"/api/v1/items/{item}/review/return", Json(new { version = 1, comment = "fails QA" }), item);
            }
            case "POST /api/v1/items/{itemId}/review/accept":
            {
                var item = await Item(ItemStatus.QaSampled, withError: false);
                return new("POST", $"/api/v1/items/{item}/review/accept", Json(new { version = 1 }), item);
            }
            case "POST /api/v1/findings/{findingId}/confirm":
            case "POST /api/v1/findings/{findingId}/confirm (QA-sampled)":
            {
                var (item, finding) = await Finding(endpoint.EndsWith("(QA-sampled)", StringComparison.Ordinal) ? ItemStatus.QaSampled : ItemStatus.InReview);
                return new("POST", $"/api/v1/findings/{finding}/confirm", Json(new { itemVersion = 1 }), item);
            }
            case "POST /api/v1/findings/{findingId}/waive":
            case "POST /api/v1/findings/{findingId}/waive (QA-sampled)":
            {
                var (item, finding) = await Finding(endpoint.EndsWith("(QA-sampled)", StringComparison.Ordinal) ? ItemStatus.QaSampled : ItemStatus.InReview);
                return new("POST", $"/api/v1/findings/{finding}/waive", Json(new { itemVersion = 1, reason = "intended" }), item);
            }
            case "POST /api/v1/batches/{batchId}/qa-sample":
            {
                var batch = await _world.DbAsync(async db =>
                {
                    var b = new Batch { ProjectId = projectId, Name = $"api matrix {Guid.NewGuid():N}", Iteration = 9, CreatedAt = DateTimeOffset.UtcNow };
                    db.Batches.Add(b);
                    await db.SaveChangesAsync();
                    return b.Id;
                });
                var item = await _world.NewItemAsync(withError: false, status: ItemStatus.Approved, batchId: batch, foreign: foreign);
                return new("POST", $"/api/v1/batches/{batch}/qa-sample", null, item);
            }
            case "GET /api/v1/projects/{projectId}/review-queue":
                return new("GET", $"/api/v1/projects/{projectId}/review-queue", null, null);
            case "GET /api/v1/projects/{projectId}/annotator-queue":
                return new("GET", $"/api/v1/projects/{projectId}/annotator-queue", null, null);
            case "GET /api/v1/projects/{projectId}/qa-queue":
                return new("GET", $"/api/v1/projects/{projectId}/qa-queue", null, null);
            case "GET /api/v1/items/{itemId}/review-history":
            {
                var item = await Item(ItemStatus.InReview);
                return new("GET", $"/api/v1/items/{item}/review-history", null, item);
            }
            case "POST /api/v1/items/{itemId}/assignment":
            {
                var item = await Item(ItemStatus.Annotating);
                return new("POST", $"/api/v1/items/{item}/assignment", Json(new { userId = SecondAnnotator(foreign) }), item);
            }
            case "POST /api/v1/items/{itemId}/assignment (overlap)":
            {
                var item = await Item(ItemStatus.Annotating);
                return new("POST", $"/api/v1/items/{item}/assignment", Json(new { userId = SecondAnnotator(foreign), overlap = true }), item);
            }
            case "DELETE /api/v1/items/{itemId}/assignment/{userId}":
            {
                var item = await Item(ItemStatus.Annotating);
                return new("DELETE", $"/api/v1/items/{item}/assignment/{FirstAnnotator(foreign)}", null, item);
            }
            case "POST /api/v1/batches/{batchId}/distribute":
            {
                var batch = await UnassignedBatchAsync(projectId, foreign);
                return new("POST", $"/api/v1/batches/{batch}/distribute", Json(new { userIds = new[] { SecondAnnotator(foreign) } }), null);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, "not in the matrix");
        }
    }

    // ---- assignment helpers -----------------------------------------------------------------------------------

    /// <summary>The annotator the test items are assigned to (own or foreign project).</summary>
    private string FirstAnnotator(bool foreign) => (foreign ? _world.Foreign : _world.Own)["annotator"].Id;

    /// <summary>Another annotator of the item's project to give it to: the own project's second annotator; the foreign project has only one.</summary>
    private string SecondAnnotator(bool foreign) => foreign ? _world.Foreign["annotator"].Id : _world.Own["annotator2"].Id;

    /// <summary>A new batch of the project with one unassigned item, for a distribution.</summary>
    private async Task<Guid> UnassignedBatchAsync(Guid projectId, bool foreign)
    {
        var batch = await _world.DbAsync(async db =>
        {
            var b = new Batch { ProjectId = projectId, Name = $"matrix distribute {Guid.NewGuid():N}", Iteration = 9, CreatedAt = DateTimeOffset.UtcNow };
            db.Batches.Add(b);
            await db.SaveChangesAsync();
            return b.Id;
        });
        await _world.NewItemAsync(withError: false, batchId: batch, foreign: foreign, unassigned: true);
        return batch;
    }
}
