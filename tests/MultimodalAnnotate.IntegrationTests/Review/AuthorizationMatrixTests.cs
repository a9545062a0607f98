using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Admin;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Review;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.IntegrationTests.Review;

/// <summary>
/// Every page route and every use case of review, QA and administration × every project role × the caller's own
/// project and a foreign one (where they are not a member). Pages are fetched over HTTP with a signed-in cookie;
/// use cases are called directly. Allowed means the page renders its content (the CSV answers 200) or the use case
/// succeeds; denied means the page says so (the CSV answers 403 in the own project, 404 in a foreign one) or the
/// use case answers forbidden (own project) or not found (foreign project: nothing leaks across projects).
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Fixture fixture) : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    public static readonly string[] Roles = ["annotator", "reviewer", "qa", "admin"];

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

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

        public async Task DisposeAsync()
        {
            foreach (var client in _clients.Values)
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
    public void Matrix_CoversEveryUseCaseOfReviewAndAdmin()
    {
        var useCases = typeof(ReviewQueues).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && (ns.EndsWith(".Review", StringComparison.Ordinal) || ns.EndsWith(".Admin", StringComparison.Ordinal)))
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
            default:
                throw new ArgumentOutOfRangeException(nameof(useCase), useCase, "not in the matrix");
        }
    }
}
