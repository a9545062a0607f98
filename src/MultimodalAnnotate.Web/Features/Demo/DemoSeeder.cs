using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MultimodalAnnotate.Validation.Model;
using MultimodalAnnotate.Web.Data;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Validation;
using MultimodalAnnotate.Web.Infrastructure;

namespace MultimodalAnnotate.Web.Features.Demo;

/// <summary>
/// On first start with an empty store: demo users (one per role), and a demo project whose items use all
/// five modalities with media made on the spot. Iteration 1 carries planted sync errors, iteration 2 fewer,
/// so findings and the dashboards' trend show something on first start.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<AppDbContext> factory,
    UserManager<ApplicationUser> users,
    IOptions<MediaOptions> mediaOptions,
    ItemValidation validation,
    IConfiguration configuration,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    public const string ProjectName = "Demo: street, yard and kitchen";
    public const string DefaultPassword = "Annotate!2026";

    public static readonly IReadOnlyList<(string Email, string Name, ProjectRole Role)> DemoUsers =
    [
        ("admin@demo.local", "Ada Admin", ProjectRole.Admin),
        ("annotator@demo.local", "Ann Annotator", ProjectRole.Annotator),
        ("reviewer@demo.local", "Rey Reviewer", ProjectRole.Reviewer),
        ("qa@demo.local", "Quinn QA Lead", ProjectRole.QaLead),
    ];

    private string Password => configuration["Demo:Password"] ?? DefaultPassword;

    public async Task SeedIfEmptyAsync(CancellationToken ct)
    {
        if (!configuration.GetValue("Demo:Seed", true))
        {
            return;
        }
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.Projects.AnyAsync(ct))
        {
            PrintCredentials(await db.Users.AnyAsync(u => u.Email == DemoUsers[0].Email, ct));
            return;
        }
        logger.LogInformation("Empty store: seeding the demo project");
        var accounts = await EnsureUsersAsync(ct);
        var now = clock.GetUtcNow();
        var project = new Project
        {
            Name = ProjectName,
            Description = "A street scene (camera, LiDAR, caption), a yard video with its microphone and captions, and a kitchen dialogue. Iteration 1 has planted sync errors.",
            CreatedAt = now,
            Policy = ValidationPolicy.Default with { RequiredTextMentionClasses = ["car", "dog", "person"] },
        };
        db.Projects.Add(project);
        foreach (var (email, _, role) in DemoUsers)
        {
            db.ProjectMembers.Add(new ProjectMember { ProjectId = project.Id, UserId = accounts[email].Id, Role = role, AddedAt = now });
        }
        var (classes, disjoint, attributes, colours) = DemoOntology.Build(project.Id);
        db.OntologyClasses.AddRange(classes);
        db.OntologyDisjointness.AddRange(disjoint);
        db.AttributeDefinitions.AddRange(attributes);
        db.ColourTerms.AddRange(colours);
        db.Guidelines.Add(new Guideline
        {
            ProjectId = project.Id,
            Version = 1,
            AuthorId = accounts[DemoUsers[0].Email].Id,
            CreatedAt = now,
            Markdown = "# Demo guidelines\n\n## Linking\nLink every object you box to its mention in the caption.\n\n## Timing\nCaption cues must start within 0.5 s of what they describe.\n",
        });
        await db.SaveChangesAsync(ct);

        var media = await DemoMediaSet.CreateAsync(mediaOptions.Value.Root, ct);
        var annotator = accounts["annotator@demo.local"].Id;
        var writer = new DemoItemWriter(db, project.Id, classes.ToDictionary(c => c.Name, c => c.Id, StringComparer.Ordinal), annotator, now);
        var iteration1 = new Batch { ProjectId = project.Id, Name = "Street & home", Iteration = 1, GuidelineVersion = 1, CreatedAt = now.AddDays(-7) };
        var iteration2 = new Batch { ProjectId = project.Id, Name = "Street & home", Iteration = 2, GuidelineVersion = 1, CreatedAt = now };
        db.Batches.AddRange(iteration1, iteration2);
        var items = new List<Item>
        {
            writer.StreetItem(iteration1, media, planted: true, ItemStatus.Approved),
            writer.YardItem(iteration1, media, planted: true, ItemStatus.Approved),
            writer.KitchenItem(iteration1, media, planted: true, ItemStatus.Approved),
            writer.StreetItem(iteration2, media, planted: false, ItemStatus.Annotating),
            writer.YardItem(iteration2, media, planted: false, ItemStatus.Annotating),
            writer.KitchenItem(iteration2, media, planted: true, ItemStatus.Annotating),
        };
        foreach (var item in items)
        {
            db.ItemAssignments.Add(new ItemAssignment { ItemId = item.Id, UserId = annotator, AssignedAt = now });
        }
        await db.SaveChangesAsync(ct);
        foreach (var item in items)
        {
            await validation.RevalidateAsync(db, item.Id, ct);
        }
        logger.LogInformation("Demo project seeded: {Items} items over 2 iterations", items.Count);
        PrintCredentials(true);
    }

    private async Task<Dictionary<string, ApplicationUser>> EnsureUsersAsync(CancellationToken ct)
    {
        var result = new Dictionary<string, ApplicationUser>(StringComparer.Ordinal);
        foreach (var (email, name, role) in DemoUsers)
        {
            ct.ThrowIfCancellationRequested();
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, IsSiteAdmin = role == ProjectRole.Admin };
                var created = await users.CreateAsync(user, Password);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create demo user {email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
                }
            }
            result[email] = user;
        }
        return result;
    }

    private void PrintCredentials(bool usersExist)
    {
        if (!environment.IsDevelopment() || !usersExist)
        {
            return;
        }
        var lines = string.Join(Environment.NewLine, DemoUsers.Select(u => $"    {u.Role,-10} {u.Email,-24} {Password}"));
        logger.LogInformation("Demo users (role, email, password):{NewLine}{Users}", Environment.NewLine, lines);
    }
}

internal static class DemoRegistration
{
    public static IHostApplicationBuilder AddDemoSeed(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoSeeder>();
        return builder;
    }
}
