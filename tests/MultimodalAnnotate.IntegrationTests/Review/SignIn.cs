using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using MultimodalAnnotate.IntegrationTests.Support;

namespace MultimodalAnnotate.IntegrationTests.Review;

/// <summary>Signs in over HTTP the way a browser does: read the sign-in form, post it back with its antiforgery token, keep the cookie.</summary>
public static partial class SignIn
{
    public static async Task<HttpClient> ClientAsync(AppFactory app, string email, string password = ReviewWorld.Password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var token = TokenPattern().Match(form);
        token.Success.Should().BeTrue("the sign-in form carries an antiforgery token");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        var response = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), content);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, $"signing in as {email} succeeds");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
