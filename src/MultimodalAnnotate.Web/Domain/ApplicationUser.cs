using Microsoft.AspNetCore.Identity;

namespace MultimodalAnnotate.Web.Domain;

/// <summary>A person who signs in. Project roles live in <see cref="ProjectMember"/>, not in Identity roles.</summary>
public class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>Site administrator: may create projects and manage every project.</summary>
    public bool IsSiteAdmin { get; set; }
}
