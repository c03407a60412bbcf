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
}
