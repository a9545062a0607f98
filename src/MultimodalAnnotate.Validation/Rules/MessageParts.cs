using System.Globalization;
using MultimodalAnnotate.Validation.Model;

namespace MultimodalAnnotate.Validation.Rules;

// Parts of finding messages that format themselves into the message being built: an interpolated string appends an
// ISpanFormattable value through TryFormat, so a message is written once instead of from intermediate strings.

internal static class MessagePart
{
    /// <summary>The text of a message part on its own (through <see cref="ISpanFormattable.TryFormat"/>, with as much room as it needs).</summary>
    public static string Format<T>(T part)
        where T : ISpanFormattable
    {
        var buffer = new char[64];
        int written;
        while (!part.TryFormat(buffer, out written, default, null))
        {
            buffer = new char[buffer.Length * 4];
        }

        return new string(buffer, 0, written);
    }
}

/// <summary>A number with a fixed count of decimals ("0.000" → 3), invariant, never "-0.000" (see <see cref="ItemContext.F"/>).</summary>
internal readonly struct FixedNumber(double value, string format) : ISpanFormattable
{
    public override string ToString() => MessagePart.Format(this);

    public string ToString(string? format, IFormatProvider? formatProvider) => MessagePart.Format(this);

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var decimals = Decimals;
        if (decimals < 0)
        {
            return value.TryFormat(destination, out charsWritten, FormatOrDefault, CultureInfo.InvariantCulture);
        }

        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        if (rounded == 0)
        {
            rounded = 0;
        }

        if (!(Math.Abs(rounded) < 1e12))
        {
            return rounded.TryFormat(destination, out charsWritten, decimals switch { 0 => "F0", 1 => "F1", 2 => "F2", _ => "F3" }, CultureInfo.InvariantCulture);
        }

        // Integer formatting of the scaled value: the same text as ToString("F<n>") of the rounded value, which is the
        // double nearest a whole number of 10^-n, at a fraction of the cost (messages are built for every finding).
        var scale = decimals switch { 0 => 1L, 1 => 10L, 2 => 100L, _ => 1000L };
        var units = (long)Math.Round(Math.Abs(rounded) * scale);
        charsWritten = 0;
        var length = 0;
        if (rounded < 0)
        {
            if (destination.IsEmpty)
            {
                return false;
            }

            destination[length++] = '-';
        }

        if (!(units / scale).TryFormat(destination[length..], out var written, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        length += written;
        if (decimals > 0)
        {
            if (length >= destination.Length)
            {
                return false;
            }

            destination[length++] = '.';
            if (!(units % scale).TryFormat(destination[length..], out written, decimals switch { 1 => "D1", 2 => "D2", _ => "D3" }, CultureInfo.InvariantCulture))
            {
                return false;
            }

            length += written;
        }

        charsWritten = length;
        return true;
    }

    private string FormatOrDefault => format ?? "0.000";

    private int Decimals => FormatOrDefault switch
    {
        "0" => 0,
        "0.0" => 1,
        "0.00" => 2,
        "0.000" => 3,
        _ => -1,
    };
}

/// <summary>"'dog' box on cam_front", "'dog' span \"the dog\" on captions" — how messages name an annotation (see <see cref="ItemContext.Describe"/>).</summary>
internal readonly struct AnnotationName(ItemContext context, int annotation) : ISpanFormattable
{
    // Span texts in names are cut to this many characters (the last one an ellipsis).
    private const int MaxSpanText = 40;

    public override string ToString() => MessagePart.Format(this);

    public string ToString(string? format, IFormatProvider? formatProvider) => MessagePart.Format(this);

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        var a = context.Annotations[annotation];
        var asset = context.AssetOf[annotation] >= 0 ? context.Assets[context.AssetOf[annotation]].Name : "?";
        var what = a.Geometry switch
        {
            Box2D => "box",
            Polygon => "polygon",
            Mask => "mask",
            Keypoints => "keypoints",
            Cuboid => "cuboid",
            TimeSegment => "segment",
            Track => "track",
            Classification { Time: not null } => "frame label",
            Classification => "label",
            TextSpan => "span \"",
            _ => "annotation",
        };
        var writer = new SpanWriter(destination);
        writer.Append("'");
        writer.Append(a.Label);
        writer.Append("' ");
        writer.Append(what);
        if (a.Geometry is TextSpan span)
        {
            var text = context.SpanChars(annotation, span);
            if (text.Length > MaxSpanText)
            {
                writer.Append(text[..(MaxSpanText - 1)]);
                writer.Append("…");
            }
            else
            {
                writer.Append(text);
            }

            writer.Append("\"");
        }

        writer.Append(" on ");
        writer.Append(asset);
        charsWritten = writer.Written;
        return writer.Fits;
    }

    /// <summary>Appends to a span, noting when it runs out of room.</summary>
    private ref struct SpanWriter(Span<char> destination)
    {
        private readonly Span<char> _destination = destination;

        public int Written { get; private set; }

        public bool Fits { get; private set; } = true;

        public void Append(ReadOnlySpan<char> text)
        {
            if (!Fits || !text.TryCopyTo(_destination[Written..]))
            {
                Fits = false;
                return;
            }

            Written += text.Length;
        }
    }
}
