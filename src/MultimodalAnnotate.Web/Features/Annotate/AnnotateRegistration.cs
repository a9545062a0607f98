using MultimodalAnnotate.Web.Features.Jobs;
using MultimodalAnnotate.Web.Features.Validation;

namespace MultimodalAnnotate.Web.Features.Annotate;

internal static class AnnotateRegistration
{
    public static IHostApplicationBuilder AddAnnotationUseCases(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<ValidationOptions>(builder.Configuration.GetSection("Validation"));
        builder.Services.AddSingleton<ValidatorCache>();
        builder.Services.AddSingleton<EngineRevisionCheck>();
        builder.Services.AddSingleton<SnapshotCache>();
        builder.Services.AddScoped<ItemValidation>();
        builder.Services.AddScoped<CreateAnnotation>();
        builder.Services.AddScoped<UpdateAnnotation>();
        builder.Services.AddScoped<DeleteAnnotation>();
        builder.Services.AddScoped<LinkMentions>();
        builder.Services.AddScoped<UnlinkMention>();
        builder.Services.AddScoped<CreateEntity>();
        builder.Services.AddScoped<RenameEntity>();
        builder.Services.AddScoped<MergeEntities>();
        builder.Services.AddScoped<SplitEntity>();
        builder.Services.AddScoped<DeleteEntity>();
        builder.Services.AddScoped<UpdatePolicy>();
        builder.Services.AddScoped<UpdateOntology>();
        builder.Services.AddScoped<IJobHandler, RevalidateProjectJob>();
        return builder;
    }
}
