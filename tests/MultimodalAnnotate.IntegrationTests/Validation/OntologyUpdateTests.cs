using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.IntegrationTests.Validation;

/// <summary>
/// <c>PUT /api/v1/projects/{id}/ontology</c> over HTTP on PostgreSQL: an admin changes the ontology, the project is
/// re-validated by the background job and the findings follow; refusals name the field and change nothing.
/// </summary>
public sealed class OntologyUpdateTests(OntologyUpdateTests.Store store) : IClassFixture<OntologyUpdateTests.Store>
{
    /// <summary>One app per class; each test makes its own project, so that ontology changes do not meet.</summary>
    public sealed class Store : IAsyncLifetime
    {
        private readonly PostgresServer _server = new();

        public AppFactory App { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            await _server.InitializeAsync();
            App = await AppFactory.PostgresAsync(_server);
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await _server.DisposeAsync();
        }
    }

    private readonly AppFactory _app = store.App;

    [Theory]
    [InlineData("Postgres")]
    [InlineData("Sqlite")]
    public async Task Admin_AddsAClassWhoseFormIsInTheText_ProjectIsRevalidated_TheMislabelledSpanIsFound(string provider)
    {
        // The embedded store (the default for a fresh install) takes the same path with its own transaction rules.
        await using var sqlite = provider == "Sqlite" ? AppFactory.Sqlite(Path.Combine(Directory.CreateTempSubdirectory("ma-ontology-").FullName, "store.db")) : null;
        var app = sqlite ?? _app;
        var p = await app.WithScopeAsync(TestProject.CreateAsync);
        var admin = await NewAdminAsync(p, app);
        using var api = await ClientForAsync(admin, app);
        using var annotator = await ClientForAsync(p.AnnotatorId, app);
        // "a dog barks." — the annotator marks "barks" as 'dog'. The ontology has no term "barks" yet: nothing to say.
        var span = await CreateAsync(annotator, p, p.Text.Id, "dog", new TextSpan(6, 11));
        (await FindingsAsync(api, p.ItemId)).Should().NotContain(f => f.RuleCode == "SEM-004");
        var classIds = await DbAsync(db => db.OntologyClasses.Where(c => c.ProjectId == p.ProjectId).ToDictionaryAsync(c => c.Name, c => (c.Id, c.Colour)), app);
        var (rulesVersion, ontology) = await OntologyAsync(api, p.ProjectId);

        // A sound class is added, disjoint from animals: the span's words now read as 'bark', which a 'dog' never is.
        var changed = ontology with
        {
            Classes = [.. ontology.Classes, new OntologyClassDefinition("bark", [], ["woof"], ["barks", "barking"])],
            Disjoint = [.. ontology.Disjoint, new DisjointPair("bark", "animal")],
        };
        var accepted = await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology = changed }));

        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        var body = (await accepted.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
        body["rulesVersion"]!.GetValue<int>().Should().Be(rulesVersion + 1);
        body["added"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("bark");
        body["removed"]!.AsArray().Should().BeEmpty();
        accepted.Headers.Location!.ToString().Should().Be($"/api/v1/jobs/{body["jobId"]!.GetValue<Guid>()}");
        await JobSucceededAsync(api, accepted.Headers.Location);

        var findings = await FindingsAsync(api, p.ItemId);
        findings.Should().ContainSingle(f => f.RuleCode == "SEM-004" && f.Status == FindingStatus.Open, JsonSerializer.Serialize(findings))
            .Which.AnnotationIds.Should().Contain(span.Id);
        var (after, stored) = await OntologyAsync(api, p.ProjectId);
        after.Should().Be(rulesVersion + 1);
        stored.Classes.Should().ContainSingle(c => c.Name == "bark").Which.Forms.Should().Equal("barks", "barking");
        var idsAfter = await DbAsync(db => db.OntologyClasses.Where(c => c.ProjectId == p.ProjectId).ToDictionaryAsync(c => c.Name, c => (c.Id, c.Colour)), app);
        idsAfter.Where(c => c.Key != "bark").Should().BeEquivalentTo(classIds, "existing classes keep their identity and display colour");
        (await DbAsync(db => db.Annotations.Where(a => a.Id == span.Id).Select(a => a.ClassId).FirstAsync(), app)).Should().Be(classIds["dog"].Id);
        var history = await DbAsync(db => db.History.Where(h => h.ProjectId == p.ProjectId && h.SubjectType == "ontology").ToListAsync(), app);
        history.Should().ContainSingle().Which.After.Should().Contain("\"barking\"");
    }

    [Fact]
    public async Task Refusals_NameTheFieldAndChangeNothing()
    {
        var p = await _app.WithScopeAsync(TestProject.CreateAsync);
        var admin = await NewAdminAsync(p);
        using var api = await ClientForAsync(admin);
        using var annotator = await ClientForAsync(p.AnnotatorId);
        using var outsider = await ClientForAsync(p.OutsiderId);
        await CreateAsync(annotator, p, p.Image.Id, "dog", new Box2D(10, 10, 40, 30));
        var (rulesVersion, ontology) = await OntologyAsync(api, p.ProjectId);
        var withoutDog = ontology with
        {
            Classes = [.. ontology.Classes.Where(c => c.Name != "dog")],
            Disjoint = [.. ontology.Disjoint.Where(d => d.A != "dog" && d.B != "dog")],
        };
        var unknownParent = ontology with { Classes = [.. ontology.Classes, new OntologyClassDefinition("puppy", ["doge"], [], [])] };
        var cycle = ontology with
        {
            Classes = [.. ontology.Classes.Select(c => c.Name == "animal" ? c with { Parents = ["dog"] } : c)],
        };
        var twice = ontology with { Attributes = [.. ontology.Attributes, new AttributeDefinition("Colour", AttributeKind.Text, [])] };

        (await annotator.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology }))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await outsider.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology }))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorsAsync(await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology = withoutDog }))))
            ["ontology.classes"].Should().Contain("class 'dog'").And.Contain("1 annotation carries it");
        (await ErrorsAsync(await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology = unknownParent }))))
            ["ontology"].Should().Be("Class 'puppy' has unknown parent 'doge'.");
        (await ErrorsAsync(await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology = cycle }))))
            ["ontology"].Should().Contain("cycle");
        (await ErrorsAsync(await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology = twice }))))
            .Should().ContainKey($"ontology.attributes[{ontology.Attributes.Count}].name").WhoseValue.Should().Contain("'Colour' is defined twice");
        (await ErrorsAsync(await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { ontology }))))
            .Should().ContainKey("rulesVersion");
        var stale = await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion = rulesVersion - 1, ontology }));
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var conflict = (await stale.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
        conflict["currentVersion"]!.GetValue<int>().Should().Be(rulesVersion);
        conflict["current"]!["ontology"]!["classes"]!.AsArray().Should().HaveCount(ontology.Classes.Count);

        var (after, stored) = await OntologyAsync(api, p.ProjectId);
        after.Should().Be(rulesVersion, "no refused change bumps the rules version");
        stored.Should().BeEquivalentTo(ontology);
        (await DbAsync(db => db.History.CountAsync(h => h.ProjectId == p.ProjectId && h.SubjectType == "ontology"))).Should().Be(0);
    }

    [Fact]
    public async Task Rename_KeepsTheClassAndItsAnnotations_WithoutTheRenameTheClassInUseIsRefused()
    {
        var p = await _app.WithScopeAsync(TestProject.CreateAsync);
        using var api = await ClientForAsync(await NewAdminAsync(p));
        using var annotator = await ClientForAsync(p.AnnotatorId);
        var car = await CreateAsync(annotator, p, p.Image.Id, "car", new Box2D(10, 10, 80, 40));
        var carId = await DbAsync(db => db.OntologyClasses.Where(c => c.ProjectId == p.ProjectId && c.Name == "car").Select(c => c.Id).FirstAsync());
        // The policy names the class too: the rename must follow there, or the policy would no longer fit.
        var policy = ValidationPolicy.Default with { RequiredTextMentionClasses = ["car", "dog"], RequiredLinks = ["Image:car->Text"] };
        (await api.PutAsync($"/api/v1/projects/{p.ProjectId}/policy", Json(new { rulesVersion = (await OntologyAsync(api, p.ProjectId)).RulesVersion, policy })))
            .StatusCode.Should().Be(HttpStatusCode.Accepted);
        var (rulesVersion, ontology) = await OntologyAsync(api, p.ProjectId);
        var renamed = ontology with
        {
            Classes = [.. ontology.Classes.Select(c => c.Name == "car" ? c with { Name = "automobile", Synonyms = ["car"] } : c)],
            Disjoint = [.. ontology.Disjoint.Select(d => d with { A = d.A == "car" ? "automobile" : d.A, B = d.B == "car" ? "automobile" : d.B })],
        };

        var withoutRename = await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology = renamed }));
        var unknown = await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology",
            Json(new { rulesVersion, ontology = renamed, renames = new Dictionary<string, string> { ["car"] = "automobile", ["bus"] = "coach" } }));
        var merge = await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology",
            Json(new { rulesVersion, ontology = renamed, renames = new Dictionary<string, string> { ["car"] = "dog" } }));
        var accepted = await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology",
            Json(new { rulesVersion, ontology = renamed, renames = new Dictionary<string, string> { ["Car"] = "automobile" } }));

        (await ErrorsAsync(withoutRename))["ontology.classes"].Should().Contain("class 'car' is left out but 1 annotation carries it");
        (await ErrorsAsync(unknown))["renames.bus"].Should().Be("there is no class 'bus' to rename");
        (await ErrorsAsync(merge))["renames.car"].Should().Contain("class 'dog' exists already");
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        var body = (await accepted.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
        body["renamed"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("car → automobile");
        body["added"]!.AsArray().Should().BeEmpty();
        body["removed"]!.AsArray().Should().BeEmpty();
        (await api.GetFromJsonAsync<AnnotationView>($"/api/v1/annotations/{car.Id}", ModelJson.Options))!.Label.Should().Be("automobile");
        (await DbAsync(db => db.OntologyClasses.Where(c => c.Id == carId).Select(c => c.Name).FirstAsync())).Should().Be("automobile", "the class itself was renamed");
        (await OntologyAsync(api, p.ProjectId)).Ontology.Classes.Should().ContainSingle(c => c.Name == "automobile").Which.Synonyms.Should().Equal("car");
        var project = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{p.ProjectId}", ModelJson.Options))!;
        var stored = project["policy"].Deserialize<ValidationPolicy>(ModelJson.Options)!;
        stored.RequiredTextMentionClasses.Should().Equal("automobile", "dog");
        stored.RequiredLinks.Should().Equal("Image:automobile->Text");
    }

    [Fact]
    public async Task Admin_RemovesAnEnumerationValueInUse_TheRevalidationFlagsTheAnnotation_AndTheAnnotatorsFixClosesIt()
    {
        var p = await _app.WithScopeAsync(TestProject.CreateAsync);
        using var api = await ClientForAsync(await NewAdminAsync(p));
        using var annotator = await ClientForAsync(p.AnnotatorId);
        var created = await annotator.PostAsync($"/api/v1/items/{p.ItemId}/annotations", Json(new
        {
            assetId = p.Image.Id, label = "dog", attributes = new Dictionary<string, string> { ["pose"] = "sitting" },
            geometry = (Geometry)new Box2D(10, 10, 40, 30),
        }));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var box = (await created.Content.ReadFromJsonAsync<AnnotationView>(ModelJson.Options))!;
        (await FindingsAsync(api, p.ItemId)).Should().NotContain(f => f.RuleCode == "SEM-011");
        var (rulesVersion, ontology) = await OntologyAsync(api, p.ProjectId);

        // 'sitting' is no longer a pose; 'lying' is.
        var changed = ontology with
        {
            Attributes = [.. ontology.Attributes.Select(a => a.Name == "pose" ? a with { Values = ["standing", "lying"] } : a)],
        };
        var accepted = await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology = changed }));
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        await JobSucceededAsync(api, accepted.Headers.Location!);

        var flagged = (await FindingsAsync(api, p.ItemId)).Should().ContainSingle(f => f.RuleCode == "SEM-011").Subject;
        flagged.Status.Should().Be(FindingStatus.Open);
        flagged.AnnotationIds.Should().Equal(box.Id);
        flagged.Message.Should().Contain("pose 'sitting' is not one of standing, lying");

        // The annotator picks an allowed value: the save re-validates the item and the finding is fixed.
        var fixedSave = await annotator.PutAsync($"/api/v1/annotations/{box.Id}", Json(new
        {
            version = box.Version, attributes = new Dictionary<string, string> { ["pose"] = "lying" },
        }));
        fixedSave.StatusCode.Should().Be(HttpStatusCode.OK, await fixedSave.Content.ReadAsStringAsync());
        (await FindingsAsync(api, p.ItemId)).Should().ContainSingle(f => f.RuleCode == "SEM-011").Which.Status.Should().Be(FindingStatus.Fixed);
    }

    [Fact]
    public async Task Admin_LeavesOutAnUnusedClassAndAParent_BothAreRemovedWithTheirEdgesAndPairs()
    {
        var p = await _app.WithScopeAsync(TestProject.CreateAsync);
        using var api = await ClientForAsync(await NewAdminAsync(p));
        var (rulesVersion, ontology) = await OntologyAsync(api, p.ProjectId);
        // 'car' is used by no annotation; 'animal' is the parent of 'dog' and 'cat', which stay without a parent.
        var smaller = ontology with
        {
            Classes = [.. ontology.Classes.Where(c => c.Name is not ("car" or "animal")).Select(c => c with { Parents = [.. c.Parents.Where(x => x != "animal")] })],
            Disjoint = [.. ontology.Disjoint.Where(d => d.A is not ("car" or "animal") && d.B is not ("car" or "animal"))],
        };

        var accepted = await api.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology = smaller }));

        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        (await accepted.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!["removed"]!.AsArray().Select(n => n!.GetValue<string>())
            .Should().Equal("animal", "car");
        var (_, stored) = await OntologyAsync(api, p.ProjectId);
        stored.Classes.Select(c => c.Name).Should().NotContain(["car", "animal"]);
        stored.Classes.Should().OnlyContain(c => c.Parents.Count == 0 || !c.Parents.Contains("animal"));
        stored.Disjoint.Should().BeEquivalentTo(smaller.Disjoint);
        (await DbAsync(db => db.OntologyClassParents.CountAsync(l => !db.OntologyClasses.Any(c => c.Id == l.ParentId) || !db.OntologyClasses.Any(c => c.Id == l.ChildId))))
            .Should().Be(0, "no is-a edge points at a removed class");
    }

    [Fact]
    public async Task TwoAdminsSavingTheSameVersionAtOnce_ExactlyOneWins_TheOtherGetsTheCurrentOntology()
    {
        var p = await _app.WithScopeAsync(TestProject.CreateAsync);
        using var first = await ClientForAsync(await NewAdminAsync(p));
        using var second = await ClientForAsync(await NewAdminAsync(p));
        var (rulesVersion, ontology) = await OntologyAsync(first, p.ProjectId);
        var withPuppy = ontology with { Classes = [.. ontology.Classes, new OntologyClassDefinition("puppy", ["dog"], [], ["puppies"])] };
        var withKitten = ontology with { Classes = [.. ontology.Classes, new OntologyClassDefinition("kitten", ["cat"], [], ["kittens"])] };

        var answers = await Task.WhenAll(
            first.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology = withPuppy })),
            second.PutAsync($"/api/v1/projects/{p.ProjectId}/ontology", Json(new { rulesVersion, ontology = withKitten })));

        answers.Select(a => a.StatusCode).Should().BeEquivalentTo([HttpStatusCode.Accepted, HttpStatusCode.Conflict]);
        var (after, stored) = await OntologyAsync(first, p.ProjectId);
        after.Should().Be(rulesVersion + 1, "one change went in");
        stored.Classes.Count(c => c.Name is "puppy" or "kitten").Should().Be(1, "the loser's class was not half-saved");
        var loser = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
        var conflict = (await loser.Content.ReadFromJsonAsync<JsonObject>(ModelJson.Options))!;
        conflict["currentVersion"]!.GetValue<int>().Should().Be(rulesVersion + 1);
    }

    // ---- helpers ----

    private static StringContent Json<T>(T body) => ApiClients.Json(body);

    private Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query, AppFactory? app = null) => (app ?? _app).WithScopeAsync(s => query(s.GetRequiredService<AppDbContext>()));

    private static async Task<(int RulesVersion, OntologyDefinition Ontology)> OntologyAsync(HttpClient api, Guid projectId)
    {
        var project = (await api.GetFromJsonAsync<JsonObject>($"/api/v1/projects/{projectId}", ModelJson.Options))!;
        return (project["rulesVersion"]!.GetValue<int>(), project["ontology"].Deserialize<OntologyDefinition>(ModelJson.Options)!);
    }

    private static async Task<List<FindingView>> FindingsAsync(HttpClient api, Guid itemId) =>
        (await api.GetFromJsonAsync<List<FindingView>>($"/api/v1/items/{itemId}/findings", ModelJson.Options))!;

    private sealed record FindingView(string RuleCode, FindingStatus Status, List<Guid> AnnotationIds, string Message);

    private static async Task JobSucceededAsync(HttpClient api, Uri location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        string? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = (await api.GetFromJsonAsync<JsonObject>(location, ModelJson.Options))!["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed")
            {
                break;
            }
            await Task.Delay(200);
        }
        status.Should().Be("succeeded");
    }

    private static async Task<AnnotationView> CreateAsync(HttpClient api, TestProject p, Guid assetId, string label, Geometry geometry)
    {
        var response = await api.PostAsync($"/api/v1/items/{p.ItemId}/annotations", Json(new { assetId, label, geometry }));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AnnotationView>(ModelJson.Options))!;
    }

    private static Task<Dictionary<string, string>> ErrorsAsync(HttpResponseMessage response) => ApiClients.ErrorsAsync(response);

    private Task<HttpClient> ClientForAsync(string userId, AppFactory? app = null) => ApiClients.BearerClientAsync(app ?? _app, userId);

    private Task<string> NewAdminAsync(TestProject p, AppFactory? app = null) => ApiClients.NewMemberAsync(app ?? _app, p.ProjectId, "admin", ProjectRole.Admin);
}
