using MultimodalAnnotate.Web.Domain;
using MultimodalAnnotate.Web.Features.Review;

namespace MultimodalAnnotate.Web.Tests.Review;

/// <summary>The workflow table of DESIGN.md §2, cell by cell.</summary>
public sealed class ReviewWorkflowTests
{
    private static readonly Dictionary<(ItemStatus, ReviewAction), ItemStatus> Legal = new()
    {
        [(ItemStatus.Annotating, ReviewAction.Submit)] = ItemStatus.Submitted,
        [(ItemStatus.Returned, ReviewAction.Submit)] = ItemStatus.Submitted,
        [(ItemStatus.Submitted, ReviewAction.StartReview)] = ItemStatus.InReview,
        [(ItemStatus.Flagged, ReviewAction.StartReview)] = ItemStatus.InReview,
        [(ItemStatus.Clean, ReviewAction.StartReview)] = ItemStatus.InReview,
        [(ItemStatus.InReview, ReviewAction.Approve)] = ItemStatus.Approved,
        [(ItemStatus.InReview, ReviewAction.Return)] = ItemStatus.Returned,
        [(ItemStatus.QaSampled, ReviewAction.Return)] = ItemStatus.Returned,
        [(ItemStatus.Approved, ReviewAction.QaSample)] = ItemStatus.QaSampled,
        [(ItemStatus.QaSampled, ReviewAction.Accept)] = ItemStatus.Accepted,
    };

    [Fact]
    public void Next_EveryStatusAndAction_OnlyTheDesignedStepsAreLegal()
    {
        foreach (var status in Enum.GetValues<ItemStatus>())
        {
            foreach (var action in Enum.GetValues<ReviewAction>())
            {
                ReviewWorkflow.Next(status, action).Should().Be(
                    Legal.TryGetValue((status, action), out var to) ? to : null, $"{action} from {status}");
            }
        }
    }

    [Fact]
    public void Illegal_NamesTheCurrentStatusAndWhatTheStepNeeds()
    {
        ReviewWorkflow.Illegal(ReviewAction.Approve, ItemStatus.Flagged).Should().Be("cannot approve an item that is flagged: it must be in review");
        ReviewWorkflow.Illegal(ReviewAction.Return, ItemStatus.Approved).Should().Be("cannot return an item that is approved: it must be in review or QA-sampled");
        ReviewWorkflow.Illegal(ReviewAction.Submit, ItemStatus.Accepted).Should().Be("cannot submit an item that is accepted: it must be annotating or returned");
    }

    [Fact]
    public void StageOwners_ReviewersUntilSampled_QaLeadsThen()
    {
        ReviewWorkflow.StageOwners(ItemStatus.InReview).Should().BeEquivalentTo([ProjectRole.Reviewer, ProjectRole.Admin]);
        ReviewWorkflow.StageOwners(ItemStatus.QaSampled).Should().BeEquivalentTo([ProjectRole.QaLead, ProjectRole.Admin]);
        ReviewWorkflow.AcceptsFindingDecisions(ItemStatus.InReview).Should().BeTrue();
        ReviewWorkflow.AcceptsFindingDecisions(ItemStatus.Flagged).Should().BeFalse("a review has to start before findings are decided");
    }

    [Theory]
    [InlineData(0, 0.1, 0)]
    [InlineData(1, 0.1, 1)]
    [InlineData(10, 0.1, 1)]
    [InlineData(11, 0.1, 2)]
    [InlineData(3, 0.5, 2)]
    [InlineData(4, 0.5, 2)]
    [InlineData(5, 1.0, 5)]
    [InlineData(5, 0.0, 0)]
    [InlineData(30, 0.1, 3)]
    public void SampleSize_CeilingOfRateTimesApproved_AtLeastOne(int approved, double rate, int expected) =>
        QaSampleBatch.SampleSize(approved, rate).Should().Be(expected);
}
