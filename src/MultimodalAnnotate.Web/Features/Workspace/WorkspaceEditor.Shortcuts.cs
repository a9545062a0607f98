namespace MultimodalAnnotate.Web.Features.Workspace;

/// <summary>What the page must do after a shortcut the editor cannot do itself.</summary>
public enum ShortcutOutcome
{
    Handled,
    Ignored,
    NextItem,
}

// Keyboard shortcuts forwarded by the browser module (see Shortcuts for the list the "?" overlay shows).
public sealed partial class WorkspaceEditor
{
    public async Task<ShortcutOutcome> HandleShortcutAsync(string combo)
    {
        if (state.Data is null || state.Conflict is not null)
        {
            return ShortcutOutcome.Ignored;
        }
        switch (combo)
        {
            case "?":
                state.ShortcutsVisible = !state.ShortcutsVisible;
                break;
            case "escape":
                state.ShortcutsVisible = false;
                state.Draft = null;
                state.RelabelTarget = null;
                state.LinkSource = null;
                state.SelectOnly(null);
                break;
            case "n":
                return state.Data.NextItemId is null ? ShortcutOutcome.Ignored : ShortcutOutcome.NextItem;
            case "f":
                ToggleMaximise();
                break;
            case "q" or "w" or "e" or "r" when state.CanEdit:
                state.Tool = combo switch { "w" => EditTool.Box, "e" => EditTool.Polygon, "r" => EditTool.Keypoints, _ => EditTool.Select };
                break;
            case "enter":
                BeginRelabel();
                break;
            case "delete" or "backspace" when state.CanEdit:
                await DeleteSelectedAsync();
                break;
            case "ctrl+z":
                await UndoAsync();
                break;
            case "ctrl+shift+z" or "ctrl+y":
                await RedoAsync();
                break;
            case "l":
                BeginLink();
                break;
            case "u" when state.CanEdit && state.SingleSelected is { } selected:
                await UnlinkAsync(selected.Annotation.Id);
                break;
            default:
                return await LabelHotkeyAsync(combo);
        }
        state.Notify();
        return ShortcutOutcome.Handled;
    }

    /// <summary>A label hotkey: labels the waiting draft, or relabels every selected annotation.</summary>
    private async Task<ShortcutOutcome> LabelHotkeyAsync(string combo)
    {
        if (!state.CanEdit || Shortcuts.LabelFor(state.Data!.Labels, combo) is not { } label)
        {
            return ShortcutOutcome.Ignored;
        }
        if (state.Draft is not null)
        {
            await PickLabelAsync(label.Name);
            return ShortcutOutcome.Handled;
        }
        foreach (var id in state.Selection.ToList())
        {
            if (state.Annotation(id) is { } a && !string.Equals(a.Annotation.Label, label.Name, StringComparison.Ordinal))
            {
                await UpdateAsync(id, label: label.Name);
            }
        }
        state.Notify();
        return ShortcutOutcome.Handled;
    }

    public void ToggleMaximise(Guid? assetId = null)
    {
        var target = assetId ?? state.SingleSelected?.Annotation.AssetId;
        state.MaximisedAsset = state.MaximisedAsset is not null && (target is null || state.MaximisedAsset == target) ? null : target;
        state.Notify();
    }
}
