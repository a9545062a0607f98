using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Data.Configurations;

internal sealed class FindingConfiguration : IEntityTypeConfiguration<FindingRecord>
{
    public void Configure(EntityTypeBuilder<FindingRecord> builder)
    {
        builder.ToTable("Findings");
        builder.Property(f => f.Key).HasMaxLength(400).IsRequired();
        builder.HasIndex(f => new { f.ItemId, f.Key }).IsUnique();
        builder.HasIndex(f => new { f.Status, f.Severity });
        builder.Property(f => f.RuleCode).HasMaxLength(16);
        builder.Property(f => f.Message).HasMaxLength(2000);
        builder.Property(f => f.SuggestedFix).HasMaxLength(1000);
        builder.Property(f => f.WaiverReason).HasMaxLength(2000);
        builder.Property(f => f.InputsHash).HasMaxLength(64);
        builder.Property(f => f.AnnotationIds).HasJsonConversion();
        builder.HasOne<Item>().WithMany().HasForeignKey(f => f.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewDecisionConfiguration : IEntityTypeConfiguration<ReviewDecision>
{
    public void Configure(EntityTypeBuilder<ReviewDecision> builder)
    {
        builder.HasIndex(d => new { d.ItemId, d.At });
        builder.Property(d => d.Comment).HasMaxLength(4000);
        builder.Property(d => d.UserId).HasMaxLength(450);
        builder.HasOne<Item>().WithMany().HasForeignKey(d => d.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FindingRecord>().WithMany().HasForeignKey(d => d.FindingId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class HistoryEventConfiguration : IEntityTypeConfiguration<HistoryEvent>
{
    public void Configure(EntityTypeBuilder<HistoryEvent> builder)
    {
        builder.ToTable("History");
        builder.Property(h => h.Id).ValueGeneratedOnAdd();
        builder.HasIndex(h => new { h.SubjectType, h.SubjectId });
        builder.HasIndex(h => new { h.ItemId, h.At });
        builder.HasIndex(h => new { h.ProjectId, h.At });
        builder.Property(h => h.SubjectType).HasMaxLength(32);
        builder.Property(h => h.Action).HasMaxLength(32);
        builder.Property(h => h.UserId).HasMaxLength(450);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.TokenHash).HasMaxLength(128).IsRequired();
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BackgroundJobConfiguration : IEntityTypeConfiguration<BackgroundJob>
{
    public void Configure(EntityTypeBuilder<BackgroundJob> builder)
    {
        builder.ToTable("Jobs");
        builder.Property(j => j.Kind).HasMaxLength(64).IsRequired();
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.Property(j => j.ProgressMessage).HasMaxLength(400);
        builder.Property(j => j.Error).HasMaxLength(4000);
    }
}
