using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MultimodalAnnotate.Web.Domain;

namespace MultimodalAnnotate.Web.Data.Configurations;

internal sealed class OntologyClassConfiguration : IEntityTypeConfiguration<OntologyClass>
{
    public void Configure(EntityTypeBuilder<OntologyClass> builder)
    {
        builder.ToTable("OntologyClasses");
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.HasIndex(c => new { c.ProjectId, c.Name }).IsUnique();
        builder.Property(c => c.Colour).HasMaxLength(9);
        builder.Property(c => c.Hotkey).HasMaxLength(16);
        builder.Property(c => c.Synonyms).HasJsonConversion();
        builder.Property(c => c.Forms).HasJsonConversion();
        builder.HasMany(c => c.ParentLinks).WithOne().HasForeignKey(l => l.ChildId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OntologyClassParentConfiguration : IEntityTypeConfiguration<OntologyClassParent>
{
    public void Configure(EntityTypeBuilder<OntologyClassParent> builder)
    {
        builder.ToTable("OntologyClassParents");
        builder.HasKey(l => new { l.ChildId, l.ParentId });
        builder.HasOne<OntologyClass>().WithMany().HasForeignKey(l => l.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OntologyDisjointnessConfiguration : IEntityTypeConfiguration<OntologyDisjointness>
{
    public void Configure(EntityTypeBuilder<OntologyDisjointness> builder)
    {
        builder.ToTable("OntologyDisjointness");
        builder.HasIndex(d => new { d.ProjectId, d.ClassAId, d.ClassBId }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<OntologyClass>().WithMany().HasForeignKey(d => d.ClassAId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<OntologyClass>().WithMany().HasForeignKey(d => d.ClassBId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AttributeDefinitionConfiguration : IEntityTypeConfiguration<AttributeDefinitionEntity>
{
    public void Configure(EntityTypeBuilder<AttributeDefinitionEntity> builder)
    {
        builder.ToTable("AttributeDefinitions");
        builder.Property(a => a.Name).HasMaxLength(100).IsRequired();
        builder.HasIndex(a => new { a.ProjectId, a.Name }).IsUnique();
        builder.Property(a => a.Values).HasJsonConversion();
        builder.HasOne<Project>().WithMany().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ColourTermConfiguration : IEntityTypeConfiguration<ColourTermEntity>
{
    public void Configure(EntityTypeBuilder<ColourTermEntity> builder)
    {
        builder.ToTable("ColourTerms");
        builder.Property(c => c.Name).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Parent).HasMaxLength(100);
        builder.Property(c => c.Rgb).HasMaxLength(7);
        builder.HasIndex(c => new { c.ProjectId, c.Name }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
    }
}
