namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>
/// One keyboard shortcut. <see cref="Combo"/> is what the browser module sends ("ctrl+z", "l", "?"); client
/// shortcuts (<see cref="Client"/>) are handled in the browser and only listed here so the "?" overlay shows them all.
/// </summary>
public sealed record Shortcut(string Combo, string Keys, string Description, string Group, bool Client = false);

/// <summary>The workspace's shortcuts: the single list the "?" overlay shows and the browser module forwards.</summary>
public static class Shortcuts
{
    public static readonly IReadOnlyList<Shortcut> Fixed =
    [
        new("q", "Q", "Select / move / resize tool", "Tools"),
        new("w", "W", "Box tool: drag to draw a box", "Tools"),
        new("e", "E", "Polygon tool: click points, Enter closes", "Tools"),
        new("r", "R", "Keypoints tool: click points, Enter finishes", "Tools"),
        new("enter", "Enter", "Change the label of the selected annotation", "Editing"),
        new("delete", "Delete", "Delete the selected annotation(s)", "Editing"),
        new("backspace", "Backspace", "Delete the selected annotation(s) (removes the last polygon point while drawing)", "Editing"),
        new("ctrl+z", "Ctrl+Z", "Undo your last create / edit / delete / link", "Editing"),
        new("ctrl+shift+z", "Ctrl+Shift+Z", "Redo", "Editing"),
        new("ctrl+y", "Ctrl+Y", "Redo", "Editing"),
        new("l", "L", "Link: then click the counterpart in another pane", "Linking"),
        new("u", "U", "Unlink the selected mention from its entity", "Linking"),
        new("escape", "Esc", "Cancel drawing, linking or the label picker; clear the selection", "Linking"),
        new("f", "F", "Maximise the pane of the selection (again: side by side)", "View"),
        new("n", "N", "Next item assigned to you", "View"),
        new("?", "?", "Show or hide this list", "View"),
        new("space", "Space", "Play / pause the shared timeline (hold and drag on an image: pan)", "Timeline", Client: true),
        new(",", ", and .", "Previous / next video frame (real frame times)", "Timeline", Client: true),
        new("[", "[ and ]", "Slower / faster playback", "Timeline", Client: true),
        new("0", "0", "Fit the image under the mouse into its pane", "View", Client: true),
        new("wheel", "Wheel", "Zoom the image around the mouse; middle button drag pans", "View", Client: true),
    ];

    /// <summary>The shortcuts including the project's label hotkeys (a hotkey that collides with a fixed shortcut is ignored).</summary>
    public static IReadOnlyList<Shortcut> For(IEnumerable<WorkspaceLabel> labels)
    {
        var taken = Fixed.Select(s => s.Combo).ToHashSet(StringComparer.Ordinal);
        var hotkeys = labels
            .Where(l => l.Hotkey is { Length: 1 } && !taken.Contains(l.Hotkey.ToLowerInvariant()))
            .Select(l => new Shortcut(l.Hotkey!.ToLowerInvariant(), l.Hotkey.ToUpperInvariant(), $"Label the selection (or the new shape) \"{l.Name}\"; Alt+{l.Hotkey.ToUpperInvariant()} in the label picker", "Labels"));
        return [.. Fixed, .. hotkeys];
    }

    /// <summary>The combos the browser forwards to the server (client shortcuts stay in the browser).</summary>
    public static IReadOnlyList<string> Forwarded(IEnumerable<WorkspaceLabel> labels) =>
        [.. For(labels).Where(s => !s.Client).Select(s => s.Combo)];

    /// <summary>The label a hotkey stands for, if any.</summary>
    public static WorkspaceLabel? LabelFor(IEnumerable<WorkspaceLabel> labels, string combo) =>
        labels.FirstOrDefault(l => l.Hotkey is { Length: 1 } h && string.Equals(h, combo, StringComparison.OrdinalIgnoreCase));
}
