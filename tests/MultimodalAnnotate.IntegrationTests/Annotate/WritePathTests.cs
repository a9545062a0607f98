using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.IntegrationTests.Annotate;

/// <summary>The annotation write path on real PostgreSQL: one transaction per use case, history rows, conflicts instead of overwrites.</summary>
public sealed class WritePathTests(WritePathTests.Store store) : IClassFixture<WritePathTests.Store>
{
    /// <summary>One app and test project for the class; each test makes its own annotations.</summary>
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

    private Task<WriteResult<AnnotationView>> CreateAsync(Guid assetId, string label, Geometry? geometry, string? user = null, Guid? itemId = null, Dictionary<string, string>? attributes = null) =>
        _app.WithScopeAsync(s => s.GetRequiredService<CreateAnnotation>().ExecuteAsync(
            new CreateAnnotation.Request(itemId ?? _p.ItemId, assetId, label, attributes, geometry), user ?? _p.AnnotatorId, CancellationToken.None));

    private Task<WriteResult<AnnotationView>> UpdateAsync(UpdateAnnotation.Request request, string? user = null) =>
        _app.WithScopeAsync(s => s.GetRequiredService<UpdateAnnotation>().ExecuteAsync(request, user ?? _p.AnnotatorId, CancellationToken.None));

    private Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> query) => _app.WithScopeAsync(s => query(s.GetRequiredService<AppDbContext>()));

    [Fact]
    public async Task Create_ValidBox_StoresDerivedFactsAndOneHistoryRow()
    {
        var result = await CreateAsync(_p.Video.Id, "Dog", new Box2D(10, 10, 50, 40) { Time = 0.2 });

        result.Outcome.Should().Be(WriteOutcome.Ok);
        result.Value!.Label.Should().Be("dog");
        result.Value.Granularity.Should().Be(Granularity.Region);
        result.Value.TimeStart.Should().BeApproximately(1.2, 1e-9, "the video starts at 1.0 s on the item's timeline");
        var history = await DbAsync(db => db.History.Where(h => h.SubjectId == result.Value.Id).ToListAsync());
        history.Should().ContainSingle().Which.Action.Should().Be("created");
        history[0].After.Should().Contain("\"box2d\"");
        history[0].UserId.Should().Be(_p.AnnotatorId);
    }

    [Fact]
    public async Task Update_StaleVersion_ReturnsConflictWithCurrentAndKeepsTheOtherSave()
    {
        var created = (await CreateAsync(_p.Image.Id, "dog", new Box2D(10, 10, 50, 40))).Value!;
        var first = await UpdateAsync(new UpdateAnnotation.Request(created.Id, created.Version, Geometry: new Box2D(12, 10, 50, 40)));
        first.Outcome.Should().Be(WriteOutcome.Ok);

        var second = await UpdateAsync(new UpdateAnnotation.Request(created.Id, created.Version, Label: "cat"), _p.ReviewerId);

        second.Outcome.Should().Be(WriteOutcome.Conflict);
        second.Errors["version"].Should().Contain("changed by someone else");
        var current = second.Current.Should().BeOfType<AnnotationView>().Subject;
        current.Version.Should().Be(2);
        current.Geometry.Should().Be(new Box2D(12, 10, 50, 40));
        var stored = await DbAsync(db => db.Annotations.AsNoTracking().FirstAsync(a => a.Id == created.Id));
        stored.Geometry.Should().Be(new Box2D(12, 10, 50, 40), "the first save is not overwritten");
        (await DbAsync(db => db.OntologyClasses.Where(c => c.Id == stored.ClassId).Select(c => c.Name).FirstAsync())).Should().Be("dog");
    }

    [Fact]
    public async Task Update_ConcurrentWritersWithSameVersion_ExactlyOneWinsAndTheOtherGetsConflict()
    {
        var created = (await CreateAsync(_p.Image.Id, "dog", new Box2D(10, 10, 50, 40))).Value!;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            UpdateAsync(new UpdateAnnotation.Request(created.Id, created.Version, Geometry: new Box2D(10 + i, 10, 50, 40)))));

        results.Count(r => r.Outcome == WriteOutcome.Ok).Should().Be(1);
        results.Count(r => r.Outcome == WriteOutcome.Conflict).Should().Be(5);
        var winner = results.Single(r => r.Succeeded).Value!;
        var stored = await DbAsync(db => db.Annotations.AsNoTracking().FirstAsync(a => a.Id == created.Id));
        stored.Version.Should().Be(2);
        stored.Geometry.Should().Be(winner.Geometry);
        (await DbAsync(db => db.History.CountAsync(h => h.SubjectId == created.Id && h.Action == "updated"))).Should().Be(1);
    }

    [Fact]
    public async Task Update_RecordsBeforeAndAfterInHistory()
    {
        var created = (await CreateAsync(_p.Audio.Id, "dog", new TimeSegment(0.5, 1.0))).Value!;

        var updated = await UpdateAsync(new UpdateAnnotation.Request(created.Id, 1, Label: "cat", Geometry: new TimeSegment(0.6, 1.1)));

        updated.Outcome.Should().Be(WriteOutcome.Ok);
        var row = await DbAsync(db => db.History.SingleAsync(h => h.SubjectId == created.Id && h.Action == "updated"));
        row.Before.Should().Contain("\"label\":\"dog\"").And.Contain("0.5");
        row.After.Should().Contain("\"label\":\"cat\"").And.Contain("0.6");
    }

    [Fact]
    public async Task Delete_RemovesAnnotationAndKeepsFullBeforeStateInHistory()
    {
        var created = (await CreateAsync(_p.Text.Id, "dog", new TextSpan(2, 5))).Value!;

        var stale = await _app.WithScopeAsync(s => s.GetRequiredService<DeleteAnnotation>().ExecuteAsync(new DeleteAnnotation.Request(created.Id, 7), _p.AnnotatorId, CancellationToken.None));
        var deleted = await _app.WithScopeAsync(s => s.GetRequiredService<DeleteAnnotation>().ExecuteAsync(new DeleteAnnotation.Request(created.Id, 1), _p.AnnotatorId, CancellationToken.None));

        stale.Outcome.Should().Be(WriteOutcome.Conflict);
        deleted.Outcome.Should().Be(WriteOutcome.Ok);
        (await DbAsync(db => db.Annotations.AnyAsync(a => a.Id == created.Id))).Should().BeFalse();
        var row = await DbAsync(db => db.History.SingleAsync(h => h.SubjectId == created.Id && h.Action == "deleted"));
        row.Before.Should().Contain("\"span\"").And.Contain("\"label\":\"dog\"");
        row.After.Should().BeNull();
    }

    [Fact]
    public async Task LinkAndUnlink_MoveMentionsAndRecordHistory_StaleEntityVersionConflicts()
    {
        var box = (await CreateAsync(_p.Image.Id, "dog", new Box2D(10, 10, 50, 40))).Value!;
        var span = (await CreateAsync(_p.Text.Id, "dog", new TextSpan(2, 5))).Value!;

        var linked = await _app.WithScopeAsync(s => s.GetRequiredService<LinkMentions>().ExecuteAsync(
            new LinkMentions.Request(_p.ItemId, [box.Id, span.Id], NewEntityName: "dog #1"), _p.AnnotatorId, CancellationToken.None));
        linked.Outcome.Should().Be(WriteOutcome.Ok);
        linked.Value!.Mentions.Should().BeEquivalentTo([box.Id, span.Id]);
        linked.Value.Name.Should().Be("dog #1");

        var staleUnlink = await _app.WithScopeAsync(s => s.GetRequiredService<UnlinkMention>().ExecuteAsync(
            new UnlinkMention.Request(span.Id, linked.Value.Version + 5), _p.AnnotatorId, CancellationToken.None));
        staleUnlink.Outcome.Should().Be(WriteOutcome.Conflict);

        var unlinked = await _app.WithScopeAsync(s => s.GetRequiredService<UnlinkMention>().ExecuteAsync(
            new UnlinkMention.Request(span.Id, linked.Value.Version), _p.AnnotatorId, CancellationToken.None));
        unlinked.Outcome.Should().Be(WriteOutcome.Ok);
        unlinked.Value!.Mentions.Should().Equal(box.Id);

        var history = await DbAsync(db => db.History.Where(h => h.SubjectId == linked.Value.Id).OrderBy(h => h.Id).Select(h => h.Action).ToListAsync());
        history.Should().ContainInOrder("created", "linked", "linked", "mentions", "unlinked", "mentions");
        (await DbAsync(db => db.Annotations.AsNoTracking().FirstAsync(a => a.Id == span.Id))).EntityId.Should().BeNull();
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "unknown-label", "label" },
        { "other-item-asset", "assetId" },
        { "box-outside-image", "geometry" },
        { "segment-past-end", "geometry" },
        { "frame-time-past-end", "geometry" },
        { "span-outside-text", "geometry" },
        { "cuboid-on-image", "geometry" },
        { "bad-enum-attribute", "attributes.pose" },
        { "unknown-colour", "attributes.colour" },
        { "bad-boolean-attribute", "attributes.moving" },
        { "bad-number-attribute", "attributes.speed" },
        { "nan-coordinate", "geometry" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Create_BadInput_ReturnsFieldErrorAndChangesNothing(string scenario, string field)
    {
        var before = await DbAsync(TestProject.CountsAsync);

        var result = scenario switch
        {
            "unknown-label" => await CreateAsync(_p.Image.Id, "dgo", new Box2D(1, 1, 5, 5)),
            "other-item-asset" => await CreateAsync(_p.OtherItemImage.Id, "dog", new Box2D(1, 1, 5, 5)),
            "box-outside-image" => await CreateAsync(_p.Image.Id, "dog", new Box2D(600, 10, 100, 40)),
            "segment-past-end" => await CreateAsync(_p.Audio.Id, "dog", new TimeSegment(2.5, 3.5)),
            "frame-time-past-end" => await CreateAsync(_p.Video.Id, "dog", new Box2D(1, 1, 5, 5) { Time = 0.9 }),
            "span-outside-text" => await CreateAsync(_p.Text.Id, "dog", new TextSpan(20, 40)),
            "cuboid-on-image" => await CreateAsync(_p.Image.Id, "dog", new Cuboid(new Vec3(1, 1, 1), new Vec3(1, 1, 1), 0)),
            "bad-enum-attribute" => await CreateAsync(_p.Image.Id, "dog", new Box2D(1, 1, 5, 5), attributes: new() { ["pose"] = "flying" }),
            "unknown-colour" => await CreateAsync(_p.Image.Id, "dog", new Box2D(1, 1, 5, 5), attributes: new() { ["colour"] = "vermilion" }),
            "bad-boolean-attribute" => await CreateAsync(_p.Image.Id, "dog", new Box2D(1, 1, 5, 5), attributes: new() { ["moving"] = "maybe" }),
            "bad-number-attribute" => await CreateAsync(_p.Image.Id, "dog", new Box2D(1, 1, 5, 5), attributes: new() { ["speed"] = "fast" }),
            _ => await CreateAsync(_p.Image.Id, "dog", new Box2D(double.NaN, 1, 5, 5)),
        };

        result.Outcome.Should().Be(WriteOutcome.Invalid);
        result.Errors.Should().ContainKey(field);
        result.Errors[field].Should().NotBeNullOrWhiteSpace();
        (await DbAsync(TestProject.CountsAsync)).Should().Be(before);
    }

    [Theory]
    [InlineData("1", "12.5", "Sitting")]
    [InlineData("TRUE", "-3e2", "standing")]
    [InlineData("0", "0", " sitting ")]
    public async Task Create_AttributeValuesTheDefinitionsAllow_AreSaved_AndRaiseNoAttributeFinding(string moving, string speed, string pose)
    {
        var result = await CreateAsync(_p.Image.Id, "dog", new Box2D(1, 1, 5, 5), attributes: new() { ["moving"] = moving, ["speed"] = speed, ["pose"] = pose });

        result.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        (await DbAsync(db => db.Findings.Where(f => f.ItemId == _p.ItemId && f.RuleCode == "SEM-011").CountAsync())).Should().Be(0);
    }

    [Theory]
    [InlineData("#1a2B3c", true)]
    [InlineData(" Navy ", true)]
    [InlineData("#12345", false)]
    [InlineData("facade", false)]
    [InlineData("vermilion", false)]
    public async Task Create_AColourIsATermOfTheTaxonomyOrHex_AsTheEngineComparesThem(string colour, bool accepted)
    {
        var result = await CreateAsync(_p.Image.Id, "dog", new Box2D(1, 1, 5, 5), attributes: new() { ["colour"] = colour });

        result.Outcome.Should().Be(accepted ? WriteOutcome.Ok : WriteOutcome.Invalid);
        if (!accepted)
        {
            result.Errors["attributes.colour"].Should().Be($"\"{colour}\" is neither a colour of the project's colour taxonomy nor #rrggbb");
        }
    }

    [Fact]
    public async Task Create_UnknownLabel_SuggestsTheClosestClass()
    {
        var result = await CreateAsync(_p.Image.Id, "dgo", new Box2D(1, 1, 5, 5));

        result.Errors["label"].Should().Contain("\"dgo\"").And.Contain("did you mean \"dog\"");
    }

    [Fact]
    public async Task Create_ByOutsiderOrQaLead_IsForbiddenAndChangesNothing()
    {
        var before = await DbAsync(TestProject.CountsAsync);

        var outsider = await CreateAsync(_p.Image.Id, "dog", new Box2D(1, 1, 5, 5), _p.OutsiderId);
        var qa = await CreateAsync(_p.Image.Id, "dog", new Box2D(1, 1, 5, 5), _p.QaLeadId);

        outsider.Outcome.Should().Be(WriteOutcome.Forbidden);
        qa.Outcome.Should().Be(WriteOutcome.Forbidden);
        (await DbAsync(TestProject.CountsAsync)).Should().Be(before);
    }

    [Fact]
    public async Task Update_GeometryOnlyByOutsiderOrQaLeadOrWithStaleVersion_ChangesNothingAndTheNextSaveValidatesAsUsual()
    {
        // A geometry-only edit is the one whose validation starts early (ADR-008): when a check refuses the save,
        // neither the annotation, its history, the item's validation stamp nor its findings move.
        var created = (await CreateAsync(_p.Image.Id, "dog", new Box2D(10, 10, 40, 30))).Value!;
        var before = await DbAsync(TestProject.CountsAsync);
        var item = await DbAsync(db => db.Items.AsNoTracking().Where(i => i.Id == _p.ItemId).Select(i => new { i.SnapshotStamp, i.ValidatedAt }).FirstAsync());
        var findings = await DbAsync(db => db.Findings.AsNoTracking().Where(f => f.ItemId == _p.ItemId).OrderBy(f => f.Key).Select(f => f.Key + " " + f.Status).ToListAsync());
        var moved = new Box2D(200, 150, 40, 30);

        var outsider = await UpdateAsync(new UpdateAnnotation.Request(created.Id, 1, Geometry: moved), _p.OutsiderId);
        var qa = await UpdateAsync(new UpdateAnnotation.Request(created.Id, 1, "dog", Geometry: moved), _p.QaLeadId);
        var stale = await UpdateAsync(new UpdateAnnotation.Request(created.Id, 7, "dog", Geometry: moved));

        outsider.Outcome.Should().Be(WriteOutcome.Forbidden);
        qa.Outcome.Should().Be(WriteOutcome.Forbidden);
        stale.Outcome.Should().Be(WriteOutcome.Conflict);
        var current = stale.Current.Should().BeOfType<AnnotationView>().Subject;
        current.Version.Should().Be(1, "the conflict reports the stored version, not the refused edit");
        current.Geometry.Should().Be(new Box2D(10, 10, 40, 30));
        var stored = await DbAsync(db => db.Annotations.AsNoTracking().FirstAsync(a => a.Id == created.Id));
        stored.Version.Should().Be(1);
        stored.Geometry.Should().Be(new Box2D(10, 10, 40, 30));
        (await DbAsync(TestProject.CountsAsync)).Should().Be(before);
        (await DbAsync(db => db.Items.AsNoTracking().Where(i => i.Id == _p.ItemId).Select(i => new { i.SnapshotStamp, i.ValidatedAt }).FirstAsync())).Should().Be(item);
        (await DbAsync(db => db.Findings.AsNoTracking().Where(f => f.ItemId == _p.ItemId).OrderBy(f => f.Key).Select(f => f.Key + " " + f.Status).ToListAsync()))
            .Should().Equal(findings);

        var saved = await UpdateAsync(new UpdateAnnotation.Request(created.Id, 1, "dog", Geometry: moved));
        saved.Outcome.Should().Be(WriteOutcome.Ok);
        saved.Value!.Version.Should().Be(2);
        (await DbAsync(db => db.Annotations.AsNoTracking().FirstAsync(a => a.Id == created.Id))).Geometry.Should().Be(moved);
        var stamp = await DbAsync(db => db.Items.AsNoTracking().Where(i => i.Id == _p.ItemId).Select(i => i.SnapshotStamp).FirstAsync());
        stamp.Should().NotBeNull().And.NotBe(item.SnapshotStamp!.Value, "the save was validated");
    }

    [Fact]
    public async Task Create_OnMissingItem_IsNotFound()
    {
        var result = await CreateAsync(_p.Image.Id, "dog", new Box2D(1, 1, 5, 5), itemId: Guid.NewGuid());

        result.Outcome.Should().Be(WriteOutcome.NotFound);
    }
}
