namespace IlgpuNet.Reporting;

/// <summary>Maps data values to a fraction of an axis and chooses tick values: 1-2-2.5-5 steps for linear axes, powers of ten for log axes.</summary>
internal sealed class AxisScale
{
    private const double MaxDecadeLabels = 8;

    private AxisScale(double min, double max, bool isLog, IReadOnlyList<AxisTick> ticks)
    {
        Min = min;
        Max = max;
        IsLog = isLog;
        Ticks = ticks;
    }

    /// <summary>Lower end of the axis, in data units (a log axis stores its exponent range separately).</summary>
    public double Min { get; }

    public double Max { get; }

    public bool IsLog { get; }

    public IReadOnlyList<AxisTick> Ticks { get; }

    /// <summary>The value's position along the axis; NaN when it cannot be shown (non-finite, or not positive on a log axis).</summary>
    public double Fraction(double value)
    {
        if (!double.IsFinite(value) || (IsLog && value <= 0))
        {
            return double.NaN;
        }

        return IsLog
            ? (Math.Log10(value) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
            : (value - Min) / (Max - Min);
    }

    /// <summary>A linear axis that covers [dataMin, dataMax], widened to whole tick steps.</summary>
    public static AxisScale Linear(double dataMin, double dataMax, int targetTickCount = 6)
    {
        (dataMin, dataMax) = WidenDegenerate(dataMin, dataMax);
        double step = NiceStep((dataMax - dataMin) / targetTickCount);
        double min = Math.Floor((dataMin / step) + 1e-9) * step;
        double max = Math.Ceiling((dataMax / step) - 1e-9) * step;
        var ticks = new List<AxisTick>();
        for (double value = min; value <= max + (step * 1e-6); value += step)
        {
            double rounded = Math.Round(value / step) * step; // no 0.30000000000000004 in labels
            ticks.Add(new AxisTick((rounded - min) / (max - min), NumberFormat.Tick(rounded, step)));
        }

        return new AxisScale(min, max, isLog: false, ticks);
    }

    /// <summary>A base-10 log axis from the decade at or below dataMin to the decade at or above dataMax (both must be positive).</summary>
    public static AxisScale Log10(double dataMin, double dataMax)
    {
        if (!(dataMin > 0) || !(dataMax > 0) || !double.IsFinite(dataMin) || !double.IsFinite(dataMax))
        {
            (dataMin, dataMax) = (1, 10);
        }

        int low = (int)Math.Floor(Math.Log10(dataMin) + 1e-12);
        int high = (int)Math.Ceiling(Math.Log10(dataMax) - 1e-12);
        if (high <= low)
        {
            high = low + 1;
        }

        int decades = high - low;
        int labelEvery = (int)Math.Ceiling(decades / MaxDecadeLabels);
        var ticks = new List<AxisTick>();
        for (int exponent = low; exponent <= high; exponent++)
        {
            double fraction = (exponent - low) / (double)decades;
            if ((exponent - low) % labelEvery == 0)
            {
                ticks.Add(new AxisTick(fraction, PowerOfTenLabel(exponent)));
            }

            if (decades <= 4 && exponent < high)
            {
                for (int multiple = 2; multiple <= 9; multiple++)
                {
                    ticks.Add(new AxisTick((exponent + Math.Log10(multiple) - low) / decades, "", IsMinor: true));
                }
            }
        }

        return new AxisScale(Math.Pow(10, low), Math.Pow(10, high), isLog: true, ticks);
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at least <paramref name="rough"/>.</summary>
    internal static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }

    private static string PowerOfTenLabel(int exponent) =>
        exponent is >= -3 and <= 5
            ? Math.Pow(10, exponent).ToString("0.###", NumberFormat.Invariant)
            : $"1e{exponent}";

    private static (double Min, double Max) WidenDegenerate(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            return (0, 1);
        }

        if (max > min)
        {
            return (min, max);
        }

        // One value (a single point, or a constant series): show it in the middle of a small range around it.
        double half = min == 0 ? 1 : Math.Abs(min) * 0.1;
        return (min - half, max + half);
    }
}
