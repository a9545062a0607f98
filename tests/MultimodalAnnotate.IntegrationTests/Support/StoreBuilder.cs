using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.IntegrationTests.Support;

/// <summary>A small project written straight into the store: a user per role, an ontology, one item with an asset of each modality.</summary>
public sealed record TestProject(
    Guid ProjectId,
    Guid ItemId,
    Guid OtherItemId,
    string AnnotatorId,
    string ReviewerId,
    string QaLeadId,
    string OutsiderId,
    Asset Image,
    Asset Video,
    Asset Audio,
    Asset Text,
    Asset Cloud,
    Asset OtherItemImage)
{
    public static async Task<TestProject> CreateAsync(IServiceProvider services)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        async Task<string> User(string name)
        {
            var user = new ApplicationUser { UserName = $"{name}-{Guid.NewGuid():N}@test.local", Email = $"{name}-{Guid.NewGuid():N}@test.local", DisplayName = name };
            (await users.CreateAsync(user, "Test!pass1")).Succeeded.Should().BeTrue();
            return user.Id;
        }
        var annotator = await User("annotator");
        var reviewer = await User("reviewer");
        var qa = await User("qa");
        var outsider = await User("outsider");

        var db = services.GetRequiredService<AppDbContext>();
        var now = DateTimeOffset.UtcNow;
        var project = new Project { Name = $"test {Guid.NewGuid():N}", CreatedAt = now };
        db.Projects.Add(project);
        db.ProjectMembers.AddRange(
            new ProjectMember { ProjectId = project.Id, UserId = annotator, Role = ProjectRole.Annotator, AddedAt = now },
            new ProjectMember { ProjectId = project.Id, UserId = reviewer, Role = ProjectRole.Reviewer, AddedAt = now },
            new ProjectMember { ProjectId = project.Id, UserId = qa, Role = ProjectRole.QaLead, AddedAt = now });
        var animal = new OntologyClass { ProjectId = project.Id, Name = "animal" };
        var dog = new OntologyClass { ProjectId = project.Id, Name = "dog", Synonyms = ["doggy"], Forms = ["dogs"] };
        dog.ParentLinks.Add(new OntologyClassParent { ChildId = dog.Id, ParentId = animal.Id });
        var cat = new OntologyClass { ProjectId = project.Id, Name = "cat" };
        cat.ParentLinks.Add(new OntologyClassParent { ChildId = cat.Id, ParentId = animal.Id });
        var car = new OntologyClass { ProjectId = project.Id, Name = "car" };
        db.OntologyClasses.AddRange(animal, dog, cat, car);
        db.OntologyDisjointness.Add(new OntologyDisjointness { ProjectId = project.Id, ClassAId = dog.Id, ClassBId = cat.Id });
        db.AttributeDefinitions.AddRange(
            new AttributeDefinitionEntity { ProjectId = project.Id, Name = "colour", Kind = AttributeKind.Colour },
            new AttributeDefinitionEntity { ProjectId = project.Id, Name = "pose", Kind = AttributeKind.Enumeration, Values = ["standing", "sitting"] },
            new AttributeDefinitionEntity { ProjectId = project.Id, Name = "moving", Kind = AttributeKind.Boolean },
            new AttributeDefinitionEntity { ProjectId = project.Id, Name = "speed", Kind = AttributeKind.Number });
        db.ColourTerms.AddRange(
            new ColourTermEntity { ProjectId = project.Id, Name = "blue", Rgb = "#0000ff" },
            new ColourTermEntity { ProjectId = project.Id, Name = "navy", Parent = "blue", Rgb = "#000080" });
        var batch = new Batch { ProjectId = project.Id, Name = "b1", CreatedAt = now };
        db.Batches.Add(batch);
        var item = new Item { ProjectId = project.Id, BatchId = batch.Id, Name = "item 1", CreatedAt = now, UpdatedAt = now };
        var other = new Item { ProjectId = project.Id, BatchId = batch.Id, Name = "item 2", CreatedAt = now, UpdatedAt = now };
        db.Items.AddRange(item, other);
        var image = Asset(item, Modality.Image, "cam", new CaptureTime { Offset = 0.5 }, w: 640, h: 480,
            calibration: new Calibration(Calibration.Identity, new CameraIntrinsics(500, 500, 320, 240, 640, 480)));
        var video = Asset(item, Modality.Video, "video", new FrameTimes([0, 0.04, 0.08, 0.2, 0.5], 0.6) { Offset = 1.0 }, w: 320, h: 240);
        var audio = Asset(item, Modality.Audio, "mic", new SampleClock(16000, 48000) { Offset = 0.25 });
        var text = Asset(item, Modality.Text, "captions", new TimedSegments([new TextSegment(0, 1.5, 0, 13, "A"), new TextSegment(1.5, 3, 14, 27, "B")]));
        text.TextContent = "a dog barks.\nThe cat hides";
        var cloud = Asset(item, Modality.PointCloud, "lidar", new CaptureTime { Offset = 0.52 }, calibration: new Calibration(Calibration.Identity));
        var otherImage = Asset(other, Modality.Image, "cam", new CaptureTime(), w: 100, h: 100);
        db.Assets.AddRange(image, video, audio, text, cloud, otherImage);
        await db.SaveChangesAsync();
        return new TestProject(project.Id, item.Id, other.Id, annotator, reviewer, qa, outsider, image, video, audio, text, cloud, otherImage);
    }

    private static Asset Asset(Item item, Modality modality, string sensor, TimeBase timeBase, int? w = null, int? h = null, Calibration? calibration = null) =>
        new()
        {
            ItemId = item.Id,
            Modality = modality,
            Sensor = sensor,
            TimeBase = timeBase,
            Width = w,
            Height = h,
            Calibration = calibration,
            CreatedAt = DateTimeOffset.UtcNow,
        };

    /// <summary>Counts rows that a rejected write must leave untouched.</summary>
    public static async Task<(int Annotations, int Entities, int History)> CountsAsync(AppDbContext db) =>
        (await db.Annotations.CountAsync(), await db.Entities.CountAsync(), await db.History.CountAsync());
}
