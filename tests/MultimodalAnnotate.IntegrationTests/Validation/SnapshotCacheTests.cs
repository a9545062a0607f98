using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.IntegrationTests.Infrastructure;
using MultimodalAnnotate.IntegrationTests.Support;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Annotate;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.IntegrationTests.Validation;

/// <summary>
/// On-save validation reuses the item's last validated snapshot (ADR-008) — and never when anything else changed
/// the item meanwhile: a write that skipped validation, a rolled-back transaction, another node.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SnapshotCacheTests(PostgresServer server) : IAsyncLifetime
{
    private AppFactory _app = default!;
    private TestProject _p = default!;

    public async Task InitializeAsync()
    {
        _app = await AppFactory.PostgresAsync(server);
        _p = await _app.WithScopeAsync(TestProject.CreateAsync);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EverySaveAfterTheFirst_ValidatesFromTheCache_AndStoresWhatAFullReadWould()
    {
        var cache = _app.Services.GetRequiredService<SnapshotCache>();
        var box = await CreateAsync(_app, _p.Image.Id, "dog", new Box2D(100, 100, 80, 60));
        var misses = cache.Misses;
        var span = await CreateAsync(_app, _p.Text.Id, "cat", new TextSpan(17, 20));
        var segment = await CreateAsync(_app, _p.Audio.Id, "dog", new TimeSegment(0.1, 0.4));
        var entity = await LinkAsync(_app, box.Id, span.Id, segment.Id);
        await UpdateAsync(_app, box.Id, g: new Box2D(120, 100, 80, 60));
        var entityVersion = await _app.WithScopeAsync(s =>
            s.GetRequiredService<AppDbContext>().Entities.Where(e => e.Id == entity.Id).Select(e => e.Version).SingleAsync());
        (await _app.WithScopeAsync(s => s.GetRequiredService<UnlinkMention>().ExecuteAsync(
            new UnlinkMention.Request(segment.Id, entityVersion), _p.AnnotatorId, CancellationToken.None))).Outcome.Should().Be(WriteOutcome.Ok);
        var segmentVersion = await Version(segment.Id);
        (await _app.WithScopeAsync(s => s.GetRequiredService<DeleteAnnotation>().ExecuteAsync(
            new DeleteAnnotation.Request(segment.Id, segmentVersion), _p.AnnotatorId, CancellationToken.None))).Outcome.Should().Be(WriteOutcome.Ok);

        cache.Misses.Should().Be(misses, "create, link, update, unlink and delete each patched the cached snapshot");
        cache.Hits.Should().BeGreaterThanOrEqualTo(5);
        var cached = await StoredFindingsAsync();
        cached.Should().Contain(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open && f.EntityId == entity.Id, "dog vs cat");

        // The same item validated from a full read of the store: nothing to change.
        cache.Forget(_p.ItemId);
        await RevalidateAsync(_app);
        cache.Misses.Should().Be(misses + 1);
        (await StoredFindingsAsync()).Should().BeEquivalentTo(cached, "a patched snapshot validates exactly like a freshly read one");
    }

    [Fact]
    public async Task SavesAfterTheFirst_ReuseTheEnginesFactsOfUnchangedAnnotations_AndStoreWhatAFullReadWould()
    {
        var cache = _app.Services.GetRequiredService<SnapshotCache>();
        var (box, span) = await DogCatAsync(_app);
        var segment = await CreateAsync(_app, _p.Audio.Id, "dog", new TimeSegment(0.1, 0.4));
        var memo = cache.MemoOf(_p.ItemId);
        memo.Should().NotBeNull();
        var reused = memo!.AnnotationReuses;

        // Geometry and label edits: the annotations not edited (and the assets) come from the memo.
        await UpdateAsync(_app, box.Id, g: new Box2D(121, 100, 80, 60));
        await UpdateAsync(_app, segment.Id, g: new TimeSegment(0.2, 0.5));
        await UpdateAsync(_app, span.Id, label: "dog");
        await UpdateAsync(_app, box.Id, label: "cat");

        cache.MemoOf(_p.ItemId).Should().BeSameAs(memo, "the memo stays with the item's cached snapshot");
        memo.AnnotationReuses.Should().BeGreaterThanOrEqualTo(reused + 8, "each of the four saves reused the two annotations it did not edit");
        var cached = await StoredFindingsAsync();
        cached.Should().Contain(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open && f.Severity == Severity.Error,
            "the box is a cat now, the span a dog");

        // The same item validated from a full read of the store, without a memo: nothing to change.
        cache.Forget(_p.ItemId);
        await RevalidateAsync(_app);
        (await StoredFindingsAsync()).Should().BeEquivalentTo(cached, "validating with the memo gives what validating from scratch gives");
    }

    [Fact]
    public async Task AWriteThatSkippedValidation_ClearsTheStamp_SoTheNextSaveReadsTheStore()
    {
        var (box, _) = await DogCatAsync(_app);
        (await ItemAsync()).SnapshotStamp.Should().NotBeNull();

        // A bulk fix straight through the store (no use case, no validation): the box becomes a cat.
        await _app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var cat = await db.OntologyClasses.SingleAsync(c => c.ProjectId == _p.ProjectId && c.Name == "cat");
            (await db.Annotations.SingleAsync(a => a.Id == box.Id)).ClassId = cat.Id;
            return await db.SaveChangesAsync();
        });
        (await ItemAsync()).SnapshotStamp.Should().BeNull("the inputs changed without being validated");

        var misses = _app.Services.GetRequiredService<SnapshotCache>().Misses;
        await CreateAsync(_app, _p.Audio.Id, "car", new TimeSegment(0.1, 0.4));
        _app.Services.GetRequiredService<SnapshotCache>().Misses.Should().Be(misses + 1);
        (await StoredFindingsAsync()).Should().NotContain(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open && f.Severity == Severity.Error,
            "the relabelled box agrees with the caption, which only a fresh read knows");
    }

    [Fact]
    public async Task ARolledBackSave_LeavesNoSnapshotBehind()
    {
        var (box, _) = await DogCatAsync(_app);

        // The fix is validated inside a transaction that is then rolled back.
        await _app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var cat = await db.OntologyClasses.SingleAsync(c => c.ProjectId == _p.ProjectId && c.Name == "cat");
            (await db.Annotations.SingleAsync(a => a.Id == box.Id)).ClassId = cat.Id;
            await db.SaveChangesAsync();
            await s.GetRequiredService<ItemValidation>().RevalidateAsync(db, _p.ItemId, CancellationToken.None);
            await tx.RollbackAsync();
            return 0;
        });

        await CreateAsync(_app, _p.Audio.Id, "car", new TimeSegment(0.1, 0.4));
        (await StoredFindingsAsync()).Should().Contain(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open && f.Severity == Severity.Error,
            "the box is still a dog in the store");
    }

    [Fact]
    public async Task ASaveOnAnotherNode_IsSeenByThisNodesNextSave()
    {
        var (box, _) = await DogCatAsync(_app);
        await using var other = AppFactory.Postgres(_app.ConnectionString);

        await UpdateAsync(other, box.Id, label: "cat");
        (await StoredFindingsAsync()).Should().NotContain(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open && f.Severity == Severity.Error);

        // This node still holds its snapshot with the dog; the stamp the other node wrote tells it not to use it.
        await CreateAsync(_app, _p.Audio.Id, "car", new TimeSegment(0.1, 0.4));
        (await StoredFindingsAsync()).Should().NotContain(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open && f.Severity == Severity.Error,
            "the other node's fix must not be undone by a stale snapshot");
    }

    [Fact]
    public async Task ASaveWaitingForTheItemLock_ComparesTheStampTheHolderCommitted()
    {
        // The lock is the UPDATE that writes the new stamp, chosen by whether the old one is the cached snapshot's:
        // a save that waited for another node's transaction must compare that node's stamp, not the one it would
        // have read before waiting.
        var (box, _) = await DogCatAsync(_app);
        var cache = _app.Services.GetRequiredService<SnapshotCache>();
        await using var other = AppFactory.Postgres(_app.ConnectionString);
        await using var scope = other.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var cat = await db.OntologyClasses.SingleAsync(c => c.ProjectId == _p.ProjectId && c.Name == "cat");
        (await db.Annotations.SingleAsync(a => a.Id == box.Id)).ClassId = cat.Id;
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<ItemValidation>().RevalidateAsync(db, _p.ItemId, CancellationToken.None);
        var misses = cache.Misses;

        var waiting = CreateAsync(_app, _p.Audio.Id, "car", new TimeSegment(0.1, 0.4));
        await _app.WaitForALockWaitAsync("the item's row");
        waiting.IsCompleted.Should().BeFalse("the other node holds the item's row");
        await tx.CommitAsync();
        await waiting;

        cache.Misses.Should().Be(misses + 1, "the stamp the other node committed is not the cached snapshot's");
        (await StoredFindingsAsync()).Should().NotContain(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open && f.Severity == Severity.Error,
            "the other node's fix must not be undone by a stale snapshot");
    }

    [Fact]
    public async Task AValidationDeferredPastItsSave_LocksTheItemAgain_AndKeepsTheStampOfWhatItCached()
    {
        // A change the cached snapshot cannot take (an asset's time base) is validated after it is saved: the item is
        // locked (and stamped) a second time in the transaction, and the context must know the stamp that is stored.
        var cache = _app.Services.GetRequiredService<SnapshotCache>();
        await DogCatAsync(_app);
        await _app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var validation = s.GetRequiredService<ItemValidation>();
            await using var tx = await db.Database.BeginTransactionAsync();
            var locked = await validation.LockItemAsync(db, _p.ItemId, CancellationToken.None);
            var audio = await db.Assets.SingleAsync(a => a.Id == _p.Audio.Id);
            audio.TimeBase = audio.TimeBase with { Offset = audio.TimeBase.Offset + 0.05 };
            var staged = await validation.StageAsync(db, locked, CancellationToken.None);
            staged.Deferred.Should().BeTrue("the cached snapshot cannot take an asset's change before it is saved");
            await db.SaveChangesAsync();
            await validation.CompleteAsync(db, staged, CancellationToken.None);
            await tx.CommitAsync();
            return 0;
        });

        var stored = await ItemAsync();
        stored.SnapshotStamp.Should().NotBeNull().And.Be(cache.StampOf(_p.ItemId), "the cached snapshot is the one the stored stamp names");
        var misses = cache.Misses;
        await CreateAsync(_app, _p.Audio.Id, "car", new TimeSegment(0.1, 0.4));
        cache.Misses.Should().Be(misses, "the next save validates from the cache");
    }

    [Fact]
    public async Task ConcurrentSavesOfOneItem_OnTwoNodes_LeaveTheFindingsAFullReadWouldStore()
    {
        await using var other = AppFactory.Postgres(_app.ConnectionString);
        var pairs = new List<(AnnotationView Box, AnnotationView Span)>();
        for (var n = 0; n < 4; n++)
        {
            pairs.Add(await DogCatAsync(n % 2 == 0 ? _app : other));
        }

        // Eight saves at once, alternating nodes: half relabel boxes (fixing their entity), half move them.
        await Task.WhenAll(pairs.SelectMany((pair, n) => new[]
        {
            UpdateAsync(n % 2 == 0 ? _app : other, pair.Box.Id, label: n % 2 == 0 ? "cat" : null, g: n % 2 == 0 ? null : new Box2D(130, 100, 80, 60)),
            CreateAsync(n % 2 == 0 ? other : _app, _p.Audio.Id, "car", new TimeSegment(0.1 * n, 0.1 * n + 0.2)),
        }));

        var stored = await StoredFindingsAsync();
        _app.Services.GetRequiredService<SnapshotCache>().Forget(_p.ItemId);
        await RevalidateAsync(_app);
        (await StoredFindingsAsync()).Should().BeEquivalentTo(stored, "every save validated what the others had committed");
        stored.Count(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open && f.Severity == Severity.Error).Should().Be(2, "two of the four dog/cat entities were fixed");
    }

    [Fact]
    public async Task AReviewersDecision_IsSeenByTheNextSave()
    {
        await DogCatAsync(_app);
        await _app.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var f = await db.Findings.SingleAsync(x => x.ItemId == _p.ItemId && x.Type == FindingType.Semantic);
            f.Status = FindingStatus.Waived;
            f.WaiverReason = "the caption is about the neighbour's cat";
            return await db.SaveChangesAsync();
        });

        await CreateAsync(_app, _p.Audio.Id, "car", new TimeSegment(0.1, 0.4));
        (await StoredFindingsAsync()).Single(f => f.Type == FindingType.Semantic).Status.Should().Be(FindingStatus.Waived,
            "the waiver written outside the validation must not be overwritten from cached findings");
    }

    [Fact]
    public void FindingCopy_CopiesEveryProperty()
    {
        var original = new FindingRecord();
        foreach (var property in typeof(FindingRecord).GetProperties().Where(p => p.CanWrite))
        {
            var value = property.PropertyType switch
            {
                var t when t == typeof(string) => (object?)("x-" + property.Name),
                var t when t == typeof(Guid) || t == typeof(Guid?) => Guid.NewGuid(),
                var t when t == typeof(double?) => 1.5,
                var t when t == typeof(bool) => true,
                var t when t == typeof(DateTimeOffset) || t == typeof(DateTimeOffset?) => DateTimeOffset.UnixEpoch.AddDays(property.Name.Length),
                var t when t == typeof(List<Guid>) => new List<Guid> { Guid.NewGuid() },
                var t when t.IsEnum => Enum.GetValues(t).GetValue(Enum.GetValues(t).Length - 1),
                var t when Nullable.GetUnderlyingType(t) is { IsEnum: true } e => Enum.GetValues(e).GetValue(Enum.GetValues(e).Length - 1),
                var t => throw new InvalidOperationException($"no test value for {property.Name} ({t})"),
            };
            property.SetValue(original, value);
        }

        SnapshotCache.Copy(original).Should().BeEquivalentTo(original);
    }

    [Fact]
    public async Task SwitchedOff_EverySaveReadsTheStore()
    {
        await using var app = AppFactory.Postgres(_app.ConnectionString).WithSetting("Validation:SnapshotCache", "false");
        var cache = app.Services.GetRequiredService<SnapshotCache>();
        await DogCatAsync(app);
        cache.Hits.Should().Be(0);
        cache.Misses.Should().Be(3);
        cache.Count.Should().Be(0);
    }

    [Fact]
    public async Task AnEditThatFixesOrReopensAFinding_StoresFindingAndRatesWithTheSave_AndKeepsTheCacheValid()
    {
        // Interactive saves validate while the change is being written and store changed findings in a second round
        // trip of the same transaction: that write must carry the validation (no stamp cleared, next save a hit).
        var cache = _app.Services.GetRequiredService<SnapshotCache>();
        var (box, _) = await DogCatAsync(_app);

        await UpdateAsync(_app, box.Id, label: "cat");

        var fixedState = await StoredFindingsAsync();
        fixedState.Should().ContainSingle(f => f.Key.StartsWith("SEM-002", StringComparison.Ordinal)).Which.Status.Should().Be(FindingStatus.Fixed);
        await RatesMatchStoredFindingsAsync();
        (await ItemAsync()).SnapshotStamp.Should().NotBeNull("the findings write belongs to the validation, not to an outside change");

        var misses = cache.Misses;
        await UpdateAsync(_app, box.Id, label: "dog");

        cache.Misses.Should().Be(misses, "the stamp written with the findings is the cached one");
        (await StoredFindingsAsync()).Should().ContainSingle(f => f.Key.StartsWith("SEM-002", StringComparison.Ordinal)).Which.Status.Should().Be(FindingStatus.Open);
        await RatesMatchStoredFindingsAsync();
    }

    /// <summary>The item's stored rates count the entities (units) of its stored open error findings.</summary>
    private async Task RatesMatchStoredFindingsAsync()
    {
        var errorUnits = (await StoredFindingsAsync())
            .Where(f => f.Status == FindingStatus.Open && f.Severity == Severity.Error)
            .Select(f => f.EntityId?.ToString() ?? f.Ids)
            .Distinct()
            .Count();
        var item = await ItemAsync();
        item.UnitsWithError.Should().Be(errorUnits);
        item.SyncErrorRate.Should().BeApproximately((double)errorUnits / item.UnitsInScope, 1e-12);
    }

    private async Task<(AnnotationView Box, AnnotationView Span)> DogCatAsync(AppFactory app)
    {
        var box = await CreateAsync(app, _p.Image.Id, "dog", new Box2D(100, 100, 80, 60));
        var span = await CreateAsync(app, _p.Text.Id, "cat", new TextSpan(17, 20));
        await LinkAsync(app, box.Id, span.Id);
        (await StoredFindingsAsync()).Should().Contain(f => f.Type == FindingType.Semantic && f.Status == FindingStatus.Open && f.Severity == Severity.Error);
        return (box, span);
    }

    private async Task<AnnotationView> CreateAsync(AppFactory app, Guid assetId, string label, Geometry geometry)
    {
        var result = await app.WithScopeAsync(s => s.GetRequiredService<CreateAnnotation>().ExecuteAsync(
            new CreateAnnotation.Request(_p.ItemId, assetId, label, null, geometry), _p.AnnotatorId, CancellationToken.None));
        result.Outcome.Should().Be(WriteOutcome.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return result.Value!;
    }

    private async Task<EntityView> LinkAsync(AppFactory app, params Guid[] ids)
    {
        var result = await app.WithScopeAsync(s => s.GetRequiredService<LinkMentions>().ExecuteAsync(
            new LinkMentions.Request(_p.ItemId, ids), _p.AnnotatorId, CancellationToken.None));
        result.Outcome.Should().Be(WriteOutcome.Ok);
        return result.Value!;
    }

    private async Task UpdateAsync(AppFactory app, Guid id, string? label = null, Geometry? g = null)
    {
        var result = await app.WithScopeAsync(async s => await s.GetRequiredService<UpdateAnnotation>().ExecuteAsync(
            new UpdateAnnotation.Request(id, await Version(id), Label: label, Geometry: g), _p.AnnotatorId, CancellationToken.None));
        result.Outcome.Should().Be(WriteOutcome.Ok);
    }

    private Task RevalidateAsync(AppFactory app) => app.WithScopeAsync(async s =>
    {
        var db = s.GetRequiredService<AppDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var result = await s.GetRequiredService<ItemValidation>().RevalidateAsync(db, _p.ItemId, CancellationToken.None);
        await tx.CommitAsync();
        return result;
    });

    private Task<int> Version(Guid annotationId) => _app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().Annotations.Where(a => a.Id == annotationId).Select(a => a.Version).SingleAsync());

    private Task<Item> ItemAsync() => _app.WithScopeAsync(s =>
        s.GetRequiredService<AppDbContext>().Items.AsNoTracking().SingleAsync(i => i.Id == _p.ItemId));

    private async Task<List<(string Key, FindingStatus Status, string Message, Guid? EntityId, FindingType Type, Severity Severity, string Ids)>> StoredFindingsAsync()
    {
        var rows = await _app.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Findings.AsNoTracking()
            .Where(f => f.ItemId == _p.ItemId).ToListAsync());
        return [.. rows.OrderBy(f => f.Key).Select(f => (f.Key, f.Status, f.Message, f.EntityId, f.Type, f.Severity, string.Join(",", f.AnnotationIds.Order())))];
    }
}
