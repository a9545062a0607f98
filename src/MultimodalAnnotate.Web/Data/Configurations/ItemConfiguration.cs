using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Data.Configurations;

internal sealed class ItemConfiguration : IEntityTypeConfiguration<Item>
{
    public void Configure(EntityTypeBuilder<Item> builder)
    {
        builder.Property(i => i.Name).HasMaxLength(300).IsRequired();
        builder.HasIndex(i => new { i.ProjectId, i.Status });
        builder.HasIndex(i => i.BatchId);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasOne<Project>().WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Assets).WithOne().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Assignments).WithOne().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ItemAssignmentConfiguration : IEntityTypeConfiguration<ItemAssignment>
{
    public void Configure(EntityTypeBuilder<ItemAssignment> builder)
    {
        builder.HasIndex(a => new { a.ItemId, a.UserId }).IsUnique();
        builder.HasIndex(a => a.UserId);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> builder)
    {
        builder.Property(a => a.Sensor).HasMaxLength(100).IsRequired();
        builder.HasIndex(a => new { a.ItemId, a.Sensor }).IsUnique();
        builder.Property(a => a.MediaKey).HasMaxLength(200);
        builder.Property(a => a.OriginalFileName).HasMaxLength(260);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.TimeBase).HasJsonConversion();
        builder.Property(a => a.Calibration).HasJsonConversion();
        builder.Property(a => a.FailureReason).HasMaxLength(2000);
    }
}
