using System.Globalization;

namespace IlgpuNet.Reporting;

/// <summary>Short, culture-independent number text shared by tick labels, annotations and report tables.</summary>
internal static class NumberFormat
{
    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Up to four significant digits; scientific notation only for very large or very small magnitudes.</summary>
    public static string Short(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        double magnitude = Math.Abs(value);
        if (magnitude == 0)
        {
            return "0";
        }

        if (magnitude >= 1e6 || magnitude < 1e-3)
        {
            return value.ToString("0.###e+0", Invariant);
        }

        if (value == Math.Round(value))
        {
            return value.ToString("0", Invariant);
        }

        int decimals = Math.Clamp(3 - (int)Math.Floor(Math.Log10(magnitude)), 0, 6);
        return value.ToString("0." + new string('#', Math.Max(decimals, 1)), Invariant);
    }

    /// <summary>Three significant digits at most: labels written on bars, where space is short.</summary>
    public static string Compact(double value)
    {
        double magnitude = Math.Abs(value);
        if (!double.IsFinite(value) || magnitude == 0 || magnitude >= 1e6 || magnitude < 1e-3)
        {
            return Short(value);
        }

        int decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(magnitude)), 0, 6);
        return Math.Round(value, decimals).ToString("0." + new string('#', Math.Max(decimals, 1)), Invariant);
    }

    /// <summary>Tick label for a value on an axis whose ticks are <paramref name="step"/> apart: just enough decimals to tell neighbours apart.</summary>
    public static string Tick(double value, double step)
    {
        if (Math.Abs(value) < step * 1e-9)
        {
            return "0";
        }

        double magnitude = Math.Max(Math.Abs(value), step);
        if (magnitude >= 1e6 || magnitude < 1e-4)
        {
            return value.ToString("0.##e+0", Invariant);
        }

        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        if (Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6)
        {
            decimals++; // steps like 2.5 or 0.25 need one more digit
        }

        return value.ToString("F" + decimals, Invariant);
    }

    /// <summary>SVG coordinates: two decimals are far below a pixel and keep files small.</summary>
    public static string Coordinate(double value) => Math.Round(value, 2).ToString("0.##", Invariant);
}
