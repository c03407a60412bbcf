namespace IlgpuNet.Detection;

/// <summary>An object's class and box: corners (x1, y1) top-left and (x2, y2) bottom-right, in pixels of its image.</summary>
public readonly record struct LabeledBox(int Class, double X1, double Y1, double X2, double Y2)
{
    public double Width => X2 - X1;

    public double Height => Y2 - Y1;

    public double Area => Width * Height;

    /// <summary>Area shared with <paramref name="other"/> (0 when they do not overlap).</summary>
    public double Intersection(LabeledBox other)
        => Math.Max(Math.Min(X2, other.X2) - Math.Max(X1, other.X1), 0) * Math.Max(Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1), 0);

    /// <summary>Intersection over union with <paramref name="other"/> (0 when both are empty).</summary>
    public double Iou(LabeledBox other)
    {
        double intersection = Intersection(other), union = Area + other.Area - intersection;
        return union > 0 ? intersection / union : 0;
    }

    /// <summary>The same box in an image resized by these factors.</summary>
    public LabeledBox Scaled(double scaleX, double scaleY) => new(Class, X1 * scaleX, Y1 * scaleY, X2 * scaleX, Y2 * scaleY);
}
