using System.Globalization;

namespace IlgpuNet.Training;

/// <summary>How the runners' reports write numbers: percentages, short numbers, durations, table rows.</summary>
public static class ReportFormat
{
    public static string Pct(double? value) => value is double v && !double.IsNaN(v) ? (100 * v).ToString("F2", CultureInfo.InvariantCulture) + "%" : "n/a";

    public static string Num(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    public static string Minutes(double seconds) => seconds < 120 ? $"{seconds.ToString("F0", CultureInfo.InvariantCulture)} s" : $"{(seconds / 60).ToString("F1", CultureInfo.InvariantCulture)} min";

    /// <summary>A difference of two fractions in percentage points, signed.</summary>
    public static string Points(double difference) => double.IsNaN(difference) ? "n/a" : (100 * difference).ToString("+0.00;−0.00", CultureInfo.InvariantCulture) + " pts";

    public static IReadOnlyList<string> Row(params string[] cells) => cells;
}
