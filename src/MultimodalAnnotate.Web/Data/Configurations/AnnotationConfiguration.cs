using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Data.Configurations;

internal sealed class AnnotationConfiguration : IEntityTypeConfiguration<Annotation>
{
    public void Configure(EntityTypeBuilder<Annotation> builder)
    {
        builder.HasIndex(a => a.ItemId);
        builder.HasIndex(a => a.AssetId);
        builder.HasIndex(a => a.EntityId);
        builder.Property(a => a.Geometry).HasJsonConversion();
        builder.Property(a => a.Attributes).HasJsonConversion();
        builder.Property(a => a.GeometryKind).HasMaxLength(32);
        builder.Property(a => a.AuthorId).HasMaxLength(450);
        builder.Property(a => a.UpdatedById).HasMaxLength(450);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Item>().WithMany().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Asset>().WithMany().HasForeignKey(a => a.AssetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<OntologyClass>().WithMany().HasForeignKey(a => a.ClassId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Entity>().WithMany().HasForeignKey(a => a.EntityId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ItemAssignment>().WithMany().HasForeignKey(a => a.AssignmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EntityConfiguration : IEntityTypeConfiguration<Entity>
{
    public void Configure(EntityTypeBuilder<Entity> builder)
    {
        builder.ToTable("Entities");
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.HasIndex(e => e.ItemId);
        builder.Property(e => e.Version).IsConcurrencyToken();
        builder.HasOne<Item>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ItemAssignment>().WithMany().HasForeignKey(e => e.AssignmentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RelationConfiguration : IEntityTypeConfiguration<Relation>
{
    public void Configure(EntityTypeBuilder<Relation> builder)
    {
        builder.Property(r => r.Type).HasMaxLength(64).IsRequired();
        builder.HasIndex(r => r.ItemId);
        builder.HasOne<Item>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Annotation>().WithMany().HasForeignKey(r => r.FromAnnotationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Annotation>().WithMany().HasForeignKey(r => r.ToAnnotationId).OnDelete(DeleteBehavior.NoAction);
    }
}
