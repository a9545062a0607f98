using Bunit;
using MudBlazor;
using MudBlazor.Services;
using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Review;
using FindingType = MultimodalAnnotate.Validation.Model.FindingType;
using ModelSeverity = MultimodalAnnotate.Validation.Model.Severity;

namespace MultimodalAnnotate.Web.Tests.Review;

/// <summary>The findings panel of the review page: what a reviewer may do with each finding, and the waiver's reason.</summary>
public sealed class ReviewFindingsTests : IAsyncLifetime
{
    private BunitContext Ctx { get; } = new();

    public Task InitializeAsync()
    {
        Ctx.Services.AddMudServices();
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Ctx.DisposeAsync();

    private static FindingRecord Finding(string rule, FindingStatus status, bool confirmed = false, string? reason = null, string? decidedBy = null) => new()
    {
        RuleCode = rule, Type = FindingType.Temporal, Severity = ModelSeverity.Error, Status = status, Confirmed = confirmed,
        WaiverReason = reason, DecidedById = decidedBy, Message = $"{rule} message",
    };

    [Fact]
    public void Counts_OpenConfirmedWaivedFixed_AndWaiverShowsWhoAndWhy()
    {
        var panel = Ctx.Render<ReviewFindings>(p => p
            .Add(c => c.Findings, [Finding("TMP-001", FindingStatus.Open, confirmed: true), Finding("TMP-002", FindingStatus.Open),
                Finding("TMP-003", FindingStatus.Waived, reason: "overlapping speech", decidedBy: "u1"), Finding("TMP-004", FindingStatus.Fixed)])
            .Add(c => c.Names, new Dictionary<string, string> { ["u1"] = "Rey Reviewer" }));

        panel.Find("[data-testid=finding-counts]").TextContent.Should().MatchRegex(@"2 open · 1 confirmed ·\s+1 waived · 1 fixed");
        panel.Find("[data-testid=waiver-reason]").TextContent.Should().Be("Waived by Rey Reviewer: overlapping speech");
        panel.FindAll("[data-testid=confirm-finding]").Should().BeEmpty("nothing can be decided outside a review");
    }

    [Fact]
    public void CanDecide_OpenGetsConfirmAndWaive_ConfirmedOnlyWaive_WaivedOnlyConfirm_FixedNothing()
    {
        var panel = Ctx.Render<ReviewFindings>(p => p
            .Add(c => c.Findings, [Finding("TMP-001", FindingStatus.Open), Finding("TMP-002", FindingStatus.Open, confirmed: true),
                Finding("TMP-003", FindingStatus.Waived, reason: "x"), Finding("TMP-004", FindingStatus.Fixed)])
            .Add(c => c.CanDecide, true));

        string[] Buttons(string rule) => [.. panel.FindAll($"[data-rule='{rule}'] button").Select(b => b.GetAttribute("data-testid") ?? "")];
        Buttons("TMP-001").Should().Equal("confirm-finding", "waive-finding");
        Buttons("TMP-002").Should().Equal("waive-finding");
        Buttons("TMP-003").Should().Equal("confirm-finding");
        Buttons("TMP-004").Should().BeEmpty();
    }

    [Fact]
    public void Waive_NeedsAReasonBeforeItCanBeSent_ThenPassesIt()
    {
        var open = Finding("TMP-001", FindingStatus.Open);
        (FindingRecord Finding, string Reason)? waived = null;
        var panel = Ctx.Render<ReviewFindings>(p => p
            .Add(c => c.Findings, [open])
            .Add(c => c.CanDecide, true)
            .Add(c => c.OnWaive, x => waived = x));

        panel.Find("[data-testid=waive-finding]").Click();
        panel.Find("[data-testid=waive-submit]").HasAttribute("disabled").Should().BeTrue("a waiver needs a reason");
        panel.Find("[data-testid=waive-reason] input, input[data-testid=waive-reason]").Input("the dog is off-screen");
        panel.Find("[data-testid=waive-submit]").HasAttribute("disabled").Should().BeFalse();
        panel.Find("[data-testid=waive-submit]").Click();

        waived.Should().NotBeNull();
        waived!.Value.Finding.Should().BeSameAs(open);
        waived.Value.Reason.Should().Be("the dog is off-screen");
    }
}
