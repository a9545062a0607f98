namespace MultimodalAnnotate.Validation.Geometry;

/// <summary>An axis-aligned rectangle in pixels, [MinX, MaxX] × [MinY, MaxY].</summary>
public readonly record struct Rect2(double MinX, double MinY, double MaxX, double MaxY)
{
    /// <summary>The empty rectangle.</summary>
    public static Rect2 Empty { get; } = new(double.PositiveInfinity, double.PositiveInfinity, double.NegativeInfinity, double.NegativeInfinity);

    /// <summary>Creates a rectangle from its top-left corner and size.</summary>
    public static Rect2 FromBox(double x, double y, double width, double height) => new(x, y, x + width, y + height);

    /// <summary>True when the rectangle has no area.</summary>
    public bool IsEmpty => !(MaxX > MinX && MaxY > MinY);

    /// <summary>Width (0 when empty).</summary>
    public double Width => IsEmpty ? 0 : MaxX - MinX;

    /// <summary>Height (0 when empty).</summary>
    public double Height => IsEmpty ? 0 : MaxY - MinY;

    /// <summary>Area (0 when empty).</summary>
    public double Area => IsEmpty ? 0 : (MaxX - MinX) * (MaxY - MinY);

    /// <summary>Centre X.</summary>
    public double CenterX => (MinX + MaxX) / 2;

    /// <summary>Centre Y.</summary>
    public double CenterY => (MinY + MaxY) / 2;

    /// <summary>The rectangle grown to include a point.</summary>
    public Rect2 Include(double x, double y) => new(Math.Min(MinX, x), Math.Min(MinY, y), Math.Max(MaxX, x), Math.Max(MaxY, y));

    /// <summary>The intersection (possibly empty).</summary>
    public Rect2 Intersect(Rect2 other) => new(
        Math.Max(MinX, other.MinX), Math.Max(MinY, other.MinY), Math.Min(MaxX, other.MaxX), Math.Min(MaxY, other.MaxY));

    /// <summary>Intersection over union, 0 when either is empty.</summary>
    public double IoU(Rect2 other)
    {
        var intersection = Intersect(other).Area;
        if (intersection <= 0)
        {
            return 0;
        }

        return intersection / (Area + other.Area - intersection);
    }
}
