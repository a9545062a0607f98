using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MultimodalAnnotate.IntegrationTests.Review;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.IntegrationTests.Api;

/// <summary>
/// The review workflow through the REST API, as a pipeline or an external review tool drives it: bearer tokens,
/// the item's version on every step, and the status a client branches on (200, 400 naming the field, 401, 403 for
/// a member without the role, 404 for a missing id and alike for another project's, 409 with the current state).
/// Every refused request is checked to leave the item, its findings, decisions and history as they were.
/// </summary>
public sealed class ReviewApiTests(ReviewWorld world) : IClassFixture<ReviewWorld>
{
    [Fact]
    public async Task ReviewLoop_OverHttp_SubmitWaiveReturnResubmitApproveSampleAccept_RecordsEveryStep()
    {
        var batch = await world.NewBatchAsync($"api loop {Guid.NewGuid():N}", 5);
        var id = await world.NewItemAsync(withError: true, batchId: batch, name: "api loop item");
        using var annotator = await ClientAsync("annotator");
        using var reviewer = await ClientAsync("reviewer");
        using var qa = await ClientAsync("qa");
        (await GetAsync(annotator, $"/api/v1/items/{id}"))["version"]!.GetValue<int>().Should().Be(1, "GET /items/{id} tells the version to send");

        var submitted = await PostOkAsync(annotator, $"/api/v1/items/{id}/submit", new { version = 1 });
        (Str(submitted, "status"), Str(submitted, "validation"), Int(submitted, "version")).Should().Be(("flagged", "flagged", 2));
        Int(submitted, "openErrors").Should().BeGreaterThan(0);
        var queued = (await GetArrayAsync(reviewer, $"/api/v1/projects/{world.ProjectId}/review-queue")).Single(r => Id(r, "itemId") == id);
        (Str(queued, "status"), Int(queued, "version"), Str(queued, "highestOpenSeverity")).Should().Be(("flagged", 2, "error"));

        Int(await PostOkAsync(reviewer, $"/api/v1/items/{id}/review/start", new { version = 2 }), "version").Should().Be(3);
        var finding = (await GetArrayAsync(reviewer, $"/api/v1/items/{id}/findings?status=open")).First(f => Str(f, "severity") == "error");
        var waived = await PostOkAsync(reviewer, $"/api/v1/findings/{Id(finding, "id")}/waive", new { itemVersion = 3, reason = "the caption's cat is a nickname" });
        (Str(waived, "status"), Str(waived, "waiverReason"), Int(waived, "itemVersion")).Should().Be(("waived", "the caption's cat is a nickname", 4));
        var returned = await PostOkAsync(reviewer, $"/api/v1/items/{id}/review/return", new { version = 4, comment = "box the second dog as well" });
        (Str(returned, "status"), Int(returned, "version")).Should().Be(("returned", 5));

        (await GetArrayAsync(reviewer, $"/api/v1/projects/{world.ProjectId}/review-queue")).Should().NotContain(r => Id(r, "itemId") == id);
        var mine = (await GetArrayAsync(annotator, $"/api/v1/projects/{world.ProjectId}/annotator-queue")).Single(r => Id(r, "itemId") == id);
        (Str(mine, "status"), Str(mine, "comment"), Int(mine, "version")).Should().Be(("returned", "box the second dog as well", 5));

        var resubmitted = await PostOkAsync(annotator, $"/api/v1/items/{id}/submit", new { version = 5 });
        (Str(resubmitted, "status"), Str(resubmitted, "validation"), Int(resubmitted, "version")).Should().Be(("clean", "clean", 6), "the waiver holds while the annotations are unchanged");
        (await GetArrayAsync(annotator, $"/api/v1/projects/{world.ProjectId}/annotator-queue")).Should().NotContain(r => Id(r, "itemId") == id);
        Int(await PostOkAsync(reviewer, $"/api/v1/items/{id}/review/start", new { version = 6 }), "version").Should().Be(7);
        var approved = await PostOkAsync(reviewer, $"/api/v1/items/{id}/review/approve", new { version = 7 });
        (Str(approved, "status"), Int(approved, "version")).Should().Be(("approved", 8));

        var sample = await PostOkAsync(qa, $"/api/v1/batches/{batch}/qa-sample", null);
        sample["sampledItemIds"]!.AsArray().Select(x => x!.GetValue<Guid>()).Should().Equal(id);
        Int(sample, "approved").Should().Be(1);
        var toAccept = (await GetArrayAsync(qa, $"/api/v1/projects/{world.ProjectId}/qa-queue")).Single(r => Id(r, "itemId") == id);
        (Str(toAccept, "status"), Int(toAccept, "version")).Should().Be(("qaSampled", 9));
        var accepted = await PostOkAsync(qa, $"/api/v1/items/{id}/review/accept", new { version = 9, comment = "sample passes" });
        (Str(accepted, "status"), Int(accepted, "version")).Should().Be(("accepted", 10));

        var history = await GetAsync(reviewer, $"/api/v1/items/{id}/review-history");
        (Str(history, "status"), Int(history, "version")).Should().Be(("accepted", 10));
        var decisions = history["decisions"]!.AsArray().Select(d => d!).ToList();
        decisions.Select(d => (Str(d, "action"), Str(d, "from"), Str(d, "to"), Str(d, "user"))).Should().Equal(
            ("submit", "annotating", "submitted", "own annotator"),
            ("autoValidate", "submitted", "flagged", "own annotator"),
            ("startReview", "flagged", "inReview", "own reviewer"),
            ("waiveFinding", "inReview", "inReview", "own reviewer"),
            ("return", "inReview", "returned", "own reviewer"),
            ("submit", "returned", "submitted", "own annotator"),
            ("autoValidate", "submitted", "clean", "own annotator"),
            ("startReview", "clean", "inReview", "own reviewer"),
            ("approve", "inReview", "approved", "own reviewer"),
            ("qaSample", "approved", "qaSampled", "own qa"),
            ("accept", "qaSampled", "accepted", "own qa"));
        Str(decisions[3], "comment").Should().Be("the caption's cat is a nickname");
        Id(decisions[3], "findingId").Should().Be(Id(finding, "id"));
        Str(decisions[3], "ruleCode").Should().Be(Str(finding, "ruleCode"));
        Str(decisions[4], "comment").Should().Be("box the second dog as well");
        decisions.Select(d => d["at"]!.GetValue<DateTimeOffset>()).Should().BeInAscendingOrder();
        (await world.ItemAsync(id)).Status.Should().Be(ItemStatus.Accepted);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Waive_MissingOrBlankReason_Answers400NamingReasonAndChangesNothing(string? reason)
    {
        var id = await world.NewItemAsync(withError: true, status: ItemStatus.InReview);
        var finding = (await world.FindingsAsync(id)).First(f => f.Severity == Severity.Error);
        using var reviewer = await ClientAsync("reviewer");
        var before = await SnapshotAsync(id);

        var response = await reviewer.PostAsync($"/api/v1/findings/{finding.Id}/waive", Json(new { itemVersion = 1, reason }));

        (await ErrorsAsync(response)).Should().ContainKey("reason").WhoseValue.Should().Contain("reason is required");
        (await SnapshotAsync(id)).Should().Be(before);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n ")]
    public async Task Return_MissingOrBlankComment_Answers400NamingCommentAndChangesNothing(string? comment)
    {
        var id = await world.NewItemAsync(withError: true, status: ItemStatus.InReview);
        using var reviewer = await ClientAsync("reviewer");
        var before = await SnapshotAsync(id);

        var response = await reviewer.PostAsync($"/api/v1/items/{id}/review/return", Json(new { version = 1, comment }));

        (await ErrorsAsync(response)).Should().ContainKey("comment").WhoseValue.Should().Contain("comment is required");
        (await SnapshotAsync(id)).Should().Be(before);
    }

    [Fact]
    public async Task Steps_WithoutVersionOrBody_Answer400NamingTheFieldAndChangeNothing()
    {
        var id = await world.NewItemAsync(withError: true, status: ItemStatus.InReview);
        var finding = (await world.FindingsAsync(id)).First(f => f.Severity == Severity.Error);
        using var admin = await ClientAsync("admin");
        var before = await SnapshotAsync(id);

        var answers = new Dictionary<string, HttpResponseMessage>(StringComparer.Ordinal)
        {
            ["submit"] = await admin.PostAsync($"/api/v1/items/{id}/submit", Json(new { comment = "done" })),
            ["start"] = await admin.PostAsync($"/api/v1/items/{id}/review/start", Json(new { })),
            ["approve"] = await admin.PostAsync($"/api/v1/items/{id}/review/approve", Json(new { })),
            ["return"] = await admin.PostAsync($"/api/v1/items/{id}/review/return", Json(new { comment = "fix it" })),
            ["accept"] = await admin.PostAsync($"/api/v1/items/{id}/review/accept", Json(new { })),
            ["confirm"] = await admin.PostAsync($"/api/v1/findings/{finding.Id}/confirm", Json(new { version = 1 })),
            ["waive"] = await admin.PostAsync($"/api/v1/findings/{finding.Id}/waive", Json(new { reason = "intended" })),
            ["empty body"] = await admin.PostAsync($"/api/v1/items/{id}/review/approve", new StringContent("", Encoding.UTF8, "application/json")),
            ["wrong type"] = await admin.PostAsync($"/api/v1/items/{id}/review/approve", new StringContent("""{"version":"one"}""", Encoding.UTF8, "application/json")),
        };

        foreach (var (step, response) in answers.Where(a => a.Key is not ("confirm" or "waive" or "empty body" or "wrong type")))
        {
            (await ErrorsAsync(response)).Should().ContainKey("version", step);
        }
        (await ErrorsAsync(answers["confirm"])).Should().ContainKey("itemVersion", "a finding decision names the item's version");
        (await ErrorsAsync(answers["waive"])).Should().ContainKey("itemVersion");
        (await ErrorsAsync(answers["empty body"])).Should().ContainKey("body");
        (await ErrorsAsync(answers["wrong type"])).Should().ContainKey("version");
        (await SnapshotAsync(id)).Should().Be(before);
    }

    [Fact]
    public async Task Steps_StaleVersion_Answer409WithTheCurrentStatusAndVersionAndChangeNothing()
    {
        var inReview = await world.NewItemAsync(withError: true, status: ItemStatus.InReview);
        var findings = (await world.FindingsAsync(inReview)).Where(f => f.Severity == Severity.Error).ToList();
        var annotating = await world.NewItemAsync(withError: true);
        var flagged = await world.NewItemAsync(withError: true, status: ItemStatus.Flagged);
        var sampled = await world.NewItemAsync(withError: false, status: ItemStatus.QaSampled);
        using var annotator = await ClientAsync("annotator");
        using var reviewer = await ClientAsync("reviewer");
        using var qa = await ClientAsync("qa");
        using var admin = await ClientAsync("admin");
        // Another reviewer's decision moves the item in review to version 2 while this client still holds version 1.
        Int(await PostOkAsync(admin, $"/api/v1/findings/{findings[0].Id}/confirm", new { itemVersion = 1 }), "itemVersion").Should().Be(2);
        var before = await Task.WhenAll(new[] { inReview, annotating, flagged, sampled }.Select(SnapshotAsync));

        var answers = new (HttpResponseMessage Response, Guid Item, string Status, int Version)[]
        {
            (await annotator.PostAsync($"/api/v1/items/{annotating}/submit", Json(new { version = 7 })), annotating, "annotating", 1),
            (await reviewer.PostAsync($"/api/v1/items/{flagged}/review/start", Json(new { version = 3 })), flagged, "flagged", 1),
            (await reviewer.PostAsync($"/api/v1/items/{inReview}/review/approve", Json(new { version = 1 })), inReview, "inReview", 2),
            (await reviewer.PostAsync($"/api/v1/items/{inReview}/review/return", Json(new { version = 1, comment = "fix the caption" })), inReview, "inReview", 2),
            (await reviewer.PostAsync($"/api/v1/findings/{findings[0].Id}/waive", Json(new { itemVersion = 1, reason = "intended" })), inReview, "inReview", 2),
            (await reviewer.PostAsync($"/api/v1/findings/{findings[0].Id}/confirm", Json(new { itemVersion = 1 })), inReview, "inReview", 2),
            (await qa.PostAsync($"/api/v1/items/{sampled}/review/accept", Json(new { version = 2 })), sampled, "qaSampled", 1),
        };

        foreach (var (response, item, status, version) in answers)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
            Int(problem, "currentVersion").Should().Be(version);
            (Id(problem["current"]!, "itemId"), Str(problem["current"]!, "status"), Int(problem["current"]!, "version")).Should().Be((item, status, version));
            Str(problem, "detail").Should().Contain($"it is now version {version}");
        }
        (await Task.WhenAll(new[] { inReview, annotating, flagged, sampled }.Select(SnapshotAsync))).Should().Equal(before);
    }

    [Fact]
    public async Task Steps_ByAMemberWithoutTheRoleOrStage_Answer403AndChangeNothing()
    {
        var flagged = await world.NewItemAsync(withError: true, status: ItemStatus.Flagged);
        var inReview = await world.NewItemAsync(withError: true, status: ItemStatus.InReview);
        var finding = (await world.FindingsAsync(inReview)).First(f => f.Severity == Severity.Error);
        var sampled = await world.NewItemAsync(withError: false, status: ItemStatus.QaSampled);
        var annotating = await world.NewItemAsync(withError: true);
        var batch = await world.NewBatchAsync($"api 403 {Guid.NewGuid():N}", 6);
        var approved = await world.NewItemAsync(withError: false, status: ItemStatus.Approved, batchId: batch);
        using var annotator = await ClientAsync("annotator");
        using var otherAnnotator = await ClientAsync("annotator2");
        using var reviewer = await ClientAsync("reviewer");
        using var qa = await ClientAsync("qa");
        var items = new[] { flagged, inReview, sampled, annotating, approved };
        var before = await Task.WhenAll(items.Select(SnapshotAsync));

        var answers = new Dictionary<string, HttpResponseMessage>(StringComparer.Ordinal)
        {
            ["annotator starts a review"] = await annotator.PostAsync($"/api/v1/items/{flagged}/review/start", Json(new { version = 1 })),
            ["annotator waives"] = await annotator.PostAsync($"/api/v1/findings/{finding.Id}/waive", Json(new { itemVersion = 1, reason = "intended" })),
            ["annotator confirms"] = await annotator.PostAsync($"/api/v1/findings/{finding.Id}/confirm", Json(new { itemVersion = 1 })),
            ["unassigned annotator submits"] = await otherAnnotator.PostAsync($"/api/v1/items/{annotating}/submit", Json(new { version = 1 })),
            ["QA lead approves"] = await qa.PostAsync($"/api/v1/items/{inReview}/review/approve", Json(new { version = 1 })),
            ["QA lead returns an item in review"] = await qa.PostAsync($"/api/v1/items/{inReview}/review/return", Json(new { version = 1, comment = "no" })),
            ["reviewer accepts"] = await reviewer.PostAsync($"/api/v1/items/{sampled}/review/accept", Json(new { version = 1 })),
            ["reviewer returns a QA-sampled item"] = await reviewer.PostAsync($"/api/v1/items/{sampled}/review/return", Json(new { version = 1, comment = "no" })),
            ["reviewer draws a QA sample"] = await reviewer.PostAsync($"/api/v1/batches/{batch}/qa-sample", null),
            ["annotator reads the review queue"] = await annotator.GetAsync($"/api/v1/projects/{world.ProjectId}/review-queue"),
            ["QA lead reads the review queue"] = await qa.GetAsync($"/api/v1/projects/{world.ProjectId}/review-queue"),
            ["reviewer reads the QA queue"] = await reviewer.GetAsync($"/api/v1/projects/{world.ProjectId}/qa-queue"),
            ["annotator reads the review history"] = await annotator.GetAsync($"/api/v1/items/{inReview}/review-history"),
        };

        var details = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (what, response) in answers)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, what);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", what);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Str(problem, "title").Should().Be("Forbidden");
            details[what] = Str(problem, "detail");
            details[what].Should().ContainEquivalentOf("only a", what);
        }
        details["QA lead returns an item in review"].Should().Contain("The item is in review: only a reviewer", "the stage decides who may return");
        (await Task.WhenAll(items.Select(SnapshotAsync))).Should().Equal(before);
    }

    [Fact]
    public async Task Steps_IllegalFromTheStatusOrWithAConfirmedFindingOpen_Answer400NamingWhyAndChangeNothing()
    {
        var flagged = await world.NewItemAsync(withError: true, status: ItemStatus.Flagged);
        var inReview = await world.NewItemAsync(withError: true, status: ItemStatus.InReview);
        var finding = (await world.FindingsAsync(inReview)).First(f => f.Severity == Severity.Error);
        using var reviewer = await ClientAsync("reviewer");
        Int(await PostOkAsync(reviewer, $"/api/v1/findings/{finding.Id}/confirm", new { itemVersion = 1 }), "itemVersion").Should().Be(2);
        var before = await Task.WhenAll(new[] { flagged, inReview }.Select(SnapshotAsync));

        var notInReview = await reviewer.PostAsync($"/api/v1/items/{flagged}/review/approve", Json(new { version = 1 }));
        var confirmedOpen = await reviewer.PostAsync($"/api/v1/items/{inReview}/review/approve", Json(new { version = 2 }));
        var confirmedAgain = await reviewer.PostAsync($"/api/v1/findings/{finding.Id}/confirm", Json(new { itemVersion = 2 }));

        (await ErrorsAsync(notInReview)).Should().ContainKey("status").WhoseValue.Should().Contain("cannot approve an item that is flagged");
        (await ErrorsAsync(confirmedOpen)).Should().ContainKey("findings").WhoseValue.Should().Contain(finding.RuleCode);
        (await ErrorsAsync(confirmedAgain)).Should().ContainKey("finding").WhoseValue.Should().Contain("already confirmed");
        (await Task.WhenAll(new[] { flagged, inReview }.Select(SnapshotAsync))).Should().Equal(before);
    }

    [Fact]
    public async Task ForeignProjectMembersAndUnknownIds_Get404Alike_AndNothingChanges()
    {
        var inReview = await world.NewItemAsync(withError: true, status: ItemStatus.InReview);
        var finding = (await world.FindingsAsync(inReview)).First(f => f.Severity == Severity.Error);
        var annotating = await world.NewItemAsync(withError: true);
        var sampled = await world.NewItemAsync(withError: false, status: ItemStatus.QaSampled);
        var batch = await world.NewBatchAsync($"api 404 {Guid.NewGuid():N}", 7);
        var approved = await world.NewItemAsync(withError: false, status: ItemStatus.Approved, batchId: batch);
        // The foreign project's admin holds every role there, and none here.
        using var outsider = await world.App.BearerClientAsync(world.Foreign["admin"].Id);
        using var admin = await ClientAsync("admin");
        var items = new[] { inReview, annotating, sampled, approved };
        var before = await Task.WhenAll(items.Select(SnapshotAsync));

        var foreign = await SendAllAsync(outsider, Ids(inReview, finding.Id, annotating, sampled, batch, world.ProjectId));
        var unknown = await SendAllAsync(admin, Ids(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()));

        foreach (var ((what, response), (_, missing)) in foreign.Zip(unknown))
        {
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, $"an outsider: {what}");
            missing.StatusCode.Should().Be(HttpStatusCode.NotFound, $"an unknown id: {what}");
            (await TitleAndDetailStartAsync(response)).Should().Be(await TitleAndDetailStartAsync(missing), $"{what}: another project's thing reads like a missing one");
        }
        (await Task.WhenAll(items.Select(SnapshotAsync))).Should().Equal(before);
    }

    [Fact]
    public async Task EveryReviewEndpoint_WithoutValidCredentials_Answers401AndChangesNothing()
    {
        var inReview = await world.NewItemAsync(withError: true, status: ItemStatus.InReview);
        var finding = (await world.FindingsAsync(inReview)).First(f => f.Severity == Severity.Error);
        var annotating = await world.NewItemAsync(withError: true);
        using var anonymous = world.App.CreateClient();
        using var badToken = world.App.CreateClient();
        badToken.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "mma_not-a-token");
        var before = await Task.WhenAll(new[] { inReview, annotating }.Select(SnapshotAsync));

        var ids = Ids(inReview, finding.Id, annotating, inReview, world.BatchId, world.ProjectId);
        var answers = (await SendAllAsync(anonymous, ids)).Concat(await SendAllAsync(badToken, ids)).ToList();

        answers.Should().HaveCount(2 * ids.Count);
        foreach (var (what, response) in answers)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, what);
            response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
        }
        (await Task.WhenAll(new[] { inReview, annotating }.Select(SnapshotAsync))).Should().Equal(before);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheReviewEndpointsWithSummariesAndTheirStatuses()
    {
        using var anonymous = world.App.CreateClient();

        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;

        var paths = document["paths"]!.AsObject();
        foreach (var (method, path) in Ids(Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty, Guid.Empty).Select(e => (e.Method, e.Template)))
        {
            var operation = paths[path]?[method.ToLowerInvariant()];
            operation.Should().NotBeNull($"{method} {path} is documented");
            ((string?)operation!["summary"]).Should().NotBeNullOrWhiteSpace();
            var statuses = operation["responses"]!.AsObject().Select(r => r.Key).ToList();
            statuses.Should().Contain(["200", "401", "404"], $"{method} {path}");
            if (method == "POST")
            {
                statuses.Should().Contain(["400", "403", "409"], $"{method} {path}");
            }
            if (method == "POST" && !path.EndsWith("qa-sample", StringComparison.Ordinal))
            {
                statuses.Should().Contain("415", "a step takes a JSON body");
                operation["requestBody"]!["content"]!["application/json"].Should().NotBeNull();
            }
        }
        document["components"]!["schemas"]!.AsObject().Select(s => s.Key).Should().Contain(["SubmittedView", "ReviewStateView", "QueueItemView", "ReviewHistoryView"]);
    }

    // ---- helpers ----

    private sealed record Call(string Method, string Template, string Url, object? Body);

    /// <summary>Every review endpoint, with the ids to call it with.</summary>
    private static List<Call> Ids(Guid inReview, Guid finding, Guid annotating, Guid sampled, Guid batch, Guid project) =>
    [
        new("POST", "/api/v1/items/{itemId}/submit", $"/api/v1/items/{annotating}/submit", new { version = 1 }),
        new("POST", "/api/v1/items/{itemId}/review/start", $"/api/v1/items/{inReview}/review/start", new { version = 1 }),
        new("POST", "/api/v1/items/{itemId}/review/approve", $"/api/v1/items/{inReview}/review/approve", new { version = 1 }),
        new("POST", "/api/v1/items/{itemId}/review/return", $"/api/v1/items/{inReview}/review/return", new { version = 1, comment = "fix it" }),
        new("POST", "/api/v1/items/{itemId}/review/accept", $"/api/v1/items/{sampled}/review/accept", new { version = 1 }),
        new("POST", "/api/v1/findings/{findingId}/confirm", $"/api/v1/findings/{finding}/confirm", new { itemVersion = 1 }),
        new("POST", "/api/v1/findings/{findingId}/waive", $"/api/v1/findings/{finding}/waive", new { itemVersion = 1, reason = "intended" }),
        new("POST", "/api/v1/batches/{batchId}/qa-sample", $"/api/v1/batches/{batch}/qa-sample", null),
        new("GET", "/api/v1/projects/{projectId}/review-queue", $"/api/v1/projects/{project}/review-queue", null),
        new("GET", "/api/v1/projects/{projectId}/annotator-queue", $"/api/v1/projects/{project}/annotator-queue", null),
        new("GET", "/api/v1/projects/{projectId}/qa-queue", $"/api/v1/projects/{project}/qa-queue", null),
        new("GET", "/api/v1/items/{itemId}/review-history", $"/api/v1/items/{inReview}/review-history", null),
    ];

    private static async Task<List<(string What, HttpResponseMessage Response)>> SendAllAsync(HttpClient client, IEnumerable<Call> calls)
    {
        var answers = new List<(string, HttpResponseMessage)>();
        foreach (var call in calls)
        {
            var response = call.Method == "GET"
                ? await client.GetAsync(call.Url)
                : await client.PostAsync(call.Url, call.Body is null ? null : Json(call.Body));
            answers.Add(($"{call.Method} {call.Template}", response));
        }
        return answers;
    }

    private Task<HttpClient> ClientAsync(string role) => world.App.BearerClientAsync(world.Own[role].Id);

    /// <summary>Everything a review step may change about an item: status, version, findings, decisions, history and assignments.</summary>
    private async Task<string> SnapshotAsync(Guid itemId)
    {
        var item = await world.ItemAsync(itemId);
        var findings = await world.FindingsAsync(itemId);
        var decisions = await world.DecisionsAsync(itemId);
        var history = await world.HistoryAsync(itemId);
        var assignments = await world.DbAsync(db => db.ItemAssignments.Where(a => a.ItemId == itemId).OrderBy(a => a.UserId)
            .Select(a => a.UserId + ":" + (a.SubmittedAt == null ? "open" : "submitted")).ToListAsync());
        return $"{item.Status} v{item.Version} decisions {decisions.Count} history {history.Count} assignments {string.Join(",", assignments)} findings "
            + string.Join(",", findings.Select(f => $"{f.Id}:{f.Status}:{f.Confirmed}:{f.WaiverReason}:{f.DecidedById}"));
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body, ModelJson.Options), Encoding.UTF8, "application/json");

    private static async Task<JsonObject> PostOkAsync(HttpClient client, string url, object? body)
    {
        var response = await client.PostAsync(url, body is null ? null : Json(body));
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"POST {url}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
    }

    private static async Task<JsonObject> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"GET {url}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
    }

    private static async Task<List<JsonNode>> GetArrayAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"GET {url}: {await response.Content.ReadAsStringAsync()}");
        return [.. (await response.Content.ReadFromJsonAsync<JsonArray>(ModelJson.Options))!.Select(n => n!)];
    }

    private static async Task<Dictionary<string, string>> ErrorsAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return problem["errors"]!.AsObject().ToDictionary(e => e.Key, e => string.Join("; ", e.Value!.AsArray().Select(m => m!.GetValue<string>())), StringComparer.Ordinal);
    }

    private static async Task<string> TitleAndDetailStartAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return $"{(int)response.StatusCode} {problem["title"]} {Str(problem, "detail")!.Split(' ')[0]}";
    }

    private static string? Str(JsonNode node, string name) => node[name]?.GetValue<string>();

    private static int Int(JsonNode node, string name) => node[name]!.GetValue<int>();

    private static Guid Id(JsonNode node, string name) => node[name]!.GetValue<Guid>();
}
