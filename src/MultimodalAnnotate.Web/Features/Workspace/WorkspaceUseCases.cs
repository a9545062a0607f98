using MultimodalAnnotate.Web.Features.Annotate;

namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>The write use cases the workspace issues, injected as one bundle.</summary>
public sealed record WorkspaceUseCases(
    CreateAnnotation Create,
    UpdateAnnotation Update,
    DeleteAnnotation Delete,
    LinkMentions Link,
    UnlinkMention Unlink,
    CreateEntity CreateEntity,
    RenameEntity RenameEntity,
    MergeEntities Merge,
    SplitEntity Split,
    DeleteEntity DeleteEntity);
