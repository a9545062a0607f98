using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MultimodalAnnotate.Web.Data.Configurations;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Data;

/// <summary>
/// The store. Abstract, with one subclass per provider (<see cref="PostgresDbContext"/>,
/// <see cref="SqliteDbContext"/>) so each provider has its own migrations (ADR-002).
/// The context is the data-access abstraction: no repository layer on top (ADR-001).
/// </summary>
public abstract partial class AppDbContext(DbContextOptions options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectMember> ProjectMembers => Set<ProjectMember>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<Guideline> Guidelines => Set<Guideline>();
    public DbSet<OntologyClass> OntologyClasses => Set<OntologyClass>();
    public DbSet<OntologyClassParent> OntologyClassParents => Set<OntologyClassParent>();
    public DbSet<OntologyDisjointness> OntologyDisjointness => Set<OntologyDisjointness>();
    public DbSet<AttributeDefinitionEntity> AttributeDefinitions => Set<AttributeDefinitionEntity>();
    public DbSet<ColourTermEntity> ColourTerms => Set<ColourTermEntity>();
    public DbSet<Item> Items => Set<Item>();
    public DbSet<ItemAssignment> ItemAssignments => Set<ItemAssignment>();
    public DbSet<Asset> Assets => Set<Asset>();
    public DbSet<Annotation> Annotations => Set<Annotation>();
    public DbSet<Entity> Entities => Set<Entity>();
    public DbSet<Relation> Relations => Set<Relation>();
    public DbSet<FindingRecord> Findings => Set<FindingRecord>();
    public DbSet<ReviewDecision> ReviewDecisions => Set<ReviewDecision>();
    public DbSet<HistoryEvent> History => Set<HistoryEvent>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<BackgroundJob> Jobs => Set<BackgroundJob>();

    /// <summary>True on PostgreSQL: JSON columns become <c>jsonb</c>.</summary>
    protected internal abstract bool IsPostgres { get; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly, t => t.Namespace == typeof(ProjectConfiguration).Namespace);
        JsonColumns.Apply(builder, IsPostgres);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and safe when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}

/// <summary>The production store (Npgsql).</summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : AppDbContext(options)
{
    protected internal override bool IsPostgres => true;
}

/// <summary>The embedded default store.</summary>
public sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options) : AppDbContext(options)
{
    protected internal override bool IsPostgres => false;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot order or compare DateTimeOffset values: store them as sortable UTC ticks.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
