namespace IlgpuNet.Reporting;

/// <summary>A tick at <paramref name="Fraction"/> of an axis (0 = left or bottom, 1 = right or top); minor ticks have no label and no grid line.</summary>
internal readonly record struct AxisTick(double Fraction, string Label, bool IsMinor = false);
