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
/// Handing out work through the REST API, as a team lead's script does: assign, add a blind overlap annotator,
/// unassign, distribute a batch; and every refusal (400 naming the field, 401, 403 for members who are not admins,
/// 404 alike for another project's and missing things), each leaving the items as they were.
/// </summary>
public sealed class AssignmentApiTests(ReviewWorld world) : IClassFixture<ReviewWorld>
{
    [Fact]
    public async Task AssignOverlapUnassignDistribute_OverHttp_ChangeTheAnnotatorsQueues()
    {
        var batch = await world.NewBatchAsync($"api assign {Guid.NewGuid():N}", 5);
        var item = await world.NewItemAsync(withError: false, batchId: batch, unassigned: true, name: "api assign 0");
        using var admin = await ClientAsync("admin");
        using var annotator = await ClientAsync("annotator");
        using var annotator2 = await ClientAsync("annotator2");
        (await QueueAsync(annotator)).Should().NotContain(r => Id(r, "itemId") == item);

        var assigned = await PostOkAsync(admin, $"/api/v1/items/{item}/assignment", new { userId = world.Own["annotator"].Id });

        (Id(assigned, "itemId"), Str(assigned, "status"), Int(assigned, "version")).Should().Be((item, "annotating", 2));
        var primary = assigned["assignees"]!.AsArray().Single()!;
        (Str(primary, "userId"), Str(primary, "name"), primary["overlap"]!.GetValue<bool>()).Should().Be((world.Own["annotator"].Id, "own annotator", false));
        primary["submittedAt"].Should().BeNull("the work is still to be done");
        (await QueueAsync(annotator)).Should().ContainSingle(r => Id(r, "itemId") == item).Which["version"]!.GetValue<int>().Should().Be(2);

        var overlap = await PostOkAsync(admin, $"/api/v1/items/{item}/assignment", new { userId = world.Own["annotator2"].Id, overlap = true });
        overlap["assignees"]!.AsArray().Select(a => (Str(a!, "name"), a!["overlap"]!.GetValue<bool>())).Should().Equal(("own annotator", false), ("own annotator2", true));
        (await QueueAsync(annotator2)).Should().ContainSingle(r => Id(r, "itemId") == item).Which["isOverlap"]!.GetValue<bool>().Should().BeTrue();

        var removed = await admin.DeleteAsync($"/api/v1/items/{item}/assignment/{world.Own["annotator2"].Id}");
        removed.StatusCode.Should().Be(HttpStatusCode.OK, await removed.Content.ReadAsStringAsync());
        var after = (await removed.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
        (Int(after, "version"), after["assignees"]!.AsArray().Count).Should().Be((4, 1));
        (await QueueAsync(annotator2)).Should().NotContain(r => Id(r, "itemId") == item);

        var more = new List<Guid>();
        for (var i = 1; i <= 3; i++)
        {
            more.Add(await world.NewItemAsync(withError: false, batchId: batch, unassigned: true, name: $"api assign {i}"));
        }
        var spread = await PostOkAsync(admin, $"/api/v1/batches/{batch}/distribute", new { userIds = new[] { world.Own["annotator2"].Id, world.Own["annotator"].Id } });
        (Id(spread, "batchId"), Int(spread, "left")).Should().Be((batch, 0));
        var shares = spread["shares"]!.AsArray().Select(s => (Str(s!, "name"), s!["itemIds"]!.AsArray().Select(x => x!.GetValue<Guid>()).ToList())).ToList();
        shares.Select(s => s.Item1).Should().Equal("own annotator2", "own annotator");
        shares[0].Item2.Should().Equal(more[0], more[2]);
        shares[1].Item2.Should().Equal(more[1]);
        (await QueueAsync(annotator2)).Select(r => Id(r, "itemId")).Should().Contain([more[0], more[2]]);
    }

    [Fact]
    public async Task Assign_BadInput_Answers400NamingTheField_AndChangesNothing()
    {
        var batch = await world.NewBatchAsync($"api 400 {Guid.NewGuid():N}", 5);
        var item = await world.NewItemAsync(withError: false, batchId: batch, unassigned: true);
        var approved = await world.NewItemAsync(withError: false, status: ItemStatus.Approved, batchId: batch);
        using var admin = await ClientAsync("admin");
        var before = await SnapshotAsync(item, approved);

        var missing = await admin.PostAsync($"/api/v1/items/{item}/assignment", Json(new { overlap = true }));
        var reviewer = await admin.PostAsync($"/api/v1/items/{item}/assignment", Json(new { userId = world.Own["reviewer"].Id }));
        var finished = await admin.PostAsync($"/api/v1/items/{approved}/assignment", Json(new { userId = world.Own["annotator2"].Id }));
        var noPrimary = await admin.PostAsync($"/api/v1/items/{item}/assignment", Json(new { userId = world.Own["annotator2"].Id, overlap = true }));
        var wrongType = await admin.PostAsync($"/api/v1/items/{item}/assignment", new StringContent("""{"userId":"x","overlap":"yes"}""", Encoding.UTF8, "application/json"));
        var notAssigned = await admin.DeleteAsync($"/api/v1/items/{item}/assignment/{world.Own["annotator2"].Id}");
        var noUsers = await admin.PostAsync($"/api/v1/batches/{batch}/distribute", Json(new { userIds = Array.Empty<string>() }));
        var outsider = await admin.PostAsync($"/api/v1/batches/{batch}/distribute", Json(new { userIds = new[] { world.Foreign["annotator"].Id } }));

        (await ErrorsAsync(missing)).Should().ContainKey("userId");
        (await ErrorsAsync(reviewer))["userId"].Should().Contain("own reviewer (own-reviewer@review.test) is not an annotator of this project");
        (await ErrorsAsync(finished))["status"].Should().Contain("is already approved");
        (await ErrorsAsync(noPrimary))["overlap"].Should().Contain("has no primary annotator yet");
        (await ErrorsAsync(wrongType)).Should().ContainKey("overlap");
        (await ErrorsAsync(notAssigned))["userId"].Should().Contain("own annotator2 is not assigned to");
        (await ErrorsAsync(noUsers)).Should().ContainKey("userIds");
        (await ErrorsAsync(outsider))["userIds"].Should().Contain("is not a member of this project");
        (await SnapshotAsync(item, approved)).Should().Be(before);
    }

    [Fact]
    public async Task Assignments_ByMembersWhoAreNotAdmins_Answer403_ByOutsidersAndForUnknownIds404Alike_WithoutCredentials401()
    {
        var batch = await world.NewBatchAsync($"api 403 {Guid.NewGuid():N}", 5);
        var item = await world.NewItemAsync(withError: false, batchId: batch, unassigned: true);
        var assigned = await world.NewItemAsync(withError: false, batchId: batch);
        var before = await SnapshotAsync(item, assigned);
        using var outsider = await world.App.BearerClientAsync(world.Foreign["admin"].Id);
        using var admin = await ClientAsync("admin");
        using var anonymous = world.App.CreateClient();

        foreach (var role in new[] { "annotator", "reviewer", "qa" })
        {
            using var member = await ClientAsync(role);
            foreach (var (what, response) in await SendAllAsync(member, item, assigned, batch))
            {
                response.StatusCode.Should().Be(HttpStatusCode.Forbidden, $"{role}: {what}");
                var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
                Str(problem, "detail").Should().Be("Only an admin of this project can assign items to annotators.");
            }
        }
        var foreign = await SendAllAsync(outsider, item, assigned, batch);
        var unknown = await SendAllAsync(admin, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var ((what, response), (_, missing)) in foreign.Zip(unknown))
        {
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, $"an outsider: {what}");
            missing.StatusCode.Should().Be(HttpStatusCode.NotFound, $"an unknown id: {what}");
            (await TitleAndDetailStartAsync(response)).Should().Be(await TitleAndDetailStartAsync(missing), $"{what}: another project's thing reads like a missing one");
        }
        foreach (var (what, response) in await SendAllAsync(anonymous, item, assigned, batch))
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, what);
            response.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Bearer");
        }
        (await SnapshotAsync(item, assigned)).Should().Be(before);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheAssignmentEndpointsWithSummariesAndTheirStatuses()
    {
        using var anonymous = world.App.CreateClient();

        var paths = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!["paths"]!.AsObject();

        foreach (var (method, path, body) in new[]
        {
            ("post", "/api/v1/items/{itemId}/assignment", true),
            ("delete", "/api/v1/items/{itemId}/assignment/{userId}", false),
            ("post", "/api/v1/batches/{batchId}/distribute", true),
        })
        {
            var operation = paths[path]?[method];
            operation.Should().NotBeNull($"{method} {path} is documented");
            ((string?)operation!["summary"]).Should().Contain("project admins");
            operation["tags"]!.AsArray().Select(t => (string?)t).Should().Equal("Assignments");
            operation["responses"]!.AsObject().Select(r => r.Key).Should().Contain(["200", "400", "401", "403", "404", "409"], $"{method} {path}");
            if (body)
            {
                operation["responses"]!.AsObject().Select(r => r.Key).Should().Contain("415");
                operation["requestBody"]!["content"]!["application/json"].Should().NotBeNull();
            }
        }
    }

    // ---- helpers ----

    private async Task<List<(string What, HttpResponseMessage Response)>> SendAllAsync(HttpClient client, Guid item, Guid assigned, Guid batch) =>
    [
        ("POST assignment", await client.PostAsync($"/api/v1/items/{item}/assignment", Json(new { userId = world.Own["annotator2"].Id }))),
        ("POST overlap assignment", await client.PostAsync($"/api/v1/items/{assigned}/assignment", Json(new { userId = world.Own["annotator2"].Id, overlap = true }))),
        ("DELETE assignment", await client.DeleteAsync($"/api/v1/items/{assigned}/assignment/{world.Own["annotator"].Id}")),
        ("POST distribute", await client.PostAsync($"/api/v1/batches/{batch}/distribute", Json(new { userIds = new[] { world.Own["annotator2"].Id } }))),
    ];

    private Task<HttpClient> ClientAsync(string role) => world.App.BearerClientAsync(world.Own[role].Id);

    private async Task<List<JsonNode>> QueueAsync(HttpClient client)
    {
        var response = await client.GetAsync($"/api/v1/projects/{world.ProjectId}/annotator-queue");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return [.. (await response.Content.ReadFromJsonAsync<JsonArray>(ModelJson.Options))!.Select(n => n!)];
    }

    private async Task<string> SnapshotAsync(params Guid[] items)
    {
        var parts = new List<string>();
        foreach (var id in items)
        {
            var item = await world.ItemAsync(id);
            var assignments = await world.DbAsync(db => db.ItemAssignments.Where(a => a.ItemId == id).OrderBy(a => a.UserId)
                .Select(a => a.UserId + ":" + a.IsOverlap + ":" + (a.SubmittedAt == null ? "open" : "submitted")).ToListAsync());
            var history = await world.DbAsync(db => db.History.CountAsync(h => h.ItemId == id));
            parts.Add($"{item.Status} v{item.Version} history {history} {string.Join(",", assignments)}");
        }
        return string.Join(" | ", parts);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body, ModelJson.Options), Encoding.UTF8, "application/json");

    private static async Task<JsonObject> PostOkAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsync(url, Json(body));
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"POST {url}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
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
